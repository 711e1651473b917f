"""`lawc test [PATHS] [--coverage]`: run the examples written beside each law.

Takes statute paths (default: statutes/); gives each failed example as a diagnostic, a count of
passed and failed examples and, with `--coverage`, which provisions decided no example.
"""

from __future__ import annotations

import sys

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statutes, message_format


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--coverage", is_flag=True,
              help="Also show, per statute, which provisions decided at least one example.")
@message_format
def test(paths: tuple[str, ...], coverage: bool, message_format: str) -> None:
    """Run the examples of statutes (default: statutes/)."""
    workspace = driver.Workspace()
    reporter = Reporter(message_format, workspace.sources)
    passed = failed = 0
    broken = 0
    coverages: list[driver.Coverage] = []
    for _file, program in checked_statutes(workspace, paths, reporter):
        if program is None:
            broken += 1
            continue
        run = driver.test(program)
        for result in run.results:
            if result.passed:
                passed += 1
            else:
                failed += 1
                reporter.report(result.diagnostics)
        if run.coverage is not None:
            coverages.append(run.coverage)
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
