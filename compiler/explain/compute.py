"""The computation behind a computed value, with its numbers: `$716 × 3 unauthorized aliens =
$2,148 (§ 1324a(e)(4)(A)(i))`.

Takes a value expression of the core IR, a function that evaluates a sub-expression for the
case (the interpreter's), and the citation of the provision that gave the value; gives one line
of text. Leaves (facts, definitions, written-out values) are shown as their values; a count
fact `X count` as `3 Xs`; a percentage as written (`1.5%`); a dated figure as its value, its
name and the day that value took effect (`$716 (the first-tier minimum, in force from
2025-01-02)`); operations as `×`, `÷`, `+`, `−`, `the greater of A and B`, a stated rounding as
the law words it, and an aggregate over a list with its value (a total of a field of every
element with its terms: `the total of the amounts of the person's incomes ($100 + $50 =
$150)`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal

from compiler.core import ast as c
from compiler.core.english import percent_words, rounding_words
from compiler.runtime_explain import (aggregate_words, amount_words, computation_text,
                                      count_words, figure_words as entry_words, operand_words)

Evaluate = Callable[[c.Expr], object]

_SIGNS = {c.ArithOp.ADD: "+", c.ArithOp.SUB: "−", c.ArithOp.MUL: "×", c.ArithOp.DIV: "÷"}


def amount(value: object, t: c.Type) -> str:
    """A value as a computation shows it: `$2,148`, `$925.93`, `0.075`, `2020-03-31`."""
    return amount_words(value, amount_how(t))


def amount_how(t: c.Type) -> str:
    """How `amount_words` shows a value of type `t` (a length of time in the law's words)."""
    if isinstance(t, c.DurationT):
        return f"length:{t.kind.value}"
    return "money" if isinstance(t, c.MoneyT) else ""


def figure_entries(figure: c.DatedFigure, t: c.Type) -> tuple[tuple[str, datetime.date | None],
                                                                ...]:
    """A figure's values as a computation shows them, with their days."""
    return tuple((amount(e.value.value, t), e.start) for e in figure.entries)


def computation(e: c.Expr, evaluate: Evaluate, citation: str | None,
                figures: Mapping[str, c.DatedFigure] | None = None) -> str:
    """`<the operation with its numbers> = <the result> (<citation>)`."""
    result = amount(evaluate(e), e.type)
    steps = _show(e, _Evaluator(evaluate, figures or {}), top=True)
    return computation_text(steps, result, citation)


class _Evaluator:
    """The evaluation of a sub-expression, and the dated figures by name."""

    def __init__(self, evaluate: Evaluate, figures: Mapping[str, c.DatedFigure]) -> None:
        self.evaluate = evaluate
        self.figures = figures

    def __call__(self, e: c.Expr) -> object:
        return self.evaluate(e)


def figure_words(figure: c.DatedFigure, day: datetime.date, t: c.Type, named: bool = True
                 ) -> str:
    """`$716 (the first-tier minimum, in force from 2025-01-02)`: the value in force on `day`
    (without the name: `$716, in force from 2025-01-02`)."""
    return entry_words(day, figure_entries(figure, t), figure.name if named else None)


def _show(e: c.Expr, evaluate: _Evaluator, top: bool = False) -> str:
    match e:
        case c.DecisionRef(name=name) if name in evaluate.figures:
            figure = evaluate.figures[name]
            day = evaluate(figure.by)
            if isinstance(day, datetime.date):
                return figure_words(figure, day, e.type)
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
            return count_words(evaluate(e), name[: -len(" count")])
    return amount(evaluate(e), e.type)


def _with_value(e: c.Expr, evaluate: _Evaluator) -> str:
    """An operand: its value, and for an operation, the operation and then its value."""
    return operand_words(_show(e, evaluate, top=True), amount(evaluate(e), e.type))


def _aggregate(e: c.Aggregate, evaluate: Evaluate, top: bool) -> str:
    """An aggregate as `runtime_explain.aggregate_words` shows it: with its terms for a total
    of a field of every element, the value alone otherwise."""
    terms: list[str] = []
    if e.condition is None and e.kind is c.AggKind.TOTAL and isinstance(e.measure, c.Field) \
            and isinstance(e.measure.owner, c.Var):
        items = evaluate(e.collection)
        assert isinstance(items, tuple)
        terms = [amount(item[e.measure.name], e.type) for item in items]
    return aggregate_words(e.words, terms, amount(evaluate(e), e.type), top)
