"""The computation behind a computed value, with its numbers: `$716 × 3 unauthorized aliens =
$2,148 (§ 1324a(e)(4)(A)(i))`.

Takes a value expression of the core IR, a function that evaluates a sub-expression for the
case (the interpreter's), and the citation of the provision that gave the value; gives one line
of text. Leaves (facts, definitions, written-out values) are shown as their values; a count
fact `X count` as `3 Xs`; a percentage as written (`1.5%`); operations as `×`, `÷`, `+`, `−`, `the greater of A and B`, a
stated rounding as the law words it, and an aggregate over a list with its value (a total of a
field of every element with its terms: `the total of the amounts of the person's incomes ($100
+ $50 = $150)`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from compiler.core import ast as c
from compiler.core.english import percent_words, rounding_words
from compiler.runtime_explain import money_words

Evaluate = Callable[[c.Expr], object]

_SIGNS = {c.ArithOp.ADD: "+", c.ArithOp.SUB: "−", c.ArithOp.MUL: "×", c.ArithOp.DIV: "÷"}


def amount(value: object, t: c.Type) -> str:
    """A value as a computation shows it: `$2,148`, `$925.93`, `0.075`, `2020-03-31`."""
    if isinstance(t, c.MoneyT) and isinstance(value, Decimal):
        return money_words(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def computation(e: c.Expr, evaluate: Evaluate, citation: str | None) -> str:
    """`<the operation with its numbers> = <the result> (<citation>)`."""
    result = amount(evaluate(e), e.type)
    steps = _show(e, evaluate, top=True)
    where = f" ({citation})" if citation else ""
    if steps == result:
        return f"{result}{where}"
    return f"{steps} = {result}{where}"


def _show(e: c.Expr, evaluate: Evaluate, top: bool = False) -> str:
    match e:
        case c.Arith(op=op, left=left, right=right) if op in _SIGNS:
            text = f"{_show(left, evaluate)} {_SIGNS[op]} {_show(right, evaluate)}"
            return text if top else f"({text})"
        case c.Arith(op=c.ArithOp.MAX | c.ArithOp.MIN as op, left=left, right=right):
            dates = isinstance(left.type, c.DateT | c.DateTimeT)
            word = ("later" if dates else "greater") if op is c.ArithOp.MAX else (
                "earlier" if dates else "lesser")
            return (f"the {word} of {_with_value(left, evaluate)} and "
                    f"{_with_value(right, evaluate)}")
        case c.Arith(op=op, left=left, right=right) if op in c.ROUNDINGS:
            return f"{_with_value(left, evaluate)}, {rounding_words(op, right, left.type)}"
        case c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=left, right=right, excluding=days):
            assert days is not None
            return (f"{_with_value(left, evaluate)} + {_show(right, evaluate)} excluding "
                    f"{days.words}")
        case c.Lit(value=Decimal() as share, percent=True):
            return percent_words(share)
        case c.Aggregate():
            return _aggregate(e, evaluate, top)
        case c.Field(name=name, type=c.IntT()) if name.endswith(" count"):
            value = evaluate(e)
            noun = name[: -len(" count")]
            return f"{value} {noun}" + ("" if value == 1 else "s")
    return amount(evaluate(e), e.type)


def _with_value(e: c.Expr, evaluate: Evaluate) -> str:
    """An operand: its value, and for an operation, the operation and then its value."""
    shown = _show(e, evaluate, top=True)
    value = amount(evaluate(e), e.type)
    return shown if shown == value else f"{shown} ({value})"


def _aggregate(e: c.Aggregate, evaluate: Evaluate, top: bool) -> str:
    """`the total of the amounts of the person's incomes ($100 + $50 = $150)`, or as the whole
    computation `the total of … : $100 + $50` (its result follows); the terms are shown for a
    total of a field of every element, the value alone otherwise."""
    words = e.words
    if e.condition is None and e.kind is c.AggKind.TOTAL and isinstance(e.measure, c.Field) \
            and isinstance(e.measure.owner, c.Var):
        items = evaluate(e.collection)
        assert isinstance(items, tuple)
        terms = [amount(item[e.measure.name], e.type) for item in items]
        if len(terms) > 1:
            if top:
                return f"{words}: {' + '.join(terms)}"
            return f"{words} ({' + '.join(terms)} = {amount(evaluate(e), e.type)})"
    return words if top else f"{words} ({amount(evaluate(e), e.type)})"

