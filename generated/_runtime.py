"""The one runtime of lawc: the value-level pieces the interpreter, the fact checker, the
explainer and the generated modules share, emitted verbatim as `generated/_runtime.py`.

Standard library only. Gives the errors a law can raise on a case (`LawConflict`, `LawGap`,
`LawEvaluationError`, `FactsError`), calendar arithmetic (a date moved past the end of a shorter
month lands on its last day) and decimal division, the strict readers of JSON-like facts (each
names the field it rejects; limits below), the checks of the generated dataclasses (a wrong type
is a `TypeError` naming the field), and the explanation model (`Explanation` with `.text()`,
`.markdown()`, `.to_dict()`) that `explain_<decision>()` builds.

Reading facts is strict: a yes/no is a JSON boolean; a whole number is a JSON integer or text of
ASCII digits with an optional leading minus; a decimal is a JSON number or text in plain ASCII
decimal notation (no exponent, NaN or infinity; money may start with `$` and group digits with
commas, which are ignored); a date is text `YYYY-MM-DD` exactly; a number has at most
`MAX_DIGITS` digits, a text at most `MAX_TEXT` characters, a list at most `MAX_ITEMS` items.
A value shown in a message is cut short (`show`), so no input nests or grows a message.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from enum import Enum
from typing import Any, NoReturn, TypeVar

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


def _json(value: object) -> object:
    """A decision's value as JSON gives it (a value of a list of values: its words)."""
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

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _fail  # type: ignore[assignment]
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


def divide(a: int | Decimal, b: int | Decimal) -> Decimal:
    """`a / b` as a decimal; division by zero is a `LawEvaluationError`."""
    try:
        return Decimal(a) / Decimal(b)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation):
        raise LawEvaluationError("division by zero") from None


# ---------------------------------------------------------------------------- reading facts

_LIMIT = 10 ** MAX_DIGITS
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
    """A decimal number: a finite JSON number, or text in plain ASCII decimal notation (money:
    an optional `$` and commas between digits); at most `MAX_DIGITS` characters."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FactsError(where, f"expected {what}, got {show(value)}")
    if isinstance(value, int) and not -_LIMIT < value < _LIMIT:
        raise FactsError(where, f"expected {what} of at most {MAX_DIGITS} digits")
    if isinstance(value, float):
        text = repr(value)
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


def read_code(value: object, where: str) -> str:
    """A code: text of at most `MAX_TEXT` characters."""
    if not isinstance(value, str):
        raise FactsError(where, f"expected a code (text), got {show(value)}")
    if len(value) > MAX_TEXT:
        raise FactsError(where, f"a code of more than {MAX_TEXT} characters")
    return value


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


def get_code(facts: Mapping[str, object], key: str, path: str) -> str:
    value = _get(facts, key, path, "a code")
    if type(value) is str and len(value) <= MAX_TEXT:
        return value
    return read_code(value, _at(path, key))


def get_enum(facts: Mapping[str, object], key: str, path: str, enum: type[E]) -> E:
    value = _get(facts, key, path, "one of a list of values")
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


def _type_words(t: type) -> str:
    """`bool`, `datetime.date`, `Agency of generated.nyc.local_law_62_2011`."""
    if t.__module__ == "builtins":
        return t.__qualname__
    if t.__module__ in ("datetime", "decimal"):
        return f"{t.__module__}.{t.__qualname__}"
    return f"{t.__qualname__} of {t.__module__}"


# ----------------------------------------------------------------------------- explanations
#
# `explain_<decision>(facts)` in a generated module evaluates each rule's top-level conditions
# one by one on a traced copy of the case (every fact read is logged with its path and value)
# and builds an `Explanation`. The plain decision functions never touch any of this.

HOWS = ("yes/no", "enum", "code", "date", "number", "money", "record")  # also unit:…, list:…


def words(value: object, how: str) -> str:
    """A value as the law writes it: yes, felony, "160.10", 2012-02-20, $1,000.00, 5 years."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if how == "code":
        return '"' + str(value) + '"'
    if how == "money" and isinstance(value, Decimal):
        return f"${value:,.2f}"
    if how.startswith("unit:"):
        unit = how[5:]
        return f"{value} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"
    if how.startswith("list:") and isinstance(value, int):
        return f"{value} {how[5:]} record" + ("" if value == 1 else "s")
    return str(value)


def field_words(owner: str, name: str) -> str:
    """`the person`, `the person's date of birth`, `conviction 1's judgment date`."""
    return f"{owner}'s {name}" if owner else f"the {name}"


def item_words(element: str, index: int) -> str:
    return f"{element} {index + 1}"


@dataclass(frozen=True)
class Fact:
    """One fact read: its path in `decide()`'s input, its name in words, its value in words."""

    path: str
    name: str
    value: str

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "name": self.name, "value": self.value}


@dataclass(frozen=True)
class Condition:
    """A top-level condition of a rule as it stands for this case (`holds` None: not
    evaluated, because evaluating it fails), with the facts read to settle it."""

    text: str
    holds: bool | None
    facts: tuple[Fact, ...]

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "holds": self.holds,
                "facts": [f.to_dict() for f in self.facts]}


@dataclass(frozen=True)
class RuleInfo:
    """What a generated module knows of a rule: where it is, what it gives, its conditions
    (`kind`: always, one, all, any or none of `parts`, each said when true and when false)."""

    citation: str
    title: str | None
    quote: tuple[str, ...]
    value: object
    value_words: str
    kind: str
    parts: tuple[tuple[str, str], ...]
    exception_to: tuple[str, ...]


@dataclass(frozen=True)
class RuleResult:
    info: RuleInfo
    applies: bool
    conditions: tuple[Condition, ...]
    decides: bool = False
    overridden_by: tuple[str, ...] = ()

    def reasons(self) -> tuple[Condition, ...]:
        """The conditions that make the rule apply, or that keep it from applying."""
        kind = self.info.kind
        if kind in ("always", "one") or (self.applies and kind in ("all", "none")) or (
                not self.applies and kind == "any"):
            return tuple(c for c in self.conditions if c.holds is not None)
        if kind == "all":  # does not apply: the conditions that fail
            return tuple(c for c in self.conditions if c.holds is False)
        return tuple(c for c in self.conditions if c.holds is True)  # any applies; none fails

    def facts(self) -> tuple[Fact, ...]:
        return _unique(f for c in self.reasons() for f in c.facts)

    def to_dict(self) -> dict[str, object]:
        info = self.info
        return {"citation": info.citation, "title": info.title, "quote": list(info.quote),
                "value": info.value_words, "kind": info.kind, "applies": self.applies,
                "decides": self.decides, "exception_to": list(info.exception_to),
                "overridden_by": list(self.overridden_by),
                "reasons": [c.text for c in self.reasons()],
                "conditions": [{"text": c.text, "holds": c.holds} for c in self.conditions],
                "facts": [f.to_dict() for f in self.facts()]}


def _unique(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    seen: dict[str, Fact] = {}
    for f in facts:
        seen.setdefault(f.path, f)
    return tuple(seen.values())


@dataclass(frozen=True)
class DecisionInfo:
    statute: str
    name: str
    question: str | None
    default: object
    default_words: str | None  # None: the decision has no default


@dataclass(frozen=True)
class Explanation:
    """Why a decision came out as it did, in the law's words: the outcome, the provision that
    decided it (citation, quoted words, the conditions that held, the facts they read), the
    exceptions that overrode other rules, and the provisions that did not apply and why."""

    decision: DecisionInfo
    value: object
    rules: tuple[RuleResult, ...]

    @property
    def outcome(self) -> str:
        return words(self.value, "enum")

    @property
    def by_default(self) -> bool:
        return not self.deciding

    @property
    def deciding(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.decides)

    @property
    def overridden(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.applies and not r.decides)

    @property
    def not_applied(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if not r.applies)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The facts the decisive provisions relied on (with the exceptions that overrode)."""
        return _unique(f for r in self.deciding + self.overridden for f in r.facts())

    def to_dict(self) -> dict[str, object]:
        d = self.decision
        return {"statute": d.statute, "decision": d.name, "question": d.question,
                "outcome": self.outcome, "by_default": self.by_default,
                "default": d.default_words,
                "decided_by": [r.to_dict() for r in self.deciding],
                "overridden": [r.to_dict() for r in self.overridden],
                "not_applied": [r.to_dict() for r in self.not_applied],
                "facts": [f.to_dict() for f in self.facts]}

    def text(self) -> str:
        return render_text(self.to_dict())

    def markdown(self) -> str:
        return render_markdown(self.to_dict())

    def __str__(self) -> str:
        return self.text()


def _provision(rule: Mapping[str, Any]) -> str:
    title = f' "{rule["title"]}"' if rule["title"] else ""
    return f"{rule['citation']}{title}"


def _because(rule: Mapping[str, Any]) -> str:
    reasons = list(rule["reasons"])
    if not reasons:
        return "it always applies"
    if rule["kind"] == "any" and not rule["applies"]:
        return "none of its conditions holds: " + "; ".join(reasons)
    return "; ".join(reasons)


def render_text(e: Mapping[str, Any]) -> str:
    """The explanation as plain text (the same words as lawc's text template)."""
    out = [f"{e['statute']}: the {e['decision']} is {e['outcome']}."]
    if e["question"]:
        out.append(f"Question: {e['question']}")
    out.append("")
    for rule in e["decided_by"]:
        exception = (f" (an exception to {', '.join(rule['exception_to'])})"
                     if rule["exception_to"] else "")
        out.append(f"Decided by {_provision(rule)}{exception}, because "
                   f"{_because(rule)}.")
        for line in rule["quote"]:
            out.append(f"  > {line}")
    if e["by_default"]:
        out.append(f"No provision applies, so the {e['decision']} is {e['outcome']} "
                   "by default.")
    if e["facts"]:
        out.append("")
        out.append("Facts relied on:")
        for fact in e["facts"]:
            out.append(f"  - {fact['name']}: {fact['value']}")
    if e["overridden"]:
        out.append("")
        out.append("Overridden by an exception:")
        for rule in e["overridden"]:
            out.append(f"  - {_provision(rule)} would make it {rule['value']} (because "
                       f"{_because(rule)}), but {', '.join(rule['overridden_by'])} "
                       "prevails.")
    if e["not_applied"]:
        out.append("")
        out.append("Provisions considered that did not apply:")
        for rule in e["not_applied"]:
            out.append(f"  - {_provision(rule)} would make it {rule['value']}, but "
                       f"{_because(rule)}.")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Text safe inside Markdown: the characters Markdown acts on are escaped."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def render_markdown(e: Mapping[str, Any]) -> str:
    """The explanation as Markdown (the same words as lawc's Markdown template)."""
    out = [f"## {_md(e['statute'])}: the {_md(e['decision'])} is **{_md(e['outcome'])}**"]
    if e["question"]:
        out += ["", f"*{_md(e['question'])}*"]
    for rule in e["decided_by"]:
        exception = (f" (an exception to {_md(', '.join(rule['exception_to']))})"
                     if rule["exception_to"] else "")
        out += ["", (f"Decided by **{_md(_provision(rule))}**{exception}, because "
                     f"{_md(_because(rule))}.")]
        if rule["quote"]:
            out.append("")
            out += [f"> {_md(line)}" for line in rule["quote"]]
    if e["by_default"]:
        out += ["", (f"No provision applies, so the {_md(e['decision'])} is "
                     f"**{_md(e['outcome'])}** by default.")]
    if e["facts"]:
        out += ["", "### Facts relied on", ""]
        out += [f"- {_md(f['name'])}: **{_md(f['value'])}**" for f in e["facts"]]
    if e["overridden"]:
        out += ["", "### Overridden by an exception", ""]
        out += [f"- {_md(_provision(r))} would make it {_md(r['value'])} (because "
                f"{_md(_because(r))}), but {_md(', '.join(r['overridden_by']))} prevails."
                for r in e["overridden"]]
    if e["not_applied"]:
        out += ["", "### Provisions considered that did not apply", ""]
        out += [f"- {_md(_provision(r))} would make it {_md(r['value'])}, but "
                f"{_md(_because(r))}." for r in e["not_applied"]]
    return "\n".join(out) + "\n"


class FactLog:
    """Records every fact read through a `Traced` view of the case."""

    def __init__(self, fields: Mapping[str, Mapping[str, tuple[str, str, str]]]) -> None:
        self.fields = fields  # class name → attribute → (JSON key, name in the law, how)
        self.reads: list[Fact] = []

    def read(self, path: str, name: str, value: object, how: str) -> None:
        self.reads.append(Fact(path, name, words(value, how)))

    def trace(self, case: object) -> Any:
        return Traced(case, "", "", self)

    def condition(self, part: Callable[[Any], object], case: Any, text: tuple[str, str],
                  settled: bool) -> Condition:
        """Evaluate one condition; once the rule is `settled`, an error only marks it."""
        start = len(self.reads)
        try:
            holds = bool(part(case))
        except LawError:
            if not settled:
                raise
            del self.reads[start:]
            return Condition(text[0], None, ())
        facts = _unique(self.reads[start:])
        return Condition(text[0] if holds else text[1], holds, facts)

    def rule(self, info: RuleInfo, case: Any,
             parts: Sequence[Callable[[Any], object]]) -> RuleResult:
        """Evaluate a rule's conditions in order, as the law does, and then the rest."""
        conditions: list[Condition] = []
        settled = False
        for part, text in zip(parts, info.parts):
            condition = self.condition(part, case, text, settled)
            conditions.append(condition)
            if info.kind == "all" and condition.holds is False:
                settled = True
            if info.kind in ("any", "none") and condition.holds is True:
                settled = True
        holds = [c.holds for c in conditions]
        if info.kind == "always":
            applies = True
        elif info.kind == "one":
            applies = bool(holds[0])
        elif info.kind == "all":
            applies = all(h is True for h in holds)
        elif info.kind == "any":
            applies = any(h is True for h in holds)
        else:
            applies = not any(h is True for h in holds)
        return RuleResult(info, applies, tuple(conditions))


class Traced:
    """A read-only view of a record that logs each fact read (a list: its length)."""

    __slots__ = ("_log", "_path", "_value", "_words")

    def __init__(self, value: object, path: str, owner: str, log: FactLog) -> None:
        self._value = value
        self._path = path
        self._words = owner
        self._log = log

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._value, attribute)
        key, name, how = self._log.fields[type(self._value).__name__][attribute]
        path = f"{self._path}.{key}" if self._path else key
        owner = field_words(self._words, name)
        if how == "record":
            return Traced(value, path, owner, self._log)
        if how.startswith("list:"):
            self._log.read(path, owner, len(value), how)
            element = how[5:]
            return tuple(Traced(item, f"{path}[{i}]", item_words(element, i), self._log)
                         for i, item in enumerate(value))
        self._log.read(path, owner, value, how)
        return value


def _member(value: object, values: type[Enum] | None) -> object:
    return value if values is None or value is None else values(value)


def decision_info(data: tuple[Any, ...], values: type[Enum] | None) -> DecisionInfo:
    """A generated module's literal data about a decision → `DecisionInfo` (values of a list
    of values become members of `values`)."""
    statute, name, question, default, default_words = data
    return DecisionInfo(statute, name, question, _member(default, values), default_words)


def rule_infos(data: Sequence[tuple[Any, ...]], values: type[Enum] | None
               ) -> tuple[RuleInfo, ...]:
    """A generated module's literal data about a decision's rules → `RuleInfo`s."""
    return tuple(RuleInfo(citation, title, tuple(quote), _member(value, values), value_words,
                          kind, tuple(tuple(p) for p in parts), tuple(exception_to))
                 for (citation, title, quote, value, value_words, kind, parts, exception_to)
                 in data)


def explain(decision: DecisionInfo, results: Sequence[RuleResult],
            closure: Sequence[Sequence[int]]) -> Explanation:
    """The decided value from the rules' results, as the decision function decides it."""
    applies = [r.applies for r in results]
    final: list[RuleResult] = []
    for i, r in enumerate(results):
        blockers = [results[b].info.citation for b in closure[i] if applies[b]]
        final.append(RuleResult(r.info, r.applies, r.conditions,
                                r.applies and not blockers, tuple(dict.fromkeys(blockers))))
    values: list[object] = []
    for r in final:
        if r.decides and r.info.value not in values:
            values.append(r.info.value)
    if len(values) > 1:
        raise conflict(decision.name, [(r.info.citation, r.decides, r.info.value)
                                       for r in final])
    if values:
        return Explanation(decision, values[0], tuple(final))
    if decision.default_words is None:
        raise LawGap(decision.name)
    return Explanation(decision, decision.default, tuple(final))
