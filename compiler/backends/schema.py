"""The JSON Schema (draft 2020-12) of a law's facts and of its result.

Takes a checked `Program`; gives `{"facts": schema, "result": schema}`, each a JSON Schema
document, as `lawc schema` prints it and every generated module holds it (`SCHEMA`). The facts
schema follows what `decide()` accepts (the readers `read_*` of `compiler/runtime.py`): a record
is an object with the facts the law reads required and the other facts of its vocabulary
allowed (and not read); yes/no is a JSON boolean; a whole number is a JSON integer or its
digits as text; a decimal or money is a JSON number (or, when the type has no bounds, its
digits as text); a date is `YYYY-MM-DD` text of a day that exists (`format: date`); a code is
text of at most `MAX_TEXT` characters; a list is an array of at most `MAX_ITEMS` records.

Where the two differ: a number given as a float whose plain decimal text has more than
`MAX_DIGITS` characters (`1e-200`) passes the schema and is refused by `decide()`; money or a
bounded decimal given as text is accepted by `decide()` but not offered by the schema; a float
NaN (not JSON, but Python's `json.loads` reads it) passes a number's bounds and `decide()`
refuses it.
"""

from __future__ import annotations

from decimal import Decimal

from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT
from compiler.core.facts import read_fields
from compiler import runtime as rt
from compiler.runtime import MAX_DIGITS, MAX_ITEMS, MAX_TEXT

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_SPACE = "[ \\t\\r\\n]*"  # what the readers strip around a number's text
_LIMIT = 10 ** MAX_DIGITS - 1  # the largest whole number the readers take
_ENUMERATED = 2_000  # a bounded whole number is offered as text when it has at most this many


def statute_schema(program: c.Program, decision: str | None = None) -> dict[str, object]:
    """The schemas of the facts `decide()` takes and of the result it gives (of one decision,
    when `decision` names it)."""
    return {"facts": facts_schema(program), "result": result_schema(program, decision)}


def facts_schema(program: c.Program) -> dict[str, object]:
    """The facts of one case, as `decide(facts)` takes them."""
    read = read_fields(program)
    defs: dict[str, object] = {}
    reached = [ROOT]
    root = _record(program, ROOT, read, reached)
    i = 1
    while i < len(reached):
        defs[names.key(reached[i])] = _record(program, reached[i], read, reached)
        i += 1
    out: dict[str, object] = {"$schema": DRAFT, "title": f"The facts of a case: {program.title}"}
    out.update(root)
    if defs:
        out["$defs"] = defs
    return out


def result_schema(program: c.Program, decision: str | None = None) -> dict[str, object]:
    """What `decide()` gives: each decision's value (or the one named)."""
    properties: dict[str, object] = {}
    for name, d in program.decisions.items():
        if decision is not None and name != decision:
            continue
        value: dict[str, object] = (
            {"enum": list(program.enums[d.type.name].values)} if isinstance(d.type, c.EnumT)
            else {"type": "boolean"})
        if d.question:
            value["description"] = d.question
        properties[names.key(name)] = value
    return {"$schema": DRAFT, "title": f"The decisions of {program.title}", "type": "object",
            "properties": properties, "required": list(properties),
            "additionalProperties": False}


def _record(program: c.Program, record: str, read: dict[str, set[str]],
            reached: list[str]) -> dict[str, object]:
    fields = program.fields_of(record)
    used = read.get(record, set())
    properties: dict[str, object] = {}
    required: list[str] = []
    for name, decl in fields.items():
        key = names.key(name)
        if name in used:
            properties[key] = _value(program, decl.type, reached)
            required.append(key)
        else:
            properties[key] = {"description": f"{name}: not read by this law"}
    return {"type": "object", "description": f"the facts of a {record}",
            "properties": properties, "required": required, "additionalProperties": False}


def _ref(record: str, reached: list[str]) -> dict[str, object]:
    if record not in reached:
        reached.append(record)
    return {"$ref": f"#/$defs/{names.key(record)}"}


def _value(program: c.Program, t: c.Type, reached: list[str]) -> dict[str, object]:
    match t:
        case c.BoolT():
            return {"type": "boolean"}
        case c.IntT(low=low, high=high) | c.DurationT(low=low, high=high):
            return _whole(low, high)
        case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
            return _decimal(low, high, isinstance(t, c.MoneyT))
        case c.DateT():
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        case c.CodeT(forms=forms) if forms:
            return {"type": "string", "maxLength": MAX_TEXT, "pattern": rt.code_pattern(forms)}
        case c.CodeT():
            return {"type": "string", "maxLength": MAX_TEXT}
        case c.EnumT(name=name):
            return {"enum": list(program.enums[name].values)}
        case c.RecordT(name=name):
            return _ref(name, reached)
        case c.ListT(element=element):
            return {"type": "array", "maxItems": MAX_ITEMS, "items": _ref(element, reached)}
    raise AssertionError(t)


def _whole(low: int | None, high: int | None) -> dict[str, object]:
    """A JSON integer within the bounds, or its digits as text when they can be written as a
    pattern (no bounds, a lower bound of 0, or a short range)."""
    number: dict[str, object] = {"type": "integer", "minimum": -_LIMIT if low is None else low,
                                 "maximum": _LIMIT if high is None else high}
    pattern = _whole_pattern(low, high)
    if pattern is None:
        return number
    return {"anyOf": [number, {"type": "string", "pattern": f"^{_SPACE}(?:{pattern}){_SPACE}$"}]}


def _whole_pattern(low: int | None, high: int | None) -> str | None:
    """Text that `read_int` reads as a whole number within the bounds: at most `MAX_DIGITS`
    digits and a minus, as a number of fewer than `MAX_DIGITS + 1` digits."""
    d = MAX_DIGITS
    if low is None and high is None:
        return f"-?[0-9]{{1,{d}}}|0[0-9]{{{d}}}"
    if low == 0 and high is None:
        return f"[0-9]{{1,{d}}}|0[0-9]{{{d}}}|-0{{1,{d}}}"
    if low is None or high is None or high - low >= _ENUMERATED:
        return None
    parts: list[str] = []
    if low <= 0 <= high:
        parts.append(f"-?0{{1,{d}}}|0{{{d + 1}}}")
    groups: dict[tuple[str, int], list[str]] = {}
    for v in range(low, high + 1):
        if v != 0:
            digits = str(abs(v))
            groups.setdefault(("-" if v < 0 else "", len(digits)), []).append(digits)
    for (sign, length), values in groups.items():
        zeros = d + 1 - len(sign) - length
        parts.append(f"{sign}0{{0,{zeros}}}(?:{'|'.join(values)})")
    return "|".join(parts)


def _decimal(low: Decimal | None, high: Decimal | None, money: bool) -> dict[str, object]:
    """A JSON number within the bounds; an unbounded decimal also as plain decimal text."""
    number: dict[str, object] = {"type": "number"}
    number["minimum"] = -_LIMIT if low is None else _json_number(low)
    number["maximum"] = _LIMIT if high is None else _json_number(high)
    if money or low is not None or high is not None:
        return number
    text = {"type": "string", "maxLength": MAX_DIGITS + 1,
            "pattern": "^-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)$"}
    return {"anyOf": [number, text]}


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
