"""The vocabulary of a law: records, fields, types, lists of values, names of definitions.

Takes a `Context` holding the parsed law and the files it uses; fills its name tables (records,
the facts of the case, enums, the definitions by key, the decisions and their types) and reports
what is declared twice or names a type that does not exist. Nothing here reads an expression:
definitions are resolved later, on first use (`expressions.Expressions.definition`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import assert_never

from compiler import runtime as rt
from compiler.core import ast as c
from compiler.core import names
from compiler.core import typecheck as tc
from compiler.core.resolve.context import Context, attribute_key, predicate_key, value_key
from compiler.diagnostics import did_you_mean
from compiler.surface import ast as s

_DEFINITIONS = (s.PredicateDef, s.AttributeDef, s.ValueDef, s.SetDef)


def declare(ctx: Context) -> None:
    """Every declaration of the law and the files it uses, in that order of kinds."""
    declare_records(ctx)
    fact_fields: list[s.FieldDecl] = []
    for file in ctx.all_files():
        for item in file.items:
            if isinstance(item, s.FactsDecl):
                fact_fields.extend(item.fields)
    ctx.facts = declare_fields(ctx, c.ROOT, tuple(fact_fields))
    # definitions, in every file; provisions give them their citation
    for file in ctx.all_files():
        for item in file.items:
            if isinstance(item, s.Provision):
                for part in item.body:
                    if isinstance(part, _DEFINITIONS):
                        declare_definition(ctx, part, item.citation.text)
            elif isinstance(item, _DEFINITIONS):
                declare_definition(ctx, item, None)
    for item in ctx.main.items:
        if isinstance(item, s.DecisionDecl):
            declare_decision(ctx, item)
    owned_names_stand_alone(ctx)


def owned_names_stand_alone(ctx: Context) -> None:
    """`the claimant's age` names one fact only where nothing is called "the claimant": else it
    would also read as that record's age."""
    named = [(f.name, f.span) for f in ctx.facts.values()]
    named += [(d.name, d.span) for d in ctx.decisions.values()]
    for name, span in named:
        owner, _, rest = name.partition(_POSS)
        if rest and owner in ctx.facts:
            ctx.err("ambiguous-name", f'"the {name}" would also read as the {owner}{_POSS}'
                    f'"{rest}"', span, hint=f'name it without "{_POSS.strip()}" (e.g. '
                    f'"the {owner} {rest}"), or make it a fact of the {owner}')


_POSS = "'s "
"""How an owned name (`claimant's age`) joins its words, as the parser spells it."""


def declare_records(ctx: Context) -> None:
    """The record types, named first so that fields can be of any of them."""
    surface_records: list[s.RecordDecl] = []
    for file in ctx.all_files():
        for item in file.items:
            if isinstance(item, s.RecordDecl):
                if item.name in ctx.record_spans:
                    ctx.err("duplicate", f'the record "{item.name}" is declared twice', item.span)
                    continue
                ctx.record_spans[item.name] = item.span
                surface_records.append(item)
    for record in surface_records:
        ctx.records[record.name] = c.Record(
            name=record.name, fields=declare_fields(ctx, record.name, record.fields),
            span=record.span)


def value_codes(ctx: Context, t: s.EnumType) -> tuple[str | None, ...]:
    """The values' names in code (`as HOLD_48H`); two values may not share one."""
    given = [k for k in t.codes if k]
    if len(set(given)) != len(given):
        ctx.err("duplicate", "two values have the same name in code (after `as`)", t.span)
    return t.codes


def declare_decision(ctx: Context, item: s.DecisionDecl) -> None:
    if item.name in ctx.decisions or item.name in ctx.outcome_records:
        ctx.err("duplicate", f'the decision "{item.name}" is declared twice', item.span)
        return
    if item.name in ctx.facts or value_key(item.name) in ctx.surface_defs:
        ctx.err("duplicate", f'"{item.name}" is already the name of a fact or definition',
                item.span)
    if isinstance(item.type, s.OutcomeRecordType):  # its outputs: outcome_records.py
        ctx.outcome_records[item.name] = item
        return
    ctx.decisions[item.name] = item
    if isinstance(item.type, s.EnumType):
        ctx.enums[item.name] = c.EnumDecl(name=item.name, values=item.type.values,
                                          span=item.type.span,
                                          codes=value_codes(ctx, item.type))
        ctx.decision_types[item.name] = c.EnumT(item.name)
        return
    t = type_of(ctx, item.type, item.name)
    if not tc.decision_type_ok(t):
        ctx.err("type-mismatch", f"a decision is yes or no, one of a list of values, a "
                f"number, money, a date or a length of time, but this one is {t}", item.type.span)
        t = c.ErrorT()
    ctx.decision_types[item.name] = t


def declare_fields(ctx: Context, owner: str, fields: Sequence[s.FieldDecl]
                   ) -> dict[str, c.FieldDecl]:
    out: dict[str, c.FieldDecl] = {}
    keys: dict[str, str] = {}
    for f in fields:
        if owner != c.ROOT and _POSS in f.name:
            head, _, rest = f.name.partition(_POSS)
            ctx.err("syntax", f'a fact of a record is not named with "{_POSS.strip()}": '
                    f'"its {f.name}" would read as the {rest} of its {head}', f.span,
                    hint=f'write "{head} {rest}"')
            continue
        if f.name in out:
            ctx.err("duplicate", f'"{f.name}" is declared twice'
                    + ("" if owner == c.ROOT else f' in "{owner}"'), f.span)
            continue
        k = names.key(f.name)
        if k in keys:
            ctx.err("duplicate", f'"{f.name}" and "{keys[k]}" would have the same key '
                    f'"{k}" in facts files', f.span, hint="rename one of them")
            continue
        keys[k] = f.name
        enum_name = f.name if owner == c.ROOT else f"{owner} {f.name}"
        out[f.name] = c.FieldDecl(name=f.name, type=type_of(ctx, f.type, enum_name),
                                  span=f.span, optional=f.optional)
    return out


def type_of(ctx: Context, t: s.TypeExpr, enum_name: str) -> c.Type:
    """The core type of a declared type; a list of values becomes the enum `enum_name`."""
    match t:
        case s.BoolType():
            return c.BoolT()
        case s.IntType(bounds=b):
            low, high = _bounds(b)
            for bound in (low, high):
                if bound is not None and bound != int(bound):
                    ctx.err("type-mismatch", "the bounds of a whole number are whole", t.span)
            return c.IntT(None if low is None else int(low), None if high is None else int(high))
        case s.DecimalType(bounds=b):
            return c.DecimalT(*_bounds(b))
        case s.MoneyType(bounds=b):
            return c.MoneyT(*_bounds(b))
        case s.DateType():
            return c.DateT()
        case s.DateTimeType():
            return c.DateTimeT()
        case s.CodeType(forms=forms):
            try:
                rt.code_pattern(forms)
            except ValueError as exc:
                ctx.err("bad-literal", f"this form of a code cannot be read: {exc}", t.span,
                        hint='pair every "[" with a "]"; digits, digit, letters and letter '
                             'stand for themselves (docs/language.md, codes)')
                return c.CodeT()
            return c.CodeT(forms)
        case s.DurationType(unit=unit, bounds=b):
            if unit not in c.UNITS:
                ctx.err("unknown-type", f'"{unit}" is not a unit of time', t.span,
                        hint="use days, weeks, months, years, hours or minutes")
                return c.ErrorT()
            kind, _ = c.UNITS[unit]
            low, high = _bounds(b)
            return c.DurationT(kind, unit if unit.endswith("s") else unit + "s",
                               None if low is None else int(low),
                               None if high is None else int(high))
        case s.EnumType(values=values):
            if len(set(values)) != len(values):
                ctx.err("duplicate", "a value is listed twice", t.span)
            value_keys = [names.key(v) for v in values]
            if len(set(value_keys)) != len(value_keys):
                ctx.err("duplicate", "two values differ only in case or punctuation", t.span)
            ctx.enums[enum_name] = c.EnumDecl(name=enum_name, values=values, span=t.span,
                                              codes=value_codes(ctx, t))
            return c.EnumT(enum_name)
        case s.NamedType():
            return _named_type(ctx, t)
        case s.OutcomeRecordType():
            ctx.err("type-mismatch", "a record of decisions is the type of a decision only",
                    t.span, hint="declare it as \"decision the <name>: a record of the <a> "
                    "and the <b>\"")
            return c.ErrorT()
        case _:
            assert_never(t)


def _named_type(ctx: Context, t: s.NamedType) -> c.Type:
    """A record type, a list of records, or a mistake (`integer`) with the word to write."""
    name = t.name
    if name in ctx.record_spans:
        return c.RecordT(name)
    if name.startswith("list of "):
        element = name[len("list of "):]
        for form in names.singulars(element):
            if form in ctx.record_spans:
                return c.ListT(form)
        ctx.err("unknown-type", f'no record type "{element}" is declared', t.span,
                hint=did_you_mean(element, ctx.record_spans))
        return c.ErrorT()
    builtin = {"yes or no": "yes or no", "integer": "a whole number",
               "number": "a whole number", "string": "a code", "text": "a code",
               "boolean": "yes or no"}.get(name)
    hint = (f'write "{builtin}"' if builtin else did_you_mean(
        name, list(ctx.record_spans) + ["date", "code", "whole number", "decimal number"]))
    ctx.err("unknown-type", f'"{name}" is not a type', t.span, hint=hint)
    return c.ErrorT()


def declare_definition(ctx: Context, d: s.Definition, citation: str | None) -> None:
    """Name a definition by its key; it is resolved when first used."""
    match d:
        case s.CalendarDef():  # compiler.core.resolve.calendars
            return
        case s.ValueDef(name=name) | s.SetDef(name=name):
            k = value_key(name)
            clash = name in ctx.facts
        case s.AttributeDef(subject=subject, name=name):
            k = attribute_key(subject, name)
            clash = _subject_has(ctx, d, subject, name)
        case s.PredicateDef(subject=subject, phrase=phrase):
            k = predicate_key(subject, phrase)
            clash = _subject_has(ctx, d, subject, phrase)
    if k in ctx.surface_defs or clash:
        ctx.err("duplicate", f'"{k}" is defined twice, or is also the name of a fact',
                d.span, context=f"in {citation}" if citation else None)
        return
    ctx.surface_defs[k] = (d, citation)


def _subject_has(ctx: Context, d: s.Definition, subject: str, name: str) -> bool:
    """Whether the record a definition is about has a field `name` (reporting it if unknown)."""
    record = ctx.records.get(subject)
    if record is None:
        ctx.err("unknown-type", f'no record type "{subject}" is declared', d.span,
                hint=did_you_mean(subject, ctx.records))
    return record is not None and name in record.fields


def _bounds(b: s.Bounds | None) -> tuple[Decimal | None, Decimal | None]:
    if b is None:
        return (None, None)
    return (b.low, b.high)
