"""Definitions with a parameter: `the penalty for a prior order count means …`, called as
`the penalty for (2)` or `the penalty for (the prior order count plus 1)`.

Takes the `Expressions` of a `Context`; gives what a value definition's name says of its
parameter (`split`, `parameter_type`: the name after `for a` / `for an` names a record, whose
record is then the parameter, or a fact of the case, whose type it then has), and the core
`DefRef` of a call with its argument (`call`). Inside the definition, `the <parameter>` is the
value it is called with (it hides the fact of that name), and for a record `it` and `its` too.
A call names the definition up to `for` and gives the argument in parentheses; a definition
with a parameter used without one is `missing-argument`, an argument of another type
`type-mismatch`, and a definition that calls itself, directly or through others,
`definition-cycle`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core import typecheck as tc
from compiler.core.resolve.context import Context, Scope, error_expr, value_key
from compiler.diagnostics import did_you_mean
from compiler.span import Span
from compiler.surface import ast as s

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

_FOR = re.compile(r"^(?P<head>.+?) for (?P<article>an?) (?P<parameter>.+)$")


def split(name: str) -> tuple[str, str] | None:
    """`penalty for a tier` → (`penalty for`, `tier`): the name a call writes, the parameter."""
    found = _FOR.match(name)
    if found is None:
        return None
    return f"{found['head']} for", found["parameter"]


def parameter_type(ctx: Context, name: str) -> c.Type | None:
    """The type of a value definition's parameter, or None if its name has none."""
    parts = split(name)
    if parts is None:
        return None
    parameter = parts[1]
    if parameter in ctx.records:
        return c.RecordT(parameter)
    fact = ctx.facts.get(parameter)
    return fact.type if fact is not None else None


def callees(ctx: Context) -> dict[str, str]:
    """The definitions with a parameter, by the name a call writes: `penalty for` → key."""
    out: dict[str, str] = {}
    for key, (d, _) in ctx.surface_defs.items():
        if isinstance(d, s.ValueDef) and parameter_type(ctx, d.name) is not None:
            parts = split(d.name)
            assert parts is not None
            out.setdefault(parts[0], key)
    return out


def call(exprs: Expressions, e: s.Call, scope: Scope) -> c.Expr:
    """`the penalty for (2)`: the definition applied to its argument, typed."""
    ctx = exprs.ctx
    found = callees(ctx)
    argument = exprs.expr(e.argument, scope)
    if e.owner is not None:
        return ctx.err_expr("unknown-name", f'"{e.name} (…)" is called on a value: a definition '
                            "with a parameter belongs to the law, not to a record or a fact",
                            e.span, scope, hint=f'give the value as its argument: "the '
                            f'{e.name} (…)", or declare the name with its owner, "the <owner>\'s '
                            f'{e.name} a …"')
    key = found.get(e.name)
    if key is None:
        return ctx.err_expr("unknown-name", f'no definition with a parameter is called "the '
                            f'{e.name} …"', e.span, scope,
                            hint=did_you_mean(e.name, list(found)) or (
                                'define one as "the <name> for a <fact or record> means …"'))
    t = exprs.definition(key)
    parameter = ctx.definitions[key].parameter if key in ctx.definitions else None
    if parameter is None or tc.is_error(argument.type):
        return error_expr(e.span)
    if not tc.same_kind(parameter.type, argument.type) or (
            isinstance(parameter.type, c.RecordT) and parameter.type != argument.type):
        return ctx.err_expr("type-mismatch", f'"the {e.name} …" is defined for '
                            f"{parameter.type}, but this is {argument.type}", e.argument.span,
                            scope)
    return c.DefRef(key=key, argument=argument, type=t, span=e.span)


def missing_argument(ctx: Context, name: str, span: Span, scope: Scope) -> c.Expr:
    """`the penalty for a tier` read as a value: it needs its argument."""
    parts = split(name)
    assert parts is not None
    return ctx.err_expr("missing-argument", f'"the {name}" takes a {parts[1]}', span, scope,
                        hint=f'give it in parentheses: "the {parts[0]} (…)"')


def is_parameterised(ctx: Context, name: str) -> bool:
    """Whether `the <name>` names a definition with a parameter."""
    entry = ctx.surface_defs.get(value_key(name))
    return entry is not None and isinstance(entry[0], s.ValueDef) and \
        parameter_type(ctx, name) is not None
