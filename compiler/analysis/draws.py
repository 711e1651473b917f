"""The seeded uniform sample's draws: a value of each type of fact, typed, and its JSON form.

Takes a `FactSpace` and the facts the versions read; gives `Drawers`: for a record, a function
of a `random.Random` that draws each fact it reads (in the order the space declares them) as the
value `parse_facts` would give for it, and `json(record, typed)`, the JSON facts of a drawn
record as `decide()` takes them. The sample (`shares.Sampler`) draws many more cases than it
keeps (most break an assumption of the laws), so the JSON form is made only for a kept case.

The random calls are those of `random.Random.randint`, `.choice` and `.random`, in the same
order, so the cases are the same; a whole number below `n` is drawn as CPython's
`Random._randbelow` draws it (`getrandbits` of `n`'s bit length, again while not below `n`),
inline, without the three calls `randint` makes around it (`tests/test_sampler_reading.py`
holds `below` to `randint` and `choice`).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, assert_never

from compiler.analysis import code_forms
from compiler.analysis.space import DATE_MAX, DATE_MIN, FactSpace
from compiler.core import ast as c
from compiler.core import names

Draw = Callable[[random.Random], Any]  # draws one value, typed
ToJson = Callable[[Any], object]  # a typed value as JSON


def below(rng: random.Random, n: int, k: int) -> int:
    """`rng.randrange(n)` for `n > 0` whose bit length is `k`, with the same random calls."""
    r = rng.getrandbits(k)
    while r >= n:
        r = rng.getrandbits(k)
    return r


def _integers(low: int, high: int) -> Callable[[random.Random], int]:
    """`rng.randint(low, high)`, with the same random calls."""
    width = high - low + 1
    if width <= 0:
        return lambda rng: rng.randint(low, high)  # raises as randint does
    k = width.bit_length()

    def draw(rng: random.Random) -> int:
        r = rng.getrandbits(k)
        while r >= width:
            r = rng.getrandbits(k)
        return low + r
    return draw


def _pick(values: Sequence[Any]) -> Draw:
    """`rng.choice(values)`, with the same random calls."""
    if not values:
        return lambda rng: rng.choice(values)  # raises as choice does
    n = len(values)
    k = n.bit_length()
    return lambda rng: values[below(rng, n, k)]


def _maybe_unknown(draw: Draw) -> Draw:
    """A fact given `, if known`: not known (None) in half the cases, as a yes/no is drawn,
    else drawn as its type is."""
    return lambda rng: None if rng.random() < 0.5 else draw(rng)


def _or_null(to_json: ToJson) -> ToJson:
    return lambda v: None if v is None else to_json(v)


class Drawers:
    """What draws each record of a space (made once per record) and writes it as JSON."""

    def __init__(self, space: FactSpace, read: dict[str, set[str]]) -> None:
        self.space, self.read = space, read
        self._drawers: dict[str, Callable[[random.Random], dict[str, object]]] = {}
        self._plans: dict[str, list[tuple[str, str, ToJson]]] = {}

    def record(self, record: str) -> Callable[[random.Random], dict[str, object]]:
        """What draws a record: each fact the versions read, keyed by its name."""
        if record in self._drawers:
            return self._drawers[record]
        plan: list[tuple[str, Draw]] = []

        def draw(rng: random.Random) -> dict[str, object]:
            return {name: value(rng) for name, value in plan}

        self._drawers[record] = draw
        read = self.read.get(record, set())
        plan.extend((name, _maybe_unknown(self._drawer(decl.type)) if decl.optional
                     else self._drawer(decl.type))
                    for name, decl in self.space.fields_of(record).items() if name in read)
        return draw

    def json(self, record: str, typed: dict[str, object]) -> dict[str, object]:
        """A drawn record's JSON facts, keyed as `decide()` takes them."""
        plan = self._plans.get(record)
        if plan is None:
            read = self.read.get(record, set())
            plan = self._plans[record] = [
                (names.key(name), name, _or_null(self._to_json(decl.type)) if decl.optional
                 else self._to_json(decl.type))
                for name, decl in self.space.fields_of(record).items() if name in read]
        return {key: to_json(typed[name]) for key, name, to_json in plan}

    def _to_json(self, t: c.Type) -> ToJson:
        match t:
            case c.DurationT(unit=unit):
                factor = c.UNITS[unit][1]
                return lambda v: v.amount // factor
            case c.DecimalT() | c.MoneyT():
                return str
            case c.DateT():
                return lambda v: v.isoformat()
            case c.DateTimeT():
                return lambda v: v.isoformat(timespec="minutes")
            case c.RecordT(name=record):
                return lambda v: self.json(record, v)
            case c.ListT(element=element):
                return lambda v: [self.json(element, item) for item in v]
        return lambda v: v  # yes/no, numbers, codes, values of a list

    def _drawer(self, t: c.Type) -> Draw:
        """What draws a value of type `t`, as `parse_value` reads it (the random calls are those
        of one value, in order, whatever the type)."""
        match t:
            case c.BoolT():
                return lambda rng: rng.random() < 0.5
            case c.IntT(low=low, high=high):
                return _integers(0 if low is None else low, 100 if high is None else high)
            case c.DurationT(low=low, high=high):
                number = _integers(0 if low is None else low, 100 if high is None else high)
                factor, kind = c.UNITS[t.unit][1], t.kind
                return lambda rng: c.Duration(number(rng) * factor, kind)
            case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
                cents = _integers(0 if low is None else int(low * 100),
                                  10000 if high is None else int(high * 100))
                return lambda rng: Decimal(f"{cents(rng) / 100:.2f}")
            case c.DateT():
                day = _integers(DATE_MIN.toordinal(), DATE_MAX.toordinal())
                return lambda rng: datetime.date.fromordinal(day(rng))
            case c.DateTimeT():
                ordinal = _integers(DATE_MIN.toordinal(), DATE_MAX.toordinal())
                minute = _integers(0, 1439)  # randrange(1440): the same calls as randint(0, 1439)
                return lambda rng: (datetime.datetime.fromordinal(ordinal(rng))
                                    + datetime.timedelta(minutes=minute(rng)))
            case c.CodeT(forms=forms) if forms:  # only codes decide() accepts
                codes = self.space.codes
                return _pick([codes[i] for i in code_forms.fitting(codes, forms)])
            case c.CodeT():
                return _pick(self.space.codes + [self.space.other_code])
            case c.EnumT(name=enum):
                return _pick(self.space.enums[enum])
            case c.RecordT(name=record):
                return lambda rng: self.record(record)(rng)
            case c.ListT(element=element):
                length = _integers(0, self.space.list_bound)
                return lambda rng: tuple(self.record(element)(rng) for _ in range(length(rng)))
            case c.SetT() | c.SpanT() | c.ErrorT():  # sets inlined; spans, errors never encoded
                raise AssertionError(t)
            case _:
                assert_never(t)


__all__ = ["Drawers", "below"]
