"""The pass chain, one public function per stage; the `lawc` command talks only to this package.

Takes paths to `.law` files (or folders of them); gives parsed sources, checked `Program`s,
analyses, generated files, example results, decisions, explanations and diffs:

  load      a file read and parsed (`files.Workspace.read`: inside the statutes root only)
  check     parsed, resolved and type-checked with what it uses (`load_program`)
  analyse   the solver's checks: conflicts, gaps, dead rules (`analysis/check.py`)
  compile   the files `lawc compile` would write or remove (`output.Build`); `write` does it
  test      the law's examples run, with the provisions they cover (`examples.py`), and
            with `law_coverage` the exceptions and conditions (`coverage.py`)
  evaluate  a `cases.Decider` for a law or a generated module
  explain   why a decision came out as it did, and what would change it (`explain/`)
  diff      who gets a different outcome between two versions (`analysis/diff.py`)
  report    the diffs of many pairs of statutes

The solver, the explanations and their templates are imported only by the stages that need
them, so that `lawc check --no-analysis` and `lawc compile` load neither.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import Program
from compiler.core.timeline import Timeline
from compiler.core.from_surface import from_surface
from compiler.diagnostics import Diagnostic, DiagnosticError, error
from compiler.driver.files import (EXAMPLES_SUFFIX, NAME_RULE, STATUTES, Source, Workspace,
                                   display_name, find_statutes, is_companion, is_file,
                                   module_name_problem)
from compiler.driver.reads import as_read, read_laws, unknown_names_in_reader
from compiler.driver.selection import NoStatutes, statutes_named
from compiler.driver.timeline import section_timeline, timeline_problems
from compiler.driver.amendments import (as_stood, consolidated, diagnostics_as_stood,
                                        restatement_stood,
                                        stray_amendments)
from compiler.surface.patches import Stood, is_patch
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.source import without_cycle_collector

# The stages below `check` are imported when a name of theirs is first asked for (`_LAZY`,
# `__getattr__`), so that `lawc check` loads neither the interpreter, the Python backend, the
# coverage pages, the report's comparisons nor Lark's formatter (docs/architecture.md).
_LAZY = {
    "compiler.driver.cases": ("CASE_ERRORS", "LAW_ERRORS", "Decider", "import_generated",
                              "statute_summary"),
    "compiler.runtime": ("FactsError", "NotInForce"),
    "compiler.driver.examples": ("Coverage", "ExampleResult", "provision_coverage",
                                 "run_examples"),
    "compiler.driver.coverage": ("LawCoverage", "law_coverage", "suggested_examples",
                                 "untested_changes", "write_coverage_html"),
    "compiler.driver.output": ("GENERATED", "Build", "WriteError", "compile_module",
                               "explain_text", "generated_path", "module_in_memory",
                               "package_dir", "package_problem", "planned_files",
                               "runtime_text", "stale_files", "stray_files", "stray_sql_files",
                               "write_atomically", "write_files"),
    "compiler.surface.format": ("LayoutError",),
    "compiler.driver.figures": ("FigureCheck", "check_reported"),
    "compiler.population": ("PopulationError", "leaf_types", "row_to_facts"),
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    """A name of a later stage (`_LAZY`), or the `threshold` or `versions` module, imported on
    first use."""
    import importlib

    if name in ("threshold", "versions"):
        return importlib.import_module(f"compiler.driver.{name}")
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from compiler.driver import threshold, versions
    from compiler.driver.cases import (CASE_ERRORS, LAW_ERRORS, Decider, import_generated,
                                       statute_summary)
    from compiler.driver.coverage import (LawCoverage, law_coverage, suggested_examples,
                                          untested_changes, write_coverage_html)
    from compiler.driver.examples import (Coverage, ExampleResult, provision_coverage,
                                          run_examples)
    from compiler.driver.figures import FigureCheck, check_reported
    from compiler.driver.output import (GENERATED, Build, WriteError, compile_module,
                                        explain_text, generated_path, module_in_memory,
                                        package_dir, package_problem, planned_files,
                                        runtime_text, stale_files, stray_files,
                                        stray_sql_files, write_atomically, write_files)
    from compiler.population import PopulationError, leaf_types, row_to_facts
    from compiler.runtime import FactsError, NotInForce
    from compiler.surface.format import LayoutError
    from compiler.analysis.check import Analysis
    from compiler.analysis_cache import Stored
    from compiler.analysis.diff_result import Diff
    from compiler.junit import JUnitReport

__all__ = [
    "CASE_ERRORS", "check_reported", "EXAMPLES_SUFFIX", "FigureCheck", "GENERATED",
    "GENERATED_SQL", "LAW_ERRORS", "NAME_RULE", "STATUTES", "analyse", "analyse_cached", "Build", "canonical", "check", "compile", "compile_module",
    "compile_sql", "Coverage", "Decider", "decision_names", "decisions_named", "diff", "display_name", "evaluate",
    "evaluate_population", "has_extra", "period_in_force", "sql_compiles", "PopulationError", "example_facts",
    "ExampleResult", "explain",
    "explain_text",
    "find_statutes", "generated_path", "import_generated", "is_companion", "is_file", "is_law",
    "junit_report", "language_server", "law_coverage", "LawCoverage", "LayoutError", "leaf_types",
    "load", "load_program", "load_stages", "MissingExtra", "module_in_memory", "module_name_problem",
    "load_stage", "NoStatutes", "NotInForce", "files_read", "package_problem", "parse",
    "planned_files", "print_stage", "Program",
    "provision_coverage", "report", "row_to_facts", "run_examples", "runtime_text", "schema",
    "serve", "Source", "stale_files", "statute_summary", "statutes_named", "stray_files",
    "suggested_examples", "test", "TestRun", "timeline_problems", "untested_changes", "Workspace", "write",
    "write_atomically", "write_coverage_html", "write_files", "WriteError",
    "threshold",
]

# The passes recurse a few frames per level of nesting; 500 levels of `not`, of lists or of
# `plus` must compile, and deeper nesting is reported as an error (`_too_deep`), never a crash.
RECURSION_LIMIT = 8_000
if sys.getrecursionlimit() < RECURSION_LIMIT:
    sys.setrecursionlimit(RECURSION_LIMIT)


# ----------------------------------------------------------------------- load and check


def parse(text: str, file: str) -> s.File:
    """Parse one `.law` text (`compiler.surface.parse`, imported, with Lark, on first use)."""
    from compiler.surface.parse import parse as parse_text

    return parse_text(text, file)


def load(workspace: Workspace, file: Path) -> Source:
    """Read and parse one file (no resolution): its text, as normalised, and its surface AST.
    Raises `DiagnosticError` for a file lawc refuses or cannot parse."""
    return workspace.read(file)


def check(workspace: Workspace, file: Path) -> c.Program:
    """Parse, resolve and type-check one statute (a law, a vocabulary, or an examples file,
    which gives its law) with what it uses. Raises `DiagnosticError` with every error found
    (for a law that staggers its patches, in the text of each of its days)."""
    program = load_program(workspace, file)
    if is_law(program):
        load_stages(workspace, file)
    return program


def is_law(program: c.Program) -> bool:
    """Whether a checked program is a law (which decides, and compiles to a module), not a
    vocabulary."""
    return program.kind is s.FileKind.LAW


def print_stage(workspace: Workspace, file: Path, stage: str) -> str:
    """A statute as the compiler sees it after `stage` (`surface` or `core`), printed."""
    if stage == "surface":
        from compiler.surface import print as surface_print

        return surface_print.file(load(workspace, file).tree)
    from compiler.core import print as core_print
    from compiler.core.timeline import print_timeline

    program = check(workspace, file)
    timeline = section_timeline(workspace, program) if is_law(program) else None
    staggered = _staggered_timeline(workspace, file, program)
    return core_print.program(program) + "".join(
        "\n" + print_timeline(t) for t in (timeline, staggered) if t is not None)


def _staggered_timeline(workspace: Workspace, file: Path, program: c.Program
                        ) -> Timeline | None:
    """The timeline of a law that staggers its patches: its version of each day."""
    from compiler.core.timeline import staggered_timelines

    stages = load_stages(workspace, file) if is_law(program) else []
    return next(iter(staggered_timelines([program, *stages])), None)


def load_program(workspace: Workspace, file: Path) -> c.Program:
    """Parse, resolve and type-check one law (or vocabulary) with what it uses."""
    try:
        return _load_program(workspace, file)
    except RecursionError:
        raise DiagnosticError([_too_deep(workspace, file)]) from None


def files_read(workspace: Workspace, file: Path, source: Source) -> list[str]:
    """The files of the laws `source` reads (`reads:`), directly or not, and of the
    vocabularies they use: where the names it reads are declared."""
    reading = read_laws(workspace, file, source)
    return [law.source.file for law in reading.laws] + [
        u.file for u in workspace.resolve_uses(file, reading.source)]


def _too_deep(workspace: Workspace, file: Path) -> Diagnostic:
    """Nesting beyond what the passes can follow, pointed at the most deeply nested line."""
    name = display_name(file)
    text = workspace.sources.get(name, "")
    lines = text.split("\n") or [""]

    def depth(line: str) -> int:
        return (len(line) - len(line.lstrip(" "))) // 2 + line.count("(") + len(line.split())

    number = max(range(len(lines)), key=lambda i: depth(lines[i])) + 1 if text else 1
    return error("syntax", "this law nests conditions or expressions more deeply than lawc can "
                 "follow", Span(name, number, 1, number, min(81, max(2, len(lines[number - 1]) + 1))
                             if text else 2),
                 hint="name a part of the condition with a definition (`the … means …`) "
                      "and use the name")


def load_stages(workspace: Workspace, file: Path) -> list[c.Program]:
    """The later versions of a law stated as patches that staggers them: one per later day a
    patch names (`§ … is amended to read, in force from …:`), each the law consolidated as it
    stands from that day, its module `<the law's>_from_YYYY_MM_DD`; empty for any other law.
    `load_program` gives its first version, in force until the day before the second."""
    from compiler.driver.amendments import stage_days

    stages = []
    found: dict[tuple[str, Span], Diagnostic] = {}  # each day's problems, each named once
    for day in stage_days(workspace, file):
        try:
            stages.append(load_stage(workspace, file, day))
        except DiagnosticError as exc:
            found.update(((d.code, d.span), d) for d in exc.diagnostics)
    if found:
        raise DiagnosticError(list(found.values()))
    return stages


def load_stage(workspace: Workspace, file: Path, day: str) -> c.Program:
    """The version of a law that staggers its patches from its later day `day` (one of
    `amendments.stage_days`), as `load_stages` gives it. Raises `DiagnosticError`."""
    program = _load_program(workspace, file, day)
    return dataclasses.replace(program, path=f"{program.path}_from_{day.replace('-', '_')}")


def _load_program(workspace: Workspace, file: Path, on: str | None = None) -> c.Program:
    source = workspace.read(file)
    if source.tree.header.kind is s.FileKind.EXAMPLES:
        target = workspace.find_use(file, source.tree.header.title)
        if target is None:
            raise DiagnosticError([error("unknown-vocabulary", f'no law "'
                                         f'{source.tree.header.title}" for these examples',
                                         source.tree.header.span)])
        return _load_program(workspace, target)
    stood: dict[str, Stood] = {}
    stray_amendments(source)
    if is_patch(source.tree):  # a law that amends another's text: consolidate it first
        source, stood = consolidated(workspace, file, source, on=on)
    else:  # a law that restates an amended section in full: provenance from its timeline
        stood = restatement_stood(workspace, file, source.tree)
    reading = read_laws(workspace, file, source)  # `reads:`: the laws read, merged in first
    source = reading.source
    used = workspace.resolve_uses(file, source)
    tree = source.tree
    companion = file.with_name(file.name[:-len(".law")] + EXAMPLES_SUFFIX)
    if companion.is_file() and not is_companion(file):
        extra = workspace.read(companion)
        for item in extra.tree.items:
            if not isinstance(item, s.Example | s.Reported):
                raise DiagnosticError([error("wrong-file-kind", "a companion file holds only "
                                             "examples and reported figures", item.span)])
        tree = dataclasses.replace(tree, items=tree.items + extra.tree.items)
    with without_cycle_collector():
        try:
            program = from_surface(tree, [u.tree for u in used],
                                   path=workspace.statute_path(file), file=source.file,
                                   source=source.text + "".join(
                                       law.source.text for law in reading.laws))
        except DiagnosticError as exc:
            exc = DiagnosticError(unknown_names_in_reader(exc.diagnostics, reading))
            raise diagnostics_as_stood(exc, stood) from None
    program = as_read(as_stood(program, stood), reading)
    if is_law(program):
        _bad_name(program, file)
    return program



def _bad_name(program: c.Program, file: Path) -> None:
    problem = module_name_problem(program.path)
    if problem is not None:
        name = display_name(file)
        if not name.isprintable():  # a newline in a file name must not break the message's line
            name = name.encode("unicode_escape").decode("ascii")
        raise DiagnosticError([error(
            "bad-file-name", f"the statute {name} cannot name a Python module: {problem}",
            Span(name, 1, 1, 1, 1),
            hint=f"rename it: {NAME_RULE}")])


def canonical(text: str, file: str) -> str:
    """The canonical layout of a file's text (`surface/format.py`: indentation, blanks and the
    column of comments change; every word, comment and literal is kept byte for byte). Raises
    `DiagnosticError` if it does not parse, `LayoutError` if the laid-out text would not read
    back as the same law (the file is then to be left alone)."""
    from compiler.surface.format import format_text

    return format_text(text, file)


def analyse(program: c.Program, list_bound: int, time_limit: float | None = None) -> Analysis:
    """The solver's checks of a law: conflicts, gaps, dead rules, redundant exceptions and
    unused definitions, each with a witness, and a one-line summary. With `time_limit`
    (seconds), checks not decided by then are named in an `undecided` warning."""
    from compiler.analysis.check import analyse as run

    if time_limit is None:
        return run(program, list_bound)
    return run(program, list_bound, time_limit=time_limit)


def analyse_cached(program: c.Program, list_bound: int, time_limit: float,
                   use_cache: bool = True) -> Analysis | Stored:
    """`analyse`, read from the analysis cache (`compiler/analysis_cache.py`) when it holds a
    trusted entry for this law, lawc and these options, and stored there otherwise."""
    from compiler.analysis_cache import analysed

    return analysed(program, list_bound, time_limit,
                    lambda: analyse(program, list_bound, time_limit=time_limit),
                    use_cache=use_cache)


# ------------------------------------------------------------------------------- compile


def compile(out_dir: Path, programs: Sequence[c.Program],
            roots: Sequence[Path] = (Path(STATUTES),), package: str | None = None,
            version: str = "0.1.0") -> Build:
    """The files `lawc compile` writes into `out_dir` for `programs` (modules, runtime, package
    markers), those that differ on disk, and the strays it removes: temporary files of a run
    that was killed, and modules lawc generated whose statute is under none of `roots` (nor
    under statutes/ in the working folder, so compiling other statutes into generated/ never
    removes the modules of these). Raises `DiagnosticError` when a module would replace a file
    lawc writes itself. With `package`, the modules go to `out_dir/<package>/` with a
    `pyproject.toml` (of `version`) in `out_dir`, an installable distribution."""
    from compiler.driver.output import (Build, package_dir, planned_files, stale_files,
                                        stray_files)

    files = planned_files(out_dir, programs, package, version)
    searched = list(dict.fromkeys([*roots, Path(STATUTES)]))
    modules = package_dir(out_dir, package)
    return Build(files, tuple(stale_files(files)), tuple(stray_files(modules, files, searched)))


def write(build: Build) -> None:
    """Write the stale files of a build and remove its strays, all or nothing; raises
    `WriteError` (the path and the system's reason) when the disk refuses."""
    from compiler.driver.output import write_files

    write_files({path: build.files[path] for path in build.stale}, build.strays)


# ---------------------------------------------------------------------------------- test


@dataclass(frozen=True)
class TestRun:
    """A law's examples, run: one result each, and which provisions they decided."""

    __test__ = False  # not a pytest class
    results: tuple[ExampleResult, ...]
    coverage: Coverage | None  # None for a vocabulary
    proofs: tuple[Diagnostic, ...] = ()  # the conflicts and gaps the solver proves, if asked

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results) and not self.proofs


def test(program: c.Program, analysis: bool = False, list_bound: int = 3,
         time_limit: float | None = None, stages: Sequence[c.Program] = ()) -> TestRun:
    """Run every example of a statute through the interpreter and compare each outcome with
    what the example expects; a law's run also gives its provision coverage, and with
    `analysis` the conflicts and gaps among its rules that the solver proves (`analyse`), each
    with a case that shows it. A law that staggers its patches runs each example under the
    version of its day (`stages`, from `load_stages`)."""
    from compiler.driver.examples import provision_coverage, run_by_stage, run_examples

    results = run_by_stage(program, stages) if stages else run_examples(program)
    if not is_law(program):
        return TestRun(tuple(results), None)
    proofs: tuple[Diagnostic, ...] = ()
    if analysis:
        found = analyse(program, list_bound, time_limit=time_limit).diagnostics
        proofs = tuple(d for d in found if d.code in ("conflict", "gap"))
    return TestRun(tuple(results), provision_coverage(program, results), proofs)



# --------------------------------------------------------------- evaluate, explain, diff


def evaluate(workspace: Workspace, statute: str) -> Decider | None:
    """What decides cases for `statute`: a `.law` file (checked, run by the interpreter) or the
    name of a generated module (its `decide()`); None when it names neither. Raises
    `DiagnosticError` for a law with errors."""
    from compiler.driver.cases import Decider, import_generated
    from compiler.driver.output import GENERATED

    if statute.endswith(".law") or is_file(Path(statute)):
        return Decider(program=check(workspace, Path(statute)))
    module = import_generated(statute, GENERATED)
    return None if module is None else Decider(module=module)


def explain(program: c.Program, facts: dict[str, object], decisions: Iterable[str],
            why_not: bool = False, until: tuple[c.Expr, str] | None = None
            ) -> list[dict[str, object]]:
    """The explanation of each decision for one case (as the templates take it), with the
    smallest changes that give each other outcome (or, for a computed value, make another
    rule decide) when `why_not`, or that make `until` hold (a condition from
    `threshold.until_condition` and its words). Raises one of `CASE_ERRORS` for bad facts or
    a law that cannot decide the case."""
    from compiler.explain.build import Explainer

    explainer = Explainer(program)
    wanted = list(decisions)
    out = [explainer.explain(name, facts).to_dict() for name in wanted]
    if why_not or until is not None:
        from compiler.explain import counterfactual, goals

        with counterfactual.Finder(program) as finder:
            found = finder.find_all(wanted, facts) if until is None else {
                name: finder.search(name, facts, [goals.threshold(finder, name, *until)])
                for name in wanted}
            for name, e in zip(wanted, out):
                e["counterfactuals"] = [cf.to_dict() for cf in found[name].counterfactuals]
                e["counterfactual_note"] = found[name].note
    return out


def example_facts(program: c.Program, name: str) -> dict[str, object] | None:
    """The facts of the law's example called `name`, or None."""
    found = [e for e in program.examples if e.name == name]
    return dict(found[0].facts) if found else None


def decisions_named(program: c.Program, name: str | None) -> list[str] | None:
    """Every decision of the law, or the one called `name` (by its key, or as the law writes
    it: `the hold`), or the outputs of the record of decisions so called; None if none is."""
    if name is None:
        return list(program.decisions)
    matches = [d for d in program.decisions if names.key(name) in (k := names.key(d), "the_" + k)]
    record = _record_named(program, name)
    return matches or (list(record.fields) if record is not None else None)


def _record_named(program: c.Program, name: str) -> c.OutcomeRecord | None:
    return next((r for n, r in program.outcome_records.items()
                 if names.key(n) == names.key(name)), None)


def decision_names(program: c.Program) -> str:
    """The names `--decision` takes, for a message: the decisions, then the records."""
    return ", ".join([*program.decisions, *program.outcome_records])


def schema(program: c.Program, decision: str | None = None) -> dict[str, object]:
    """The JSON Schemas of the facts the law's `decide()` takes and of its result (of one
    decision, named as `decisions_named` takes it): `backends/schema.py`."""
    from compiler.backends.schema import statute_schema

    record = None if decision is None else _record_named(program, decision)
    named = None if decision is None else record.name if record is not None else (
        decisions_named(program, decision) or [decision])[0]
    return statute_schema(program, named)


def diff(old: Path, new: Path, old_root: Path | None = None, **options: Any) -> Diff:
    """Who gets a different outcome between two versions of a statute (`analysis/diff.py`;
    `options` as `diff_programs` takes them). Raises `DiagnosticError` if either has errors,
    `versions.VersionError` for a population or facts that cannot be read."""
    from compiler.driver import versions

    return versions.diff_loaded(versions.load_with_tree(old, old_root),
                                versions.load_with_tree(new), **options)


def report(pairs: Iterable[tuple[str, str]], root: Path = Path(STATUTES), **options: Any
           ) -> list[Diff]:
    """The diff of each pair of statute paths under `root` (`nyc/local_law_62_2011`), in
    order, as `lawc report` renders them."""
    return [diff(root / f"{a}.law", root / f"{b}.law", **options) for a, b in pairs]


# --------------------------------------------------------------------- populations and SQL

GENERATED_SQL = "generated_sql"


def compile_sql(out_dir: Path, programs: Sequence[c.Program], dialect: str,
                roots: Sequence[Path] = (Path(STATUTES),)) -> Build:
    """What `lawc compile --target sql` would write: `<out>/<statute path>/<decision>.sql` for
    every decision of every law, in `dialect` (`duckdb` or `spark`; docs/sql.md), and the
    queries it removes (`output.stray_sql_files`, with `roots` as `compile` takes them)."""
    from compiler.backends.to_sql import planned_sql_files
    from compiler.driver.output import Build, stale_files, stray_sql_files

    files = planned_sql_files(out_dir, list(programs), dialect)
    searched = list(dict.fromkeys([*roots, Path(STATUTES)]))
    strays = stray_sql_files(out_dir, files, searched, (p.path for p in programs if is_law(p)))
    return Build(files, tuple(stale_files(files)), tuple(strays))


def evaluate_population(program: c.Program, source: Path, output: Path,
                        engine: str) -> dict[str, dict[str, int]]:
    """Every case of `source` (CSV or Parquet) decided by `engine` (`duckdb`, `spark` or
    `python`), written to `output` (CSV or Parquet by its suffix); the count of each outcome
    per decision. Raises `MissingExtra` when the engine's packages are not installed, and
    `PopulationError` for an input the engine cannot read."""
    try:
        from compiler.engines.engines import evaluate_population as run
    except ImportError as exc:
        raise MissingExtra(exc.name or "duckdb") from None
    try:
        return run(program, source, output, engine)
    except ImportError as exc:
        raise MissingExtra(exc.name or engine) from None


def sql_compiles(program: c.Program) -> bool:
    """Whether the SQL backend (and so the DuckDB and Spark engines) compiles every decision of
    the law: not one with a form it refuses (`sql-unsupported`, `backends/sql_values`)."""
    from compiler.backends import to_sql

    try:
        to_sql.query(program)
    except DiagnosticError:
        return False
    return True


def period_in_force(program: c.Program) -> str | None:
    """The period a dated law (`dated by:`) is in force, in words (`from 2013-07-16 until
    2014-12-13`); None for a law that names no dating date."""
    from compiler.core.timeline import version_of
    from compiler.runtime import period_words

    version = version_of(program)
    return None if version.dated_by is None else period_words(version.start, version.end)


def has_extra(module: str) -> bool:
    """Whether an optional package (`duckdb`, `pyspark`, …) is installed."""
    import importlib.util

    return importlib.util.find_spec(module) is not None


# ------------------------------------------------------------------------ tools around lawc


class MissingExtra(Exception):
    """An optional part of lawc whose packages are not installed (the message names one)."""


def junit_report() -> JUnitReport:
    """An empty JUnit XML report of example results (`compiler/junit.py`)."""
    from compiler.junit import JUnitReport

    return JUnitReport()


def serve(programs: Sequence[c.Program], host: str, port: int) -> None:
    """Serve the laws over HTTP (`compiler/serve.py`: Starlette, run by uvicorn) until
    interrupted. Raises `MissingExtra` when the `serve` extra is not installed."""
    try:
        from compiler.serve import run
    except ImportError as exc:
        raise MissingExtra(exc.name or "starlette") from None
    try:
        run(programs, host, port)
    except ImportError as exc:
        raise MissingExtra(exc.name or "uvicorn") from None


def language_server() -> None:
    """Run the language server (`compiler/lsp.py`) on standard input and output until the
    editor stops it. Raises `MissingExtra` when pygls is not installed."""
    try:
        from compiler.lsp import server
    except ImportError as exc:
        raise MissingExtra(exc.name or "pygls") from None
    server.start_io()
