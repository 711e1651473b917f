"""`lawc test [PATHS] [--coverage] [--junit-xml FILE]`: run the examples written beside each law.

Takes statute paths (default: statutes/); gives each failed example as a diagnostic, the
conflicts and gaps the solver proves among a law's rules (unless `--no-analysis`), a count of
passed and failed examples, with `--coverage` which provisions decided no example, and with
`--junit-xml` the results as JUnit XML (one test case an example, `driver.junit_report`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statutes, fail, message_format, plural


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--coverage", is_flag=True,
              help="Also show, per statute, which provisions decided at least one example.")
@click.option("--coverage-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="With --coverage: a text table, or JSON on stdout.")
@click.option("--coverage-html", type=click.Path(file_okay=False),
              help="Also write the coverage as HTML pages (the law's text coloured) into DIR.")
@click.option("--fail-under", type=click.FloatRange(0, 100),
              help="Fail (exit 1) when a law's coverage is below this percentage.")
@click.option("--since", metavar="REF",
              help="With --coverage: the provisions changed since this git commit that no "
                   "example decides.")
@click.option("--suggest", is_flag=True,
              help="Print a ready example for each provision no example decides and for each "
                   "numeric or date boundary in a condition, expecting the outcome the law "
                   "gives now (marked `-- confirm`).")
@click.option("--junit-xml", type=click.Path(dir_okay=False),
              help="Also write the results as JUnit XML to this file, one test case an example.")
@click.option("--no-analysis", is_flag=True,
              help="Only run the examples; skip the solver's proof that no two rules conflict "
                   "and no case falls through a gap.")
@click.option("--time-limit", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds for the solver's analysis of each law.")
@click.option("--population", type=click.Path(dir_okay=False), metavar="FILE",
              help="Check each law's reported figures (`reported \"…\"`) against this CSV of "
                   "cases: its outcome share in the figure's period must be within the "
                   "stated tolerance.")
@message_format
def test(paths: tuple[str, ...], coverage: bool, coverage_format: str,
         coverage_html: str | None, fail_under: float | None, since: str | None,
         suggest: bool, junit_xml: str | None, no_analysis: bool,
         time_limit: float, population: str | None,
         message_format: str) -> None:
    """Run the examples of statutes (default: statutes/).

    \b
    Examples:
      lawc test --coverage --junit-xml results.xml
      lawc test statutes/nyc --coverage --fail-under 90 --coverage-html coverage/
      lawc test statutes/examples/tour.law --suggest
      lawc test statutes/nyc --population data/synthetic_detainer_requests_2013q3.csv
    """
    workspace = driver.Workspace()
    reporter = Reporter(message_format, workspace.sources)
    junit, seen = driver.junit_report(), 0
    passed = failed = 0
    broken = unsound = figures_failed = 0
    coverages: list[driver.LawCoverage] = []
    measure = coverage or suggest or coverage_html is not None or fail_under is not None
    for _file, program in checked_statutes(workspace, paths, reporter):
        if program is None:
            broken += 1
            junit.add_broken(_file, reporter.all[seen:])
            seen = len(reporter.all)
            continue
        run = driver.test(program, analysis=not no_analysis, time_limit=time_limit,
                          stages=driver.load_stages(workspace, _file) if driver.is_law(program)
                          else ())
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
        if population is not None:
            figures_failed += reported_figures(program, population)
        if measure and run.coverage is not None:
            coverages.append(driver.law_coverage(program, run.results))
    reporter.finish()
    if junit_xml:
        try:
            junit.write(Path(junit_xml))
        except OSError as exc:
            fail(f"cannot write {junit_xml}: {exc.strerror}")
    plain = message_format in ("human", "gnu")  # else stdout holds the diagnostics' JSON
    if coverage and plain:
        show_coverage(coverages, coverage_format, since, paths)
    if suggest and plain:
        for cov in coverages:
            examples = driver.suggested_examples(cov, time_limit=time_limit)
            click.echo(f"-- suggested examples for {cov.program.path} "
                       f"({len(examples)}; add those you confirm to its .examples.law)")
            for text in examples:
                click.echo(text)
    if coverage_html is not None:
        try:
            driver.write_coverage_html(coverages, Path(coverage_html))
        except driver.WriteError as exc:
            fail(str(exc))
    below = [cov for cov in coverages if fail_under is not None and cov.percent < fail_under]
    for cov in below:
        click.echo(f"error: {cov.program.path}: coverage {cov.percent:.1f}% is below "
                   f"--fail-under {fail_under:g}%", err=True)
    if message_format == "human":
        extra = f", {plural(broken, 'statute')} with errors" if broken else ""
        if unsound:
            extra += f", {plural(unsound, 'law')} with conflicts or gaps"
        if figures_failed:
            extra += f", {plural(figures_failed, 'reported figure')} not matched"
        click.echo(f"{passed} passed, {failed} failed{extra}",
                   err=coverage and coverage_format == "json")  # stdout holds only the JSON
    sys.exit(1 if failed or broken or unsound or below or figures_failed else 0)


def reported_figures(program: driver.Program, population: str) -> int:
    """Print each reported figure of the law against the population; the number not matched."""
    try:
        checks = driver.check_reported(program, Path(population))
    except driver.PopulationError as exc:
        fail(str(exc))
    for check in checks:
        mark = "ok" if check.passed else "error"
        click.echo(f"{mark}: {program.path}: reported figure {check.words()}",
                   err=not check.passed)
    return sum(1 for check in checks if not check.passed)


def show_coverage(coverages: list[driver.LawCoverage], fmt: str, since: str | None,
                  paths: tuple[str, ...]) -> None:
    """The coverage table (or JSON), with the changed provisions no example decides."""
    changed: dict[str, list[str]] = {}
    if since is not None:
        try:
            changed = driver.untested_changes(since, paths, coverages)
        except driver.versions.VersionError as exc:
            fail(str(exc))
    if fmt == "json":
        rows = [cov.to_json() for cov in coverages]
        if since is not None:
            for row in rows:
                row["changed_untested"] = changed.get(str(row["statute"]), [])
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo("coverage (provisions that decided an example, exceptions exercised, "
               "conditions made true and false):")
    for cov in coverages:
        for line in cov.table():
            click.echo(f"  {line}")
    if since is not None:
        for statute, missing in changed.items():
            for citation in missing:
                click.echo(f"  {statute}: {citation} changed since {since} and no example "
                           "decides it")
        if not any(changed.values()):
            click.echo(f"  every provision changed since {since} decides an example")
