"""The solver translation: core IR → z3 terms, and z3 models → facts.

Takes one or more `Program`s that read the same vocabulary; gives a `FactSpace` (one z3 variable
per fact, shared by every law encoded over it, so two versions of a law can be compared) and a
`LawEncoding` per program with the formulas the analyses need:

- `applies(decision, i)`: rule i's condition holds;
- `decides(decision, i)`: rule i applies and no exception to it applies;
- `outcome(decision)`: an integer term, the index of the decided value, `CONFLICT` or `GAP`;
- `is_value(decision, value)`, `conflict(decision)`, `gap(decision)`;
- `FactSpace.facts(model)`: the facts of the case a model describes, in `decide()`'s JSON shape.

How each type is represented: yes/no as Bool; whole numbers and durations as Int (durations in
days or in months); decimals and money as Int hundredths (so every witness is an exact decimal);
dates as a year, a month and a day (`SymDate`), facts between 1900-01-01 and 2100-12-31,
compared in that order, with `y = 4 q + r` so that leap years and the day number stay linear;
month arithmetic is linear and exact (`12 y' + m' = 12 y + m + months`; a date moved past the
end of a shorter month lands on its last day, as in the interpreter), and the same move of the
same date gives the same terms; a date moved by days is held as its day number; values of a list
of values and codes as Int indices (codes: every code the laws mention, plus one that none
mentions; a set of codes as ranges of indices); a division by a whole-number fact with few values
as one case per value (linear); lists as a length from 0 to `list_bound` and that many records.
See docs/analysis.md.
"""

from __future__ import annotations

import copy
import datetime
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import z3

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import read_fields_of
from compiler.core.from_surface import ROOT, walk

DEFAULT_LIST_BOUND = 3
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
CONFLICT = -1
GAP = -2
_READABLE_FROM = 1990
_READABLE_TO = 2030
_SPLIT_DIVISOR = 64  # divisors with at most this many values are split into cases
_EPOCH_SHIFT = 719163 - 719468  # Python's ordinal of 1970-01-01, less Hinnant's epoch offset


def _days_from_civil(y: Any, m: Any, d: Any) -> Any:
    """Python's `date.toordinal()` from year, month, day (H. Hinnant's algorithm), as z3 terms."""
    yy = y - z3.If(m <= 2, 1, 0)
    era = yy / 400
    yoe = yy - era * 400
    mp = z3.If(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) / 5 + d - 1
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe + _EPOCH_SHIFT


def _leap(y: Any) -> Any:
    return z3.And(y % 4 == 0, z3.Or(y % 100 != 0, y % 400 == 0))


def _days_in_month(y: Any, m: Any) -> Any:
    return z3.If(m == 2, z3.If(_leap(y), 29, 28),
                 z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11), 30, 31))


@contextmanager
def fresh_context() -> Iterator[None]:
    """Run a whole analysis in a z3 context of its own, so that what the solver answers (which
    witness, which region) depends only on the laws asked about, not on what ran before."""
    saved = z3.z3._main_ctx
    z3.z3._main_ctx = None
    try:
        yield
    finally:
        z3.z3._main_ctx = saved


_MONTH_START = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)  # days before each month
_ORDINAL_1900 = DATE_MIN.toordinal()


def _month_start(m: Any) -> Any:
    term: Any = z3.IntVal(_MONTH_START[11])
    for month in range(11, 0, -1):
        term = z3.If(m == month, _MONTH_START[month - 1], term)
    return term


class SymDate:
    """A date as three integer terms (year, month, day); comparisons are lexicographic.

    A date moved by a number of days (`FactSpace.add_days`) is held as its day number `n`
    instead (`moved`): comparisons with it go through day numbers, which stay linear, and its
    year, month and day are only tied to that number (by extra variables) if something reads them.
    A fact's date also carries its day number, a linear term valid within 1900–2100.
    """

    __slots__ = ("_ymd", "n", "moved", "_space")

    def __init__(self, y: Any = None, m: Any = None, d: Any = None, n: Any = None,
                 space: FactSpace | None = None) -> None:
        self._ymd = None if y is None else (y, m, d)
        self.n = n
        self.moved = y is None
        self._space = space
        if self.moved:
            assert n is not None and space is not None

    def _parts(self) -> tuple[Any, Any, Any]:
        if self._ymd is None:
            assert self._space is not None
            self._ymd = self._space.civil_parts(self.n)
        return self._ymd

    @property
    def y(self) -> Any:
        return self._parts()[0]

    @property
    def m(self) -> Any:
        return self._parts()[1]

    @property
    def d(self) -> Any:
        return self._parts()[2]

    def key(self) -> tuple[Any, Any, Any]:
        return self._parts()

    def ordinal(self) -> Any:
        """The day number (`date.toordinal()`) as a term."""
        if self.n is not None:
            return self.n
        return _days_from_civil(*self._parts())

    def __repr__(self) -> str:
        return f"SymDate({self.n})" if self.moved else f"SymDate{self._parts()}"


def date_less(a: SymDate, b: SymDate) -> Any:
    if a.moved or b.moved:
        return a.ordinal() < b.ordinal()
    return z3.Or(a.y < b.y, z3.And(a.y == b.y, z3.Or(a.m < b.m, z3.And(a.m == b.m, a.d < b.d))))


def date_equal(a: SymDate, b: SymDate) -> Any:
    if a.moved or b.moved:
        return a.ordinal() == b.ordinal()
    return z3.And(a.y == b.y, a.m == b.m, a.d == b.d)


@dataclass
class SymRecord:
    """A record of the case as z3 variables, created field by field as the laws read them."""

    space: FactSpace
    record: str
    path: tuple[str, ...]
    fields: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Any:
        if name not in self.fields:
            self.fields[name] = self.space.new_value(self.path + (name,),
                                                     self.space.field_type(self.record, name))
        return self.fields[name]


@dataclass
class SymList:
    length: Any
    items: list[SymRecord]
    element: str


class FactSpace:
    """The facts of a case as z3 variables, shared by every law encoded over it."""

    def __init__(self, programs: Sequence[c.Program], list_bound: int = DEFAULT_LIST_BOUND
                 ) -> None:
        self.programs = list(programs)
        self.list_bound = list_bound
        self.records: dict[str, c.Record] = {}
        self.root_fields: dict[str, c.FieldDecl] = {}
        self.enums: dict[str, tuple[str, ...]] = {}
        codes: set[str] = set()
        for program in programs:
            self.records.update(program.records)
            self.root_fields.update(program.facts.fields)
            for enum in program.enums.values():
                self.enums[enum.name] = enum.values
            codes.update(_codes_of(program))
        self.codes = sorted(codes)
        self.code_index = {code: i for i, code in enumerate(self.codes)}
        self.other_code = _fresh_code(self.codes)
        self._new_variables()

    def fresh(self) -> FactSpace:
        """A space over the same laws with no variables yet: formulas built over it are solved
        without the constraints of every variable made for other questions."""
        space = copy.copy(self)
        space._new_variables()
        return space

    def _new_variables(self) -> None:
        self.constraints: list[Any] = []
        self.side: list[Any] = []  # definitions of auxiliary variables (dates split into y/m/d)
        self.counter = itertools.count()
        self.civil_cache: dict[str, tuple[Any, Any, Any]] = {}
        self.months_cache: dict[tuple[Any, ...], SymDate] = {}
        self.soft: list[tuple[Any, int]] = []  # what makes a witness easy to read
        self.ranges: dict[int, tuple[int | None, int | None]] = {}  # whole-number variables
        self.root = SymRecord(self, ROOT, ())

    # ------------------------------------------------------------------------- variables
    def field_type(self, record: str, name: str) -> c.Type:
        fields = self.root_fields if record == ROOT else self.records[record].fields
        return fields[name].type

    def _name(self, path: tuple[str, ...]) -> str:
        return ".".join(path) + f"#{next(self.counter)}"

    def new_value(self, path: tuple[str, ...], t: c.Type) -> Any:
        name = self._name(path)
        match t:
            case c.BoolT():
                b = z3.Bool(name)
                self.soft.append((z3.Not(b), 1))
                return b
            case c.IntT(low=low, high=high):
                v = z3.Int(name)
                self._bound(v, low, high)
                self.ranges[v.get_id()] = (low, high)
                self.soft.append((z3.And(v >= 0, v <= 100), 1))
                return v
            case c.DurationT(low=low, high=high, unit=unit):
                v = z3.Int(name)
                self._bound(v, low, high)
                _, factor = c.UNITS[unit]
                return v * factor if factor != 1 else v
            case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
                k = z3.Int(name)
                self._bound(k, None if low is None else low * 100,
                            None if high is None else high * 100)
                return z3.ToReal(k) / 100
            case c.DateT():
                y, m, d = z3.Int(name + "y"), z3.Int(name + "m"), z3.Int(name + "d")
                # y = 4 q + r: leap years and the day number without division (1900–2100)
                q, r = z3.Int(name + "q"), z3.Int(name + "r")
                leap = z3.And(r == 0, y != 1900, y != 2100)
                self.constraints += [y >= DATE_MIN.year, y <= DATE_MAX.year,
                                     m >= 1, m <= 12, d >= 1,
                                     y == 4 * q + r, r >= 0, r <= 3,
                                     d <= z3.If(m == 2, z3.If(leap, 29, 28),
                                                z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11),
                                                      30, 31))]
                leap_years_before = q - z3.If(r == 0, 1, 0) - 474 - z3.If(y > 1900, 1, 0)
                n = (_ORDINAL_1900 + 365 * (y - 1900) + leap_years_before + _month_start(m)
                     + z3.If(z3.And(m > 2, leap), 1, 0) + d - 1)
                date = SymDate(y, m, d, n)
                self.soft.append((z3.And(date.y >= _READABLE_FROM, date.y <= _READABLE_TO), 1))
                return date
            case c.CodeT():
                v = z3.Int(name)
                self.constraints.append(z3.And(v >= 0, v <= len(self.codes)))
                return v
            case c.EnumT(name=enum):
                v = z3.Int(name)
                self.constraints.append(z3.And(v >= 0, v < len(self.enums[enum])))
                return v
            case c.RecordT(name=record):
                return SymRecord(self, record, path)
            case c.ListT(element=element):
                n = z3.Int(name)
                self.constraints.append(z3.And(n >= 0, n <= self.list_bound))
                self.soft += [(n == 0, 2), (n <= 1, 2)]
                items = [SymRecord(self, element, path + (str(i),))
                         for i in range(self.list_bound)]
                return SymList(n, items, element)
        raise AssertionError(t)

    def int_range(self, term: Any) -> tuple[int, int] | None:
        """The declared bounds of a whole-number fact (`term` is its variable, possibly made
        real), or None when the term is anything else or unbounded."""
        if z3.is_to_real(term):
            term = term.arg(0)
        low, high = self.ranges.get(term.get_id(), (None, None)) if z3.is_const(term) else \
            (None, None)
        if low is None or high is None:
            return None
        return int(low), int(high)

    def _bound(self, v: Any, low: Any, high: Any) -> None:
        if low is not None:
            self.constraints.append(v >= _num(low))
        if high is not None:
            self.constraints.append(v <= _num(high))

    def civil(self, ordinal: Any) -> SymDate:
        """The date of a day number, as variables tied to it."""
        return SymDate(*self.civil_parts(ordinal))

    def civil_parts(self, ordinal: Any) -> tuple[Any, Any, Any]:
        key = ordinal.sexpr()
        if key not in self.civil_cache:
            n = next(self.counter)
            y, m, d = z3.Int(f"y#{n}"), z3.Int(f"m#{n}"), z3.Int(f"d#{n}")
            self.side += [y >= 1, y <= 9999, m >= 1, m <= 12, d >= 1,
                          d <= _days_in_month(y, m), ordinal == _days_from_civil(y, m, d)]
            self.civil_cache[key] = (y, m, d)
        return self.civil_cache[key]

    def add_months(self, date: SymDate, months: Any) -> SymDate:
        """Linear: the new year and month are fixed by `12 y' + m' = 12 y + m + months`.
        The same date moved by the same months is the same terms (no new variables)."""
        key = (tuple(p.get_id() for p in date.key()), z3.simplify(months).sexpr())
        if key not in self.months_cache:
            n = next(self.counter)
            y2, m2 = z3.Int(f"ym#{n}y"), z3.Int(f"ym#{n}m")
            self.side += [m2 >= 1, m2 <= 12, y2 * 12 + m2 == date.y * 12 + date.m + months]
            last = _days_in_month(y2, m2)
            self.months_cache[key] = SymDate(y2, m2, z3.If(date.d <= last, date.d, last))
        return self.months_cache[key]

    def add_days(self, date: SymDate, days: Any) -> SymDate:
        """The date moved by a number of days, held as its day number (see `SymDate`)."""
        n = z3.simplify(date.ordinal() + days)
        if z3.is_int_value(n) and 1 <= n.as_long() <= datetime.date.max.toordinal():
            day = datetime.date.fromordinal(n.as_long())
            return SymDate(z3.IntVal(day.year), z3.IntVal(day.month), z3.IntVal(day.day), n)
        return SymDate(n=n, space=self)

    def assumptions(self) -> list[Any]:
        return self.constraints + self.side

    def readable_model(self, formulas: Sequence[Any]) -> z3.ModelRef | None:
        """A model of the formulas that prefers short lists, "no", and dates of our time."""
        opt = z3.Optimize()
        opt.set("timeout", 4000)
        opt.add(*self.assumptions(), *formulas)
        for formula, weight in self.soft:
            opt.add_soft(formula, weight)
        if opt.check() == z3.sat:
            return opt.model()
        return None

    def solver(self) -> z3.Solver:
        s = z3.Solver()
        s.set("timeout", 20000)
        s.add(*self.assumptions())
        return s

    # ----------------------------------------------------------------------- model → facts
    def facts(self, model: z3.ModelRef, programs: Iterable[c.Program] | None = None
              ) -> dict[str, object]:
        """The facts of the case the model describes, with every fact the programs read."""
        read: dict[str, set[str]] = {}
        for program in programs or self.programs:
            for record, fields in read_fields_of(program).items():
                read.setdefault(record, set()).update(fields)
        return self._record_facts(model, self.root, read)

    def _record_facts(self, model: z3.ModelRef, sym: SymRecord, read: dict[str, set[str]]
                      ) -> dict[str, object]:
        out: dict[str, object] = {}
        fields = self.root_fields if sym.record == ROOT else self.records[sym.record].fields
        for name in fields:
            if name not in read.get(sym.record, set()):
                continue
            if name not in sym.fields:  # no formula reads it here: any value will do
                out[names.key(name)] = self._any_value(fields[name].type, read)
                continue
            out[names.key(name)] = self._value(model, sym.fields[name], fields[name].type, read)
        return out

    def _any_value(self, t: c.Type, read: dict[str, set[str]]) -> object:
        """A valid value for a fact no formula constrains."""
        match t:
            case c.BoolT():
                return False
            case c.IntT(low=low) | c.DurationT(low=low):
                return max(0, low) if low is not None else 0
            case c.DecimalT(low=low) | c.MoneyT(low=low):
                return str(max(Decimal(0), low) if low is not None else Decimal(0))
            case c.DateT():
                return "2000-01-01"
            case c.CodeT():
                return self.other_code
            case c.EnumT(name=enum):
                return self.enums[enum][0]
            case c.RecordT(name=record):
                fields = self.records[record].fields
                return {names.key(n): self._any_value(f.type, read) for n, f in fields.items()
                        if n in read.get(record, set())}
            case c.ListT():
                return []
        raise AssertionError(t)

    def _value(self, model: z3.ModelRef, value: Any, t: c.Type, read: dict[str, set[str]]
               ) -> object:
        def ev(term: Any) -> Any:
            return model.eval(term, model_completion=True)

        match t:
            case c.BoolT():
                return z3.is_true(ev(value))
            case c.IntT():
                return ev(value).as_long()
            case c.DurationT(unit=unit):
                _, factor = c.UNITS[unit]
                return ev(value).as_long() // factor
            case c.DecimalT() | c.MoneyT():
                fraction = Fraction(str(ev(value * 100).as_fraction()))
                return str(Decimal(fraction.numerator) / 100)
            case c.DateT():
                assert isinstance(value, SymDate)
                return datetime.date(ev(value.y).as_long(), ev(value.m).as_long(),
                                     ev(value.d).as_long()).isoformat()
            case c.CodeT():
                index = ev(value).as_long()
                return self.codes[index] if index < len(self.codes) else self.other_code
            case c.EnumT(name=enum):
                return self.enums[enum][ev(value).as_long()]
            case c.RecordT():
                assert isinstance(value, SymRecord)
                return self._record_facts(model, value, read)
            case c.ListT():
                assert isinstance(value, SymList)
                n = ev(value.length).as_long()
                return [self._record_facts(model, item, read) for item in value.items[:n]]
        raise AssertionError(t)


def _num(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return z3.RealVal(str(value))
    return value


def _fresh_code(codes: Sequence[str]) -> str:
    candidate = "other code"
    n = 1
    while candidate in codes:
        n += 1
        candidate = f"other code {n}"
    return candidate


def _codes_of(program: c.Program) -> set[str]:
    out: set[str] = set()
    exprs: list[c.Expr] = []
    for d in program.definitions.values():
        out.update(d.members)
        if d.body is not None:
            exprs.append(d.body)
    for decision in program.decisions.values():
        exprs.extend(r.condition for r in decision.rules)
    for e in exprs:
        for node in walk(e):
            if isinstance(node, c.Lit) and isinstance(node.type, c.CodeT):
                assert isinstance(node.value, str)
                out.add(node.value)
            elif isinstance(node, c.InSet) and isinstance(node.subject.type, (c.CodeT,)):
                out.update(str(m) for m in node.members)
    return out


class LawEncoding:
    """One law's rules and decisions as formulas over a `FactSpace`."""

    def __init__(self, program: c.Program, space: FactSpace) -> None:
        self.program = program
        self.space = space
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
            return z3.BoolVal(False)
        blockers = self.closure(decision, without)[index]
        own = self.applies(decision, index)
        if not blockers:
            return own
        return z3.And(own, z3.Not(z3.Or(*[self.applies(decision, b) for b in blockers])))

    def value_index(self, decision: str, value: object) -> int:
        d = self.program.decisions[decision]
        if isinstance(d.type, c.EnumT):
            return self.program.enums[d.type.name].values.index(str(value))
        return 1 if value else 0

    def outcome(self, decision: str, without: int | None = None) -> Any:
        """The decided value's index (yes is 1, no is 0), or CONFLICT, or GAP."""
        d = self.program.decisions[decision]
        groups: dict[int, list[Any]] = {}
        for rule in d.rules:
            groups.setdefault(self.value_index(decision, rule.value.value), []).append(
                self.decides(decision, rule.index, without))
        flags = {v: z3.Or(*terms) for v, terms in groups.items()}
        fallback: Any = z3.IntVal(GAP) if d.default is None else z3.IntVal(
            self.value_index(decision, d.default.value))
        term = fallback
        for v, flag in sorted(flags.items(), reverse=True):
            term = z3.If(flag, z3.IntVal(v), term)
        if len(flags) > 1:
            many = z3.Sum(*[z3.If(f, 1, 0) for f in flags.values()]) > 1
            term = z3.If(many, z3.IntVal(CONFLICT), term)
        return term

    def conflict(self, decision: str) -> Any:
        return self.outcome(decision) == CONFLICT

    def gap(self, decision: str) -> Any:
        return self.outcome(decision) == GAP

    def is_value(self, decision: str, value: object) -> Any:
        return self.outcome(decision) == self.value_index(decision, value)

    # --------------------------------------------------------------------- expressions
    def boolean(self, e: c.Expr, env: dict[str, Any]) -> Any:
        return self.term(e, env)

    def term(self, e: c.Expr, env: dict[str, Any]) -> Any:
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
                if isinstance(decision.type, c.BoolT):
                    return index == 1
                return index
            case c.Not(operand=operand):
                return z3.Not(self.term(operand, env))
            case c.And(operands=operands):
                return z3.And(*[self.term(o, env) for o in operands])
            case c.Or(operands=operands):
                return z3.Or(*[self.term(o, env) for o in operands])
            case c.Cmp(op=op, left=left, right=right):
                a, b = _coerce(self.term(left, env), self.term(right, env))
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
                                   for m in members]) if members else z3.BoolVal(False)
                if not members:
                    return z3.BoolVal(False)
                memo = ("in", _identity(s), members)
                if memo not in self._memo:
                    self._memo[memo] = self.member(s, members, subject.type)
                return self._memo[memo]
            case c.Arith(op=op, left=left, right=right, type=t):
                a = self.term(left, env)
                b = self.term(right, env)
                if isinstance(t, c.DateT):
                    assert isinstance(right.type, c.DurationT)
                    amount = b if op is c.ArithOp.ADD else -b
                    if right.type.kind is c.DurationKind.DAYS:
                        return space.add_days(a, amount)
                    return space.add_months(a, amount)
                a, b = _coerce(a, b)
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
                    holds = z3.BoolVal(True) if cond is None else self.term(
                        cond, {**env, var.name: item})
                    parts.append((present, holds))
                if kind is c.QuantKind.ANY:
                    return z3.Or(*[z3.And(p, h) for p, h in parts]) if parts else z3.BoolVal(False)
                if kind is c.QuantKind.NO:
                    return z3.Not(z3.Or(*[z3.And(p, h) for p, h in parts])) if parts else \
                        z3.BoolVal(True)
                if kind is c.QuantKind.EVERY:
                    return z3.And(*[z3.Implies(p, h) for p, h in parts]) if parts else \
                        z3.BoolVal(True)
                return z3.Sum(*[z3.If(z3.And(p, h), 1, 0) for p, h in parts]) if parts else \
                    z3.IntVal(0)
        raise AssertionError(e)

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
                term = z3.If(variable == value, num / z3.RealVal(value), term)
        return term

    def literal(self, v: object, t: c.Type) -> Any:
        match t:
            case c.BoolT():
                return z3.BoolVal(bool(v))
            case c.DateT():
                assert isinstance(v, datetime.date)
                return SymDate(z3.IntVal(v.year), z3.IntVal(v.month), z3.IntVal(v.day),
                               z3.IntVal(v.toordinal()))
            case c.DurationT():
                assert isinstance(v, c.Duration)
                return z3.IntVal(v.amount)
            case c.DecimalT() | c.MoneyT():
                return z3.RealVal(str(v))
            case c.IntT():
                assert isinstance(v, int)
                return z3.IntVal(v)
            case c.CodeT():
                assert isinstance(v, str)
                return z3.IntVal(self.space.code_index.get(v, len(self.space.codes)))
            case c.EnumT(name=enum):
                return z3.IntVal(self.space.enums[enum].index(str(v)))
        if isinstance(v, Decimal):
            return z3.RealVal(str(v))
        if isinstance(v, int):
            return z3.IntVal(v)
        raise AssertionError((v, t))


def _identity(value: Any) -> Any:
    """A key for a term or record: z3 terms by their (hash-consed) id, records by object."""
    if isinstance(value, z3.ExprRef):
        return ("t", value.get_id())
    return ("o", id(value))


def _is_real(term: Any) -> bool:
    return bool(z3.is_arith(term) and term.is_real())


def _coerce(a: Any, b: Any) -> tuple[Any, Any]:
    if z3.is_arith(a) and z3.is_arith(b):
        if a.is_real() and not b.is_real():
            return a, z3.ToReal(b)
        if b.is_real() and not a.is_real():
            return z3.ToReal(a), b
    return a, b
