"""What a counterfactual search looks for: a `Goal` is a formula over the law's solver encoding
that the changed case must meet, and a check of the changed case by the reference interpreter
and the generated module (`Finder._build` calls it; an answer that does not check is a
`CounterfactualError`).

- `value_goal`: a yes/no or a list of values takes another value (what `--why-not` asks);
- `other_rules`: a decision that computes its value (an amount, a date) is decided by another
  of its rules: another tier (`§ 1324a(e)(4)(A)(ii)` for an employer with one prior order);
- `threshold`: a condition over the decision holds, in the law's own words (`--until "the
  minimum penalty is at least $5,000"`): the smallest change that moves the amount past it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import z3

from compiler import runtime_explain as rt
from compiler.analysis.smt import LawEncoding
from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError, parse_facts, to_json
from compiler.interpret import LawError

if TYPE_CHECKING:
    from compiler.explain.counterfactual import Finder


@dataclass(frozen=True)
class Goal:
    label: str  # what the changed case achieves, in words
    target: Callable[[LawEncoding], Any]
    verify: Callable[[dict[str, object]], str]  # checks the changed case; its outcome in words
    # whether a changed case meets the goal, by the interpreter alone and without raising: the
    # guide of the nearest values' descent (`compiler.explain.nearest`), which the solver checks
    holds: Callable[[dict[str, object]], bool]
    value: object | None = None  # the other value sought (yes/no, a list's value), if one
    so: str = ""  # what the sentence adds after the outcome (`, so that …`)
    # goals of one kind are likelier the same: a rule's place among its decision's rules (a
    # figure's dated value and another figure's of the same day), the value sought
    kind: object = None


_NOT_MET = (LawError, FactsError, ArithmeticError, OverflowError)
"""What deciding a changed case can raise where it does not meet a goal: a conflict or a gap, a
fact out of its bounds or an assumption broken, a length of time too long to compute."""


def value_goal(finder: Finder, decision: str, value: object) -> Goal:
    def target(enc: LawEncoding) -> Any:
        return enc.outcome(decision) == enc.value_index(decision, value)

    def verify(new: dict[str, object]) -> str:
        finder._verify(decision, value, new)
        return rt.words(value)

    want = to_json(value)

    def holds(new: dict[str, object]) -> bool:
        try:
            return finder.guide.decide_one(decision, new, ignore_in_force=True) == want
        except _NOT_MET:
            return False

    return Goal(rt.words(value), target, verify, holds, value=value, kind=("value", want))


def _decided(enc: LawEncoding, decision: str) -> Any:
    return z3.And(z3.Not(enc.conflict(decision)), z3.Not(enc.gap(decision)),
                  enc.evaluable(decision, z3.BoolVal(True, enc.ctx)))


def _computed_words(finder: Finder, decision: str, new: dict[str, object]) -> tuple[object, str]:
    """The changed case's value of a computed decision, the same from the interpreter and the
    generated module (else `CounterfactualError`), and in words (`$5,724`)."""
    from compiler.explain.counterfactual import CounterfactualError

    value = finder.interpreter.evaluate(
        decision, finder.interpreter.checked_case(new, ignore_in_force=True))
    by_interpreter = to_json(value)
    by_module = finder.module.decide(new, ignore_in_force=True)[names.key(decision)]
    if by_interpreter != by_module:
        raise CounterfactualError(f"the {decision} of a changed case is {by_interpreter!r} by "
                                  f"the interpreter and {by_module!r} by the module: {new}")
    t = finder.program.decisions[decision].type
    if isinstance(t, c.MoneyT) and isinstance(value, Decimal):
        return value, rt.money_words(value)
    return value, rt.amount_words(value)


def other_rules(finder: Finder, decision: str, facts: dict[str, object]) -> list[Goal]:
    """A goal per rule of a computed decision that does not decide the case: that rule
    decides the changed case (and no conflict, no gap)."""
    from compiler.explain.counterfactual import CounterfactualError

    d = finder.program.decisions[decision]
    case = parse_facts(finder.program, facts)
    try:
        deciding = finder.interpreter.outcome(decision, case).rule
    except LawError:
        deciding = None
    goals = []
    decided: list[Any] = [None, None]  # (encoding, formula): the same for every rule's goal

    for place, rule in enumerate(d.rules):
        if deciding is not None and rule.index == deciding.index:
            continue

        def target(enc: LawEncoding, index: int = rule.index) -> Any:
            if decided[0] is not enc:
                decided[:] = [enc, _decided(enc, decision)]
            return z3.And(enc.decides(decision, index), decided[1])

        def verify(new: dict[str, object], rule: c.Rule = rule) -> str:
            got = finder.interpreter.outcome(decision, parse_facts(finder.program, new)).rule
            if got is None or got.index != rule.index:
                raise CounterfactualError(f"a counterfactual for the {decision} should be "
                                          f"decided by the rule at {rule.span}: {new}")
            return _computed_words(finder, decision, new)[1]

        def holds(new: dict[str, object], index: int = rule.index) -> bool:
            interpreter = finder.guide
            try:
                case = interpreter.checked_case(new, ignore_in_force=True)
                got = interpreter.outcome(decision, case).rule
            except _NOT_MET:
                return False
            return got is not None and got.index == index

        goals.append(Goal(f"{rule.citation} decides", target, verify, holds,
                          kind=("rule", place, len(d.rules))))
    return goals


def threshold(finder: Finder, decision: str, condition: c.Expr, words: str) -> Goal:
    """The changed case meets `condition` (a yes/no over the law's decisions and facts, in the
    law's words `words`), the decision decided."""
    from compiler.explain.counterfactual import CounterfactualError

    def target(enc: LawEncoding) -> Any:
        return z3.And(enc.boolean(condition, {}), _decided(enc, decision))

    def verify(new: dict[str, object]) -> str:
        holds = finder.interpreter.eval(condition, parse_facts(finder.program, new), {})
        if holds is not True:
            raise CounterfactualError(f"a counterfactual should make {words}, but the "
                                      f"interpreter finds it false: {new}")
        return _computed_words(finder, decision, new)[1]

    def holds(new: dict[str, object]) -> bool:
        interpreter = finder.guide
        try:
            case = interpreter.checked_case(new, ignore_in_force=True)
            interpreter.outcome(decision, case)  # decided: neither a conflict nor a gap
            return interpreter.eval(condition, case, {}) is True
        except _NOT_MET:
            return False

    return Goal(words, target, verify, holds, so=f", so that {words}")


__all__ = ["Goal", "other_rules", "threshold", "value_goal"]
