"""Arithmetic as laws write it: `the greater of`, `the later of`, `$250 for each …`, rounding.

Takes the `Expressions` of a law and a surface `Arithmetic` whose operator is one of these
forms; gives the core `Arith` they lower to (`MAX`/`MIN`, a multiplication by a count, or a
rounding whose right operand is the unit), typed by `core/typecheck.py`. Also gives
`cent_places`, the most decimal places a money value can have, which the decisions use to
report money that needs a rounding the law does not state.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core import names
from compiler.core import typecheck as tc
from compiler.core.resolve import calendars
from compiler.core.resolve.context import Scope
from compiler.span import Span
from compiler.surface import ast as s

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

_EXTREMES = {s.Arith.GREATER: (c.ArithOp.MAX, None), s.Arith.LESSER: (c.ArithOp.MIN, None),
             s.Arith.LATER: (c.ArithOp.MAX, True), s.Arith.EARLIER: (c.ArithOp.MIN, False)}
# -- Interpretation: "rounded to the nearest cent" with no half stated rounds a half up (away
# -- from zero), as U.S. federal amounts are rounded (docs/interpretations.md).
_ROUNDINGS = {s.Arith.ROUND_DOWN: c.ArithOp.FLOOR, s.Arith.ROUND_UP: c.ArithOp.CEILING,
              s.Arith.ROUND_NEAREST: c.ArithOp.HALF_UP, s.Arith.ROUND_HALF_UP: c.ArithOp.HALF_UP,
              s.Arith.ROUND_HALF_EVEN: c.ArithOp.HALF_EVEN}
_UNITS = {"dollar": Decimal(1), "cent": Decimal("0.01"), "number": Decimal(1)}


def compute(x: Expressions, e: s.Arithmetic, scope: Scope) -> c.Expr:
    """The core form of `e`, whose operator is an extreme, `for each`, `% of` or a rounding."""
    if e.op in _EXTREMES:
        op, later = _EXTREMES[e.op]
        a, b = x.expr(e.left, scope), x.expr(e.right, scope)
        t = tc.extreme(later, a.type, b.type)
        if isinstance(t, str):
            return x.ctx.err_expr("type-mismatch", t, e.span, scope)
        return c.Arith(op=op, left=a, right=b, type=t, span=e.span)
    if e.op is s.Arith.PERCENT_OF:  # `20% of the income` is the income times 20%
        share, whole = x.expr(e.left, scope), x.expr(e.right, scope)
        t = tc.arithmetic(c.ArithOp.MUL, whole.type, share.type)
        if isinstance(t, str):
            return x.ctx.err_expr("type-mismatch", f"a percentage of {whole.type} is not "
                                  "defined", e.span, scope,
                                  hint="take a percentage of a number or an amount of money")
        return c.Arith(op=c.ArithOp.MUL, left=whole, right=share, type=t, span=e.span)
    if e.op is s.Arith.FOR_EACH:
        assert isinstance(e.right, s.BareName)
        amount = x.expr(e.left, scope)
        count = count_of(x, e.right.name, e.right.span, scope)
        t = tc.arithmetic(c.ArithOp.MUL, amount.type, count.type)
        if isinstance(t, str):
            return x.ctx.err_expr("type-mismatch", t, e.span, scope)
        return c.Arith(op=c.ArithOp.MUL, left=amount, right=count, type=t, span=e.span)
    if e.op is s.Arith.EXCLUDING:
        return calendars.excluding(x, e, scope)
    if e.op is s.Arith.BUSINESS_DAYS_AFTER:
        return calendars.business_days_after(x, e, scope)
    assert e.op in _ROUNDINGS and isinstance(e.right, s.BareName)
    value = x.expr(e.left, scope)
    unit = e.right.name
    t = tc.rounding(value.type, unit)
    if isinstance(t, str):
        return x.ctx.err_expr("type-mismatch", t, e.span, scope)
    return c.Arith(op=_ROUNDINGS[e.op], left=value,
                   right=c.Lit(value=_UNITS[unit], type=c.DecimalT(), span=e.right.span),
                   type=t, span=e.span)


def count_of(x: Expressions, name: str, span: Span, scope: Scope) -> c.Expr:
    """What `for each <name>` counts: a list of `<name>` records of the case, or a whole-number
    fact of the case called `<name> count` or by a plural of `<name>` (or, when no fact is,
    the one owned name that ends so: `the filer's dependant count`)."""
    fields = x.ctx.fields(c.ROOT)
    root = c.Root(span=span)
    for f in fields.values():
        if isinstance(f.type, c.ListT) and (f.type.element == name or f.name == name):
            var = x.ctx.fresh_var(f.type.element, span)
            return c.Quant(kind=c.QuantKind.COUNT, collection=c.Field(
                owner=root, record=c.ROOT, name=f.name, type=f.type, span=span), var=var,
                condition=None, type=c.IntT(0, None), span=span)
    def counts(fact: str) -> bool:
        return fact == f"{name} count" or name in names.singulars(fact)

    counting = [f for f in fields.values() if isinstance(f.type, c.IntT) and counts(f.name)]
    if not counting:  # an owned name: `the filer's dependant count`, if only one is so named
        owned = [f for f in fields.values() if isinstance(f.type, c.IntT) and "'s " in f.name
                 and counts(f.name.rpartition("'s ")[2])]
        counting = owned if len(owned) == 1 else []
    if counting:
        f = counting[0]
        return c.Field(owner=root, record=c.ROOT, name=f.name, type=f.type, span=span)
    return x.ctx.err_expr(
        "unknown-name", f'"for each {name}" counts a list of {name} records of the case, or a '
        f'whole-number fact "{name} count", and this law has neither', span, scope,
        hint=f'declare "the {name} count: a whole number" among the facts')


def cent_places(e: c.Expr) -> int | None:
    """The most decimal places the value of `e` can have (None: any number of them)."""
    match e:
        case c.Lit(value=v):
            if isinstance(v, Decimal):
                exponent = v.normalize().as_tuple().exponent
                return max(0, -exponent) if isinstance(exponent, int) else None
            return 0
        case c.Arith(op=op, left=left, right=right):
            if op in c.ROUNDINGS:
                return cent_places(right)
            a, b = cent_places(left), cent_places(right)
            if a is None or b is None or op is c.ArithOp.DIV:
                return None
            return a + b if op is c.ArithOp.MUL else max(a, b)
        case c.Field(type=c.MoneyT()) | c.DefRef(type=c.MoneyT()) | \
                c.DecisionRef(type=c.MoneyT()):
            return 2
        case c.Field(type=c.DecimalT()) | c.DefRef(type=c.DecimalT()) | \
                c.DecisionRef(type=c.DecimalT()):
            return None
    return 0
