"""The legal public holidays of 5 U.S.C. § 6103 as `statutes/us/legal_public_holidays.law`
writes them, against a list computed here another way for 2010 to 2030.

The list here does not read the law's lines: each holiday is found by scanning the days of its
month for the weekday and the range of days its rule allows (the third Monday is the Monday
from the 15th to the 21st), and the observed day by the weekday of the holiday. A few years are
also held to the dates the Office of Personnel Management published, written out by hand.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from compiler import driver
from compiler.core import ast as c
from compiler.runtime import holiday_day, holidays_near

ROOT = Path(__file__).resolve().parents[1]
YEARS = range(2010, 2031)
MON, THU, SAT, SUN = 0, 3, 5, 6


def _scan(year: int, month: int, weekday: int, first: int, last: int) -> datetime.date:
    """The one day of `month` that is a `weekday` from day `first` to day `last`."""
    (found,) = [datetime.date(year, month, d) for d in range(first, last + 1)
                if d <= 31 and _exists(year, month, d)
                and datetime.date(year, month, d).weekday() == weekday]
    return found


def _exists(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def expected(year: int) -> dict[str, datetime.date | None]:
    """Each § 6103(a) holiday of `year`, found without the law's words."""
    return {
        "New Year's Day": datetime.date(year, 1, 1),
        "Birthday of Martin Luther King, Jr.": _scan(year, 1, MON, 15, 21),
        "Washington's Birthday": _scan(year, 2, MON, 15, 21),
        "Memorial Day": _scan(year, 5, MON, 25, 31),
        "Juneteenth National Independence Day": (
            datetime.date(year, 6, 19) if year >= 2021 else None),  # from 2021-06-17
        "Independence Day": datetime.date(year, 7, 4),
        "Labor Day": _scan(year, 9, MON, 1, 7),
        "Columbus Day": _scan(year, 10, MON, 8, 14),
        "Veterans Day": datetime.date(year, 11, 11),
        "Thanksgiving Day": _scan(year, 11, THU, 22, 28),
        "Christmas Day": datetime.date(year, 12, 25),
    }


def observed(day: datetime.date) -> datetime.date:
    """§ 6103(b)(1) and the Monday-after practice: the day a holiday is observed on."""
    if day.weekday() == SAT:
        return day - datetime.timedelta(days=1)
    if day.weekday() == SUN:
        return day + datetime.timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def calendar() -> c.Calendar:
    program = driver.load_program(driver.Workspace(),
                                  ROOT / "statutes" / "us" / "legal_public_holidays.law")
    return program.calendars["holidays"]


def test_the_law_holds_every_holiday_of_6103_a(calendar: c.Calendar) -> None:
    assert [h.name for h in calendar.holidays] == list(expected(2020))
    assert calendar.observed == ((SAT, -1), (SUN, 1))


@pytest.mark.parametrize("year", YEARS)
def test_each_rule_gives_its_day(calendar: c.Calendar, year: int) -> None:
    want = expected(year)
    for holiday, rule in zip(calendar.holidays, calendar.rules()):
        assert holiday_day(year, rule) == want[holiday.name], (holiday.name, year)


@pytest.mark.parametrize("year", YEARS)
def test_the_days_excluded_are_the_holidays_and_their_observed_days(
        calendar: c.Calendar, year: int) -> None:
    days = {d for y in (year - 1, year, year + 1) for d in expected(y).values()
            if d is not None}
    want = {d for d in days | {observed(d) for d in days} if d.year == year}
    got = {d for d in holidays_near(year, calendar.rules(), calendar.observed) if d.year == year}
    assert got == want


# OPM's published federal holidays (the observed day where it differs), 2021-2023
OPM = {
    2021: ["2021-01-01", "2021-01-18", "2021-02-15", "2021-05-31", "2021-06-18", "2021-07-05",
           "2021-09-06", "2021-10-11", "2021-11-11", "2021-11-25", "2021-12-24", "2021-12-31"],
    2022: ["2022-01-17", "2022-02-21", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05",
           "2022-10-10", "2022-11-11", "2022-11-24", "2022-12-26"],
    2023: ["2023-01-02", "2023-01-16", "2023-02-20", "2023-05-29", "2023-06-19", "2023-07-04",
           "2023-09-04", "2023-10-09", "2023-11-10", "2023-11-23", "2023-12-25"],
}


@pytest.mark.parametrize("year", sorted(OPM))
def test_the_observed_days_are_those_opm_published(calendar: c.Calendar, year: int) -> None:
    days = holidays_near(year, calendar.rules(), calendar.observed)
    for text in OPM[year]:
        assert datetime.date.fromisoformat(text) in days, text
    # and a weekday the law excludes that year is one OPM lists
    weekdays = {d for d in days if d.year == year and d.weekday() < SAT}
    assert weekdays == {datetime.date.fromisoformat(t) for t in OPM[year]}
