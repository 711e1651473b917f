"""Running a law over a population: its SQL on DuckDB or Spark, or the interpreter row by row.

Takes a `Program` and a file of cases (Parquet in the layout of `compiler.backends.sql_schema`,
or CSV of fact paths as `lawc evaluate --csv` reads); gives a table with `_row`, `facts_error`
and `<decision>` / `<decision>_error` per decision, written as CSV or Parquet, and the count of
each outcome. `evaluate_population` is the one entry point; `run_duckdb` and `run_python` take
and give Arrow tables (tests compare them); Spark is in `compiler.engines.spark`.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from compiler.backends import to_sql
from compiler.core import ast as c
from compiler.core import names
from compiler.interpret import Interpreter, LawConflict, LawError, LawGap
from compiler.core.facts import FactsError
from compiler.engines.tables import arrow_schema, read_csv

ENGINES = ("duckdb", "spark", "python")
ERROR = "error"


def output_columns(program: c.Program) -> list[str]:
    out = [to_sql.ROW, to_sql.FACTS_ERROR]
    for name in program.decisions:
        out += [names.key(name), f"{names.key(name)}_error"]
    return out


def read_facts(program: c.Program, path: Path) -> pa.Table:
    """A file of cases as a table of facts (`_row` added, from 1, when the file has none)."""
    if path.suffix.lower() == ".csv":
        return read_csv(program, path)
    table = pq.read_table(path)
    if to_sql.ROW not in table.column_names:
        table = table.add_column(0, to_sql.ROW, pa.array(range(1, table.num_rows + 1),
                                                         pa.int64()))
    return table


def run_duckdb(program: c.Program, facts: pa.Table | Path, threads: int | None = None) -> pa.Table:
    """The law's query on embedded DuckDB, over an Arrow table or a Parquet file."""
    import duckdb

    con = duckdb.connect()
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if isinstance(facts, Path):
        if facts.suffix.lower() == ".csv":
            con.register(to_sql.TABLE, read_csv(program, facts))
        else:
            rel = con.read_parquet(str(facts), file_row_number=True)
            if to_sql.ROW in rel.columns:
                rel.create_view(to_sql.TABLE)
            else:
                rel.create_view("lawc:raw")
                con.execute('CREATE VIEW "facts" AS SELECT file_row_number + 1 AS "_row", '
                            '* EXCLUDE (file_row_number) FROM "lawc:raw"')
    else:
        con.register(to_sql.TABLE, facts)
    sql = to_sql.to_sql(program, "duckdb", pretty=False).rstrip(";\n")
    result: pa.Table = con.sql(sql).to_arrow_table()
    con.close()
    return result


def _json_case(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_case(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_json_case(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def law_error_text(exc: LawError, decision: str) -> str:
    """The words of the error column for an interpreter's error on `decision`."""
    if isinstance(exc, (LawConflict, LawGap)):
        return str(exc)
    return to_sql.evaluation_message(decision)


def run_python(program: c.Program, facts: pa.Table) -> pa.Table:
    """The interpreter, case by case (the reference the SQL engines are tested against)."""
    interpreter = Interpreter(program)
    rows: list[dict[str, object]] = []
    from compiler.core.facts import parse_facts, to_json

    for case in facts.to_pylist():
        row: dict[str, object] = {to_sql.ROW: case.pop(to_sql.ROW), to_sql.FACTS_ERROR: None}
        try:
            record = parse_facts(program, _json_case(case))
        except FactsError as exc:
            record = None
            row[to_sql.FACTS_ERROR] = str(exc)
        for name in program.decisions:
            key = names.key(name)
            value: object = None
            error: str | None = None
            if record is None:
                error = f"bad facts: {row[to_sql.FACTS_ERROR]}"
            else:
                try:
                    value = to_json(interpreter.evaluate(name, record))
                except LawError as exc:
                    error = law_error_text(exc, name)
            row[key] = value
            row[f"{key}_error"] = error
        rows.append(row)
    return pa.Table.from_pylist(rows) if rows else pa.table(
        {k: pa.array([], pa.string()) for k in output_columns(program)})


def counts(program: c.Program, result: pa.Table) -> dict[str, dict[str, int]]:
    """For each decision, how many cases got each value (`error` for those that got none)."""
    out: dict[str, dict[str, int]] = {}
    for name in program.decisions:
        key = names.key(name)
        tally: Counter[str] = Counter()
        errors = pc.sum(pc.is_valid(result.column(f"{key}_error"))).as_py() or 0
        for entry in pc.value_counts(result.column(key).drop_null()).to_pylist():
            tally[json.dumps(entry["values"], default=str)] = entry["counts"]
        if errors:
            tally[ERROR] = errors
        out[key] = dict(sorted(tally.items()))
    return out


def write_result(result: pa.Table, path: Path) -> None:
    if path.suffix.lower() == ".csv":
        pacsv.write_csv(result, path)
    else:
        pq.write_table(result, path)


def evaluate_population(program: c.Program, input_path: str | Path, output_path: str | Path,
                        engine: str = "duckdb") -> dict[str, dict[str, int]]:
    """Every case of `input_path` (CSV or Parquet) decided by `engine`, written to
    `output_path` (CSV or Parquet by its suffix); gives the count of each outcome."""
    source, target = Path(input_path), Path(output_path)
    if engine == "duckdb":
        result = run_duckdb(program, source)
    elif engine == "spark":
        from compiler.engines.spark import run_spark, session

        result = run_spark(program, source, session())
    elif engine == "python":
        result = run_python(program, read_facts(program, source))
    else:
        raise ValueError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    write_result(result, target)
    return counts(program, result)


__all__ = ["ENGINES", "arrow_schema", "counts", "evaluate_population", "read_facts",
           "run_duckdb", "run_python"]
