"""Reported figures: `reported "<title>"` items of a law or its companion examples, resolved.

Takes the `Context` of a law and the `Decisions` part of the resolver (which reads a decision's
value); gives the `c.Reported` figures of the law's own file (with its companion): the period's
dates checked, the decision and its value resolved, the count at most the total, the tolerance a
number of percentage points. `lawc test --population FILE` checks them
(`compiler.driver.figures`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope
from compiler.core.resolve.decisions import Decisions
from compiler.surface import ast as s


def resolve_reported(ctx: Context, decisions: Decisions) -> tuple[c.Reported, ...]:
    """Every `reported` figure of the law's file, in the order written (errors reported)."""
    out: list[c.Reported] = []
    for item in ctx.main.items:
        if not isinstance(item, s.Reported):
            continue
        scope = Scope(context=f'in the reported figure "{item.title}"')
        try:
            start, end = (datetime.date.fromisoformat(d) for d in (item.start, item.end))
        except ValueError:
            ctx.err("bad-literal", f"the period {item.start} to {item.end} names a date that "
                    "does not exist", item.span, scope=scope)
            continue
        if not decisions.decision_name(item.decision, item.span, scope):
            continue
        value = decisions.value_for(item.decision, item.value, scope)
        date = decisions.x.expr(item.date, scope)
        if not isinstance(date.type, c.DateT | c.ErrorT):
            ctx.err("type-mismatch", f"a period is of a date, but this is {date.type}",
                    item.date.span, scope=scope, hint="name a date of the case after \"by\"")
            continue
        if start > end or item.count > item.total or item.total == 0:
            ctx.err("bad-figure", "a reported figure needs a period that starts before it "
                    "ends and a count of at most its total, which is not 0", item.span,
                    scope=scope)
            continue
        if value is None:
            continue
        if not isinstance(value, c.Lit):
            ctx.err("type-mismatch", "a reported figure counts an outcome written out, not a "
                    "computed value", item.span, scope=scope)
            continue
        out.append(c.Reported(title=item.title, source=item.source, start=start, end=end,
                              date=date, decision=item.decision, value=value, count=item.count,
                              total=item.total, tolerance=Decimal(item.tolerance),
                              span=item.span))
    return tuple(out)
