"""Dates as z3 terms: `SymDate` (a year, a month and a day, or a day number once moved by
days), their order and equality, and the civil-calendar arithmetic they rest on (H. Hinnant's
day-number algorithm, linear in z3's integers). Used by `compiler.analysis.space`, which makes
the variables, and `compiler.analysis.smt`, which compares and moves them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import z3

if TYPE_CHECKING:
    from compiler.analysis.space import FactSpace

DATE_MIN = datetime.date(1900, 1, 1)  # the dates a fact may hold
DATE_MAX = datetime.date(2100, 12, 31)

_EPOCH_SHIFT = 719163 - 719468  # Python's ordinal of 1970-01-01, less Hinnant's epoch offset


def days_from_civil(y: Any, m: Any, d: Any) -> Any:
    """Python's `date.toordinal()` from year, month, day (H. Hinnant's algorithm), as z3 terms."""
    yy = y - z3.If(m <= 2, 1, 0)
    era = yy / 400
    yoe = yy - era * 400
    mp = z3.If(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) / 5 + d - 1
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe + _EPOCH_SHIFT


def _leap(y: Any) -> Any:
    return z3.And(y % 4 == 0, z3.Or(y % 100 != 0, y % 400 == 0))


def days_in_month(y: Any, m: Any) -> Any:
    return z3.If(m == 2, z3.If(_leap(y), 29, 28),
                 z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11), 30, 31))


_MONTH_START = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)  # days before each month
ORDINAL_1900 = DATE_MIN.toordinal()


def month_start(m: Any) -> Any:
    term: Any = z3.IntVal(_MONTH_START[11], m.ctx)
    for month in range(11, 0, -1):
        term = z3.If(m == month, _MONTH_START[month - 1], term)
    return term


class SymDate:
    """A date as three integer terms (year, month, day); comparisons are lexicographic.

    A date moved by a number of days (`FactSpace.add_days`) is held as its day number `n`
    instead (`moved`): comparisons with it go through day numbers, which stay linear, and its
    year, month and day are only tied to that number (by extra variables) if something reads them.
    A fact's date also carries its day number, a linear term valid within 1900–2100.
    """

    __slots__ = ("_ymd", "n", "moved", "_space")

    def __init__(self, y: Any = None, m: Any = None, d: Any = None, n: Any = None,
                 space: FactSpace | None = None) -> None:
        self._ymd = None if y is None else (y, m, d)
        self.n = n
        self.moved = y is None
        self._space = space
        if self.moved:
            assert n is not None and space is not None

    def _parts(self) -> tuple[Any, Any, Any]:
        if self._ymd is None:
            assert self._space is not None
            self._ymd = self._space.civil_parts(self.n)
        return self._ymd

    @property
    def y(self) -> Any:
        return self._parts()[0]

    @property
    def m(self) -> Any:
        return self._parts()[1]

    @property
    def d(self) -> Any:
        return self._parts()[2]

    def key(self) -> tuple[Any, Any, Any]:
        return self._parts()

    def ordinal(self) -> Any:
        """The day number (`date.toordinal()`) as a term."""
        if self.n is not None:
            return self.n
        return days_from_civil(*self._parts())

    def __repr__(self) -> str:
        return f"SymDate({self.n})" if self.moved else f"SymDate{self._parts()}"


def date_less(a: SymDate, b: SymDate) -> Any:
    if a.moved or b.moved:
        return a.ordinal() < b.ordinal()
    return z3.Or(a.y < b.y, z3.And(a.y == b.y, z3.Or(a.m < b.m, z3.And(a.m == b.m, a.d < b.d))))


def date_equal(a: SymDate, b: SymDate) -> Any:
    if a.moved or b.moved:
        return a.ordinal() == b.ordinal()
    return z3.And(a.y == b.y, a.m == b.m, a.d == b.d)
