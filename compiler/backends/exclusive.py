"""Rules of a decision that no case can make apply together, seen from their words.

Takes a decision of the core IR and the module writer (whose `can_fail` says which
sub-expressions may raise); gives whether the Python backend may write its rules as a chain,
the first that applies returning its value (as `is_simple` decisions are written), rather than
evaluating every rule and checking that the values agree (or that no two values apply). That
holds when the decision has no exceptions, every two rules' conditions hold atoms that
contradict each other (`x <= D` and `x > D`, `the tier is first` and `the tier is second`, and
comparisons of one value with literals that leave no value between: `x is 0` and `x is at least
2`, `x < D1` and `x >= D2` with D1 <= D2), and no condition can raise but by
reading a decision the first rule's condition reads too (so the chain raises what the
interpreter, which evaluates every rule, raises).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from itertools import combinations
from typing import Protocol

from compiler.core import ast as c

_COMPLEMENT = {c.CmpOp.LT: c.CmpOp.GE, c.CmpOp.GE: c.CmpOp.LT, c.CmpOp.LE: c.CmpOp.GT,
               c.CmpOp.GT: c.CmpOp.LE, c.CmpOp.EQ: c.CmpOp.NE, c.CmpOp.NE: c.CmpOp.EQ}


class _Writer(Protocol):
    def can_fail(self, e: c.Expr | None) -> bool: ...


def _atoms(e: c.Expr) -> tuple[c.Expr, ...]:
    return tuple(x for o in e.operands for x in _atoms(o)) if isinstance(e, c.And) else (e,)


def _contradict(a: c.Expr, b: c.Expr) -> bool:
    if isinstance(a, c.Not):
        return a.operand == b
    if isinstance(b, c.Not):
        return b.operand == a
    if not (isinstance(a, c.Cmp) and isinstance(b, c.Cmp) and a.left == b.left):
        return False
    if a.right == b.right and _COMPLEMENT[a.op] is b.op:
        return True
    if a.op is b.op is c.CmpOp.EQ and isinstance(a.right, c.Lit) and \
            isinstance(b.right, c.Lit) and a.right.value != b.right.value:
        return True
    return _apart(a, b)


def _interval(e: c.Cmp) -> tuple[object, bool, object, bool] | None:
    """The values `e.left` may take by `e` (low, low included, high, high included; None: no
    bound), when `e` compares it with a number or a date written out."""
    if not isinstance(e.right, c.Lit) or isinstance(e.right.value, (bool, str)) or \
            not isinstance(e.right.value, (int, Decimal, datetime.date)):
        return None
    v = e.right.value
    match e.op:
        case c.CmpOp.EQ:
            return v, True, v, True
        case c.CmpOp.LT | c.CmpOp.LE:
            return None, False, v, e.op is c.CmpOp.LE
        case c.CmpOp.GT | c.CmpOp.GE:
            return v, e.op is c.CmpOp.GE, None, False
    return None


def _apart(a: c.Cmp, b: c.Cmp) -> bool:
    """Whether no value satisfies both comparisons of one value with literals (`x is 0` and
    `x is at least 2`, `x < D1` and `x >= D2` with D1 <= D2), over the values between whole
    ones too (so also for whole numbers)."""
    x, y = _interval(a), _interval(b)
    if x is None or y is None or type(a.right) is not type(b.right) or \
            type(x[0] if x[0] is not None else x[2]) is not type(y[0] if y[0] is not None
                                                            else y[2]):
        return False
    for (lo, lo_in, _, _), (_, _, hi, hi_in) in ((x, y), (y, x)):
        if lo is None or hi is None:
            continue
        if lo > hi or (lo == hi and not (lo_in and hi_in)):  # type: ignore[operator]
            return True
    return False


def _disjoint(a: c.Expr, b: c.Expr) -> bool:
    return any(_contradict(x, y) for x in _atoms(a) for y in _atoms(b))


def _reads(writer: _Writer, e: c.Expr) -> set[str] | None:
    """The decisions a condition reads, or None if it can raise otherwise."""
    found: set[str] = set()
    for node in c.walk(e):
        if isinstance(node, c.DecisionRef):
            found.add(node.name)
        elif not isinstance(node, (c.Cmp, c.And, c.Not)) and writer.can_fail(node):
            return None
    return found


def exclusive(writer: _Writer, d: c.Decision) -> bool:
    """Whether `d`'s rules may be written as a chain (see the module's docstring)."""
    if len(d.rules) < 2 or any(r.overrides for r in d.rules):
        return False
    first = _reads(writer, d.rules[0].condition)
    if first is None or any((reads := _reads(writer, r.condition)) is None or not reads <= first
                            for r in d.rules[1:]):
        return False
    return all(_disjoint(a.condition, b.condition) for a, b in combinations(d.rules, 2))
