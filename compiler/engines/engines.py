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
from compiler.population import PopulationError

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


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def child_tables(path: Path) -> dict[str, Path]:
    """The child tables beside a Parquet file of cases: `cases.parquet` has, for the list of
    records `person.convictions`, the file `cases.person.convictions.parquet` (one row per
    element, with the case's `_row`), found by that name."""
    if path.suffix.lower() != ".parquet":
        return {}
    prefix = path.stem + "."
    return {p.name[len(prefix):-len(".parquet")]: p
            for p in sorted(path.parent.glob(f"{path.stem}.*.parquet"))
            if p.name.startswith(prefix)}


def refuse_child_tables(source: Path, engine: str) -> None:
    """Child tables are read on DuckDB and Spark: on the Python loop, cases with child tables
    beside them raise `PopulationError` (before it starts) rather than lose their lists."""
    children = child_tables(source)
    if engine in ("duckdb", "spark") or not children:
        return
    found = ", ".join(p.name for p in children.values())
    raise PopulationError(
        f"{source}: child tables beside it ({found}) are read by the duckdb and spark engines "
        f"only; run with --engine duckdb, or put each list in {source.name} as an array of "
        "structs")


def _join_children(con: Any, children: dict[str, Path]) -> None:
    """The view `facts` over `lawc:cases` with each child table folded back into its list:
    `list(struct_pack(...) ORDER BY the child's row in its file)` grouped by `_row`; a case
    with no rows in a child table has an empty list."""
    joins: list[str] = []
    replaced: dict[str, str] = {}
    added: list[str] = []
    cases_columns = con.sql('SELECT * FROM "lawc:cases" LIMIT 0').columns
    for number, (path, source) in enumerate(sorted(children.items())):
        rel = con.read_parquet(str(source), file_row_number=True)
        fields = [k for k in rel.columns if k not in (to_sql.ROW, "file_row_number")]
        if to_sql.ROW not in rel.columns:
            raise ValueError(f"{source}: a child table needs the column {to_sql.ROW!r}, the "
                             "case each row belongs to")
        name = f"lawc:child:{number}"
        rel.create_view(name)
        packed = ", ".join(f"{_quoted(k)} := c.{_quoted(k)}" for k in fields)
        grouped = (f'SELECT c."_row", list(struct_pack({packed}) ORDER BY c.file_row_number) '
                   f'AS items FROM {_quoted(name)} c GROUP BY c."_row"')
        alias = f"k{number}"
        joins.append(f"LEFT JOIN ({grouped}) {alias} ON {alias}.\"_row\" = p.\"_row\"")
        items = f"coalesce({alias}.items, [])"
        parts = path.split(".")
        if len(parts) == 1:
            added.append(f"{items} AS {_quoted(parts[0])}")
            continue
        top = parts[0]
        base = replaced.get(top, f"p.{_quoted(top)}")
        replaced[top] = _nested(base, parts[1:], items)
    select = ["p.*" + (f" REPLACE ({', '.join(f'{v} AS {_quoted(k)}' for k, v in replaced.items())})"
                       if replaced else "")] + added
    missing = [k for k in replaced if k not in cases_columns]
    if missing:
        raise ValueError(f"a child table's list is inside {missing[0]!r}, which the cases lack")
    con.execute(f'CREATE VIEW "facts" AS SELECT {", ".join(select)} FROM "lawc:cases" p '
                + " ".join(joins))


def _nested(owner: str, parts: list[str], items: str) -> str:
    """The struct `owner` with `items` at the path `parts` below it (added or replaced)."""
    if len(parts) == 1:
        return f"struct_insert({owner}, {_quoted(parts[0])} := {items})"
    inner = _nested(f"{owner}.{_quoted(parts[0])}", parts[1:], items)
    return f"struct_insert({owner}, {_quoted(parts[0])} := {inner})"


def _connect(program: c.Program, facts: pa.Table | Path, threads: int | None,
             children: dict[str, Path] | None) -> Any:
    """A DuckDB connection with the view `facts` over the cases (and their child tables)."""
    import duckdb

    con = duckdb.connect()
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if children is None:
        children = child_tables(facts) if isinstance(facts, Path) else {}
    view = "lawc:cases" if children else to_sql.TABLE
    if isinstance(facts, Path):
        if facts.suffix.lower() == ".csv":
            con.register(view, read_csv(program, facts))
        else:
            rel = con.read_parquet(str(facts), file_row_number=True)
            if to_sql.ROW in rel.columns:
                con.read_parquet(str(facts)).create_view(view)
            else:
                rel.create_view("lawc:raw")
                con.execute(f'CREATE VIEW {_quoted(view)} AS SELECT file_row_number + 1 AS '
                            '"_row", * EXCLUDE (file_row_number) FROM "lawc:raw"')
    else:
        con.register(view, facts)
    if children:
        _join_children(con, children)
    return con


def run_duckdb(program: c.Program, facts: pa.Table | Path, threads: int | None = None,
               children: dict[str, Path] | None = None,
               decisions: list[str] | None = None) -> pa.Table:
    """The law's query on embedded DuckDB, over an Arrow table or a Parquet file. `children`
    maps a list's path (`person.convictions`) to a Parquet child table of its elements; for a
    Parquet file they default to the files beside it (`child_tables`). `decisions` (all by
    default) are the decisions the query gives."""
    con = _connect(program, facts, threads, children)
    sql = to_sql.query(program, decisions).sql(dialect="duckdb")
    result: pa.Table = con.sql(sql).to_arrow_table()
    con.close()
    return result


def copy_duckdb(program: c.Program, facts: pa.Table | Path, output: Path,
                threads: int | None = None) -> pa.Table:
    """`run_duckdb` written by DuckDB itself to the Parquet file `output` (a `COPY … TO`:
    the rows never pass through Python); gives the decisions' columns read back from it,
    which is all `counts` needs."""
    con = _connect(program, facts, threads, None)
    con.sql(to_sql.query(program).sql(dialect="duckdb")).write_parquet(str(output))
    con.close()
    keys = [names.key(name) for name in program.decisions]
    return pq.read_table(output, columns=[k for key in keys for k in (key, f"{key}_error")])


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


def _broken_assumption(interpreter: Interpreter, record: Any) -> str | None:
    """What `decide()` says of facts that break one of the law's assumptions (None if none
    does); an assumption with no answer is reported as the SQL engines report it."""
    for assumption, paths, message in interpreter.assumptions:
        try:
            holds = interpreter.eval(assumption.condition, record, {})
        except LawError:
            return f"{paths}: {to_sql.ASSUMPTION_NO_ANSWER}" if paths \
                else to_sql.ASSUMPTION_NO_ANSWER
        if not holds:
            return f"{paths}: {message}" if paths else message
    return None


def run_python(program: c.Program, facts: pa.Table) -> pa.Table:
    """The interpreter, case by case (the reference the SQL engines are tested against)."""
    interpreter = Interpreter(program)
    rows: list[dict[str, object]] = []
    from compiler.core.facts import parse_facts, to_json

    for case in facts.to_pylist():
        row: dict[str, object] = {to_sql.ROW: case.pop(to_sql.ROW), to_sql.FACTS_ERROR: None}
        try:
            record = parse_facts(program, _json_case(case))
            broken = _broken_assumption(interpreter, record)
        except FactsError as exc:
            record, broken = None, str(exc)
        if broken is not None:
            record = None
            row[to_sql.FACTS_ERROR] = broken
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
    """For each decision, how many cases got each value (`error` for those that got none); an
    amount is counted by its value, written without trailing zeros (`"2148"`, `"925.93"`),
    whichever engine gave it (DuckDB a DECIMAL, the interpreter a string)."""
    out: dict[str, dict[str, int]] = {}
    for name in program.decisions:
        key = names.key(name)
        tally: Counter[str] = Counter()
        amount = isinstance(program.decisions[name].type, (c.DecimalT, c.MoneyT))
        errors = pc.sum(pc.is_valid(result.column(f"{key}_error"))).as_py() or 0
        for entry in pc.value_counts(result.column(key).drop_null()).to_pylist():
            value = entry["values"]
            if amount:
                value = _plain(Decimal(str(value)))
            elif isinstance(value, datetime.datetime):  # a TIMESTAMP as `to_json` writes it
                value = value.isoformat(timespec="minutes")
            tally[json.dumps(value, default=str)] += entry["counts"]
        if errors:
            tally[ERROR] = errors
        out[key] = dict(sorted(tally.items()))
    return out


def _plain(value: Decimal) -> str:
    """An amount's digits without trailing zeros after the point (`2148`, `925.9`)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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
    refuse_child_tables(source, engine)
    if engine == "duckdb" and target.suffix.lower() == ".parquet":
        return counts(program, copy_duckdb(program, source, target))
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


__all__ = ["ENGINES", "arrow_schema", "copy_duckdb", "counts", "evaluate_population",
           "read_facts", "run_duckdb", "run_python"]
