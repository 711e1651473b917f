"""Dated figures: `figure the <name>:`, `dated by: <date>` and its values, each from its day.

Takes the `Context` of a law (its provisions' `s.DatedFigure`s) and, once the vocabulary is
declared, the `Expressions` over it; gives each figure as a decision of its own, declared
(`declare_figures`, before any expression is resolved, so that rules and definitions can read
it) and given one rule per value (`lower_figures`): the value from its day until the next one's,
chosen by the figure's date (`the table date is on or after 2008-03-27 and the table date is
before 2016-08-01`). So the figure is core IR the interpreter, the generated code, the solver and
SQL already compile; `c.DatedFigure` keeps its history for the explanations, which name the
value used and the day it took effect. Reports a history out of order or with two values on one
day, a value that is not written out, values of different types and a date that is not a date.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope, value_key
from compiler.core.resolve.expressions import Expressions
from compiler.span import Span
from compiler.surface import ast as s

_LITERALS = (s.MoneyLit, s.NumberLit, s.DateLit, s.DurationLit)


def _figures(ctx: Context) -> list[tuple[s.DatedFigure, s.Provision]]:
    return [(part, item) for item in ctx.main.items if isinstance(item, s.Provision)
            for part in item.body if isinstance(part, s.DatedFigure)]


def _surface_type(e: s.Expr) -> s.TypeExpr | None:
    """The type of a figure's written-out value (`$250` money, `7.5%` a decimal)."""
    match e:
        case s.MoneyLit():
            return s.MoneyType(bounds=None)
        case s.NumberLit(text=text):
            if "." in text or text.endswith("%"):
                return s.DecimalType(bounds=None)
            return s.IntType(bounds=None)
        case s.DateLit():
            return s.DateType()
        case s.DurationLit(unit=unit):
            return s.DurationType(unit=unit, bounds=None)
    return None


def declare_figures(ctx: Context) -> None:
    """Declare each figure of the law's provisions as a decision of its values' type, after
    checking that its history is written oldest first with one value a day."""
    from compiler.core.resolve.declarations import type_of

    for figure, provision in _figures(ctx):
        scope = Scope(context=f"in {provision.citation.text}")
        if ctx.main.header.kind is not s.FileKind.LAW:
            ctx.err("wrong-file-kind", "a dated figure belongs in a law", figure.span,
                    scope=scope)
            continue
        if (figure.name in ctx.decisions or value_key(figure.name) in ctx.surface_defs
                or figure.name in ctx.facts):
            ctx.err("duplicate", f'"{figure.name}" is declared twice: a figure needs a name of '
                    "its own", figure.span, scope=scope)
            continue
        types = [_surface_type(e.value) for e in figure.entries]
        first = types[0]
        if first is None or any(t is None or type(t) is not type(first) for t in types):
            bad = next(e for e, t in zip(figure.entries, types)
                       if t is None or type(t) is not type(first))
            ctx.err("type-mismatch", "the values of a dated figure are written out, all of one "
                    "type (amounts, numbers, dates or lengths of time)", bad.value.span,
                    scope=scope, hint=f'write each value as the law gives it: "$275 from '
                    '1999-09-29"')
            continue
        _check_history(ctx, figure, scope)
        t = type_of(ctx, first, figure.name)
        ctx.decisions[figure.name] = s.DecisionDecl(name=figure.name, type=first, default=None,
                                                    question=None, span=figure.span)
        ctx.decision_types[figure.name] = t


def _check_history(ctx: Context, figure: s.DatedFigure, scope: Scope) -> None:
    """Oldest first, one value a day, only the first without a day."""
    previous: datetime.date | None = None
    for i, entry in enumerate(figure.entries):
        if entry.start is None:
            if i > 0:
                ctx.err("figure-out-of-order", f'only the first value of the figure '
                        f'"{figure.name}" may stand without the day it takes effect',
                        entry.span, scope=scope, hint='write "<value> from <YYYY-MM-DD>"')
            continue
        try:
            day = datetime.date.fromisoformat(entry.start)
        except ValueError:  # reported where its rule reads it
            continue
        if previous is not None and day == previous:
            ctx.err("figure-same-day", f'the figure "{figure.name}" has two values from '
                    f"{day.isoformat()}: a figure has one value on a day", entry.span,
                    scope=scope, hint="keep the value the law gives, or correct the day")
        elif previous is not None and day < previous:
            ctx.err("figure-out-of-order", f'the values of the figure "{figure.name}" are '
                    f"written oldest first, but {day.isoformat()} comes after "
                    f"{previous.isoformat()}", entry.span, scope=scope,
                    hint="move this value above the ones that take effect after it")
        previous = day if previous is None else max(previous, day)


def lower_figures(ctx: Context, expressions: Expressions, provisions: Sequence[s.Provision]
                  ) -> tuple[list[s.Provision], tuple[c.DatedFigure, ...]]:
    """The provisions with each figure written as its rules, and the figures' histories."""
    out: list[s.Provision] = []
    histories: list[c.DatedFigure] = []
    for provision in provisions:
        body: list[s.Quote | s.Definition | s.Rule | s.Table | s.DatedFigure] = []
        for part in provision.body:
            if not isinstance(part, s.DatedFigure):
                body.append(part)
                continue
            history = _history(ctx, expressions, part, provision)
            if history is not None:
                histories.append(history)
                body.extend(_rules(part))
        out.append(replace(provision, body=tuple(body)))
    return out, tuple(histories)


def _history(ctx: Context, expressions: Expressions, figure: s.DatedFigure,
             provision: s.Provision) -> c.DatedFigure | None:
    """The figure's core history, its date resolved (None if it was not declared, or its date
    is not a date: both reported)."""
    if ctx.decisions.get(figure.name) is None or ctx.decisions[figure.name].span != figure.span:
        return None
    scope = Scope(context=f"in {provision.citation.text}")
    by = expressions.expr(figure.by, scope)
    if not isinstance(by.type, (c.DateT, c.ErrorT)):
        ctx.err("type-mismatch", f"a dated figure is chosen by a date, but this is {by.type}",
                figure.by.span, scope=scope, hint='name a date after "by": "by the violation '
                'date"')
        return None
    t = ctx.decision_types[figure.name]
    entries = []
    for entry in figure.entries:
        value = expressions.expr(entry.value, scope, expected=t)
        if not isinstance(value, c.Lit):
            return None
        start = None if entry.start is None else _date(entry.start)
        entries.append(c.FigureEntry(value=value, start=start, span=entry.span))
    return c.DatedFigure(name=figure.name, by=by, entries=tuple(entries),
                         citation=provision.citation.text, span=figure.span)


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _rules(figure: s.DatedFigure) -> list[s.Rule]:
    """One rule a value: `the <figure> is <value> if <date> is on or after <its day> and <date>
    is before <the next value's day>`."""
    rules = []
    entries = figure.entries
    for i, entry in enumerate(entries):
        parts: list[s.Expr] = []
        if entry.start is not None:
            parts.append(_compare(figure.by, s.Relation.ON_OR_AFTER, entry.start, entry.span))
        if i + 1 < len(entries) and entries[i + 1].start is not None:
            nxt = entries[i + 1].start
            assert nxt is not None
            parts.append(_compare(figure.by, s.Relation.BEFORE, nxt, entry.span))
        condition: s.Expr | None = None
        if len(parts) == 1:
            condition = parts[0]
        elif parts:
            condition = s.Chain(operands=tuple(parts), connectives=(s.Connective.AND,),
                                connective_spans=(entry.span,), span=entry.span)
        rules.append(s.Rule(override=None, decision=figure.name, value=entry.value,
                            form=s.RuleForm.ALWAYS if condition is None else s.RuleForm.IF,
                            condition=condition, span=entry.span))
    return rules


def _compare(by: s.Expr, relation: s.Relation, day: str, span: Span) -> s.Compare:
    return s.Compare(subject=by, relation=relation, negated=False,
                     operands=(s.DateLit(text=day, span=span),), span=span)
