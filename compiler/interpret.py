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
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import Record, parse_facts, to_json


class LawError(Exception):
    """A law that cannot decide a case."""


class LawConflict(LawError):
    def __init__(self, decision: str, citations: list[str], values: list[object]) -> None:
        shown = ", ".join(f"{cit} gives {to_json(v)!r}" for cit, v in zip(citations, values))
        super().__init__(f'conflict in "{decision}": {shown}')
        self.decision = decision
        self.citations = citations


class LawGap(LawError):
    def __init__(self, decision: str) -> None:
        super().__init__(f'gap in "{decision}": no rule applies and there is no default')
        self.decision = decision


class LawEvaluationError(LawError):
    """Arithmetic that has no answer (division by zero, a date past the year 9999)."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 31st of a shorter month lands on its last day."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise LawEvaluationError(f"{day.isoformat()} moved by {months} months is outside the "
                                 "calendar")
    month += 1
    if month == 12:
        last = 31
    else:
        last = (datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def add_days(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        raise LawEvaluationError(f"{day.isoformat()} moved by {days} days is outside the "
                                 "calendar") from None


def shift(day: datetime.date, duration: c.Duration, sign: int) -> datetime.date:
    if duration.kind is c.DurationKind.MONTHS:
        return add_months(day, sign * duration.amount)
    return add_days(day, sign * duration.amount)


@dataclass
class Outcome:
    value: object
    rule: c.Rule | None  # None when the default decided


class Interpreter:
    def __init__(self, program: c.Program) -> None:
        self.program = program
        self.closure = {name: _exceptions_closure(d) for name, d in program.decisions.items()}

    def decide(self, facts: Mapping[str, object]) -> dict[str, object]:
        """All decisions for JSON-like facts, as JSON-like values (as `decide()` gives)."""
        case = parse_facts(self.program, facts)
        return {names.key(name): to_json(self.evaluate(name, case))
                for name in self.program.decisions}

    def evaluate(self, decision: str, case: Record) -> object:
        return self.outcome(decision, case).value

    def outcome(self, decision: str, case: Record) -> Outcome:
        d = self.program.decisions[decision]
        if is_simple(d):
            for rule in d.rules:
                if self.eval(rule.condition, case, {}):
                    return Outcome(rule.value.value, rule)
            return decide_from(d, [False] * len(d.rules), self.closure[decision])
        applies = [bool(self.eval(rule.condition, case, {})) for rule in d.rules]
        return decide_from(d, applies, self.closure[decision])

    # ------------------------------------------------------------------------- expressions
    def eval(self, e: c.Expr, case: Record, env: dict[str, object]) -> object:
        match e:
            case c.Lit(value=v):
                return v
            case c.Root():
                return case
            case c.Var(name=name):
                return env[name]
            case c.Field(owner=owner, name=name):
                record = self.eval(owner, case, env)
                assert isinstance(record, dict)
                return record[name]
            case c.DefRef(key=key, argument=argument):
                definition = self.program.definitions[key]
                inner: dict[str, object] = {}
                if argument is not None:
                    assert definition.parameter is not None
                    inner[definition.parameter.name] = self.eval(argument, case, env)
                assert definition.body is not None
                return self.eval(definition.body, case, inner)
            case c.DecisionRef(name=name):
                return self.evaluate(name, case)
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
        raise AssertionError(e)


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


def _arith(op: c.ArithOp, a: object, b: object, t: c.Type) -> object:
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
    try:
        if op is c.ArithOp.ADD:
            result: int | Decimal = a + b
        elif op is c.ArithOp.SUB:
            result = a - b
        elif op is c.ArithOp.MUL:
            result = a * b
        else:
            result = Decimal(a) / Decimal(b)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation):
        raise LawEvaluationError("division by zero") from None
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        return Decimal(result)
    return result


def is_simple(d: c.Decision) -> bool:
    """Every rule gives the same value and none is an exception: the first rule that applies
    decides, and the rules after it are not evaluated."""
    return len({r.value.value for r in d.rules}) <= 1 and not any(r.overrides for r in d.rules)


def _exceptions_closure(d: c.Decision, without: int | None = None) -> list[list[int]]:
    """For each rule, every rule that is an exception to it, directly or through others
    (leaving out the rule `without`, as if the law did not have it)."""
    direct: dict[int, set[int]] = {r.index: set() for r in d.rules}
    for r in d.rules:
        if r.index == without:
            continue
        for target in r.overrides:
            direct[target].add(r.index)
    out: list[list[int]] = []
    for r in d.rules:
        seen: set[int] = set()
        stack = list(direct[r.index])
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                stack.extend(direct[x])
        out.append(sorted(seen))
    return out


def decide_from(d: c.Decision, applies: list[bool], closure: list[list[int]]) -> Outcome:
    winners = [r for r in d.rules if applies[r.index]
               and not any(applies[x] for x in closure[r.index])]
    values: list[object] = []
    for r in winners:
        if r.value.value not in values:
            values.append(r.value.value)
    if len(values) > 1:
        raise LawConflict(d.name, [r.citation for r in winners], [r.value.value for r in winners])
    if values:
        return Outcome(values[0], winners[0])
    if d.default is not None:
        return Outcome(d.default.value, None)
    raise LawGap(d.name)
