"""Which cases a law can evaluate: the greatest or least of a list with no element has no answer.

Takes a `LawEncoding` and a decision; gives the z3 formula "the interpreter evaluates this
decision without an evaluation error" over the fact space, following the interpreter's order
(`and`/`or` and quantifiers stop where they are settled; a simple decision reads its rules until
one applies, any other reads every condition, then the values of the rules that decide, or the
default), or None when nothing the decision reads can fail, so that the formulas of a law
without such an aggregate stay as they were. Counted: an empty greatest or least, and a
division by a value that may be 0 (its declared range holds 0, or it is computed); a
decision read by another is taken to be evaluable (it is asked about on its own). The
analysis asks for conflicts and gaps among evaluable cases only: a case the interpreter cannot
decide is neither (see docs/analysis.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import z3

from compiler.analysis.space import SymList
from compiler.core import ast as c
from compiler.core.semantics import is_simple

if TYPE_CHECKING:
    from compiler.analysis.smt import LawEncoding


def evaluable(law: LawEncoding, decision: str) -> Any | None:
    """The decision is evaluated without error, or None if it always is."""
    d = law.program.decisions[decision]
    reads = [e for r in d.rules for e in (r.condition, r.value)] + (
        [d.default] if d.default is not None else [])
    if not any(_may_fail(law.program, e) for e in reads):
        return None
    check = _Check(law)
    true = z3.BoolVal(True, law.ctx)
    default = true if d.default is None else check.ok(d.default, {})
    if is_simple(d):
        acc = default
        for r in reversed(d.rules):
            holds = law.applies(decision, r.index)
            acc = z3.And(check.ok(r.condition, {}), z3.If(holds, check.ok(r.value, {}), acc))
        return acc
    parts = [check.ok(r.condition, {}) for r in d.rules]
    deciding = [law.decides(decision, r.index) for r in d.rules]
    parts += [z3.Implies(w, check.ok(r.value, {})) for w, r in zip(deciding, d.rules)]
    parts.append(z3.Implies(z3.Not(z3.Or(z3.BoolVal(False, law.ctx), *deciding)), default))
    return z3.And(*parts)


def _never_zero(e: c.Expr) -> bool:
    """A divisor that cannot be 0: a number written out, or a value whose declared range
    leaves 0 out (`a household size: a whole number from 1 to 12`, `money at least $1`)."""
    if isinstance(e, c.Lit):
        return not isinstance(e.value, bool) and e.value != 0
    low, high = getattr(e.type, "low", None), getattr(e.type, "high", None)
    return low is not None and low > 0 or high is not None and high < 0


def _divides(node: c.Expr) -> bool:
    """A division whose divisor may be 0 (the interpreter cannot evaluate it then)."""
    return isinstance(node, c.Arith) and node.op is c.ArithOp.DIV and not _never_zero(node.right)


def _may_fail(program: c.Program, e: c.Expr, seen: frozenset[str] = frozenset()) -> bool:
    for node in c.walk(e):
        if isinstance(node, c.Aggregate) and node.kind is not c.AggKind.TOTAL or _divides(node):
            return True
        if isinstance(node, c.DefRef) and node.key not in seen:
            body = program.definitions[node.key].body
            if body is not None and _may_fail(program, body, seen | {node.key}):
                return True
    return False


class _Check:
    def __init__(self, law: LawEncoding) -> None:
        self.law = law
        self.true = z3.BoolVal(True, law.ctx)

    def ok(self, e: c.Expr, env: dict[str, Any]) -> Any:
        """`e` is evaluated without error in `env` (in the interpreter's order)."""
        if not _may_fail(self.law.program, e):
            return self.true
        term = self.law.term
        match e:
            case c.Field(owner=owner):
                return self.ok(owner, env)
            case c.DefRef(key=key, argument=argument):
                d = self.law.program.definitions[key]
                inner: dict[str, Any] = {}
                first = self.true
                if argument is not None and d.parameter is not None:
                    first = self.ok(argument, env)
                    inner[d.parameter.name] = term(argument, env)
                assert d.body is not None
                return z3.And(first, self.ok(d.body, inner))
            case c.Not(operand=operand):
                return self.ok(operand, env)
            case c.And(operands=ops) | c.Or(operands=ops):
                acc = self.true
                for o in reversed(ops):
                    goes_on = term(o, env) if isinstance(e, c.And) else z3.Not(term(o, env))
                    acc = z3.And(self.ok(o, env), z3.Implies(goes_on, acc))
                return acc
            case c.Cmp(left=left, right=right) | c.Arith(left=left, right=right):
                both = z3.And(self.ok(left, env), self.ok(right, env))
                if _divides(e):  # and then the divisor is not 0
                    return z3.And(both, term(right, env) != 0)
                return both
            case c.InSet(subject=subject):
                return self.ok(subject, env)
            case c.Quant() | c.Aggregate():
                return self.over_list(e, env)
        return self.true

    def over_list(self, e: c.Quant | c.Aggregate, env: dict[str, Any]) -> Any:
        """A quantifier stops at the element that settles it; an aggregate reads every element
        (its measure where the condition holds) and, for the greatest or least, needs one."""
        items = self.law.term(e.collection, env)
        assert isinstance(items, SymList)
        acc = self.true
        found = []
        for i in reversed(range(len(items.items))):
            inner = {**env, e.var.name: items.items[i]}
            holds = self.true if e.condition is None else self.law.term(e.condition, inner)
            cond_ok = self.true if e.condition is None else self.ok(e.condition, inner)
            if isinstance(e, c.Aggregate):
                here = z3.And(cond_ok, z3.Implies(holds, self.ok(e.measure, inner)), acc)
                found.append(z3.And(items.length > i, holds))
            elif e.kind is c.QuantKind.COUNT:
                here = z3.And(cond_ok, acc)
            else:
                settled = z3.Not(holds) if e.kind is c.QuantKind.EVERY else holds
                here = z3.And(cond_ok, z3.Implies(z3.Not(settled), acc))
            acc = z3.Implies(items.length > i, here)
        out = z3.And(self.ok(e.collection, env), acc)
        if isinstance(e, c.Aggregate) and e.kind is not c.AggKind.TOTAL:
            out = z3.And(out, z3.Or(z3.BoolVal(False, self.law.ctx), *found))
        return out
