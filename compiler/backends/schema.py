"""The JSON Schema (draft 2020-12) of a law's facts and of its result.

Takes a checked `Program`; gives `{"facts": schema, "result": schema}`, each a JSON Schema
document, as `lawc schema` prints it and every generated module holds it (`SCHEMA`). The facts
schema follows what `decide()` accepts (the readers `read_*` of `compiler/runtime.py`): a record
is an object with the facts the law reads required and the other facts of its vocabulary
allowed (and not read); yes/no is a JSON boolean; a whole number is a JSON integer or text of
one; a decimal or money is a JSON number or text of one; a date is `YYYY-MM-DD` text of a day
that exists; a code is text of at most `MAX_TEXT` characters (counted in code points, as both
JSON Schema and Python count them); a list is an array of at most `MAX_ITEMS` records.

The schema and `decide()` accept exactly the same JSON values (`tests/test_schema.py` holds them
to it, on generated and mutated facts): the text a number may be given as is matched by a
pattern of `schema_text.py` that checks its length and its bounds digit by digit (`"$1,200.50"`
as money within 0 to 500 is refused by both), a date's pattern admits only days that exist (so a
validator that skips `format` agrees too), and a JSON number read as a decimal is below
`runtime.LIMIT` and 0 or at least `runtime.TINY` in size, NaN and infinities refused. A
decimal's bounds are written as JSON numbers, compared as floats by a validator and as decimals
by `decide()`: the two agree for any bound a float holds exactly by its shortest digits (at
most 15 significant digits, as every bound of a shipped law).
"""

from __future__ import annotations

from decimal import Decimal
from typing import assert_never

from compiler import runtime
from compiler.backends.schema_text import DATE, decimal_pattern, whole_pattern
from compiler.core import ast as c
from compiler.core import names
from compiler.core.assumptions import applicable, fact_paths
from compiler.core.ast import ROOT
from compiler.core.facts import read_fields

DATETIME = DATE.removesuffix("$") + "T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::00)?$"
from compiler.runtime import MAX_DIGITS, MAX_ITEMS, MAX_TEXT

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_LIMIT = 10 ** MAX_DIGITS - 1  # the largest whole number the readers take


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
    assumed = applicable(program)
    if assumed:  # how facts relate, which no JSON Schema keyword states: checked by decide()
        out["x-lawc-assumptions"] = [
            {"facts": list(fact_paths(program, a)), "assumes": a.words, "because": a.reason}
            for a in assumed]
    return out


def result_schema(program: c.Program, decision: str | None = None) -> dict[str, object]:
    """What `decide()` gives: each decision's value (or the one named)."""
    properties: dict[str, object] = {}
    for name, d in program.decisions.items():
        if decision is not None and name != decision:
            continue
        value = _result_value(program, d.type)
        if d.optional:  # `, if known`: null where no rule gives it
            value = _or_null(value)
        if d.question:
            value["description"] = d.question
        properties[names.key(name)] = value
    for name, record in program.outcome_records.items():  # an object of its outputs' values
        if decision is not None and name != decision:
            continue
        parts = {names.key(f): properties.get(names.key(f)) or _result_value(
            program, program.decisions[f].type) for f in record.fields}
        value = {"type": "object", "properties": parts, "required": list(parts),
                 "additionalProperties": False}
        if record.question:
            value["description"] = record.question
        properties[names.key(name)] = value
    return {"$schema": DRAFT, "title": f"The decisions of {program.title}", "type": "object",
            "properties": properties, "required": list(properties),
            "additionalProperties": False}


# an ISO 8601 duration as decide() gives a length of time: P30D, PT48H, PT1H30M, P10Y, P1Y6M
ISO_LENGTH = (r"^-?P(?:[0-9]+D|T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?"
              r"|(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?)$")


def _result_value(program: c.Program, t: c.Type) -> dict[str, object]:
    """A decision's value as `decide()` gives it: a JSON boolean, a value of its list, a whole
    number, money or a decimal as text of digits, a date or date and time as ISO text, a
    length of time as an ISO 8601 duration."""
    match t:
        case c.EnumT(name=name):
            return {"enum": list(program.enums[name].values)}
        case c.IntT():
            return {"type": "integer"}
        case c.DecimalT() | c.MoneyT():
            return {"type": "string", "pattern": r"^-?[0-9]+(?:\.[0-9]+)?(?:E[+-][0-9]+)?$"}
        case c.DateT() | c.DateTimeT():
            return _value(program, t, [])
        case c.DurationT():
            return {"type": "string", "pattern": ISO_LENGTH}
    return {"type": "boolean"}


def _or_null(value: dict[str, object]) -> dict[str, object]:
    """A value of a fact or decision `, if known`: the value, or null."""
    return {"anyOf": [value, {"type": "null"}]}


def _record(program: c.Program, record: str, read: dict[str, set[str]],
            reached: list[str]) -> dict[str, object]:
    fields = program.fields_of(record)
    used = read.get(record, set())
    properties: dict[str, object] = {}
    required: list[str] = []
    for name, decl in fields.items():
        key = names.key(name)
        if name in used and decl.optional:  # `, if known`: may be left out, or null
            properties[key] = {**_or_null(_value(program, decl.type, reached)),
                               "description": f"{name}, if known"}
        elif name in used:
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
            return {"type": "string", "format": "date", "minLength": 10, "maxLength": 10,
                    "pattern": DATE}
        case c.DateTimeT():  # local time, no zone: not JSON Schema's "date-time" (RFC 3339)
            return {"type": "string", "minLength": 16, "maxLength": 19, "pattern": DATETIME}
        case c.CodeT(forms=forms) if forms:
            return {"type": "string", "maxLength": MAX_TEXT, "pattern": runtime.code_pattern(forms)}
        case c.CodeT():
            return {"type": "string", "maxLength": MAX_TEXT}
        case c.EnumT(name=name):
            return {"enum": list(program.enums[name].values)}
        case c.RecordT(name=name):
            return _ref(name, reached)
        case c.ListT(element=element):
            return {"type": "array", "maxItems": MAX_ITEMS, "items": _ref(element, reached)}
        case c.SetT() | c.SpanT() | c.ErrorT():  # no fact has such a type
            raise AssertionError(t)
        case _:
            assert_never(t)


def _whole(low: int | None, high: int | None) -> dict[str, object]:
    """A JSON integer within the bounds (and of at most `MAX_DIGITS` digits), or text of one
    (`read_int`: ASCII digits, spaces around, leading zeros)."""
    number: dict[str, object] = {"type": "integer",
                                 "minimum": -_LIMIT if low is None else max(low, -_LIMIT),
                                 "maximum": _LIMIT if high is None else min(high, _LIMIT)}
    pattern = whole_pattern(low, high)
    if pattern is None:
        return number
    return {"anyOf": [number, {"type": "string", "pattern": pattern}]}


def _decimal(low: Decimal | None, high: Decimal | None, money: bool) -> dict[str, object]:
    """A JSON number within the bounds, or text of one (`read_decimal`). A number is below
    10 ** MAX_DIGITS in size, and 0 or at least `TINY` (so that its plain decimal text has at
    most `MAX_DIGITS + 1` characters); the `not` refuses a float NaN too, which passes every
    comparison (it is not JSON, but Python's `json` reads it and `decide()` refuses it)."""
    number: dict[str, object] = {"type": "number", "exclusiveMinimum": -runtime.LIMIT,
                                 "exclusiveMaximum": runtime.LIMIT}
    if low is not None:
        number["minimum"] = _json_number(low)
    if high is not None:
        number["maximum"] = _json_number(high)
    number["not"] = {"exclusiveMinimum": -runtime.TINY, "exclusiveMaximum": runtime.TINY,
                     "not": {"const": 0}}
    text = {"type": "string", "pattern": decimal_pattern(low, high, money)}
    return {"anyOf": [number, text]}


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
