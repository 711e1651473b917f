"""The SQL backend: a law's decisions as one query over a table of facts (one row per case).

Takes a `Program` (core IR); gives sqlglot expression trees, and from them SQL text in a dialect
(`duckdb`, `spark`). Every name and literal of the law enters the tree as a quoted identifier or
a literal node, never as text, so a drafter's words can never become SQL. The query reads the
table `facts` (see `compiler.backends.sql_schema` for its columns; it must also hold `_row`, the
case's number) and gives `_row`, `facts_error`, and for each decision `<key>` and `<key>_error`.

Semantics are the interpreter's (`compiler.interpret`): an expression whose evaluation has no
answer (a date moved outside the calendar, a division by zero) is NULL, and `and`, `or`, lists
and quantifiers are arranged so that NULL arises exactly where the interpreter would stop with
an error; a decision with a NULL condition, a conflict or a gap has a NULL value and its error
column names the decision and the provisions, with the interpreter's words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Sequence
from pathlib import Path

from sqlglot import exp

from compiler.backends import sql_schema as schema
from compiler.core import ast as c
from compiler.surface import ast as surface
from compiler.core import names
from compiler.core.facts import to_json
from compiler.core.semantics import exceptions_closure, is_simple
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


def _num(value: int | Decimal) -> exp.Expr:
    if value < 0:
        return exp.Neg(this=exp.Literal.number(str(-value)))
    return exp.Literal.number(str(value))


def _is_null(e: exp.Expr) -> exp.Expr:
    return exp.Is(this=e.copy(), expression=exp.Null())


def _case(pairs: Sequence[tuple[exp.Expr, exp.Expr]],
          default: exp.Expr | None = None) -> exp.Expr:
    if not pairs:
        return default if default is not None else exp.Null()
    case = exp.Case()
    for cond, value in pairs:
        case = case.when(cond, value)
    if default is not None:
        case = case.else_(default)
    return case


def internal(decision: str, part: str = "") -> str:
    """An internal column's name; `:` never appears in a fact's key, so none collides."""
    return f"lawc:{names.key(decision)}" + (f":{part}" if part else "")


def evaluation_message(decision: str) -> str:
    return (f'no answer in "{decision}": a date moved outside the calendar or a division '
            "by zero")


@dataclass
class _Ctx:
    """What an expression is compiled in: the lambda variables bound, and the row's alias."""

    env: dict[str, exp.Expr]


class ExprCompiler:
    """Compiles expressions; decisions are read from columns of an earlier step."""

    def __init__(self, program: c.Program) -> None:
        self.program = program
        self.count = 0
        self._fallible: dict[str, bool] = {}

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
                                    or any(self.fallible(r.condition) for r in d.rules))
        return self._fallible[name]

    def fallible(self, e: c.Expr) -> bool:
        """Whether `e` may have no answer (and so be NULL) on a row of good facts."""
        match e:
            case c.Arith(op=op, left=left, right=right):
                if op is c.ArithOp.DIV or isinstance(left.type, c.DateT):
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
        return False

    # ----------------------------------------------------------------------- expressions
    def lit(self, value: c.Value, t: c.Type) -> exp.Expr:
        if isinstance(value, bool):
            return exp.true() if value else exp.false()
        if isinstance(value, c.Duration):
            return _num(value.amount)
        if isinstance(value, (int, Decimal)):
            return _num(value)
        if isinstance(value, datetime.date):
            return exp.cast(exp.Literal.string(value.isoformat()), _DATE)
        return exp.Literal.string(value)

    def expr(self, e: c.Expr, ctx: _Ctx) -> exp.Expr:
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
            case c.DefRef(key=key, argument=argument):
                definition = self.program.definitions[key]
                assert definition.body is not None
                inner: dict[str, exp.Expr] = {}
                if argument is not None:
                    assert definition.parameter is not None
                    inner[definition.parameter.name] = self.expr(argument, ctx)
                return exp.paren(self.expr(definition.body, _Ctx(inner)), copy=False)
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
            case c.Arith():
                return self.arith(e, ctx)
            case c.Quant():
                return self.quant(e, ctx)
        raise AssertionError(f"no SQL for {type(e).__name__}")

    def connective(self, ops: list[c.Expr], ctx: _Ctx, is_and: bool) -> exp.Expr:
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
            out = _case([(_is_null(left), exp.Null()), (go_on, out)], settle)
        return out

    def compare(self, e: c.Cmp, ctx: _Ctx) -> exp.Expr:
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
                         ctx: _Ctx, flipped: bool) -> exp.Expr:
        a = exp.paren(self.expr(quotient.left, ctx), copy=False)
        b = exp.paren(self.expr(quotient.right, ctx), copy=False)
        x = exp.paren(self.expr(other, ctx), copy=False)
        product = exp.Mul(this=x, expression=b.copy())
        mirror = {exp.LT: exp.GT, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.GTE: exp.LTE}
        direct = op if not flipped else mirror.get(op, op)
        positive = direct(this=a.copy(), expression=product.copy())
        negative = mirror.get(direct, direct)(this=a.copy(), expression=product.copy())
        zero = exp.Literal.number(0)
        return _case([(exp.EQ(this=b.copy(), expression=zero), exp.Null()),
                      (exp.GT(this=b.copy(), expression=zero.copy()), positive)], negative)

    def arith(self, e: c.Arith, ctx: _Ctx) -> exp.Expr:
        left = exp.paren(self.expr(e.left, ctx), copy=False)
        right = exp.paren(self.expr(e.right, ctx), copy=False)
        if isinstance(e.left.type, c.DateT):
            assert isinstance(e.right.type, c.DurationT)
            amount: exp.Expr = right if e.op is c.ArithOp.ADD else exp.Neg(this=right)
            return self.shift(left, amount, e.right.type.kind)
        if e.op is c.ArithOp.MAX:
            return exp.Greatest(this=left, expressions=[right])
        if e.op is c.ArithOp.MIN:
            return exp.Least(this=left, expressions=[right])
        if e.op in c.ROUNDINGS:
            raise DiagnosticError([error(
                "sql-unsupported", "the SQL backend does not compile rounding yet", e.span,
                hint="decide it with the generated Python module (lawc compile)")])
        if e.op is c.ArithOp.ADD:
            return exp.Add(this=left, expression=right)
        if e.op is c.ArithOp.SUB:
            return exp.Sub(this=left, expression=right)
        if e.op is c.ArithOp.MUL:
            return exp.Mul(this=left, expression=right)
        quotient = exp.Div(this=exp.cast(left, exp.DataType.build("DOUBLE")),
                           expression=right.copy())
        return _case([(exp.EQ(this=right.copy(), expression=exp.Literal.number(0)),
                       exp.Null())], quotient)

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
            return _case([(inside, moved)], exp.Null())
        # days: at most 3,652,059 days separate the calendar's ends; beyond, no answer
        span = exp.Between(this=amount.copy(), low=_num(-3652059), high=_num(3652059))
        moved = exp.cast(exp.DateAdd(this=day.copy(), expression=exp.cast(amount.copy(), _INT),
                                     unit=exp.var("DAY")), _DATE)
        inside = exp.Between(this=moved.copy(), low=self.lit(datetime.date(1, 1, 1), c.DateT()),
                             high=self.lit(datetime.date(9999, 12, 31), c.DateT()))
        return _case([(exp.And(this=span, expression=inside), moved)], exp.Null())

    def quant(self, e: c.Quant, ctx: _Ctx) -> exp.Expr:
        items = self.expr(e.collection, ctx)
        var = self.fresh()
        if e.condition is None:
            cond: exp.Expr = exp.true()
            fallible = False
        else:
            cond = exp.paren(self.expr(e.condition, _Ctx({**ctx.env, e.var.name: var})),
                             copy=False)
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
        code = _case([(cond.copy(), exp.Literal.number(1)),
                      (exp.Not(this=cond.copy()), exp.Literal.number(0))],
                     exp.Literal.number(2))
        codes = exp.Transform(this=items, expression=exp.Lambda(this=code,
                                                                 expressions=[var.copy()]))
        w = self.fresh()
        if e.kind is c.QuantKind.COUNT:
            ones = exp.ArrayFilter(this=codes.copy(), expression=exp.Lambda(
                this=exp.EQ(this=w.copy(), expression=exp.Literal.number(1)),
                expressions=[w.copy()]))
            return _case([(exp.ArrayContains(this=codes.copy(),
                                             expression=exp.Literal.number(2)), exp.Null())],
                         exp.ArraySize(this=ones))
        settles = exp.Literal.number(0 if e.kind is c.QuantKind.EVERY else 1)
        first = exp.Bracket(this=exp.ArrayFilter(this=codes, expression=exp.Lambda(
            this=exp.NEQ(this=w.copy(), expression=exp.Literal.number(
                1 if e.kind is c.QuantKind.EVERY else 0)), expressions=[w.copy()])),
            expressions=[exp.Literal.number(1)], offset=1, safe=True)
        empty = {c.QuantKind.ANY: False, c.QuantKind.NO: True, c.QuantKind.EVERY: True}
        settled = {c.QuantKind.ANY: True, c.QuantKind.NO: False, c.QuantKind.EVERY: False}
        return _case([(_is_null(first), self.lit(empty[e.kind], _BOOL_T)),
                      (exp.EQ(this=first.copy(), expression=settles),
                       self.lit(settled[e.kind], _BOOL_T))], exp.Null())


# ------------------------------------------------------------------------------- decisions


def _any(exprs: Sequence[exp.Expr]) -> exp.Expr:
    if not exprs:
        return exp.false()
    out = exprs[0]
    for e in exprs[1:]:
        out = exp.Or(this=out, expression=e)
    return exp.paren(out, copy=False)


def _col(name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True),
                      table=exp.to_identifier(ALIAS, quoted=True))


def _decision_refs(e: c.Expr, program: c.Program, seen: set[str] | None = None) -> list[str]:
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
                out.extend(n for n in _decision_refs(body, program, seen) if n not in out)
    return out


class QueryCompiler(ExprCompiler):
    """A program's decisions as steps (common table expressions) over the table of facts."""

    def order(self, wanted: list[str]) -> list[str]:
        """`wanted` and the decisions they read, each after those it reads."""
        done: list[str] = []

        def visit(name: str) -> None:
            if name in done:
                return
            for r in self.program.decisions[name].rules:
                for ref in _decision_refs(r.condition, self.program):
                    visit(ref)
            done.append(name)

        for name in wanted:
            visit(name)
        return done

    def rules_step(self, d: c.Decision) -> list[exp.Expr]:
        return [exp.alias_(self.expr(r.condition, _Ctx({})), internal(d.name, f"rule:{r.index}"),
                           quoted=True) for r in d.rules]

    def cause(self, d: c.Decision, r: c.Rule) -> exp.Expr:
        """Why rule `r`'s condition has no answer: a decision it reads that has none, or
        arithmetic without an answer."""
        causes: list[exp.Expr] = [_col(internal(n, "error"))
                                        for n in _decision_refs(r.condition, self.program)]
        message = exp.Literal.string(evaluation_message(d.name))
        return exp.Coalesce(this=causes[0], expressions=causes[1:] + [message]) if causes \
            else message

    def outcome_step(self, d: c.Decision) -> list[exp.Expr]:
        applies = {r.index: _col(internal(d.name, f"rule:{r.index}")) for r in d.rules}
        fallible = [r for r in d.rules if self.fallible(r.condition)]
        default = self.lit(c.lit_value(d.default), d.type) if d.default is not None else None
        gap = exp.Literal.string(f'gap in "{d.name}": no rule applies and there is no default')
        if is_simple(d):
            values: list[tuple[exp.Expr, exp.Expr]] = []
            errors: list[tuple[exp.Expr, exp.Expr]] = []
            for r in d.rules:
                a = applies[r.index]
                if r in fallible:
                    values.append((_is_null(a), exp.Null()))
                    errors.append((_is_null(a), self.cause(d, r)))
                values.append((a.copy(), self.lit(c.lit_value(r.value), d.type)))
                errors.append((a.copy(), exp.Null()))
            value = _case(values, default)
            error = _case(errors, None if default is not None else gap)
        else:
            value, error = self.general(d, applies, fallible, default, gap)
        return [exp.alias_(value, internal(d.name), quoted=True),
                exp.alias_(error, internal(d.name, "error"), quoted=True)]

    def general(self, d: c.Decision, applies: dict[int, exp.Column], fallible: list[c.Rule],
                default: exp.Expr | None,
                gap: exp.Expr) -> tuple[exp.Expr, exp.Expr]:
        closure = exceptions_closure(d)
        wins: dict[int, exp.Expr] = {}
        for r in d.rules:
            beaten = [applies[x].copy() for x in closure[r.index]]
            wins[r.index] = exp.paren(exp.And(this=applies[r.index].copy(),
                                              expression=exp.Not(this=_any(beaten))),
                                      copy=False) if beaten else applies[r.index].copy()
        by_value: dict[c.Value, list[exp.Expr]] = {}
        for r in d.rules:
            by_value.setdefault(c.lit_value(r.value), []).append(wins[r.index].copy())
        gives = {v: _any(w) for v, w in by_value.items()}
        keys = list(gives)
        pairs = [exp.And(this=gives[a].copy(), expression=gives[b].copy())
                 for i, a in enumerate(keys) for b in keys[i + 1:]]
        conflict = _any(pairs)
        no_answer = _any([_is_null(applies[r.index]) for r in fallible])
        pairs_out: list[tuple[exp.Expr, exp.Expr]] = [(no_answer, exp.Null()),
                                                      (conflict, exp.Null())]
        pairs_out += [(gives[v].copy(), self.lit(v, d.type)) for v in keys]
        value = _case(pairs_out, default)
        # each winner's words after ", " (others give ""), the first ", " cut off
        pieces = [_case([(wins[r.index].copy(), exp.Literal.string(
            f", {r.citation} gives {to_json(c.lit_value(r.value))!r}"))], exp.Literal.string(""))
            for r in d.rules]
        shown = exp.Substring(this=exp.Concat(expressions=pieces, safe=False),
                              start=exp.Literal.number(3))
        message = exp.Concat(expressions=[exp.Literal.string(f'conflict in "{d.name}": '),
                                          shown], safe=False)
        errors = [(_is_null(applies[r.index]), self.cause(d, r)) for r in fallible]
        errors.append((conflict.copy(), message))
        if default is None:
            errors.append((exp.Not(this=_any([g.copy() for g in gives.values()])), gap))
        return value, _case(errors)


def _step(select: list[exp.Expr], source: str) -> exp.Select:
    star = exp.Column(this=exp.Star(), table=exp.to_identifier(ALIAS, quoted=True))
    return exp.select(star, *select).from_(_source(source))


def _source(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name, quoted=True),
                     alias=exp.TableAlias(this=exp.to_identifier(ALIAS, quoted=True)))


def query(program: c.Program, decisions: list[str] | None = None) -> exp.Select:
    """The query of `decisions` (all of them by default) over the table `facts`."""
    qc = QueryCompiler(program)
    wanted = list(program.decisions) if decisions is None else decisions
    refuse_computed(program, wanted)
    steps: list[tuple[str, exp.Select]] = []
    source = TABLE
    checked = "lawc:facts"
    steps.append((checked, _step([exp.alias_(schema.facts_error(program, ALIAS),
                                             "lawc:facts_error", quoted=True)], source)))
    source = checked
    for name in qc.order(wanted):
        d = program.decisions[name]
        rules = qc.rules_step(d)
        if rules:
            steps.append((f"lawc:rules:{names.key(name)}", _step(rules, source)))
            source = f"lawc:rules:{names.key(name)}"
        steps.append((f"lawc:outcome:{names.key(name)}", _step(qc.outcome_step(d), source)))
        source = f"lawc:outcome:{names.key(name)}"
    bad = _col("lawc:facts_error")
    out: list[exp.Expr] = [_col(ROW), exp.alias_(bad.copy(), FACTS_ERROR, quoted=True)]
    for name in wanted:
        key = names.key(name)
        out.append(exp.alias_(_case([(_is_null(bad), _col(internal(name)))]), key,
                              quoted=True))
        out.append(exp.alias_(_case([(_is_null(bad), _col(internal(name, "error")))],
                                    exp.Concat(expressions=[exp.Literal.string("bad facts: "),
                                                            bad.copy()], safe=False)),
                              f"{key}_error", quoted=True))
    final = exp.select(*out).from_(_source(source))
    for step_name, step in steps:
        final = final.with_(exp.to_identifier(step_name, quoted=True), as_=step)
    return final


def refuse_computed(program: c.Program, wanted: Sequence[str]) -> None:
    """The SQL backend compiles decisions whose values are written out; one that computes its
    value (`$250 times …`) is refused with a diagnostic at the decision."""
    found = [error("sql-unsupported", f'the decision "{name}" computes its value, which the '
                   "SQL backend does not compile yet", program.decisions[name].span,
                   hint="decide it with the generated Python module (lawc compile), or "
                   "--engine python")
             for name in wanted
             if name in program.decisions and c.is_computed(program.decisions[name])]
    if found:
        raise DiagnosticError(found)


def to_sql(program: c.Program, dialect: str = "duckdb", decision: str | None = None,
           pretty: bool = True) -> str:
    """SQL text of the query of one decision (or of all), in `dialect`."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}; known: {', '.join(DIALECTS)}")
    tree = query(program, None if decision is None else [decision])
    return tree.sql(dialect=dialect, pretty=pretty) + ";\n"


def planned_sql_files(out: Path, programs: list[c.Program], dialect: str) -> dict[Path, str]:
    """`out/<statute path>/<decision>.sql` for every decision of every law, but those that
    compute their values (which the SQL backend does not compile: `refuse_computed`)."""
    files: dict[Path, str] = {}
    for program in programs:
        if program.kind is not surface.FileKind.LAW:
            continue
        for name in program.decisions:
            if c.is_computed(program.decisions[name]):
                continue
            header = (f"-- {program.title}: {name} ({dialect}).\n-- Generated by lawc from "
                      f"{program.file}; reads the table \"facts\" (docs/sql.md).\n")
            header = "".join(ch for ch in header if ch.isprintable() or ch == "\n")
            files[out / program.path / f"{names.key(name)}.sql"] = header + to_sql(
                program, dialect, name)
    return files
