"""One z3 solver for every question a diff asks about one space, each asker a view of it.

Takes a `FactSpace`; gives `SharedSolver.view()`: an object with the part of `z3.Solver`'s
interface the region finder uses (`add`, `check` with assumptions, `model`, `unsat_core`,
`push`, `pop`), whose formulas are asserted in the one solver under a guard literal of the view
(`guard ⇒ formula`) and asked with its guards assumed. The space's constraints (domains,
definitions of auxiliary variables, the laws' assumptions) are asserted once, unguarded, as they
are made, so z3 internalises the encoding of the laws once per diff instead of once per question,
and what it learns about them serves every later question. A view's guards are retired (asserted
false) when it is closed or a scope of it is popped. Retired formulas still weigh on every
check, so after `RETIRED_LIMIT` of them the solver is made again, when a view is opened: the
space's constraints and the formulas of the views still open are asserted in the new one.

A space without constraints (yes/no facts only: nothing to internalise once) gives each view a
fresh solver of its own instead, as z3 answers a fresh solver's propositional questions faster
than its incremental core does (`benchmarks/bench_diff.py`: 3 times faster).
"""

from __future__ import annotations

from typing import Any

import z3

from compiler.analysis.space import FactSpace

_GUARD = "view-guard#"
RETIRED_LIMIT = 1000  # retired scopes after which the solver is made again


class SharedSolver:
    """The one solver of a space; `view()` gives an asker of it."""

    def __init__(self, space: FactSpace, timeout_ms: int) -> None:
        self.space = space
        self.timeout_ms = timeout_ms
        self.guards = 0
        self.retired = 0
        self.open: list[View] = []
        self._new_solver()

    def _new_solver(self) -> None:
        self.solver = z3.Solver(ctx=self.space.ctx)
        self.solver.set("timeout", self.timeout_ms)
        self.synced: tuple[int, ...] = (0, 0, 0)
        self.retired = 0
        for view in self.open:
            view.replay()

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

    def retire(self, guards: list[Any]) -> None:
        self.solver.add(*[z3.Not(g) for g in guards])
        self.retired += len(guards)

    def view(self) -> View | FreshView:
        if not any(self.space.constraint_lists()):
            return FreshView(self.space, self.timeout_ms)
        if self.retired >= RETIRED_LIMIT:
            self._new_solver()
        view = View(self)
        self.open.append(view)
        return view


class View:
    """An asker of the shared solver, as if it were a solver of its own."""

    def __init__(self, shared: SharedSolver) -> None:
        self.shared = shared
        self.scopes: list[tuple[Any, list[Any]]] = [(shared.guard(), [])]

    @property
    def guards(self) -> list[Any]:
        return [g for g, _ in self.scopes]

    def add(self, *formulas: Any) -> None:
        guard, held = self.scopes[-1]
        held.extend(formulas)
        self.shared.solver.add(*[z3.Implies(guard, f) for f in formulas])

    def replay(self) -> None:
        """Assert this view's formulas again (in a solver made anew)."""
        for guard, held in self.scopes:
            self.shared.solver.add(*[z3.Implies(guard, f) for f in held])

    def check(self, *assumptions: Any) -> Any:
        self.shared.sync()
        return self.shared.solver.check(*self.guards, *assumptions)

    def model(self) -> z3.ModelRef:
        return self.shared.solver.model()

    def unsat_core(self) -> list[Any]:
        return [b for b in self.shared.solver.unsat_core() if not str(b).startswith(_GUARD)]

    def push(self) -> None:
        self.scopes.append((self.shared.guard(), []))

    def pop(self) -> None:
        guard, _ = self.scopes.pop()
        self.shared.retire([guard])

    def close(self) -> None:
        """Retire the view: its formulas no longer constrain anything."""
        self.shared.retire(self.guards)
        self.scopes = []
        self.shared.open.remove(self)


class FreshView:
    """A solver of its own, with a view's interface (for a space without constraints)."""

    def __init__(self, space: FactSpace, timeout_ms: int) -> None:
        self.solver = z3.Solver(ctx=space.ctx)
        self.solver.set("timeout", timeout_ms)

    def add(self, *formulas: Any) -> None:
        self.solver.add(*formulas)

    def check(self, *assumptions: Any) -> Any:
        return self.solver.check(*assumptions)

    def model(self) -> z3.ModelRef:
        return self.solver.model()

    def unsat_core(self) -> list[Any]:
        return list(self.solver.unsat_core())

    def push(self) -> None:
        self.solver.push()

    def pop(self) -> None:
        self.solver.pop()

    def close(self) -> None:
        pass


__all__ = ["RETIRED_LIMIT", "FreshView", "SharedSolver", "View"]
