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
from collections.abc import Callable, Mapping
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


def _negation(atom: c.Expr) -> c.Expr | None:
    """The atom that holds when `atom` is false: `x > D` of `x <= D`, `A` of `not A`."""
    if isinstance(atom, c.Cmp):
        return c.Cmp(op=_COMPLEMENT[atom.op], left=atom.left, right=atom.right)
    if isinstance(atom, c.Not):
        return atom.operand
    return None


def _within(inner: tuple[object, bool, object, bool],
            outer: tuple[object, bool, object, bool]) -> bool:
    """Whether every value of interval `inner` lies in `outer` (as `_interval` gives them)."""
    lo, lo_in, hi, hi_in = inner
    olo, olo_in, ohi, ohi_in = outer
    if olo is not None and (lo is None or lo < olo  # type: ignore[operator]
                            or (lo == olo and lo_in and not olo_in)):
        return False
    if ohi is not None and (hi is None or hi > ohi  # type: ignore[operator]
                            or (hi == ohi and hi_in and not ohi_in)):
        return False
    return True


def _implied(atom: c.Expr, known: list[c.Expr]) -> bool:
    """Whether `atom` holds wherever every atom of `known` does (one of them implies it)."""
    for k in known:
        if k == atom:
            return True
        if isinstance(k, c.Cmp) and isinstance(atom, c.Cmp) and k.left == atom.left and \
                isinstance(k.right, c.Lit) and isinstance(atom.right, c.Lit) and \
                type(k.right.value) is type(atom.right.value):
            inner, outer = _interval(k), _interval(atom)
            if inner is not None and outer is not None and _within(inner, outer):
                return True
    return False


class Settled:
    """What the rules of a chain already tested tell the rules after them: a rule reached in
    a chain is reached only where every earlier rule did not apply, so where an earlier rule
    was one test (`the table date is before 1999-09-29`), its opposite holds (`the table date
    is on or after 1999-09-29`), and a later rule's test that it implies need not be written
    again. A rule of several tests, the implied ones left out, teaches the same when one test
    is left. Only tests that cannot raise are left out, so the chain raises as before; the
    in-order twins that explanations read keep every test."""

    def __init__(self, writer: _Writer, hoisted: Mapping[str, str] | None = None,
                 text: Callable[[c.Expr], str] = str) -> None:
        self.writer = writer
        # the values computed into locals before the chain: their text → the local's name
        # (which is what `text` gives for them from then on)
        self.locals = set((hoisted or {}).values())
        self.text = text
        self.known: list[c.Expr] = []

    def droppable(self, atom: c.Expr) -> bool:
        """Whether leaving `atom` out cannot change what the chain raises: it cannot raise,
        or only by reading decisions already called before the chain."""
        if not self.writer.can_fail(atom):
            return True
        reads = _reads(self.writer, atom)
        return reads is not None and all(
            self.text(n) in self.locals for n in c.walk(atom) if isinstance(n, c.DecisionRef))

    def reduce(self, condition: c.Expr) -> c.Expr | None:
        """`condition` without the tests the earlier rules settle (itself if none); None when
        they settle all of them: the rule applies wherever it is reached."""
        if isinstance(condition, c.Or):
            return condition
        atoms = _atoms(condition)
        kept = [a for a in atoms if not self.droppable(a) or not _implied(a, self.known)]
        if not kept:
            return None
        if len(kept) == len(atoms):
            return condition
        return kept[0] if len(kept) == 1 else c.And(operands=tuple(kept))

    def failed(self, condition: c.Expr) -> None:
        """The chain goes on past a rule of `condition` (as `reduce` wrote it)."""
        if isinstance(condition, c.Or):
            return
        atoms = _atoms(condition)
        if len(atoms) == 1 and (negation := _negation(atoms[0])) is not None:
            self.known.append(negation)
