"""Readable regions: a formula over the facts, covered by short conjunctions of the laws' atoms.

Takes two programs over one `FactSpace` (see `smt.py`); gives their atoms (each comparison,
membership, yes/no fact and quantified condition of their rules, definitions expanded outside
quantifiers), covers of any formula by cubes of atom literals (prime implicants, found one by one
with unsat cores and greedy literal dropping, each blocked once found). The share of the input
space a set of cubes covers (exact boxes, or seeded samples through the reference interpreter)
is `analysis/shares.py`, under this measure: every fact independent and uniform over its
declared domain (yes/no half and half; each value of a list of values; each code a law mentions,
plus one none mentions; whole numbers within their bounds; dates from 1900-01-01 to 2100-12-31;
a list's length from 0 to the bound).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import z3

from compiler.analysis.shared_solver import FreshView, SharedSolver, View
from compiler.analysis.smt import LawEncoding
from compiler.analysis.space import FactSpace, SymList
from compiler.core import ast as c
from compiler.core.english import English

_EXPRS = (c.Lit, c.Root, c.Var, c.Field, c.DefRef, c.DecisionRef, c.Not, c.And, c.Or, c.Cmp,
          c.InSet, c.Arith, c.Quant, c.Aggregate)


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
    if isinstance(e, c.Aggregate):
        inner = {k: v for k, v in mapping.items() if k != e.var.name}
        return dataclasses.replace(
            e, collection=substitute(e.collection, mapping),
            measure=substitute(e.measure, inner),
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

    def __init__(self, space: FactSpace, atoms: Sequence[Atom], timeout_ms: int = 30000,
                 shared: SharedSolver | None = None) -> None:
        self.space = space
        self.atoms = list(atoms)
        self.timeout_ms = timeout_ms
        self.shared = shared  # the space's one solver (made on the first question if None)
        self.indicators = [z3.Bool(f"atom-literal#{i}", space.ctx)
                           for i in range(len(self.atoms))]

    def literal(self, index: int, value: bool) -> Any:
        term = self.atoms[index].term
        return term if value else z3.Not(term)

    def formula(self, cube: Cube) -> Any:
        if not cube:
            return z3.BoolVal(True, self.space.ctx)
        return z3.And(*[self.literal(i, v) for i, v in cube])

    @contextmanager
    def _solver(self, *formulas: Any) -> Iterator[View | FreshView]:
        """An asker of the space's one solver holding `formulas`, retired after the block."""
        if self.shared is None:
            self.shared = SharedSolver(self.space, self.timeout_ms)
        view = self.shared.view()
        try:
            view.add(*formulas)
            yield view
        finally:
            view.close()

    def is_empty(self, formula: Any) -> bool:
        with self._solver(formula) as solver:
            result = solver.check()
        if result == z3.unknown:
            raise RegionError("the solver gave up (timeout) on a region")
        return bool(result == z3.unsat)

    def cover(self, target: Any, limit: int = 24) -> Cover:
        with self._solver(target) as find, self._solver(z3.Not(target)) as inside:
            return self._cover(find, inside, target, limit)

    def _cover(self, find: View | FreshView, inside: View | FreshView, target: Any,
               limit: int) -> Cover:
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

    def _generalise(self, inside: View | FreshView, full: Cube) -> Cube:
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
        with self._solver() as solver:
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
        with self._solver() as solver:
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
        with self._solver() as solver:
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


__all__ = ["Atom", "Cover", "Coverer", "Cube", "RegionError", "SymList", "decision_atoms",
           "leaf_conditions", "named_apart", "substitute"]
