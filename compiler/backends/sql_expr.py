"""Expressions of the SQL backend: a law's conditions and values as sqlglot expressions.

Takes a `Program` (core IR) and one of its expressions; gives the sqlglot expression over one row
of the table of facts (aliased `f`) that has the interpreter's value, NULL where the interpreter
has no answer (see `compiler.backends.to_sql`, which builds the whole query from these, for the
semantics). Also the names of the query's internal columns and the small builders both use.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from collections.abc import Sequence
from decimal import Decimal
from typing import assert_never

from sqlglot import exp

from compiler.backends import sql_schema as schema
from compiler.core import ast as c
from compiler.core import names
from compiler.core.semantics import is_simple
from compiler.diagnostics import DiagnosticError, error

ALIAS = "f"
TABLE = "facts"
ROW = "_row"
FACTS_ERROR = "facts_error"
DIALECTS = ("duckdb", "spark")
_BOOL = exp.DataType.build("BOOLEAN")
_DATE = exp.DataType.build("DATE")
_TEXT = exp.DataType.build("VARCHAR")
_BOOL_T = c.BoolT()
_INT = exp.DataType.build("INT")
_TIMESTAMP = exp.DataType.build("TIMESTAMP")
_MINUTES = 3652059 * 1440  # the minutes between the calendar's ends, and a day


def _num(value: int | Decimal) -> exp.Expr:
    if value < 0:
        return exp.Neg(this=exp.Literal.number(str(-value)))
    return exp.Literal.number(str(value))


def is_null(e: exp.Expr) -> exp.Expr:
    return exp.Is(this=e.copy(), expression=exp.Null())


def case_when(pairs: Sequence[tuple[exp.Expr, exp.Expr]],
          default: exp.Expr | None = None) -> exp.Expr:
    if not pairs:
        return default if default is not None else exp.Null()
    case = exp.Case()
    for cond, value in pairs:
        case = case.when(cond, value, copy=False)
    if default is not None:
        case = case.else_(default, copy=False)
    return case


def internal(decision: str, part: str = "") -> str:
    """An internal column's name; `:` never appears in a fact's key, so none collides."""
    return f"lawc:{names.key(decision)}" + (f":{part}" if part else "")


ELEMENT = "lawc:element"


def internal_definition(key: str) -> str:
    """The column of a value definition (`lawc:definition:the age condition`)."""
    return f"lawc:definition:{key}"


def evaluation_message(decision: str) -> str:
    return (f'no answer in "{decision}": a date moved outside the calendar or a division '
            "by zero")


@dataclass
class Ctx:
    """What an expression is compiled in: the lambda variables bound, and the row's alias."""

    env: dict[str, exp.Expr]
    # a quantifier's variable over a list with its definitions computed per element (see
    # `QueryCompiler.element_plan`): the lambda variable and the keys it holds
    elements: dict[str, tuple[exp.Identifier, frozenset[str]]] = field(default_factory=dict)


class ExprCompiler:
    """Compiles expressions; decisions are read from columns of an earlier step."""

    def __init__(self, program: c.Program) -> None:
        self.program = program
        self.count = 0
        self._fallible: dict[str, bool] = {}
        self.columns: set[str] = set()  # value definitions read from a column of a step
        # a list's SQL → the column of its elements with their definitions, and their keys
        self.enriched: dict[str, tuple[str, frozenset[str]]] = {}
        # a date moved by a duration that reads only facts of the row → its step's column
        self.moved: dict[c.Expr, str] = {}

    def fresh(self) -> exp.Identifier:
        self.count += 1
        return exp.to_identifier(f"_v{self.count}")

    # ---------------------------------------------------------------------- can it fail?
    def decision_fallible(self, name: str) -> bool:
        if name not in self._fallible:
            self._fallible[name] = True  # cycles are refused before; be safe
            d = self.program.decisions[name]
            values = {c.value_key(r.value) for r in d.rules}
            self._fallible[name] = (d.default is None or (len(values) > 1 and not is_simple(d))
                                    or any(self.fallible(e) for e in c.decision_exprs(d)))
        return self._fallible[name]

    def fallible(self, e: c.Expr) -> bool:
        """Whether `e` may have no answer (and so be NULL) on a row of good facts."""
        match e:
            case c.Arith(op=op, left=left, right=right):
                if op is c.ArithOp.DIV or isinstance(left.type, (c.DateT, c.DateTimeT)):
                    return True
                return self.fallible(left) or self.fallible(right)
            case c.DecisionRef(name=name):
                return self.decision_fallible(name)
            case c.DefRef(key=key, argument=argument):
                body = self.program.definitions[key].body
                return (body is not None and self.fallible(body)) or (
                    argument is not None and self.fallible(argument))
            case c.Field(owner=owner):
                return self.fallible(owner)
            case c.Not(operand=operand):
                return self.fallible(operand)
            case c.And(operands=ops) | c.Or(operands=ops):
                return any(self.fallible(o) for o in ops)
            case c.Cmp(left=left, right=right):
                return self.fallible(left) or self.fallible(right)
            case c.InSet(subject=subject):
                return self.fallible(subject)
            case c.Quant(collection=coll, condition=cond):
                return self.fallible(coll) or (cond is not None and self.fallible(cond))
            case c.Aggregate(kind=kind, collection=coll, measure=measure, condition=cond):
                # the greatest or least of no element has no answer
                return kind is not c.AggKind.TOTAL or self.fallible(coll) or self.fallible(
                    measure) or (cond is not None and self.fallible(cond))
        return False

    # ----------------------------------------------------------------------- expressions
    def lit(self, value: c.Value, t: c.Type) -> exp.Expr:
        if isinstance(value, bool):
            return exp.true() if value else exp.false()
        if isinstance(value, c.Duration):
            return _num(value.amount)
        if isinstance(value, (int, Decimal)):
            return _num(value)
        if isinstance(value, datetime.datetime):
            return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), _TIMESTAMP)
        if isinstance(value, datetime.date):
            return exp.cast(exp.Literal.string(value.isoformat()), _DATE)
        return exp.Literal.string(value)

    def expr(self, e: c.Expr, ctx: Ctx) -> exp.Expr:
        match e:
            case c.Lit(value=v, type=t):
                return self.lit(v, t)
            case c.Var(name=name):
                return ctx.env[name].copy()
            case c.Field(owner=owner, name=name, type=t):
                key = names.key(name)
                if isinstance(owner, c.Root):
                    out = schema.field(None, key, ALIAS)
                else:
                    out = schema.field(self.expr(owner, ctx), key, ALIAS)
                if isinstance(t, c.DurationT):
                    factor = c.UNITS[t.unit][1]
                    if factor != 1:
                        out = exp.Mul(this=out, expression=exp.Literal.number(factor))
                return out
            case c.DefRef(key=key, argument=None) if key in self.columns:
                return col(internal_definition(key))
            case c.DefRef(key=key, argument=c.Var(name=v)) if (
                    v in ctx.elements and key in ctx.elements[v][1]):
                return exp.Dot(this=ctx.elements[v][0].copy(),
                               expression=exp.to_identifier(internal_definition(key),
                                                            quoted=True))
            case c.DefRef(key=key, argument=argument):
                definition = self.program.definitions[key]
                assert definition.body is not None
                inner: dict[str, exp.Expr] = {}
                if argument is not None:
                    assert definition.parameter is not None
                    inner[definition.parameter.name] = self.expr(argument, ctx)
                return exp.paren(self.expr(definition.body, Ctx(inner)), copy=False)
            case c.DecisionRef(name=name):
                return exp.column(exp.to_identifier(internal(name), quoted=True),
                                  table=exp.to_identifier(ALIAS, quoted=True))
            case c.Not(operand=operand):
                return exp.Not(this=exp.paren(self.expr(operand, ctx), copy=False))
            case c.And(operands=ops):
                return self.connective(list(ops), ctx, is_and=True)
            case c.Or(operands=ops):
                return self.connective(list(ops), ctx, is_and=False)
            case c.Cmp():
                return self.compare(e, ctx)
            case c.InSet(subject=subject, members=members):
                if not members:
                    return exp.false()
                return exp.In(this=self.expr(subject, ctx),
                              expressions=[self.lit(m, subject.type) for m in members])
            case c.Arith() if e in self.moved:
                return col(self.moved[e])
            case c.Arith():
                return self.arith(e, ctx)
            case c.Quant():
                return self.quant(e, ctx)
            case c.CodeOp(kind=c.CodeOpKind.SECTION, subject=subject):
                # the part before the first `(`: `runtime.code_section`
                return exp.RegexpExtract(this=self.expr(subject, ctx),
                                         expression=exp.Literal.string("^[^(]*"),
                                         group=exp.Literal.number(0))
            case c.CodeOp(subject=subject, prefix=prefix):
                return exp.EQ(this=exp.Substring(this=self.expr(subject, ctx),
                                                 start=exp.Literal.number(1),
                                                 length=exp.Literal.number(len(prefix))),
                              expression=exp.Literal.string(prefix))
            case c.Known(subject=subject):
                return exp.Not(this=exp.Is(this=self.expr(subject, ctx), expression=exp.Null()))
            case c.Aggregate():
                return self.aggregate(e, ctx)
            case c.Root():  # the case is only ever the owner of a field, read above
                raise AssertionError("no SQL for the case itself")
            case _:
                assert_never(e)

    def connective(self, ops: list[c.Expr], ctx: Ctx, is_and: bool) -> exp.Expr:
        """`and`/`or` left to right, stopping where the interpreter stops: an operand that
        may be NULL is tested first, so a NULL before the settling value stays NULL."""
        out: exp.Expr = exp.paren(self.expr(ops[-1], ctx), copy=False)
        for op in reversed(ops[:-1]):
            left = exp.paren(self.expr(op, ctx), copy=False)
            if not self.fallible(op):
                out = exp.And(this=left, expression=out) if is_and else exp.Or(
                    this=left, expression=out)
                continue
            settle = exp.false() if is_and else exp.true()
            go_on = left.copy() if is_and else exp.Not(this=left.copy())
            out = case_when([(is_null(left), exp.Null()), (go_on, out)], settle)
        return out

    def compare(self, e: c.Cmp, ctx: Ctx) -> exp.Expr:
        ops = {c.CmpOp.EQ: exp.EQ, c.CmpOp.NE: exp.NEQ, c.CmpOp.LT: exp.LT,
               c.CmpOp.LE: exp.LTE, c.CmpOp.GT: exp.GT, c.CmpOp.GE: exp.GTE}
        left, right = self.unfold(e.left), self.unfold(e.right)
        # a quotient compared exactly: a / b < x  is  a < x * b  (b > 0),  a > x * b  (b < 0)
        if isinstance(left, c.Arith) and left.op is c.ArithOp.DIV and not isinstance(
                right, c.Arith):
            return self.compare_quotient(ops[e.op], left, right, ctx, flipped=False)
        if isinstance(right, c.Arith) and right.op is c.ArithOp.DIV and not isinstance(
                left, c.Arith):
            return self.compare_quotient(ops[e.op], right, left, ctx, flipped=True)
        return ops[e.op](this=self.expr(e.left, ctx), expression=self.expr(e.right, ctx))

    def unfold(self, e: c.Expr) -> c.Expr:
        """A value definition without a subject, seen through (for exact quotients)."""
        while isinstance(e, c.DefRef) and e.argument is None:
            body = self.program.definitions[e.key].body
            assert body is not None
            e = body
        return e

    def compare_quotient(self, op: type[exp.Binary], quotient: c.Arith, other: c.Expr,
                         ctx: Ctx, flipped: bool) -> exp.Expr:
        a = exp.paren(self.expr(quotient.left, ctx), copy=False)
        b = exp.paren(self.expr(quotient.right, ctx), copy=False)
        x = exp.paren(self.expr(other, ctx), copy=False)
        product = exp.Mul(this=x, expression=b.copy())
        mirror = {exp.LT: exp.GT, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.GTE: exp.LTE}
        direct = op if not flipped else mirror.get(op, op)
        positive = direct(this=a.copy(), expression=product.copy())
        negative = mirror.get(direct, direct)(this=a.copy(), expression=product.copy())
        zero = exp.Literal.number(0)
        return case_when([(exp.EQ(this=b.copy(), expression=zero), exp.Null()),
                      (exp.GT(this=b.copy(), expression=zero.copy()), positive)], negative)

    def arith(self, e: c.Arith, ctx: Ctx) -> exp.Expr:
        left = exp.paren(self.expr(e.left, ctx), copy=False)
        if e.op is c.ArithOp.ADD_EXCLUDING:
            from compiler.backends.sql_calendar import counted_later  # it reads this module

            return counted_later(left, e, [self.fresh(), self.fresh(), self.fresh()])
        right = exp.paren(self.expr(e.right, ctx), copy=False)
        if isinstance(e.left.type, c.DateTimeT) and isinstance(e.right.type, c.DurationT):
            minutes: exp.Expr = right if e.right.type.kind is c.DurationKind.MINUTES else \
                exp.Mul(this=right, expression=exp.Literal.number(1440))
            return self.shift_minutes(left, minutes if e.op is c.ArithOp.ADD else exp.Neg(
                this=exp.paren(minutes, copy=False)))
        if isinstance(e.left.type, c.DateT):
            assert isinstance(e.right.type, c.DurationT)
            amount: exp.Expr = right if e.op is c.ArithOp.ADD else exp.Neg(this=right)
            return self.shift(left, amount, e.right.type.kind)
        if e.op in (c.ArithOp.MAX, c.ArithOp.MIN):
            return pick(e.op, left, right)
        if e.op in c.ROUNDINGS:
            return self.rounding(e, ctx)
        if e.op is c.ArithOp.ADD:
            return exp.Add(this=left, expression=right)
        if e.op is c.ArithOp.SUB:
            return exp.Sub(this=left, expression=right)
        if e.op is c.ArithOp.MUL:
            return exp.Mul(this=left, expression=right)
        quotient = exp.Div(this=exp.cast(left, exp.DataType.build("DOUBLE")),
                           expression=right.copy())
        return case_when([(exp.EQ(this=right.copy(), expression=exp.Literal.number(0)),
                       exp.Null())], quotient)

    def aggregate(self, e: c.Aggregate, ctx: Ctx) -> exp.Expr:
        """A total, greatest or least inside a condition (`compiler.backends.sql_values`
        computes it, exactly)."""
        raise DiagnosticError([error(
            "sql-unsupported", f"the SQL backend does not compute {e.kind.value}s over a list "
            "here", e.span, hint="decide it with the generated Python module (lawc compile)")])

    def rounding(self, e: c.Arith, ctx: Ctx) -> exp.Expr:
        """A rounded value inside a condition (`compiler.backends.sql_values` compiles it)."""
        raise DiagnosticError([error(
            "sql-unsupported", "the SQL backend does not compile rounding here", e.span,
            hint="decide it with the generated Python module (lawc compile)")])

    def shift(self, day: exp.Expr, amount: exp.Expr,
              kind: c.DurationKind) -> exp.Expr:
        """A date moved by days or months; NULL outside 0001-01-01 … 9999-12-31, as the
        interpreter's `add_months`/`add_days` raise there. A month end past a shorter month
        lands on its last day (both dialects' month arithmetic does)."""
        if kind is c.DurationKind.MONTHS:
            total = exp.Add(this=exp.Add(
                this=exp.Mul(this=exp.Year(this=day.copy()), expression=exp.Literal.number(12)),
                expression=exp.Sub(this=exp.Month(this=day.copy()),
                                   expression=exp.Literal.number(1))),
                expression=exp.paren(amount.copy(), copy=False))
            inside = exp.Between(this=total, low=exp.Literal.number(12),
                                 high=exp.Literal.number(9999 * 12 + 11))
            moved = exp.cast(exp.AddMonths(this=day.copy(), expression=exp.cast(
                amount.copy(), _INT)), _DATE)
            return case_when([(inside, moved)], exp.Null())
        # days: at most 3,652,059 days separate the calendar's ends; beyond, no answer
        span = exp.Between(this=amount.copy(), low=_num(-3652059), high=_num(3652059))
        moved = exp.cast(exp.DateAdd(this=day.copy(), expression=exp.cast(amount.copy(), _INT),
                                     unit=exp.var("DAY")), _DATE)
        inside = exp.Between(this=moved.copy(), low=self.lit(datetime.date(1, 1, 1), c.DateT()),
                             high=self.lit(datetime.date(9999, 12, 31), c.DateT()))
        return case_when([(exp.And(this=span, expression=inside), moved)], exp.Null())

    def shift_minutes(self, moment: exp.Expr, minutes: exp.Expr) -> exp.Expr:
        """A date and time moved by whole minutes; NULL outside 0001-01-01T00:00 …
        9999-12-31T23:59, as the interpreter's `add_minutes` raises there."""
        span = exp.Between(this=minutes.copy(), low=_num(-_MINUTES), high=_num(_MINUTES))
        moved = exp.TimestampAdd(this=moment.copy(), expression=exp.cast(
            minutes.copy(), exp.DataType.build("BIGINT")), unit=exp.var("MINUTE"))
        inside = exp.Between(this=moved.copy(), low=self.lit(
            datetime.datetime(1, 1, 1), c.DateTimeT()), high=self.lit(
            datetime.datetime(9999, 12, 31, 23, 59), c.DateTimeT()))
        return case_when([(exp.And(this=span, expression=inside), moved)], exp.Null())

    def quant(self, e: c.Quant, ctx: Ctx) -> exp.Expr:
        items = self.expr(e.collection, ctx)
        var = self.fresh()
        inner = Ctx({**ctx.env, e.var.name: var}, dict(ctx.elements))
        plan = self.enriched.get(items.sql()) if e.condition is not None else None
        if plan is not None:  # over the elements with their definitions computed
            items = col(plan[0])
            inner = Ctx({**ctx.env, e.var.name: exp.Dot(
                this=var.copy(), expression=exp.to_identifier(ELEMENT, quoted=True))},
                {**ctx.elements, e.var.name: (var, plan[1])})
        if e.condition is None:
            cond: exp.Expr = exp.true()
            fallible = False
        else:
            cond = exp.paren(self.expr(e.condition, inner), copy=False)
            fallible = self.fallible(e.condition)
        zero = exp.Literal.number(0)
        if not fallible:
            def count(test: exp.Expr) -> exp.Expr:
                return exp.ArraySize(this=exp.ArrayFilter(
                    this=items.copy(), expression=exp.Lambda(this=test,
                                                             expressions=[var.copy()])))
            if e.kind is c.QuantKind.COUNT:
                return count(cond) if e.condition is not None else exp.ArraySize(this=items)
            if e.kind is c.QuantKind.ANY:
                return exp.GT(this=count(cond), expression=zero)
            if e.kind is c.QuantKind.NO:
                return exp.EQ(this=count(cond), expression=zero)
            return exp.EQ(this=count(exp.Not(this=cond)), expression=zero)
        # each element's condition as 1 (holds), 0 (does not) or 2 (no answer); the
        # quantifier stops at the first element that settles it, as the interpreter does
        # (the condition is written once: TRUE is 1, FALSE 0, and NULL, no answer, 2)
        code = exp.Coalesce(this=exp.cast(cond.copy(), _INT),
                            expressions=[exp.Literal.number(2)])
        codes = exp.Transform(this=items, expression=exp.Lambda(this=code,
                                                                 expressions=[var.copy()]))
        w = self.fresh()
        if e.kind is c.QuantKind.COUNT:
            ones = exp.ArrayFilter(this=codes.copy(), expression=exp.Lambda(
                this=exp.EQ(this=w.copy(), expression=exp.Literal.number(1)),
                expressions=[w.copy()]))
            return case_when([(exp.ArrayContains(this=codes.copy(),
                                             expression=exp.Literal.number(2)), exp.Null())],
                         exp.ArraySize(this=ones))
        settles = exp.Literal.number(0 if e.kind is c.QuantKind.EVERY else 1)
        first = exp.Bracket(this=exp.ArrayFilter(this=codes, expression=exp.Lambda(
            this=exp.NEQ(this=w.copy(), expression=exp.Literal.number(
                1 if e.kind is c.QuantKind.EVERY else 0)), expressions=[w.copy()])),
            expressions=[exp.Literal.number(1)], offset=1, safe=True)
        empty = {c.QuantKind.ANY: False, c.QuantKind.NO: True, c.QuantKind.EVERY: True}
        settled = {c.QuantKind.ANY: True, c.QuantKind.NO: False, c.QuantKind.EVERY: False}
        return case_when([(is_null(first), self.lit(empty[e.kind], _BOOL_T)),
                      (exp.EQ(this=first.copy(), expression=settles),
                       self.lit(settled[e.kind], _BOOL_T))], exp.Null())


# ------------------------------------------------------------------------------- decisions


def pick(op: c.ArithOp, a: exp.Expr, b: exp.Expr) -> exp.Expr:
    """`the greater/lesser/later/earlier of a and b` as the interpreter picks (`a` on a tie),
    NULL if either is (GREATEST and LEAST leave a NULL out)."""
    chosen = (exp.GTE if op is c.ArithOp.MAX else exp.LTE)(this=a.copy(), expression=b.copy())
    return case_when([(exp.Or(this=is_null(a), expression=is_null(b)), exp.Null()),
                      (chosen, a.copy())], b.copy())


def any_of(exprs: Sequence[exp.Expr]) -> exp.Expr:
    if not exprs:
        return exp.false()
    out = exprs[0]
    for e in exprs[1:]:
        out = exp.Or(this=out, expression=e)
    return exp.paren(out, copy=False)


def col(name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True),
                      table=exp.to_identifier(ALIAS, quoted=True))


def decision_refs(e: c.Expr, program: c.Program, seen: set[str] | None = None) -> list[str]:
    """The decisions `e` reads, directly or through definitions, in order of appearance."""
    from compiler.core.ast import walk

    seen = set() if seen is None else seen
    out: list[str] = []
    for node in walk(e):
        if isinstance(node, c.DecisionRef) and node.name not in out:
            out.append(node.name)
        elif isinstance(node, c.DefRef) and node.key not in seen:
            seen.add(node.key)
            body = program.definitions[node.key].body
            if body is not None:
                out.extend(n for n in decision_refs(body, program, seen) if n not in out)
    return out


__all__ = ["ALIAS", "DIALECTS", "ELEMENT", "FACTS_ERROR", "ROW", "TABLE", "Ctx", "ExprCompiler",
           "any_of", "pick", "case_when", "col", "decision_refs", "evaluation_message", "internal",
           "internal_definition", "is_null"]
