"""The SQL backend on laws written to test it: hostile names and strings stay quoted, dates at
month ends and on 29 February, exact decimals, empty and long lists, conflicts and gaps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from compiler.backends.to_sql import to_sql
from compiler.cli import main
from compiler.engines.engines import run_duckdb, run_python
from compiler.engines.tables import facts_table
from population_checks import field_of, rows
from test_injection import LAW, PAYLOAD, VOCABULARY
from test_population_computed import DIVIDING_LAW

HOSTILE = "x'); DROP TABLE facts; --"


def test_hostile_names_and_strings_stay_quoted(compile_law: Any) -> None:
    program, _ = compile_law(LAW, name="tricky", words=VOCABULARY)
    cases = [{"class": {"def": PAYLOAD.replace('\\"', '"'), "import": "print", "print": True},
              "u0441lass": {"def": "a", "import": "print", "print": True},
              "enum": {"final": True}, "import_flag": True, "decide": True, "rt": True,
              "datetime": "2001-01-01"},
             {"class": {"def": HOSTILE, "import": "#{}y", "print": False},
              "u0441lass": {"def": HOSTILE, "import": "\"\"\"", "print": False},
              "enum": {"final": False}, "import_flag": False, "decide": True, "rt": True,
              "datetime": "1999-01-01"}]
    table = facts_table(program, cases)
    con = duckdb.connect()
    con.register("facts", table)
    con.execute("CREATE TABLE keep AS SELECT 1 AS x")
    got = con.sql(to_sql(program, "duckdb").rstrip(";\n")).to_arrow_table()
    assert con.sql("SELECT x FROM keep").fetchall() == [(1,)]
    assert rows(got) == rows(run_python(program, table))


HOSTILE_LAW = f'''law "Quotes {HOSTILE}"
  summary: a code from the law is compared as a literal

facts:
  the code: a code

decision the outcome: one of "{HOSTILE}", plain
  by default: plain

§ 1 "{HOSTILE}"
  the outcome is "{HOSTILE}" if the code is "{HOSTILE}"
'''


def test_a_value_that_closes_a_quote_stays_a_literal(compile_law: Any) -> None:
    program, _ = compile_law(HOSTILE_LAW, name="quotes")
    sql = to_sql(program, "duckdb")
    assert "'x''); DROP TABLE facts; --'" in sql
    got = rows(run_duckdb(program, facts_table(program, [{"code": HOSTILE}, {"code": "x"}])))
    assert [r["outcome"] for r in got] == [HOSTILE, "plain"]


DATES = '''law "Dates"
  summary: month ends and leap days

facts:
  the start: a date
  the end: a date
  the amount: a decimal number
  the share: a decimal number
  the holder: a holder

a holder has:
  items: a list of items

an item has:
  a size: a whole number

decision the answer: one of early, late, same
decision the money: yes or no
  by default: no
decision the count: yes or no
  by default: no

§ 1
  the answer is early if the end is before the start plus 1 year
  the answer is same if the end is the start plus 1 month
  the answer is late if the end is after the start plus 1 month and the end is on or after the start plus 1 year
§ 2
  the money if the amount times 3 is the share
§ 3
  the count if the number of items of the holder such that its size is more than 2 is at least 5
'''


@pytest.mark.parametrize("start,end", [
    ("2012-02-29", "2013-02-28"), ("2012-01-31", "2012-02-29"), ("2011-01-31", "2011-02-28"),
    ("2012-03-31", "2012-04-30"), ("9999-12-31", "9999-12-31"), ("2012-02-29", "2013-03-01")])
def test_month_ends_leap_days_and_the_calendar_end(compile_law: Any, start: str,
                                                   end: str) -> None:
    program, _ = compile_law(DATES, name="dates")
    case = {"start": start, "end": end, "amount": "0.1", "share": "0.3", "holder": {"items": []}}
    table = facts_table(program, [case])
    assert rows(run_duckdb(program, table)) == rows(run_python(program, table))


def test_decimals_are_exact_and_long_lists_count(compile_law: Any) -> None:
    program, _ = compile_law(DATES, name="dates")
    base = {"start": "2020-01-01", "end": "2020-02-01"}
    cases = [{**base, "amount": "0.1", "share": "0.3", "holder": {"items": [{"size": 3}] * 5000}},
             {**base, "amount": "0.1", "share": "0.30001", "holder": {"items": [{"size": 1}] * 7}},
             {**base, "amount": "12345.678901", "share": "37037.036703", "holder": {"items": []}}]
    table = facts_table(program, cases)
    got = rows(run_duckdb(program, table))
    assert got == rows(run_python(program, table))
    assert [r["money"] for r in got] == [True, False, True]
    assert [r["count"] for r in got] == [True, False, False]


def test_malformed_rows_are_named_and_the_others_decided(compile_law: Any) -> None:
    program, _ = compile_law(DATES, name="dates")
    good = {"start": "2020-01-31", "end": "2020-02-29", "amount": "1", "share": "3",
            "holder": {"items": []}}
    cases = [good, {**good, "start": "2020-02-30"}, {**good, "holder": {"items": [{"size": "big"}]}}, good]
    got = rows(run_duckdb(program, facts_table(program, cases)))
    assert [field_of(r["facts_error"]) for r in got] == [None, "start", "holder.items[*].size", None]
    want = rows(run_python(program, facts_table(program, cases)))
    assert [got[0], got[3]] == [want[0], want[3]]
    assert got[0]["answer_error"].startswith('conflict in "answer": § 1 gives')
    assert got[1]["answer_error"].startswith("bad facts: start")


def test_an_input_with_no_cases_is_an_error_not_an_empty_count(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from compiler.cli import main

    empty = tmp_path / "cases.csv"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, [
        "evaluate", "statutes/nyc/local_law_62_2011.law", "--engine", "duckdb",
        "--input", str(empty), "--output", str(tmp_path / "out.parquet")])
    assert result.exit_code == 1
    assert "no cases" in result.output


def test_definitions_are_computed_once_not_written_at_each_use() -> None:
    from conftest import REPO, load

    program = load(REPO / "statutes" / "dc" / "detainer_act_2012.law")
    sql = to_sql(program, "spark", pretty=False)
    # "the age condition" is read by four rules; the conviction definitions inside quantifiers
    assert sql.count("AS `lawc:definition:the age condition`") == 1
    assert "AS `lawc:elements:0`" in sql
    assert "AS `lawc:definition:conviction is timely District conviction`" in sql
    assert len(sql) < 30_000  # 53,000 characters with every definition written in place


def test_the_master_is_local_unless_a_cluster_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.engines.spark import MASTER, master_url

    monkeypatch.delenv(MASTER, raising=False)
    assert master_url(2) == "local[2]"
    monkeypatch.setenv(MASTER, " spark://cluster:7077 ")
    assert master_url(2) == "spark://cluster:7077"


def test_an_engine_decides_a_law_that_computes_its_values(tmp_path: Path) -> None:
    """The SQL engines compile decisions that compute amounts: `lawc evaluate --engine duckdb`
    gives what `--engine python` gives, the amounts by value."""
    cases = tmp_path / "cases.csv"
    cases.write_text("unauthorized_alien_count,prior_order_count,violation_date,assessment_date,"
                     "assessing_department\n3,0,2020-01-01,2025-03-01,DHS\n", encoding="utf-8")
    law = "statutes/us/penalties_1324a.law"
    got = {}
    for engine in ("duckdb", "python"):
        out = tmp_path / f"{engine}.csv"
        result = CliRunner().invoke(main, ["evaluate", law, "--engine", engine, "--input",
                                           str(cases), "--output", str(out)])
        assert result.exit_code == 0, result.output
        got[engine] = out.read_text(encoding="utf-8")
        assert "2148" in got[engine] and "17172" in got[engine], got[engine]
    assert got["duckdb"].splitlines()[0] == got["python"].splitlines()[0]


def test_a_large_input_without_engine_is_decided_on_duckdb(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`--input` without `--engine`: DuckDB at or over the size threshold, the module's loop
    under it, and the loop for a law with a form SQL does not compile; same rows either way."""
    from compiler.cli import evaluate as evaluate_cli

    law = "statutes/nyc/local_law_62_2011.law"
    cases = tmp_path / "cases.csv"
    cases.write_bytes(Path("examples/cases.csv").read_bytes())
    outputs = {}
    for threshold, engine in ((10**12, "python"), (1, "duckdb")):
        monkeypatch.setattr(evaluate_cli, "ENGINE_DEFAULT_BYTES", threshold)
        out = tmp_path / f"{engine}.csv"
        result = CliRunner().invoke(main, ["evaluate", law, "--input", str(cases), "--output",
                                           str(out)])
        assert result.exit_code == 0, result.output
        assert ("engine: duckdb" in result.output) == (engine == "duckdb"), result.output
        outputs[engine] = out.read_text(encoding="utf-8")
    assert outputs["python"] == outputs["duckdb"]
    sharing = tmp_path / "statutes" / "sharing.law"
    sharing.parent.mkdir()
    sharing.write_text(DIVIDING_LAW, encoding="utf-8")
    shares = tmp_path / "shares.csv"
    shares.write_text("amount,heirs\n10,3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(sharing), "--input", str(shares),
                                       "--output", str(tmp_path / "p.csv")])
    assert result.exit_code == 0 and "engine: python (the law has a form" in result.output
