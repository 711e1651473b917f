"""The same SQL on Spark (local mode) gives what the interpreter and `decide()` give, for every
shipped statute, on random populations. Slow: one Spark session for the module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import file_id, load, statute_laws
from population_checks import assert_same, refused_by_sql, rows
from strategies import facts_for

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("java") is None,
                                 reason="Spark needs a Java runtime and none is on PATH")]
pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from compiler.engines import spark as engine

    yield engine.session()
    engine.stop()


@pytest.mark.parametrize("file", statute_laws(), ids=file_id)
def test_spark_agrees_with_the_interpreter_and_decide(file: Path, spark: Any) -> None:
    from compiler.engines.spark import run_spark
    from compiler.engines.tables import facts_table

    program = load(file)
    if refused_by_sql(program, lambda: run_spark(program, facts_table(program, []), spark)):
        return

    @settings(max_examples=1, phases=[Phase.explicit, Phase.generate], deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(cases=st.lists(facts_for(program), min_size=1, max_size=80))
    def check(cases: list[dict[str, Any]]) -> None:
        got = rows(run_spark(program, facts_table(program, cases), spark))
        assert_same(program, cases, got)

    check()


LENDING = """law "Made-up Lending Act"
  summary: lists of records in a record and in the case, as child tables

an item has:
  a weight: a whole number from 0 to 100

a loan has:
  a due date: a date

a borrower has:
  a disability: yes or no
  loans: a list of loans

facts:
  the request date: a date
  the borrower: a borrower
  items: a list of items

decision the overdue: yes or no
  by default: no

decision the fee: money

§ 1 "Overdue"
  the overdue if any loan of the borrower such that its due date is before the request date
  the overdue if the borrower has a disability

§ 2 "Fee"
  the fee is $2.50 for each item
"""


def test_child_tables_on_spark_give_what_duckdb_gives(compile_law: Any, tmp_path: Path,
                                                       spark: Any) -> None:
    """Spark folds child tables back (`spark.fold_children`), a list in a record and one of
    the case: the rows DuckDB gives for the same files, and for the lists in place."""
    from compiler.backends import sql_schema as schema
    from compiler.engines.engines import run_duckdb
    from compiler.engines.spark import run_spark
    from compiler.engines.tables import facts_table
    from test_population_children import list_paths, split

    program, _ = compile_law(LENDING, name="lending")
    loan = {"due_date": "2020-01-01"}
    cases = [{"request_date": "2020-06-01", "borrower": {"loans": [loan, loan],
                                                        "disability": False},
              "items": [{"weight": w} for w in (3, 60, 7)]},
             {"request_date": "2019-06-01", "borrower": {"loans": [loan], "disability": False},
              "items": []},
             {"request_date": "2019-06-01", "borrower": {"loans": [], "disability": True},
              "items": [{"weight": 1}, {}]}]
    table = facts_table(program, cases)
    paths = list_paths(schema.columns(program))
    assert paths == ["borrower.loans", "items"]
    source = split(table, paths, tmp_path)
    want = rows(run_duckdb(program, table))
    got = rows(run_spark(program, source, spark))
    assert got == rows(run_duckdb(program, source))
    assert [r["fee"] for r in got] == [r["fee"] for r in want]
    assert [r["overdue"] for r in got][:2] == [True, False]
    assert [r["fee"] for r in got][:3] == [Decimal("7.50"), 0, Decimal("5.00")]


def test_computed_values_and_assumptions_on_spark(compile_law: Any, spark: Any) -> None:
    """Spark computes what the interpreter computes (half cents, month ends, conflicts between
    computed values in its words) and names a broken assumption, as DuckDB does."""
    from compiler.engines.spark import run_spark
    from compiler.engines.tables import facts_table
    from test_population_computed import COMPUTING, CONFLICT_LAW, EDGES, PENALTIES

    program = load(COMPUTING)
    assert_same(program, EDGES, rows(run_spark(program, facts_table(program, EDGES), spark)))
    fees, _module = compile_law(CONFLICT_LAW, name="fees")
    cases = [{"item_count": 2, "price": "10", "start": "1999-12-31"},
             {"item_count": 2, "price": "66.66", "start": "2000-01-31"}]
    got = rows(run_spark(fees, facts_table(fees, cases), spark))
    assert_same(fees, cases, got)
    assert "Decimal('0.75')" in got[0]["fee_error"]
    penalties = load(PENALTIES)
    broken = [{"unauthorized_alien_count": 2, "prior_order_count": 1,
               "violation_date": "2010-01-02", "assessment_date": "2010-01-01",
               "assessing_department": "DHS"},
              {"unauthorized_alien_count": 2, "prior_order_count": 1,
               "violation_date": "2010-01-01", "assessment_date": "2010-01-01",
               "assessing_department": "DOJ"}]
    got = rows(run_spark(penalties, facts_table(penalties, broken), spark))
    assert_same(penalties, broken, got)
    assert "already occurred" in got[0]["facts_error"] and got[1]["minimum_penalty"] == 6400


def test_spark_totals_and_counts_hours_excluding_days_as_duckdb_does(
        spark: Any, compile_law: Any) -> None:
    """The aggregates (`AGGREGATE` from a typed zero, `ARRAY_MAX`) and the count of 48 hours
    excluding weekends and holidays (the calendar as a test of the day) on Spark."""
    from compiler.engines.spark import run_spark
    from compiler.engines.tables import facts_table
    from test_population_aggregates import EDGES, TOTALS
    from test_population_datetimes import HOLD, _hold_cases

    totals = load(TOTALS)
    assert_same(totals, EDGES, rows(run_spark(totals, facts_table(totals, EDGES), spark)))
    hold, _ = compile_law(HOLD)
    cases = _hold_cases()
    assert_same(hold, cases, rows(run_spark(hold, facts_table(hold, cases), spark)))
