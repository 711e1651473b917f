"""`lawc check`, `lawc list` and `lawc ir`: statutes read, checked and shown.

Takes statute paths (default: statutes/); gives their diagnostics (syntax, names, types, and
with the solver conflicts, gaps and dead rules) and a summary per law (`check`), a table of laws
with their dates and decisions (`list`), or one statute printed at a stage (`ir`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statutes, message_format, plural
from compiler.diagnostics import DiagnosticError, Severity


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--list-bound", default=3, show_default=True, type=click.IntRange(0, 10),
              help="Analyse lists of up to this many records.")
@click.option("--no-analysis", is_flag=True,
              help="Only parse, resolve and type-check; skip the search for conflicts, gaps "
                   "and dead rules.")
@click.option("--time-limit", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds for the solver's analysis of each law; checks not decided by then "
                   "are named in a warning.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) on warnings too: dead rules, redundant exceptions, unused "
                   "definitions and facts, checks the solver did not decide in time.")
@click.option("--no-cache", is_flag=True,
              help="Run the solver's analysis even when .lawc_cache/ holds its result for the "
                   "same law and lawc.")
@message_format
def check(paths: tuple[str, ...], list_bound: int, no_analysis: bool, time_limit: float,
          strict: bool, no_cache: bool, message_format: str) -> None:
    """Check statutes (default: statutes/): syntax, names, types, and, with the solver,
    conflicts, gaps, dead rules, redundant exceptions and unused definitions.

    \b
    Example:
      lawc check statutes/nyc --strict --message-format github
    """
    workspace = driver.Workspace(parse_cache=not no_cache)
    reporter = Reporter(message_format, workspace.sources)
    count = 0
    failed = []
    summaries: list[str] = []
    laws: list[driver.Program] = []
    for file, program in checked_statutes(workspace, paths, reporter):
        count += 1
        if program is None:
            failed.append(file)
            continue
        laws.append(program)
        if no_analysis or not driver.is_law(program):
            continue
        analysis = driver.analyse_cached(program, list_bound, time_limit,
                                         use_cache=not no_cache)
        reporter.cache.sources.update(workspace.sources)
        reporter.report(analysis.diagnostics)
        if any(d.severity is Severity.ERROR for d in analysis.diagnostics):
            failed.append(file)
        summaries.append(analysis.summary)
    timeline = driver.timeline_problems(workspace, laws)  # versions of one section
    reporter.cache.sources.update(workspace.sources)
    reporter.report(timeline)
    failed += [Path(d.span.file) for d in timeline if d.severity is Severity.ERROR]
    reporter.finish()
    warned = strict and any(d.severity is Severity.WARNING for d in reporter.all)
    if message_format == "human":
        for summary in summaries:
            click.echo(summary, err=True)
        word = "statute" if count == 1 else "statutes"
        if failed:
            which = "it" if count == 1 else f"{len(failed)} of them"
            click.echo(f"checked {count} {word}: {plural(reporter.errors, 'error')} in {which}",
                       err=True)
        else:
            click.echo(f"checked {count} {word}: no errors", err=True)
        if warned:
            warnings = sum(1 for d in reporter.all if d.severity is Severity.WARNING)
            click.echo(f"--strict: {plural(warnings, 'warning')}, which fail the check",
                       err=True)
    sys.exit(1 if failed or warned else 0)


@click.command(name="list")
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_command(paths: tuple[str, ...], fmt: str) -> None:
    """List statutes with their jurisdiction, dates and decisions.

    \b
    Example:
      lawc list statutes/nyc --format json
    """
    reporter = Reporter("human", {})
    rows: list[dict[str, Any]] = [
        driver.statute_summary(program, driver.GENERATED)
        for _file, program in checked_statutes(driver.Workspace(), paths, reporter)
        if program is not None and driver.is_law(program)]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            dates = f"in force from {row['in_force_from'] or 'a date not stated'}"
            if row["in_force_until"]:
                dates += f" until {row['in_force_until']}"
            click.echo(f"{row['statute']}: {row['title']} ({row['jurisdiction']}; {dates})")
            for d in row["decisions"]:
                values = ["yes" if v is True else "no" if v is False else str(v)
                          for v in d["values"]]
                known = ", if known" if d["optional"] else ""
                click.echo(f"    decides {d['name']}: {', '.join(values) or d['type']}{known}")
            for r in row["records"]:
                outputs = " and ".join(f"the {o}" for o in r["outputs"])
                click.echo(f"    decides {r['name']}: a record of {outputs}")
    sys.exit(1 if reporter.errors else 0)


@click.command()
@click.option("--stage", type=click.Choice(["surface", "core"]), default="core",
              show_default=True)
@click.argument("file")
@message_format
def ir(stage: str, file: str, message_format: str) -> None:
    """Print a statute as the compiler sees it at one stage.

    \b
    Example:
      lawc ir --stage surface statutes/examples/tour.law
    """
    workspace = driver.Workspace()
    reporter = Reporter(message_format, workspace.sources)
    try:
        click.echo(driver.print_stage(workspace, Path(file), stage), nl=False)
    except DiagnosticError as exc:
        reporter.report_error(workspace, exc)
        reporter.finish()
        sys.exit(1)
