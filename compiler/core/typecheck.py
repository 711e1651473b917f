"""Typing rules: which operations the language allows on which types, and what they give.

Takes core types; gives the result type of an operation or a message saying why it is not
allowed, in a drafter's words. `compiler.core.from_surface` applies these rules to every
expression as it resolves it and collects every failure as a diagnostic (`type-mismatch`), so a
file with several type errors reports them all at once.
"""

from __future__ import annotations

from decimal import Decimal

from compiler.core import ast as c

ORDERED = (c.IntT, c.DecimalT, c.MoneyT, c.DurationT)


def is_error(t: c.Type) -> bool:
    return isinstance(t, c.ErrorT)


def is_bool(t: c.Type) -> bool:
    return isinstance(t, (c.BoolT, c.ErrorT))


def is_numeric(t: c.Type) -> bool:
    return isinstance(t, (c.IntT, c.DecimalT))


def same_kind(a: c.Type, b: c.Type) -> bool:
    """Whether values of the two types can be compared with `is`."""
    if is_error(a) or is_error(b):
        return True
    if is_numeric(a) and is_numeric(b):
        return True
    if isinstance(a, c.DurationT) and isinstance(b, c.DurationT):
        return a.kind is b.kind
    if isinstance(a, c.EnumT) and isinstance(b, c.EnumT):
        return a.name == b.name
    return type(a) is type(b)


def ordered(a: c.Type, b: c.Type) -> str | None:
    """None if `a is at least b` (and the other orderings) make sense, else why not."""
    if is_error(a) or is_error(b):
        return None
    if isinstance(a, c.DateT | c.DateTimeT) or isinstance(b, c.DateT | c.DateTimeT):
        return ("dates are compared with \"is before\", \"is after\", \"is on or before\" or "
                "\"is on or after\"")
    if not isinstance(a, ORDERED):
        return f"{a} has no order: it can only be compared with \"is\" or \"is one of\""
    if not same_kind(a, b):
        return f"{a} cannot be compared with {b}"
    return None


def dates(a: c.Type, b: c.Type) -> str | None:
    if is_error(a) or is_error(b):
        return None
    if isinstance(a, c.DateTimeT) or isinstance(b, c.DateTimeT):  # a moment with a moment
        if type(a) is not type(b):
            return (f"{a} is compared with {b}: a date and time only with another (write the "
                    "date's time of day, e.g. 2025-05-23T00:00)")
        return None
    if not isinstance(a, c.DateT):
        return f"\"before\" and \"after\" compare dates, but this is {a}"
    if not isinstance(b, c.DateT):
        return f"\"before\" and \"after\" compare dates, but this is {b}"
    return None


def duration(t: c.Type) -> str | None:
    if is_error(t) or isinstance(t, c.DurationT):
        return None
    return f"expected a length of time such as \"10 years\", but this is {t}"


def arithmetic(op: c.ArithOp, a: c.Type, b: c.Type) -> c.Type | str:
    """The type of `a op b`, or why the operation is not allowed."""
    if is_error(a) or is_error(b):
        return c.ErrorT()
    word = {c.ArithOp.ADD: "plus", c.ArithOp.SUB: "minus", c.ArithOp.MUL: "times",
            c.ArithOp.DIV: "divided by"}[op]
    if op in (c.ArithOp.ADD, c.ArithOp.SUB):
        if isinstance(a, c.DateTimeT) and isinstance(b, c.DurationT):
            if b.kind is c.DurationKind.MONTHS:
                return (f"a date and time is moved by days, hours or minutes, not by {b}: "
                        "move the date, or count the days")
            return c.DateTimeT()
        if isinstance(a, c.DateT) and isinstance(b, c.DurationT):
            if b.kind is c.DurationKind.MINUTES:
                return (f"a date has no time of day, so it is not moved by {b}: make the fact "
                        "\"a date and time\"")
            return c.DateT()
        if isinstance(a, c.DateT) and isinstance(b, c.DateT):
            return ("one date minus another is not a value; compare them with "
                    "\"the time from A to B is at least …\"")
        if isinstance(a, c.DurationT) and isinstance(b, c.DurationT) and a.kind is b.kind:
            return c.DurationT(a.kind, a.unit)
        if isinstance(a, c.MoneyT) and isinstance(b, c.MoneyT):
            return c.MoneyT()
        if isinstance(a, c.IntT) and isinstance(b, c.IntT):
            return c.IntT()
        if is_numeric(a) and is_numeric(b):
            return c.DecimalT()
    else:
        if isinstance(a, c.IntT) and isinstance(b, c.IntT) and op is c.ArithOp.MUL:
            return c.IntT()
        if is_numeric(a) and is_numeric(b):
            return c.DecimalT()
        if isinstance(a, c.MoneyT) and is_numeric(b):
            return c.MoneyT()
        if op is c.ArithOp.MUL and is_numeric(a) and isinstance(b, c.MoneyT):
            return c.MoneyT()
        if op is c.ArithOp.DIV and isinstance(a, c.MoneyT) and isinstance(b, c.MoneyT):
            return c.DecimalT()
        if op is c.ArithOp.MUL and isinstance(a, c.DurationT) and isinstance(b, c.IntT):
            return c.DurationT(a.kind, a.unit)
    return f"{a} {word} {b} is not defined"


def extreme(later: bool | None, a: c.Type, b: c.Type) -> c.Type | str:
    """The type of `the greater/lesser of A and B` (`later` None) or `the later/earlier of`."""
    if is_error(a) or is_error(b):
        return c.ErrorT()
    if later is not None:
        if isinstance(a, c.DateT) and isinstance(b, c.DateT):
            return c.DateT()
        if isinstance(a, c.DateTimeT) and isinstance(b, c.DateTimeT):
            return c.DateTimeT()
        return ("\"the later of\" and \"the earlier of\" pick between two dates; for amounts "
                "write \"the greater of\" or \"the lesser of\"")
    if isinstance(a, c.DateT) or isinstance(b, c.DateT):
        return "for dates write \"the later of\" or \"the earlier of\""
    for kind in (c.IntT, c.MoneyT, c.DecimalT):
        if isinstance(a, kind) and isinstance(b, kind):
            return kind()
    return f"the greater or lesser of {a} and {b} is not defined: compare like with like"


def rounding(a: c.Type, unit: str) -> c.Type | str:
    """The type of `A, rounded … to the whole dollar / nearest cent / whole number`."""
    if is_error(a):
        return c.ErrorT()
    if unit in ("dollar", "cent"):
        if isinstance(a, c.MoneyT):
            return c.MoneyT()
        return f"only money is rounded to a {unit}, but this is {a}"
    if is_numeric(a):
        return c.IntT()
    if isinstance(a, c.MoneyT):
        return "money is rounded to a dollar or a cent, not to a whole number"
    return f"only numbers are rounded, but this is {a}"


def fits(value: c.Value, t: c.Type) -> bool:
    """Whether a literal lies within a type's declared bounds."""
    low = getattr(t, "low", None)
    high = getattr(t, "high", None)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return True
    if low is not None and value < low:
        return False
    return high is None or value <= high


def decision_type_ok(t: c.Type) -> bool:
    """Yes or no, one of a list of values, or a value the law computes (a number, money, a
    percentage, a date, a date and time, a length of time)."""
    return isinstance(t, (c.BoolT, c.EnumT, c.ErrorT, c.IntT, c.DecimalT, c.MoneyT, c.DateT,
                          c.DateTimeT, c.DurationT))


def is_computable(t: c.Type) -> bool:
    """Whether a decision of type `t` may compute its value rather than name it."""
    return isinstance(t, (c.IntT, c.DecimalT, c.MoneyT, c.DateT, c.DateTimeT, c.DurationT))
