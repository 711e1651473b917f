"""Reading a CSV of cases in bulk: pyarrow's CSV reader, then DuckDB turns text into typed facts.

Takes a `Program` and a CSV file of fact paths (as `lawc evaluate --csv` reads: a column a fact
such as `person.date_of_birth`, lists and records as JSON cells); gives the table of facts
`compiler.engines.tables.read_csv` gives, with the same `_row` numbers and the same values,
built without a Python loop over rows: pyarrow reads every cell as text (in C++, in parallel) and
one DuckDB query, a sqlglot tree over the schema's columns, converts each cell by the rules of
`compiler.population` and `compiler.engines.tables` (`yes`/`no`, exact decimals, ISO dates; a
cell that is not of its type becomes NULL, which the law's query reports for that row, naming
the field). `fast_read_csv` gives None for what it does not read exactly as the row-by-row reader
does (a row with the wrong number of fields, indexed list columns such as
`person.convictions.0.class`, a column that is also the prefix of another, text that is not
UTF-8); the caller then reads the file row by row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from compiler.backends import sql_schema as schema
from compiler.core import ast as c

SOURCE = "lawc:csv"
_SPACE = " \t\n\r\x0b\x0c"  # what Python's str.strip() strips, in ASCII
_INT = r"[+-]?[0-9]+(_[0-9]+)*"
_DECIMAL = r"[+-]?([0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATETIME = _DATE + r"T([01][0-9]|2[0-3]):[0-5][0-9](:00)?"  # `runtime.read_datetime`


def _fn(name: str, *args: Any) -> Any:
    from sqlglot import exp

    return exp.Anonymous(this=name, expressions=list(args))


def _text(value: str) -> Any:
    from sqlglot import exp

    return exp.Literal.string(value)


class _Converter:
    """Builds the expression of one column from cells (trimmed text) or JSON values."""

    def __init__(self, header: dict[str, str]) -> None:
        self.header = header  # fact path → the CSV column's own name
        self.count = 0
        self.first: dict[str, Any] = {}  # the first step's columns: each cell's text, parsed once

    def once(self, name: str, value: Any) -> Any:
        """`value` computed once per row in the first step, read here by its column name."""
        from sqlglot import exp

        self.first.setdefault(name, value)
        return exp.column(exp.to_identifier(name, quoted=True))

    # ----------------------------------------------------------------------------- cells
    def cell(self, path: str) -> Any:
        """The trimmed text of a column, NULL when empty."""
        from sqlglot import exp

        column = exp.column(exp.to_identifier(self.header[path], quoted=True))
        return self.once(f"lawc:cell:{path}", exp.Nullif(
            this=exp.Trim(this=column, expression=_text(_SPACE)), expression=_text("")))

    def column(self, col: schema.Column, path: str) -> Any:
        """The typed value of the column at `path` (a fact path)."""
        from sqlglot import exp

        t = col.type
        if path in self.header:
            x = self.cell(path)
            if isinstance(t, (c.RecordT, c.ListT)):
                valid = _fn("json_valid", x.copy())
                j = self.once(f"lawc:json:{path}", exp.If(this=valid, true=exp.cast(
                    x, exp.DataType.build("JSON"))))
                return self.from_json(col, j, path)
            return self.scalar(t, x)
        if isinstance(t, c.RecordT):
            below = [p for p in self.header if p.startswith(path + ".")]
            if not below:
                return exp.Null()
            some = exp.Coalesce(this=self.cell(below[0]),
                                expressions=[self.cell(p) for p in below[1:]])
            return exp.If(this=exp.Not(this=exp.Is(this=some, expression=exp.Null())),
                          true=self.struct([(k, self.column(k, f"{path}.{k.key}"))
                                            for k in col.children]))
        return exp.Null()

    def struct(self, fields: list[tuple[schema.Column, Any]]) -> Any:
        from sqlglot import exp

        if not fields:  # a record none of whose fields is read (tables.arrow_type)
            return exp.Struct(expressions=[exp.PropertyEQ(
                this=exp.to_identifier("_", quoted=True),
                expression=exp.cast(exp.Null(), exp.DataType.build("BOOLEAN")))])
        return exp.Struct(expressions=[exp.PropertyEQ(
            this=exp.to_identifier(k.key, quoted=True), expression=v) for k, v in fields])

    # ------------------------------------------------------------------------- scalars
    def scalar(self, t: c.Type, x: Any) -> Any:
        """A trimmed, non-empty cell (or NULL) as a value of `t` (population._cell, then
        tables._value)."""
        from sqlglot import exp

        if isinstance(t, c.BoolT):
            low = exp.Lower(this=x.copy())
            return exp.Case().when(exp.In(this=low, expressions=[
                _text(v) for v in ("yes", "true", "1", "y")]), exp.true()).when(
                exp.In(this=low.copy(), expressions=[_text(v) for v in ("no", "false", "0",
                                                                        "n")]), exp.false())
        if isinstance(t, c.EnumT):  # a JSON list or object in the cell is no value
            json_like = exp.And(this=exp.In(this=exp.Substring(
                this=x.copy(), start=exp.Literal.number(1), length=exp.Literal.number(1)),
                expressions=[_text("["), _text("{")]), expression=_fn("json_valid", x.copy()))
            return exp.If(this=exp.Not(this=exp.paren(json_like, copy=False)), true=x)
        return self.text_value(t, x)

    def text_value(self, t: c.Type, x: Any) -> Any:
        """Text (already stripped where Python strips it) as a value of `t`, or NULL."""
        from sqlglot import exp

        if isinstance(t, (c.IntT, c.DurationT)):
            ok = _fn("regexp_full_match", x.copy(), _text(_INT))
            return exp.If(this=ok, true=exp.TryCast(this=x, to=exp.DataType.build("BIGINT")))
        if isinstance(t, (c.DecimalT, c.MoneyT)):
            if isinstance(t, c.MoneyT):
                x = exp.func("replace", exp.func("ltrim", x, _text("$"), dialect="duckdb"),
                             _text(","), _text(""), dialect="duckdb")
            typed = exp.TryCast(this=x.copy(), to=exp.DataType.build(
                f"DECIMAL({schema.DECIMAL_PRECISION}, {schema.DECIMAL_SCALE})"))
            wide = exp.TryCast(this=x.copy(), to=exp.DataType.build("DECIMAL(38, 18)"))
            ok = exp.And(this=_fn("regexp_full_match", x.copy(), _text(_DECIMAL)),
                         expression=exp.EQ(this=typed.copy(), expression=wide))
            return exp.If(this=ok, true=typed)
        if isinstance(t, c.DateT):
            ok = exp.And(this=_fn("regexp_full_match", x.copy(), _text(_DATE)),
                         expression=exp.NEQ(this=exp.Substring(
                             this=x.copy(), start=exp.Literal.number(1),
                             length=exp.Literal.number(4)), expression=_text("0000")))
            return exp.If(this=ok, true=exp.TryCast(this=x, to=exp.DataType.build("DATE")))
        if isinstance(t, c.DateTimeT):
            ok = exp.And(this=_fn("regexp_full_match", x.copy(), _text(_DATETIME)),
                         expression=exp.NEQ(this=exp.Substring(
                             this=x.copy(), start=exp.Literal.number(1),
                             length=exp.Literal.number(4)), expression=_text("0000")))
            return exp.If(this=ok, true=exp.TryCast(this=x, to=exp.DataType.build(
                "TIMESTAMP")))
        return x  # a code

    # ---------------------------------------------------------------------------- JSON
    def json_type(self, j: Any) -> Any:
        return _fn("json_type", j.copy())

    def from_json(self, col: schema.Column, j: Any, path: str | None = None) -> Any:
        """A JSON value as a value of `col` (tables._value's rules on parsed JSON); `path`
        names a whole cell, whose parsing is done once in the first step."""
        from sqlglot import exp

        t = col.type
        kind = self.json_type(j)
        if path is not None:
            kind = self.once(f"lawc:type:{path}", kind)
        if isinstance(t, c.RecordT):
            return self.record(col, j)
        if isinstance(t, c.ListT):
            return exp.If(this=exp.EQ(this=kind, expression=_text("ARRAY")),
                          true=self.items(col, j, path))
        string = exp.JSONExtractScalar(this=j.copy(), expression=exp.JSONPath(
            expressions=[exp.JSONPathRoot()]))
        if isinstance(t, c.BoolT):
            return exp.If(this=exp.EQ(this=kind, expression=_text("BOOLEAN")),
                          true=exp.cast(j.copy(), exp.DataType.build("BOOLEAN")))
        if isinstance(t, (c.CodeT, c.EnumT)):
            return exp.If(this=exp.EQ(this=kind, expression=_text("VARCHAR")), true=string)
        if isinstance(t, (c.DateT, c.DateTimeT)):
            return exp.If(this=exp.EQ(this=kind, expression=_text("VARCHAR")),
                          true=self.text_value(t, string))
        stripped = exp.Trim(this=string, expression=_text(_SPACE))
        if isinstance(t, (c.IntT, c.DurationT)):
            double = exp.cast(j.copy(), exp.DataType.build("DOUBLE"))
            integral = exp.And(this=exp.EQ(this=kind.copy(), expression=_text("DOUBLE")),
                               expression=exp.EQ(this=double, expression=exp.Floor(
                                   this=double.copy())))
            return exp.Case().when(exp.EQ(this=kind.copy(), expression=_text("BIGINT")),
                                   exp.cast(j.copy(), exp.DataType.build("BIGINT"))).when(
                integral, exp.TryCast(this=double.copy(), to=exp.DataType.build("BIGINT"))).when(
                exp.EQ(this=kind.copy(), expression=_text("VARCHAR")),
                self.text_value(t, stripped))
        number = exp.In(this=kind.copy(), expressions=[_text(k) for k in (
            "BIGINT", "UBIGINT", "DOUBLE")])
        raw = exp.cast(j.copy(), exp.DataType.build("VARCHAR"))
        return exp.Case().when(number, self.text_value(t, raw)).when(
            exp.EQ(this=kind.copy(), expression=_text("VARCHAR")), self.text_value(t, stripped))

    def items(self, col: schema.Column, j: Any, path: str | None) -> Any:
        """A JSON array as a list of structs: parsed once into structs of JSON fields, each
        element kept only where it is an object (`kinds`), as `tables._record` keeps it."""
        from sqlglot import exp

        self.count += 1
        e, s, i = (exp.to_identifier(f"_{v}{self.count}") for v in "esi")
        shape = json.dumps([{k.key: "JSON" for k in col.children} or {"_": "JSON"}])
        parsed = _fn("from_json", j.copy(), _text(shape))
        kinds: Any = exp.Transform(this=exp.cast(j.copy(), exp.DataType.build("JSON[]")),
                              expression=exp.Lambda(this=self.json_type(exp.column(e.copy())),
                                                    expressions=[e.copy()]))
        array = exp.EQ(this=self.json_type(j), expression=_text("ARRAY"))
        parsed, kinds = (exp.If(this=array.copy(), true=v) for v in (parsed, kinds))
        if path is not None:
            parsed = self.once(f"lawc:items:{path}", parsed)
            kinds = self.once(f"lawc:kinds:{path}", kinds)
        is_object = exp.EQ(this=exp.Bracket(this=kinds, expressions=[exp.column(i.copy())],
                                            offset=1, safe=True),
                           expression=_text("OBJECT"))
        fields = [(k, self.from_json(k, exp.Dot(this=exp.column(s.copy()),
                                                 expression=exp.to_identifier(k.key, quoted=True))))
                  for k in col.children]
        element = exp.If(this=is_object, true=self.struct(fields))
        return exp.Transform(this=parsed, expression=exp.Lambda(
            this=element, expressions=[s.copy(), i.copy()]))

    def record(self, col: schema.Column, j: Any) -> Any:
        """A JSON object as a struct of the read fields (NULL for anything but an object)."""
        from sqlglot import exp

        shape = json.dumps({k.key: "JSON" for k in col.children} or {"_": "JSON"})
        parsed = _fn("from_json", j.copy(), _text(shape))
        fields = [(k, self.from_json(k, exp.Dot(this=parsed.copy(), expression=exp.to_identifier(
            k.key, quoted=True)))) for k in col.children]
        return exp.If(this=exp.EQ(this=self.json_type(j), expression=_text("OBJECT")),
                      true=self.struct(fields))


def _header(path: Path) -> list[str] | None:
    import csv

    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def conversion(program: c.Program, header: list[str]) -> str | None:
    """The DuckDB query from the table `lawc:csv` (every cell text, and `_row`) to the table of
    facts, or None if the header is one the row-by-row reader must read."""
    from sqlglot import exp

    paths = {name.strip(): name for name in header}
    if len(paths) != len(header) or any(
            part.isdigit() for p in paths for part in p.split(".")) or any(
            q.startswith(p + ".") for p in paths for q in paths):
        return None
    convert = _Converter(paths)
    select = [exp.column(exp.to_identifier("_row", quoted=True))] + [
        exp.alias_(convert.column(col, col.key), col.key, quoted=True)
        for col in schema.columns(program)]
    first = exp.select(exp.Star(), *[exp.alias_(v, k, quoted=True)
                                     for k, v in convert.first.items()]).from_(
        exp.Table(this=exp.to_identifier(SOURCE, quoted=True)))
    query = exp.select(*select).from_(exp.Table(this=exp.to_identifier("lawc:cells",
                                                                        quoted=True)))
    return query.with_(exp.to_identifier("lawc:cells", quoted=True), as_=first).sql(
        dialect="duckdb")


def fast_read_csv(program: c.Program, path: Path) -> pa.Table | None:
    """The CSV's table of facts read in bulk, or None where it must be read row by row."""
    import duckdb

    from compiler.engines.tables import arrow_schema

    header = _header(path)
    if not header:
        return None
    sql = conversion(program, header)
    if sql is None:
        return None
    invalid: list[object] = []

    def skip(row: object) -> str:
        invalid.append(row)
        return "skip"

    try:
        text = pacsv.read_csv(
            path, read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError):
        return None
    if invalid:
        return None
    text = text.add_column(0, "_row", pa.array(range(2, text.num_rows + 2), pa.int64()))
    con = duckdb.connect()
    try:
        con.register(SOURCE, text)
        result: pa.Table = con.sql(sql).to_arrow_table()
    finally:
        con.close()
    return result.cast(arrow_schema(program))
