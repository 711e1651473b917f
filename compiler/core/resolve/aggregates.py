"""Aggregates over a list: `the total of the amounts of the person's incomes such that …`.

Takes the `Expressions` of a `Context` and a surface `Aggregate`; gives the typed core
`Aggregate` (`total`, `greatest`, `least`), or an error expression with its diagnostic: the
list is not a list (`not-a-list`), its records have no such field (`unknown-field`), or the
field is not a number or an amount of money (`type-mismatch`). The field is named as the law
writes it, in the plural (`the amounts of …`) or the singular; an attribute definition of the
element record (`an income's net amount is …`) serves as a field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core import names
from compiler.core import typecheck as tc
from compiler.core.resolve.context import Scope, attribute_key, error_expr
from compiler.diagnostics import did_you_mean
from compiler.surface import ast as s
from compiler.surface import print as surface_print

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

_KINDS = {s.AggregateKind.TOTAL: c.AggKind.TOTAL, s.AggregateKind.GREATEST: c.AggKind.GREATEST,
          s.AggregateKind.LEAST: c.AggKind.LEAST}


def aggregate(exprs: Expressions, e: s.Aggregate, scope: Scope) -> c.Expr:
    """The core aggregate of `e`, typed: a total of whole numbers is a whole number, of money
    money; the greatest or least has the type of the field it reads."""
    ctx = exprs.ctx
    items = exprs.expr(e.items, scope)
    what = f'"the {e.kind.value} of the {e.measure} of …"'
    if tc.is_error(items.type):
        _condition(exprs, e, scope, None)
        return error_expr(e.span)
    if not isinstance(items.type, c.ListT):
        _condition(exprs, e, scope, None)
        return ctx.err_expr("not-a-list", f"{what} needs a list of records, but this is "
                            f"{items.type}", e.items.span, scope,
                            hint="name a list, e.g. \"the person's incomes\"")
    element = items.type.element
    var = ctx.fresh_var(element, e.span)
    name = _field_name(exprs, element, e.measure)
    if name is None:
        _condition(exprs, e, scope, var)
        fields = [f for f in ctx.fields(element)]
        return ctx.err_expr("unknown-field", f'{names.article(element)} {element} has no '
                            f'"{e.measure}"', e.span, scope,
                            hint=did_you_mean(e.measure, fields) or (
                                "its facts are: " + ", ".join(fields) if fields else None))
    measure = exprs.member(var, name, e.span, scope)
    condition = _condition(exprs, e, scope, var)
    t = measure.type
    if tc.is_error(t):
        return error_expr(e.span)
    if not isinstance(t, (c.IntT, c.DecimalT, c.MoneyT)):
        return ctx.err_expr("type-mismatch", f"{what} needs numbers or amounts of money, but "
                            f"the {name} of {names.article(element)} {element} is {t}", e.span,
                            scope)
    if e.kind is s.AggregateKind.TOTAL:
        t = type(t)()  # a total is not bound by the bounds of its terms
    return c.Aggregate(kind=_KINDS[e.kind], collection=items, var=var, measure=measure,
                       condition=condition, type=t, span=e.span,
                       words=surface_print.expr(e))


def _field_name(exprs: Expressions, element: str, written: str) -> str | None:
    """The field (or attribute definition) of `element` that `written` names, as written or in
    the singular (`amounts` → `amount`)."""
    fields = exprs.ctx.fields(element)
    for name in [written] + names.singulars(written):
        if name in fields or attribute_key(element, name) in exprs.ctx.surface_defs:
            return name
    return None


def _condition(exprs: Expressions, e: s.Aggregate, scope: Scope, var: c.Var | None
               ) -> c.Expr | None:
    """The `such that` condition over an element (resolved, for its own mistakes, also when the
    aggregate has one)."""
    if e.such_that is None:
        return None
    inner = Scope(vars=scope.vars + ([var] if var is not None else []), context=scope.context)
    if var is None:
        exprs.expr(e.such_that, inner)
        return None
    return exprs.condition(e.such_that, inner)
