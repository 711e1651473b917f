"""Witnesses: the facts of a concrete case, said in the language's own words.

Takes a `Program` and JSON-like facts (as `decide()` takes them); gives the lines of an example's
`given:` block that state those facts (`the person has a conviction with:` …), so a drafter can
read a witness, and paste it into the law as an example.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation

from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT

INDENT = "  "


def given_lines(program: c.Program, facts: dict[str, object], depth: int = 0) -> list[str]:
    """The facts as `given:` lines, in the order the vocabulary declares them."""
    return _record(program, ROOT, facts, None, depth)


def _fields(program: c.Program, record: str) -> dict[str, c.FieldDecl]:
    return program.fields_of(record)


def value_words(value: object, t: c.Type) -> str:
    """A JSON-like value of type `t` as an example writes it (`yes`, `$100`, `"120.00"`)."""
    return _value_words(value, t)


def _value_words(value: object, t: c.Type) -> str:
    if isinstance(t, c.BoolT):
        return "yes" if value else "no"
    if isinstance(t, c.CodeT):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(t, c.EnumT):
        text = str(value)
        words = text.split()
        simple = all(w.replace("-", "").isalnum() for w in words) and words and \
            words[0] not in ("none", "no", "yes", "a", "an", "the")
        return text if simple else json.dumps(text, ensure_ascii=False)
    if isinstance(t, c.DurationT):
        return f"{value} {t.unit}"
    if isinstance(t, c.MoneyT):
        return _money_words(value)
    if isinstance(value, datetime.datetime):  # a moment as the language writes one
        return value.isoformat(timespec="minutes")
    return str(value)


def _record(program: c.Program, record: str, facts: dict[str, object], owner: str | None,
            depth: int) -> list[str]:
    pad = INDENT * depth
    lines: list[str] = []
    for name, decl in _fields(program, record).items():
        k = names.key(name)
        if k not in facts:
            continue
        value = facts[k]
        haver = "it" if owner == "its" else owner
        t = decl.type
        if value is None:  # a fact `, if known` the case has no value for
            target = f"the {name}" if owner is None else (
                f"its {name}" if owner == "its" else f"{owner}'s {name}")
            lines.append(f"{pad}{target} is not known")
            continue
        if isinstance(t, c.BoolT):
            if owner is None:
                lines.append(f"{pad}there is {_article(name) if value else 'no'} {name}")
            elif value:
                lines.append(f"{pad}{haver} has {_article(name)} {name}")
            else:
                lines.append(f"{pad}{haver} has no {name}")
            continue
        if isinstance(t, c.RecordT):
            assert isinstance(value, dict)
            inner_owner = f"the {name}" if owner is None else (
                f"its {name}" if owner == "its" else f"{owner}'s {name}")
            lines.extend(_record(program, t.name, value, inner_owner, depth))
            continue
        if isinstance(t, c.ListT):
            assert isinstance(value, list)
            if not value:
                continue
            holder = "the case" if owner is None else haver
            for item in value:
                assert isinstance(item, dict)
                lines.append(f"{pad}{holder} has {_article(t.element)} {t.element} with:")
                lines.extend(_record(program, t.element, item, "its", depth + 1))
            continue
        target = f"the {name}" if owner is None else (
            f"its {name}" if owner == "its" else f"{owner}'s {name}")
        lines.append(f"{pad}{target} is {_value_words(value, t)}")
    return lines


def _money_words(value: object) -> str:
    """An amount as the language writes it: `$105,500`, `$2,148.50` (thousands grouped, cents
    only when there are some, as the drafters' documents write amounts)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return f"${value}"
    if amount == amount.to_integral_value():
        return f"${int(amount):,}"
    if amount.as_tuple().exponent >= -2:  # type: ignore[operator]
        return f"${amount:,.2f}"
    return f"${value}"  # finer than a cent: no literal of the language holds it


def _article(name: str) -> str:
    return names.article(name)
