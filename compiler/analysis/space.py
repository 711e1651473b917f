"""The facts of a case as z3 variables, and z3 models back to facts.

Takes the `Program`s that read one vocabulary; gives a `FactSpace`: one z3 variable per fact
path, made when a formula first reads it and shared by every law encoded over the space (so two
versions of a law can be compared), with the domain constraints of each variable, the soft
constraints that make a witness easy to read, and `facts(model)`: the facts of the case a model
describes, in `decide()`'s JSON shape. Every term, sort and solver of a space lives in its own
`z3.Context` (`FactSpace.ctx`), never in z3's global one, so what the solver answers depends only
on the laws asked about, not on what ran before in the process.

How each type is represented: yes/no as Bool; whole numbers and durations as Int (durations in
days or in months); decimals and money as Int hundredths (so every witness is an exact decimal);
dates as a year, a month and a day (`SymDate`), facts between 1900-01-01 and 2100-12-31,
compared in that order, with `y = 4 q + r` so that leap years and the day number stay linear;
month arithmetic is linear and exact (`12 y' + m' = 12 y + m + months`; a date moved past the
end of a shorter month lands on its last day, as in the interpreter), and the same move of the
same date gives the same terms; a date moved by days is held as its day number; values of a list
of values and codes as Int indices (codes: every code the laws mention, plus one that none
mentions); lists as a length from 0 to `list_bound` and that many records. The formulas over
these variables are made by `compiler.analysis.smt`. See docs/analysis.md.
"""

from __future__ import annotations

import copy
import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, assert_never

import z3

from compiler.analysis import code_forms, derived_codes
from compiler.analysis.sym_date import DATE_MAX as DATE_MAX
from compiler.analysis.sym_date import DATE_MIN as DATE_MIN
from compiler.analysis.sym_date import ORDINAL_1900, days_from_civil, days_in_month, month_start
from compiler.analysis.sym_date import SymDate as SymDate
from compiler.analysis.sym_date import date_equal as date_equal
from compiler.analysis.sym_date import date_less as date_less
from compiler.core import ast as c
from compiler.core import names
from compiler.core.assumptions import applicable
from compiler.core.facts import read_fields_of
from compiler.core.ast import ROOT, walk

DEFAULT_LIST_BOUND = 3
_READABLE_FROM = 1990
_READABLE_TO = 2030

# What every real case meets is declared in the laws' own words (`assume …`, compiler.core.
# assumptions): every formula of a space is held to the assumptions of its laws whose facts they
# read (`FactSpace.assume_declared`, on the first call of `assumptions()`), as `decide()` rejects
# a case that breaks one. The diff also holds the request date to the newer version's period.
IN_FORCE_DATE = "request.request_date"  # lies in the newer version's in-force period


@dataclass
class SymRecord:
    """A record of the case as z3 variables, created field by field as the laws read them."""

    space: FactSpace
    record: str
    path: tuple[str, ...]
    fields: dict[str, Any] = field(default_factory=dict)

    knowns: dict[str, Any] = field(default_factory=dict)  # `X is known`, for `, if known`

    def field(self, name: str) -> Any:
        if name not in self.fields:
            self.fields[name] = self.space.new_value(self.path + (name,),
                                                     self.space.field_type(self.record, name))
        return self.fields[name]

    def known(self, name: str) -> Any:
        """Whether a field declared `, if known` has a value (a witness prefers it has)."""
        if name not in self.knowns:
            b = z3.Bool(self.space._name(self.path + (name, "known")), self.space.ctx)
            self.space.soft.append((b, 1))
            self.knowns[name] = b
        return self.knowns[name]


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
        forms: set[tuple[str, ...]] = set()
        for program in programs:
            self.records.update(program.records)
            self.root_fields.update(program.facts.fields)
            for enum in program.enums.values():
                self.enums[enum.name] = enum.values
            codes.update(_codes_of(program))
            forms.update(code_forms.forms_of(program))
        derived = derived_codes.operations(programs)  # `the section of X`, `X starts with`
        codes.update(derived_codes.samples(derived, codes))
        # a code fact with a form holds a named code of that form, or this one code of it that
        # the law does not name (compiler.analysis.code_forms)
        codes.update(sample for f in sorted(forms)
                     if (sample := code_forms.sample_code(f, codes)) is not None)
        codes.update(derived_codes.sections(derived, codes))
        self.codes = sorted(codes)
        self.code_index = {code: i for i, code in enumerate(self.codes)}
        self.other_code = _fresh_code(self.codes)
        # every term, sort and solver of this analysis lives in this context (never z3's global
        # one), so what the solver answers depends only on the laws asked about
        self.ctx = z3.Context()
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
        self.assumed: list[Any] = []  # what every real case meets (`assume`)
        self._declared = False  # whether the declared assumptions are in `assumed`

    # ------------------------------------------------------------------------- variables
    def fields_of(self, record: str) -> dict[str, c.FieldDecl]:
        """The fields of `record` in every law of the space (`c.Program.fields_of`, merged)."""
        return self.root_fields if record == ROOT else self.records[record].fields

    def field_type(self, record: str, name: str) -> c.Type:
        fields = self.fields_of(record)
        return fields[name].type

    def _name(self, path: tuple[str, ...]) -> str:
        return ".".join(path) + f"#{next(self.counter)}"

    def new_value(self, path: tuple[str, ...], t: c.Type) -> Any:
        name = self._name(path)
        match t:
            case c.BoolT():
                b = z3.Bool(name, self.ctx)
                self.soft.append((z3.Not(b), 1))
                return b
            case c.IntT(low=low, high=high):
                v = z3.Int(name, self.ctx)
                self._bound(v, low, high)
                self.ranges[v.get_id()] = (low, high)
                self.soft.append((z3.And(v >= 0, v <= 100), 1))
                return v
            case c.DurationT(low=low, high=high, unit=unit):
                v = z3.Int(name, self.ctx)
                self._bound(v, low, high)
                _, factor = c.UNITS[unit]
                return v * factor if factor != 1 else v
            case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
                k = z3.Int(name, self.ctx)
                self._bound(k, None if low is None else low * 100,
                            None if high is None else high * 100)
                return z3.ToReal(k) / 100
            case c.DateT():
                y, m, d = (z3.Int(name + part, self.ctx) for part in "ymd")
                # y = 4 q + r: leap years and the day number without division (1900–2100)
                q, r = z3.Int(name + "q", self.ctx), z3.Int(name + "r", self.ctx)
                leap = z3.And(r == 0, y != 1900, y != 2100)
                self.constraints += [y >= DATE_MIN.year, y <= DATE_MAX.year,
                                     m >= 1, m <= 12, d >= 1,
                                     y == 4 * q + r, r >= 0, r <= 3,
                                     d <= z3.If(m == 2, z3.If(leap, 29, 28),
                                                z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11),
                                                      30, 31))]
                leap_years_before = q - z3.If(r == 0, 1, 0) - 474 - z3.If(y > 1900, 1, 0)
                n = (ORDINAL_1900 + 365 * (y - 1900) + leap_years_before + month_start(m)
                     + z3.If(z3.And(m > 2, leap), 1, 0) + d - 1)
                date = SymDate(y, m, d, n)
                self.soft.append((z3.And(date.y >= _READABLE_FROM, date.y <= _READABLE_TO), 1))
                return date
            case c.DateTimeT():  # minutes since 0001-01-01T00:00 (`minutes_of`)
                v = z3.Int(name, self.ctx)
                self.constraints += [v >= DATE_MIN.toordinal() * 1440,
                                     v < (DATE_MAX.toordinal() + 1) * 1440]
                self.soft.append((z3.And(v >= _minutes(_READABLE_FROM),
                                         v < _minutes(_READABLE_TO + 1)), 1))
                return v
            case c.CodeT(forms=forms) if forms:
                v = z3.Int(name, self.ctx)
                self.constraints.append(z3.Or(*[v == i for i in code_forms.fitting(
                    self.codes, forms)], self.ctx))
                return v
            case c.CodeT():
                v = z3.Int(name, self.ctx)
                self.constraints.append(z3.And(v >= 0, v <= len(self.codes)))
                return v
            case c.EnumT(name=enum):
                v = z3.Int(name, self.ctx)
                self.constraints.append(z3.And(v >= 0, v < len(self.enums[enum])))
                return v
            case c.RecordT(name=record):
                return SymRecord(self, record, path)
            case c.ListT(element=element):
                n = z3.Int(name, self.ctx)
                self.constraints.append(z3.And(n >= 0, n <= self.list_bound))
                self.soft += [(n == 0, 2), (n <= 1, 2)]
                items = [SymRecord(self, element, path + (str(i),))
                         for i in range(self.list_bound)]
                return SymList(n, items, element)
            case c.SetT() | c.SpanT() | c.ErrorT():  # sets are inlined; spans and errors are never encoded
                raise AssertionError(t)
            case _:
                assert_never(t)

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
            self.constraints.append(v >= _num(low, self.ctx))
        if high is not None:
            self.constraints.append(v <= _num(high, self.ctx))

    def civil(self, ordinal: Any) -> SymDate:
        """The date of a day number, as variables tied to it."""
        return SymDate(*self.civil_parts(ordinal))

    def civil_parts(self, ordinal: Any) -> tuple[Any, Any, Any]:
        key = ordinal.sexpr()
        if key not in self.civil_cache:
            n = next(self.counter)
            y, m, d = (z3.Int(f"{part}#{n}", self.ctx) for part in "ymd")
            self.side += [y >= 1, y <= 9999, m >= 1, m <= 12, d >= 1,
                          d <= days_in_month(y, m), ordinal == days_from_civil(y, m, d)]
            self.civil_cache[key] = (y, m, d)
        return self.civil_cache[key]

    def add_months(self, date: SymDate, months: Any) -> SymDate:
        """Linear: the new year and month are fixed by `12 y' + m' = 12 y + m + months`.
        The same date moved by the same months is the same terms (no new variables)."""
        key = (tuple(p.get_id() for p in date.key()), z3.simplify(months).sexpr())
        if key not in self.months_cache:
            n = next(self.counter)
            y2, m2 = z3.Int(f"ym#{n}y", self.ctx), z3.Int(f"ym#{n}m", self.ctx)
            self.side += [m2 >= 1, m2 <= 12, y2 * 12 + m2 == date.y * 12 + date.m + months]
            last = days_in_month(y2, m2)
            self.months_cache[key] = SymDate(y2, m2, z3.If(date.d <= last, date.d, last))
        return self.months_cache[key]

    def add_days(self, date: SymDate, days: Any) -> SymDate:
        """The date moved by a number of days, held as its day number (see `SymDate`)."""
        n = z3.simplify(date.ordinal() + days)
        if z3.is_int_value(n) and 1 <= n.as_long() <= datetime.date.max.toordinal():
            day = datetime.date.fromordinal(n.as_long())
            y, m, d = (z3.IntVal(part, self.ctx) for part in (day.year, day.month, day.day))
            return SymDate(y, m, d, n)
        return SymDate(n=n, space=self)

    def assumptions(self) -> list[Any]:
        """Every constraint a formula over this space is solved under: the domains of the
        variables, the definitions of auxiliary ones, and what real cases meet."""
        self.assume_declared()
        return self.constraints + self.side + self.assumed

    def constraint_lists(self) -> tuple[list[Any], list[Any], list[Any]]:
        """The three lists `assumptions()` joins, each only ever appended to (a solver that
        adds what is new since it last looked keeps one length per list)."""
        self.assume_declared()
        return self.constraints, self.side, self.assumed

    def assume_declared(self) -> None:
        """Hold every formula to the laws' assumptions about facts (`assume …`) whose facts one
        of the laws reads (`compiler.core.assumptions.applicable`), each once."""
        if self._declared:
            return
        self._declared = True
        from compiler.analysis.smt import LawEncoding  # the encoder is built on this module

        read: dict[str, set[str]] = {}
        for program in self.programs:
            for record, fields in read_fields_of(program).items():
                read.setdefault(record, set()).update(fields)
        seen: set[tuple[str, int, int]] = set()
        for program in self.programs:
            law: LawEncoding | None = None
            for assumption in applicable(program, read):
                key = (assumption.file, assumption.span.line, assumption.span.column)
                if key in seen:
                    continue
                seen.add(key)
                law = law or LawEncoding(program, self)
                self.assumed.append(law.boolean(assumption.condition, {}))

    def assume(self, period: tuple[str | None, str | None] = (None, None)) -> None:
        """Hold every later formula to the declared assumptions and the `IN_FORCE_DATE` to
        `period` (ISO dates, either open); a vocabulary without that date skips the period."""
        self.assume_declared()
        dates = self._dates(IN_FORCE_DATE.split("."))
        start, end = (None if d is None else datetime.date.fromisoformat(d) for d in period)
        for date in dates:
            if start is not None:
                self.assumed.append(_on_or_before(_const_date(start, self.ctx), date, 0))
                self.soft.append((date.y == start.year, 3))  # a witness near the law's period
            if end is not None:
                self.assumed.append(_on_or_before(date, _const_date(end, self.ctx), 0))

    def _dates(self, parts: Sequence[str]) -> list[SymDate]:
        """The date variables at a path (`*`: each record of the list), none if not there."""
        found: list[SymDate] = []

        def visit(sym: SymRecord, rest: Sequence[str]) -> None:
            head, *tail = rest
            if head == "*":
                return
            name = next((f.name for f in self.fields_of(sym.record).values()
                         if names.key(f.name) == head), None)
            if name is None:
                return
            value = sym.field(name)
            if not tail:
                if isinstance(value, SymDate):
                    found.append(value)
            elif isinstance(value, SymRecord):
                visit(value, tail)
            elif isinstance(value, SymList) and tail[0] == "*" and tail[1:]:
                for item in value.items:
                    visit(item, tail[1:])

        visit(self.root, list(parts))
        return found

    def readable_model(self, formulas: Sequence[Any], timeout_ms: int = 4000
                       ) -> z3.ModelRef | None:
        """A model of the formulas that prefers short lists, "no", and dates of our time."""
        opt = z3.Optimize(ctx=self.ctx)
        opt.set("timeout", timeout_ms)
        opt.add(*self.assumptions(), *formulas)
        for formula, weight in self.soft:
            opt.add_soft(formula, weight)
        if opt.check() == z3.sat:
            return opt.model()
        return None

    def solver(self) -> z3.Solver:
        s = z3.Solver(ctx=self.ctx)
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
        fields = self.fields_of(sym.record)
        for name in fields:
            if name not in read.get(sym.record, set()):
                continue
            if fields[name].optional and not (  # not known: left out, as a case leaves it
                    name in sym.knowns and z3.is_true(model.eval(sym.knowns[name],
                                                                 model_completion=True))):
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
            case c.DateTimeT():
                return "2000-01-01T00:00"
            case c.CodeT(forms=forms) if forms:
                return self.codes[code_forms.fitting(self.codes, forms)[0]]
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
            case c.SetT() | c.SpanT() | c.ErrorT():  # sets are inlined; spans and errors are never encoded
                raise AssertionError(t)
            case _:
                assert_never(t)

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
            case c.DateTimeT():
                return moment_of(ev(value).as_long()).isoformat(timespec="minutes")
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
            case c.SetT() | c.SpanT() | c.ErrorT():  # sets are inlined; spans and errors are never encoded
                raise AssertionError(t)
            case _:
                assert_never(t)


def _on_or_before(a: SymDate, b: SymDate, years: int) -> Any:
    """`a` plus `years` years is on or before `b` (compared as year, month, day)."""
    ay = a.y + years if years else a.y
    return z3.Or(ay < b.y, z3.And(ay == b.y, z3.Or(a.m < b.m, z3.And(a.m == b.m, a.d <= b.d))))


def minutes_of(moment: datetime.datetime) -> int:
    """A date and time as the solver holds it: minutes since 0001-01-01T00:00."""
    return moment.toordinal() * 1440 + moment.hour * 60 + moment.minute


def moment_of(minutes: int) -> datetime.datetime:
    """The date and time of a number of minutes (`minutes_of` undone)."""
    days, rest = divmod(minutes, 1440)
    return datetime.datetime.fromordinal(days) + datetime.timedelta(minutes=rest)


def _minutes(year: int) -> int:
    return datetime.date(year, 1, 1).toordinal() * 1440


def _const_date(day: datetime.date, ctx: z3.Context) -> SymDate:
    y, m, d = (z3.IntVal(part, ctx) for part in (day.year, day.month, day.day))
    return SymDate(y, m, d, z3.IntVal(day.toordinal(), ctx))


def _num(value: Any, ctx: z3.Context) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return z3.RealVal(str(value), ctx)
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
        exprs.extend(c.decision_exprs(decision))
    for e in exprs:
        for node in walk(e):
            if isinstance(node, c.Lit) and isinstance(node.type, c.CodeT):
                assert isinstance(node.value, str)
                out.add(node.value)
            elif isinstance(node, c.InSet) and isinstance(node.subject.type, (c.CodeT,)):
                out.update(str(m) for m in node.members)
    return out
