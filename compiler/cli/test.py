"""`lawc test [PATHS] [--coverage] [--junit-xml FILE]`: run the examples written beside each law.

Takes statute paths (default: statutes/); gives each failed example as a diagnostic, the
conflicts and gaps the solver proves among a law's rules (unless `--no-analysis`), a count of
passed and failed examples, with `--coverage` which provisions decided no example, and with
`--junit-xml` the results as JUnit XML (one test case an example, `driver.junit_report`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statutes, fail, message_format, plural


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--coverage", is_flag=True,
              help="Also show, per statute, which provisions decided at least one example.")
@click.option("--junit-xml", type=click.Path(dir_okay=False),
              help="Also write the results as JUnit XML to this file, one test case an example.")
@click.option("--no-analysis", is_flag=True,
              help="Only run the examples; skip the solver's proof that no two rules conflict "
                   "and no case falls through a gap.")
@click.option("--time-limit", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds for the solver's analysis of each law.")
@message_format
def test(paths: tuple[str, ...], coverage: bool, junit_xml: str | None, no_analysis: bool,
         time_limit: float, message_format: str) -> None:
    """Run the examples of statutes (default: statutes/).

    \b
    Example:
      lawc test --coverage --junit-xml results.xml
    """
    workspace = driver.Workspace()
    reporter = Reporter(message_format, workspace.sources)
    junit, seen = driver.junit_report(), 0
    passed = failed = 0
    broken = unsound = 0
    coverages: list[driver.Coverage] = []
    for _file, program in checked_statutes(workspace, paths, reporter):
        if program is None:
            broken += 1
            junit.add_broken(_file, reporter.all[seen:])
            seen = len(reporter.all)
            continue
        run = driver.test(program, analysis=not no_analysis, time_limit=time_limit)
        reporter.cache.sources.update(workspace.sources)
        reporter.report(run.proofs)
        unsound += bool(run.proofs)
        junit.add_results(program, list(run.results))
        for result in run.results:
            if result.passed:
                passed += 1
            else:
                failed += 1
                reporter.report(result.diagnostics)
        seen = len(reporter.all)
        if run.coverage is not None:
            coverages.append(run.coverage)
    reporter.finish()
    if junit_xml:
        try:
            junit.write(Path(junit_xml))
        except OSError as exc:
            fail(f"cannot write {junit_xml}: {exc.strerror}")
    if coverage and message_format == "human":
        click.echo("provision coverage (provisions with rules that decided an example):")
        for cov in coverages:
            total = len(cov.covered) + len(cov.uncovered)
            click.echo(f"  {cov.program.path}: {len(cov.covered)}/{total} "
                       f"({cov.share:.0%}), {len(cov.program.examples)} examples")
            for citation in cov.uncovered:
                click.echo(f"      not decided by any example: {citation}")
    if message_format == "human":
        extra = f", {plural(broken, 'statute')} with errors" if broken else ""
        if unsound:
            extra += f", {plural(unsound, 'law')} with conflicts or gaps"
        click.echo(f"{passed} passed, {failed} failed{extra}")
    sys.exit(1 if failed or broken or unsound else 0)
