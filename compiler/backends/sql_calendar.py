"""Time counted excluding days, in SQL: `the release time plus 48 hours excluding Saturdays,
Sundays and holidays` as the interpreter counts it (`runtime.counted_days`, `counted_minutes`).

Takes the start (a DATE or TIMESTAMP expression), the length (a literal number of days or
minutes) and the law's `Excluded` days (weekdays and a calendar of holidays, data in the law);
gives a sqlglot expression, NULL where the interpreter has no answer (the count runs past the
calendar). No table of holidays is needed: whether a day is a holiday is a test of the day
itself, written from the calendar's lines (`January 1`: month and day; `the third Monday in
January`: month, weekday and the day's week of the month; `the last Monday in May`: a Monday
within a week of the month's end; one date; `from`/`until`), a holiday observed on another day
(`on a Saturday, the Friday before`) as the same test of the day it moves from. So it holds for
every year of the calendar, from every start, with no years to choose.

The count is the n-th counted day after the start's day: the days of a window after it, those
not excluded kept in order, the n-th taken. The window is long enough for every start
(`window_days`: a yearly holiday falls at most once, with its observed day, in a window of under
300 days, so `n` counted days lie within the weeks that hold `n` plus that many weekdays), and
ends at the calendar's end, where the interpreter stops with an error (then NULL).
"""

from __future__ import annotations

import datetime

from sqlglot import exp

from compiler.backends.sql_expr import case_when, is_null
from compiler.core import ast as c
from compiler.diagnostics import DiagnosticError, error
from compiler.span import Span

_DATE = exp.DataType.build("DATE")
_TIMESTAMP = exp.DataType.build("TIMESTAMP")
_INT = exp.DataType.build("INT")
_MONDAY = datetime.date(1970, 1, 5)
_DAY_MINUTES = 1440
_HINT = "decide it with the generated Python module (lawc compile), or --engine python"


def _n(value: int) -> exp.Expr:
    return exp.Literal.number(value) if value >= 0 else exp.Neg(this=exp.Literal.number(-value))


def date_lit(day: datetime.date) -> exp.Expr:
    return exp.cast(exp.Literal.string(day.isoformat()), _DATE)


def add_days(day: exp.Expr, days: exp.Expr) -> exp.Expr:
    return exp.cast(exp.DateAdd(this=day.copy(), expression=exp.cast(days, _INT),
                                unit=exp.var("DAY")), _DATE)


def weekday(day: exp.Expr) -> exp.Expr:
    """0 Monday … 6 Sunday, as Python's `date.weekday()` (days since a Monday, modulo 7)."""
    diff = exp.DateDiff(this=day.copy(), expression=date_lit(_MONDAY), unit=exp.var("DAY"))
    return exp.Mod(this=exp.paren(exp.Add(this=exp.paren(exp.Mod(
        this=diff, expression=_n(7)), copy=False), expression=_n(7)), copy=False),
        expression=_n(7))


def _all(tests: list[exp.Expr]) -> exp.Expr:
    out = tests[0]
    for t in tests[1:]:
        out = exp.And(this=out, expression=t)
    return exp.paren(out, copy=False)


def _any(tests: list[exp.Expr]) -> exp.Expr:
    if not tests:
        return exp.false()
    out = tests[0]
    for t in tests[1:]:
        out = exp.Or(this=out, expression=t)
    return exp.paren(out, copy=False)


def holiday_test(day: exp.Expr, h: c.Holiday) -> exp.Expr:
    """Whether `day` is the day the calendar line `h` names in its year (`holiday_day`), in a
    year the runtime counts holidays of (2 to 9998: `holidays_near`)."""
    if h.date is not None:
        tests: list[exp.Expr] = [exp.EQ(this=day.copy(), expression=date_lit(h.date))]
    else:
        tests = [exp.EQ(this=exp.Month(this=day.copy()), expression=_n(h.month))]
        dom = exp.Day(this=day.copy())
        if h.day is not None:
            tests.append(exp.EQ(this=dom, expression=_n(h.day)))
        else:
            assert h.weekday is not None and h.nth is not None
            tests.append(exp.EQ(this=weekday(day), expression=_n(h.weekday)))
            if h.nth == -1:  # the last: within a week of the month's last day
                last = exp.Day(this=exp.LastDay(this=day.copy()))
                tests.append(exp.GT(this=dom, expression=exp.Sub(this=last, expression=_n(7))))
            else:
                tests.append(exp.Between(this=dom, low=_n(7 * (h.nth - 1) + 1),
                                         high=_n(7 * h.nth)))
    tests.append(exp.Between(this=exp.Year(this=day.copy()), low=_n(2), high=_n(9998)))
    if h.start is not None:
        tests.append(exp.GTE(this=day.copy(), expression=date_lit(h.start)))
    if h.end is not None:
        tests.append(exp.LTE(this=day.copy(), expression=date_lit(h.end)))
    return _all(tests)


def excluded_test(day: exp.Expr, days: c.Excluded) -> exp.Expr:
    """Whether `day` is not counted: one of the weekdays, a holiday, or a holiday's observed
    day (a holiday on a weekday `observed` names, moved by its days)."""
    tests: list[exp.Expr] = []
    if days.weekdays:
        tests.append(exp.In(this=weekday(day), expressions=[_n(w) for w in days.weekdays]))
    calendar = days.calendar
    if calendar is not None:
        tests += [holiday_test(day, h) for h in calendar.holidays]
        for on, move in calendar.observed:
            origin = add_days(day, _n(-move))
            tests += [_all([holiday_test(origin, h), exp.EQ(this=weekday(origin),
                                                            expression=_n(on))])
                      for h in calendar.holidays]
    return _any(tests)


def window_days(counted: int, days: c.Excluded) -> int:
    """Days after the start within which `counted` counted days always lie: each yearly line
    of the calendar names at most one day in under 300 days, and its observed day one more; a
    one-date line one day."""
    calendar = days.calendar
    holidays = 0 if calendar is None else sum(
        1 if h.date is not None else 1 + (1 if calendar.observed else 0)
        for h in calendar.holidays)
    per_week = 7 - len(days.weekdays)
    weeks = -(-(counted + holidays) // per_week)
    return 7 * weeks


def refuse(span: Span, message: str) -> DiagnosticError:
    return DiagnosticError([error("sql-unsupported", message, span, hint=_HINT)])


def check(e: c.Arith) -> tuple[int, c.Excluded]:
    """The count's length (days or minutes) and its days; refuses what SQL cannot count."""
    days = e.excluding
    assert days is not None
    length = e.right
    if not (isinstance(length, c.Lit) and isinstance(length.value, c.Duration)):
        raise refuse(e.span, "the SQL backend counts time excluding days only for a stated "
                     "length (`48 hours`), not one read from the facts")
    amount = length.value.amount
    if amount < 0 or len(days.weekdays) >= 7:
        raise refuse(e.span, "the SQL backend does not count this length of time")
    calendar = days.calendar
    if calendar is not None and any(h.month == 2 and h.day == 29 for h in calendar.holidays):
        raise refuse(e.span, "the SQL backend does not count over a calendar with February 29")
    counted = amount if isinstance(e.left.type, c.DateT) else -(-amount // _DAY_MINUTES)
    if window_days(counted, days) >= 300:
        raise refuse(e.span, "the SQL backend counts time excluding days over less than 300 "
                     "days")
    return amount, days


def counted_days(start_day: exp.Expr, most: int, days: c.Excluded, last: datetime.date,
                 var: exp.Identifier, index: exp.Identifier) -> exp.Expr:
    """The days from `start_day` on (itself first) that are not excluded, in order, within a
    window that holds at least `most` of them after it; none after `last` (the interpreter's
    count stops with an error there, so a count that needs such a day is NULL)."""
    window = window_days(most, days)
    candidate = add_days(start_day, index.copy())
    candidates = exp.Transform(this=exp.GenerateSeries(start=_n(0), end=_n(window)),
                               expression=exp.Lambda(this=candidate, expressions=[index.copy()]))
    return exp.ArrayFilter(this=candidates, expression=exp.Lambda(this=exp.And(
        this=exp.LTE(this=var.copy(), expression=date_lit(last)),
        expression=exp.Not(this=excluded_test(var, days))), expressions=[var.copy()]))


def _at(items: exp.Expr, n: exp.Expr) -> exp.Expr:
    return exp.Bracket(this=items, expressions=[n], offset=1, safe=True)


def _let(value: exp.Expr, name: exp.Identifier, body: exp.Expr) -> exp.Expr:
    """`body` with `name` bound to `value`, computed once: the one element of `[value]`
    transformed by a lambda (both dialects have lambdas, neither a `let`)."""
    return _at(exp.Transform(this=exp.Array(expressions=[value]), expression=exp.Lambda(
        this=body, expressions=[name.copy()])), _n(1))


def counted_later(start: exp.Expr, e: c.Arith, fresh: list[exp.Identifier]) -> exp.Expr:
    """`start plus <length> excluding <days>`: a date (days counted) or a date and time
    (minutes run on the counted days only, whole days cut out). `fresh` gives three lambda
    variables (the list of counted days is computed once, bound to the third)."""
    amount, days = check(e)
    var, index, bound = fresh
    if not isinstance(e.left.type, c.DateT) or amount != 0:
        most = amount if isinstance(e.left.type, c.DateT) else max(
            1, -(-amount // _DAY_MINUTES))
        last = datetime.date(9999, 12, 31 if isinstance(e.left.type, c.DateT) else 30)
        day = start if isinstance(e.left.type, c.DateT) else exp.cast(start.copy(), _DATE)
        counted = counted_days(day, most, days, last, var, index)
        return _let(counted, bound, _counted_later(start, e, amount, bound))
    return start


def _counted_later(start: exp.Expr, e: c.Arith, amount: int, counted: exp.Identifier,
                   ) -> exp.Expr:
    """`counted_later`, the list of counted days from the start's day being `counted`."""
    one = _n(1)
    if isinstance(e.left.type, c.DateT):  # `counted_days`: the n-th counted day after
        # the start itself, if counted, is first: the n-th after it is one further
        first = exp.EQ(this=_at(counted.copy(), one.copy()), expression=start.copy())
        n = exp.Add(this=_n(amount), expression=case_when([(first, one.copy())], _n(0)))
        return _at(counted, n)
    day = exp.cast(start.copy(), _DATE)
    counted0 = exp.paren(exp.EQ(this=_at(counted.copy(), one.copy()), expression=day.copy()),
                         copy=False)
    clock = exp.paren(exp.Add(this=exp.Mul(this=exp.Hour(this=start.copy()), expression=_n(60)),
                              expression=exp.Minute(this=start.copy())), copy=False)
    room = exp.paren(exp.Sub(this=_n(_DAY_MINUTES), expression=clock), copy=False)
    # the minutes left after the start's own day (all of them if it is excluded) end on the
    # k-th counted day after it, `offset` minutes after its midnight
    left = exp.paren(case_when([(counted0.copy(), exp.Sub(this=_n(amount), expression=room.copy(
    )))], _n(amount)), copy=False)
    k = exp.paren(case_when([(exp.LTE(this=left.copy(), expression=_n(0)), one.copy())],
                            exp.cast(exp.Floor(this=exp.Div(this=exp.paren(exp.Add(
                                this=left.copy(), expression=_n(_DAY_MINUTES - 1)), copy=False),
                                expression=_n(_DAY_MINUTES))), _INT)), copy=False)
    offset = exp.Sub(this=left.copy(), expression=exp.Mul(
        this=exp.paren(exp.Sub(this=k.copy(), expression=one.copy()), copy=False),
        expression=_n(_DAY_MINUTES)))
    n = exp.Add(this=k.copy(), expression=case_when([(counted0.copy(), one.copy())], _n(0)))
    later = exp.TimestampAdd(this=exp.cast(_at(counted, n), _TIMESTAMP), expression=offset,
                             unit=exp.var("MINUTE"))
    within = exp.And(this=counted0.copy(), expression=exp.LTE(this=_n(amount),
                                                               expression=room.copy()))
    same_day = exp.TimestampAdd(this=start.copy(), expression=_n(amount), unit=exp.var("MINUTE"))
    last_day = exp.GTE(this=day.copy(), expression=date_lit(datetime.date(9999, 12, 31)))
    return case_when([(exp.Or(this=is_null(start), expression=last_day), exp.Null()),
                      (within, same_day)], later)


__all__ = ["counted_later", "excluded_test", "weekday", "window_days"]
