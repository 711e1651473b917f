"""The semantics of a decision, in one place: which rules are exceptions to which, when the first
rule that applies decides, and how the rules that apply give the decision's value.

Takes a core `Decision` (and, for `decide_from`, which of its rules apply); gives the exceptions
closure, whether the decision is simple, and the outcome (or `LawConflict` / `LawGap` from the
one runtime). The interpreter, the Python backend, the solver translation and the explainer all
read these, so the semantics they share is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from compiler.core import ast as c
from compiler.runtime import LawConflict, LawGap, Months, length_days, length_minutes


@dataclass
class Outcome:
    """A decision's value, and the rule that gave it (None when the default decided)."""

    value: object
    rule: c.Rule | None


def is_simple(d: c.Decision) -> bool:
    """Every rule gives the same value and none is an exception: the first rule that applies
    decides, and the rules after it are not evaluated."""
    return len({c.value_key(r.value) for r in d.rules}) <= 1 and not any(r.overrides for r in d.rules)


def exceptions_closure(d: c.Decision, without: int | None = None) -> list[list[int]]:
    """For each rule, every rule that is an exception to it, directly or through others
    (leaving out the rule `without`, as if the law did not have it)."""
    direct: dict[int, set[int]] = {r.index: set() for r in d.rules}
    for r in d.rules:
        if r.index == without:
            continue
        for target in r.overrides:
            direct[target].add(r.index)
    out: list[list[int]] = []
    for r in d.rules:
        seen: set[int] = set()
        stack = list(direct[r.index])
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                stack.extend(direct[x])
        out.append(sorted(seen))
    return out


def literal(e: c.Expr) -> object:
    """The value of a written-out value (`decide_from`'s default reader of rule values)."""
    assert isinstance(e, c.Lit), "a computed value needs an evaluator"
    return e.value


def decide_from(d: c.Decision, applies: list[bool], closure: list[list[int]],
                value: Callable[[c.Expr], object] = literal) -> Outcome:
    """The outcome when the rules `applies` marks apply: a rule decides when no exception to it
    (in `closure`) applies; the deciding rules must agree on the value they give (`value`
    evaluates a rule's value, computed or written out), and with none the default decides."""
    winners = [r for r in d.rules if applies[r.index]
               and not any(applies[x] for x in closure[r.index])]
    given = [value(r.value) for r in winners]
    values: list[object] = []
    for v in given:
        if v not in values:
            values.append(v)
    if len(values) > 1:
        raise LawConflict(d.name, [r.citation for r in winners], [typed(v) for v in given])
    if values:
        return Outcome(values[0], winners[0])
    if d.default is not None:
        return Outcome(value(d.default), None)
    if d.optional:  # `, if known`: no value, and no gap
        return Outcome(None, None)
    raise LawGap(d.name)


def written_values(d: c.Decision) -> list[c.Value]:
    """The values a decision of a number, an amount or a date whose rules and default all
    write their values out can take, in order (the solver's outcome of such a decision is the
    position of its value here, and a diff's labels are their words)."""
    found = {c.lit_value(r.value) for r in d.rules}
    if d.default is not None:
        found.add(c.lit_value(d.default))
    return sorted(found)


def typed(value: object) -> object:
    """A value as a generated module's decision function gives it (a length of time as a
    timedelta or `runtime.Months`), so that a conflict is told in the same words by both, and
    a length too long for a timedelta is the same `LawEvaluationError` from both."""
    if not isinstance(value, c.Duration):
        return value
    if value.kind is c.DurationKind.MONTHS:
        return Months(value.amount)
    if value.kind is c.DurationKind.DAYS:
        return length_days(value.amount)
    return length_minutes(value.amount)
