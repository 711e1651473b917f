"""The computation line of a generated explanation: Python that shows a computed value's
operation with its numbers, as `compiler/explain/compute.py` shows it from the interpreter.

Takes a value expression of the core IR, the module writer's `expr` (Python for a value of the
case) and the program's dated figures; gives the text of a Python expression of `case` that
evaluates to the steps (`$716 (the first-tier minimum, in force from 2025-01-02) × 3
unauthorized aliens`), over the runtime's `amount_words`, `operand_words`, `count_words` and
`figure_words`, so that both explanations word each number in the same function.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal

from compiler.core import ast as c
from compiler.core.english import percent_words, rounding_words
from compiler.explain.compute import amount_how, figure_entries

Code = Callable[[c.Expr], str]
Loop = Callable[[c.Aggregate], str]

_SIGNS = {c.ArithOp.ADD: "+", c.ArithOp.SUB: "−", c.ArithOp.MUL: "×", c.ArithOp.DIV: "÷"}


class Steps:
    """Python for the steps of computations, over one module writer's expressions."""

    def __init__(self, code: Code, figures: Mapping[str, c.DatedFigure], loop: Loop) -> None:
        self.code = code
        self.figures = figures
        self.loop = loop  # an aggregate's generator, `<measure> for <element> in <list>`

    def value(self, e: c.Expr) -> str:
        return f"({self.code(e)})"

    def amount(self, e: c.Expr) -> str:
        return f"rt.amount_words({self.value(e)}, {amount_how(e.type)!r})"

    def figure(self, figure: c.DatedFigure, t: c.Type, named: bool) -> str:
        entries = ", ".join(f"({words!r}, {_date(day)})"
                            for words, day in figure_entries(figure, t))
        name = repr(figure.name) if named else "None"
        return f"rt.figure_words({self.value(figure.by)}, ({entries},), {name})"

    def show(self, e: c.Expr, top: bool = False) -> str:
        match e:
            case c.DecisionRef(name=name) if name in self.figures:
                return self.figure(self.figures[name], e.type, True)
            case c.Arith(op=op, left=left, right=right) if op in _SIGNS:
                text = f"{self.show(left)} + {' ' + _SIGNS[op] + ' '!r} + {self.show(right)}"
                return text if top else f"'(' + {text} + ')'"
            case c.Arith(op=c.ArithOp.MAX | c.ArithOp.MIN as op, left=left, right=right):
                dates = isinstance(left.type, c.DateT)
                word = ("later" if dates else "greater") if op is c.ArithOp.MAX else (
                    "earlier" if dates else "lesser")
                return (f"{'the ' + word + ' of '!r} + {self.operand(left)} + ' and ' + "
                        f"{self.operand(right)}")
            case c.Arith(op=op, left=left, right=right) if op in c.ROUNDINGS:
                return f"{self.operand(left)} + {', ' + rounding_words(op, right, left.type)!r}"
            case c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=left, right=right, excluding=days):
                assert days is not None
                return (f"{self.operand(left)} + ' + ' + {self.show(right)} + "
                        f"{' excluding ' + days.words!r}")
            case c.Lit(value=Decimal() as share, percent=True):
                return repr(percent_words(share))
            case c.Lit(value=c.Duration() as length):  # `48 hours`, as the law writes it
                return repr(str(length))
            case c.Aggregate(kind=kind, measure=measure, condition=None) if (
                    kind is c.AggKind.TOTAL and isinstance(measure, c.Field)
                    and isinstance(measure.owner, c.Var)):
                how = amount_how(e.type)
                terms = f"[rt.amount_words(__x, {how!r}) for __x in ({self.loop(e)})]"
                return f"rt.aggregate_words({e.words!r}, {terms}, {self.amount(e)}, {top})"
            case c.Aggregate():
                return f"rt.aggregate_words({e.words!r}, [], {self.amount(e)}, {top})"
            case c.Field(name=name, type=c.IntT()) if name.endswith(" count"):
                return f"rt.count_words({self.value(e)}, {name[: -len(' count')]!r})"
        return self.amount(e)

    def operand(self, e: c.Expr) -> str:
        return f"rt.operand_words({self.show(e, top=True)}, {self.amount(e)})"


def _date(day: datetime.date | None) -> str:
    return "None" if day is None else f"datetime.date({day.year}, {day.month}, {day.day})"
