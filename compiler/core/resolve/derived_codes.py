"""Codes derived from codes: `the section of X` and `X starts with "…"`, resolved.

Takes the surface of either form and the resolved code it reads; gives the core `CodeOp`, or a
`type-mismatch` at the words when what it reads is not a code (or, after `starts with`, when
what follows is not written-out text). `the section of X` is read so only when X is a code: of
a record it is the record's field `section` as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core import typecheck as tc
from compiler.core.resolve.context import Scope
from compiler.span import Span
from compiler.surface import ast as s

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

SECTION = "section"  # `the section of X`, `X's section`


def section_of(owner: c.Expr, span: Span) -> c.Expr:
    """The section of a code: the code without its subdivisions (`runtime.code_section`)."""
    return c.CodeOp(kind=c.CodeOpKind.SECTION, subject=owner, prefix="", type=c.CodeT(),
                    span=span)


def starts_with(x: Expressions, e: s.Compare, scope: Scope) -> c.Expr:
    """`X starts with "160."`: X a code, the prefix written out."""
    subject = x.expr(e.subject, scope)
    if tc.is_error(subject.type):
        return subject
    if not isinstance(subject.type, c.CodeT):
        return x.ctx.err_expr("type-mismatch", f'"starts with" compares codes, but this is '
                              f"{subject.type}", e.subject.span, scope)
    prefix = e.operands[0]
    if not isinstance(prefix, s.StringLit) or not prefix.value:
        return x.ctx.err_expr("type-mismatch", 'after "starts with" comes the text a code '
                              'starts with, in quotes', prefix.span, scope,
                              hint='write it out: starts with "160."')
    return c.CodeOp(kind=c.CodeOpKind.STARTS_WITH, subject=subject, prefix=prefix.value,
                    type=c.BoolT(), span=e.span)
