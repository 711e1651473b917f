"""How much of a law its examples exercise: provisions, exceptions, and conditions both ways.

Takes a checked law and its example results (`examples.run_examples`); gives a `LawCoverage`:
- each provision with rules, covered when one of its rules decided an example;
- each exception (`notwithstanding § X`, `except as provided in § X`), exercised when an example
  has the exception apply while the rule it sets aside applies too;
- each rule's condition and each of its top-level sub-conditions (the items of an `any of` or
  `all of` list, the parts of an `and` or `or`), like branch coverage: whether some example made
  it true and some made it false, evaluated by the interpreter over the examples' facts.
`LawCoverage.to_json` is the `--coverage-format json` shape; `table` the text table; `lines`
what the HTML page colours each line of the law's text by (`write_coverage_html`, through
`reports/coverage.py`); `untested_changes` the provisions a change since a git commit touched
that no example exercises; `suggested_examples` examples to write for what is left.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from compiler.core import ast as c
from compiler.core.facts import FactsError, parse_facts
from compiler.driver.examples import ExampleResult, provision_coverage
from compiler.driver.files import STATUTES
from compiler.driver.output import write_files
from compiler.driver.versions import since_pairs
from compiler.interpret import Interpreter, LawError
from compiler.span import Span
from compiler.surface.table_layout import table_words


@dataclass(frozen=True)
class Branch:
    """A condition of a rule (the whole, or a top-level part), and the ways examples made it."""

    citation: str
    text: str  # as written in the law
    line: int
    whole: bool  # the rule's whole condition, not a part of it
    made_true: bool
    made_false: bool

    @property
    def ways(self) -> int:
        return int(self.made_true) + int(self.made_false)


@dataclass(frozen=True)
class ExceptionUse:
    """One exception relation: the rule in `citation` sets aside the rule in `sets_aside`."""

    citation: str
    sets_aside: str
    line: int  # the exception rule's line
    exercised: bool


@dataclass(frozen=True)
class LawCoverage:
    program: c.Program
    covered: tuple[str, ...]  # provisions with rules that decided an example
    uncovered: tuple[str, ...]
    exceptions: tuple[ExceptionUse, ...]
    branches: tuple[Branch, ...]

    def counts(self) -> dict[str, tuple[int, int]]:
        """(exercised, total) per kind; a condition counts twice (true and false)."""
        return {
            "provisions": (len(self.covered), len(self.covered) + len(self.uncovered)),
            "exceptions": (sum(e.exercised for e in self.exceptions), len(self.exceptions)),
            "conditions": (sum(b.ways for b in self.branches), 2 * len(self.branches)),
        }

    @property
    def percent(self) -> float:
        """All kinds together, as a percentage (100 for a law with nothing to cover)."""
        done = sum(d for d, _ in self.counts().values())
        total = sum(t for _, t in self.counts().values())
        return 100.0 * done / total if total else 100.0

    def to_json(self) -> dict[str, object]:
        return {
            "statute": self.program.path,
            "examples": len(self.program.examples),
            "percent": round(self.percent, 1),
            "counts": {k: {"exercised": d, "total": t} for k, (d, t) in self.counts().items()},
            "provisions": {"covered": list(self.covered), "uncovered": list(self.uncovered)},
            "exceptions": [{"exception": e.citation, "sets_aside": e.sets_aside,
                            "line": e.line, "exercised": e.exercised} for e in self.exceptions],
            "conditions": [{"citation": b.citation, "condition": b.text, "line": b.line,
                            "whole": b.whole, "made_true": b.made_true,
                            "made_false": b.made_false} for b in self.branches],
        }

    def table(self) -> list[str]:
        """The text table: a row per kind, then what no example exercises."""
        out = [f"{self.program.path}: {self.percent:.0f}% "
               f"({len(self.program.examples)} examples)"]
        for kind, (done, total) in self.counts().items():
            share = f"{100 * done / total:.0f}%" if total else "-"
            out.append(f"  {kind:<11} {done:>4}/{total:<4} {share:>5}")
        out.extend(f"    provision decided by no example: {cit}" for cit in self.uncovered)
        out.extend(f"    exception never exercised: {e.citation} over {e.sets_aside} "
                   f"(line {e.line})" for e in self.exceptions if not e.exercised)
        for b in self.branches:
            if b.ways < 2:
                never = "false" if b.made_true else "true" if b.made_false else "true or false"
                out.append(f"    condition never {never}: {b.citation}, line {b.line}: "
                           f"{b.text}")
        return out

    def lines(self) -> dict[int, str]:
        """Each line of the law's file with something to cover → `covered`, `partial` or
        `uncovered` (a provision's heading by its rules; a condition by the ways it was made)."""
        marks: dict[int, str] = {}

        def mark(line: int, status: str) -> None:
            if _RANK[status] >= _RANK.get(marks.get(line, "covered"), 0):
                marks[line] = status

        lines_of = {p.citation: p.span.line for p in self.program.provisions}
        for cit in self.covered:
            mark(lines_of[cit], "covered")
        for cit in self.uncovered:
            mark(lines_of[cit], "uncovered")
        for b in self.branches:
            mark(b.line, ("uncovered", "partial", "covered")[b.ways])
        for e in self.exceptions:
            mark(e.line, "covered" if e.exercised else "partial")
        return marks


_RANK = {"covered": 0, "partial": 1, "uncovered": 2}


def law_coverage(program: c.Program, results: Sequence[ExampleResult]) -> LawCoverage:
    """The coverage of a law's examples (see the module's docstring)."""
    provisions = provision_coverage(program, results)
    interpreter = Interpreter(program)
    lines = program_lines(program)
    read = {p.citation for p in program.provisions if p.read_from is not None}
    rules = [r for d in program.decisions.values() for r in d.rules
             if r.citation not in read]  # the rules of a law read: covered by its examples
    parts = {(r.decision, r.index): _parts(r) for r in rules}
    seen: dict[tuple[str, int, int], set[bool]] = {}
    applied: list[set[tuple[str, int]]] = []
    for example in program.examples:
        try:
            case = parse_facts(program, example.facts)
        except FactsError:
            continue
        holds: set[tuple[str, int]] = set()
        for rule in rules:
            if isinstance(rule.condition, c.Lit) and rule.condition.value is True:
                holds.add((rule.decision, rule.index))
            for i, part in enumerate(parts[(rule.decision, rule.index)]):
                try:
                    value = bool(interpreter.eval(part, case, {}))
                except LawError:
                    continue
                seen.setdefault((rule.decision, rule.index, i), set()).add(value)
                if i == 0 and value:
                    holds.add((rule.decision, rule.index))
        applied.append(holds)
    branches = []
    for rule in rules:
        for i, part in enumerate(parts[(rule.decision, rule.index)]):
            ways = seen.get((rule.decision, rule.index, i), set())
            branches.append(Branch(rule.citation, _text(lines, part.span), part.span.line,
                                   i == 0, True in ways, False in ways))
    exceptions = []
    for rule in rules:
        decision = program.decisions[rule.decision]
        for target in rule.overrides:
            aside = decision.rules[target]
            exercised = any((rule.decision, rule.index) in h and (rule.decision, target) in h
                            for h in applied)
            exceptions.append(ExceptionUse(rule.citation, aside.citation, rule.span.line,
                                           exercised))
    return LawCoverage(program, provisions.covered, provisions.uncovered, tuple(exceptions),
                       tuple(branches))


def _parts(rule: c.Rule) -> list[c.Expr]:
    """The rule's whole condition, then its top-level parts; none for a rule that always
    applies."""
    condition = rule.condition
    if isinstance(condition, c.Lit):
        return []
    if isinstance(condition, c.And | c.Or):
        return [condition, *condition.operands]
    return [condition]


def program_lines(program: c.Program) -> list[str]:
    """The lines of the law's own file (for quoting conditions)."""
    try:
        with open(program.file, encoding="utf-8") as handle:
            return handle.read().split("\n")
    except OSError:
        return []


def _text(lines: Sequence[str], span: Span) -> str:
    if not 0 < span.line <= len(lines):
        return "?"
    text = lines[span.line - 1][span.column - 1:]
    in_table = table_words(lines, span)  # a decision table's row or cell
    if in_table is not None:
        return in_table
    text = text.split("  --")[0].strip()
    return text.removeprefix("- ").removesuffix(":")


def provisions_touched(old_text: str | None, new_text: str) -> list[str]:
    """The citations of the provisions whose lines differ between two texts of a law (all of
    them for a new law); a provision runs from its citation line to the next line that starts
    at the left margin."""
    old = _provision_blocks(old_text) if old_text is not None else {}
    return [cit for cit, block in _provision_blocks(new_text).items() if old.get(cit) != block]


def _provision_blocks(text: str) -> dict[str, tuple[str, ...]]:
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("§"):
            citation = line.split('"')[0].strip()
            current = blocks.setdefault(citation, [])
        elif line and not line[0].isspace() and not line.startswith("--"):
            current = None
        elif current is not None and line.strip():
            current.append(line.strip())
    return {cit: tuple(lines) for cit, lines in blocks.items()}


def uncovered_since(coverage: LawCoverage, touched: Iterable[str]) -> list[str]:
    """The provisions in `touched` with rules that no example decides."""
    missing = set(coverage.uncovered)
    return [cit for cit in touched if cit in missing]


def write_coverage_html(coverages: Sequence[LawCoverage], out_dir: Path) -> list[Path]:
    """Write the coverage pages (`reports/coverage.py`) into `out_dir`, all or nothing; the
    paths written. Raises `WriteError` when the disk refuses."""
    from compiler.reports.coverage import coverage_pages

    files = {out_dir / name: text for name, text in coverage_pages(coverages).items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    write_files(files, ())
    return sorted(files)


def untested_changes(ref: str, paths: Sequence[str], coverages: Sequence[LawCoverage]
                     ) -> dict[str, list[str]]:
    """For each law covered here that changed since the git commit `ref`, the provisions the
    change touched (`provisions_touched`) that no example decides. Raises
    `versions.VersionError` for a ref git does not know."""
    by_file = {Path(cov.program.file).resolve(): cov for cov in coverages}
    out: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="lawc-since-") as tmp:
        for file, old, _root in since_pairs(ref, paths or [STATUTES], Path(tmp)):
            cov = by_file.get(file.resolve())
            if cov is None:
                continue
            old_text = old.read_text(encoding="utf-8") if old is not None else None
            touched = provisions_touched(old_text, file.read_text(encoding="utf-8"))
            out[cov.program.path] = uncovered_since(cov, touched)
    return out


def suggested_examples(coverage: LawCoverage, time_limit: float = 20.0) -> list[str]:
    """Ready examples (their text) for the provisions no example decides and for each
    numeric or date boundary in a rule's condition (`analysis/suggest.py`, with the solver)."""
    from compiler.analysis.suggest import suggest

    return [s.text for s in suggest(coverage.program, coverage.uncovered,
                                    time_limit=time_limit)]
