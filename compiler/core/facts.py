"""Facts: JSON-like input → checked values, and back.

Takes a `Program` and the facts of one case in the shape `decide()` takes (snake_case keys,
records as objects, lists as arrays, ISO dates, enumeration values as written in the law);
gives the values the interpreter reads, or raises `FactsError` naming the field
(`person.convictions[1].judgment_date`). Also reports which facts a law reads, since only those
are required. The generated modules do the same checks in generated code; tests keep them equal.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT, walk

Record = dict[str, object]


class FactsError(ValueError):
    """A fact is missing or not of its type; `path` names it."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def read_fields(program: c.Program) -> dict[str, set[str]]:
    """For each record type (and `case`), the names of the fields the law's decisions read."""
    read: dict[str, set[str]] = {ROOT: set()}
    for name in program.records:
        read[name] = set()
    seen: set[str] = set()

    def visit(e: c.Expr) -> None:
        for node in walk(e):
            if isinstance(node, c.Field):
                read.setdefault(node.record, set()).add(node.name)
            elif isinstance(node, c.DefRef) and node.key not in seen:
                seen.add(node.key)
                body = program.definitions[node.key].body
                if body is not None:
                    visit(body)

    for decision in program.decisions.values():
        for rule in decision.rules:
            visit(rule.condition)
    # a record that is read through holds its own read fields; make parents carry the path
    return read


def used_definitions(program: c.Program) -> set[str]:
    """The keys of the definitions (and sets of codes) the law's decisions read, directly or
    through other definitions; a shared vocabulary may define more."""
    used: set[str] = set()

    def visit(e: c.Expr) -> None:
        for node in walk(e):
            key = node.set_name if isinstance(node, c.InSet) else (
                node.key if isinstance(node, c.DefRef) else None)
            if key is not None and key not in used:
                used.add(key)
                body = program.definitions[key].body
                if body is not None:
                    visit(body)

    for decision in program.decisions.values():
        for rule in decision.rules:
            visit(rule.condition)
    return used


def _type_name(t: c.Type) -> str:
    return str(t)


def parse_value(value: object, t: c.Type, path: str, program: c.Program,
                read: Mapping[str, set[str]]) -> object:
    """One JSON value → its typed value, or FactsError."""
    if isinstance(t, c.BoolT):
        if isinstance(value, bool):
            return value
        raise FactsError(path, f"expected yes or no (true or false), got {_show(value)}")
    if isinstance(t, (c.IntT, c.DurationT)):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise FactsError(path, f"expected {t}, got {_show(value)}")
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise FactsError(path, f"expected {t}, got {_show(value)}") from None
        assert isinstance(value, int)
        _check_bounds(value, t, path)
        if isinstance(t, c.DurationT):
            _, factor = c.UNITS[t.unit]
            return c.Duration(value * factor, t.kind)
        return value
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise FactsError(path, f"expected {t}, got {_show(value)}")
        text = str(value).strip()
        if isinstance(t, c.MoneyT):
            text = text.lstrip("$").replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise FactsError(path, f"expected {t}, got {_show(value)}") from None
        if not number.is_finite():
            raise FactsError(path, f"expected {t}, got {_show(value)}")
        _check_bounds(number, t, path)
        return number
    if isinstance(t, c.DateT):
        if not isinstance(value, str):
            raise FactsError(path, f"expected a date (YYYY-MM-DD), got {_show(value)}")
        try:
            if len(value) != 10:
                raise ValueError(value)
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise FactsError(path, f"expected a date (YYYY-MM-DD) that exists, got "
                             f"{_show(value)}") from None
    if isinstance(t, c.CodeT):
        if not isinstance(value, str):
            raise FactsError(path, f"expected a code (text), got {_show(value)}")
        return value
    if isinstance(t, c.EnumT):
        values = program.enums[t.name].values
        if isinstance(value, str) and value in values:
            return value
        raise FactsError(path, f"expected one of {', '.join(repr(v) for v in values)}, got "
                         f"{_show(value)}")
    if isinstance(t, c.RecordT):
        return parse_record(value, t.name, path, program, read)
    if isinstance(t, c.ListT):
        if not isinstance(value, list):
            raise FactsError(path, f"expected a list of {t.element} records, got {_show(value)}")
        return tuple(parse_record(item, t.element, f"{path}[{i}]", program, read)
                     for i, item in enumerate(value))
    raise FactsError(path, f"facts of type {t} cannot be given")


def _check_bounds(value: int | Decimal, t: c.Type, path: str) -> None:
    low = getattr(t, "low", None)
    high = getattr(t, "high", None)
    if low is not None and value < low:
        raise FactsError(path, f"{value} is below the lowest allowed value, {low}")
    if high is not None and value > high:
        raise FactsError(path, f"{value} is above the highest allowed value, {high}")


def _show(value: object) -> str:
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_record(value: object, record: str, path: str, program: c.Program,
                 read: Mapping[str, set[str]]) -> Record:
    if not isinstance(value, Mapping):
        raise FactsError(path, f"expected an object with the facts of a {record}, got "
                         f"{_show(value)}")
    fields = program.fields_of(record)
    by_key = {names.key(f): f for f in fields}
    for k in value:
        if k not in by_key:
            from compiler.diagnostics import did_you_mean

            hint = did_you_mean(str(k), by_key)
            raise FactsError(_join(path, str(k)), f"a {record} has no fact of this name"
                             + (f"; {hint}" if hint else ""))
    out: Record = {}
    for name in sorted(read.get(record, ())):
        k = names.key(name)
        if k not in value:
            raise FactsError(_join(path, k), f"missing ({fields[name].type})")
        out[name] = parse_value(value[k], fields[name].type, _join(path, k), program, read)
    return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def required_records(program: c.Program) -> Iterator[str]:
    yield from program.records


_READ_CACHE: dict[int, tuple[c.Program, dict[str, set[str]]]] = {}


def read_fields_of(program: c.Program) -> dict[str, set[str]]:
    """`read_fields`, computed once per program (callers check many cases of one law)."""
    entry = _READ_CACHE.get(id(program))
    if entry is None or entry[0] is not program:
        if len(_READ_CACHE) >= 64:
            _READ_CACHE.clear()
        entry = (program, read_fields(program))
        _READ_CACHE[id(program)] = entry
    return entry[1]


def parse_facts(program: c.Program, value: object) -> Record:
    """The facts of one case, checked against what the law reads."""
    read = read_fields_of(program)
    # a record type is reached only through fields that hold it; keep only what is reached
    return parse_record(value, ROOT, "", program, read)


def to_json(value: object) -> object:
    """A decision's value or a fact's value in JSON form."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, c.Duration):
        return value.amount
    return value
