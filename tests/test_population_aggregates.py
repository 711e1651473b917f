"""Aggregates over a list on the SQL engines: `the total/greatest/least of the amounts of <list>
such that …` gives on DuckDB what the interpreter and `decide()` give: a total of no element is
0, a greatest or least of none has no answer (an error column, never NULL as a value or 0), an
element whose condition has no answer leaves the whole without one, and the sums are exact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.backends.to_sql import to_sql
from compiler.engines.engines import run_duckdb
from compiler.engines.tables import facts_table
from conftest import load
from population_checks import assert_same, rows
from strategies import facts_for

TOTALS = Path(__file__).parent / "data" / "statutes" / "testing" / "totals.law"


def _income(amount: str, kind: str, months: int = 1) -> dict[str, object]:
    return {"amount": amount, "kind": kind, "month_count": months}


EDGES = [{"person": {"incomes": []}},
         {"person": {"incomes": [_income("800", "wages", 12), _income("300.50", "gift")]}},
         {"person": {"incomes": [_income("0.005", "rent", 3), _income("999.995", "wages", 0)]}},
         {"person": {"incomes": [_income("100000", "wages", 12)] * 40}},
         {"person": {"incomes": [_income("0.000001", "gift", 2), _income("7", "gift", 2)]}},
         {"person": {"incomes": [_income("5", "salary", 2)]}}]  # not one of the kinds


def test_totals_at_their_edges_are_the_interpreters() -> None:
    program = load(TOTALS)
    got = rows(run_duckdb(program, facts_table(program, EDGES)))
    assert_same(program, EDGES, got)
    assert got[0]["countable_income"] == 0 and got[0]["countable_income_error"] is None
    assert got[0]["shortest_income"] is None  # the least of none: no answer, not NULL alone
    assert got[0]["shortest_income_error"].startswith('no answer in "shortest income"')
    assert got[2]["levy"] == Decimal("0") and got[2]["countable_income"] == Decimal("1000")
    assert got[3]["countable_income"] == Decimal("4000000")  # 40 × $100,000, exactly
    assert got[3]["levy"] == Decimal("400000.00")
    assert got[4]["largest_wage"] == 0  # no wages: the default, the greatest never taken
    assert got[5]["facts_error"].startswith("person.incomes[*].kind: ")


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases=st.lists(facts_for(load(TOTALS)), min_size=1, max_size=40))
def test_duckdb_totals_what_the_interpreter_totals(cases: list[dict[str, Any]]) -> None:
    program = load(TOTALS)
    assert_same(program, cases, rows(run_duckdb(program, facts_table(program, cases))))


DATED_LAW = '''law "Made-up Recent Fines Act"
  summary: fines counted only where their date moved by years is still in the calendar

a fine has:
  an amount: money from $0 to $10,000
  a date: a date

a person has:
  fines: a list of fines

facts:
  the person: a person
  the hearing date: a date

decision the recent fines: money

decision the largest recent fine: money
  by default: $0

decision the fined: yes or no
  by default: no

§ 1 "Recent"
  the recent fines is the total of the amounts of the person's fines such that its date plus 5000 years is after the hearing date

§ 2 "Largest"
  the largest recent fine is the greatest of the amounts of the person's fines such that its date plus 5000 years is after the hearing date if the hearing date is after 2000-01-01

§ 3 "Fined"
  the fined is yes if the total of the amounts of the person's fines is more than $100
'''


def test_an_element_whose_condition_has_no_answer_leaves_the_aggregate_without_one(
        compile_law: Any) -> None:
    program, _ = compile_law(DATED_LAW, name="fines")
    cases = [{"person": {"fines": [{"amount": "50", "date": "2001-01-01"},
                                   {"amount": "60.5", "date": "5001-01-01"}]},
              "hearing_date": "2020-01-01"},  # 5001 + 5000 years is past the calendar
             {"person": {"fines": [{"amount": "50", "date": "2001-01-01"},
                                   {"amount": "60.5", "date": "2002-01-01"}]},
              "hearing_date": "7001-06-01"},
             {"person": {"fines": []}, "hearing_date": "1999-01-01"}]
    got = rows(run_duckdb(program, facts_table(program, cases)))
    assert_same(program, cases, got)
    assert got[0]["recent_fines"] is None and "no answer" in got[0]["recent_fines_error"]
    assert got[0]["fined"] is True
    assert got[1]["recent_fines"] == Decimal("60.5") and got[1]["largest_recent_fine"] == \
        Decimal("60.5")
    assert got[2]["recent_fines"] == 0 and got[2]["largest_recent_fine"] == 0


def test_one_tree_gives_both_dialects() -> None:
    program = load(TOTALS)
    duck, spark = to_sql(program, "duckdb"), to_sql(program, "spark")
    assert "LIST_REDUCE(" in duck and "LIST_MAX(" in duck and "LIST_MIN(" in duck
    assert "AGGREGATE(" in spark and "ARRAY_MAX(" in spark and "ARRAY_MIN(" in spark
