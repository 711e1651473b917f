"""Facts: JSON-like input → checked values, and back.

Takes a `Program` and the facts of one case in the shape `decide()` takes (snake_case keys,
records as objects, lists as arrays, ISO dates, enumeration values as written in the law);
gives the values the interpreter reads, or raises `FactsError` naming the field
(`person.convictions[1].judgment_date`). Each leaf is read by the one runtime (`compiler.runtime`,
which the generated modules' `decide()` calls too), so both accept and reject the same facts.
Also reports which facts a law reads, since only those are required.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from decimal import Decimal

from compiler import runtime as rt
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT, walk
from compiler.runtime import FactsError as FactsError

Record = dict[str, object]


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
        for e in c.decision_exprs(decision):
            visit(e)
    if program.dated_by is not None:  # `decide()` reads the date that decides the law in force
        visit(program.dated_by)
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
        for e in c.decision_exprs(decision):
            visit(e)
    from compiler.core.assumptions import applicable  # it imports this module

    for assumption in applicable(program):  # `decide()` checks them
        visit(assumption.condition)
    return used


def _type_name(t: c.Type) -> str:
    return str(t)


def parse_value(value: object, t: c.Type, path: str, program: c.Program,
                read: Mapping[str, set[str]]) -> object:
    """One JSON value → its typed value, or FactsError."""
    if isinstance(t, c.BoolT):
        return rt.read_bool(value, path)
    if isinstance(t, (c.IntT, c.DurationT)):
        number = rt.read_int(value, path, t.low, t.high, str(t))
        if isinstance(t, c.DurationT):
            _, factor = c.UNITS[t.unit]
            return c.Duration(number * factor, t.kind)
        return number
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        return rt.read_decimal(value, path, t.low, t.high, str(t), isinstance(t, c.MoneyT))
    if isinstance(t, c.DateT):
        return rt.read_date(value, path)
    if isinstance(t, c.DateTimeT):
        return rt.read_datetime(value, path)
    if isinstance(t, c.CodeT):
        return rt.read_code(value, path, t.forms)
    if isinstance(t, c.EnumT):
        values = program.enums[t.name].values
        if isinstance(value, str) and value in values:
            return value
        rt.wrong_choice(value, path, values)
    if isinstance(t, c.RecordT):
        return parse_record(value, t.name, path, program, read)
    if isinstance(t, c.ListT):
        items = rt.read_list(value, path, t.element)
        return tuple(parse_record(item, t.element, f"{path}[{i}]", program, read)
                     for i, item in enumerate(items))
    raise FactsError(path, f"facts of type {t} cannot be given")


def parse_record(value: object, record: str, path: str, program: c.Program,
                 read: Mapping[str, set[str]]) -> Record:
    value = rt.read_record(value, path, record)
    fields = program.fields_of(record)
    by_key = {names.key(f): f for f in fields}
    for k in value:
        if k not in by_key:
            from compiler.diagnostics import did_you_mean

            hint = did_you_mean(k, by_key) if isinstance(k, str) and len(k) <= 100 else None
            raise FactsError(rt.join(path, k), f"a {record} has no fact of this name"
                             + (f"; {hint}" if hint else ""))
    out: Record = {}
    for name in sorted(read.get(record, ())):
        k = names.key(name)
        given = value.get(k)
        if given is None and fields[name].optional:  # `, if known`: left out, or null
            out[name] = None
            continue
        if k not in value:
            raise FactsError(rt.join(path, k), f"missing ({fields[name].type})")
        out[name] = parse_value(given, fields[name].type, rt.join(path, k), program, read)
    return out


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
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, c.Duration):  # a decision's length of time: ISO 8601 (`P10Y`)
        return rt.iso_length(value.amount, value.kind.value)
    return value
