"""Calendars of holidays and the lengths of time counted without some days.

Takes the `Context` of a law (its files' `the holidays are the days:` definitions) and the
surface `A plus 48 hours excluding Saturdays, Sundays and holidays`; gives the core `Calendar`
of each definition, by name (`resolve_calendars`), and the core `Arith` of
`ArithOp.ADD_EXCLUDING` with its `Excluded` days (`excluding`). A holiday line is read from
its words: `January 1`, `the third Monday in January`, `the last Monday in May`, or one date
`1986-12-26`, each optionally followed by `, from 2021-06-17` and `, until 2030-12-31`; an
`observed:` line by `on a Saturday, the Friday before; on a Sunday, the Monday after`. What
cannot be read is reported where it stands (`bad-literal`), with the forms in the hint.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope
from compiler.diagnostics import did_you_mean
from compiler.surface import ast as s

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_MONTH = "(" + "|".join(MONTHS) + ")"
_WEEKDAY = "(" + "|".join(WEEKDAYS) + ")"
_FIXED = re.compile(_MONTH + r" (\d{1,2})")
_NTH_DAY = re.compile(r"the (" + "|".join(_NTH) + ") " + _WEEKDAY + " in " + _MONTH)
_ONE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LIMIT = re.compile(r", (from|until) (\d{4}-\d{2}-\d{2})")
_OBSERVED = re.compile(r"on a " + _WEEKDAY + r", the " + _WEEKDAY + r" (before|after)")
_HOLIDAY_FORMS = ('"January 1", "the third Monday in January", "the last Monday in May" or a '
                  'date "1986-12-26", then optionally ", from 2021-06-17" and ", until '
                  '2030-12-31"')


def resolve_calendars(ctx: Context) -> dict[str, c.Calendar]:
    """Every calendar of holidays in the law and the files it uses, by name."""
    out: dict[str, c.Calendar] = {}
    for file in ctx.all_files():
        for item in file.items:
            parts = item.body if isinstance(item, s.Provision) else (item,)
            citation = item.citation.text if isinstance(item, s.Provision) else None
            for part in parts:
                if not isinstance(part, s.CalendarDef):
                    continue
                if part.name in out or part.name in ctx.facts:
                    ctx.err("duplicate", f'"{part.name}" is defined twice, or is also the '
                            "name of a fact", part.span)
                    continue
                out[part.name] = calendar(ctx, part, citation)
    return out


def calendar(ctx: Context, d: s.CalendarDef, citation: str | None) -> c.Calendar:
    holidays = tuple(h for h in (holiday(ctx, line) for line in d.holidays) if h is not None)
    moves: dict[int, int] = {}
    for line in d.observed:
        for clause in line.day.split(";"):
            m = _OBSERVED.fullmatch(clause.strip())
            if m is None:
                ctx.err("bad-literal", f'"{clause.strip()}" is not read as an observed day',
                        line.span, hint='write "observed: on a Saturday, the Friday before; '
                        'on a Sunday, the Monday after"')
                continue
            on, to = WEEKDAYS.index(m[1]), WEEKDAYS.index(m[2])
            moves[on] = -((on - to) % 7 or 7) if m[3] == "before" else (to - on) % 7 or 7
    return c.Calendar(name=d.name, holidays=holidays, observed=tuple(sorted(moves.items())),
                      citation=citation)


def holiday(ctx: Context, line: s.HolidayLine) -> c.Holiday | None:
    """The holiday of one line, or None (reported) when its words are not read."""
    text = line.day
    limits: dict[str, datetime.date] = {}
    while (m := _LIMIT.search(text)) is not None and m.end() == len(text):
        try:
            limits[m[1]] = datetime.date.fromisoformat(m[2])
        except ValueError:
            break
        text = text[:m.start()]
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None
    one: datetime.date | None = None
    if (m := _FIXED.fullmatch(text)) is not None:
        month, day = MONTHS.index(m[1]) + 1, int(m[2])
        if not 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            ctx.err("bad-literal", f"{m[1]} has no day {day}", line.span)
            return None
    elif (m := _NTH_DAY.fullmatch(text)) is not None:
        month, weekday, nth = MONTHS.index(m[3]) + 1, WEEKDAYS.index(m[2]), _NTH[m[1]]
    elif _ONE_DATE.fullmatch(text):
        try:
            one = datetime.date.fromisoformat(text)
        except ValueError:
            ctx.err("bad-literal", f"{text} is not a date that exists", line.span)
            return None
        month = one.month
    else:
        ctx.err("bad-literal", f'"{line.day}" is not read as a day of the year', line.span,
                hint="write " + _HOLIDAY_FORMS)
        return None
    return c.Holiday(name=line.name, month=month, day=day, weekday=weekday, nth=nth, date=one,
                     start=limits.get("from"), end=limits.get("until"))


def excluding(x: Expressions, e: s.Arithmetic, scope: Scope) -> c.Expr:
    """`A plus 48 hours excluding Saturdays, Sundays and holidays`: the core `Arith`."""
    ctx = x.ctx
    if not (isinstance(e.left, s.Arithmetic) and e.left.op is s.Arith.PLUS):
        return ctx.err_expr("type-mismatch", '"excluding" follows a date or a date and time '
                            "moved by a length of time", e.span, scope,
                            hint='e.g. "the release time plus 48 hours excluding Saturdays, '
                            'Sundays and holidays"')
    start, length = x.expr(e.left.left, scope), x.expr(e.left.right, scope)
    if isinstance(start.type, c.ErrorT) or isinstance(length.type, c.ErrorT):
        return start if isinstance(start.type, c.ErrorT) else length
    days = isinstance(length.type, c.DurationT) and length.type.kind is c.DurationKind.DAYS
    hours = isinstance(length.type, c.DurationT) and length.type.kind is c.DurationKind.MINUTES
    if not ((isinstance(start.type, c.DateT) and days)
            or (isinstance(start.type, c.DateTimeT) and hours)):
        return ctx.err_expr("type-mismatch", "days are counted from a date and hours from a "
                            f"date and time, but this is {start.type} plus {length.type}",
                            e.span, scope)
    assert isinstance(e.right, s.BareName)
    words = [w for w in re.split(r", | and ", e.right.name) if w]
    weekdays: list[int] = []
    found: c.Calendar | None = None
    for word in words:
        if word.endswith("s") and word[:-1] in WEEKDAYS:
            weekdays.append(WEEKDAYS.index(word[:-1]))
        elif word in ctx.calendars and found is None:
            found = ctx.calendars[word]
        else:
            return ctx.err_expr("unknown-name", f'"{word}" is neither days of the week '
                                '("Saturdays") nor a calendar of holidays of this law',
                                e.right.span, scope, hint=did_you_mean(word, list(
                                    ctx.calendars) + [d + "s" for d in WEEKDAYS]) or
                                'define one: "the holidays are the days:"')
    if len(set(weekdays)) == 7:
        return ctx.err_expr("type-mismatch", "every day of the week is excluded: the time "
                            "would never run", e.right.span, scope)
    return c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=start, right=length, type=start.type,
                   span=e.span, excluding=c.Excluded(weekdays=tuple(sorted(set(weekdays))),
                                                     calendar=found, words=e.right.name))


def business_days_after(x: Expressions, e: s.Arithmetic, scope: Scope) -> c.Expr:
    """`2 business days after A`: A plus 2 days excluding Saturdays, Sundays and the law's
    calendar of holidays, its one calendar (of its own or of a law it uses); a business day
    is a day from Monday to Friday that is not one of its holidays (docs/interpretations.md,
    I-GEN-60)."""
    ctx = x.ctx
    assert isinstance(e.left, s.NumberLit)
    start = x.expr(e.right, scope)
    if isinstance(start.type, c.ErrorT):
        return start
    if not e.left.text.isdigit():
        return ctx.err_expr("bad-literal", "a number of business days is a whole number",
                            e.left.span, scope, hint='e.g. "2 business days after …"')
    if not isinstance(start.type, c.DateT):
        return ctx.err_expr("type-mismatch", "business days are counted from a date, but "
                            f"this is {start.type}", e.right.span, scope,
                            hint='from a date and time count hours: "the release time plus '
                            '48 hours excluding Saturdays, Sundays and holidays"')
    if len(ctx.calendars) != 1:
        many = len(ctx.calendars) > 1
        return ctx.err_expr(
            "unknown-name", "business days are counted without the law's holidays, but it has "
            + ("more than one calendar of them: " + ", ".join(sorted(ctx.calendars))
               if many else "no calendar of them"), e.span, scope,
            hint=('name the days left out: "A plus 2 days excluding Saturdays, Sundays and '
                  f'{sorted(ctx.calendars)[0]}"') if many else (
                'define one in a provision: "the holidays are the days:", or use a law that '
                'does (`uses: us/legal_public_holidays`)'))
    (name, calendar), = ctx.calendars.items()
    length = c.Lit(value=c.Duration(int(e.left.text), c.DurationKind.DAYS),
                   type=c.DurationT(c.DurationKind.DAYS, "days"), span=e.left.span)
    return c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=start, right=length, type=start.type,
                   span=e.span, excluding=c.Excluded(weekdays=(5, 6), calendar=calendar,
                                                     words=f"Saturdays, Sundays and {name}"))
