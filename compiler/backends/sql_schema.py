"""The table of facts a law's SQL reads: its columns, their SQL types, and the checks of each row.

Takes a `Program`; gives the columns the law reads (one row per case: the case's facts as
columns, a record as a struct, a list of records as an array of structs, only the fields the law
reads), their sqlglot data types, and `facts_error(program, alias)`: an expression that names the
first fact of a row that is missing (NULL), outside its bounds or not one of its enumeration's
values, in the order `compiler.core.facts` checks them, or is NULL for a good row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from compiler import runtime as rt
from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import read_fields_of

ROOT = "case"
DECIMAL_PRECISION = 18
DECIMAL_SCALE = 6


@dataclass(frozen=True)
class Column:
    """One read field: its JSON key, its law type, and the read fields below it (records)."""

    key: str
    name: str
    type: c.Type
    children: tuple[Column, ...]
    optional: bool = False  # `, if known`: NULL where the case has no value


def fields_of(program: c.Program, record: str) -> dict[str, c.FieldDecl]:
    return program.facts.fields if record == ROOT else program.records[record].fields


def columns(program: c.Program, record: str = ROOT, depth: int = 0) -> tuple[Column, ...]:
    """The fields of `record` the law reads, sorted by name (the order facts are checked in)."""
    read = read_fields_of(program)
    out: list[Column] = []
    fields = fields_of(program, record)
    for name in sorted(read.get(record, ())):
        t = fields[name].type
        children: tuple[Column, ...] = ()
        if isinstance(t, c.RecordT) and depth < 8:
            children = columns(program, t.name, depth + 1)
        elif isinstance(t, c.ListT) and depth < 8:
            children = columns(program, t.element, depth + 1)
        out.append(Column(names.key(name), name, t, children, fields[name].optional))
    return tuple(out)


def data_type(col: Column) -> exp.DataType:
    """The SQL type a column is read as."""
    t = col.type
    if isinstance(t, c.BoolT):
        return exp.DataType.build("BOOLEAN")
    if isinstance(t, (c.IntT, c.DurationT)):
        return exp.DataType.build("BIGINT")
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        return exp.DataType.build(f"DECIMAL({DECIMAL_PRECISION}, {DECIMAL_SCALE})")
    if isinstance(t, c.DateT):
        return exp.DataType.build("DATE")
    if isinstance(t, c.DateTimeT):
        return exp.DataType.build("TIMESTAMP")
    if isinstance(t, (c.CodeT, c.EnumT)):
        return exp.DataType.build("VARCHAR")
    kids = [exp.ColumnDef(this=exp.to_identifier(k.key, quoted=True), kind=data_type(k))
            for k in col.children]
    struct = exp.DataType(this=exp.DataType.Type.STRUCT, expressions=kids, nested=True)
    if isinstance(t, c.RecordT):
        return struct
    return exp.DataType(this=exp.DataType.Type.ARRAY, expressions=[struct], nested=True)


def field(owner: exp.Expr | None, key: str, alias: str) -> exp.Expr:
    """The field `key` of `owner` (a struct), or of the row when `owner` is None."""
    if owner is None:
        return exp.column(exp.to_identifier(key, quoted=True),
                          table=exp.to_identifier(alias, quoted=True))
    return exp.Dot(this=owner, expression=exp.to_identifier(key, quoted=True))


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


class _Checker:
    """Builds the checks of a program's rows; lambda variables are numbered as they are made."""

    def __init__(self, program: c.Program) -> None:
        self.enums = {name: e.values for name, e in program.enums.items()}
        self.count = 0

    def column(self, col: Column, value: exp.Expr,
               path: str) -> list[tuple[exp.Expr, exp.Expr]]:
        """(condition, message) pairs, in order, that find what is wrong with one column."""
        out: list[tuple[exp.Expr, exp.Expr]] = [] if col.optional else [
            (_missing(col, value), text(f"{path}: missing or not {col.type}"))]
        t = col.type
        shown = exp.cast(value.copy(), exp.DataType.build("VARCHAR"))
        if isinstance(t, c.EnumT):
            allowed = self.enums[t.name]
            out.append((exp.Not(this=exp.In(this=value.copy(),
                                            expressions=[text(v) for v in allowed])),
                        _concat(text(f"{path}: expected one of "
                                     f"{', '.join(repr(v) for v in allowed)}, got '"),
                                shown, text("'"))))
        if isinstance(t, c.CodeT) and t.forms:
            out.append((exp.Not(this=exp.RegexpLike(this=value.copy(),
                                                    expression=text(sql_code_pattern(t.forms)))),
                        _concat(text(f"{path}: expected a code of the form "
                                     f"{' or '.join(repr(f) for f in t.forms)}, got '"),
                                shown.copy(), text("'"))))
        low = getattr(t, "low", None)
        high = getattr(t, "high", None)
        if low is not None:
            out.append((exp.LT(this=value.copy(), expression=exp.Literal.number(str(low))),
                        _concat(text(f"{path}: "), shown.copy(),
                                text(f" is below the lowest allowed value, {low}"))))
        if high is not None:
            out.append((exp.GT(this=value.copy(), expression=exp.Literal.number(str(high))),
                        _concat(text(f"{path}: "), shown.copy(),
                                text(f" is above the highest allowed value, {high}"))))
        if isinstance(t, c.RecordT):
            for k in col.children:
                out.extend(self.column(k, field(value, k.key, ""), f"{path}.{k.key}"))
        if isinstance(t, c.ListT) and col.children:
            self.count += 1
            var = exp.to_identifier(f"_e{self.count}")
            m = exp.to_identifier(f"_m{self.count}")
            inner = self.case(col.children, var, f"{path}[*]", "")
            # rows whose elements are all good (nearly all) pay for one boolean pass only:
            # the messages are made where some element fails one of its checks
            tests = [cond for k in col.children
                     for cond, _ in self.column(k, field(var.copy(), k.key, ""), "")]
            failing = exp.ArrayFilter(this=value.copy(), expression=exp.Lambda(
                this=_any(tests), expressions=[var.copy()]))
            messages = exp.Transform(this=value.copy(),
                                     expression=exp.Lambda(this=inner, expressions=[var.copy()]))
            bad = exp.ArrayFilter(this=messages, expression=exp.Lambda(
                this=exp.Not(this=exp.Is(this=m.copy(), expression=exp.Null())),
                expressions=[m.copy()]))
            out.append((exp.GT(this=exp.ArraySize(this=failing),
                               expression=exp.Literal.number(0)),
                        exp.Bracket(this=bad.copy(), expressions=[exp.Literal.number(1)],
                                    offset=1, safe=True)))
        return out

    def case(self, cols: tuple[Column, ...], owner: exp.Expr | None, path: str,
             alias: str) -> exp.Expr:
        """The message of the first failing check of `cols`, or NULL."""
        pairs: list[tuple[exp.Expr, exp.Expr]] = []
        for col in cols:
            value = field(owner.copy() if owner is not None else None, col.key, alias)
            pairs.extend(self.column(col, value, f"{path}.{col.key}" if path else col.key))
        if not pairs:
            return exp.Null()
        case = exp.Case()
        for cond, message in pairs:
            case = case.when(cond, message, copy=False)
        return case


def _missing(col: Column, value: exp.Expr) -> exp.Expr:
    """`value IS NULL`; for a record, tested only where one of its plain fields is NULL
    (`person.prior_order_of_removal IS NULL AND person IS NULL`): a NULL record's fields are
    NULL in DuckDB (from Arrow and Parquet) and Spark, and testing the record itself makes
    DuckDB read all of it, lists included, for every row."""
    missing: exp.Expr = exp.Is(this=value.copy(), expression=exp.Null())
    plain = [k for k in col.children if not isinstance(k.type, (c.RecordT, c.ListT))]
    if not isinstance(col.type, c.RecordT) or not plain:
        return missing
    return exp.And(this=exp.Is(this=field(value.copy(), plain[0].key, ""),
                               expression=exp.Null()), expression=missing)


def sql_code_pattern(forms: tuple[str, ...]) -> str:
    """`rt.code_pattern` for SQL engines: RE2 (DuckDB) has no lookahead, and in Java (Spark)
    `$` also matches before a final newline, so the end is `\\z`, which both read as the end."""
    return rt.code_pattern(forms).removesuffix(rt.CODE_END) + r"\z"


def _any(tests: list[exp.Expr]) -> exp.Expr:
    if not tests:
        return exp.false()
    out: exp.Expr = exp.paren(tests[0], copy=False)
    for t in tests[1:]:
        out = exp.Or(this=out, expression=exp.paren(t, copy=False))
    return out


def _concat(*parts: exp.Expr) -> exp.Expr:
    return exp.Concat(expressions=list(parts), safe=False)


def facts_error(program: c.Program, alias: str) -> exp.Expr:
    """The first thing wrong with a row's facts, as `path: what` (NULL for a good row). The
    checks' chain is led by one test that none of them holds (`NOT (c1 OR c2 …)`), so a good
    row, nearly every row, leaves the CASE at its first branch instead of passing each of
    them in turn (Local Law 62 of 2011 on 1M rows: 0.59 to 0.50 s CPU); a row the test does not
    clear (a check TRUE or NULL) goes down the chain as before."""
    checks = _Checker(program).case(columns(program), None, "", alias)
    if not isinstance(checks, exp.Case) or len(ifs := checks.args["ifs"]) < 2:
        return checks
    none_holds = exp.Not(this=exp.paren(_any([i.this.copy() for i in ifs]), copy=False))
    return exp.Case(ifs=[exp.If(this=none_holds, true=exp.Null()), *ifs])
