"""Decisions written in place: a short chain over facts read by another decision's chain
becomes one conditional expression in the reader's local, instead of a call.

Takes the module writer (its `Decisions` part) and a `c.DecisionRef`; gives the Python
expression (`_TIER_FIRST if case.prior_order_count == 0 else … else tier(case)`) or None when
the decision is not such a chain. Used where a chain computes the decisions its first rule
reads into locals (`Decisions.hoist_decisions`) and where a record's chain reads the day of its
tables (`outcome_records.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.backends.exclusive import Settled, exclusive
from compiler.core import ast as c
from compiler.core.ast import walk
from compiler.core.semantics import is_simple

if TYPE_CHECKING:
    from compiler.backends.to_python_decisions import Decisions

MAX_RULES = 4  # a longer chain stays a function: one line of a conditional is read at a glance


def placed(m: Decisions, e: c.Expr) -> str | None:
    """A decision another chain reads, written in place as one conditional expression (`A if x == 0 else B if x == 1 else C`), where it is a chain of at most four
    rules that tests only facts and cannot fail; past its last rule, unless that rule applies
    wherever it is reached, its own function is called, to raise its gap. None otherwise (it
    is called)."""
    if not isinstance(e, c.DecisionRef) or e.name not in m.p.decisions:
        return None
    d = m.p.decisions[e.name]
    if (d.default is not None or not d.rules or len(d.rules) > MAX_RULES
            or figure_named(m, d.name) is not None
            or not (is_simple(d) or exclusive(m, d))
            or any(isinstance(n, c.DecisionRef | c.DefRef | c.Quant) or m.can_fail(n)
                   for r in d.rules for part in (r.condition, r.value) for n in walk(part))):
        return None
    settled = Settled(m, {}, m.expr)
    tests: list[tuple[str, str]] = []
    text = m.expr(e)  # past every rule: the decision's own function, which raises its gap
    for rule in d.rules:
        condition = settled.reduce(rule.condition)
        if condition is None:
            text = m.result(rule.value)
            break
        tests.append((m.expr(condition, top=True), m.result(rule.value)))
        settled.failed(condition)
    for test, value in reversed(tests):
        text = f"{value} if {test} else {text}"
    return f"({text})" if tests else text


def figure_named(m: Decisions, name: str) -> c.DatedFigure | None:
    """The dated figure that is the decision `name`, if it is one."""
    return next((f for f in m.p.figures if f.name == name), None)


def table_figure(m: Decisions, name: str) -> c.DatedFigure | None:
    """The dated figure called `name`, if its function is a table looked up by bisection from
    its first value on (more than three values, the first in force from the beginning)."""
    figure = figure_named(m, name)
    if figure is None or len(figure.entries) <= 3 or figure.entries[0].start is not None:
        return None
    return figure


def short_figure(m: Decisions, name: str) -> c.DatedFigure | None:
    """The dated figure called `name`, if it has two or three values, the first in force from
    the beginning, and values written out (its function is an `if __day >= …` chain)."""
    figure = figure_named(m, name)
    if figure is None or not 2 <= len(figure.entries) <= 3 \
            or figure.entries[0].start is not None \
            or any(e.start is None for e in figure.entries[1:]) \
            or any(m.can_fail(e.value) for e in figure.entries):
        return None
    return figure
