"""Lists of records as child tables (one Parquet row per element, joined by the case's `_row`)
give, on DuckDB, the same outcomes as the same cases with their lists as arrays of structs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from compiler.backends import sql_schema as schema
from compiler.core import ast as c
from compiler.engines.engines import child_tables, run_duckdb
from compiler.engines.tables import facts_table
from conftest import REPO, load
from population_checks import rows
from strategies import facts_for

LAW = REPO / "statutes" / "nyc" / "local_law_62_2011.law"


def list_paths(cols: tuple[schema.Column, ...], prefix: str = "") -> list[str]:
    """The paths of the lists of records outside lists (`person.convictions`)."""
    out: list[str] = []
    for col in cols:
        if isinstance(col.type, c.ListT):
            out.append(prefix + col.key)
        elif isinstance(col.type, c.RecordT):
            out += list_paths(col.children, f"{prefix}{col.key}.")
    return out


def split(table: pa.Table, paths: list[str], folder: Path) -> Path:
    """`table` written as `cases.parquet` with each list in `paths` as a child table beside it
    (`cases.<path>.parquet`) and removed from the cases."""
    cases = table.to_pylist()
    for path in paths:
        parts = path.split(".")
        elements: list[dict[str, Any]] = []
        for case in cases:
            owner = case
            for part in parts[:-1]:
                owner = owner[part] if owner is not None else None
            items = owner.pop(parts[-1]) if owner is not None else None
            elements += [{"_row": case["_row"], **item} for item in items or [] if item]
        kind: pa.DataType = table.schema.field(parts[0]).type
        for part in parts[1:]:
            kind = kind.field(part).type
        element = pa.schema([pa.field("_row", pa.int64()), *kind.value_type])
        pq.write_table(pa.Table.from_pylist(elements, schema=element),
                       folder / f"cases.{path}.parquet")
    pq.write_table(pa.Table.from_pylist(cases), folder / "cases.parquet")  # lists dropped
    return folder / "cases.parquet"


def test_child_tables_are_found_beside_the_cases(tmp_path: Path) -> None:
    for name in ("cases.parquet", "cases.person.convictions.parquet", "other.x.parquet"):
        (tmp_path / name).write_bytes(b"")
    assert child_tables(tmp_path / "cases.parquet") == {
        "person.convictions": tmp_path / "cases.person.convictions.parquet"}


@settings(max_examples=5, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(cases=st.lists(facts_for(load(LAW)), min_size=1, max_size=60))
def test_child_tables_give_what_arrays_of_structs_give(cases: list[dict[str, Any]],
                                                       tmp_path_factory: pytest.TempPathFactory
                                                       ) -> None:
    program = load(LAW)
    table = facts_table(program, cases)
    paths = list_paths(schema.columns(program))
    assert paths == ["person.convictions", "person.pending_charges"]
    folder = tmp_path_factory.mktemp("children")
    source = split(table, paths, folder)
    want = rows(run_duckdb(program, table))
    got = rows(run_duckdb(program, source))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        # an absent or empty list both arrive as no rows of a child table
        if w["facts_error"] is not None and "[*]" not in w["facts_error"] and (
                "convictions" in w["facts_error"] or "pending_charges" in w["facts_error"]):
            continue
        assert g == w


@pytest.mark.parametrize("engine", ["python"])
def test_other_engines_refuse_child_tables_before_they_start(tmp_path: Path, engine: str) -> None:
    from click.testing import CliRunner

    from compiler.cli import main

    program = load(LAW)
    split(facts_table(program, [{}]), ["person.convictions"], tmp_path)
    result = CliRunner().invoke(main, [
        "evaluate", str(LAW), "--engine", engine, "--input", str(tmp_path / "cases.parquet"),
        "--output", str(tmp_path / "out.parquet")])
    assert result.exit_code == 1, result.output
    assert "cases.person.convictions.parquet" in result.output
    assert "duckdb and spark engines only" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.parquet").exists()

