"""Computed values in SQL: amounts, numbers and dates a decision's rules compute, exactly.

Takes an `ExprCompiler` (its program) and a rule's value or a default (core IR); gives the
sqlglot expression of the value, NULL where the interpreter has no answer, and the words the
interpreter's `LawConflict` shows for it (`Decimal('2148')`, `datetime.date(2020, 3, 31)`).

Exactness: the interpreter computes with Python's `Decimal` (28 significant digits) and whole
numbers without limit. `shape` bounds every value from the facts' declared bounds (a fact
without bounds by its column's type: `BIGINT`, `DECIMAL(18, 6)`) and follows its number of
decimal places as `Decimal` does (a sum has the more of its two, a product their sum, a
rounding its unit's); each step is cast to `DECIMAL(p, s)` wide enough for its bound, so no
engine rounds or overflows (Spark's decimal rules keep the scale up to 38 digits). A value whose
bound needs more than 28 digits (18 for a whole number), a quotient, or a rounding to a unit
whose inverse is not a short decimal is refused with `sql-unsupported` at that form.
Rounding is done on the exact decimal: `floor`/`ceil` of the value in units, half up away from
zero, half even by the parity of the floor, then times the unit, as `runtime.round_to` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlglot import exp

from compiler import runtime as rt
from compiler.backends import sql_schema as schema
from compiler.backends.sql_expr import Ctx, ExprCompiler, case_when, col, internal, is_null, pick
from compiler.core import ast as c
from compiler.diagnostics import DiagnosticError, error
from compiler.span import Span

DECIMAL_DIGITS = 28  # Python's default decimal context: an exact result has at most these
WHOLE_DIGITS = 18  # a whole number's column is BIGINT
SQL_DIGITS = 38
_BIGINT = 2 ** 63
_HALF = exp.Literal.number("0.5")


@dataclass(frozen=True)
class Shape:
    """A numeric value's bound (its greatest absolute value), its decimal places, and whether
    every value it takes has those places (a `the greater of` two of different places has not:
    its places are the chosen operand's)."""

    bound: Decimal
    scale: int
    uniform: bool = True

    @property
    def digits(self) -> int:
        whole = len(str(int(self.bound))) if self.bound >= 1 else 1
        return whole + self.scale

    def data_type(self) -> exp.DataType:
        return exp.DataType.build(f"DECIMAL({max(self.digits, 1)}, {self.scale})")


def _refuse(span: Span, message: str, hint: str) -> DiagnosticError:
    return DiagnosticError([error("sql-unsupported", message, span, hint=hint)])


_HINT = "decide it with the generated Python module (lawc compile), or --engine python"


def _literal_shape(value: int | Decimal) -> Shape:
    if isinstance(value, int):
        return Shape(Decimal(abs(value)), 0)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Shape(abs(value), max(0, -exponent), exponent <= 0)


def _type_shape(t: c.Type) -> Shape:
    """A fact's shape from its declared bounds, or its column's type."""
    low, high = getattr(t, "low", None), getattr(t, "high", None)
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        scale = schema.DECIMAL_SCALE
        limit = Decimal(10) ** (schema.DECIMAL_PRECISION - scale)
    else:
        scale, limit = 0, Decimal(_BIGINT)
    if low is not None and high is not None:
        return Shape(max(abs(Decimal(low)), abs(Decimal(high))), scale)
    return Shape(limit, scale)


class ValueCompiler:
    """The computed values of one program's decisions (shapes are remembered per decision)."""

    def __init__(self, compiler: ExprCompiler) -> None:
        self.qc = compiler
        self.program = compiler.program
        self._decisions: dict[str, Shape] = {}

    # ------------------------------------------------------------------------------ shapes
    def decision_shape(self, name: str) -> Shape:
        if name not in self._decisions:
            d = self.program.decisions[name]
            shapes = [self.shape(r.value) for r in d.rules]
            if d.default is not None:
                shapes.append(self.shape(d.default))
            self._decisions[name] = Shape(
                max(s.bound for s in shapes), max(s.scale for s in shapes),
                all(s.uniform for s in shapes) and len({s.scale for s in shapes}) == 1)
        return self._decisions[name]

    def shape(self, e: c.Expr) -> Shape:
        """`e`'s bound and places; refuses (at the form) what SQL cannot compute exactly."""
        out = self._shape(e)
        limit = WHOLE_DIGITS if isinstance(e.type, c.IntT) else DECIMAL_DIGITS
        if out.digits > limit:
            raise _refuse(e.span, f"this value can need {out.digits} digits, more than the "
                          f"{limit} the SQL backend computes exactly", "give the facts it reads "
                          "bounds (`a whole number from 0 to 1000`), or " + _HINT)
        return out

    def _shape(self, e: c.Expr) -> Shape:
        match e:
            case c.Lit(value=v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                return _literal_shape(v)
            case c.Field(type=t):
                return _type_shape(t)
            case c.DefRef(key=key, argument=None):
                body = self.program.definitions[key].body
                assert body is not None
                return self.shape(body)
            case c.DecisionRef(name=name):
                return self.decision_shape(name)
            case c.Quant(kind=c.QuantKind.COUNT):
                return Shape(Decimal(rt.MAX_ITEMS), 0)
            case c.Arith(op=op, left=left, right=right, span=span):
                return self.arith_shape(op, left, right, span)
            case c.Aggregate(kind=kind, measure=measure):
                m = self.shape(measure)
                if kind is c.AggKind.TOTAL:  # of no element 0, whose places are none
                    return Shape(m.bound * rt.MAX_ITEMS, m.scale, m.uniform and m.scale == 0)
                return m
        raise _refuse(e.span, "the SQL backend does not compute this value",
                      _HINT)

    def arith_shape(self, op: c.ArithOp, left: c.Expr, right: c.Expr, span: Span) -> Shape:
        if op is c.ArithOp.DIV:
            raise _refuse(span, "the SQL backend does not compute a quotient as a value: "
                          "SQL's division is not the interpreter's 28-digit decimal division",
                          _HINT)
        a = self.shape(left)
        if op in c.ROUNDINGS:
            unit = self.unit(right, span)
            return Shape(a.bound + unit, _literal_shape(unit).scale)
        b = self.shape(right)
        uniform = a.uniform and b.uniform
        if op in (c.ArithOp.MAX, c.ArithOp.MIN):
            return Shape(max(a.bound, b.bound), max(a.scale, b.scale),
                         uniform and a.scale == b.scale)
        if op is c.ArithOp.MUL:
            return Shape(a.bound * b.bound, a.scale + b.scale, uniform)
        return Shape(a.bound + b.bound, max(a.scale, b.scale), uniform)

    def unit(self, right: c.Expr, span: Span) -> Decimal:
        """A rounding's unit; its inverse must be a short exact decimal (1, 100, 20, …)."""
        assert isinstance(right, c.Lit) and isinstance(right.value, (int, Decimal))
        unit = Decimal(right.value)
        inverse = Decimal(1) / unit if unit > 0 else Decimal(0)
        if unit <= 0 or inverse * unit != 1 or len(inverse.as_tuple().digits) > 12:
            raise _refuse(span, f"the SQL backend rounds only to a unit whose inverse is a "
                          f"short decimal, not {unit}", _HINT)
        return unit

    # ------------------------------------------------------------------------------ values
    def value(self, e: c.Expr, ctx: Ctx) -> exp.Expr:
        """A computed value (a rule's or a default): a number cast to its exact decimal type
        (a whole number to BIGINT), a date as DATE; NULL where the interpreter has none."""
        if isinstance(e.type, (c.DateT, c.DateTimeT)):
            return self.date(e, ctx)
        if isinstance(e, c.Lit) and not isinstance(e.type, (c.IntT, c.DecimalT, c.MoneyT)):
            return self.qc.lit(c.lit_value(e), e.type)
        out = self.number(e, ctx)
        if isinstance(e.type, c.IntT):
            return exp.cast(out, exp.DataType.build("BIGINT"))
        return out

    def date(self, e: c.Expr, ctx: Ctx) -> exp.Expr:
        if isinstance(e, c.Arith) and e.op in (c.ArithOp.MAX, c.ArithOp.MIN):
            return pick(e.op, self.date(e.left, ctx), self.date(e.right, ctx))
        if isinstance(e, c.DefRef) and e.argument is None:
            body = self.program.definitions[e.key].body
            assert body is not None
            return self.date(body, ctx)
        return self.qc.expr(e, ctx)

    def number(self, e: c.Expr, ctx: Ctx) -> exp.Expr:
        shape = self.shape(e)
        match e:
            case c.DefRef(key=key, argument=None):
                body = self.program.definitions[key].body
                assert body is not None
                return self.number(body, ctx)
            case c.Arith(op=op, left=left, right=right) if op in c.ROUNDINGS:
                return exp.cast(self.rounded(op, self.number(left, ctx), self.unit(right, e.span)),
                                shape.data_type())
            case c.Arith(op=op, left=left, right=right):
                a, b = self.number(left, ctx), self.number(right, ctx)
                if op in (c.ArithOp.MAX, c.ArithOp.MIN):
                    return exp.cast(pick(op, a, b), shape.data_type())
                node = {c.ArithOp.ADD: exp.Add, c.ArithOp.SUB: exp.Sub,
                        c.ArithOp.MUL: exp.Mul}[op]
                return exp.cast(node(this=a, expression=b), shape.data_type())
            case c.Aggregate():
                return self.aggregate(e, shape, ctx)
        return exp.cast(self.qc.expr(e, ctx), shape.data_type())

    def aggregate(self, e: c.Aggregate, shape: Shape, ctx: Ctx) -> exp.Expr:
        """`the total/greatest/least of the amounts of <list> such that …`: the measures of the
        elements that meet the condition, each cast to its exact type, then summed from 0 in
        that of the total (`LIST_REDUCE` / Spark's `AGGREGATE`) or their greatest or least
        (NULL of none: no answer, as the interpreter's `extreme`). An element whose condition or
        measure has no answer makes the whole NULL (the interpreter stops there)."""
        items = self.qc.expr(e.collection, ctx)
        var = self.qc.fresh()
        inner = Ctx({**ctx.env, e.var.name: var}, dict(ctx.elements))
        chosen = items.copy()
        null_checks: list[exp.Expr] = []
        if e.condition is not None:
            cond = exp.paren(self.qc.expr(e.condition, inner), copy=False)
            chosen = exp.ArrayFilter(this=items.copy(), expression=exp.Lambda(
                this=cond.copy(), expressions=[var.copy()]))
            if self.qc.fallible(e.condition):
                null_checks.append(_any_element(items, var, is_null(cond)))
        measure = self.number(e.measure, inner)
        values = exp.Transform(this=chosen, expression=exp.Lambda(
            this=measure, expressions=[var.copy()]))
        if self.qc.fallible(e.measure):
            v = self.qc.fresh()
            null_checks.append(_any_element(values, v, is_null(v)))
        if e.kind is c.AggKind.TOTAL:
            acc, x = self.qc.fresh(), self.qc.fresh()
            out: exp.Expr = exp.Reduce(
                this=values.copy(), initial=exp.cast(exp.Literal.number(0), shape.data_type()),
                merge=exp.Lambda(this=exp.cast(exp.Add(this=acc.copy(), expression=x.copy()),
                                               shape.data_type()),
                                 expressions=[acc.copy(), x.copy()]))
        else:
            node = exp.ArrayMax if e.kind is c.AggKind.GREATEST else exp.ArrayMin
            out = node(this=values.copy())
        out = exp.cast(out, shape.data_type())
        if null_checks:
            return case_when([(exp.Or(this=null_checks[0], expression=null_checks[1]) if len(
                null_checks) > 1 else null_checks[0], exp.Null())], out)
        return out

    def rounded(self, op: c.ArithOp, value: exp.Expr, unit: Decimal) -> exp.Expr:
        """`value` rounded to a multiple of `unit` as `runtime.round_to` rounds it."""
        inverse = Decimal(1) / unit
        q: exp.Expr = value if inverse == 1 else exp.paren(exp.Mul(
            this=value, expression=exp.Literal.number(str(inverse))), copy=False)
        if op is c.ArithOp.FLOOR:
            steps: exp.Expr = exp.Floor(this=q)
        elif op is c.ArithOp.CEILING:
            steps = exp.Ceil(this=q)
        elif op is c.ArithOp.HALF_UP:  # a half away from zero
            steps = case_when([(exp.GTE(this=q.copy(), expression=exp.Literal.number(0)),
                                exp.Floor(this=exp.Add(this=q.copy(), expression=_HALF.copy())))],
                              exp.Neg(this=exp.Floor(this=exp.Add(
                                  this=exp.Neg(this=q.copy()), expression=_HALF.copy()))))
        else:  # half even: a half to the even neighbour of the floor
            floor = exp.Floor(this=q.copy())
            rest = exp.paren(exp.Sub(this=q.copy(), expression=floor.copy()), copy=False)
            up = exp.Add(this=floor.copy(), expression=exp.Literal.number(1))
            even = exp.EQ(this=exp.Mul(this=exp.Floor(this=exp.Mul(
                this=floor.copy(), expression=_HALF.copy())), expression=exp.Literal.number(2)),
                expression=floor.copy())
            steps = case_when([(exp.GT(this=rest.copy(), expression=_HALF.copy()), up.copy()),
                               (exp.LT(this=rest.copy(), expression=_HALF.copy()), floor.copy()),
                               (even, floor.copy())], up.copy())
        if unit == 1:
            return steps
        return exp.Mul(this=exp.paren(steps, copy=False), expression=exp.Literal.number(str(unit)))

    # ------------------------------------------------------------------------------ words
    def words(self, e: c.Expr, value: exp.Expr, ctx: Ctx) -> exp.Expr:
        """The words `LawConflict` shows for `e`, whose value is the column `value`."""
        if isinstance(e, c.Lit):
            shown = e.value.amount if isinstance(e.value, c.Duration) else e.value
            return exp.Literal.string(repr(shown))
        if isinstance(e.type, (c.DateT, c.DateTimeT)):
            moment = isinstance(e.type, c.DateTimeT)  # `datetime.datetime(2025, 5, 27, 9, 0)`
            parts: list[exp.Expr] = [exp.Literal.string(
                "datetime.datetime(" if moment else "datetime.date(")]
            units: tuple[type[exp.Func], ...] = (exp.Year, exp.Month, exp.Day)
            for i, unit in enumerate(units + ((exp.Hour, exp.Minute) if moment else ())):
                if i:
                    parts.append(exp.Literal.string(", "))
                parts.append(exp.cast(unit(this=value.copy()), exp.DataType.build("VARCHAR")))
            parts.append(exp.Literal.string(")"))
            return exp.Concat(expressions=parts, safe=False)
        if isinstance(e.type, c.IntT):
            return exp.cast(value.copy(), exp.DataType.build("VARCHAR"))
        return exp.Concat(expressions=[exp.Literal.string("Decimal('"),
                                       self.decimal_text(e, value, ctx),
                                       exp.Literal.string("')")], safe=False)

    def decimal_text(self, e: c.Expr, value: exp.Expr, ctx: Ctx) -> exp.Expr:
        """`str()` of the interpreter's `Decimal` for `e` (its places as `shape` follows)."""
        shape = self.shape(e)
        if isinstance(e, c.Arith) and e.op in (c.ArithOp.MAX, c.ArithOp.MIN) and not shape.uniform:
            a, b = self.number(e.left, ctx), self.number(e.right, ctx)
            chosen = (exp.GTE if e.op is c.ArithOp.MAX else exp.LTE)(this=a, expression=b)
            return case_when([(chosen, self.decimal_text(e.left, a.copy(), ctx))],
                             self.decimal_text(e.right, b.copy(), ctx))
        if not shape.uniform:
            raise _refuse(e.span, "the SQL backend cannot show this amount as the interpreter "
                          "does in a conflict: its number of decimal places depends on the case",
                          _HINT)
        return decimal_words(exp.cast(value.copy(), shape.data_type()), shape.scale)


def decimal_words(value: exp.Expr, scale: int) -> exp.Expr:
    """Python's `str(Decimal)` of `value`, a DECIMAL with `scale` places: plain digits, but in
    scientific form (`1E-7`, `0E-8`) for a value below 10**-6 with more than 6 places."""
    plain = exp.cast(value.copy(), exp.DataType.build("VARCHAR"))
    if scale <= 6:
        return plain
    coefficient = exp.Mul(this=exp.Abs(this=value.copy()),
                          expression=exp.Literal.number(str(10 ** scale)))
    digits = exp.cast(exp.cast(coefficient, exp.DataType.build(f"DECIMAL({SQL_DIGITS}, 0)")),
                      exp.DataType.build("VARCHAR"))
    count = exp.Length(this=digits.copy())
    sign = case_when([(exp.LT(this=value.copy(), expression=exp.Literal.number(0)),
                       exp.Literal.string("-"))], exp.Literal.string(""))
    rest = case_when([(exp.GT(this=count.copy(), expression=exp.Literal.number(1)),
                       exp.Concat(expressions=[exp.Literal.string("."), exp.Substring(
                           this=digits.copy(), start=exp.Literal.number(2))], safe=False))],
                     exp.Literal.string(""))
    power = exp.cast(exp.Sub(this=exp.Literal.number(scale + 1), expression=count.copy()),
                     exp.DataType.build("VARCHAR"))
    scientific = exp.Concat(expressions=[sign, exp.Substring(
        this=digits.copy(), start=exp.Literal.number(1), length=exp.Literal.number(1)), rest,
        exp.Literal.string("E-"), power], safe=False)
    small = exp.LT(this=exp.Abs(this=value.copy()), expression=exp.Literal.number("0.000001"))
    return case_when([(small, scientific)], plain)


def _any_element(items: exp.Expr, var: exp.Identifier, test: exp.Expr) -> exp.Expr:
    """Whether some element of `items` meets `test` (of `var`)."""
    return exp.GT(this=exp.ArraySize(this=exp.ArrayFilter(this=items.copy(), expression=exp.Lambda(
        this=test, expressions=[var.copy()]))), expression=exp.Literal.number(0))


def value_column(decision: str, part: str) -> exp.Column:
    return col(internal(decision, f"value:{part}"))


__all__ = ["Shape", "ValueCompiler", "decimal_words", "value_column"]
