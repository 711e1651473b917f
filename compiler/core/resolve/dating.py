"""The date a case is judged by: a law's `dated by:` header line, resolved.

Takes the `Context` of a law and its `Expressions`; gives the `dated by` expression as a typed
core expression of the case's facts (a date), or None when the law names none. The version of a
law in force on that date is the one that decides the case (`compiler.core.timeline`); a
version's generated `decide()` and the interpreter refuse a case dated outside its period.
"""

from __future__ import annotations

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope
from compiler.core.resolve.expressions import Expressions
from compiler.surface import ast as s


def resolve_dated_by(ctx: Context, expressions: Expressions) -> c.Expr | None:
    """The law's `dated by` date of a case (errors reported), or None."""
    lines = [f for f in ctx.main.header.fields if f.key == "dated by" and f.expr is not None]
    if not lines:
        return None
    scope = Scope(context="in the header's \"dated by\"")
    for extra in lines[1:]:
        ctx.err("duplicate", "a law is dated by one date of a case", extra.span, scope=scope,
                hint="keep one \"dated by:\" line")
    first = lines[0]
    assert first.expr is not None
    if ctx.main.header.kind is not s.FileKind.LAW:
        ctx.err("wrong-file-kind", "only a law is dated by a date of a case; a vocabulary "
                "has no period in force", first.span, scope=scope)
        return None
    date = expressions.expr(first.expr, scope)
    if isinstance(date.type, c.ErrorT):
        return None
    if not isinstance(date.type, c.DateT):
        ctx.err("type-mismatch", f"a law is dated by a date of the case, but this is "
                f"{date.type}", first.expr.span, scope=scope,
                hint="name a date fact, e.g. \"the request's request date\"")
        return None
    return date
