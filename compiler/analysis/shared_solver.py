"""One z3 solver for every question a diff asks about one space, each asker a view of it.

Takes a `FactSpace`; gives `SharedSolver.view()`: an object with the part of `z3.Solver`'s
interface the region finder uses (`add`, `check` with assumptions, `model`, `unsat_core`,
`push`, `pop`), whose formulas are asserted in the one solver under a guard literal of the view
(`guard ⇒ formula`) and asked with its guards assumed. The space's constraints (domains,
definitions of auxiliary variables, the laws' assumptions) are asserted once, unguarded, as they
are made, so z3 internalises the encoding of the laws once per diff instead of once per question,
and what it learns about them serves every later question. A view's guards are retired (asserted
false) when it is closed or a scope of it is popped, so its formulas stop costing anything.
"""

from __future__ import annotations

from typing import Any

import z3

from compiler.analysis.space import FactSpace

_GUARD = "view-guard#"


class SharedSolver:
    """The one solver of a space; `view()` gives an asker of it."""

    def __init__(self, space: FactSpace, timeout_ms: int) -> None:
        self.space = space
        self.solver = z3.Solver(ctx=space.ctx)
        self.solver.set("timeout", timeout_ms)
        self.synced: tuple[int, ...] = (0, 0, 0)
        self.guards = 0

    def sync(self) -> None:
        """Assert the space's constraints made since the last question."""
        lists = self.space.constraint_lists()
        for i, constraints in enumerate(lists):
            if len(constraints) > self.synced[i]:
                self.solver.add(*constraints[self.synced[i]:])
        self.synced = tuple(len(x) for x in lists)

    def guard(self) -> Any:
        self.guards += 1
        return z3.Bool(f"{_GUARD}{self.guards}", self.space.ctx)

    def view(self) -> View:
        return View(self)


class View:
    """An asker of the shared solver, as if it were a solver of its own."""

    def __init__(self, shared: SharedSolver) -> None:
        self.shared = shared
        self.guards = [shared.guard()]

    def add(self, *formulas: Any) -> None:
        guard = self.guards[-1]
        self.shared.solver.add(*[z3.Implies(guard, f) for f in formulas])

    def check(self, *assumptions: Any) -> Any:
        self.shared.sync()
        return self.shared.solver.check(*self.guards, *assumptions)

    def model(self) -> z3.ModelRef:
        return self.shared.solver.model()

    def unsat_core(self) -> list[Any]:
        return [b for b in self.shared.solver.unsat_core() if not str(b).startswith(_GUARD)]

    def push(self) -> None:
        self.guards.append(self.shared.guard())

    def pop(self) -> None:
        self.shared.solver.add(z3.Not(self.guards.pop()))

    def close(self) -> None:
        """Retire the view: its formulas no longer constrain anything."""
        self.shared.solver.add(*[z3.Not(g) for g in self.guards])
        self.guards = []


__all__ = ["SharedSolver", "View"]
