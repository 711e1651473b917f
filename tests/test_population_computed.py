"""Computed values and assumptions on the SQL engines: amounts, whole numbers and dates that a
law's rules compute give on DuckDB what the interpreter and `decide()` give (rounding at the
half cent, month ends, the greater and later of two values, conflicts between computed
values in the interpreter's words), a form SQL cannot compute exactly is refused at the form,
and a row that breaks an assumption gets its facts and reason while the others are decided."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.backends.to_sql import to_sql
from compiler.cli import main
from compiler.diagnostics import DiagnosticError
from compiler.engines.engines import counts, run_duckdb, run_python
from compiler.engines.tables import facts_table
from conftest import load
from population_checks import assert_same, rows
from strategies import facts_for

COMPUTING = Path(__file__).parent / "data" / "statutes" / "testing" / "computing.law"
PENALTIES = Path("statutes/us/penalties_1324a.law")


def computing_case(income: str, share: str = "2.5", conviction: str = "2004-02-29",
                   release: str = "2015-03-31", violations: int = 3,
                   prior: int = 0) -> dict[str, Any]:
    return {"violation_count": violations, "prior_order_count": prior, "worker_count": 30,
            "income": income, "release_date": release, "conviction_date": conviction,
            "share": share}


# half cents both ways (7.5% half even, 1% floored), whole-number halves (half up), month ends
# and 29 February moved by years, the greater and lesser of two amounts on both sides
EDGES = [computing_case("10000.20"), computing_case("10000.60"), computing_case("10000.01"),
         computing_case("1000.01", share="0.5"), computing_case("9999.99", share="3.5"),
         computing_case("10000", share="9.999999"), computing_case("100000", share="0"),
         computing_case("1234.57", conviction="2012-02-29", release="2016-02-29"),
         computing_case("20000.066666", conviction="2010-08-31", release="2015-08-31",
                        prior=2, violations=0),
         computing_case("0", prior=1, violations=500, release="9999-12-31",
                        conviction="9990-01-31"),
         computing_case("500", prior=0, violations=5)]


def test_computed_values_at_their_edges_are_the_interpreters() -> None:
    program = load(COMPUTING)
    got = rows(run_duckdb(program, facts_table(program, EDGES)))
    assert_same(program, EDGES, got)
    by_income = {r["_row"]: r for r in got}
    assert by_income[1]["levy"] == Decimal("750.02")  # 750.015, half to the even cent
    assert by_income[2]["levy"] == Decimal("750.04")  # 750.045
    assert by_income[4]["whole_share"] == 1  # 0.5 half up
    assert by_income[8]["window_end"].isoformat() == "2022-02-28"
    assert by_income[10]["window_end"] is None and "no answer" in by_income[10]["window_end_error"]


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases=st.lists(facts_for(load(COMPUTING)), min_size=1, max_size=60))
def test_duckdb_computes_what_the_interpreter_computes(cases: list[dict[str, Any]]) -> None:
    program = load(COMPUTING)
    assert_same(program, cases, rows(run_duckdb(program, facts_table(program, cases))))


CONFLICT_LAW = '''law "Made-up Overlapping Fees Act"
  summary: two rules that compute their values can apply at once

facts:
  the item count: a whole number from 0 to 1000
  the price: money from $0 to $1,000
  the start: a date

decision the fee: money

decision the deadline: a date
  by default: 2000-01-31

§ 1 "Per item"
  the fee is the price times 7.5%, rounded to the nearest cent if the item count is at least 1
  the deadline is the start plus 1 month if the item count is at least 1

§ 2 "Flat"
  the fee is $2.50 for each item if the item count is at most 10
  the deadline is the later of the start and 2000-02-29 if the item count is at most 10
'''


def test_a_conflict_between_computed_values_is_in_the_interpreters_words(
        compile_law: Any) -> None:
    program, _ = compile_law(CONFLICT_LAW, name="fees")
    cases = [{"item_count": n, "price": price, "start": start}
             for n, price, start in [(2, "66.66", "2000-01-31"), (2, "10", "2000-01-31"),
                                     (0, "5", "2000-03-31"), (11, "0.06", "2001-01-31"),
                                     (4, "10", "1999-12-31")]]
    got = rows(run_duckdb(program, facts_table(program, cases)))
    assert_same(program, cases, got)
    assert got[0]["fee"] == Decimal("5.00") and got[0]["fee_error"] is None  # 4.9995 and $5.00
    assert got[1]["fee_error"] == ("conflict in \"fee\": § 1 gives Decimal('0.75'), "
                                   "§ 2 gives Decimal('5.00')")
    assert got[3]["fee"] == Decimal("0") and got[3]["deadline"].isoformat() == "2001-02-28"
    assert got[4]["deadline_error"] == ("conflict in \"deadline\": § 1 gives "
                                        "datetime.date(2000, 1, 31), § 2 gives "
                                        "datetime.date(2000, 2, 29)")


DIVIDING_LAW = '''law "Made-up Sharing Act"
  summary: a share of an amount, a quotient the SQL backend does not compute

facts:
  the amount: money from $0 to $1,000
  the heirs: a whole number from 1 to 10

decision the share: money

decision the heirs named: a whole number

§ 1 "Share"
  the share is the amount divided by the heirs, rounded down to the whole dollar

§ 2 "Heirs"
  the heirs named is the heirs plus 1
'''


def test_a_quotient_as_a_value_is_refused_at_the_form(compile_law: Any) -> None:
    program, _ = compile_law(DIVIDING_LAW, name="sharing")
    with pytest.raises(DiagnosticError) as caught:
        to_sql(program, "duckdb", "share")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "sql-unsupported" and "quotient" in diagnostic.message
    assert diagnostic.span.line == 13  # the value, not the decision
    with pytest.raises(DiagnosticError):
        run_duckdb(program, facts_table(program, [{"amount": "10", "heirs": 3}]))
    decided = rows(run_duckdb(program, facts_table(program, [{"amount": "10", "heirs": 3}]),
                              decisions=["heirs named"]))
    assert decided[0]["heirs_named"] == 4


def test_penalties_on_duckdb_from_the_command_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text("unauthorized_alien_count,prior_order_count,violation_date,assessment_date,"
                     "assessing_department\n3,0,2020-01-01,2025-03-01,DHS\n"
                     "3,2,1990-05-01,1991-01-01,DOJ\n3,0,2020-01-01,2019-03-01,DHS\n",
                     encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["evaluate", str(PENALTIES), "--engine", "duckdb",
                                       "--input", str(cases), "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "2148" in text and "9000" in text  # $716 and $3,000 for each of 3 aliens
    assert "these facts break an assumption" in text


def test_a_row_that_breaks_an_assumption_names_its_facts_and_the_others_are_decided() -> None:
    program = load(PENALTIES)
    cases = [{"unauthorized_alien_count": 2, "prior_order_count": 1,
              "violation_date": "2010-01-01", "assessment_date": "2011-01-01",
              "assessing_department": "DHS"},
             {"unauthorized_alien_count": 2, "prior_order_count": 1,
              "violation_date": "2010-01-02", "assessment_date": "2010-01-01",
              "assessing_department": "DHS"},
             {"unauthorized_alien_count": 2, "prior_order_count": 1,
              "violation_date": "2010-01-01", "assessment_date": "2010-01-01",
              "assessing_department": "DOJ"}]
    table = facts_table(program, cases)
    got = rows(run_duckdb(program, table))
    assert got[0]["minimum_penalty"] == Decimal("6400") and got[2]["tier"] == "second"
    broken = got[1]["facts_error"]
    assert broken is not None and broken.startswith("assessment_date, violation_date: ")
    assert "a penalty is assessed for a violation that has already occurred" in broken
    assert all(got[1][k] is None and got[1][f"{k}_error"] == f"bad facts: {broken}"
               for k in ("tier", "table", "minimum_penalty", "maximum_penalty"))
    assert_same(program, cases, got)
    huge = facts_table(program, [dict(cases[0], unauthorized_alien_count=10 ** 15)])
    [outside] = rows(run_duckdb(program, huge))  # no overflow of DECIMAL(11, 0): not computed
    assert outside["facts_error"].startswith("unauthorized_alien_count: ")
    assert counts(program, run_duckdb(program, table)) == counts(program, run_python(program,
                                                                                     table))


@pytest.mark.parametrize("text,scale", [("0.0000001", 7), ("0", 8), ("-0.00000012", 8),
                                        ("0.0000010", 7), ("12.5000000", 7), ("-3.25", 2),
                                        ("0.000001234", 9), ("7", 0)])
def test_an_amount_is_written_as_pythons_decimal_writes_it(text: str, scale: int) -> None:
    import duckdb
    from sqlglot import exp

    from compiler.backends.sql_values import decimal_words

    value = exp.cast(exp.Literal.string(text), exp.DataType.build(f"DECIMAL(20, {scale})"))
    [(shown,)] = duckdb.sql(exp.select(decimal_words(value, scale)).sql("duckdb")).fetchall()
    assert shown == str(Decimal(text).quantize(Decimal(1).scaleb(-scale)))
