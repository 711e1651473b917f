"""The one runtime of lawc: the value-level pieces the interpreter, the fact checker, the
explainer and the generated modules share, emitted verbatim as `generated/_runtime.py`.

Standard library only. Gives the errors a law can raise on a case (`LawConflict`, `LawGap`,
`LawEvaluationError`, `FactsError`), calendar arithmetic (a date moved past the end of a shorter
month lands on its last day) and decimal division, the strict readers of JSON-like facts (each
names the field it rejects; limits below), the checks of the generated dataclasses (a wrong type
is a `TypeError` naming the field). The explanation model that `explain_<decision>()` builds
(`Explanation` with `.text()`, `.markdown()`, `.to_dict()`) is the other half,
`runtime_explain.py` (`generated/_explain.py`), imported only when first used: `rt.Explanation`,
`rt.FactLog` and the rest of its names are reached through this module's `__getattr__`, so a
caller that only decides never loads it (nor `dataclasses`).

Reading facts is strict: a yes/no is a JSON boolean; a whole number is a JSON integer or text of
ASCII digits with an optional leading minus; a decimal is a JSON number or text in plain ASCII
decimal notation (no exponent, NaN or infinity; money may start with `$` and group digits with
commas, which are ignored); a date is text `YYYY-MM-DD` exactly; a number has at most
`MAX_DIGITS` digits (a JSON number read as a decimal is below `LIMIT` in size, and 0 or at least
`TINY`), a text at most `MAX_TEXT` characters, a list at most `MAX_ITEMS` items. The JSON
Schema of a law's facts (`compiler/backends/schema.py`) accepts exactly what these readers do.
A value shown in a message is cut short (`show`), so no input nests or grows a message.

The module runs past the ~600 lines because it is the one file a generated module imports to
decide (copied verbatim as `generated/_runtime.py`): its sections (errors, calendar, reading
facts, the records' checks) are what every decision needs; what only an explanation needs is
the other file, loaded on demand.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import (ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal,
                     DivisionByZero, InvalidOperation)
from enum import Enum
from typing import Any, NamedTuple, NoReturn, TypeVar

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

MAX_DIGITS = 100  # digits of a number, and characters of a number's text
MAX_TEXT = 10_000  # characters of a code or a value of a list of values
MAX_ITEMS = 100_000  # records in a list

class LawError(Exception):
    """A law that cannot decide a case."""


class LawConflict(LawError):
    """Two rules apply and give different values."""

    def __init__(self, decision: str, citations: list[str], values: list[object]) -> None:
        shown = ", ".join(f"{cit} gives {_json(v)!r}" for cit, v in zip(citations, values))
        super().__init__(f'conflict in "{decision}": {shown}')
        self.decision = decision
        self.citations = citations


class LawGap(LawError):
    """No rule applies and there is no default."""

    def __init__(self, decision: str) -> None:
        super().__init__(f'gap in "{decision}": no rule applies and there is no default')
        self.decision = decision


class LawEvaluationError(LawError):
    """Arithmetic that has no answer (division by zero, a date past the year 9999)."""


class FactsError(ValueError):
    """A fact is missing or not of its type; `path` names it (`person.convictions[0].date`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class NotInForce(FactsError):
    """A case dated outside the period in which the version of a law asked is in force: `day`
    (the date the law is dated by, at `path`), the period `start`..`end` (None: open) and the
    `law`'s title. Pass `ignore_in_force=True` to decide it under that version all the same."""

    def __init__(self, path: str, day: datetime.date, start: datetime.date | None,
                 end: datetime.date | None, law: str, why: str | None = None) -> None:
        super().__init__(path, why or f"the case is dated {day.isoformat()}, but {law} is in "
                         f"force {period_words(start, end)}: ask the version in force on that "
                         "day, or ignore the period in force")
        self.day = day
        self.start = start
        self.end = end
        self.law = law


def period_words(start: datetime.date | None, end: datetime.date | None) -> str:
    """`from 2012-02-20 until 2013-07-15`, `from 2014-12-14`, `until 2013-07-15`, `always`."""
    words: list[str] = []
    if start is not None:
        words.append(f"from {start.isoformat()}")
    if end is not None:
        words.append(f"until {end.isoformat()}")
    return " ".join(words) or "always"


def check_in_force(day: datetime.date, start: datetime.date | None,
                   end: datetime.date | None, law: str, path: str) -> None:
    """Raises `NotInForce` unless `start <= day <= end` (a bound that is None is open)."""
    if (start is not None and day < start) or (end is not None and day > end):
        raise NotInForce(path, day, start, end, law)


def _json(value: object) -> object:
    """A decision's value as JSON gives it (a value of a list of values: its words)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Months):
        return length_words(value, "months")
    if isinstance(value, datetime.timedelta):  # whole days, else hours and minutes
        return length_words(value, "minutes" if value % datetime.timedelta(days=1) else "days")
    return value


def conflict(decision: str, rules: Sequence[tuple[str, bool, object]]) -> LawConflict:
    """The conflict among the rules that decide (the flag says which do)."""
    winners = [(cit, value) for cit, decides, value in rules if decides]
    return LawConflict(decision, [c for c, _ in winners], [v for _, v in winners])


_V = TypeVar("_V")


def agree(decision: str, found: Sequence[tuple[str, _V]]) -> _V:
    """The value the deciding rules (citation, value computed) agree on, else a conflict."""
    first = found[0][1]
    if any(value != first for _, value in found[1:]):
        raise LawConflict(decision, [c for c, _ in found], [v for _, v in found])
    return first


# ------------------------------------------------------------------------------- calendar


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 31st of a shorter month lands on its last day."""
    if months % 12 == 0 and (day.day != 29 or day.month != 2):  # whole years: the same day
        year = day.year + months // 12
        if 1 <= year <= 9999:
            return day.replace(year=year)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise LawEvaluationError(f"{day.isoformat()} moved by {months} months is outside the "
                                 "calendar")
    month += 1
    d = day.day
    if d > 28:  # a day some months do not have
        if month == 2:
            last = 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
        else:
            last = 30 if month in (4, 6, 9, 11) else 31
        d = min(d, last)
    return datetime.date(year, month, d)


def add_days(day: datetime.date, days: int) -> datetime.date:
    """`day` moved by whole days."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        raise LawEvaluationError(f"{day.isoformat()} moved by {days} days is outside the "
                                 "calendar") from None


class OutOfCalendar:
    """A moved date past the calendar, computed ahead of the loop that compares with it: the
    comparison raises the `LawEvaluationError` that moving the date there would have raised."""

    __slots__ = ("error",)

    def __init__(self, error: LawEvaluationError) -> None:
        self.error = error

    def _fail(self, other: object) -> NoReturn:
        raise LawEvaluationError(*self.error.args)

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _fail
    __hash__ = None  # type: ignore[assignment]


def months_later(day: datetime.date, months: int) -> datetime.date:
    """`add_months`, its error deferred to the first comparison with the result."""
    try:
        return add_months(day, months)
    except LawEvaluationError as error:
        return OutOfCalendar(error)  # type: ignore[return-value]


def days_later(day: datetime.date, days: int) -> datetime.date:
    """`add_days`, its error deferred to the first comparison with the result."""
    try:
        return add_days(day, days)
    except LawEvaluationError as error:
        return OutOfCalendar(error)  # type: ignore[return-value]


# a line of a calendar of holidays: (month, day of the month, weekday 0-6, nth 1-4 or -1 the
# last, one date, counted from, counted until), as `counted_days` and `counted_minutes` read it
HolidayRule = tuple[int, int | None, int | None, int | None, datetime.date | None,
                    datetime.date | None, datetime.date | None]


def holiday_day(year: int, rule: HolidayRule) -> datetime.date | None:
    """The day a calendar line names in `year` (None when it names none that year)."""
    month, day, weekday, nth, date, start, end = rule
    if date is not None:
        found: datetime.date | None = date if date.year == year else None
    elif day is not None:
        found = datetime.date(year, month, day)
    else:
        assert weekday is not None and nth is not None
        first = datetime.date(year, month, 1)
        found = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if nth == -1:  # the last: the first of the next month, back to the weekday
            after = datetime.date(year + month // 12, month % 12 + 1, 1)
            found = after - datetime.timedelta(days=(after.weekday() - weekday - 1) % 7 + 1)
    if found is None or (start is not None and found < start) or (
            end is not None and found > end):
        return None
    return found


def holidays_near(year: int, rules: tuple[HolidayRule, ...],
                  observed: tuple[tuple[int, int], ...]) -> frozenset[datetime.date]:
    """The holidays of `year` and the years either side, each with its observed day (a holiday
    on a weekday `observed` names is observed too the given number of days from it)."""
    same = _BY_ID.get((year, id(rules), id(observed)))  # a module's own tuples: no hashing
    if same is not None and same[0] is rules and same[1] is observed:
        return same[2]
    key = (year, rules, observed)
    cached = _HOLIDAYS.get(key)
    if cached is None:
        moves = dict(observed)
        days: set[datetime.date] = set()
        for y in (year - 1, year, year + 1):
            if not 1 < y < 9999:
                continue
            for rule in rules:
                day = holiday_day(y, rule)
                if day is not None:
                    days.add(day)
                    if day.weekday() in moves:
                        days.add(day + datetime.timedelta(days=moves[day.weekday()]))
        cached = _HOLIDAYS[key] = frozenset(days)
    if len(_BY_ID) < 4096:  # the tuples kept with their days, so that their ids stay theirs
        _BY_ID[(year, id(rules), id(observed))] = (rules, observed, cached)
    return cached


_HOLIDAYS: dict[object, frozenset[datetime.date]] = {}
_BY_ID: dict[tuple[int, int, int], tuple[object, object, frozenset[datetime.date]]] = {}
_DAY = datetime.timedelta(days=1)
_MINUTE = datetime.timedelta(minutes=1)
_MIDNIGHT = datetime.time()


def counted_days(start: datetime.date, days: int, weekdays: tuple[int, ...],
                 rules: tuple[HolidayRule, ...],
                 observed: tuple[tuple[int, int], ...]) -> datetime.date:
    """`start plus days excluding` the weekdays and holidays given: the days-th counted day
    after `start` (`2 days` from a Friday before a Monday holiday is the Wednesday)."""
    excluded = _excluded(weekdays, rules, observed)
    step = datetime.timedelta(days=1)
    try:
        day = start
        for _ in range(days):
            day += step
            while excluded(day):
                day += step
        return day
    except (OverflowError, ValueError):
        raise LawEvaluationError(f"{start.isoformat()} moved by {days} days is outside the "
                                 "calendar") from None


def counted_minutes(start: datetime.datetime, minutes: int, weekdays: tuple[int, ...],
                    rules: tuple[HolidayRule, ...],
                    observed: tuple[tuple[int, int], ...]) -> datetime.datetime:
    """`start plus minutes excluding` the weekdays and holidays given: the time runs only on
    the other days, whole days cut out (a start on an excluded day counts from the next
    counted day's midnight); the end is the first moment the minutes have run (a count that
    ends at midnight ends there, whatever the next day is). Facts give moments to the minute;
    a moment with seconds (the typed API takes one) is counted from exactly."""
    years = _years_of(rules, observed)
    try:
        moment, left = start, minutes * _MINUTE
        while True:
            day = moment.date()
            midnight = datetime.datetime.combine(day + _DAY, _MIDNIGHT)
            if day.weekday() not in weekdays:
                near = years.get(day.year)
                if near is None:
                    near = years[day.year] = holidays_near(day.year, rules, observed)
                if day not in near:
                    room = midnight - moment
                    if left <= room:
                        return moment + left
                    left -= room
            moment = midnight
    except (OverflowError, ValueError):
        raise LawEvaluationError(f"{start.isoformat()} moved by {minutes} minutes is outside "
                                 "the calendar") from None


def _years_of(rules: tuple[HolidayRule, ...], observed: tuple[tuple[int, int], ...]
              ) -> dict[int, frozenset[datetime.date]]:
    """The days of a calendar by year, kept for the calendar last asked about (a module's own
    tuples, told by identity) and for a few others."""
    last = _LAST_CALENDAR[0]  # one tuple, read and replaced whole: safe across threads
    if last[0] is rules and last[1] is observed:
        return last[2]
    key = (id(rules), id(observed))
    kept = _CALENDARS.get(key)
    if kept is None or kept[0] is not rules or kept[1] is not observed:
        kept = (rules, observed, {})
        if len(_CALENDARS) < 64:  # the tuples kept with their days, so that their ids stay theirs
            _CALENDARS[key] = kept
    _LAST_CALENDAR[0] = kept
    return kept[2]


_Calendar = tuple[Any, Any, dict[int, frozenset[datetime.date]]]
_CALENDARS: dict[tuple[int, int], _Calendar] = {}
_LAST_CALENDAR: list[_Calendar] = [(None, None, {})]


def _excluded(weekdays: tuple[int, ...], rules: tuple[HolidayRule, ...],
              observed: tuple[tuple[int, int], ...]) -> Callable[[datetime.date], bool]:
    years = _years_of(rules, observed)  # the calendar's days, by year

    def excluded(day: datetime.date) -> bool:
        if day.weekday() in weekdays:
            return True
        near = years.get(day.year)
        if near is None:
            near = years[day.year] = holidays_near(day.year, rules, observed)
        return day in near
    return excluded


def known(value: T | None, what: str) -> T:
    """A value declared `, if known`, read where the law's conditions say it is there (lawc
    checks that they do; a case that still has none is an error, not a wrong answer)."""
    if value is None:
        raise LawEvaluationError(f"the {what} is read, but it is not known")
    return value


def add_minutes(moment: datetime.datetime, minutes: int) -> datetime.datetime:
    """`moment` moved by whole minutes (`48 hours` is 2,880)."""
    try:
        return moment + datetime.timedelta(minutes=minutes)
    except OverflowError:
        raise LawEvaluationError(f"{moment.isoformat()} moved by {minutes} minutes is outside "
                                 "the calendar") from None


def divide(a: int | Decimal, b: int | Decimal) -> Decimal:
    """`a / b` as a decimal; division by zero is a `LawEvaluationError`."""
    try:
        return Decimal(a) / Decimal(b)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation):
        raise LawEvaluationError("division by zero") from None


_N = TypeVar("_N", bound=int | Decimal)


def extreme(values: Iterable[_N], greatest: bool, what: str) -> _N:
    """The greatest (or least) of `values`; of none, a `LawEvaluationError` naming `what`."""
    found = max(values, default=None) if greatest else min(values, default=None)
    if found is None:
        raise LawEvaluationError(f"{what}: there is none to take the "
                                 f"{'greatest' if greatest else 'least'} of")
    return found


_ROUNDING = {"floor": ROUND_FLOOR, "ceiling": ROUND_CEILING, "half up": ROUND_HALF_UP,
             "half even": ROUND_HALF_EVEN}


def round_to(value: int | Decimal, unit: Decimal, how: str) -> Decimal:
    """`value` rounded to a multiple of `unit` (1 for a whole dollar, 0.01 for a cent): `floor`
    (down), `ceiling` (up), `half up` (a half away from zero) or `half even`."""
    steps = (Decimal(value) / unit).quantize(Decimal(1), rounding=_ROUNDING[how])
    return steps * unit


# ------------------------------------------------------------------------- lengths of time
# A decision whose value is a length of time gives a `datetime.timedelta` when it counts days,
# weeks, hours or minutes, and a `Months` when it counts months or years (which no timedelta
# holds: months differ in length). The law's arithmetic runs on whole numbers of days,
# minutes or months; JSON gives a length as an ISO 8601 duration (`iso_length`).

_MINUTE = datetime.timedelta(minutes=1)


class Months(NamedTuple):
    """A length of time in calendar months (a year is 12 of them)."""

    months: int

    def __str__(self) -> str:
        return length_words(self, "months")


def length_days(days: int) -> datetime.timedelta:
    """A length of whole days as a timedelta (too long for one: a `LawEvaluationError`)."""
    try:
        return datetime.timedelta(days=days)
    except OverflowError:
        raise LawEvaluationError(f"a length of {days} days is too long") from None


def length_minutes(minutes: int) -> datetime.timedelta:
    """A length of whole minutes (`48 hours` is 2,880) as a timedelta."""
    try:
        return datetime.timedelta(minutes=minutes)
    except OverflowError:
        raise LawEvaluationError(f"a length of {minutes} minutes is too long") from None


def minutes_in(length: datetime.timedelta) -> int:
    """The whole minutes of a length that `length_minutes` made."""
    return length // _MINUTE


def iso_length(amount: int, kind: str) -> str:
    """A length of `amount` days, minutes or months (`kind`) as an ISO 8601 duration, in the
    units the law counts: `P30D`, `PT48H`, `PT1H30M`, `P10Y`, `P1Y6M`; a negative length
    starts with `-` (`-P5D`), as ISO 8601's extended form allows."""
    sign, n = ("-" if amount < 0 else ""), abs(amount)
    if kind == "days":
        return f"{sign}P{n}D"
    big, small = divmod(n, 60 if kind == "minutes" else 12)
    text = (f"{big}{'H' if kind == 'minutes' else 'Y'}" if big else "") + (
        f"{small}M" if small or not big else "")
    return f"{sign}{'PT' if kind == 'minutes' else 'P'}{text}"


def length_words(length: object, kind: str) -> str:
    """A length of time as a law writes it (`5 years`, `18 months`, `48 hours`, `90 minutes`,
    `17 days`): a decision's (a timedelta, a `Months`) or whole days, minutes or months of
    `kind`; anything else (the interpreter's `Duration`) says itself in the same words."""
    if isinstance(length, Months):
        amount = length.months
    elif isinstance(length, datetime.timedelta):
        amount = length.days if kind == "days" else minutes_in(length)
    elif isinstance(length, int) and not isinstance(length, bool):
        amount = length
    else:
        return str(length)
    unit, big = {"days": ("day", None), "minutes": ("minute", (60, "hour")),
                 "months": ("month", (12, "year"))}[kind]
    if big is not None and amount % big[0] == 0:
        amount, unit = amount // big[0], big[1]
    return f"{amount} {unit}" + ("" if amount == 1 else "s")


def length_json(length: datetime.timedelta | Months, kind: str) -> str:
    """A decision's length of time as `decide()` gives it (`iso_length`)."""
    if isinstance(length, Months):
        return iso_length(length.months, "months")
    return iso_length(length.days if kind == "days" else minutes_in(length), kind)


# ---------------------------------------------------------------------------- reading facts

_LIMIT = LIMIT = 10 ** MAX_DIGITS  # a whole number is strictly between -LIMIT and LIMIT
# a JSON number read as a decimal is 0 or at least this in size, so that its plain digits are at
# most MAX_DIGITS + 1 characters (1e-80 is 0.000…1, 82 characters; a float has 17 digits more)
TINY = 1e-80
_INFINITY = float("inf")
# what a generated `_read_<record>` raises for facts that are not as they should be (its
# `decide()` then reads them again with the readers below, for the message)
UNREAD: tuple[type[Exception], ...] = (LookupError, TypeError, ValueError)
_WHOLE = re.compile(r"-?[0-9]+")
_PLAIN_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACE = " \t\r\n"


def show(value: object) -> str:
    """A value in a message, at most 60 characters: never deep, never a huge number's digits."""
    if value is None:
        return "nothing (null)"
    text = _brief(value, 3)
    return text if len(text) <= 60 else text[:57] + "..."


def _brief(value: object, depth: int) -> str:
    if isinstance(value, str):
        return repr(value[:61])
    if isinstance(value, int) and not isinstance(value, bool) and not -_LIMIT < value < _LIMIT:
        return f"a whole number of more than {MAX_DIGITS} digits"
    if isinstance(value, (list, tuple, Mapping)):
        if depth == 0:
            return "[...]" if isinstance(value, (list, tuple)) else "{...}"
        if isinstance(value, Mapping):
            items = [f"{_brief(k, 0)}: {_brief(v, depth - 1)}" for k, v in _first(value.items())]
            return "{" + ", ".join(items) + (", ..." if len(value) > 20 else "") + "}"
        inner = ", ".join(_brief(v, depth - 1) for v in _first(value))
        more = ", ..." if len(value) > 20 else ""
        return f"({inner}{more})" if isinstance(value, tuple) else f"[{inner}{more}]"
    return repr(value)


def _first(values: Iterable[T]) -> list[T]:
    out: list[T] = []
    for v in values:
        if len(out) == 20:
            break
        out.append(v)
    return out


def join(path: str, key: object) -> str:
    """The path of a fact inside the record at `path`."""
    key = key if isinstance(key, str) else show(key)
    return f"{path}.{key}" if path else key


def read_record(value: object, where: str, name: str) -> Mapping[str, object]:
    """An object holding a record's facts (its keys are checked by the caller)."""
    if not isinstance(value, Mapping):
        raise FactsError(where, f"expected an object with the facts of a {name}, got "
                         f"{show(value)}")
    return value


def record(value: object, path: str, name: str, known: frozenset[str]) -> Mapping[str, object]:
    """An object holding a record's facts; a key the vocabulary does not know is an error."""
    facts = read_record(value, path, name)
    if not known.issuperset(facts):
        for key in facts:
            if key not in known:
                raise FactsError(join(path, key), f"a {name} has no fact of this name")
    return facts


def read_list(value: object, where: str, element: str) -> list[object]:
    """A JSON array of records, of at most `MAX_ITEMS` items."""
    if not isinstance(value, list):
        raise FactsError(where, f"expected a list of {element} records, got {show(value)}")
    if len(value) > MAX_ITEMS:
        raise FactsError(where, f"a list of more than {MAX_ITEMS} {element} records")
    return value


def read_bool(value: object, where: str) -> bool:
    """A yes/no: a JSON boolean, nothing else."""
    if isinstance(value, bool):
        return value
    raise FactsError(where, f"expected yes or no (true or false), got {show(value)}")


def _bounds(value: int | Decimal, low: int | Decimal | None, high: int | Decimal | None,
            where: str) -> None:
    if low is not None and value < low:
        raise FactsError(where, f"{value} is below the lowest allowed value, {low}")
    if high is not None and value > high:
        raise FactsError(where, f"{value} is above the highest allowed value, {high}")


def read_int(value: object, where: str, low: int | None, high: int | None, what: str) -> int:
    """A whole number: a JSON integer (or a float without a fraction), or ASCII digits with an
    optional leading minus; at most `MAX_DIGITS` digits; within `low`..`high`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, str):
        text = value.strip(_SPACE)
        if len(text) > MAX_DIGITS + 1 or not _WHOLE.fullmatch(text):
            raise FactsError(where, f"expected {what}, got {show(value)}")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactsError(where, f"expected {what}, got {show(value)}")
    if not -_LIMIT < value < _LIMIT:
        raise FactsError(where, f"expected {what} of at most {MAX_DIGITS} digits")
    _bounds(value, low, high, where)
    return value


def read_decimal(value: object, where: str, low: Decimal | None, high: Decimal | None,
                 what: str, money: bool) -> Decimal:
    """A decimal number: a JSON number below `LIMIT` in size, and 0 or at least `TINY` (a
    float NaN or infinity is refused), read by its shortest digits; or text in plain ASCII
    decimal notation (money: an optional `$` first and commas anywhere after it, dropped) of
    at most `MAX_DIGITS + 1` characters, spaces around it ignored; within `low`..`high`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FactsError(where, f"expected {what}, got {show(value)}")
    if isinstance(value, int) and not -_LIMIT < value < _LIMIT:
        raise FactsError(where, f"expected {what} of at most {MAX_DIGITS} digits")
    if isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            raise FactsError(where, f"expected {what}, got {show(value)}")
        if not -_LIMIT < value < _LIMIT or -TINY < value < TINY and value:
            raise FactsError(where, f"expected {what} of at most {MAX_DIGITS} digits")
        text = repr(value)  # its shortest digits: 0.1 is 0.1
        if "e" in text:
            text = format(Decimal(text), "f")
    else:
        text = str(value).strip(_SPACE)
        if money:
            text = text.removeprefix("$").replace(",", "")
    if len(text) > MAX_DIGITS + 1 or not _PLAIN_DECIMAL.fullmatch(text):
        raise FactsError(where, f"expected {what}, got {show(value)}")
    number = Decimal(text)
    _bounds(number, low, high, where)
    return number


def read_date(value: object, where: str) -> datetime.date:
    """A date: text `YYYY-MM-DD` exactly (ASCII digits), a day that exists."""
    if not isinstance(value, str):
        raise FactsError(where, f"expected a date (YYYY-MM-DD), got {show(value)}")
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise FactsError(where, f"expected a date (YYYY-MM-DD) that exists, got "
                         f"{show(value)}") from None


def read_datetime(value: object, where: str) -> datetime.datetime:
    """A date and time: text `YYYY-MM-DDTHH:MM` (`:SS` may follow, `:00` only), a moment of
    local time that exists, read without a time zone."""
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise FactsError(where, f"expected a date and time (YYYY-MM-DDTHH:MM) that exists, got "
                     f"{show(value)}")


_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::00)?")


def read_code(value: object, where: str, forms: tuple[str, ...] = ()) -> str:
    """A code: text of at most `MAX_TEXT` characters, in one of `forms` if the law gives any
    (`"digits.digits"`: see `code_pattern`)."""
    if not isinstance(value, str):
        raise FactsError(where, f"expected a code (text), got {show(value)}")
    if len(value) > MAX_TEXT:
        raise FactsError(where, f"a code of more than {MAX_TEXT} characters")
    if forms and code_regex(forms).fullmatch(value) is None:
        raise FactsError(where, f"expected a code of the form {' or '.join(map(show, forms))}, "
                         f"got {show(value)}")
    return value


_FORM_WORDS = re.compile(r"digits|digit|letters|letter|\](?:\.\.\.|\u2026)|[\[\]]|.", re.S)
_FORM_PARTS = {"digits": "[0-9]+", "digit": "[0-9]", "letters": "[A-Za-z]+",
               "letter": "[A-Za-z]", "[": "(?:", "]": ")?", "]...": ")*", "]\u2026": ")*"}


def code_pattern(forms: tuple[str, ...]) -> str:
    """The regular expression (anchored; read the same by Python and by ECMA-262, as JSON Schema
    does) of the codes a
    law's forms allow. In a form, `digits` is one or more digits, `digit` one, `letters` and
    `letter` likewise for ASCII letters, `[…]` an optional part, `[…]...` a part repeated any
    number of times (none included); every other character stands for itself. So a Penal Law
    section with its subdivisions is `"digits.digits[-letter][(digits)][(letter)]"`. A form
    whose brackets do not pair raises ValueError."""
    alternatives = []
    for form in forms:
        depth = 0
        parts = []
        for word in _FORM_WORDS.findall(form):
            if word == "[":
                depth += 1
            elif word.startswith("]"):
                depth -= 1
                if depth < 0:
                    raise ValueError(f"a \"]\" without its \"[\" in {form!r}")
            parts.append(_FORM_PARTS.get(word) or _literal(word))
        if depth:
            raise ValueError(f"a \"[\" without its \"]\" in {form!r}")
        alternatives.append("".join(parts))
    return "^(?:" + "|".join(alternatives) + ")" + CODE_END


def _literal(char: str) -> str:
    """One character matched as itself, written the same way for Python and ECMA-262."""
    if char.isascii() and char.isalnum():
        return char
    if char in "\\]^":
        return "\\" + char
    return f"[{char}]"


CODE_END = r"(?![\s\S])"
"""The end of a code's pattern: not `$`, which Python also matches before a final newline."""

_CODE_REGEXES: dict[tuple[str, ...], re.Pattern[str]] = {}


def code_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    """`code_pattern(forms)` compiled, once per process."""
    found = _CODE_REGEXES.get(forms)
    if found is None:
        found = _CODE_REGEXES[forms] = re.compile(code_pattern(forms))
    return found


def code_section(code: str) -> str:
    """The section of a code: the code without its subdivisions, the text before its first
    `(` (`"160.10(2)(a)"` → `"160.10"`; a code without one is its own section)."""
    cut = code.find("(")
    return code if cut < 0 else code[:cut]


def wrong_choice(value: object, where: str, allowed: Iterable[str]) -> NoReturn:
    """The error for a value that is not one of a list of values."""
    raise FactsError(where, f"expected one of {', '.join(repr(v) for v in allowed)}, got "
                     f"{show(value)}")


def _get(facts: Mapping[str, object], key: str, path: str, what: str) -> object:
    if key not in facts:
        raise FactsError(_at(path, key), f"missing ({what})")
    return facts[key]


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# `get_<type>(facts, key, path, ...)`: the fact `key` of the record at `path`, read as above
# (`decide()` calls these; the common case is checked first, the path made only for an error)


def get_bool(facts: Mapping[str, object], key: str, path: str) -> bool:
    value = _get(facts, key, path, "yes or no")
    if value is True or value is False:
        return value
    return read_bool(value, _at(path, key))


def get_int(facts: Mapping[str, object], key: str, path: str, low: int | None,
            high: int | None, what: str) -> int:
    return read_int(_get(facts, key, path, what), _at(path, key), low, high, what)


def get_decimal(facts: Mapping[str, object], key: str, path: str, low: Decimal | None,
                high: Decimal | None, what: str, money: bool) -> Decimal:
    return read_decimal(_get(facts, key, path, what), _at(path, key), low, high, what, money)


def get_date(facts: Mapping[str, object], key: str, path: str) -> datetime.date:
    return read_date(_get(facts, key, path, "a date"), _at(path, key))


def get_datetime(facts: Mapping[str, object], key: str, path: str) -> datetime.datetime:
    return read_datetime(_get(facts, key, path, "a date and time"), _at(path, key))


def get_code(facts: Mapping[str, object], key: str, path: str,
             forms: tuple[str, ...] = ()) -> str:
    value = _get(facts, key, path, "a code")
    if type(value) is str and len(value) <= MAX_TEXT and (
            not forms or code_regex(forms).fullmatch(value) is not None):
        return value
    return read_code(value, _at(path, key), forms)


def get_enum(facts: Mapping[str, object], key: str, path: str, enum: type[E]) -> E:
    if key not in facts:
        raise FactsError(_at(path, key), "missing (one of "
                         + ", ".join(repr(m.value) for m in enum) + ")")
    value = facts[key]
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    wrong_choice(value, _at(path, key), (str(m.value) for m in enum))


def get_record(facts: Mapping[str, object], key: str, path: str,
               parse: Callable[[object, str], T]) -> T:
    value = _get(facts, key, path, "a record")
    return parse(value, _at(path, key))


def get_list(facts: Mapping[str, object], key: str, path: str,
             parse: Callable[[object, str], T], element: str) -> tuple[T, ...]:
    where = _at(path, key)
    items = read_list(_get(facts, key, path, f"a list of {element} records"), where, element)
    return tuple(parse(item, f"{where}[{i}]") for i, item in enumerate(items))


# ----------------------------------------------------------------- the generated dataclasses


def wrong_type(record: object, field: str, expected: type | str) -> NoReturn:
    """The `TypeError` for a dataclass of a generated module built with a value of the wrong
    type (`Case.agency: expected Agency of generated.nyc.local_law_62_2011, got ...`)."""
    value = getattr(record, field)
    want = expected if isinstance(expected, str) else _type_words(expected)
    got = type(value)
    raise TypeError(f"{type(record).__name__}.{field}: expected {want}, got {show(value)} "
                    f"({_type_words(got)})")


def out_of_bounds(record: object, field: str, low: object, high: object) -> NoReturn:
    """The `ValueError` for a dataclass of a generated module built with a value of the right
    type that the law's type does not allow (`Applicant.household_size: expected a value from
    1 to 12, got 1000000`; with no bounds, a decimal that is not finite)."""
    value = getattr(record, field)
    if low is None and high is None:
        want = "a finite number"
    elif high is None:
        want = f"a value of at least {low}"
    elif low is None:
        want = f"a value of at most {high}"
    else:
        want = f"a value from {low} to {high}"
    raise ValueError(f"{type(record).__name__}.{field}: expected {want}, got {show(value)}")


def _type_words(t: type) -> str:
    """`bool`, `datetime.date`, `Agency of generated.nyc.local_law_62_2011`."""
    if t.__module__ == "builtins":
        return t.__qualname__
    if t.__module__ in ("datetime", "decimal"):
        return f"{t.__module__}.{t.__qualname__}"
    return f"{t.__qualname__} of {t.__module__}"


# ------------------------------------------------------------------ the explanation half

EXPLANATION_NAMES = frozenset({
    "HOWS", "words", "field_words", "item_words", "Fact", "Condition", "RuleInfo", "RuleResult",
    "DecisionInfo", "Explanation", "render_text", "render_markdown", "FactLog", "Traced",
    "decision_info", "rule_infos", "explain", "with_value", "money_words",
    "amount_words", "operand_words", "count_words", "figure_words", "computation_text",
    "computed_results", "computed_default", "with_computation", "aggregate_words",
})
_explanation: Any = None  # the module, once loaded (or bound by an in-memory loader)


def explanation() -> Any:
    """The explanation half of the runtime, the module beside this one (`runtime_explain` in
    the compiler, `_explain` in a generated package), imported on first use."""
    global _explanation
    if _explanation is None:
        package, _, base = __name__.rpartition(".")
        sibling = "_explain" if base.startswith("_") else "runtime_explain"
        _explanation = importlib.import_module(f"{package}.{sibling}" if package else sibling)
    return _explanation


def __getattr__(name: str) -> Any:
    if name in EXPLANATION_NAMES:
        return getattr(explanation(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
