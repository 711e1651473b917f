"""A malformed element of a list (a conviction with a field missing or of no type of the law) is
reported by its row with the field named, on DuckDB as by the interpreter, and every other row
is still decided: through `run_duckdb` (Arrow) and through `evaluate_population` to Parquet
(DuckDB writes the file itself)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.backends import sql_schema as schema
from compiler.engines.engines import counts, evaluate_population, run_duckdb
from compiler.engines.tables import facts_table
from conftest import REPO, load
from population_checks import assert_same, field_of, rows
from strategies import facts_for, leaf_paths

LAWS = ["nyc/local_law_62_2011", "nyc/local_law_22_2013"]
SETTINGS = settings(max_examples=2, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def element_fields(program: Any) -> set[str]:
    """The fields of a conviction the law's query reads (and so checks)."""
    person = next(k for k in schema.columns(program) if k.key == "person")
    convictions = next(k for k in person.children if k.key == "convictions")
    return {k.key for k in convictions.children}


@pytest.mark.parametrize("law", LAWS)
def test_a_malformed_conviction_is_reported_by_row_and_field(law: str, tmp_path: Path) -> None:
    program = load(REPO / "statutes" / f"{law}.law")
    read = element_fields(program)

    @SETTINGS
    @given(cases=st.lists(facts_for(program), min_size=1, max_size=8),
           target=facts_for(program, long_lists=True), data=st.data())
    def check(cases: list[dict[str, Any]], target: dict[str, Any], data: st.DataObject) -> None:
        paths = [p for p in leaf_paths(target) if len(p) == 4 and p[:2] == ("person",
                 "convictions") and p[3] in read]
        path = data.draw(st.sampled_from(paths))
        broken = copy.deepcopy(target)
        element = broken["person"]["convictions"][path[2]]
        if data.draw(st.booleans()):
            del element[path[3]]
        else:
            element[path[3]] = "not a value \u202e'); DROP TABLE facts; --"
        at = data.draw(st.integers(0, len(cases)))
        population = cases[:at] + [broken] + cases[at:]
        table = facts_table(program, population)
        got = rows(run_duckdb(program, table))
        assert_same(program, population, got)
        assert field_of(got[at]["facts_error"]) == f"person.convictions[*].{path[3]}"
        assert all(r["facts_error"] is None for i, r in enumerate(got) if i != at)
        source, target_file = tmp_path / "cases.parquet", tmp_path / "out.parquet"
        pq.write_table(table, source)
        tally = evaluate_population(program, source, target_file, engine="duckdb")
        written = pq.read_table(target_file)
        assert rows(written) == got
        assert tally == counts(program, written)

    check()


def test_a_missing_record_is_named_before_its_fields() -> None:
    """A case without its person or its request: the record is named (the query tests the
    record only where one of its fields is NULL), not one of its fields."""
    import json

    program = load(REPO / "statutes" / "nyc" / "local_law_62_2011.law")
    case = json.loads((REPO / "examples" / "case.json").read_text(encoding="utf-8"))
    cases = [case] + [{k: v for k, v in case.items() if k != gone} for gone in ("person",
                                                                                "request")]
    no_flag = copy.deepcopy(case)
    del no_flag["person"]["known_gang_membership_in_a_law_enforcement_database"]  # tested first
    cases.append(no_flag)
    got = rows(run_duckdb(program, facts_table(program, cases)))
    assert_same(program, cases, got)
    assert [field_of(r["facts_error"]) for r in got] == [
        None, "person", "request", "person.known_gang_membership_in_a_law_enforcement_database"]
