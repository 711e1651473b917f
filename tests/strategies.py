"""Hypothesis strategies: random valid facts for a law, built from its vocabulary.

Takes a `Program`; gives JSON-like facts in the shape `decide()` takes. Only the fields the law
reads are required (`compiler.core.facts.read_fields`); others are sometimes given too, since
both the interpreter and the generated module must ignore them. Values keep to their bounds and
enumerations, dates to a sensible range and near the dates the law names, lists to 0–3 records,
and codes are drawn from the codes the law mentions as well as at random, so that rules fire.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from compiler.core import ast as c
from compiler.core import names
from compiler.core.assumptions import applicable
from compiler.core.facts import FactsError, parse_facts, read_fields
from compiler.interpret import Interpreter
from compiler.core.ast import ROOT, walk

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_DEPTH = 5


@dataclass
class Mentioned:
    """The literals a law writes, to draw values near them."""

    codes: set[str] = field(default_factory=set)
    dates: set[datetime.date] = field(default_factory=set)
    numbers: set[Decimal] = field(default_factory=set)


def mentioned(program: c.Program) -> Mentioned:
    out = Mentioned()
    exprs: list[c.Expr] = [r.condition for d in program.decisions.values() for r in d.rules]
    for d in program.definitions.values():
        out.codes.update(d.members)
        if d.body is not None:
            exprs.append(d.body)
    for e in exprs:
        for node in walk(e):
            values: tuple[object, ...] = ()
            if isinstance(node, c.Lit):
                values = (node.value,)
            elif isinstance(node, c.InSet):
                values = node.members
            for v in values:
                if isinstance(v, bool):
                    continue
                if isinstance(v, str):
                    out.codes.add(v)
                elif isinstance(v, datetime.datetime):  # a moment: its day, near which to draw
                    out.dates.add(v.date())
                elif isinstance(v, datetime.date):
                    out.dates.add(v)
                elif isinstance(v, (int, Decimal)):
                    out.numbers.add(Decimal(v))
                elif isinstance(v, c.Duration):
                    out.numbers.add(Decimal(v.amount))
    return out


def _near_dates(dates: set[datetime.date]) -> st.SearchStrategy[datetime.date]:
    if not dates:
        return st.dates(EARLIEST, LATEST)
    anchors = sorted(dates)

    def shift(pair: tuple[datetime.date, int]) -> datetime.date:
        day, offset = pair
        try:
            moved = day + datetime.timedelta(days=offset)
        except OverflowError:
            return day
        return min(max(moved, EARLIEST), LATEST)

    return st.one_of(
        st.dates(EARLIEST, LATEST),
        st.tuples(st.sampled_from(anchors), st.integers(-3, 3)).map(shift),
        st.tuples(st.sampled_from(anchors), st.integers(-40 * 366, 40 * 366)).map(shift),
    )


def _range(low: Decimal | int | None, high: Decimal | int | None, span: int
           ) -> tuple[Decimal, Decimal]:
    lo = Decimal(low) if low is not None else (Decimal(high) - span if high is not None
                                               else Decimal(-span // 4))
    hi = Decimal(high) if high is not None else max(lo, Decimal(0)) + span
    return lo, hi


def _whole(t: c.IntT | c.DurationT, m: Mentioned) -> st.SearchStrategy[object]:
    lo, hi = _range(t.low, t.high, 200)
    near = sorted({int(n) + d for n in m.numbers for d in (-1, 0, 1)
                   if n == int(n) and lo <= int(n) + d <= hi})
    ints = st.integers(int(lo), int(hi))
    if near:
        ints = st.one_of(ints, st.sampled_from(near))
    # JSON-like input may give a whole number as text or as a float with no fraction
    return st.one_of(ints, ints.map(str), ints.map(float))


def _decimal(t: c.DecimalT | c.MoneyT, m: Mentioned) -> st.SearchStrategy[object]:
    lo, hi = _range(t.low, t.high, 100_000 if isinstance(t, c.MoneyT) else 10)
    near = sorted(n + d for n in m.numbers for d in (Decimal("-0.01"), 0, Decimal("0.01"))
                  if lo <= n + d <= hi)
    numbers = st.decimals(lo, hi, places=2, allow_nan=False, allow_infinity=False)
    if near:
        numbers = st.one_of(numbers, st.sampled_from(near))
    shown: list[st.SearchStrategy[object]] = [numbers.map(str)]
    if isinstance(t, c.MoneyT):
        shown.append(numbers.map(lambda d: f"${d:,}" if d >= 0 else str(d)))
    shown.append(numbers.filter(lambda d: d == d.to_integral_value()).map(int))
    return st.one_of(*shown)


class FactsBuilder:
    """Strategies for the facts of one program, built once."""

    def __init__(self, program: c.Program, long_lists: bool = False) -> None:
        self.program = program
        self.long_lists = long_lists  # lists of 25 to 30 records (in the case and its records)
        self.read = read_fields(program)
        self.mentioned = mentioned(program)
        codes = sorted(self.mentioned.codes)
        self.codes: st.SearchStrategy[str] = st.text(max_size=8)
        if codes:
            self.codes = st.one_of(st.sampled_from(codes), st.sampled_from(codes),
                                   self.codes)
        self.dates = _near_dates(self.mentioned.dates).map(datetime.date.isoformat)

    def fields(self, record: str) -> dict[str, c.FieldDecl]:
        return self.program.fields_of(record)

    def value(self, t: c.Type, depth: int) -> st.SearchStrategy[Any]:
        match t:
            case c.BoolT():
                return st.booleans()
            case c.IntT() | c.DurationT():
                return _whole(t, self.mentioned)
            case c.DecimalT() | c.MoneyT():
                return _decimal(t, self.mentioned)
            case c.DateT():
                return self.dates
            case c.DateTimeT():  # a day near the law's dates, at any minute
                return st.tuples(_near_dates(self.mentioned.dates), st.integers(0, 1439)).map(
                    lambda p: (datetime.datetime.combine(p[0], datetime.time()) + datetime.
                               timedelta(minutes=p[1])).isoformat(timespec="minutes"))
            case c.CodeT():
                return self.codes
            case c.EnumT(name=name):
                return st.sampled_from(self.program.enums[name].values)
            case c.RecordT(name=name):
                return self.record(name, depth + 1)
            case c.ListT(element=element):
                if depth >= MAX_DEPTH:
                    return st.just([])
                if self.long_lists and depth <= 1:
                    return self.long_list(self.record(element, depth + 1))
                return st.lists(self.record(element, depth + 1), max_size=3)
        raise AssertionError(t)

    @staticmethod
    def long_list(element: st.SearchStrategy[dict[str, Any]]
                  ) -> st.SearchStrategy[list[dict[str, Any]]]:
        """25 to 30 records, each a copy of one of 3 to 6 drawn ones, in a drawn order: 30
        records drawn field by field outgrow what hypothesis draws for one example, and most
        attempts were thrown away (minutes per law)."""
        def spread(pool: list[dict[str, Any]]) -> st.SearchStrategy[list[dict[str, Any]]]:
            picks = st.lists(st.integers(0, len(pool) - 1), min_size=25, max_size=30)
            return picks.map(lambda order: [copy.deepcopy(pool[i]) for i in order])
        return st.lists(element, min_size=3, max_size=6).flatmap(spread)

    def record(self, record: str, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        read = self.read.get(record, set())
        for name, decl in self.fields(record).items():
            if name in read and decl.optional:  # `, if known`: left out, null, or a value
                optional[names.key(name)] = st.one_of(st.none(), self.value(decl.type, depth))
            elif name in read:
                required[names.key(name)] = self.value(decl.type, depth)
            elif not isinstance(decl.type, (c.RecordT, c.ListT)):
                optional[names.key(name)] = self.value(decl.type, depth)
        return st.fixed_dictionaries(required, optional=optional)

    def facts(self) -> st.SearchStrategy[dict[str, Any]]:
        return self.record(ROOT)


_BUILDERS: dict[int, FactsBuilder] = {}


_LONG_BUILDERS: dict[int, FactsBuilder] = {}


def facts_for(program: c.Program, long_lists: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Random valid facts for `program` (the strategy is built once per program); with
    `long_lists`, the lists of the case's records hold 25 to 30 records."""
    builders = _LONG_BUILDERS if long_lists else _BUILDERS
    builder = builders.get(id(program))
    if builder is None or builder.program is not program:
        builder = builders[id(program)] = FactsBuilder(program, long_lists)
    if not applicable(program):
        return builder.facts()
    interpreter = Interpreter(program)

    def meets(facts: dict[str, Any]) -> bool:
        try:
            interpreter.check_assumptions(parse_facts(program, facts))
        except FactsError:
            return False
        return True

    return builder.facts().map(_toward_assumptions).filter(meets)


def _day(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _toward_assumptions(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts moved toward the detainer vocabulary's assumptions (statutes/common/
    detainers.law): the arrest and the request in order, each release on or after its judgment,
    the person born before the request and 7 years before any judgment (what is left is
    filtered)."""
    request, person = facts.get("request"), facts.get("person")
    if not isinstance(request, dict) or not isinstance(person, dict):
        return facts
    asked, arrest = _day(request.get("request_date")), _day(request.get("instant_arrest_date"))
    if asked and arrest and arrest > asked:
        request["request_date"], request["instant_arrest_date"] = \
            request["instant_arrest_date"], request["request_date"]
        asked = arrest
    latest_birth = [asked - datetime.timedelta(days=1)] if asked else []
    for conviction in person.get("convictions") or []:
        if not isinstance(conviction, dict):
            continue
        judged, released = _day(conviction.get("judgment_date")), _day(conviction.get(
            "release_date"))
        if judged and released and released < judged:
            conviction["release_date"] = conviction["judgment_date"]
        if judged and judged.year > 1907:
            latest_birth.append(judged.replace(year=judged.year - 8, day=1))
    born = _day(person.get("date_of_birth"))
    if born and latest_birth and born > min(latest_birth):
        person["date_of_birth"] = min(latest_birth).isoformat()
    return facts


def leaf_paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every key path in JSON-like facts (`("person", "convictions", 0, "class")`)."""
    out: list[tuple[object, ...]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append(prefix + (k,))
            out.extend(leaf_paths(v, prefix + (k,)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(leaf_paths(v, prefix + (i,)))
    return out
