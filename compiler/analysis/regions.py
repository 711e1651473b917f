"""Readable regions: a formula over the facts, covered by short conjunctions of the laws' atoms.

Takes two programs over one `FactSpace` (see `smt.py`); gives their atoms (each comparison,
membership, yes/no fact and quantified condition of their rules, definitions expanded outside
quantifiers), covers of any formula by cubes of atom literals (prime implicants, found one by one
with unsat cores and greedy literal dropping, each blocked once found), and the share of the input
space a set of cubes covers:

- exact (`Boxes`) when every atom reads one fact, outside any list: each fact's domain is cut at
  the constants the atoms use, a cube becomes a box of domain pieces, and the union of boxes is
  measured as a sum of disjoint boxes;
- otherwise estimated (`Sampler`): seeded uniform cases, run through the reference interpreter.

The measure: every fact independent and uniform over its declared domain (yes/no half and half;
each value of a list of values; each code a law mentions, plus one none mentions; whole numbers
within their bounds; dates from 1900-01-01 to 2100-12-31; a list's length from 0 to the bound).
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, assert_never

import z3

from compiler.analysis import code_forms
from compiler.analysis.smt import LawEncoding
from compiler.analysis.space import DATE_MAX, DATE_MIN, FactSpace, SymDate, SymList, SymRecord
from compiler.core import ast as c
from compiler.core import names
from compiler.core.english import English
from compiler.core.facts import FactsError, parse_facts, read_fields
from compiler.core.ast import ROOT
from compiler.interpret import Interpreter, LawError

_EXPRS = (c.Lit, c.Root, c.Var, c.Field, c.DefRef, c.DecisionRef, c.Not, c.And, c.Or, c.Cmp,
          c.InSet, c.Arith, c.Quant)


class RegionError(AssertionError):
    """The atoms do not determine the outcome, or a witness does not reproduce: a bug in lawc."""


# ------------------------------------------------------------------------------------ atoms
@dataclass
class Atom:
    """One leaf condition of a law, as a core expression of one program and a z3 term."""

    expr: c.Expr
    program: int  # 0: the old version, 1: the new one
    term: Any
    english: English

    def words(self, value: bool) -> str:
        return self.english.sentence(self.expr, negated=not value).rstrip(" ;")


def named_apart(programs: Sequence[c.Program]) -> list[English]:
    """An English renderer per version, in which a definition whose meaning differs between
    the versions is named with its version (`recent misdemeanour (2013 meaning)`), so that
    two meanings are never printed under one name. A meaning differs when its body does, or
    when a definition it reads differs."""
    if len(programs) != 2:
        return [English(p) for p in programs]
    old, new = programs
    shared = [k for k in old.definitions if k in new.definitions]
    differs = {k for k in shared if old.definitions[k].body != new.definitions[k].body
               or old.definitions[k].members != new.definitions[k].members}
    grew = True
    while grew:
        grew = False
        for k in shared:
            if k in differs:
                continue
            reads = {x.key for p in programs for x in _walk_body(p.definitions[k].body)
                     if isinstance(x, c.DefRef)}
            if reads & differs:
                differs.add(k)
                grew = True
    labels = _version_labels(old, new)
    out = []
    for program, label in zip(programs, labels):
        renamed = {k: dataclasses.replace(d, name=f"{d.name} ({label} meaning)")
                   if k in differs else d for k, d in program.definitions.items()}
        out.append(English(dataclasses.replace(program, definitions=renamed)))
    return out


def _walk_body(e: c.Expr | None) -> Iterable[c.Expr]:
    return () if e is None else c.walk(e)


def _version_labels(old: c.Program, new: c.Program) -> tuple[str, str]:
    """`2011` and `2013` when the versions start in different years, else their titles."""
    years = [(p.header.get("in force from") or "")[:4] for p in (old, new)]
    if all(years) and years[0] != years[1]:
        return years[0], years[1]
    return old.title, new.title


def substitute(e: c.Expr, mapping: dict[str, c.Expr]) -> c.Expr:
    """`e` with the variables named in `mapping` replaced (a definition's subject by its argument)."""
    if not mapping:
        return e
    if isinstance(e, c.Var):
        return mapping.get(e.name, e)
    if isinstance(e, c.Quant):
        inner = {k: v for k, v in mapping.items() if k != e.var.name}
        return dataclasses.replace(
            e, collection=substitute(e.collection, mapping),
            condition=None if e.condition is None else substitute(e.condition, inner))
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(e):
        value = getattr(e, f.name)
        if isinstance(value, _EXPRS):
            changes[f.name] = substitute(value, mapping)
        elif isinstance(value, tuple) and value and isinstance(value[0], _EXPRS):
            changes[f.name] = tuple(substitute(v, mapping) for v in value)
    return dataclasses.replace(e, **changes) if changes else e


def leaf_conditions(program: c.Program, e: c.Expr, mapping: dict[str, c.Expr] | None = None
                    ) -> Iterable[c.Expr]:
    """The atoms of a condition: definitions are opened outside quantifiers, in order."""
    mapping = mapping or {}
    match e:
        case c.Lit():
            return
        case c.Not(operand=operand):
            yield from leaf_conditions(program, operand, mapping)
        case c.And(operands=operands) | c.Or(operands=operands):
            for o in operands:
                yield from leaf_conditions(program, o, mapping)
        case c.DefRef(key=key, argument=argument) if isinstance(e.type, c.BoolT):
            d = program.definitions[key]
            if d.body is None:
                yield substitute(e, mapping)
                return
            inner: dict[str, c.Expr] = {}
            if argument is not None and d.parameter is not None:
                inner[d.parameter.name] = substitute(argument, mapping)
            yield from leaf_conditions(program, d.body, inner)
        case _:
            yield substitute(e, mapping)


def decision_atoms(programs: Sequence[c.Program], encodings: Sequence[LawEncoding],
                   decision: str) -> list[Atom]:
    """The atoms of one decision's rules in every version, each once (same term, same atom)."""
    out: list[Atom] = []
    seen: set[int] = set()
    renderers = named_apart(programs)
    for index, (program, law) in enumerate(zip(programs, encodings)):
        d = program.decisions.get(decision)
        if d is None:
            continue
        english = renderers[index]
        for rule in d.rules:
            for leaf in leaf_conditions(program, rule.condition):
                term = law.term(leaf, {})
                key = term.get_id()
                if key in seen or z3.is_true(term) or z3.is_false(term):
                    continue
                seen.add(key)
                out.append(Atom(leaf, index, term, english))
    return out


# ------------------------------------------------------------------------------------ cubes
Cube = tuple[tuple[int, bool], ...]  # (atom index, value) pairs, in atom order


@dataclass
class Cover:
    cubes: list[Cube]
    complete: bool  # False when the listing stopped at the limit


class Coverer:
    """Covers formulas over one space by cubes of atom literals."""

    def __init__(self, space: FactSpace, atoms: Sequence[Atom], timeout_ms: int = 30000) -> None:
        self.space = space
        self.atoms = list(atoms)
        self.timeout_ms = timeout_ms
        self.indicators = [z3.Bool(f"atom-literal#{i}", space.ctx)
                           for i in range(len(self.atoms))]

    def literal(self, index: int, value: bool) -> Any:
        term = self.atoms[index].term
        return term if value else z3.Not(term)

    def formula(self, cube: Cube) -> Any:
        if not cube:
            return z3.BoolVal(True, self.space.ctx)
        return z3.And(*[self.literal(i, v) for i, v in cube])

    def _solver(self, *formulas: Any) -> z3.Solver:
        s = z3.Solver(ctx=self.space.ctx)
        s.set("timeout", self.timeout_ms)
        s.add(*self.space.assumptions(), *formulas)
        return s

    def is_empty(self, formula: Any) -> bool:
        result = self._solver(formula).check()
        if result == z3.unknown:
            raise RegionError("the solver gave up (timeout) on a region")
        return bool(result == z3.unsat)

    def cover(self, target: Any, limit: int = 24) -> Cover:
        find = self._solver(target)
        inside = self._solver(z3.Not(target))
        cubes: list[Cube] = []
        while True:
            result = find.check()
            if result == z3.unsat:
                break
            if result != z3.sat:  # a timeout: the regions listed so far, marked incomplete
                return Cover(cubes, False)
            if len(cubes) >= limit:
                return Cover(self._prune(cubes, target), False)
            model = find.model()
            full = tuple((i, z3.is_true(model.eval(a.term, model_completion=True)))
                         for i, a in enumerate(self.atoms))
            cube = self._generalise(inside, full)
            cubes.append(cube)
            find.add(z3.Not(self.formula(cube)))
        return Cover(self._prune(cubes, target), True)

    def _generalise(self, inside: z3.Solver, full: Cube) -> Cube:
        """Drop literals while the cube stays inside the target (unsat core, then one by one)."""
        inside.push()
        try:
            for i, v in full:
                inside.add(z3.Implies(self.indicators[i], self.literal(i, v)))
            value = dict(full)
            result = inside.check(*[self.indicators[i] for i, _ in full])
            if result != z3.unsat:
                raise RegionError("the atoms of the laws do not decide the outcome")
            core = {int(str(b).split("#")[1]) for b in inside.unsat_core()}
            keep = sorted(core, key=lambda i: -self._cost(i, value[i]))
            for i in list(keep):
                trial = [j for j in keep if j != i]
                if inside.check(*[self.indicators[j] for j in trial]) == z3.unsat:
                    keep = trial
            return tuple(sorted((i, value[i]) for i in keep))
        finally:
            inside.pop()

    def _cost(self, index: int, value: bool) -> int:
        """Literals tried first for dropping: long, negative, quantified ones."""
        atom = self.atoms[index]
        cost = len(atom.words(value))
        if not value:
            cost += 40
        if isinstance(atom.expr, c.Quant):
            cost += 60
        return cost

    def inhabited(self, formulas: Sequence[Any]) -> list[bool]:
        """For each formula, whether some case meets it: one solver, each formula asked under
        its own flag (as `not is_empty`, without a solver per question)."""
        solver = self._solver()
        out = []
        for n, formula in enumerate(formulas):
            flag = z3.Bool(f"inhabited#{n}", self.space.ctx)
            solver.add(flag == formula)
            result = solver.check(flag)
            if result == z3.unknown:
                raise RegionError("the solver gave up (timeout) on a region")
            out.append(result == z3.sat)
        return out

    def overlapping(self, cubes: Sequence[Cube]) -> bool:
        """Whether some case is in two of the cubes (else they partition what they cover)."""
        if len(cubes) < 2:
            return False
        solver = self._solver()
        flags = []
        for n, cube in enumerate(cubes):
            flag = z3.Bool(f"overlap#{n}", self.space.ctx)
            solver.add(flag == self.formula(cube))
            flags.append(flag)
        for n, flag in enumerate(flags[:-1]):
            if solver.check(flag, z3.Or(*flags[n + 1:])) != z3.unsat:
                return True
        return False

    def _prune(self, cubes: list[Cube], target: Any) -> list[Cube]:
        """Leave out cubes the others already cover (the cover stays exact).

        One solver holds a flag per cube (flag ⇔ the cube's formula); each question is asked
        under assumptions, so no formula is rebuilt for every pair of cubes."""
        if len(cubes) < 2:
            return list(cubes)
        solver = self._solver()
        flags: dict[Cube, Any] = {}
        for n, cube in enumerate(cubes):
            flag = z3.Bool(f"cube#{n}", self.space.ctx)
            solver.add(flag == self.formula(cube))
            flags[cube] = flag
        kept = list(cubes)
        for cube in sorted(cubes, key=len, reverse=True):
            others = [k for k in kept if k != cube]
            if not others:
                continue
            result = solver.check(flags[cube], *[z3.Not(flags[k]) for k in others])
            if result == z3.unknown:
                raise RegionError("the solver gave up (timeout) on a region")
            if result == z3.unsat:
                kept = others
        return kept


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
            for node in _walk(atom.expr):
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


def _walk(e: c.Expr) -> Iterable[c.Expr]:
    yield e
    for f in dataclasses.fields(e):
        value = getattr(e, f.name)
        if isinstance(value, _EXPRS):
            yield from _walk(value)
        elif isinstance(value, tuple):
            for v in value:
                if isinstance(v, _EXPRS):
                    yield from _walk(v)


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
                 count: int) -> None:
        self.space = space
        self.programs = list(programs)
        self.seed = seed
        self.count = count
        self.read: dict[str, set[str]] = {}
        for program in programs:
            for record, fields in read_fields(program).items():
                self.read.setdefault(record, set()).update(fields)
        rng = random.Random(seed)
        self.interpreters = [Interpreter(p) for p in self.programs]
        self.cases: list[dict[str, object]] = []
        self.parsed: list[list[Any]] = [[] for _ in self.programs]
        for _ in range(count * _TRIES):  # only cases that meet the laws' assumptions
            if len(self.cases) == count:
                break
            case = self._record(rng, ROOT)
            parsed: list[Any] = []
            try:  # each version's reading, checked before the next is read
                for program, interpreter in zip(self.programs, self.interpreters):
                    parsed.append(parse_facts(program, case))
                    interpreter.check_assumptions(parsed[-1])
            except FactsError:
                continue
            self.cases.append(case)
            for kept, one in zip(self.parsed, parsed):
                kept.append(one)

    def _record(self, rng: random.Random, record: str) -> dict[str, object]:
        fields = self.space.fields_of(record)
        out: dict[str, object] = {}
        for name, decl in fields.items():
            if name in self.read.get(record, set()):
                out[names.key(name)] = self._value(rng, decl.type)
        return out

    def _value(self, rng: random.Random, t: c.Type) -> object:
        match t:
            case c.BoolT():
                return rng.random() < 0.5
            case c.IntT(low=low, high=high) | c.DurationT(low=low, high=high):
                return rng.randint(0 if low is None else low, 100 if high is None else high)
            case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
                a = 0 if low is None else int(low * 100)
                b = 10000 if high is None else int(high * 100)
                return f"{rng.randint(a, b) / 100:.2f}"
            case c.DateT():
                return datetime.date.fromordinal(
                    rng.randint(DATE_MIN.toordinal(), DATE_MAX.toordinal())).isoformat()
            case c.CodeT(forms=forms) if forms:  # only codes decide() accepts
                codes = self.space.codes
                return codes[rng.choice(code_forms.fitting(codes, forms))]
            case c.CodeT():
                return rng.choice(self.space.codes + [self.space.other_code])
            case c.EnumT(name=enum):
                return rng.choice(self.space.enums[enum])
            case c.RecordT(name=record):
                return self._record(rng, record)
            case c.ListT(element=element):
                return [self._record(rng, element)
                        for _ in range(rng.randint(0, self.space.list_bound))]
            case c.SetT() | c.SpanT() | c.ErrorT():  # sets are inlined; spans and errors are never encoded
                raise AssertionError(t)
            case _:
                assert_never(t)

    def atom_values(self, atoms: Sequence[Atom]) -> list[tuple[bool, ...]]:
        return [tuple(self._holds(a, k) for a in atoms) for k in range(len(self.cases))]

    def _holds(self, atom: Atom, k: int) -> bool:
        """Whether the atom holds for the k-th case; a condition whose arithmetic fails for it
        (a division by zero) does not hold (the case itself is `cannot be decided`)."""
        try:
            return bool(self.interpreters[atom.program].eval(
                atom.expr, self.parsed[atom.program][k], {}))
        except LawError:
            return False


def proportion(hits: int, total: int) -> tuple[float, float]:
    """A share and the half-width of its 95% interval (normal approximation, at least 1/total)."""
    if total == 0:
        return 0.0, 1.0
    p = hits / total
    return p, max(1.96 * math.sqrt(p * (1 - p) / total), 1 / total)


def in_cube(values: tuple[bool, ...], cube: Cube) -> bool:
    return all(values[i] == v for i, v in cube)


__all__ = ["Atom", "Boxes", "Cover", "Coverer", "Cube", "RegionError", "Sampler", "SymList",
           "decision_atoms", "exact_measure", "in_cube", "leaf_conditions", "named_apart",
           "proportion", "substitute"]
