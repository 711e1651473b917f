"""The share of the input space a set of cubes covers, exact or estimated.

Takes a `FactSpace`, the atoms of two laws and cubes of atom literals (`analysis/regions.py`);
gives the share of all cases inside a union of cubes, under the measure `regions.py` states
(every fact independent and uniform over its declared domain):

- exact (`Boxes`, from `exact_measure`) when every atom reads one fact, outside any list: each
  fact's domain is cut at the constants the atoms use, a cube becomes a box of domain pieces,
  and the union of boxes is measured as a sum of disjoint boxes;
- otherwise estimated (`Sampler`): seeded uniform cases (drawn by `analysis/draws.py`), run
  through the reference interpreter's semantics (`interpret_fast`), each atom's value for each
  case; `proportion` gives a share with its 95%
  interval, `in_cube` whether a case's atom values lie in a cube.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import z3

from compiler.analysis.draws import Drawers
from compiler.analysis.regions import Atom, Cube
from compiler.analysis.space import DATE_MAX, DATE_MIN, FactSpace, SymDate, SymRecord
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT, walk
from compiler.core.facts import FactsError, parse_facts, read_fields
from compiler.interpret import Interpreter, LawError
from compiler.interpret_fast import FastInterpreter


# ---------------------------------------------------------------------------- exact shares
@dataclass
class Piece:
    """A piece of one fact's domain: its weight, and a value inside it (as z3 substitutions)."""

    weight: float
    values: list[tuple[Any, Any]]


@dataclass
class Dimension:
    name: str
    pieces: list[Piece]


Box = dict[int, frozenset[int]]  # dimension → the pieces allowed (a missing dimension: all)


class Boxes:
    """Exact measure of unions of cubes, when every atom reads one fact outside any list."""

    def __init__(self, space: FactSpace, atoms: Sequence[Atom]) -> None:
        self.dimensions: list[Dimension] = []
        self.atom_sets: list[tuple[int, frozenset[int]]] = []
        by_vars: dict[tuple[str, ...], int] = {}
        for atom in atoms:
            fact = _single_fact(atom.expr)
            if fact is None:
                raise ValueError("not a one-fact atom")
            variables = _consts(atom.term)
            key = tuple(sorted(str(v) for v in variables))
            if key not in by_vars:
                by_vars[key] = len(self.dimensions)
                self.dimensions.append(_dimension(space, fact, variables, atoms))
            dim = by_vars[key]
            pieces = self.dimensions[dim].pieces
            truth = frozenset(k for k, p in enumerate(pieces)
                              if z3.is_true(z3.simplify(z3.substitute(atom.term, *p.values))))
            self.atom_sets.append((dim, truth))

    def box(self, cube: Cube) -> Box | None:
        out: Box = {}
        for i, v in cube:
            dim, truth = self.atom_sets[i]
            allowed = truth if v else frozenset(range(len(self.dimensions[dim].pieces))) - truth
            out[dim] = out.get(dim, allowed) & allowed
            if not out[dim]:
                return None
        return out

    def measure_box(self, box: Box) -> float:
        share = 1.0
        for dim, allowed in box.items():
            share *= sum(self.dimensions[dim].pieces[k].weight for k in allowed)
        return share

    def measure(self, cubes: Sequence[Cube]) -> float:
        """The share of the union of the cubes: split on one dimension at a time (as a decision
        diagram would), adding the weight of each piece times the share left under it."""
        return self.measure_boxes([b for b in (self.box(cube) for cube in cubes) if b is not None])

    def measure_boxes(self, boxes: Sequence[Box]) -> float:
        """The share of the union of the boxes (`measure`)."""
        memo: dict[frozenset[tuple[tuple[int, frozenset[int]], ...]], float] = {}

        def share(current: list[Box]) -> float:
            if not current:
                return 0.0
            if any(not b for b in current):
                return 1.0  # a box that constrains nothing left covers everything left
            key = frozenset(tuple(sorted(b.items())) for b in current)
            if key in memo:
                return memo[key]
            counts: dict[int, int] = {}
            for b in current:
                for dim in b:
                    counts[dim] = counts.get(dim, 0) + 1
            dim = max(sorted(counts), key=lambda d: counts[d])
            total = 0.0
            for k, piece in enumerate(self.dimensions[dim].pieces):
                rest = [b if dim not in b else {x: y for x, y in b.items() if x != dim}
                        for b in current if dim not in b or k in b[dim]]
                if rest:
                    total += piece.weight * share(rest)
            memo[key] = total
            return total

        return share(list(boxes))


def _single_fact(e: c.Expr) -> tuple[str, ...] | None:
    """The one fact (a path from the case) an atom reads, or None."""
    paths: set[tuple[str, ...]] = set()

    def path(x: c.Expr) -> tuple[str, ...] | None:
        if isinstance(x, c.Root):
            return ()
        if isinstance(x, c.Field):
            owner = path(x.owner)
            return None if owner is None else owner + (x.name,)
        return None

    def visit(x: c.Expr) -> bool:
        match x:
            case c.Field():
                p = path(x)
                if p is None:
                    return False
                paths.add(p)
                return True
            case c.Lit():
                return True
            case c.Cmp(left=left, right=right):
                return visit(left) and visit(right)
            case c.InSet(subject=subject):
                return visit(subject)
            case c.Not(operand=operand):
                return visit(operand)
        return False

    if not visit(e) or len(paths) != 1:
        return None
    return next(iter(paths))


def _consts(term: Any) -> list[Any]:
    out: dict[int, Any] = {}
    stack = [term]
    while stack:
        t = stack.pop()
        if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out[t.get_id()] = t
        else:
            stack.extend(t.children())
    return sorted(out.values(), key=str)


def _dimension(space: FactSpace, fact: tuple[str, ...], variables: list[Any],
               atoms: Sequence[Atom]) -> Dimension:
    t = _fact_type(space, fact)
    ctx = space.ctx
    name = ".".join(names.key(p) for p in fact)
    consts: set[Any] = set()
    for atom in atoms:
        if _single_fact(atom.expr) == fact:
            for node in walk(atom.expr):
                if isinstance(node, c.Lit):
                    consts.add(node.value)
                if isinstance(node, c.InSet):
                    consts.update(node.members)
    match t:
        case c.BoolT():
            (v,) = variables
            return Dimension(name, [Piece(0.5, [(v, z3.BoolVal(False, ctx))]),
                                    Piece(0.5, [(v, z3.BoolVal(True, ctx))])])
        case c.EnumT(name=enum):
            (v,) = variables
            n = len(space.enums[enum])
            return Dimension(name, [Piece(1 / n, [(v, z3.IntVal(k, ctx))]) for k in range(n)])
        case c.CodeT():
            (v,) = variables
            n = len(space.codes) + 1
            return Dimension(name, [Piece(1 / n, [(v, z3.IntVal(k, ctx))]) for k in range(n)])
        case c.IntT(low=low, high=high) if low is not None and high is not None:
            (v,) = variables
            points = sorted({low, high + 1} | {k + d for k in consts if isinstance(k, int)
                                                 and low <= k <= high for d in (0, 1)})
            total = high - low + 1
            return Dimension(name, [Piece((b - a) / total, [(v, z3.IntVal(a, ctx))])
                                    for a, b in zip(points, points[1:])])
        case c.DateT():
            lo, hi = DATE_MIN.toordinal(), DATE_MAX.toordinal() + 1
            points = sorted({lo, hi} | {k.toordinal() + d for k in consts
                                        if isinstance(k, datetime.date) for d in (0, 1)
                                        if lo <= k.toordinal() + d <= hi})
            ymd = _date_vars(space, fact)
            pieces = []
            for a, b in zip(points, points[1:]):
                day = datetime.date.fromordinal(a)
                pieces.append(Piece((b - a) / (hi - lo),
                                    [(ymd.y, z3.IntVal(day.year, ctx)),
                                     (ymd.m, z3.IntVal(day.month, ctx)),
                                     (ymd.d, z3.IntVal(day.day, ctx))]))
            return Dimension(name, pieces)
    raise ValueError(f"no exact measure for {t}")


def _fact_type(space: FactSpace, fact: tuple[str, ...]) -> c.Type:
    record = ROOT
    t: c.Type = c.RecordT(ROOT)
    for name in fact:
        t = space.field_type(record, name)
        if isinstance(t, c.RecordT):
            record = t.name
    return t


def _date_vars(space: FactSpace, fact: tuple[str, ...]) -> SymDate:
    sym: Any = space.root
    for name in fact:
        assert isinstance(sym, SymRecord)
        sym = sym.field(name)
    assert isinstance(sym, SymDate)
    return sym


def exact_measure(space: FactSpace, atoms: Sequence[Atom]) -> Boxes | None:
    """`Boxes` for these atoms, or None when some atom reads more than one fact or a list."""
    try:
        return Boxes(space, atoms)
    except ValueError:
        return None


# --------------------------------------------------------------------------- estimated shares
_TRIES = 200  # cases drawn per case kept, at most (the rest break an assumption)


class Sampler:
    """Seeded cases drawn from the measure, decided by both versions through the interpreter."""

    def __init__(self, space: FactSpace, programs: Sequence[c.Program], seed: int,
                 count: int, interpreters: Sequence[Interpreter] | None = None) -> None:
        self.space = space
        self.programs = list(programs)
        self.seed = seed
        self.count = count
        self.read: dict[str, set[str]] = {}
        for program in programs:
            for record, fields in read_fields(program).items():
                self.read.setdefault(record, set()).update(fields)
        rng = random.Random(seed)
        self.interpreters = list(interpreters or [FastInterpreter(p) for p in self.programs])
        self._plans: dict[tuple[int, str], list[tuple[str, str | None, str | None]]] = {}
        self.cases: list[dict[str, object]] = []
        self.parsed: list[list[Any]] = [[] for _ in self.programs]
        # Each case is drawn with its typed values, and each version's reading is the part of
        # them it reads: what `parse_facts` gives for the drawn facts, without reading them
        # again (they are valid by construction), where the versions declare the facts the
        # sample draws alike; otherwise each version parses the facts. A case's JSON facts
        # are written only if it is kept.
        reads = [read_fields(p) for p in self.programs]
        typed_reading = self._declared_alike()
        drawers = Drawers(space, self.read)
        draw = drawers.record(ROOT)
        for _ in range(count * _TRIES):  # only cases that meet the laws' assumptions
            if len(self.cases) == count:
                break
            typed = draw(rng)
            case = None if typed_reading else drawers.json(ROOT, typed)
            parsed: list[Any] = []
            try:  # each version's reading, checked before the next is read
                for program, interpreter, read in zip(self.programs, self.interpreters, reads):
                    parsed.append(self._reading(typed, ROOT, read) if case is None
                                  else parse_facts(program, case))
                    interpreter.check_assumptions(parsed[-1])
            except FactsError:
                continue
            self.cases.append(drawers.json(ROOT, typed) if case is None else case)
            for kept, one in zip(self.parsed, parsed):
                kept.append(one)

    def _declared_alike(self) -> bool:
        """Whether every version declares each drawn fact, with the space's type."""
        for record, drawn in self.read.items():
            fields = self.space.fields_of(record)
            for program in self.programs:
                try:
                    own = program.fields_of(record)
                except KeyError:
                    return False
                if set(own) - set(fields):
                    return False  # a fact the space does not draw: parse_facts refuses the case
                if any(name in fields and (name not in own or own[name].type != fields[name].type)
                       for name in drawn):
                    return False
        return True

    def _reading(self, typed: dict[str, object], record: str, read: dict[str, set[str]]
                 ) -> dict[str, object]:
        """The typed facts one version reads of a drawn record (as `parse_record` keeps them)."""
        key = (id(read), record)
        plan = self._plans.get(key)
        if plan is None:
            fields = self.space.fields_of(record)
            plan = self._plans[key] = [
                (name, t.name if isinstance(t, c.RecordT) else None,
                 t.element if isinstance(t, c.ListT) else None)
                for name in sorted(read.get(record, ())) for t in (fields[name].type,)]
        out: dict[str, object] = {}
        for name, inner, element in plan:
            value = typed[name]
            if inner is not None:
                value = self._reading(value, inner, read)  # type: ignore[arg-type]
            elif element is not None:
                value = tuple(self._reading(item, element, read)
                              for item in value)  # type: ignore[attr-defined]
            out[name] = value
        return out

    def atom_values(self, atoms: Sequence[Atom]) -> list[tuple[bool, ...]]:
        return [tuple(self._holds(a, k) for a in atoms) for k in range(len(self.cases))]

    def atom_columns(self, atoms: Sequence[Atom]) -> AtomColumns:
        """The atoms' values over the cases, each atom evaluated when a cube first reads it."""
        return AtomColumns(self, atoms)

    def _holds(self, atom: Atom, k: int) -> bool:
        """Whether the atom holds for the k-th case; a condition whose arithmetic fails for it
        (a division by zero) does not hold (the case itself is `cannot be decided`)."""
        try:
            return bool(self.interpreters[atom.program].eval(
                atom.expr, self.parsed[atom.program][k], {}))
        except LawError:
            return False


class AtomColumns:
    """For each atom, the cases it holds in (a bit per case, as one int), made on first use:
    `count(cube)` is how many cases lie in the cube, as `in_cube` over `atom_values` counts
    them, without evaluating the atoms no cube reads."""

    def __init__(self, sampler: Sampler, atoms: Sequence[Atom]) -> None:
        self.sampler = sampler
        self.atoms = list(atoms)
        self.total = len(sampler.cases)
        self.every = (1 << self.total) - 1
        self.columns: dict[int, int] = {}

    def column(self, index: int) -> int:
        if index not in self.columns:
            atom = self.atoms[index]
            self.columns[index] = sum(1 << k for k in range(self.total)
                                      if self.sampler._holds(atom, k))
        return self.columns[index]

    def count(self, cube: Cube) -> int:
        inside = self.every
        for i, v in cube:
            column = self.column(i)
            inside &= column if v else self.every ^ column
        return bin(inside).count("1")


def proportion(hits: int, total: int) -> tuple[float, float]:
    """A share and the half-width of its 95% interval (normal approximation, at least 1/total)."""
    if total == 0:
        return 0.0, 1.0
    p = hits / total
    return p, max(1.96 * math.sqrt(p * (1 - p) / total), 1 / total)


def in_cube(values: tuple[bool, ...], cube: Cube) -> bool:
    return all(values[i] == v for i, v in cube)


__all__ = ["AtomColumns", "Boxes", "Dimension", "Piece", "Sampler", "exact_measure", "in_cube",
           "proportion"]
