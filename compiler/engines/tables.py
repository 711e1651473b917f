"""Tables of facts: a law's columns as Arrow types, and cases (JSON-like or CSV rows) as a table.

Takes a `Program` and cases in the shape `decide()` takes, or a CSV file of fact paths (as
`lawc evaluate --csv` reads); gives a `pyarrow.Table` with one row per case, in the layout the
SQL backend reads (`compiler.backends.sql_schema`): records as structs, lists of records as
lists of structs, and `_row`, the case's number from 1. A value that is not of its type becomes
NULL, which the query then reports for that row, naming the field.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyarrow as pa

from compiler import runtime as rt
from compiler.backends import sql_schema as schema
from compiler.backends.to_sql import ROW
from compiler.population import leaf_types, row_to_facts
from compiler.core import ast as c


def arrow_type(col: schema.Column) -> pa.DataType:
    t = col.type
    if isinstance(t, c.BoolT):
        return pa.bool_()
    if isinstance(t, (c.IntT, c.DurationT)):
        return pa.int64()
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        return pa.decimal128(schema.DECIMAL_PRECISION, schema.DECIMAL_SCALE)
    if isinstance(t, c.DateT):
        return pa.date32()
    if isinstance(t, c.DateTimeT):
        return pa.timestamp("us")
    if isinstance(t, (c.CodeT, c.EnumT)):
        return pa.string()
    # a record none of whose fields is read still needs a field to be written to Parquet
    struct = pa.struct([pa.field(k.key, arrow_type(k)) for k in col.children]
                       or [pa.field("_", pa.bool_())])
    return struct if isinstance(t, c.RecordT) else pa.list_(struct)


def arrow_schema(program: c.Program) -> pa.Schema:
    """The schema of a table of facts for `program`, `_row` first."""
    return pa.schema([pa.field(ROW, pa.int64())]
                     + [pa.field(k.key, arrow_type(k)) for k in schema.columns(program)])


_SCALE = Decimal(1).scaleb(-schema.DECIMAL_SCALE)


def _value(value: object, col: schema.Column) -> object:
    """A JSON value as the Python value Arrow stores for `col`, or None if it is not one."""
    t = col.type
    if value is None:
        return None
    if isinstance(t, c.BoolT):
        return value if isinstance(value, bool) else None
    if isinstance(t, (c.IntT, c.DurationT)):
        if isinstance(value, bool):
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                return None
        return value if isinstance(value, int) and abs(value) < 2 ** 63 else None
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return None
        text = str(value).strip()
        if isinstance(t, c.MoneyT):
            text = text.lstrip("$").replace(",", "")
        try:
            number = Decimal(text)
            if not number.is_finite() or number.quantize(_SCALE) != number or \
                    abs(number) >= Decimal(10) ** (schema.DECIMAL_PRECISION - schema.DECIMAL_SCALE):
                return None
            return number.quantize(_SCALE)
        except InvalidOperation:
            return None
    if isinstance(t, c.DateT):
        if not isinstance(value, str) or len(value) != 10:
            return value if isinstance(value, datetime.date) else None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(t, c.DateTimeT):  # as `runtime.read_datetime` reads it
        if isinstance(value, datetime.datetime):
            return value
        try:
            return rt.read_datetime(value, "")
        except rt.FactsError:
            return None
    if isinstance(t, (c.CodeT, c.EnumT)):
        return value if isinstance(value, str) else None
    if isinstance(t, c.RecordT):
        return _record(value, col.children)
    if not isinstance(value, list):
        return None
    return [_record(item, col.children) for item in value]


def _record(value: object, cols: tuple[schema.Column, ...]) -> dict[str, object] | None:
    if not isinstance(value, Mapping):
        return None
    return {k.key: _value(value.get(k.key), k) for k in cols}


def facts_table(program: c.Program, cases: Iterable[Mapping[str, object]],
                first_row: int = 1) -> pa.Table:
    """Cases (JSON-like facts) as a table of facts; `_row` counts from `first_row`."""
    cols = schema.columns(program)
    rows = []
    for number, case in enumerate(cases, start=first_row):
        row = _record(case, cols) if isinstance(case, Mapping) else None
        rows.append({ROW: number, **(row or {k.key: None for k in cols})})
    return pa.Table.from_pylist(rows, schema=arrow_schema(program))


def read_csv(program: c.Program, path: Path) -> pa.Table:
    """A CSV of fact paths (`person.date_of_birth`, lists as JSON cells or indexed columns)
    as a table of facts; `_row` is the CSV line number, as `lawc evaluate --csv` counts. Read
    in bulk (`compiler.engines.csv_read`) where it can be, else row by row (`read_csv_rows`)."""
    from compiler.engines.csv_read import fast_read_csv

    table = fast_read_csv(program, path)
    return table if table is not None else read_csv_rows(program, path)


def read_csv_rows(program: c.Program, path: Path) -> pa.Table:
    """`read_csv`, one row at a time in Python (the reference the bulk reader is held to)."""
    types = leaf_types(program)
    with open(path, encoding="utf-8", newline="") as handle:
        cases = [row_to_facts(row, types) if None not in row else {}
                 for row in csv.DictReader(handle)]
    return facts_table(program, cases, first_row=2)
