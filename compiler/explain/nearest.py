"""The nearest values of a counterfactual's changed dates, moments, numbers and amounts.

Takes the search's solver (the law, the case's pins and the goal asserted), a first model of
the goal with its set of changed facts, and the goal's `holds` (the interpreter's verdict on a
changed case); gives the model whose changed values lie nearest the case's own, or None where
this way does not apply (`Finder._nearest` then halves a bound on the distance in the solver).

How: each changed value is stepped toward the case's own value, by halving the steps between
them, for as long as the interpreter finds the goal met (a date moved back from 1900-01-01 to
the day after a table's last day); each pass over the values moves every one of them, others
held, and the passes stop when none moves. The solver then pins the values found (a model,
and a check that the interpreter and the encoding agree) and is asked for any answer with the
same changed facts nearer in all (the sum of the distances at most one less): unsat proves the
values nearest, in one check where halving the bound in the solver took about ten. A nearer
answer the solver finds is stepped again. The interpreter only guides: what is returned is
always a model of the solver, and its distance is proved least or the solver's own search is
used instead.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import z3

from compiler.analysis.space import SymDate, date_equal, minutes_of, moment_of
from compiler.core import ast as c
from compiler.core.facts import Record
from compiler.explain.pins import Leaf, Pins, set_at
from compiler.interpret_fast import FastInterpreter

STEPPED = (c.DateT, c.DateTimeT, c.IntT, c.MoneyT, c.DecimalT)
"""The types whose values are stepped: a whole number of days, minutes, units or cents apart
(the solver's money and decimals are whole cents)."""

ROUNDS = 4
"""How many nearer answers the solver may give before its own search is used instead."""

PASSES = 4
"""How many passes over the changed values a descent makes at most."""


class Guide(FastInterpreter):
    """The fast interpreter, each decision's value kept for the case last decided: a descent
    decides thousands of changed cases, and each of a penalty law's figures reads the table
    date, a decision, again. A guide only: every answer is checked by the `Interpreter`."""

    def __init__(self, program: c.Program) -> None:
        super().__init__(program)
        self._case: Record | None = None  # held, so that its identity is not reused
        self._values: dict[str, object] = {}

    def evaluate(self, decision: str, case: Record) -> object:
        if case is not self._case:
            self._case, self._values = case, {}
        if decision not in self._values:
            self._values[decision] = super().evaluate(decision, case)
        return self._values[decision]


def steppable(free: list[Leaf]) -> bool:
    """Whether every changed value with a distance is a date, a moment or a whole number of a
    fact that is always known (a fact given `, if known` has no direction to step in)."""
    return bool(free) and all(isinstance(leaf.type, STEPPED) and leaf.known is None
                              and leaf.before is not None and _whole(leaf.before)
                              for leaf in free)


def _whole(value: object) -> bool:
    """Whether a case's value is a whole number of steps (an amount of whole cents)."""
    return not isinstance(value, Decimal) or (value * 100) % 1 == 0


def _cents(leaf: Leaf) -> bool:
    return isinstance(leaf.type, c.MoneyT | c.DecimalT)


def _position(model: Any, leaf: Leaf) -> int:
    """The leaf's value in the model as a count: a date's ordinal, a moment's minutes, an
    amount's cents."""
    if isinstance(leaf.sym, SymDate):
        return int(model.eval(leaf.sym.ordinal(), model_completion=True).as_long())
    if _cents(leaf):
        value = model.eval(leaf.sym * 100, model_completion=True)
        fraction = value.as_fraction()
        assert fraction.denominator == 1, fraction  # the solver's amounts are whole cents
        return int(fraction.numerator)
    return int(model.eval(leaf.sym, model_completion=True).as_long())


def _before(leaf: Leaf) -> int:
    value = leaf.before
    if isinstance(value, datetime.datetime):
        return minutes_of(value)
    if isinstance(value, datetime.date):
        return value.toordinal()
    if isinstance(value, Decimal):
        return int(value * 100)
    assert isinstance(value, int)
    return value


def _json(leaf: Leaf, position: int) -> object:
    """The value at a position as a facts file gives it."""
    if isinstance(leaf.type, c.DateT):
        return datetime.date.fromordinal(position).isoformat()
    if isinstance(leaf.type, c.DateTimeT):
        return moment_of(position).isoformat(timespec="minutes")
    if _cents(leaf):
        return str(Decimal(position) / 100)
    return position


def _pin(pins: Pins, leaf: Leaf, position: int) -> Any:
    """The leaf's symbol equal to the value at a position."""
    if isinstance(leaf.sym, SymDate):
        return date_equal(leaf.sym, pins.enc.literal(datetime.date.fromordinal(position),
                                                     leaf.type))
    if _cents(leaf):
        return leaf.sym == z3.RealVal(Fraction(position, 100), pins.space.ctx)
    return leaf.sym == z3.IntVal(position, pins.space.ctx)


class Descent:
    """The nearest values for one answer of one search."""

    def __init__(self, solver: z3.Solver, pins: Pins,
                 read: dict[str, set[str]], facts: dict[str, object],
                 holds: Callable[[dict[str, object]], bool]) -> None:
        self.solver = solver
        self.pins = pins
        self.read = read
        self.facts = facts
        self.holds = holds

    def nearest(self, model: Any, free: list[Leaf], cost: Any,
                value: Callable[[Any], int]) -> Any | None:
        """The model nearest the case (the least `cost`), or None if the interpreter and the
        solver disagree on a changed case or the solver gives up: the caller searches then.
        The solver holds the answer's changed facts, and only those, as changed."""
        for _ in range(ROUNDS):
            best = self._pinned(model, free)
            if best is None:
                return None
            least = value(best)
            if least <= len(free):  # each value one step away: none can be nearer
                return best
            self.solver.push()
            try:
                self.solver.add(cost <= least - 1)
                result = self.solver.check()
                model = self.solver.model() if result == z3.sat else None
            finally:
                self.solver.pop()
            if result == z3.unsat:
                return best
            if model is None:
                return None
        return None

    def _pinned(self, model: Any, free: list[Leaf]) -> Any | None:
        """The model with the free values stepped toward the case's as far as the goal holds,
        from the solver with those values pinned."""
        positions = self._descend(model, free)
        self.solver.push()
        try:
            self.solver.add(*[_pin(self.pins, leaf, p) for leaf, p in zip(free, positions)])
            return self.solver.model() if self.solver.check() == z3.sat else None
        finally:
            self.solver.pop()

    def _descend(self, model: Any, free: list[Leaf]) -> list[int]:
        new = self._changed_case(model)
        positions = [_position(model, leaf) for leaf in free]
        befores = [_before(leaf) for leaf in free]
        for _ in range(PASSES):
            moved = False
            for i, leaf in enumerate(free):
                near = self._step(new, leaf, positions[i], befores[i])
                if near != positions[i]:
                    positions[i], moved = near, True
                set_at(new, leaf.path, _json(leaf, near))
            if not moved:
                break
        return positions

    def _step(self, new: dict[str, object], leaf: Leaf, at: int, before: int) -> int:
        """The value nearest `before` on the way from `at` (where the goal holds) that still
        holds, the others as in `new`; `before` itself is never taken (the fact is changed)."""
        far, near = at, before  # the goal holds at `far`; `near` is not taken
        while abs(far - near) > 1:
            middle = (far + near) // 2
            set_at(new, leaf.path, _json(leaf, middle))
            if self.holds(new):
                far = middle
            else:
                near = middle
        return far

    def _changed_case(self, model: Any) -> dict[str, object]:
        """The case with every changed fact as the model has it."""
        new = copy.deepcopy(self.facts)
        for leaf in self.pins.leaves:
            if not z3.is_true(model.eval(leaf.changed, model_completion=True)):
                continue
            set_at(new, leaf.path, self.pins.value_in(model, leaf, self.read))
        return new

