"""The reference interpreter's semantics, with each expression turned into a Python closure once.

Takes a `Program`; gives `FastInterpreter`, an `Interpreter` (same `decide`, `outcome`,
`evaluate`, `check_assumptions`) whose `eval` runs a closure made, on first use, from the core
expression: the tree is walked once per expression instead of once per case, and the `match`
over node classes is paid at that walk. Every closure does what `Interpreter.eval` does for its
node, in the same order, through the same helpers (`_COMPARE`, `_arith`, `_comparable`,
`counted_days`, `extreme`, …), so values and errors are the interpreter's own
(`tests/test_interpret_fast.py` holds the two equal on the sampled cases of every shipped diff).

The diff decides thousands of cases per comparison (the seeded sample, the atoms' values over
it, the population row by row, the witnesses' re-runs): `analysis/diff.py` and
`analysis/shares.py` use this one. The plain `Interpreter` stays the oracle of the backends.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import assert_never

from compiler.core import ast as c
from compiler.core.english import English
from compiler.core.facts import Record
from compiler.interpret import _COMPARE, Interpreter, _arith, _comparable
from compiler.runtime import code_section, counted_days, counted_minutes, extreme

Env = dict[str, object]
Fn = Callable[[Record, Env], object]


class FastInterpreter(Interpreter):
    """`Interpreter` with `eval` through closures made once per expression (by its identity:
    the expression is kept beside its closure, so that the identity cannot be reused)."""

    def __init__(self, program: c.Program) -> None:
        super().__init__(program)
        self._fns: dict[int, tuple[c.Expr, Fn]] = {}

    def eval(self, e: c.Expr, case: Record, env: dict[str, object]) -> object:
        kept = self._fns.get(id(e))
        if kept is None:
            return self.closure_of(e)(case, env)
        return kept[1](case, env)

    def closure_of(self, e: c.Expr) -> Fn:
        """The closure of `e`, made on first use and kept."""
        kept = self._fns.get(id(e))
        if kept is None:
            kept = self._fns[id(e)] = (e, self._make(e))
        return kept[1]

    def _make(self, e: c.Expr) -> Fn:  # noqa: C901 (one arm per node, as Interpreter.eval)
        """A closure per node: 60 lines, one arm per kind of node, as `Interpreter.eval`."""
        match e:
            case c.Lit(value=v):
                return lambda case, env: v
            case c.Root():
                return lambda case, env: case
            case c.Var(name=name):
                return lambda case, env: env[name]
            case c.Field():
                raw = self._raw(e)
                if not self.program.fields_of(e.record)[e.name].optional:
                    return raw
                return lambda case, env: self.known_value(e, raw(case, env))
            case c.DefRef():
                return self._definition(e)
            case c.DecisionRef(name=name):
                if not self.program.decisions[name].optional:
                    return lambda case, env: self.evaluate(name, case)
                return lambda case, env: self.known_value(e, self.evaluate(name, case))
            case c.Not(operand=operand):
                inner = self.closure_of(operand)
                return lambda case, env: not inner(case, env)
            case c.And(operands=operands):
                parts = [self.closure_of(o) for o in operands]
                return lambda case, env: all(p(case, env) for p in parts)
            case c.Or(operands=operands):
                parts = [self.closure_of(o) for o in operands]
                return lambda case, env: any(p(case, env) for p in parts)
            case c.Cmp(op=op, left=left, right=right):
                compare: Callable[[object, object], object] = _COMPARE[op]
                a, b = self.closure_of(left), self.closure_of(right)
                return lambda case, env: compare(_comparable(a(case, env)),
                                                 _comparable(b(case, env)))
            case c.InSet(subject=subject, members=members):
                of = self.closure_of(subject)
                return lambda case, env: of(case, env) in members
            case c.Arith(op=c.ArithOp.ADD_EXCLUDING):
                return self._excluding(e)
            case c.CodeOp(kind=c.CodeOpKind.SECTION, subject=subject):
                of = self.closure_of(subject)
                return lambda case, env: code_section(str(of(case, env)))
            case c.CodeOp(subject=subject, prefix=prefix):
                of = self.closure_of(subject)
                return lambda case, env: str(of(case, env)).startswith(prefix)
            case c.Known(subject=subject):
                of = self._raw(subject)
                return lambda case, env: of(case, env) is not None
            case c.Arith(op=op, left=left, right=right, type=t):
                a, b = self.closure_of(left), self.closure_of(right)
                return lambda case, env: _arith(op, a(case, env), b(case, env), t)
            case c.Quant():
                return self._quantifier(e)
            case c.Aggregate():
                return self._aggregate(e)
            case _:
                assert_never(e)

    def _raw(self, e: c.Expr) -> Fn:
        """The closure of a field's or a decision's value as it is, None where it is not known
        (what `X is known` asks); of any other expression, its closure."""
        match e:
            case c.Field(owner=c.Root(), name=name):
                return lambda case, env: case[name]
            case c.Field(owner=owner, name=name):
                of = self.closure_of(owner)
                return lambda case, env: of(case, env)[name]  # type: ignore[index]
            case c.DecisionRef(name=name):
                return lambda case, env: self.evaluate(name, case)
        return self.closure_of(e)

    def _definition(self, e: c.DefRef) -> Fn:
        definition = self.program.definitions[e.key]
        body = definition.body
        assert body is not None
        if e.argument is None:
            return lambda case, env: self.closure_of(body)(case, {})
        assert definition.parameter is not None
        parameter, argument = definition.parameter.name, self.closure_of(e.argument)
        return lambda case, env: self.closure_of(body)(case, {parameter: argument(case, env)})

    def _excluding(self, e: c.Arith) -> Fn:
        days = e.excluding
        assert days is not None
        left, right = self.closure_of(e.left), self.closure_of(e.right)
        calendar = days.calendar
        rules = () if calendar is None else calendar.rules()
        observed = () if calendar is None else calendar.observed

        def excluding(case: Record, env: Env) -> object:
            start, length = left(case, env), right(case, env)
            assert isinstance(start, datetime.date) and isinstance(length, c.Duration)
            if isinstance(start, datetime.datetime):
                return counted_minutes(start, length.amount, days.weekdays, rules, observed)
            return counted_days(start, length.amount, days.weekdays, rules, observed)
        return excluding

    def _quantifier(self, e: c.Quant) -> Fn:
        collection, var, kind = self.closure_of(e.collection), e.var.name, e.kind
        if e.condition is None:
            cond: Fn | None = None
        else:
            cond = self.closure_of(e.condition)

        def quantified(case: Record, env: Env) -> object:
            items = collection(case, env)
            assert isinstance(items, tuple)
            if cond is None:
                holds = [True for _ in items]
            else:
                holds = (bool(cond(case, {**env, var: item})) for item in items)  # type: ignore
            if kind is c.QuantKind.ANY:
                return any(holds)
            if kind is c.QuantKind.EVERY:
                return all(holds)
            if kind is c.QuantKind.NO:
                return not any(holds)
            return sum(1 for h in holds if h)
        return quantified

    def _aggregate(self, e: c.Aggregate) -> Fn:
        collection, var = self.closure_of(e.collection), e.var.name
        measure = self.closure_of(e.measure)
        cond = None if e.condition is None else self.closure_of(e.condition)
        decimal = isinstance(e.type, c.MoneyT | c.DecimalT)
        total, greatest = e.kind is c.AggKind.TOTAL, e.kind is c.AggKind.GREATEST
        noun = English(self.program).noun(e)

        def aggregated(case: Record, env: Env) -> object:
            items = collection(case, env)
            assert isinstance(items, tuple)
            values: list[int | Decimal] = []
            for item in items:
                inner = {**env, var: item}
                if cond is None or cond(case, inner):
                    value = measure(case, inner)
                    assert isinstance(value, (int, Decimal))
                    values.append(value)
            if total:
                return sum(values, Decimal(0)) if decimal else sum(values)
            return extreme(values, greatest, noun)
        return aggregated


__all__ = ["FastInterpreter"]
