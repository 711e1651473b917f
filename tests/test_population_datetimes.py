"""Dates and times and time counted excluding days on the SQL engines: `a date and time` facts
and decisions, hours, the later of two moments, and `plus 48 hours excluding Saturdays, Sundays
and holidays` (and days from a date) over a calendar that is data in the law give on DuckDB what
the interpreter and `decide()` give: weekends, holidays and their observed days, Juneteenth only
from 2021, the calendar's ends (years 1, 2, 9998, 9999: no answer past 9999-12-31), and malformed
moments reported by row."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any, Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.backends.to_sql import to_sql
from compiler.core import ast as c
from compiler.engines.engines import counts, run_duckdb, run_python
from compiler.engines.tables import facts_table
from conftest import load
from population_checks import assert_same, rows
from strategies import facts_for
from test_datetimes import CASES, HOLD

HOLD_287_7 = Path("statutes/us/detainer_hold_287_7.law")


def _hold_cases() -> list[dict[str, Any]]:
    out = [{"release_time": r, "filing_date": f, "grace": g} for r, f, g, *_ in CASES]
    rng = random.Random(287)
    for year in (1, 2, 2020, 2021, 2024, 2025, 9998, 9999):
        for _ in range(40):
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            moment = datetime.datetime.combine(day, datetime.time(rng.choice([0, 9, 23]),
                                                                  rng.choice([0, 1, 59])))
            out.append({"release_time": moment.isoformat(timespec="minutes"),
                        "filing_date": day.isoformat(), "grace": rng.randrange(73)})
    out += [{"release_time": "9999-12-31T00:00", "filing_date": "9999-12-31", "grace": 72},
            {"release_time": "9999-12-30T23:59", "filing_date": "9999-12-29", "grace": 0},
            {"release_time": "2025-05-23T17:00:30", "filing_date": "2025-05-23", "grace": 1},
            {"release_time": "2025-05-23 17:00", "filing_date": "2025-05-23", "grace": 1},
            {"filing_date": "2025-05-23", "grace": 1}]
    return out


def test_the_hold_acts_moments_are_the_interpreters(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(HOLD)
    cases = _hold_cases()
    got = rows(run_duckdb(program, facts_table(program, cases)))
    assert_same(program, cases, got)
    for row, (_, _, _, end, answer, plain, late) in zip(got, CASES):
        assert row["latest_end"].isoformat(timespec="minutes") == end
        assert row["answer_date"].isoformat() == answer and row["late"] is late
        assert row["plain_end"].isoformat(timespec="minutes") == plain
    by_start = {case.get("release_time"): row for case, row in zip(cases, got)}
    assert "no answer" in by_start["9999-12-31T00:00"]["latest_end_error"]
    assert by_start["2025-05-23 17:00"]["facts_error"].startswith("release_time: ")
    table = facts_table(program, cases)
    assert counts(program, run_duckdb(program, table)) == counts(program, run_python(program,
                                                                                     table))


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_287_7_hold_on_random_moments(data: st.DataObject) -> None:
    program = load(HOLD_287_7)
    cases = data.draw(st.lists(facts_for(program), min_size=1, max_size=60))
    assert_same(program, cases, rows(run_duckdb(program, facts_table(program, cases))))


def test_one_tree_gives_both_dialects_and_the_calendar_is_in_the_query() -> None:
    program = load(HOLD_287_7)
    duck, spark = to_sql(program, "duckdb"), to_sql(program, "spark")
    for text in (duck, spark):
        assert "CAST('2021-06-17' AS DATE)" in text  # Juneteenth, from
        assert "TIMESTAMP" in text and len(text) < 40_000
    assert "LAST_DAY(" in duck and "LAST_DAY(" in spark  # Memorial Day, the last Monday


MOMENTS = ["2025-05-23T17:00", "2025-05-23T17:00:00", "2025-05-23T17:00:30", "2025-05-23 17:00",
           "2025-02-30T10:00", "2025-01-01T24:00", "2025-01-01T23:60", "0000-01-01T00:00",
           "0001-01-01T00:00", "9999-12-31T23:59", "2025-5-23T17:00", " 2025-05-23T17:00",
           "", "yes", "2025-05-23"]


def test_a_csv_of_moments_reads_the_same_in_bulk_as_row_by_row(
        compile_law: Callable[..., tuple[c.Program, str]], tmp_path: Path) -> None:
    from compiler.engines.csv_read import fast_read_csv
    from compiler.engines.tables import read_csv_rows

    program, _ = compile_law(HOLD)
    path = tmp_path / "cases.csv"
    lines = ["release_time,filing_date,grace"] + [f"{m},2025-05-23,1" for m in MOMENTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bulk = fast_read_csv(program, path)
    assert bulk is not None
    assert bulk.to_pylist() == read_csv_rows(program, path).to_pylist()
    moments = [r["release_time"] for r in bulk.to_pylist()]
    assert moments[0] == moments[1] == datetime.datetime(2025, 5, 23, 17, 0)
    assert moments[2:8] == [None] * 6 and moments[8] == datetime.datetime(1, 1, 1)
