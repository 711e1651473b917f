"""The penalty tables of 8 U.S.C. § 1324a on every day a table takes effect: the day before,
the day and the day after, in the interpreter and the generated module. (e)(4) and (e)(5) on
DHS's days for a penalty DHS assesses and on DOJ's for one DOJ assesses (I-US-40, I-US-41).
The amounts and days are the source notes' (§ 3.2), written out here, not read from the
statutes."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from compiler import driver
from compiler.interpret import Interpreter

ROOT = Path(__file__).resolve().parents[1]
DAY = datetime.timedelta(days=1)

# (the day a table takes effect, the (e)(4)(i) minimum from that day), by who assesses
E4 = {"DHS": [("1999-09-29", 275), ("2008-03-27", 375), ("2016-08-01", 539),
              ("2017-01-28", 548), ("2018-01-21", 559), ("2019-04-06", 573),
              ("2020-06-18", 583), ("2021-10-20", 590), ("2023-01-13", 676),
              ("2024-06-29", 698), ("2025-01-02", 716)],
      "DOJ": [("1999-09-29", 275), ("2008-03-27", 375), ("2016-08-01", 539),
              ("2017-02-04", 548), ("2018-01-21", 559), ("2019-04-06", 573),
              ("2020-06-20", 583), ("2021-12-14", 590), ("2023-01-31", 676),
              ("2024-02-13", 698), ("2025-07-04", 716)]}
E4_FIRST = 250
# (the day, the (e)(5) minimum and maximum from that day), by who assesses
E5 = {"DHS": [("1999-09-29", 110, 1100), ("2016-08-01", 216, 2156), ("2017-01-28", 220, 2191),
              ("2018-01-21", 224, 2236), ("2019-04-06", 230, 2292), ("2020-06-18", 234, 2332),
              ("2021-10-20", 237, 2360), ("2023-01-13", 272, 2701), ("2024-06-29", 281, 2789),
              ("2025-01-02", 288, 2861)],
      "DOJ": [("1999-09-29", 110, 1100), ("2016-08-01", 216, 2156), ("2017-02-04", 220, 2191),
              ("2018-01-21", 224, 2236), ("2019-04-06", 230, 2292), ("2020-06-20", 234, 2332),
              ("2021-12-14", 237, 2360), ("2023-01-31", 272, 2701), ("2024-02-13", 281, 2789),
              ("2025-07-04", 288, 2861)]}
E5_FIRST = (100, 1000)


def _dates(day: datetime.date) -> dict[str, str]:
    """A violation on `day` for the tables chosen by the violation date; after 2015-11-02 a
    violation of 2016-01-15 assessed on `day`."""
    if day <= datetime.date(2015, 11, 2):
        return {"violation_date": day.isoformat(), "assessment_date": "2025-03-01"}
    return {"violation_date": "2016-01-15", "assessment_date": day.isoformat()}


def _cases(history: list[Any], first: Any) -> list[tuple[datetime.date, Any]]:
    out = []
    before = first
    for day, *value in history:
        start = datetime.date.fromisoformat(day)
        now = value[0] if len(value) == 1 else tuple(value)
        out += [(start - DAY, before), (start, now), (start + DAY, now)]
        before = now
    return out


@functools.cache
def _deciders(law: str) -> list[Any]:
    program = driver.load_program(driver.Workspace(), ROOT / "statutes/us" / f"{law}.law")
    module = driver.module_in_memory(program)
    return [Interpreter(program).decide, module.decide]


E4_CASES = [(who, day, value) for who, history in E4.items()
            for day, value in _cases(history, E4_FIRST)]


@pytest.mark.parametrize(("who", "day", "minimum"), E4_CASES,
                         ids=[f"{w}-{d}" for w, d, _ in E4_CASES])
def test_e4_each_side_of_each_day_by_who_assesses(who: str, day: datetime.date,
                                                  minimum: int) -> None:
    facts = {"unauthorized_alien_count": 1, "prior_order_count": 0,
             "assessing_department": who, **_dates(day)}
    for decide in _deciders("penalties_1324a"):
        assert Decimal(str(decide(facts)["minimum_penalty"])) == minimum, (who, day)


E5_CASES = [(who, day, value) for who, history in E5.items()
            for day, value in _cases(history, E5_FIRST)]


@pytest.mark.parametrize(("who", "day", "amounts"), E5_CASES,
                         ids=[f"{w}-{d}" for w, d, _ in E5_CASES])
def test_e5_each_side_of_each_day_by_who_assesses(who: str, day: datetime.date,
                                                  amounts: tuple[int, int]) -> None:
    facts = {"individual_count": 1, "assessing_department": who, **_dates(day)}
    for decide in _deciders("penalties_1324a_e5"):
        got = decide(facts)
        assert (Decimal(str(got["minimum_penalty"])), Decimal(str(got["maximum_penalty"]))) == \
            amounts, (who, day)
