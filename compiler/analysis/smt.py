"""The solver translation of a law: core IR → z3 formulas over a `FactSpace`.

Takes a `Program` and a `FactSpace` (`compiler.analysis.space`: one z3 variable per fact, in a
z3 context of the space's own, shared by every law encoded over it, so two versions of a law can
be compared); gives a `LawEncoding` with the formulas the analyses need:

- `applies(decision, i)`: rule i's condition holds;
- `decides(decision, i)`: rule i applies and no exception to it applies;
- `outcome(decision)`: an integer term, the index of the decided value, `CONFLICT` or `GAP`
  (for a decision that computes its value, the value itself: `computed_outcome`);
- `value(e)`, `differ(a, b)`: rule values as exact terms (Int, Real, a date's day number);
- `is_value(decision, value)`, `conflict(decision)`, `gap(decision)`.

Formulas stay linear where the law is: a set of codes is a few ranges of indices; a division by
a whole-number fact with few values is one case per value. The names of the fact space that the
analyses import with the encoding (`FactSpace`, the date range, the list bound) are re-exported
here. See docs/analysis.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, assert_never

import z3

from compiler.analysis import derived_codes
from compiler.core.semantics import written_values
from compiler.analysis.space import (DATE_MAX, DATE_MIN, DEFAULT_LIST_BOUND, FactSpace, SymDate,
                                     SymList, SymRecord, date_equal, date_less, minutes_of)
from compiler.core import ast as c

CONFLICT = -1
GAP = -2
_SPLIT_DIVISOR = 64  # divisors with at most this many values are split into cases

__all__ = ["CONFLICT", "DATE_MAX", "DATE_MIN", "DEFAULT_LIST_BOUND", "GAP", "FactSpace",
           "LawEncoding", "SymDate", "SymList", "SymRecord", "date_equal", "date_less"]


class LawEncoding:
    """One law's rules and decisions as formulas over a `FactSpace`."""

    def __init__(self, program: c.Program, space: FactSpace) -> None:
        self.program = program
        self.space = space
        self.ctx = space.ctx
        self._applies: dict[tuple[str, int], Any] = {}
        self._closure: dict[str, list[list[int]]] = {}
        self._value_terms: dict[str, Any] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}  # definitions and sets, by argument

    # ------------------------------------------------------------------------- rules
    def closure(self, decision: str, without: int | None = None) -> list[list[int]]:
        from compiler.core.semantics import exceptions_closure

        d = self.program.decisions[decision]
        if without is None:
            if decision not in self._closure:
                self._closure[decision] = exceptions_closure(d)
            return self._closure[decision]
        return exceptions_closure(d, without)

    def applies(self, decision: str, index: int) -> Any:
        key = (decision, index)
        if key not in self._applies:
            rule = self.program.decisions[decision].rules[index]
            self._applies[key] = self.boolean(rule.condition, {})
        return self._applies[key]

    def decides(self, decision: str, index: int, without: int | None = None) -> Any:
        if index == without:
            return z3.BoolVal(False, self.ctx)
        blockers = self.closure(decision, without)[index]
        own = self.applies(decision, index)
        if not blockers:
            return own
        return z3.And(own, z3.Not(z3.Or(*[self.applies(decision, b) for b in blockers])))

    def value_index(self, decision: str, value: object) -> int:
        d = self.program.decisions[decision]
        if isinstance(d.type, c.EnumT):
            return self.program.enums[d.type.name].values.index(str(value))
        if not isinstance(d.type, c.BoolT) and not c.is_computed(d):  # amounts written out, …
            return written_values(d).index(value)  # type: ignore[arg-type]
        return 1 if value else 0

    def value(self, e: c.Expr) -> Any:
        """A rule's value (or a default) as a term: exact, a Real for money and decimals, an
        Int for whole numbers and lengths of time, a date's day number for a date."""
        t = self.term(e, {})
        return t.ordinal() if isinstance(t, SymDate) else t

    def differ(self, a: c.Expr, b: c.Expr) -> Any:
        """The two values differ (always false for the same expression)."""
        if c.value_key(a) == c.value_key(b):
            return z3.BoolVal(False, self.ctx)
        x, y = coerce(self.value(a), self.value(b))
        return x != y

    def computed_outcome(self, decision: str, without: int | None = None) -> Any:
        """A computed decision's value as a term: the value of the first rule that decides,
        else the default (or, in a gap, 0); `conflict` and `gap` tell those cases apart."""
        d = self.program.decisions[decision]
        term: Any = z3.IntVal(0, self.ctx) if d.default is None else self.value(d.default)
        for rule in reversed(d.rules):
            a, b = coerce(self.value(rule.value), term)
            term = z3.If(self.decides(decision, rule.index, without), a, b)
        return term

    def outcome(self, decision: str, without: int | None = None) -> Any:
        """The decided value's index (yes is 1, no is 0), or CONFLICT, or GAP; for a decision
        that computes its value, `computed_outcome`."""
        d = self.program.decisions[decision]
        if c.is_computed(d):
            return self.computed_outcome(decision, without)
        groups: dict[int, list[Any]] = {}
        for rule in d.rules:
            groups.setdefault(self.value_index(decision, c.lit_value(rule.value)), []).append(
                self.decides(decision, rule.index, without))
        flags = {v: z3.Or(*terms) for v, terms in groups.items()}
        fallback: Any = z3.IntVal(GAP, self.ctx) if d.default is None else z3.IntVal(
            self.value_index(decision, c.lit_value(d.default)), self.ctx)
        term = fallback
        for v, flag in sorted(flags.items(), reverse=True):
            term = z3.If(flag, z3.IntVal(v, self.ctx), term)
        if len(flags) > 1:
            many = z3.Sum(*[z3.If(f, 1, 0) for f in flags.values()]) > 1
            term = z3.If(many, z3.IntVal(CONFLICT, self.ctx), term)
        return term

    def decided_as(self, decision: str, index: int) -> Any:
        """`the hold is V` for a decision of a list of values: a rule giving V decides and none
        giving another does (or, V the default, no rule decides); `outcome(…) == index`,
        written without the chain of `If`s the solver would have to see through."""
        d = self.program.decisions[decision]
        groups: dict[int, list[Any]] = {}
        for rule in d.rules:
            groups.setdefault(self.value_index(decision, c.lit_value(rule.value)), []).append(
                self.decides(decision, rule.index))
        others = [z3.Not(z3.Or(*terms)) for v, terms in groups.items() if v != index]
        mine = [z3.Or(*groups[index])] if index in groups else []
        if d.default is not None and self.value_index(decision, c.lit_value(d.default)) == index:
            mine = [z3.Or(*mine, z3.And(*[z3.Not(z3.Or(*t)) for t in groups.values()]))]
        return z3.And(*(mine or [z3.BoolVal(False, self.ctx)]), *others)

    def conflict(self, decision: str) -> Any:
        d = self.program.decisions[decision]
        if c.is_computed(d):
            pairs = [z3.And(self.decides(decision, a.index), self.decides(decision, b.index),
                            self.differ(a.value, b.value))
                     for i, a in enumerate(d.rules) for b in d.rules[i + 1:]]
            return self.evaluable(decision, z3.Or(*pairs) if pairs else
                                  z3.BoolVal(False, self.ctx))
        return self.evaluable(decision, self.outcome(decision) == CONFLICT)

    def has_value(self, decision: str) -> Any:
        """Whether some rule decides the decision, or it has a default (`X is known`)."""
        d = self.program.decisions[decision]
        if d.default is not None:
            return z3.BoolVal(True, self.ctx)
        return z3.Or(z3.BoolVal(False, self.ctx),
                     *[self.decides(decision, r.index) for r in d.rules])

    def gap(self, decision: str) -> Any:
        d = self.program.decisions[decision]
        if c.is_computed(d):
            if d.default is not None:
                return z3.BoolVal(False, self.ctx)
            return self.evaluable(decision, z3.Not(z3.Or(
                z3.BoolVal(False, self.ctx), *[self.decides(decision, r.index) for r in d.rules])))
        return self.evaluable(decision, self.outcome(decision) == GAP)

    def evaluable(self, decision: str, formula: Any) -> Any:
        """`formula` among the cases the interpreter evaluates without an error (a greatest
        or least of no element: `compiler.analysis.evaluable`); itself if every case is."""
        from compiler.analysis.evaluable import evaluable

        ok = evaluable(self, decision)
        return formula if ok is None else z3.And(formula, ok)

    def is_value(self, decision: str, value: object) -> Any:
        return self.outcome(decision) == self.value_index(decision, value)

    # --------------------------------------------------------------------- expressions
    def boolean(self, e: c.Expr, env: dict[str, Any]) -> Any:
        return self.term(e, env)

    def term(self, e: c.Expr, env: dict[str, Any]) -> Any:
        # One `match` over every kind of core expression (about 100 lines), ending in assert_never.
        space = self.space
        match e:
            case c.Lit(value=v, type=t):
                return self.literal(v, t)
            case c.Root():
                return space.root
            case c.Var(name=name):
                return env[name]
            case c.Field(owner=owner, name=name):
                record = self.term(owner, env)
                assert isinstance(record, SymRecord)
                return record.field(name)
            case c.DefRef(key=key, argument=argument):
                d = self.program.definitions[key]
                inner: dict[str, Any] = {}
                if argument is not None:
                    assert d.parameter is not None
                    inner[d.parameter.name] = self.term(argument, env)
                assert d.body is not None
                memo = ("def", key, *(_identity(v) for v in inner.values()))
                if memo not in self._memo:
                    self._memo[memo] = self.term(d.body, inner)
                return self._memo[memo]
            case c.DecisionRef(name=name):
                decision = self.program.decisions[name]
                if name not in self._value_terms:
                    self._value_terms[name] = self.outcome(name)
                index = self._value_terms[name]
                if c.is_computed(decision) and isinstance(decision.type, c.DateT):
                    # held as its day number: compared with dates linearly (`SymDate`)
                    return SymDate(n=index, space=space)
                if isinstance(decision.type, c.BoolT):
                    return index == 1
                return index
            case c.Not(operand=operand):
                return z3.Not(self.term(operand, env))
            case c.And(operands=operands):
                return z3.And(*[self.term(o, env) for o in operands])
            case c.Or(operands=operands):
                return z3.Or(*[self.term(o, env) for o in operands])
            case c.Cmp(op=c.CmpOp.EQ | c.CmpOp.NE as op,
                       left=c.DecisionRef(name=name, type=c.EnumT()), right=c.Lit(value=v)):
                decided = self.decided_as(name, self.value_index(name, v))
                return decided if op is c.CmpOp.EQ else z3.Not(decided)
            case c.Cmp(op=op, left=left, right=right):
                a, b = coerce(self.term(left, env), self.term(right, env))
                if isinstance(a, SymDate):
                    return {c.CmpOp.EQ: lambda: date_equal(a, b),
                            c.CmpOp.NE: lambda: z3.Not(date_equal(a, b)),
                            c.CmpOp.LT: lambda: date_less(a, b),
                            c.CmpOp.LE: lambda: z3.Not(date_less(b, a)),
                            c.CmpOp.GT: lambda: date_less(b, a),
                            c.CmpOp.GE: lambda: z3.Not(date_less(a, b))}[op]()
                return {c.CmpOp.EQ: lambda: a == b, c.CmpOp.NE: lambda: a != b,
                        c.CmpOp.LT: lambda: a < b, c.CmpOp.LE: lambda: a <= b,
                        c.CmpOp.GT: lambda: a > b, c.CmpOp.GE: lambda: a >= b}[op]()
            case c.InSet(subject=subject, members=members):
                s = self.term(subject, env)
                if isinstance(s, SymDate):
                    return z3.Or(*[date_equal(s, self.literal(m, subject.type))
                                   for m in members]) if members else \
                        z3.BoolVal(False, self.ctx)
                if not members:
                    return z3.BoolVal(False, self.ctx)
                memo = ("in", _identity(s), members)
                if memo not in self._memo:
                    self._memo[memo] = self.member(s, members, subject.type)
                return self._memo[memo]
            case c.Known(subject=c.Field(owner=owner, name=name)):
                record = self.term(owner, env)
                assert isinstance(record, SymRecord)
                return record.known(name)
            case c.Known(subject=c.DecisionRef(name=name)):
                return self.has_value(name)
            case c.Known():
                raise AssertionError(e)  # resolution gives no other
            case c.CodeOp(subject=subject):
                return derived_codes.term(e, self.term(subject, env), space.codes,
                                          space.code_index, self.ctx)
            case c.Arith(op=op, left=left, right=right, type=t):
                a = self.term(left, env)
                b = self.term(right, env)
                if op in (c.ArithOp.MAX, c.ArithOp.MIN):
                    return self.extreme(op, a, b)
                if op in c.ROUNDINGS:
                    assert isinstance(right, c.Lit) and isinstance(right.value, Decimal)
                    return rounding(op, a, right.value, isinstance(t, c.IntT), self.ctx)
                if op is c.ArithOp.ADD_EXCLUDING:
                    return self.excluding(e, a, b)
                if isinstance(t, c.DateTimeT):  # minutes; a day is 1,440 of them
                    assert isinstance(right.type, c.DurationT)
                    if right.type.kind is c.DurationKind.DAYS:
                        b = b * 1440
                    return a + b if op is c.ArithOp.ADD else a - b
                if isinstance(t, c.DateT):
                    assert isinstance(right.type, c.DurationT)
                    amount = b if op is c.ArithOp.ADD else -b
                    if right.type.kind is c.DurationKind.DAYS:
                        return space.add_days(a, amount)
                    return space.add_months(a, amount)
                a, b = coerce(a, b)
                if op is c.ArithOp.ADD:
                    return a + b
                if op is c.ArithOp.SUB:
                    return a - b
                if op is c.ArithOp.MUL:
                    return a * b
                return self.divide(a, b)
            case c.Quant(kind=kind, collection=collection, var=var, condition=cond):
                items = self.term(collection, env)
                assert isinstance(items, SymList)
                parts = []
                for i, item in enumerate(items.items):
                    present = items.length > i
                    holds = z3.BoolVal(True, self.ctx) if cond is None else self.term(
                        cond, {**env, var.name: item})
                    parts.append((present, holds))
                if kind is c.QuantKind.ANY:
                    return z3.Or(*[z3.And(p, h) for p, h in parts]) if parts else \
                        z3.BoolVal(False, self.ctx)
                if kind is c.QuantKind.NO:
                    return z3.Not(z3.Or(*[z3.And(p, h) for p, h in parts])) if parts else \
                        z3.BoolVal(True, self.ctx)
                if kind is c.QuantKind.EVERY:
                    return z3.And(*[z3.Implies(p, h) for p, h in parts]) if parts else \
                        z3.BoolVal(True, self.ctx)
                return z3.Sum(*[z3.If(z3.And(p, h), 1, 0) for p, h in parts]) if parts else \
                    z3.IntVal(0, self.ctx)
            case c.Aggregate():
                return self.aggregate(e, env)
            case _:
                assert_never(e)

    def aggregate(self, e: c.Aggregate, env: dict[str, Any]) -> Any:
        """A total over the bounded list (each present element that meets the condition adds
        its measure), or the greatest or least: an `If` chain over the elements. Of no element
        the greatest and least have no answer (the interpreter raises); the term is then the
        first element's measure, which no case reads."""
        items = self.term(e.collection, env)
        assert isinstance(items, SymList)
        real = isinstance(e.type, (c.MoneyT, c.DecimalT))
        zero = z3.RealVal(0, self.ctx) if real else z3.IntVal(0, self.ctx)
        parts = []
        for i, item in enumerate(items.items):
            inner = {**env, e.var.name: item}
            counts = items.length > i
            if e.condition is not None:
                counts = z3.And(counts, self.term(e.condition, inner))
            value = self.term(e.measure, inner)
            parts.append((counts, z3.ToReal(value) if real and not _is_real(value) else value))
        if e.kind is c.AggKind.TOTAL:
            return z3.Sum(*[z3.If(p, v, zero) for p, v in parts]) if parts else zero
        if not parts:
            return zero
        best, found = parts[0][1], z3.BoolVal(False, self.ctx)
        for counts, value in parts:
            better = value > best if e.kind is c.AggKind.GREATEST else value < best
            best = z3.If(z3.And(counts, z3.Or(z3.Not(found), better)), value, best)
            found = z3.Or(found, counts)
        return best

    def excluding(self, e: c.Arith, start: Any, length: Any) -> Any:
        """`A plus 48 hours excluding …`: a fresh term at least `A plus 48 hours` (the days
        cut out only delay the end), the same term for the same expression. An
        over-approximation: a case the solver finds is decided again by the interpreter."""
        memo = ("excluding", e, _identity(start), _identity(length))
        if memo not in self._memo:
            extra = z3.Int(f"excluding#{len(self._memo)}", self.ctx)
            self.space.side.append(extra >= 0)
            if isinstance(start, SymDate):
                self._memo[memo] = self.space.add_days(start, length + extra)
            else:
                self._memo[memo] = start + length + extra
        return self._memo[memo]

    def extreme(self, op: c.ArithOp, a: Any, b: Any) -> Any:
        """The greater (later) or lesser (earlier) of two terms, exactly."""
        if isinstance(a, SymDate):
            x, y = a.ordinal(), b.ordinal()
            first = x >= y if op is c.ArithOp.MAX else x <= y
            return self.space.civil(z3.If(first, x, y))
        a, b = coerce(a, b)
        return z3.If(a >= b if op is c.ArithOp.MAX else a <= b, a, b)

    def member(self, s: Any, members: Sequence[object], t: c.Type) -> Any:
        """`s is one of members`; for codes and values (integer indices), runs of consecutive
        indices become ranges, so a set of 60 codes is a few comparisons."""
        if not isinstance(t, (c.CodeT, c.EnumT)):
            return z3.Or(*[s == self.literal(m, t) for m in members])
        indices = sorted({self.literal(m, t).as_long() for m in members})
        runs: list[list[int]] = []
        for i in indices:
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        parts = [s == a if a == b else z3.And(s >= a, s <= b) for a, b in runs]
        return parts[0] if len(parts) == 1 else z3.Or(*parts)

    def divide(self, a: Any, b: Any) -> Any:
        """a / b as a real. A divisor that is a whole-number fact with a small declared range
        (a household size from 1 to 20) is split into one case per value, so the quotient stays
        linear (division by a number) and the solver can decide what it reads."""
        num = a if _is_real(a) else z3.ToReal(a)
        den = b if _is_real(b) else z3.ToReal(b)
        bounds = self.space.int_range(b)
        if bounds is None or bounds[1] - bounds[0] > _SPLIT_DIVISOR:
            return num / den
        variable = b.arg(0) if z3.is_to_real(b) else b
        low, high = bounds
        term: Any = num / den  # only reached for 0 (no value of the fact): as before
        for value in range(high, low - 1, -1):
            if value != 0:
                term = z3.If(variable == value, num / z3.RealVal(value, self.ctx), term)
        return term

    def literal(self, v: object, t: c.Type) -> Any:
        match t:
            case c.BoolT():
                return z3.BoolVal(bool(v), self.ctx)
            case c.DateT():
                assert isinstance(v, datetime.date)
                y, m, d = (z3.IntVal(part, self.ctx) for part in (v.year, v.month, v.day))
                return SymDate(y, m, d, z3.IntVal(v.toordinal(), self.ctx))
            case c.DurationT():
                assert isinstance(v, c.Duration)
                return z3.IntVal(v.amount, self.ctx)
            case c.DateTimeT():
                assert isinstance(v, datetime.datetime)
                return z3.IntVal(minutes_of(v), self.ctx)
            case c.DecimalT() | c.MoneyT():
                return z3.RealVal(str(v), self.ctx)
            case c.IntT():
                assert isinstance(v, int)
                return z3.IntVal(v, self.ctx)
            case c.CodeT():
                assert isinstance(v, str)
                return z3.IntVal(self.space.code_index.get(v, len(self.space.codes)), self.ctx)
            case c.EnumT(name=enum):
                return z3.IntVal(self.space.enums[enum].index(str(v)), self.ctx)
            case c.RecordT() | c.ListT() | c.SetT() | c.SpanT() | c.ErrorT():
                # no literal has such a type; a number is still its value
                if isinstance(v, Decimal):
                    return z3.RealVal(str(v), self.ctx)
                if isinstance(v, int):
                    return z3.IntVal(v, self.ctx)
                raise AssertionError((v, t))
            case _:
                assert_never(t)


def rounding(op: c.ArithOp, a: Any, unit: Decimal, whole: bool, ctx: z3.Context) -> Any:
    """`a` rounded to a multiple of `unit`, exactly (z3's ToInt is the floor of a real): down,
    up, half up (a half away from zero, as Python's ROUND_HALF_UP) or half even."""
    q = (a if _is_real(a) else z3.ToReal(a)) / z3.RealVal(str(unit), ctx)
    half = z3.RealVal("1/2", ctx)
    floor = z3.ToInt(q)
    if op is c.ArithOp.FLOOR:
        steps = floor
    elif op is c.ArithOp.CEILING:
        steps = -z3.ToInt(-q)
    elif op is c.ArithOp.HALF_UP:
        steps = z3.If(q >= 0, z3.ToInt(q + half), -z3.ToInt(-q + half))
    else:
        rest = q - z3.ToReal(floor)
        steps = z3.If(rest > half, floor + 1, z3.If(rest < half, floor,
                                                    z3.If(floor % 2 == 0, floor, floor + 1)))
    if whole and unit == 1:
        return steps
    return z3.ToReal(steps) * z3.RealVal(str(unit), ctx)


def _identity(value: Any) -> Any:
    """A key for a term or record: z3 terms by their (hash-consed) id, records by object."""
    if isinstance(value, z3.ExprRef):
        return ("t", value.get_id())
    return ("o", id(value))


def _is_real(term: Any) -> bool:
    return bool(z3.is_arith(term) and term.is_real())


def coerce(a: Any, b: Any) -> tuple[Any, Any]:
    if z3.is_arith(a) and z3.is_arith(b):
        if a.is_real() and not b.is_real():
            return a, z3.ToReal(b)
        if b.is_real() and not a.is_real():
            return z3.ToReal(a), b
    return a, b
