"""The version diff: exactly who gets a different outcome between two versions of a law.

Takes two `Program`s that read the same vocabulary (and, optionally, a table of cases and one
case); gives a `Diff`, a plain JSON-like dict (schema in docs/diff.md, `"schema": "lawc-diff/1"`):

- `structure`: provisions added, removed, changed and moved, matched by citation first and then
  by their words, with the changed words;
- per decision both versions have, `transitions`: every pair old outcome → new outcome that some
  case reaches; each changed pair is covered exactly by a short list of regions (conjunctions of
  the laws' own conditions, in English, from `regions.Coverer`), each with a witness case that the
  reference interpreter re-decides, and with its share of the input space (`regions`); and
  `coverage`: each outcome's share under both versions. Two versions that decide alike get a
  proof ("no case, with lists of up to N records, is decided differently"), not a sample;
- with a population, counts and example rows in every cell; with one case, both versions'
  deciding provisions side by side and the provision that flipped it.

Shares are exact when every atom reads one fact outside lists; otherwise they are seeded estimates
with a 95% interval, and say so (`measure.method`).
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import z3

from compiler.analysis.regions import Boxes, Coverer, Cube, RegionError, Sampler, \
    decision_atoms, exact_measure, in_cube, proportion
from compiler.analysis.smt import CONFLICT, DATE_MAX, DATE_MIN, DEFAULT_LIST_BOUND, GAP, \
    FactSpace, LawEncoding
from contextlib import nullcontext as fresh_context  # each FactSpace has its own z3 context
from compiler.analysis.witness import given_lines
from compiler.core import ast as c
from compiler.core.english import English
from compiler.core.facts import FactsError, parse_facts
from compiler.interpret import Interpreter, LawConflict, LawError, LawGap

SCHEMA = "lawc-diff/1"
DEFAULT_SAMPLES = 4000
DEFAULT_SEED = 2011
EXAMPLE_ROWS = 3
EXACT_CUBE_LIMIT = 40  # past this many regions, a share is estimated (and marked so)


# ------------------------------------------------------------------------------- structure
def _provision_blocks(program: c.Program, text: str) -> dict[str, list[str]]:
    """Citation → the provision's lines (quotes, definitions, rules), comments and blanks left out."""
    lines = text.splitlines()
    out: dict[str, list[str]] = {}
    for p in program.provisions:
        body: list[str] = []
        for line in lines[p.span.line:]:
            if line and not line[0].isspace() and not line.startswith("--"):
                break
            stripped = line.strip()
            if not stripped.startswith(">"):
                stripped = re.sub(r"\s*--.*$", "", stripped)
            if stripped:
                body.append(stripped)
        out[p.citation] = body
    return out


def _word_changes(old: list[str], new: list[str]) -> list[dict[str, str]]:
    a, b = " ".join(old).split(), " ".join(new).split()
    out: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            text = " ".join(words) if len(words) <= 8 else " ".join(words[:3] + ["…"] + words[-3:])
            out.append({"op": "=", "text": text})
            continue
        if i2 > i1:
            out.append({"op": "-", "text": " ".join(a[i1:i2])})
        if j2 > j1:
            out.append({"op": "+", "text": " ".join(b[j1:j2])})
    return out


def structure(old: c.Program, new: c.Program, old_text: str, new_text: str
              ) -> list[dict[str, object]]:
    """Provisions added, removed, changed and moved (matched by citation, then by their words)."""
    a, b = _provision_blocks(old, old_text), _provision_blocks(new, new_text)
    titles = {p.citation: p.title for p in old.provisions}
    titles.update({p.citation: p.title for p in new.provisions})

    def decisions(program: c.Program, citation: str) -> list[str]:
        return sorted({d.name for d in program.decisions.values() for r in d.rules
                       if r.citation == citation})

    out: list[dict[str, object]] = []
    removed = [k for k in a if k not in b]
    added = [k for k in b if k not in a]
    for k in list(removed):
        same = [n for n in added if b[n] == a[k]]
        if same:
            removed.remove(k)
            added.remove(same[0])
            out.append({"change": "moved", "citation": same[0], "old_citation": k,
                        "title": titles[same[0]], "decisions": decisions(new, same[0]),
                        "words": []})
    for k in list(removed):  # renumbered and reworded: rules for the same decisions, similar words
        ds = set(decisions(old, k))
        best = max(((difflib.SequenceMatcher(None, " ".join(a[k]).split(), " ".join(b[n]).split(),
                                             autojunk=False).ratio(), n) for n in added
                    if set(decisions(new, n)) == ds), default=(0.0, ""))
        if ds and best[0] >= 0.3:
            removed.remove(k)
            added.remove(best[1])
            out.append({"change": "moved", "citation": best[1], "old_citation": k,
                        "title": titles[best[1]], "decisions": sorted(ds),
                        "words": _word_changes(a[k], b[best[1]])})
    for k in a:
        if k in b and a[k] != b[k]:
            out.append({"change": "changed", "citation": k, "old_citation": k,
                        "title": titles[k],
                        "decisions": sorted(set(decisions(old, k)) | set(decisions(new, k))),
                        "words": _word_changes(a[k], b[k])})
    for k in removed:
        out.append({"change": "removed", "citation": None, "old_citation": k, "title": titles[k],
                    "decisions": decisions(old, k),
                    "words": [{"op": "-", "text": " ".join(a[k])}]})
    for k in added:
        out.append({"change": "added", "citation": k, "old_citation": None, "title": titles[k],
                    "decisions": decisions(new, k),
                    "words": [{"op": "+", "text": " ".join(b[k])}]})
    return out


# -------------------------------------------------------------------------------- outcomes
def outcome_labels(program: c.Program, decision: str) -> list[str]:
    d = program.decisions[decision]
    if isinstance(d.type, c.EnumT):
        return list(program.enums[d.type.name].values)
    return ["no", "yes"]


def _label(program: c.Program, decision: str, index: int) -> str:
    if index == CONFLICT:
        return "conflict"
    if index == GAP:
        return "gap"
    return outcome_labels(program, decision)[index]


def _index(program: c.Program, decision: str, label: str) -> int:
    if label == "conflict":
        return CONFLICT
    if label == "gap":
        return GAP
    return outcome_labels(program, decision).index(label)


def value_label(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def decide_label(interpreter: Interpreter, program: c.Program, decision: str,
                 case: Any) -> str:
    try:
        return value_label(interpreter.evaluate(decision, case))
    except LawConflict:
        return "conflict"
    except LawGap:
        return "gap"


def statute_summary(program: c.Program) -> dict[str, object]:
    return {"path": program.path, "file": program.file, "title": program.title,
            "jurisdiction": program.header.get("jurisdiction"),
            "in_force_from": program.header.get("in force from"),
            "in_force_until": program.header.get("in force until")}


# ------------------------------------------------------------------------------------ diff
class VersionDiff:
    """Computes the diff of two versions; `result()` gives the JSON-like report."""

    def __init__(self, old: c.Program, new: c.Program, *, old_text: str = "",
                 new_text: str = "", list_bound: int = DEFAULT_LIST_BOUND,
                 samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                 region_limit: int = 24) -> None:
        self.old, self.new = old, new
        self.programs = [old, new]
        self.old_text, self.new_text = old_text, new_text
        self.bound = list_bound
        self.samples = samples
        self.seed = seed
        self.region_limit = region_limit
        self.space = FactSpace(self.programs, list_bound)
        self.laws = [LawEncoding(p, self.space) for p in self.programs]
        self.interpreters = [Interpreter(p) for p in self.programs]
        self._sampler: Sampler | None = None
        self._sample_cache: dict[str, list[tuple[str, str]]] = {}

    def sampler(self) -> Sampler:
        if self._sampler is None:
            self._sampler = Sampler(self.space, self.programs, self.seed, self.samples)
        return self._sampler

    def common_decisions(self) -> list[str]:
        return [n for n in self.old.decisions if n in self.new.decisions]

    def result(self, population: list[dict[str, object]] | None = None,
               population_name: str | None = None, population_failures: Sequence[str] = (),
               case: dict[str, object] | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "schema": SCHEMA,
            "old": statute_summary(self.old),
            "new": statute_summary(self.new),
            "list_bound": self.bound,
            "date_range": [DATE_MIN.isoformat(), DATE_MAX.isoformat()],
            "structure": structure(self.old, self.new, self.old_text, self.new_text),
            "decisions_only_in_old": [n for n in self.old.decisions if n not in self.new.decisions],
            "decisions_only_in_new": [n for n in self.new.decisions if n not in self.old.decisions],
            "decisions": [self.decision(n, population) for n in self.common_decisions()],
        }
        if population is not None:
            out["population"] = {"file": population_name, "rows": len(population),
                                 "failures": list(population_failures),
                                 "synthetic": bool(population_name and
                                                   "synthetic" in population_name)}
        if case is not None:
            out["case"] = self.case(case)
        return out

    # ------------------------------------------------------------------------- per decision
    def decision(self, name: str, population: list[dict[str, object]] | None
                 ) -> dict[str, object]:
        old, new = self.old, self.new
        outs = [law.outcome(name) for law in self.laws]
        atoms = decision_atoms(self.programs, self.laws, name)
        coverer = Coverer(self.space, atoms)
        labels_old = outcome_labels(old, name) + ["conflict", "gap"]
        labels_new = outcome_labels(new, name) + ["conflict", "gap"]

        def cell(a: str, b: str) -> Any:
            return z3.And(outs[0] == _index(old, name, a), outs[1] == _index(new, name, b))

        differs = z3.Or(*[cell(a, b) for a in labels_old for b in labels_new if a != b])
        identical = coverer.is_empty(differs)
        boxes = exact_measure(self.space, atoms)
        measure = self._measure_note(boxes)
        reachable = [(a, b) for a in labels_old for b in labels_new
                     if not coverer.is_empty(cell(a, b))]
        outcomes = [x for x in dict.fromkeys(outcome_labels(old, name) + outcome_labels(new, name)
                                             + [a for a, _ in reachable] + [b for _, b in reachable])]
        sampled = None if boxes is not None else self._sampled_outcomes(name)
        values = None if sampled is None else self.sampler().atom_values(atoms)
        transitions: list[dict[str, object]] = []
        for a, b in reachable:
            entry: dict[str, object] = {"old": a, "new": b, "changed": a != b}
            if a != b:
                cover = coverer.cover(cell(a, b), limit=self.region_limit)
                entry["complete"] = cover.complete
                entry["regions"] = [self._region(coverer, cube, cell(a, b), a, b, name, boxes,
                                                 values) for cube in cover.cubes]
                if boxes is not None and cover.complete:
                    entry["share"] = {"value": boxes.measure(cover.cubes), "error": 0.0}
            if "share" not in entry:
                entry["share"] = self._cell_share(name, a, b, boxes, sampled, coverer, cell)
            transitions.append(entry)
        coverage = []
        for label in outcomes:
            coverage.append({"outcome": label,
                             "old": self._coverage(0, name, label, boxes, sampled, coverer, outs),
                             "new": self._coverage(1, name, label, boxes, sampled, coverer, outs)})
        result: dict[str, object] = {
            "name": name,
            "question": self.new.decisions[name].question,
            "outcomes": outcomes,
            "identical": identical,
            "proof": (f"no case (lists of up to {self.bound} records) is decided differently: "
                      "the solver proved \"the outcomes differ\" unsatisfiable" if identical
                      else None),
            "measure": measure,
            "atoms": len(atoms),
            "transitions": transitions,
            "coverage": coverage,
        }
        if population is not None:
            self._add_population(result, name, population)
        return result

    def _measure_note(self, boxes: Boxes | None) -> dict[str, object]:
        if boxes is not None:
            return {"method": "exact",
                    "how": "each fact's domain cut at the constants both versions use; regions "
                           "measured as sums of disjoint boxes"}
        return {"method": "estimate", "samples": self.samples, "seed": self.seed,
                "how": f"{self.samples} seeded uniform cases (seed {self.seed}) decided by both "
                       "versions; ± is a 95% interval"}

    def _sampled_outcomes(self, name: str) -> list[tuple[str, str]]:
        s = self.sampler()
        return [(decide_label(self.interpreters[0], self.old, name, s.parsed[0][k]),
                 decide_label(self.interpreters[1], self.new, name, s.parsed[1][k]))
                for k in range(s.count)]

    def _cell_share(self, name: str, a: str, b: str, boxes: Boxes | None,
                    sampled: list[tuple[str, str]] | None, coverer: Coverer, cell: Any
                    ) -> dict[str, float]:
        if sampled is not None:
            value, error = proportion(sum(1 for x in sampled if x == (a, b)), len(sampled))
            return {"value": value, "error": error}
        assert boxes is not None
        cover = coverer.cover(cell(a, b), limit=EXACT_CUBE_LIMIT)
        if not cover.complete:  # too many regions to add up: estimate, and say so
            hits = sum(1 for x in self._samples_for(name) if x == (a, b))
            value, error = proportion(hits, len(self._samples_for(name)))
            return {"value": value, "error": error, "estimated": True}
        return {"value": boxes.measure(cover.cubes), "error": 0.0}

    def _samples_for(self, name: str) -> list[tuple[str, str]]:
        if name not in self._sample_cache:
            self._sample_cache[name] = self._sampled_outcomes(name)
        return self._sample_cache[name]

    def _coverage(self, version: int, name: str, label: str, boxes: Boxes | None,
                  sampled: list[tuple[str, str]] | None, coverer: Coverer, outs: list[Any]
                  ) -> dict[str, float] | None:
        program = self.programs[version]
        if label not in outcome_labels(program, name) + ["conflict", "gap"]:
            return None
        if sampled is not None:
            value, error = proportion(sum(1 for x in sampled if x[version] == label),
                                      len(sampled))
            return {"value": value, "error": error}
        assert boxes is not None
        target = outs[version] == _index(program, name, label)
        if coverer.is_empty(target):
            return {"value": 0.0, "error": 0.0}
        cover = coverer.cover(target, limit=EXACT_CUBE_LIMIT)
        if not cover.complete:  # too many regions to add up: estimate, and say so
            hits = sum(1 for x in self._samples_for(name) if x[version] == label)
            value, error = proportion(hits, len(self._samples_for(name)))
            return {"value": value, "error": error, "estimated": True}
        return {"value": boxes.measure(cover.cubes), "error": 0.0}

    def _region(self, coverer: Coverer, cube: Cube, target: Any, a: str, b: str, name: str,
                boxes: Boxes | None, values: list[tuple[bool, ...]] | None
                ) -> dict[str, object]:
        atoms = coverer.atoms
        conditions = [atoms[i].words(v) for i, v in cube]
        facts = self.witness(z3.And(target, coverer.formula(cube)))
        got = self.rerun(name, facts)
        if got != (a, b):
            raise RegionError(f"witness decided {got}, expected {(a, b)}: {json.dumps(facts)}")
        if boxes is not None:
            share = {"value": boxes.measure([cube]), "error": 0.0}
        else:
            assert values is not None
            hits = sum(1 for v in values if in_cube(v, cube))
            value, error = proportion(hits, len(values))
            share = {"value": value, "error": error}
        return {"conditions": conditions or ["always"],
                "from": sorted({"old" if atoms[i].program == 0 else "new" for i, _ in cube}),
                "share": share,
                "witness": {"facts": facts,
                            "given": given_lines(self.new, facts)}}

    def witness(self, formula: Any) -> dict[str, object]:
        model = self.space.readable_model([formula])
        if model is None:
            s = z3.Solver(ctx=self.space.ctx)
            s.add(*self.space.assumptions(), formula)
            if s.check() != z3.sat:
                raise RegionError("a region without a case")
            model = s.model()
        return self.space.facts(model, self.programs)

    def rerun(self, name: str, facts: dict[str, object]) -> tuple[str, str]:
        return (decide_label(self.interpreters[0], self.old, name, parse_facts(self.old, facts)),
                decide_label(self.interpreters[1], self.new, name, parse_facts(self.new, facts)))

    # --------------------------------------------------------------------------- population
    def _add_population(self, result: dict[str, object], name: str,
                        population: list[dict[str, object]]) -> None:
        cells: dict[tuple[str, str], list[int]] = {}
        for row in population:
            number = row["row"]
            assert isinstance(number, int)
            labels = row.get("outcomes", {})
            assert isinstance(labels, dict)
            if name in labels:
                cells.setdefault(tuple(labels[name]), []).append(number)
        transitions = result["transitions"]
        assert isinstance(transitions, list)
        known = {(t["old"], t["new"]) for t in transitions}
        for key in cells:
            if key not in known:  # cannot happen if the analysis is right; say it if it does
                raise RegionError(f"a population row reached {key}, which the solver excluded")
        for t in transitions:
            rows = cells.get((t["old"], t["new"]), [])
            t["population"] = {"count": len(rows), "examples": rows[:EXAMPLE_ROWS]}
        coverage = result["coverage"]
        assert isinstance(coverage, list)
        for entry in coverage:
            entry["population_old"] = sum(len(r) for k, r in cells.items()
                                          if k[0] == entry["outcome"])
            entry["population_new"] = sum(len(r) for k, r in cells.items()
                                          if k[1] == entry["outcome"])

    def run_population(self, rows: Sequence[tuple[int, dict[str, object]]]
                       ) -> tuple[list[dict[str, object]], list[str]]:
        """Decide each row under both versions: (decided rows, failures)."""
        decided: list[dict[str, object]] = []
        failures: list[str] = []
        for number, facts in rows:
            try:
                cases = [parse_facts(p, facts) for p in self.programs]
            except FactsError as exc:
                failures.append(f"row {number}: {exc}")
                continue
            outcomes = {}
            for name in self.common_decisions():
                outcomes[name] = [decide_label(i, p, name, k) for i, p, k in
                                  zip(self.interpreters, self.programs, cases)]
            decided.append({"row": number, "outcomes": outcomes})
        return decided, failures

    # --------------------------------------------------------------------------------- case
    def case(self, facts: dict[str, object]) -> dict[str, object]:
        """Why this case changed (or did not): each version's deciding provision."""
        out: dict[str, object] = {"facts": facts, "decisions": []}
        cases = [parse_facts(p, facts) for p in self.programs]
        for name in self.common_decisions():
            sides = []
            for program, interpreter, k in zip(self.programs, self.interpreters, cases):
                side = _explain(program, interpreter, name, k)
                side["explanation"] = _full_explanation(program, name, facts)
                sides.append(side)
            changed = sides[0]["outcome"] != sides[1]["outcome"]
            flipped = None
            if changed:
                flipped = sides[1]["citation"] if sides[1]["citation"] else sides[0]["citation"]
            decisions = out["decisions"]
            assert isinstance(decisions, list)
            decisions.append({"name": name, "old": sides[0], "new": sides[1],
                              "changed": changed, "flipped_by": flipped})
        return out


def _explain(program: c.Program, interpreter: Interpreter, name: str, case: Any
             ) -> dict[str, object]:
    try:
        outcome = interpreter.outcome(name, case)
    except LawError as exc:
        return {"outcome": "conflict" if isinstance(exc, LawConflict) else "gap",
                "citation": None, "because": str(exc), "quote": []}
    rule = outcome.rule
    if rule is None:
        return {"outcome": value_label(outcome.value), "citation": None,
                "because": "no rule applies: the default", "quote": []}
    quote = next((list(p.quote) for p in program.provisions if p.citation == rule.citation), [])
    return {"outcome": value_label(outcome.value), "citation": rule.citation,
            "because": English(program).sentence(rule.condition), "quote": quote}


def _full_explanation(program: c.Program, name: str, facts: dict[str, object]) -> str:
    """The whole explanation `lawc explain` gives, for the side-by-side view of one case."""
    from compiler.explain.build import Explainer

    try:
        return Explainer(program).explain(name, facts).text()
    except LawError as exc:
        return str(exc)


# ----------------------------------------------------------------------------------- CSV
def read_population(path: Path, program: c.Program) -> list[tuple[int, dict[str, object]]]:
    """The rows of a CSV of cases (columns are fact paths; lists as JSON cells), numbered."""
    from compiler.cli_input import leaf_types, row_to_facts

    types = leaf_types(program)
    with path.open(encoding="utf-8", newline="") as handle:
        return [(number, row_to_facts(row, types))
                for number, row in enumerate(csv.DictReader(handle), start=2)]


def diff_programs(old: c.Program, new: c.Program, *, old_text: str = "", new_text: str = "",
                  list_bound: int = DEFAULT_LIST_BOUND, population: Path | None = None,
                  case: dict[str, object] | None = None, samples: int = DEFAULT_SAMPLES,
                  seed: int = DEFAULT_SEED) -> dict[str, object]:
    """The whole diff of two versions, as JSON-like data (schema `lawc-diff/1`)."""
    with fresh_context():
        engine = VersionDiff(old, new, old_text=old_text, new_text=new_text,
                             list_bound=list_bound, samples=samples, seed=seed)
        decided = None
        failures: list[str] = []
        if population is not None:
            decided, failures = engine.run_population(read_population(population, new))
        return engine.result(decided, str(population) if population else None, failures, case)


__all__ = ["SCHEMA", "VersionDiff", "diff_programs", "structure"]
