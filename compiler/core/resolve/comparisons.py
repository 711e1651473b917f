"""Comparisons, `is one of`, arithmetic: typed by `core/typecheck.py`, their sugar lowered.

Takes the `Expressions` of a law (for the operands) and a surface comparison or arithmetic;
gives the core expression, with `is within D before Y` lowered to two date comparisons, `the
time from A to B is at least D` to `A + D <= B`, `is not` to `not`, and `the person is a known
gang member` to a predicate or a yes/no fact of the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core import typecheck as tc
from compiler.core.resolve import computations, derived_codes, known
from compiler.core.resolve.context import Scope, error_expr, predicate_key
from compiler.diagnostics import did_you_mean
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface import print as surface_print

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

_ARITHMETIC = {s.Arith.PLUS: c.ArithOp.ADD, s.Arith.MINUS: c.ArithOp.SUB,
               s.Arith.TIMES: c.ArithOp.MUL, s.Arith.DIVIDED_BY: c.ArithOp.DIV}
_ORDERED = {s.Relation.AT_LEAST: c.CmpOp.GE, s.Relation.AT_MOST: c.CmpOp.LE,
            s.Relation.MORE_THAN: c.CmpOp.GT, s.Relation.LESS_THAN: c.CmpOp.LT}
_DATES = {s.Relation.BEFORE: c.CmpOp.LT, s.Relation.AFTER: c.CmpOp.GT,
          s.Relation.ON_OR_BEFORE: c.CmpOp.LE, s.Relation.ON_OR_AFTER: c.CmpOp.GE}
# the time from A to B is at least D  ⇔  A + D <= B
_TIME_SPAN = {s.Relation.AT_LEAST: c.CmpOp.LE, s.Relation.AT_MOST: c.CmpOp.GE,
              s.Relation.MORE_THAN: c.CmpOp.LT, s.Relation.LESS_THAN: c.CmpOp.GT,
              s.Relation.EQUAL: c.CmpOp.EQ}


def arithmetic(x: Expressions, op: s.Arith, left: s.Expr, right: s.Expr, span: Span,
               scope: Scope) -> c.Expr:
    if op not in _ARITHMETIC:
        return computations.compute(x, s.Arithmetic(op=op, left=left, right=right, span=span),
                                    scope)
    core_op = _ARITHMETIC[op]
    a = x.expr(left, scope)
    b = x.expr(right, scope)
    t = tc.arithmetic(core_op, a.type, b.type)
    if isinstance(t, str):
        return x.ctx.err_expr("type-mismatch", t, span, scope)
    return c.Arith(op=core_op, left=a, right=b, type=t, span=span)


def compare(x: Expressions, e: s.Compare, scope: Scope) -> c.Expr:
    out = _compare_positive(x, e, scope)
    return c.Not(operand=out, span=e.span) if e.negated and not tc.is_error(out.type) else out


def _compare_positive(x: Expressions, e: s.Compare, scope: Scope) -> c.Expr:
    rel = e.relation
    if isinstance(e.subject, s.TimeSpan):
        return _compare_time_span(x, e, e.subject, scope)
    if rel is s.Relation.STARTS_WITH:
        return derived_codes.starts_with(x, e, scope)
    if rel is s.Relation.KNOWN:
        return known.known(x, e, scope)
    subject = x.expr(e.subject, scope)
    st = subject.type
    if rel is s.Relation.EQUAL:
        return _compare_equal(x, e, subject, scope)
    if rel is s.Relation.ONE_OF:
        return one_of(x, subject, e.operands, e.span, scope)
    if rel in _ORDERED:
        value = x.expr(e.operands[0], scope, expected=st)
        problem = tc.ordered(st, value.type)
        if problem:
            return x.ctx.err_expr("type-mismatch", problem, e.span, scope)
        return c.Cmp(op=_ORDERED[rel], left=subject, right=value, span=e.span)
    if rel in _DATES:
        value = x.expr(e.operands[0], scope)
        problem = tc.dates(st, value.type)
        if problem:
            return x.ctx.err_expr("type-mismatch", problem, e.span, scope)
        return c.Cmp(op=_DATES[rel], left=subject, right=value, span=e.span)
    return _compare_within(x, e, subject, scope)


def _compare_equal(x: Expressions, e: s.Compare, subject: c.Expr, scope: Scope) -> c.Expr:
    st = subject.type
    operand = e.operands[0]
    if isinstance(st, c.RecordT) and isinstance(operand, s.BareName):
        return _record_phrase(x, subject, operand, scope)
    value = x.expr(operand, scope, expected=st)
    if isinstance(value.type, c.SetT):
        return x.ctx.err_expr("type-mismatch", "a set of codes is compared with \"is one of\"",
                              operand.span, scope, hint="write \"is one of the …\"")
    if not tc.same_kind(st, value.type):
        return x.ctx.err_expr("type-mismatch", f"{_describe(subject)} is {st}, but it is "
                              f"compared with {value.type}", e.span, scope)
    return c.Cmp(op=c.CmpOp.EQ, left=subject, right=value, span=e.span)


def _compare_within(x: Expressions, e: s.Compare, subject: c.Expr, scope: Scope) -> c.Expr:
    """`is within D before/after/of Y`: between Y - D and Y + D (or Y), both included."""
    rel = e.relation
    length = x.expr(e.operands[0], scope)
    anchor = x.expr(e.operands[1], scope)
    problem = (tc.duration(length.type) or tc.dates(subject.type, anchor.type))
    moved = tc.arithmetic(c.ArithOp.ADD, anchor.type, length.type)  # a date, or a date and time
    if problem or isinstance(moved, str):
        return x.ctx.err_expr("type-mismatch", problem or str(moved), e.span, scope)
    earliest: c.Expr = anchor
    latest: c.Expr = anchor
    if rel in (s.Relation.WITHIN_BEFORE, s.Relation.WITHIN_OF):
        earliest = c.Arith(op=c.ArithOp.SUB, left=anchor, right=length, type=moved,
                           span=e.span)
    if rel in (s.Relation.WITHIN_AFTER, s.Relation.WITHIN_OF):
        latest = c.Arith(op=c.ArithOp.ADD, left=anchor, right=length, type=moved,
                         span=e.span)
    return c.And(operands=(c.Cmp(op=c.CmpOp.GE, left=subject, right=earliest, span=e.span),
                           c.Cmp(op=c.CmpOp.LE, left=subject, right=latest, span=e.span)),
                 span=e.span)


def _compare_time_span(x: Expressions, e: s.Compare, ts: s.TimeSpan, scope: Scope) -> c.Expr:
    start = x.expr(ts.start, scope)
    end = x.expr(ts.end, scope)
    problem = tc.dates(start.type, end.type)
    if problem:
        return x.ctx.err_expr("type-mismatch", problem, ts.span, scope)
    if e.relation not in _TIME_SPAN:
        return x.ctx.err_expr("type-mismatch", "the time from A to B is compared with \"is at "
                              "least\", \"is at most\", \"is more than\" or \"is less than\"",
                              e.span, scope)
    length = x.expr(e.operands[0], scope)
    problem = tc.duration(length.type)
    if problem:
        return x.ctx.err_expr("type-mismatch", problem, e.operands[0].span, scope)
    t = tc.arithmetic(c.ArithOp.ADD, start.type, length.type)  # a date, or a date and time
    if isinstance(t, str):
        return x.ctx.err_expr("type-mismatch", t, e.span, scope)
    moved = c.Arith(op=c.ArithOp.ADD, left=start, right=length, type=t, span=e.span)
    return c.Cmp(op=_TIME_SPAN[e.relation], left=moved, right=end, span=e.span)


def _record_phrase(x: Expressions, subject: c.Expr, phrase: s.BareName, scope: Scope
                   ) -> c.Expr:
    """`the person is a known gang member`: a predicate, or a yes/no fact of the record."""
    ctx = x.ctx
    assert isinstance(subject.type, c.RecordT)
    record = subject.type.name
    k = predicate_key(record, phrase.name)
    if k in ctx.surface_defs:
        x.definition(k)
        return c.DefRef(key=k, argument=subject, type=c.BoolT(), span=phrase.span)
    fields = ctx.fields(record)
    f = fields.get(phrase.name)
    if f is not None and isinstance(f.type, c.BoolT):
        return c.Field(owner=subject, record=record, name=phrase.name, type=f.type,
                       span=phrase.span)
    candidates = [d.phrase for d, _ in ctx.surface_defs.values()
                  if isinstance(d, s.PredicateDef) and d.subject == record]
    candidates += [n for n, f in fields.items() if isinstance(f.type, c.BoolT)]
    return ctx.err_expr("unknown-name", f'nothing defines when a {record} is '
                        f'"{phrase.name}"', phrase.span, scope,
                        hint=did_you_mean(phrase.name, candidates) or (
                            f'define it: "a {record} is {phrase.name} if …"'))


def one_of(x: Expressions, subject: c.Expr, operands: Sequence[s.Expr], span: Span,
           scope: Scope) -> c.Expr:
    """`is one of …`: values written out, or one named set of codes."""
    ctx = x.ctx
    st = subject.type
    if len(operands) == 1 and isinstance(operands[0], s.TheRef):
        ref = x.expr(operands[0], scope)
        if isinstance(ref, c.DefRef) and isinstance(ref.type, c.SetT):
            if not isinstance(st, (c.CodeT, c.ErrorT)):
                return ctx.err_expr("type-mismatch", f"a set of codes holds codes, but this "
                                    f"is {st}", span, scope)
            members = ctx.definitions[ref.key].members
            return c.InSet(subject=subject, members=members, set_name=ref.key, span=span)
        if tc.is_error(ref.type):
            return error_expr(span)
    values: list[c.Value] = []
    for operand in operands:
        if isinstance(operand, s.TheRef):
            ref = x.expr(operand, scope)
            if isinstance(ref.type, c.SetT) and isinstance(ref, c.DefRef):
                values.extend(ctx.definitions[ref.key].members)
            elif not tc.is_error(ref.type):
                ctx.err("type-mismatch", "\"is one of\" lists values, or names one set of "
                        "codes", operand.span, scope=scope)
            continue
        value = x.expr(operand, scope, expected=st)
        if tc.is_error(value.type):
            continue
        if not isinstance(value, c.Lit):
            ctx.err("type-mismatch", "\"is one of\" lists values written out, such as "
                    "felony or \"120.05\"", operand.span, scope=scope)
            continue
        if not tc.same_kind(st, value.type):
            ctx.err("type-mismatch", f"{_describe(subject)} is {st}, but "
                    f"{surface_print.expr(operand)} is {value.type}", operand.span, scope=scope)
            continue
        values.append(value.value)
    return c.InSet(subject=subject, members=tuple(values), set_name=None, span=span)


def _describe(e: c.Expr) -> str:
    if isinstance(e, c.Field):
        return f'"{e.name}"'
    if isinstance(e, c.DefRef):
        return f'"{e.key}"'
    return "this"
