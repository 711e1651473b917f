"""Assumptions about facts: `assume <condition>` with `because: <reason>`, resolved.

Takes the `Context` of a law (its file and the vocabularies it uses) and the `Expressions` part
of the resolver; gives the `c.Assumption`s of every file, each condition resolved over the facts
of the case and type-checked as yes or no (mistakes reported where they stand, in the words of
the assumption). Which of them a law checks is `compiler.core.assumptions.applicable`.
"""

from __future__ import annotations

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope
from compiler.core.resolve.expressions import Expressions
from compiler.surface import ast as s
from compiler.surface.print import expr as expr_words


def resolve_assumptions(ctx: Context, expressions: Expressions) -> tuple[c.Assumption, ...]:
    """Every assumption of the law and of the files it uses, in the order they are written."""
    out: list[c.Assumption] = []
    for file in ctx.all_files():
        for item in file.items:
            if not isinstance(item, s.Assumption):
                continue
            words = expr_words(item.condition)
            scope = Scope(context=f'in the assumption "{words}"')
            condition = expressions.condition(item.condition, scope)
            if not item.reason:
                ctx.err("missing-reason", "an assumption says why it holds", item.span,
                        scope=scope, hint='write "because: <the reason>" under it')
            out.append(c.Assumption(condition=condition, reason=item.reason, words=words,
                                    file=item.span.file, span=item.span))
    return tuple(out)
