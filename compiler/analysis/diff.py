"""The version diff: exactly who gets a different outcome between two versions of a law.

Takes two `Program`s that read the same vocabulary (their surface ASTs for the words of the
structural changes; optionally a table of cases and one case); gives a `diff_result.Diff`, frozen
dataclasses that `diff_result.to_json` writes in the schema of docs/diff.md (`lawc-diff/1`) and
`compiler.reports` renders as text, Markdown or HTML:

- `structure`: provisions added, removed, changed and moved, matched by citation first and then
  by their words, with the changed words (`diff_structure`);
- per decision both versions have, `transitions`: every pair old outcome → new outcome that some
  case reaches; each changed pair is covered exactly by a short list of regions (conjunctions of
  the laws' own conditions, in English, from `regions.Coverer`), each with a witness case that the
  reference interpreter re-decides, and with its share of the input space (`regions`); and
  `coverage`: each outcome's share under both versions. Two versions that decide alike get a
  proof ("no case, with lists of up to N records, is decided differently"), not a sample;
- with a population, counts and example rows in every cell; with one case, both versions'
  deciding provisions side by side (their quotes from the core IR) and the provision that
  flipped it.

Shares are exact when every atom reads one fact outside lists (among the cases that meet the laws'
assumptions: `diff_measure`); otherwise they are seeded estimates with a 95% interval, and say so
(`measure.method`).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import z3

from compiler.analysis import diff_amounts
from compiler.analysis.diff_result import SCHEMA, CaseDecision, CaseDiff, Coverage, \
    DecisionDiff, Diff, Measure, Population, Region, Rows, Share, Statute, Transition, Witness
from compiler.analysis.diff_structure import structure
from compiler.analysis.diff_measure import AssumedBoxes, exact_shares
from compiler.analysis.evaluable import evaluable
from compiler.analysis.diff_case import explain_side
from compiler.analysis.diff_shared import SharedWork, row_by_row
from compiler.analysis.regions import Cover, Coverer, Cube, RegionError, decision_atoms
from compiler.analysis.shared_solver import FreshView, SharedSolver, View
from compiler.analysis.shares import AtomColumns, Boxes, Sampler, in_cube, proportion
from compiler.analysis.smt import CONFLICT, DATE_MAX, DATE_MIN, DEFAULT_LIST_BOUND, GAP, \
    FactSpace, LawEncoding
from compiler.analysis.witness import given_lines
from compiler.core import ast as c
from compiler.core.facts import FactsError, parse_facts
from compiler.interpret import Interpreter, LawConflict, LawError, LawGap
from compiler.interpret_fast import FastInterpreter
from compiler.population import read_population
from compiler.runtime_explain import words
from compiler.surface import ast as s

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 2011
EXAMPLE_ROWS = 3
WITNESS_ROUNDS = 16  # rounds of leaving out soft constraints before any model will do
EXACT_CUBE_LIMIT = 40  # past this many regions, a share is estimated (and marked so)
SOLVER_TIMEOUT_MS = 30000  # a question the solver has not answered by then: a timeout

Decided = tuple[int, dict[str, tuple[str, str]]]  # a population row: its number, outcomes old/new
Progress = Callable[[str], None]  # told, before each step of a diff, what the step is


def _no_progress(step: str) -> None:
    pass


# -------------------------------------------------------------------------------- outcomes
def outcome_labels(program: c.Program, decision: str) -> list[str]:
    d = program.decisions[decision]
    if isinstance(d.type, c.EnumT):
        return list(program.enums[d.type.name].values)
    if c.is_computed(d) or not isinstance(d.type, c.BoolT):  # amounts, dates, numbers, …
        return diff_amounts.value_labels(d)
    return ["no", "yes"]


def no_value_label(d: c.Decision) -> str:
    """The label of a case no rule decides: `not known` for a decision given `, if known`
    (its value is then the law's own answer), else `gap`."""
    return NOT_KNOWN if d.optional else "gap"


def special_labels(program: c.Program, decision: str) -> list[str]:
    """The labels of a decision's cases that are not one of its values."""
    return ["conflict", no_value_label(program.decisions[decision])]


def _label(program: c.Program, decision: str, index: int) -> str:
    if index == CONFLICT:
        return "conflict"
    if index == GAP:
        return no_value_label(program.decisions[decision])
    return outcome_labels(program, decision)[index]


def _index(program: c.Program, decision: str, label: str) -> int:
    if label == "conflict":
        return CONFLICT
    if label in ("gap", NOT_KNOWN):
        return GAP
    return outcome_labels(program, decision).index(label)


def value_label(value: object) -> str:
    """An outcome as a label: the runtime's one wording of values (yes/no, a value's words)."""
    return words(value)


UNDECIDABLE = "cannot be decided"  # the label of a case the law's arithmetic fails on
NOT_KNOWN = words(None)  # the label of a case a decision given `, if known` leaves unknown


def decide_label(interpreter: Interpreter, program: c.Program, decision: str,
                 case: Any) -> str:
    try:
        return value_label(interpreter.evaluate(decision, case))
    except LawConflict:
        return "conflict"
    except LawGap:
        return "gap"
    except LawError:  # the law's own arithmetic fails for this case (a division by zero)
        return UNDECIDABLE


def statute_summary(program: c.Program) -> Statute:
    return Statute(path=program.path, file=program.file, title=program.title,
                   jurisdiction=program.header.get("jurisdiction"),
                   in_force_from=program.header.get("in force from"),
                   in_force_until=program.header.get("in force until"))


def _share(value: float, error: float, estimated: bool = False) -> Share:
    return Share(value=value, error=error, estimated=True if estimated else None)


# ------------------------------------------------------------------------------------ diff
class VersionDiff:
    """Computes the diff of two versions; `result()` gives the typed `Diff`."""

    def __init__(self, old: c.Program, new: c.Program, *, old_tree: s.File | None = None,
                 new_tree: s.File | None = None, list_bound: int = DEFAULT_LIST_BOUND,
                 samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                 region_limit: int = 24, shared: SharedWork | None = None,
                 progress: Progress | None = None) -> None:
        self.old, self.new = old, new
        self.shared = shared
        self.progress = progress or _no_progress
        self.programs = [old, new]
        self.old_tree, self.new_tree = old_tree, new_tree
        self.bound = list_bound
        self.samples = samples
        self.seed = seed
        self.region_limit = region_limit
        self.space = FactSpace(self.programs, list_bound)
        self.laws = [LawEncoding(p, self.space) for p in self.programs]
        # regions and witnesses are cases that can exist (the laws' `assume …`), requested
        # while the newer version is in force
        self.space.assume(period=(new.header.get("in force from"),
                                  new.header.get("in force until")))
        self.interpreters: list[Interpreter] = [
            shared.interpreter(p) if shared else FastInterpreter(p) for p in self.programs]
        self.solver = SharedSolver(self.space, SOLVER_TIMEOUT_MS)  # every question of the diff
        self._witness_solver: View | FreshView | None = None
        self._soft_flags: list[Any] = []
        self._parsed: dict[int, list[Any]] = {}  # population rows, parsed for each version
        self._population: Any = None  # engines.versions.PopulationRun, when DuckDB counted
        self._sampler: Sampler | None = None
        self._sample_cache: dict[str, list[tuple[str, str]]] = {}

    def sampler(self) -> Sampler:
        if self._sampler is None:
            self._sampler = Sampler(self.space, self.programs, self.seed, self.samples,
                                    self.interpreters)
        return self._sampler

    def common_decisions(self) -> list[str]:
        return [n for n in self.old.decisions if n in self.new.decisions]

    def result(self, population: list[Decided] | None = None,
               population_name: str | None = None, population_failures: Sequence[str] = (),
               case: dict[str, object] | None = None) -> Diff:
        summary = None
        if population is not None:
            summary = Population(file=population_name, rows=len(population),
                                 failures=tuple(population_failures),
                                 synthetic=bool(population_name and
                                                "synthetic" in population_name))
        return Diff(
            schema=SCHEMA, old=statute_summary(self.old), new=statute_summary(self.new),
            list_bound=self.bound, date_range=(DATE_MIN.isoformat(), DATE_MAX.isoformat()),
            structure=structure(self.old, self.new, self.old_tree, self.new_tree),
            decisions_only_in_old=tuple(n for n in self.old.decisions
                                        if n not in self.new.decisions),
            decisions_only_in_new=tuple(n for n in self.new.decisions
                                        if n not in self.old.decisions),
            decisions=tuple(self.decision(n, population) for n in self.common_decisions()),
            population=summary, case=None if case is None else self.case(case))

    # ------------------------------------------------------------------------- per decision
    def decision(self, name: str, population: list[Decided] | None) -> DecisionDiff:
        old, new = self.old, self.new
        atoms = decision_atoms(self.programs, self.laws, name)
        coverer = Coverer(self.space, atoms, shared=self.solver)
        labels_old = outcome_labels(old, name) + special_labels(old, name) + self._failing(0, name)
        labels_new = outcome_labels(new, name) + special_labels(new, name) + self._failing(1, name)
        target = self._targets(name)
        by_amount = name in self._by_amount
        totals = diff_amounts.totals(new.decisions[name], population)
        if by_amount:  # an amount in both: the same, or a different one
            same, different = diff_amounts.same_and_different(new.decisions[name])
            labels_new.append(different)
            population = None if population is None else [
                (number, {**labels, name: diff_amounts.relabel(new.decisions[name],
                                                               labels[name])})
                if name in labels else (number, labels) for number, labels in population]

        def cell(a: str, b: str) -> Any:
            if by_amount and a == same and b in (same, different):
                return z3.And(target(0, same), target(1, same), diff_amounts.amounts_differ(
                    self.laws[0], self.laws[1], name, b == different))
            return z3.And(target(0, a), target(1, b))

        pairs = diff_amounts.pairs(new.decisions[name], by_amount, labels_old, labels_new)
        self.progress(f"{name}: which outcomes can change")
        inhabited = coverer.inhabited([cell(a, b) for a, b in pairs])
        reachable = [pair for pair, yes in zip(pairs, inhabited) if yes]
        identical = all(a == b for a, b in reachable)
        boxes = exact_shares(self.space, self.programs, self.laws, atoms)
        outcomes = [label for label in dict.fromkeys(
            outcome_labels(old, name) + outcome_labels(new, name) + [a for a, _ in reachable]
            + [b for _, b in reachable]) if not by_amount or label != different]
        sampled = None if boxes is not None else self._sampled_outcomes(name)
        values = None if sampled is None else self.sampler().atom_columns(atoms)
        cells: dict[tuple[str, str], list[int]] = {}
        for number, labels in population or ():
            if name in labels:
                cells.setdefault(labels[name], []).append(number)
        transitions: list[Transition] = []
        for a, b in reachable:
            if a == b:
                transitions.append(Transition(old=a, new=b, changed=False, share=self._cell_share(
                    name, a, b, boxes, sampled, coverer, cell)))
                continue
            self.progress(f"{name}: {a} → {b}: regions")
            found = diff_amounts.cover_or_none(coverer, cell(a, b), self.region_limit)
            if found is None:  # amounts that the laws' conditions alone do not tell apart
                transitions.append(diff_amounts.by_number(self, name, a, b, cell(a, b),
                                                           cells.get((a, b))))
                continue
            cover = found
            rows = self._atom_rows(atoms, cells.get((a, b), [])) if population else None
            regions = tuple(sorted(
                (self._region(coverer, cube, cell(a, b), a, b, name, boxes, values, rows)
                 for cube in cover.cubes),
                key=lambda g: (-(g.population.count if g.population else 0), -g.share.value,
                               len(g.conditions), g.conditions)))
            if boxes is not None and cover.complete:
                share = _share(boxes.measure(cover.cubes), 0.0)
            else:
                share = self._cell_share(name, a, b, boxes, sampled, coverer, cell)
            transitions.append(Transition(old=a, new=b, changed=True, share=share,
                                          complete=cover.complete, regions=regions,
                                          overlapping=coverer.overlapping(cover.cubes)))
        self.progress(f"{name}: each outcome's share")
        coverage = [Coverage(outcome=label,
                             old=self._coverage(0, name, label, boxes, sampled, coverer, target),
                             new=self._coverage(1, name, label, boxes, sampled, coverer, target))
                    for label in outcomes]
        if population is not None:
            transitions, coverage = self._with_population(name, population, transitions,
                                                          coverage)
        return DecisionDiff(
            name=name, question=self.new.decisions[name].question, outcomes=tuple(outcomes),
            identical=identical,
            proof=(f"no case (lists of up to {self.bound} records) is decided differently: "
                   "the solver proved \"the outcomes differ\" unsatisfiable" if identical
                   else None),
            measure=self._measure_note(boxes), atoms=len(atoms), transitions=tuple(transitions),
            coverage=tuple(coverage), totals=totals)

    def _measure_note(self, boxes: Boxes | AssumedBoxes | None) -> Measure:
        if boxes is not None:
            return Measure(method="exact",
                           how="each fact's domain cut at the constants both versions use; "
                               "regions measured as sums of disjoint boxes" + (
                                   ", among the cases that meet the laws' assumptions"
                                   if isinstance(boxes, AssumedBoxes) else ""))
        return Measure(method="estimate", samples=self.samples, seed=self.seed,
                       how=f"{self.samples} seeded uniform cases (seed {self.seed}) decided by "
                           "both versions; ± is a 95% interval")

    def _sampled_outcomes(self, name: str) -> list[tuple[str, str]]:
        self.progress(f"{name}: {self.samples} seeded cases decided by both versions")
        s = self.sampler()
        return [self._relabel(name, (
            decide_label(self.interpreters[0], self.old, name, s.parsed[0][k]),
            decide_label(self.interpreters[1], self.new, name, s.parsed[1][k])))
            for k in range(len(s.cases))]

    @functools.cached_property
    def _by_amount(self) -> frozenset[str]:
        """The common decisions whose values both versions compute (compared as amounts)."""
        return frozenset(n for n in self.common_decisions()
                         if all(diff_amounts.by_amount(p.decisions[n]) for p in self.programs))

    def _relabel(self, name: str, pair: tuple[str, str]) -> tuple[str, str]:
        if name in self._by_amount:
            return diff_amounts.relabel(self.new.decisions[name], pair)
        return pair

    def _targets(self, name: str) -> Callable[[int, str], Any]:
        """The cases in which version 0 or 1 of the decision gets a label."""
        outs = [law.outcome(name) for law in self.laws]

        def target(version: int, label: str) -> Any:
            program, law = self.programs[version], self.laws[version]
            d = program.decisions[name]
            ok = self._evaluable(version, name)
            if label == UNDECIDABLE:  # the law's arithmetic fails (a division by 0, …)
                return z3.Not(ok)
            if c.is_computed(d):
                formula = diff_amounts.target(law, d, label)
            else:
                formula = outs[version] == _index(program, name, label)
            return formula if ok is None else z3.And(formula, ok)
        return target

    def _failing(self, version: int, name: str) -> list[str]:
        """`cannot be decided`, for a version that cannot evaluate the decision for some
        case (`analysis/evaluable.py`): its own transitions, so that the shares add up."""
        return [UNDECIDABLE] if self._evaluable(version, name) is not None else []

    @functools.lru_cache(maxsize=None)  # noqa: B019 (one diff's formulas, kept while it lives)
    def _evaluable(self, version: int, name: str) -> Any:
        return evaluable(self.laws[version], name)

    def _cell_share(self, name: str, a: str, b: str, boxes: Boxes | AssumedBoxes | None,
                    sampled: list[tuple[str, str]] | None, coverer: Coverer, cell: Any
                    ) -> Share:
        if sampled is not None:
            return _share(*proportion(sum(1 for x in sampled if x == (a, b)), len(sampled)))
        assert boxes is not None
        cover = (diff_amounts.cover_or_none(coverer, cell(a, b), EXACT_CUBE_LIMIT)
                 or Cover([], False))
        if not cover.complete:  # too many regions to add up: estimate, and say so
            hits = sum(1 for x in self._samples_for(name) if x == (a, b))
            return _share(*proportion(hits, len(self._samples_for(name))), estimated=True)
        return _share(boxes.measure(cover.cubes), 0.0)

    def _samples_for(self, name: str) -> list[tuple[str, str]]:
        if name not in self._sample_cache:
            self._sample_cache[name] = self._sampled_outcomes(name)
        return self._sample_cache[name]

    def _coverage(self, version: int, name: str, label: str, boxes: Boxes | AssumedBoxes | None,
                  sampled: list[tuple[str, str]] | None, coverer: Coverer,
                  target: Callable[[int, str], Any]) -> Share | None:
        program = self.programs[version]
        if label not in outcome_labels(program, name) + special_labels(program, name) + self._failing(
                version, name):
            return None
        same = {label} | ({diff_amounts.same_and_different(program.decisions[name])[1]}
                          if name in self._by_amount and version == 1 else set())
        if sampled is not None:
            return _share(*proportion(sum(1 for x in sampled if x[version] in same),
                                      len(sampled)))
        assert boxes is not None
        formula = target(version, label)
        if coverer.is_empty(formula):
            return _share(0.0, 0.0)
        cover = diff_amounts.cover_or_none(coverer, formula, EXACT_CUBE_LIMIT) or Cover([], False)
        if not cover.complete:  # too many regions to add up: estimate, and say so
            hits = sum(1 for x in self._samples_for(name) if x[version] in same)
            return _share(*proportion(hits, len(self._samples_for(name))), estimated=True)
        return _share(boxes.measure(cover.cubes), 0.0)

    def _atom_rows(self, atoms: Sequence[Any], numbers: Sequence[int]
                   ) -> list[tuple[int, tuple[bool, ...]]] | None:
        """Each population row of one cell with its atoms' values (None when the rows were
        not decided here, so are not at hand)."""
        if self._population is not None:
            return self._population.atom_rows(atoms, numbers)  # type: ignore[no-any-return]
        if any(n not in self._parsed for n in numbers):
            return None
        return [(n, tuple(bool(self.interpreters[a.program].eval(
            a.expr, self._parsed[n][a.program], {})) for a in atoms)) for n in numbers]

    def _region(self, coverer: Coverer, cube: Cube, target: Any, a: str, b: str, name: str,
                boxes: Boxes | AssumedBoxes | None, values: AtomColumns | None,
                rows: list[tuple[int, tuple[bool, ...]]] | None = None) -> Region:
        atoms = coverer.atoms
        conditions = tuple(atoms[i].words(v) for i, v in cube)
        self.progress(f"{name}: {a} → {b}: a case of region {'; '.join(conditions) or 'always'}")
        facts = self.witness(z3.And(target, coverer.formula(cube)))
        got = self.rerun(name, facts)
        if got != (a, b):
            raise RegionError(f"witness decided {got}, expected {(a, b)}: {json.dumps(facts)}")
        if boxes is not None:
            share = _share(boxes.measure([cube]), 0.0)
        else:
            assert values is not None
            share = _share(*proportion(values.count(cube), values.total))
        inside = None if rows is None else [n for n, v in rows if in_cube(v, cube)]
        return Region(conditions=conditions or ("always",),
                      sources=tuple(sorted({"old" if atoms[i].program == 0 else "new"
                                            for i, _ in cube})),
                      share=share,
                      witness=Witness(facts=facts, given=tuple(given_lines(self.new, facts))),
                      population=None if inside is None else Rows(
                          count=len(inside), examples=tuple(inside[:EXAMPLE_ROWS])),
                      change=diff_amounts.change(self, name, a, b, z3.And(
                          target, coverer.formula(cube))))

    def witness(self, formula: Any) -> dict[str, object]:
        """A readable case in `formula`: the space's soft constraints (no, short lists, dates
        of the law's time) asked as assumptions of one solver, the least weighty of an unsat
        core left out each round (a few rounds at most), then each one left out taken back if the
        rest allows it: a cheap, deterministic stand-in for `z3.Optimize`."""
        if self._witness_solver is None:
            self._witness_solver = self.solver.view()
            self._soft_flags = []
            for n, (soft, _) in enumerate(sorted(self.space.soft, key=lambda s: -s[1])):
                flag = z3.Bool(f"readable#{n}", self.space.ctx)
                self._witness_solver.add(z3.Implies(flag, soft))
                self._soft_flags.append(flag)
        solver = self._witness_solver
        solver.push()
        try:
            solver.add(formula)
            active = list(self._soft_flags)
            dropped: list[Any] = []
            for _ in range(WITNESS_ROUNDS):
                result = solver.check(*active)
                if result == z3.sat:
                    for flag in dropped:  # take back what the rest now allows
                        if solver.check(*active, flag) == z3.sat:
                            active.append(flag)
                    solver.check(*active)
                    return self.space.facts(solver.model(), self.programs)
                core = {str(b) for b in solver.unsat_core()} if result == z3.unsat else set()
                if not core:
                    break
                last = max(k for k, f in enumerate(active) if str(f) in core)
                dropped.append(active[last])
                active = active[:last] + active[last + 1:]  # the least weighty of the core
            if solver.check() != z3.sat:
                raise RegionError("a region without a case")
            return self.space.facts(solver.model(), self.programs)
        finally:
            solver.pop()

    def rerun(self, name: str, facts: dict[str, object]) -> tuple[str, str]:
        return self._relabel(name, (
            decide_label(self.interpreters[0], self.old, name, parse_facts(self.old, facts)),
            decide_label(self.interpreters[1], self.new, name, parse_facts(self.new, facts))))

    # --------------------------------------------------------------------------- population
    def _with_population(self, name: str, population: list[Decided],
                         transitions: list[Transition], coverage: list[Coverage]
                         ) -> tuple[list[Transition], list[Coverage]]:
        """The transitions and coverage with the rows of the population counted in each."""
        cells: dict[tuple[str, str], list[int]] = {}
        for number, labels in population:
            if name in labels:
                cells.setdefault(labels[name], []).append(number)
        known = {(t.old, t.new) for t in transitions}
        for key in cells:
            if key not in known:  # cannot happen if the analysis is right; say it if it does
                raise RegionError(f"a population row reached {key}, which the solver excluded")
        also: dict[str, str] = {}  # an amount the newer version computes differently is one too
        if name in self._by_amount:
            label, different = diff_amounts.same_and_different(self.new.decisions[name])
            also[different] = label
        counted = []
        for t in transitions:
            rows = cells.get((t.old, t.new), [])
            counted.append(dataclasses.replace(
                t, population=Rows(count=len(rows), examples=tuple(rows[:EXAMPLE_ROWS]))))
        totals = [dataclasses.replace(
            entry,
            population_old=sum(len(r) for k, r in cells.items() if k[0] == entry.outcome),
            population_new=sum(len(r) for k, r in cells.items()
                               if k[1] == entry.outcome or also.get(k[1]) == entry.outcome))
            for entry in coverage]
        return counted, totals

    def count_population(self, path: Path, bulk: bool = False
                         ) -> tuple[list[Decided], list[str]]:
        """Decide each row of the CSV `path` under both versions: row by row
        (`run_population`) for a small CSV (`diff_shared.row_by_row`), else (or if `bulk`) on
        DuckDB (`engines.versions`) where it is installed and gives what the interpreter gives.
        Raises `population.PopulationError` for a bad file."""
        self.progress(f"{path.name}: each row decided by both versions")
        if not bulk and row_by_row(path):  # a few thousand rows: faster than starting DuckDB
            return self.run_population(read_population(path, self.new) if self.shared is None
                                       else self.shared.rows(path, self.new), path)
        try:
            from compiler.engines.versions import PopulationRun
        except ImportError:
            run = None
        else:
            run = PopulationRun.start(self.programs, path, self.common_decisions(),
                                      self.shared.population_tables() if self.shared else None)
        if run is None and path.suffix.lower() == ".parquet":  # a Parquet file, row by row
            from compiler.engines.versions import parquet_rows

            return self.run_population(parquet_rows(path))
        if run is None:
            return self.run_population(read_population(path, self.new))
        self._population = run
        return run.decided, run.failures

    def run_population(self, rows: Sequence[tuple[int, dict[str, object]]],
                       path: Path | None = None) -> tuple[list[Decided], list[str]]:
        """Decide each row under both versions: (decided rows, failures). With the `path` the
        rows were read from (by the newer version), each version's readings and labels are
        the report's (`SharedWork.version_rows`), worked out once for all its comparisons."""
        if path is not None and self.shared is not None:
            return self._shared_population(path)
        decided: list[Decided] = []
        failures: list[str] = []
        for number, facts in rows:
            try:
                cases = [parse_facts(p, facts) for p in self.programs]
            except FactsError as exc:
                failures.append(f"row {number}: {exc}")
                continue
            self._parsed[number] = cases
            outcomes: dict[str, tuple[str, str]] = {}
            for name in self.common_decisions():
                old, new = (decide_label(i, p, name, k) for i, p, k in
                            zip(self.interpreters, self.programs, cases))
                outcomes[name] = (old, new)
            decided.append((number, outcomes))
        return decided, failures

    def _shared_population(self, path: Path) -> tuple[list[Decided], list[str]]:
        """`run_population`, from each version's readings and labels kept for the report."""
        assert self.shared is not None
        versions = [self.shared.version_rows(path, self.new, p) for p in self.programs]
        labels = {name: [v.labels(name, decide_label) for v in versions]
                  for name in self.common_decisions()}
        decided: list[Decided] = []
        failures: list[str] = []
        for number, _ in self.shared.rows(path, self.new):
            refused = next((v.refused[number] for v in versions if number in v.refused), None)
            if refused is not None:  # the first version that refuses the row says why
                failures.append(f"row {number}: {refused}")
                continue
            self._parsed[number] = [v.records[number] for v in versions]
            decided.append((number, {name: (old[number], new[number])
                                     for name, (old, new) in labels.items()}))
        return decided, failures

    # --------------------------------------------------------------------------------- case
    def case(self, facts: dict[str, object]) -> CaseDiff:
        """Why this case changed (or did not): each version's deciding provision."""
        cases = [parse_facts(p, facts) for p in self.programs]
        decisions = []
        for name in self.common_decisions():
            old, new = (explain_side(program, interpreter, name, k, facts) for program, interpreter, k
                        in zip(self.programs, self.interpreters, cases))
            changed = old.outcome != new.outcome
            flipped = (new.citation or old.citation) if changed else None
            decisions.append(CaseDecision(name=name, old=old, new=new, changed=changed,
                                          flipped_by=flipped))
        return CaseDiff(facts=facts, decisions=tuple(decisions))


def diff_programs(old: c.Program, new: c.Program, *, old_tree: s.File | None = None,
                  new_tree: s.File | None = None, list_bound: int = DEFAULT_LIST_BOUND,
                  population: Path | None = None, case: dict[str, object] | None = None,
                  samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                  shared: SharedWork | None = None, progress: Progress | None = None) -> Diff:
    """The whole diff of two versions (schema `lawc-diff/1` once serialised). A population file
    that cannot be read raises `population.PopulationError`. `shared`: what the diffs of one
    report share (the same answers, computed once); `progress` is told each step."""
    engine = VersionDiff(old, new, old_tree=old_tree, new_tree=new_tree,
                         list_bound=list_bound, samples=samples, seed=seed, shared=shared,
                         progress=progress)
    decided = None
    failures: list[str] = []
    if population is not None:
        decided, failures = engine.count_population(population)
    return engine.result(decided, str(population) if population else None, failures, case)


__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "SharedWork", "VersionDiff", "diff_programs",
           "outcome_labels", "structure"]
