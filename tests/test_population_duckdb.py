"""The SQL backend on DuckDB gives, case by case, what the interpreter and the generated
`decide()` give, for every shipped statute, on random populations (malformed rows included)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.engines.engines import run_duckdb
from compiler.engines.tables import facts_table
from conftest import file_id, load, statute_laws
from population_checks import assert_same, refused_by_sql, rows
from strategies import facts_for, leaf_paths

SETTINGS = settings(max_examples=3, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def break_case(case: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """The case with one of its facts removed or given a value of no type of the law."""
    paths = [p for p in leaf_paths(case) if not isinstance(p[-1], int)]
    if not paths:
        return case
    broken = copy.deepcopy(case)
    path = data.draw(st.sampled_from(paths))
    node: Any = broken
    for part in path[:-1]:
        node = node[part]
    if data.draw(st.booleans()):
        del node[path[-1]]
    else:
        node[path[-1]] = "not a value \u202e'); DROP TABLE facts; --"
    return broken


def population(file: Path) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(facts_for(load(file)), min_size=1, max_size=100)


@pytest.mark.parametrize("file", statute_laws(), ids=file_id)
def test_duckdb_agrees_with_the_interpreter_and_decide(file: Path) -> None:
    program = load(file)
    if refused_by_sql(program, lambda: run_duckdb(program, facts_table(program, []))):
        return

    @SETTINGS
    @given(cases=population(file), data=st.data())
    def check(cases: list[dict[str, Any]], data: st.DataObject) -> None:
        broken = data.draw(st.sets(st.integers(0, len(cases) - 1), max_size=3))
        cases = [break_case(case, data) if i in broken else case for i, case in enumerate(cases)]
        got = rows(run_duckdb(program, facts_table(program, cases)))
        assert_same(program, cases, got)

    check()
