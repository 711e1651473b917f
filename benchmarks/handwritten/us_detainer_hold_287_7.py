"""8 C.F.R. § 287.7(d), the latest end of a detainer hold, written by hand: 48 hours after the
release, the time running only on days that are neither a Saturday, a Sunday nor a legal public
holiday of 5 U.S.C. § 6103 (a holiday on a Saturday observed the Friday before, on a Sunday the
Monday after); each year's holidays computed once and kept."""

from __future__ import annotations

import datetime

from generated.us.detainer_hold_287_7 import Case

_DAY = datetime.timedelta(days=1)
_HOURS_48 = datetime.timedelta(hours=48)
_MON, _THU = 0, 3


def _nth(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_monday_of_may(year: int) -> datetime.date:
    last = datetime.date(year, 5, 31)
    return last - datetime.timedelta(days=last.weekday())


def _named(year: int) -> list[datetime.date]:
    """The holidays § 6103(a) names in `year`."""
    days = [datetime.date(year, 1, 1), _nth(year, 2, _MON, 3), _last_monday_of_may(year),
            datetime.date(year, 7, 4), _nth(year, 9, _MON, 1), _nth(year, 10, _MON, 2),
            datetime.date(year, 11, 11), _nth(year, 11, _THU, 4), datetime.date(year, 12, 25)]
    if year >= 1986:
        days.append(_nth(year, 1, _MON, 3))  # Birthday of Martin Luther King, Jr.
    if year >= 2021:
        days.append(datetime.date(year, 6, 19))  # Juneteenth
    return days


_YEARS: dict[int, frozenset[datetime.date]] = {}


def _holidays(year: int) -> frozenset[datetime.date]:
    """The holidays and observed days falling in `year` (from the years either side too)."""
    found = _YEARS.get(year)
    if found is None:
        days: set[datetime.date] = set()
        for day in _named(year - 1) + _named(year) + _named(year + 1):
            days.add(day)
            if day.weekday() == 5:
                days.add(day - _DAY)
            elif day.weekday() == 6:
                days.add(day + _DAY)
        found = _YEARS[year] = frozenset(d for d in days if d.year == year)
    return found


def latest_hold_end(case: Case) -> datetime.datetime:
    """48 hours from the release, Saturdays, Sundays and holidays excluded."""
    moment = case.release_time
    left = _HOURS_48
    while True:
        day = moment.date()
        midnight = datetime.datetime.combine(day + _DAY, datetime.time())
        if day.weekday() < 5 and day not in _holidays(day.year):
            room = midnight - moment
            if left <= room:
                return moment + left
            left -= room
        moment = midnight
