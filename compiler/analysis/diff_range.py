"""The range of a change of amount: by how much, at least and at most, the newer version's
amount differs from the older one's over one region of the version diff.

Takes the two versions' encodings, a decision that both compute and the formula of a region
(its cases: both versions decide, the amounts differ, the region's conditions hold); gives a
`diff_result.AmountChange`: the least and the greatest of new − old over the region, proved by
the solver, and, where both versions compute the amount as a rate times the same count (`$375
for each unauthorized alien`: `the first-tier minimum times the unauthorized alien count`), the
least and greatest change of the rate itself and of new/old (`rises by $25 per unauthorized
alien`, `× 1.1`).

How, exactly: with a rate, the pairs (old rate, new rate) the region allows are few (each is a
figure or a written amount), so they are enumerated one by one (each found pair blocked before
the next is sought, at most `PAIRS`); for each, the count's least and greatest value in the
region are found by `z3.Optimize` (linear once the rates are fixed), and new − old = (new rate −
old rate) × count is then known exactly at both ends. Without a rate, `z3.Optimize` minimises
and maximises new − old itself; a side it proves unbounded is `None` ("at least" / "at most"
in the words), and a side it cannot settle in `TIMEOUT_MS` leaves the range out.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import z3

from compiler.analysis.diff_result import AmountChange
from compiler.analysis.smt import LawEncoding, coerce
from compiler.core import ast as c
from compiler.runtime_explain import money_words

PAIRS = 200  # (old rate, new rate) pairs enumerated before the range is given up
NEAR_BOUND = 3  # values from a count's declared bound tried before `z3.Optimize`
TIMEOUT_MS = 30000  # as the diff's own questions


def _rate_and_count(e: c.Expr) -> tuple[c.Expr, str] | None:
    """`X times the Y count` (either order) as (X, the count fact's name); None otherwise."""
    if not (isinstance(e, c.Arith) and e.op is c.ArithOp.MUL):
        return None
    for rate, count in ((e.left, e.right), (e.right, e.left)):
        if isinstance(count, c.Field) and isinstance(count.owner, c.Root) and isinstance(
                count.type, c.IntT) and not isinstance(rate.type, c.IntT):
            return rate, count.name
    return None


def _zero(e: c.Expr) -> bool:
    return isinstance(e, c.Lit) and not isinstance(e.value, bool) and isinstance(
        e.value, (int, Decimal)) and e.value == 0


def per_count(d: c.Decision) -> str | None:
    """The count fact every rule (and the default) multiplies a rate by, if there is one (a
    value of `$0` is a rate of $0 times any count)."""
    values = [r.value for r in d.rules] + ([d.default] if d.default is not None else [])
    found = {split[1] for e in values if (split := _rate_and_count(e)) is not None}
    if len(found) != 1 or not all(_zero(e) or _rate_and_count(e) for e in values):
        return None
    return next(iter(found))


def _rate(law: LawEncoding, d: c.Decision) -> Any:
    """The decision's rate as a term (the value of the rule that decides, without its count),
    as `LawEncoding.computed_outcome` takes the values: the first rule that decides, else the
    default, else 0."""
    zero = z3.RealVal(0, law.ctx)
    term: Any = zero if d.default is None or _zero(d.default) else law.value(
        _rate_and_count(d.default)[0])  # type: ignore[index]
    for rule in reversed(d.rules):
        split = _rate_and_count(rule.value)
        value = zero if split is None else law.value(split[0])
        a, b = coerce(value, term)
        term = z3.If(law.decides(d.name, rule.index), a, b)
    return term


def _number(v: Any) -> Fraction:
    if z3.is_int_value(v):
        return Fraction(v.as_long())
    assert z3.is_rational_value(v), v
    return Fraction(v.numerator_as_long(), v.denominator_as_long())


def _extreme(formula: Any, term: Any, ctx: Any, maximum: bool) -> Fraction | None | bool:
    """The least (greatest) value of `term` where `formula` holds (with the space's domains
    and assumptions in it): a number, None when the solver proves it unbounded, False when it
    cannot tell."""
    opt = z3.Optimize(ctx=ctx)
    opt.set("timeout", TIMEOUT_MS)
    opt.add(formula)
    handle = opt.maximize(term) if maximum else opt.minimize(term)
    if opt.check() != z3.sat:
        return False
    bound = handle.upper() if maximum else handle.lower()
    if z3.is_int_value(bound) or z3.is_rational_value(bound):
        return _number(bound)
    text = str(bound)
    if "oo" in text:
        return None  # unbounded (z3 writes ±oo)
    return False  # an epsilon away from a bound: not a value any case takes


def _end(formula: Any, n: Any, ctx: Any, maximum: bool, bounds: tuple[int, int] | None
         ) -> Fraction | None | bool:
    """The count's least (greatest) value where `formula` holds: its declared bound, or the
    value next to it, when a case takes it and none nearer the bound does (a few quick
    questions, in order from the bound: so exact), else `_extreme`'s answer."""
    if bounds is not None:
        solver = z3.Solver(ctx=ctx)
        solver.set("timeout", TIMEOUT_MS)
        solver.add(formula)
        low, high = bounds
        for step in range(NEAR_BOUND):
            value = high - step if maximum else low + step
            result = solver.check(n == value)
            if result == z3.sat:
                return Fraction(value)
            if result != z3.unsat:
                break
    return _extreme(formula, n, ctx, maximum)


def change_range(old: LawEncoding, new: LawEncoding, name: str, formula: Any
                 ) -> AmountChange | None:
    """The least and greatest new − old over the cases of `formula` (None when the solver
    cannot settle it)."""
    d_old, d_new = old.program.decisions[name], new.program.decisions[name]
    formula = z3.And(formula, *new.space.assumptions())
    money = isinstance(d_new.type, c.MoneyT)
    count = per_count(d_old)
    if count is not None and per_count(d_new) == count:
        return _by_rate(old, new, d_old, d_new, formula, count, money)
    a, b = coerce(old.computed_outcome(name), new.computed_outcome(name))
    low = _extreme(formula, b - a, new.ctx, False)
    high = _extreme(formula, b - a, new.ctx, True)
    if low is False or high is False:
        return None
    assert not isinstance(low, bool) and not isinstance(high, bool)
    return _result(low, high, money, d_new.type)


def _by_rate(old: LawEncoding, new: LawEncoding, d_old: c.Decision, d_new: c.Decision,
             formula: Any, count: str, money: bool) -> AmountChange | None:
    ctx = new.ctx
    r_old, r_new = coerce(_rate(old, d_old), _rate(new, d_new))
    n = new.space.root.field(count)
    solver = z3.Solver(ctx=ctx)
    solver.set("timeout", TIMEOUT_MS)
    solver.add(formula)
    pairs: list[tuple[Fraction, Fraction]] = []
    while len(pairs) < PAIRS:
        result = solver.check()
        if result == z3.unknown:
            return None
        if result == z3.unsat:
            break
        model = solver.model()
        pair = (_number(model.eval(r_old, model_completion=True)),
                _number(model.eval(r_new, model_completion=True)))
        pairs.append(pair)
        solver.add(z3.Not(z3.And(r_old == _value(pair[0], ctx), r_new == _value(pair[1], ctx))))
    else:
        return None
    if not pairs:
        return None
    totals: list[Fraction] = []
    bounds = new.space.int_range(n)
    for x, y in pairs:
        fixed = z3.And(formula, r_old == _value(x, ctx), r_new == _value(y, ctx))
        ends = [_end(fixed, n, ctx, False, bounds), _end(fixed, n, ctx, True, bounds)]
        if any(e is None or e is False for e in ends):
            return None
        totals.extend((y - x) * e for e in ends if not isinstance(e, bool) and e is not None)
    rates = [y - x for x, y in pairs]
    ratios = [y / x for x, y in pairs if x != 0]
    unit = count[:-len(" count")] if count.endswith(" count") else f"one of the {count}"
    return _result(min(totals), max(totals), money, d_new.type, per=unit,
                   per_low=min(rates), per_high=max(rates),
                   ratio=(min(ratios), max(ratios)) if len(ratios) == len(pairs) else None)


def _value(x: Fraction, ctx: Any) -> Any:
    return z3.RealVal(f"{x.numerator}/{x.denominator}", ctx)


def _decimal(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _amount(x: Fraction, money: bool, t: c.Type) -> str:
    if money:
        return money_words(abs(_decimal(x)))
    if isinstance(t, c.DateT):
        return f"{abs(x)} day" + ("" if abs(x) == 1 else "s")
    return format(abs(_decimal(x)).normalize(), "f")


def _span(low: Fraction | None, high: Fraction | None, money: bool, t: c.Type) -> str:
    """`rises by $25`, `rises by $25 to $2,500`, `rises by $10 or more`, `falls by $5`,
    `changes by −$5 to +$20`."""
    def say(x: Fraction) -> str:
        return _amount(x, money, t)

    if low is not None and low > 0:
        return f"rises by {say(low)}" + ("" if high == low else " or more" if high is None
                                         else f" to {say(high)}")
    if high is not None and high < 0:
        return f"falls by {say(high)}" + ("" if high == low else " or more" if low is None
                                          else f" to {say(low)}")
    lo = "any amount down" if low is None else f"−{say(low)}" if low < 0 else say(low)
    hi = "any amount up" if high is None else f"+{say(high)}"
    return f"changes by {lo} to {hi}"


def _per(low: Fraction, high: Fraction, money: bool, t: c.Type, unit: str) -> str:
    """`$25 per unauthorized alien`, `$25 to $3,724 less per …`, `−$5 to +$20 per …`."""
    def say(x: Fraction) -> str:
        return _amount(x, money, t)

    if low > 0 or high < 0:
        near, far = (low, high) if low > 0 else (high, low)
        amounts = say(near) if low == high else f"{say(near)} to {say(far)}"
        return f"{amounts} {'more' if low > 0 else 'less'} per {unit}"
    return f"−{say(low)} to +{say(high)} per {unit}" if low < 0 else \
        f"{say(low)} to +{say(high)} per {unit}"


def _result(low: Fraction | None, high: Fraction | None, money: bool, t: c.Type, *,
            per: str | None = None, per_low: Fraction | None = None,
            per_high: Fraction | None = None,
            ratio: tuple[Fraction, Fraction] | None = None) -> AmountChange:
    said = _span(low, high, money, t)
    if per is not None and per_low is not None and per_high is not None:
        said += f" ({_per(per_low, per_high, money, t, per)})"
    return AmountChange(
        least=None if low is None else str(_decimal(low)),
        greatest=None if high is None else str(_decimal(high)),
        per=per, per_least=None if per_low is None else str(_decimal(per_low)),
        per_greatest=None if per_high is None else str(_decimal(per_high)),
        ratio_least=None if ratio is None else str(round(_decimal(ratio[0]), 4)),
        ratio_greatest=None if ratio is None else str(round(_decimal(ratio[1]), 4)),
        words=said)


__all__ = ["PAIRS", "change_range", "per_count"]
