"""Exact shares among the cases that can exist: the uniform measure of the diff's footnote,
conditioned on the laws' assumptions about facts (`assume …`).

Takes the diff's space, its programs and their encodings, and one decision's atoms; gives the
exact measure `diff.py` adds regions up with: `regions.Boxes` when no assumption applies, else
`AssumedBoxes`, whose share of a set of cubes is μ(cubes ∧ A) / μ(A), A the conjunction of the
assumptions, so that a case breaking one is counted in neither the numerator nor the
denominator (as the seeded estimate, `regions.Sampler`, draws such a case again). A is written as
the boxes (one piece of each fact it reads) in which every assumption holds, found by trying each
combination of pieces; the measure stays exact only when every assumption's atoms read one fact
outside lists (as for the decision's atoms), there are at most `COMBINATIONS` combinations and
the request's in-force period (`space.IN_FORCE_DATE`) bounds no fact the atoms read; otherwise
None: the share is estimated.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import z3

from compiler.analysis.regions import Atom, Cube, leaf_conditions
from compiler.analysis.shares import Box, Boxes, exact_measure
from compiler.analysis.smt import FactSpace, LawEncoding
from compiler.core import ast as c
from compiler.core.assumptions import applicable
from compiler.core.english import English
from compiler.core.facts import read_fields_of

COMBINATIONS = 4096  # of the pieces of the facts the assumptions read, tried one by one


class AssumedBoxes:
    """Exact shares of unions of cubes among the boxes `allowed` (those meeting every
    assumption)."""

    def __init__(self, boxes: Boxes, allowed: list[Box]) -> None:
        self.boxes = boxes
        self.allowed = allowed
        self.total = boxes.measure_boxes(allowed)

    def measure(self, cubes: Sequence[Cube]) -> float:
        inside = [b for b in (self.boxes.box(cube) for cube in cubes) if b is not None]
        met = [m for b in inside for a in self.allowed if (m := _meet(b, a)) is not None]
        return self.boxes.measure_boxes(met) / self.total


def _meet(a: Box, b: Box) -> Box | None:
    out = dict(a)
    for dim, allowed in b.items():
        out[dim] = out[dim] & allowed if dim in out else allowed
        if not out[dim]:
            return None
    return out


def _variables(term: Any) -> set[int]:
    out: set[int] = set()
    stack, seen = [term], set()
    while stack:
        t = stack.pop()
        if t.get_id() in seen:
            continue
        seen.add(t.get_id())
        if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out.add(t.get_id())
        else:
            stack.extend(t.children())
    return out


def exact_shares(space: FactSpace, programs: Sequence[c.Program], laws: Sequence[LawEncoding],
                 atoms: Sequence[Atom]) -> Boxes | AssumedBoxes | None:
    """The exact measure of the decision's regions among the cases meeting the assumptions,
    or None where it cannot be had exactly (the share is then estimated)."""
    plain = exact_measure(space, atoms)
    if plain is None:
        return None
    read: dict[str, set[str]] = {}
    for program in programs:
        for record, fields in read_fields_of(program).items():
            read.setdefault(record, set()).update(fields)
    extra: list[Atom] = []
    terms: list[Any] = []
    seen: set[tuple[str, int, int]] = set()
    for index, (program, law) in enumerate(zip(programs, laws)):
        for assumption in applicable(program, read):
            where = (assumption.file, assumption.span.line, assumption.span.column)
            if where in seen:
                continue
            seen.add(where)
            terms.append(law.boolean(assumption.condition, {}))
            for leaf in leaf_conditions(program, assumption.condition):
                term = law.term(leaf, {})
                if not (z3.is_true(term) or z3.is_false(term)):
                    extra.append(Atom(leaf, index, term, English(program)))
    boxes = exact_measure(space, [*atoms, *extra])
    if boxes is None:
        return None
    covered = {var.get_id() for d in boxes.dimensions for p in d.pieces for var, _ in p.values}
    declared = {t.get_id() for t in terms}
    space.assumptions()  # the declared assumptions and the in-force period, made now
    for term in space.assumed:  # the period: exact only if it bounds no fact measured here
        if term.get_id() not in declared and _variables(term) & covered:
            return None
    if not terms:
        return plain
    dims = sorted({boxes.atom_sets[len(atoms) + k][0] for k in range(len(extra))})
    sizes = [len(boxes.dimensions[d].pieces) for d in dims]
    count = 1
    for size in sizes:
        count *= size
    if count > COMBINATIONS:
        return None
    allowed: list[Box] = []
    for combo in itertools.product(*[range(n) for n in sizes]):
        values = [pair for d, k in zip(dims, combo)
                  for pair in boxes.dimensions[d].pieces[k].values]
        truth = [z3.simplify(z3.substitute(t, *values)) for t in terms]
        if any(not (z3.is_true(x) or z3.is_false(x)) for x in truth):
            return None
        if all(z3.is_true(x) for x in truth):
            allowed.append({d: frozenset({k}) for d, k in zip(dims, combo)})
    if not allowed:
        return None
    return AssumedBoxes(boxes, allowed)


__all__ = ["COMBINATIONS", "AssumedBoxes", "exact_shares"]
