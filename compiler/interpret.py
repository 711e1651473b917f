"""The reference interpreter: evaluates the core IR directly.

Takes a `Program` and the facts of a case (JSON-like, checked by `compiler.core.facts`); gives each
decision's value, or raises `LawConflict` / `LawGap` / `LawEvaluationError`. It is the oracle the
generated Python is tested against, so it is written for plainness, not speed, and it fixes the
semantics both must share:

- `and`/`or`, lists and quantifiers are evaluated left to right and stop at the first value that
  settles them; every rule's condition of a decision is evaluated, in the order of the law,
  except in a decision whose rules all give one value and none is an exception: there the first
  rule that applies decides and the rules after it are not evaluated;
- a rule decides when it applies and no rule that is (directly or through other exceptions) an
  exception to it applies; the deciding rules must agree (else a conflict); with none, the default
  (else a gap);
- a date moved by months or years that lands past the end of a month lands on its last day
  (2012-02-29 plus 1 year is 2013-02-28).

The decision semantics are `compiler.core.semantics`'s and the values (errors, calendar, decimal
division, fact readers) the one runtime's, `compiler.runtime`, which generated code also calls;
its own is the evaluation of the core IR, so that it stays an independent check of the backend.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import assert_never

from compiler.core import ast as c
from compiler.core import names
from compiler.core.english import English
from compiler.core.assumptions import applicable, broken_message, fact_paths
from compiler.core.facts import Record, parse_facts, to_json
from compiler.core.semantics import Outcome, decide_from, exceptions_closure, is_simple, typed
from compiler.core.timeline import fact_path, version_of
from compiler.runtime import (FactsError, LawConflict, LawError, LawEvaluationError, LawGap,
                              NotInForce, add_days, add_minutes, add_months, check_in_force,
                              code_section, counted_days, counted_minutes, divide, extreme,
                              known, round_to)

__all__ = ["Interpreter", "LawConflict", "LawError", "LawEvaluationError", "LawGap",
           "NotInForce", "Outcome"]


def shift(day: datetime.date, duration: c.Duration, sign: int) -> datetime.date:
    if isinstance(day, datetime.datetime):
        minutes = duration.amount * (1 if duration.kind is c.DurationKind.MINUTES else 1440)
        return add_minutes(day, sign * minutes)
    if duration.kind is c.DurationKind.MONTHS:
        return add_months(day, sign * duration.amount)
    return add_days(day, sign * duration.amount)


class Interpreter:
    def __init__(self, program: c.Program) -> None:
        self.program = program
        self.closure = {name: exceptions_closure(d) for name, d in program.decisions.items()}
        self.version = version_of(program)
        self.assumptions = [(a, ", ".join(fact_paths(program, a)), broken_message(a))
                            for a in applicable(program)]

    def decide(self, facts: Mapping[str, object], *,
               ignore_in_force: bool = False) -> dict[str, object]:
        """All decisions for JSON-like facts, as JSON-like values (as `decide()` gives); a case
        dated outside the law's period is refused (`NotInForce`) unless `ignore_in_force`."""
        case = self.checked_case(facts, ignore_in_force=ignore_in_force)
        decided: dict[str, object] = {names.key(name): to_json(self.evaluate(name, case))
                                      for name in self.program.decisions}
        for name, record in self.program.outcome_records.items():  # its outputs' values
            decided[names.key(name)] = {names.key(f): decided[names.key(f)]
                                        for f in record.fields}
        return decided

    def decide_one(self, decision: str, facts: Mapping[str, object], *,
                   ignore_in_force: bool = False) -> object:
        """One decision for JSON-like facts, as `decide()` gives it under its key (the other
        decisions are not evaluated)."""
        case = self.checked_case(facts, ignore_in_force=ignore_in_force)
        return to_json(self.evaluate(decision, case))

    def checked_case(self, facts: Mapping[str, object], *,
                     ignore_in_force: bool = False) -> Record:
        """The case of JSON-like facts, as `decide()` takes it: `FactsError` for bad facts or a
        broken assumption, `NotInForce` outside the law's period unless `ignore_in_force`."""
        case = parse_facts(self.program, facts)
        if not ignore_in_force:
            self.check_in_force(case)
        self.check_assumptions(case)
        return case

    def check_in_force(self, case: Record) -> None:
        """Raises `NotInForce` for a case dated outside the law's period (`dated by:`)."""
        v = self.version
        if v.checked and v.dated_by is not None:
            day = self.eval(v.dated_by, case, {})
            assert isinstance(day, datetime.date)
            check_in_force(day, v.start, v.end, v.title, fact_path(v.dated_by))

    def check_assumptions(self, case: Record) -> None:
        """Raises `FactsError` naming the facts of the first assumption the case breaks."""
        for assumption, paths, message in self.assumptions:
            if not self.eval(assumption.condition, case, {}):
                raise FactsError(paths, message)

    def evaluate(self, decision: str, case: Record) -> object:
        return self.outcome(decision, case).value

    def outcome(self, decision: str, case: Record) -> Outcome:
        d = self.program.decisions[decision]
        def value(e: c.Expr) -> object:
            v = self.eval(e, case, {})
            if isinstance(v, c.Duration):
                typed(v)  # a length too long for the generated code's timedelta fails alike
            return v

        if is_simple(d):
            for rule in d.rules:
                if self.eval(rule.condition, case, {}):
                    return Outcome(value(rule.value), rule)
            return decide_from(d, [False] * len(d.rules), self.closure[decision], value)
        applies = [bool(self.eval(rule.condition, case, {})) for rule in d.rules]
        return decide_from(d, applies, self.closure[decision], value)

    # ------------------------------------------------------------------------- expressions
    def eval(self, e: c.Expr, case: Record, env: dict[str, object]) -> object:
        match e:
            case c.Lit(value=v):
                return v
            case c.Root():
                return case
            case c.Var(name=name):
                return env[name]
            case c.Field():
                return self.known_value(e, self.field_value(e, case, env))
            case c.DefRef(key=key, argument=argument):
                definition = self.program.definitions[key]
                inner: dict[str, object] = {}
                if argument is not None:
                    assert definition.parameter is not None
                    inner[definition.parameter.name] = self.eval(argument, case, env)
                assert definition.body is not None
                return self.eval(definition.body, case, inner)
            case c.DecisionRef(name=name):
                return self.known_value(e, self.evaluate(name, case))
            case c.Not(operand=operand):
                return not self.eval(operand, case, env)
            case c.And(operands=operands):
                return all(self.eval(o, case, env) for o in operands)
            case c.Or(operands=operands):
                return any(self.eval(o, case, env) for o in operands)
            case c.Cmp(op=op, left=left, right=right):
                a = _comparable(self.eval(left, case, env))
                b = _comparable(self.eval(right, case, env))
                return _COMPARE[op](a, b)
            case c.InSet(subject=subject, members=members):
                return self.eval(subject, case, env) in members
            case c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=left, right=right, excluding=days):
                start, length = self.eval(left, case, env), self.eval(right, case, env)
                assert isinstance(start, datetime.date) and isinstance(length, c.Duration)
                assert days is not None
                calendar = days.calendar
                rules = () if calendar is None else calendar.rules()
                observed = () if calendar is None else calendar.observed
                if isinstance(start, datetime.datetime):
                    return counted_minutes(start, length.amount, days.weekdays, rules, observed)
                return counted_days(start, length.amount, days.weekdays, rules, observed)
            case c.CodeOp(kind=c.CodeOpKind.SECTION, subject=subject):
                return code_section(str(self.eval(subject, case, env)))
            case c.CodeOp(subject=subject, prefix=prefix):
                return str(self.eval(subject, case, env)).startswith(prefix)
            case c.Known(subject=c.Field() as subject):
                return self.field_value(subject, case, env) is not None
            case c.Known(subject=c.DecisionRef(name=name)):
                return self.evaluate(name, case) is not None
            case c.Known(subject=subject):
                return self.eval(subject, case, env) is not None
            case c.Arith(op=op, left=left, right=right, type=t):
                return _arith(op, self.eval(left, case, env), self.eval(right, case, env), t)
            case c.Quant(kind=kind, collection=collection, var=var, condition=cond):
                items = self.eval(collection, case, env)
                assert isinstance(items, tuple)

                def holds(item: object) -> bool:
                    if cond is None:
                        return True
                    return bool(self.eval(cond, case, {**env, var.name: item}))

                if kind is c.QuantKind.ANY:
                    return any(holds(i) for i in items)
                if kind is c.QuantKind.EVERY:
                    return all(holds(i) for i in items)
                if kind is c.QuantKind.NO:
                    return not any(holds(i) for i in items)
                return sum(1 for i in items if holds(i))
            case c.Aggregate():
                return self.aggregate(e, case, env)
            case _:
                assert_never(e)

    def field_value(self, e: c.Field, case: Record, env: dict[str, object]) -> object:
        """A field's value as the case holds it (None: declared `, if known`, not known)."""
        record = self.eval(e.owner, case, env)
        assert isinstance(record, dict)
        return record[e.name]

    def known_value(self, e: c.Field | c.DecisionRef, value: object) -> object:
        """A value read outside `X is known`: one declared `, if known` that has none is an
        error (`LawEvaluationError`), as `rt.known` makes it in the generated code. The law
        reads it only where a condition before says it is there, but an explanation or a diff's
        atom evaluates a condition past the guard that would have stopped it."""
        if value is None and (self.program.fields_of(e.record)[e.name].optional
                              if isinstance(e, c.Field)
                              else self.program.decisions[e.name].optional):
            return known(value, e.name)
        return value

    def aggregate(self, e: c.Aggregate, case: Record, env: dict[str, object]) -> object:
        """A total (0 of no element) or the greatest or least (of none, no answer)."""
        items = self.eval(e.collection, case, env)
        assert isinstance(items, tuple)
        values: list[int | Decimal] = []
        for item in items:
            inner = {**env, e.var.name: item}
            if e.condition is None or self.eval(e.condition, case, inner):
                value = self.eval(e.measure, case, inner)
                assert isinstance(value, (int, Decimal))
                values.append(value)
        if e.kind is c.AggKind.TOTAL:
            return sum(values, Decimal(0)) if isinstance(e.type, c.MoneyT | c.DecimalT) \
                else sum(values)
        return extreme(values, e.kind is c.AggKind.GREATEST, English(self.program).noun(e))


def _comparable(value: object) -> object:
    if isinstance(value, c.Duration):
        return value.amount
    return value


_COMPARE = {
    c.CmpOp.EQ: lambda a, b: a == b,
    c.CmpOp.NE: lambda a, b: a != b,
    c.CmpOp.LT: lambda a, b: a < b,
    c.CmpOp.LE: lambda a, b: a <= b,
    c.CmpOp.GT: lambda a, b: a > b,
    c.CmpOp.GE: lambda a, b: a >= b,
}


_HOW = {c.ArithOp.FLOOR: "floor", c.ArithOp.CEILING: "ceiling", c.ArithOp.HALF_UP: "half up",
        c.ArithOp.HALF_EVEN: "half even"}


def _arith(op: c.ArithOp, a: object, b: object, t: c.Type) -> object:
    if op in (c.ArithOp.MAX, c.ArithOp.MIN):
        assert isinstance(a, (int, Decimal, datetime.date))
        assert isinstance(b, (int, Decimal, datetime.date))
        pick = (a >= b) if op is c.ArithOp.MAX else (a <= b)  # type: ignore[operator]
        return a if pick else b
    if op in _HOW:
        assert isinstance(a, (int, Decimal)) and isinstance(b, Decimal)
        rounded = round_to(a, b, _HOW[op])
        return int(rounded) if isinstance(t, c.IntT) else rounded
    if isinstance(a, datetime.date):
        assert isinstance(b, c.Duration)
        return shift(a, b, 1 if op is c.ArithOp.ADD else -1)
    if isinstance(a, c.Duration):
        if isinstance(b, c.Duration):
            amount = a.amount + b.amount if op is c.ArithOp.ADD else a.amount - b.amount
        else:
            assert isinstance(b, int)
            amount = a.amount * b
        return c.Duration(amount, a.kind)
    assert isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal))
    if op is c.ArithOp.ADD:
        result: int | Decimal = a + b
    elif op is c.ArithOp.SUB:
        result = a - b
    elif op is c.ArithOp.MUL:
        result = a * b
    else:
        result = divide(a, b)
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        return Decimal(result)
    return result

