"""The runtime of generated modules, emitted verbatim as `generated/_runtime.py`.

Standard library only. Gives the errors a law can raise on a case (`LawConflict`, `LawGap`,
`LawEvaluationError`, `FactsError`), calendar arithmetic that matches the reference interpreter
(a date moved past the end of a shorter month lands on its last day), and the checks `decide()`
uses to read JSON-like facts, each naming the field it rejects.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, DivisionByZero, InvalidOperation
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


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


def _json(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    return value


def conflict(decision: str, rules: Sequence[tuple[str, bool, object]]) -> LawConflict:
    """The conflict among the rules that decide (the flag says which do)."""
    winners = [(cit, value) for cit, decides, value in rules if decides]
    return LawConflict(decision, [c for c, _ in winners], [v for _, v in winners])


# ------------------------------------------------------------------------------- calendar


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 31st of a shorter month lands on its last day."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise LawEvaluationError(f"{day.isoformat()} moved by {months} months is outside the "
                                 "calendar")
    month += 1
    if month == 12:
        last = 31
    else:
        last = (datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def add_days(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        raise LawEvaluationError(f"{day.isoformat()} moved by {days} days is outside the "
                                 "calendar") from None


def divide(a: int | Decimal, b: int | Decimal) -> Decimal:
    try:
        return Decimal(a) / Decimal(b)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation):
        raise LawEvaluationError("division by zero") from None


# ---------------------------------------------------------------------------- reading facts


def _show(value: object) -> str:
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def record(value: object, path: str, name: str, known: Sequence[str]) -> Mapping[str, object]:
    """An object holding a record's facts; a key the vocabulary does not know is an error."""
    if not isinstance(value, Mapping):
        raise FactsError(path, f"expected an object with the facts of a {name}, got "
                         f"{_show(value)}")
    for key in value:
        if key not in known:
            raise FactsError(_join(path, str(key)), f"a {name} has no fact of this name")
    return value


def _get(facts: Mapping[str, object], key: str, path: str, what: str) -> object:
    if key not in facts:
        raise FactsError(_join(path, key), f"missing ({what})")
    return facts[key]


def get_bool(facts: Mapping[str, object], key: str, path: str) -> bool:
    value = _get(facts, key, path, "yes or no")
    if isinstance(value, bool):
        return value
    raise FactsError(_join(path, key), f"expected yes or no (true or false), got {_show(value)}")


def _bounds(value: int | Decimal, low: int | Decimal | None, high: int | Decimal | None,
            path: str) -> None:
    if low is not None and value < low:
        raise FactsError(path, f"{value} is below the lowest allowed value, {low}")
    if high is not None and value > high:
        raise FactsError(path, f"{value} is above the highest allowed value, {high}")


def get_int(facts: Mapping[str, object], key: str, path: str, low: int | None,
            high: int | None, what: str) -> int:
    value = _get(facts, key, path, what)
    where = _join(path, key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise FactsError(where, f"expected {what}, got {_show(value)}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactsError(where, f"expected {what}, got {_show(value)}")
    _bounds(value, low, high, where)
    return value


def get_decimal(facts: Mapping[str, object], key: str, path: str, low: Decimal | None,
                high: Decimal | None, what: str, money: bool) -> Decimal:
    value = _get(facts, key, path, what)
    where = _join(path, key)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FactsError(where, f"expected {what}, got {_show(value)}")
    text = str(value).strip()
    if money:
        text = text.lstrip("$").replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FactsError(where, f"expected {what}, got {_show(value)}") from None
    if not number.is_finite():
        raise FactsError(where, f"expected {what}, got {_show(value)}")
    _bounds(number, low, high, where)
    return number


def get_date(facts: Mapping[str, object], key: str, path: str) -> datetime.date:
    value = _get(facts, key, path, "a date")
    where = _join(path, key)
    if not isinstance(value, str):
        raise FactsError(where, f"expected a date (YYYY-MM-DD), got {_show(value)}")
    try:
        if len(value) != 10:
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise FactsError(where, f"expected a date (YYYY-MM-DD) that exists, got "
                         f"{_show(value)}") from None


def get_code(facts: Mapping[str, object], key: str, path: str) -> str:
    value = _get(facts, key, path, "a code")
    if not isinstance(value, str):
        raise FactsError(_join(path, key), f"expected a code (text), got {_show(value)}")
    return value


def get_enum(facts: Mapping[str, object], key: str, path: str, enum: type[E]) -> E:
    value = _get(facts, key, path, "one of a list of values")
    for member in enum:
        if member.value == value:
            return member
    allowed = ", ".join(repr(m.value) for m in enum)
    raise FactsError(_join(path, key), f"expected one of {allowed}, got {_show(value)}")


def get_record(facts: Mapping[str, object], key: str, path: str,
               parse: Callable[[object, str], T]) -> T:
    value = _get(facts, key, path, "a record")
    return parse(value, _join(path, key))


def get_list(facts: Mapping[str, object], key: str, path: str,
             parse: Callable[[object, str], T], element: str) -> tuple[T, ...]:
    value = _get(facts, key, path, f"a list of {element} records")
    where = _join(path, key)
    if not isinstance(value, list):
        raise FactsError(where, f"expected a list of {element} records, got {_show(value)}")
    return tuple(parse(item, f"{where}[{i}]") for i, item in enumerate(value))
