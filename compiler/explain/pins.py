"""The indicators "this fact differs from the case" for a counterfactual search.

Built along a law's encoded facts (`compiler.analysis.smt.LawEncoding`) and the facts of one
case: for each fact the decision reads, a `Leaf` with a z3 Bool "changed" (constrained to mean
that the solver's value differs from the case's), and for a number, a date or a moment, its
distance from the case's value, which the search makes least. A list's length is one `ListLeaf`.
A fact given `, if known` is changed when it becomes known or unknown, or (known in both) when
its value changes; one that becomes known is measured from the case's latest date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import z3

from compiler import runtime_explain as rt
from compiler.analysis.smt import LawEncoding
from compiler.analysis.space import SymDate, SymList, SymRecord, date_equal
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT
from compiler.core.facts import Record


@dataclass
class Leaf:
    path: str
    name: str
    sym: Any
    type: c.Type
    before: object  # the typed value (interpreter's)
    changed: Any
    distance: Any | None = None
    known: Any | None = None  # a fact given `, if known`: whether it is known


@dataclass
class ListLeaf:
    path: str
    name: str
    sym: SymList
    before: int
    changed: Any
    element: str


class Pins:
    """The indicators "this fact differs from the case", built along the encoded facts."""

    def __init__(self, encoding: LawEncoding, case: Record) -> None:
        self.enc = encoding
        self.space = encoding.space
        self.leaves: list[Leaf] = []
        self.lists: list[ListLeaf] = []
        self.constraints: list[Any] = []
        self.anchor = max(dates_of(case), default=None)
        self._record(self.space.root, ROOT, case, "", "")

    def _record(self, sym: SymRecord, record: str, value: Record, path: str, owner: str
                ) -> None:
        fields = self.space.fields_of(record)
        # a fact given `, if known` whose knowing only is read has its indicator, not a term
        for name in list(sym.fields) + [k for k in sym.knowns if k not in sym.fields]:
            t = fields[name].type
            term = sym.field(name)
            p = f"{path}.{names.key(name)}" if path else names.key(name)
            words = rt.field_words(owner, name)
            before = value[name]
            if isinstance(t, c.RecordT):
                assert isinstance(term, SymRecord) and isinstance(before, dict)
                self._record(term, t.name, before, p, words)
                continue
            changed = z3.Bool(f"changed {p}", self.space.ctx)
            if isinstance(t, c.ListT):
                assert isinstance(term, SymList) and isinstance(before, tuple)
                self.constraints.append(changed == (term.length != len(before)))
                self.lists.append(ListLeaf(p, words, term, len(before), changed, t.element))
                for i, item in enumerate(before):
                    if i < len(term.items):
                        self._record(term.items[i], t.element, item, f"{p}[{i}]",
                                     rt.item_words(t.element, i))
                continue
            if fields[name].optional:  # `, if known`: knowing it, or not, is a change too
                self._unknowable(sym, name, t, term, before, p, words, changed)
                continue
            literal = self.enc.literal(before, t)
            if isinstance(term, SymDate):
                same = date_equal(term, literal)
                distance = term.ordinal() - literal.ordinal()
            else:
                same = term == literal
                distance = term - literal if isinstance(t, (c.IntT, c.DurationT, c.DecimalT,
                                                            c.MoneyT, c.DateTimeT)) else None
            self.constraints.append(changed == z3.Not(same))
            self.leaves.append(Leaf(p, words, term, t, before, changed, distance))

    def _unknowable(self, sym: SymRecord, name: str, t: c.Type, term: Any, before: object,
                    path: str, words: str, changed: Any) -> None:
        """A fact given `, if known`: changed when it becomes known or unknown, or (known in
        both) its value changes; no direction ("or later") is told for it."""
        known = sym.known(name)
        distance: Any | None = None
        if before is None:
            self.constraints.append(changed == known)
            distance = self._from_anchor(term, t)
        else:
            literal = self.enc.literal(before, t)
            same = date_equal(term, literal) if isinstance(term, SymDate) else term == literal
            self.constraints.append(changed == z3.Or(z3.Not(known), z3.Not(same)))
            if isinstance(term, SymDate):
                distance = term.ordinal() - literal.ordinal()
            elif isinstance(t, (c.IntT, c.DurationT, c.DecimalT, c.MoneyT, c.DateTimeT)):
                distance = term - literal
        self.leaves.append(Leaf(path, words, term, t, before, changed, distance, known))

    def _from_anchor(self, term: Any, t: c.Type) -> Any | None:
        """How far a fact that becomes known lies from where the case is: a date or a moment
        from the case's latest date (a release near the request, not in 1900), a number from 0;
        what the search makes least, so that `for instance` shows a value that reads as the
        case's own."""
        if isinstance(term, SymDate):
            return None if self.anchor is None else term.ordinal() - self.anchor.toordinal()
        if isinstance(t, c.DateTimeT):
            return None if self.anchor is None else term - self.anchor.toordinal() * 1440
        if isinstance(t, (c.IntT, c.DurationT, c.DecimalT, c.MoneyT)):
            return term
        return None

    def value_in(self, model: Any, leaf: Leaf, read: dict[str, set[str]]) -> object:
        """The leaf's value in a model as facts give it (None for a fact not known there)."""
        if leaf.known is not None and not z3.is_true(model.eval(leaf.known,
                                                                model_completion=True)):
            return None
        return self.space._value(model, leaf.sym, leaf.type, read)

    def indicators(self) -> list[Any]:
        return [x.changed for x in self.leaves] + [x.changed for x in self.lists]


def dates_of(value: object) -> list[datetime.date]:
    """Every date of a case's facts (a moment's day among them), lists and records walked."""
    if isinstance(value, datetime.datetime):
        return [value.date()]
    if isinstance(value, datetime.date):
        return [value]
    if isinstance(value, dict):
        return [d for v in value.values() for d in dates_of(v)]
    if isinstance(value, (list, tuple)):
        return [d for v in value for d in dates_of(v)]
    return []


def path_steps(path: str) -> list[str | int]:
    """`convictions[2].judgment_date` → ["convictions", 2, "judgment_date"]."""
    out: list[str | int] = []
    for part in path.split("."):
        while "[" in part:
            head, rest = part.split("[", 1)
            if head:
                out.append(head)
            index, part = rest.split("]", 1)
            out.append(int(index))
        if part:
            out.append(part)
    return out


def get_at(facts: Any, path: str) -> Any:
    """The value at a leaf's path in JSON-like facts."""
    node = facts
    for step in path_steps(path):
        node = node[step]
    return node


def set_at(facts: Any, path: str, value: object) -> None:
    """Set the value at a leaf's path in JSON-like facts."""
    steps = path_steps(path)
    node = facts
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = value
