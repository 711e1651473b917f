"""The `lawc` command (click). It talks only to `compiler.driver`.

Exit codes: 0 all well; 1 diagnostics, failed examples or stale output; 2 a usage mistake;
123 an internal error (the only case that prints a traceback).
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from compiler import __version__, driver
from compiler.cli_input import fail, leaf_types, load_json, row_to_facts
from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError
from compiler.diagnostics import (Diagnostic, DiagnosticError, Severity, SourceCache,
                                  render_gnu, render_human, render_json)
from compiler.interpret import Interpreter, LawError
from compiler.surface import ast as s

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """The `lawc` commands; those defined in other modules are imported when they are run (or
    listed), so that `lawc compile` does not load the solver, the diff or the templates."""

    LAZY = {
        "diff": ("compiler.cli_diff", "diff"),
        "report": ("compiler.cli_diff", "report"),
        "explain": ("compiler.cli_explain", "explain"),
        "fmt": ("compiler.cli_fmt", "fmt"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.LAZY))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, name = self.LAZY[cmd_name]
            command = getattr(importlib.import_module(module), name)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except SystemExit:
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BaseException:  # noqa: BLE001 - anything else is lawc's own fault
            click.echo("error[internal]: lawc failed; this is a bug in lawc, not in your law.",
                       err=True)
            click.echo("Please report it with the traceback below.\n", err=True)
            traceback.print_exc()
            sys.exit(123)


def message_format(f: F) -> F:
    return click.option("--message-format", type=click.Choice(["human", "gnu", "json"]),
                        default="human", show_default=True,
                        help="How to print errors and warnings.")(f)


class _Reporter:
    def __init__(self, fmt: str, sources: dict[str, str]) -> None:
        self.fmt = fmt
        self.cache = SourceCache(sources)
        self.all: list[Diagnostic] = []
        self.color = sys.stderr.isatty()

    def report(self, diagnostics: Sequence[Diagnostic]) -> None:
        diagnostics = [d for d in diagnostics if d not in self.all]  # a vocabulary's errors
        self.all.extend(diagnostics)  # are found again by every law that uses it
        if self.fmt == "json":
            return
        for d in diagnostics:
            if self.fmt == "gnu":
                click.echo(render_gnu(d), err=True)
            else:
                click.echo(render_human(d, self.cache, color=self.color) + "\n", err=True)

    def finish(self) -> None:
        if self.fmt == "json":
            click.echo(render_json(self.all))

    @property
    def errors(self) -> int:
        return sum(1 for d in self.all if d.severity is Severity.ERROR)


def _programs(workspace: driver.Workspace, paths: Sequence[str], reporter: _Reporter
              ) -> Iterator[tuple[Path, c.Program | None]]:
    files = driver.find_statutes(paths or [driver.STATUTES])
    if not files:
        raise click.UsageError(f"no .law files in {', '.join(paths or [driver.STATUTES])}")
    for file in files:
        if driver.is_companion(file):
            continue
        try:
            yield file, driver.load_program(workspace, file)
        except DiagnosticError as exc:
            reporter.cache.sources.update(workspace.sources)
            reporter.report(exc.diagnostics)
            yield file, None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lawc")
def main() -> None:
    """lawc: compile laws written in .law files into Python decision functions."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--list-bound", default=3, show_default=True, type=click.IntRange(0, 10),
              help="Analyse lists of up to this many records.")
@click.option("--no-analysis", is_flag=True,
              help="Only parse, resolve and type-check; skip the search for conflicts, gaps "
                   "and dead rules.")
@message_format
def check(paths: tuple[str, ...], list_bound: int, no_analysis: bool,
          message_format: str) -> None:
    """Check statutes (default: statutes/): syntax, names, types, and, with the solver,
    conflicts, gaps, dead rules, redundant exceptions and unused definitions."""
    from compiler.analysis.check import analyse

    workspace = driver.Workspace()
    reporter = _Reporter(message_format, workspace.sources)
    count = 0
    failed = []
    summaries: list[str] = []
    for file, program in _programs(workspace, paths, reporter):
        count += 1
        if program is None:
            failed.append(file)
            continue
        if no_analysis or program.kind is not s.FileKind.LAW:
            continue
        analysis = analyse(program, list_bound)
        reporter.cache.sources.update(workspace.sources)
        reporter.report(analysis.diagnostics)
        if any(d.severity is Severity.ERROR for d in analysis.diagnostics):
            failed.append(file)
        summaries.append(analysis.summary)
    reporter.finish()
    if message_format == "human":
        for summary in summaries:
            click.echo(summary, err=True)
        word = "statute" if count == 1 else "statutes"
        if failed:
            which = "it" if count == 1 else f"{len(failed)} of them"
            click.echo(f"checked {count} {word}: {reporter.errors} error"
                       f"{'s' if reporter.errors != 1 else ''} in {which}", err=True)
        else:
            click.echo(f"checked {count} {word}: no errors", err=True)
    sys.exit(1 if failed else 0)


@main.command(name="compile")
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default=driver.GENERATED, show_default=True,
              help="Folder of the generated package.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; list the files that would change and exit 1 if any.")
@message_format
@click.option("--target", type=click.Choice(["python", "sql"]), default="python",
              show_default=True, help="Python modules, or SQL queries (generated_sql/).")
@click.option("--dialect", type=click.Choice(["duckdb", "spark"]), default="duckdb",
              show_default=True, help="The SQL dialect, with --target sql.")
def compile_command(paths: tuple[str, ...], out_dir: str, check_only: bool,
                    message_format: str, target: str, dialect: str) -> None:
    """Compile statutes into Python modules under generated/ (or SQL, --target sql)."""
    workspace = driver.Workspace()
    reporter = _Reporter(message_format, workspace.sources)
    programs: list[c.Program] = []
    failed: list[Path] = []
    for file, program in _programs(workspace, paths, reporter):
        if program is None:
            failed.append(file)
        else:
            programs.append(program)
    reporter.finish()
    if failed:
        for file in failed:
            click.echo(f"failed: {file}", err=True)
        click.echo("nothing written: fix the statutes above first", err=True)
        sys.exit(1)
    out = Path(out_dir)
    files = driver.planned_files(out, programs)
    if target == "sql":
        from compiler.backends.to_sql import planned_sql_files

        files = planned_sql_files(Path("generated_sql") if out_dir == driver.GENERATED else out,
                                  programs, dialect)
    stale = driver.stale_files(files)
    if check_only:
        for path in stale:
            click.echo(f"would regenerate {path}")
        sys.exit(1 if stale else 0)
    for path in stale:
        driver.write_atomically(path, files[path])
        click.echo(f"wrote {path}", err=True)
    laws = sum(1 for p in programs if p.kind is s.FileKind.LAW)
    click.echo(f"compiled {laws} statute{'s' if laws != 1 else ''}: "
               f"{len(stale)} file{'s' if len(stale) != 1 else ''} written", err=True)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--coverage", is_flag=True,
              help="Also show, per statute, which provisions decided at least one example.")
@message_format
def test(paths: tuple[str, ...], coverage: bool, message_format: str) -> None:
    """Run the examples of statutes (default: statutes/)."""
    workspace = driver.Workspace()
    reporter = _Reporter(message_format, workspace.sources)
    passed = failed = 0
    broken = 0
    coverages: list[driver.Coverage] = []
    for _file, program in _programs(workspace, paths, reporter):
        if program is None:
            broken += 1
            continue
        results = driver.run_examples(program)
        for result in results:
            if result.passed:
                passed += 1
            else:
                failed += 1
                reporter.report(result.diagnostics)
        if program.kind is s.FileKind.LAW:
            coverages.append(driver.provision_coverage(program, results))
    reporter.finish()
    if coverage and message_format == "human":
        click.echo("provision coverage (provisions with rules that decided an example):")
        for cov in coverages:
            total = len(cov.covered) + len(cov.uncovered)
            click.echo(f"  {cov.program.path}: {len(cov.covered)}/{total} "
                       f"({cov.share:.0%}), {len(cov.program.examples)} examples")
            for citation in cov.uncovered:
                click.echo(f"      not decided by any example: {citation}")
    if message_format == "human":
        extra = f", {broken} statutes with errors" if broken else ""
        click.echo(f"{passed} passed, {failed} failed{extra}")
    sys.exit(1 if failed or broken else 0)


def _statute_list(paths: Sequence[str], reporter: _Reporter) -> list[c.Program]:
    workspace = driver.Workspace()
    out = []
    for _file, program in _programs(workspace, paths, reporter):
        if program is not None and program.kind is s.FileKind.LAW:
            out.append(program)
    return out


@main.command(name="list")
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_command(paths: tuple[str, ...], fmt: str) -> None:
    """List statutes with their jurisdiction, dates and decisions."""
    reporter = _Reporter("human", {})
    programs = _statute_list(paths, reporter)
    rows: list[dict[str, Any]] = [{
        "statute": p.path,
        "title": p.title,
        "jurisdiction": p.header.get("jurisdiction"),
        "enacts": p.header.get("enacts"),
        "amends": p.header.get("amends"),
        "citation": p.header.get("citation") or p.header.get("enacts") or p.header.get("amends"),
        "in_force_from": p.header.get("in force from"),
        "in_force_until": p.header.get("in force until"),
        "module": "generated." + p.path.replace("/", "."),
        "decisions": [{"name": d.name, "key": names.key(d.name),
                       "values": _values(p, d)} for d in p.decisions.values()],
        "provisions": len(p.provisions),
        "examples": len(p.examples),
    } for p in programs]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            dates = f"in force from {row['in_force_from'] or '?'}"
            if row["in_force_until"]:
                dates += f" until {row['in_force_until']}"
            click.echo(f"{row['statute']}: {row['title']} ({row['jurisdiction']}; {dates})")
            for d in row["decisions"]:
                click.echo(f"    decides {d['name']}: {', '.join(map(str, d['values']))}")
    sys.exit(1 if reporter.errors else 0)


def _values(p: c.Program, d: c.Decision) -> list[object]:
    if isinstance(d.type, c.EnumT):
        return list(p.enums[d.type.name].values)
    return [True, False]


@main.command()
@click.option("--stage", type=click.Choice(["surface", "core"]), default="core",
              show_default=True)
@click.argument("file")
@message_format
def ir(stage: str, file: str, message_format: str) -> None:
    """Print a statute as the compiler sees it at one stage."""
    workspace = driver.Workspace()
    reporter = _Reporter(message_format, workspace.sources)
    try:
        if stage == "surface":
            from compiler.surface import print as surface_print

            click.echo(surface_print.file(workspace.read(Path(file)).tree), nl=False)
        else:
            from compiler.core import print as core_print

            click.echo(core_print.program(driver.load_program(workspace, Path(file))), nl=False)
    except DiagnosticError as exc:
        reporter.cache.sources.update(workspace.sources)
        reporter.report(exc.diagnostics)
        reporter.finish()
        sys.exit(1)


# ------------------------------------------------------------------------------ evaluate


class _Statute:
    """A statute to run: a .law file (the interpreter) or a generated module (its decide())."""

    def __init__(self, ref: str, reporter: _Reporter) -> None:
        self.ref = ref
        self.program: c.Program | None = None
        self.module: Any = None
        if ref.endswith(".law") or driver.is_file(Path(ref)):
            workspace = driver.Workspace()
            try:
                self.program = driver.load_program(workspace, Path(ref))
            except DiagnosticError as exc:
                reporter.cache.sources.update(workspace.sources)
                reporter.report(exc.diagnostics)
                reporter.finish()
                sys.exit(1)
            self.interpreter = Interpreter(self.program)
        else:
            module_name = ref.replace("/", ".")
            if not module_name.startswith(driver.GENERATED + "."):
                module_name = f"{driver.GENERATED}.{module_name}"
            if str(Path.cwd()) not in sys.path:
                sys.path.insert(0, str(Path.cwd()))
            try:
                self.module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                raise click.BadParameter(f"no statute file or generated module {ref!r}",
                                         param_hint="STATUTE") from None

    def decide(self, facts: object) -> dict[str, object]:
        if self.program is not None:
            if not isinstance(facts, dict):
                raise FactsError("", f"expected an object with the facts of a case, got {facts!r}")
            return self.interpreter.decide(facts)
        result: dict[str, object] = self.module.decide(facts)
        return result

    def fact_types(self) -> dict[str, c.Type]:
        if self.program is None:
            return {}
        return leaf_types(self.program)


@main.command()
@click.argument("statute")
@click.option("--facts", "facts_file", help="A JSON file with the facts of one case (- for stdin).")
@click.option("--csv", "csv_file", help="A CSV file with a case per row; columns are fact paths "
              "(person.date_of_birth), lists as JSON cells or indexed columns.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True, help="Output format for --csv.")
@click.option("--engine", type=click.Choice(["duckdb", "spark", "python"]),
              help="Decide a population from --input into --output with this engine.")
@click.option("--input", "input_file", help="With --engine: a Parquet or CSV file of cases.")
@click.option("--output", "output_file", help="With --engine: the Parquet or CSV file to write.")
def evaluate(statute: str, facts_file: str | None, csv_file: str | None, fmt: str,
             engine: str | None, input_file: str | None, output_file: str | None) -> None:
    """Decide cases under STATUTE (a .law file or a generated module name)."""
    if engine is not None:
        from compiler.population.cli import evaluate_population_command

        evaluate_population_command(statute, engine, input_file, output_file)
        return
    if bool(facts_file) == bool(csv_file):
        raise click.UsageError("give exactly one of --facts and --csv")
    reporter = _Reporter("human", {})
    law = _Statute(statute, reporter)
    if facts_file:
        facts = load_json(facts_file)
        try:
            result = law.decide(facts)
        except FactsError as exc:
            fail(f"bad facts: {exc}")
        except LawError as exc:
            fail(str(exc))
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    assert csv_file is not None
    try:
        handle = sys.stdin if csv_file == "-" else open(csv_file, encoding="utf-8", newline="")
    except OSError as exc:
        raise click.BadParameter(f"cannot read {csv_file}: {exc.strerror}",
                                 param_hint="--csv") from None
    types = law.fact_types()
    rows_out: list[dict[str, object]] = []
    failures: list[str] = []
    counts: dict[str, Counter[str]] = {}
    with handle:
        reader = csv.DictReader(handle)
        for number, row in enumerate(reader, start=2):
            if None in row:
                failures.append(f"row {number}: more cells than columns")
                continue
            facts = row_to_facts(row, types)
            try:
                result = law.decide(facts)
            except (FactsError, LawError) as exc:
                failures.append(f"row {number}: {exc}")
                continue
            rows_out.append({"row": number, **result})
            for key, value in result.items():
                counts.setdefault(key, Counter())[json.dumps(value)] += 1
    summary = {key: {json.loads(v): n for v, n in sorted(counter.items())}
               for key, counter in counts.items()}
    if fmt == "json":
        click.echo(json.dumps({"rows": rows_out, "counts": summary, "failures": failures},
                              indent=2, ensure_ascii=False, default=str))
    else:
        out = io.StringIO()
        keys = ["row"] + (list(rows_out[0]) [1:] if rows_out else [])
        writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        for r in rows_out:
            writer.writerow(r)
        click.echo(out.getvalue(), nl=False)
        for key, values in summary.items():
            shown = ", ".join(f"{v}: {n}" for v, n in values.items())
            click.echo(f"{key}: {shown}", err=True)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        click.echo(f"{len(failures)} of {len(failures) + len(rows_out)} rows failed", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
