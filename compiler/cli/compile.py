"""`lawc compile [PATHS] [--out DIR] [--package NAME] [--check] [--target python|sql]`:
statutes into Python modules under generated/ (with `--package NAME`, an installable
distribution: DIR/NAME/ and DIR/pyproject.toml), or, with `--target sql [--dialect duckdb|spark]`, a SQL query per
decision under generated_sql/; docs/sql.md).

Takes statute paths (default: statutes/) and an output folder; gives the modules, the runtime
and the package markers written all or nothing, with the temporary files of a killed run and the
modules of deleted statutes removed. An error in any statute writes nothing and names it; a file
that cannot be written (a full disk) is exit 1 with its path and the reason, the folder as it
was. `--check` writes nothing and lists `would regenerate <path>` / `would remove <path>`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statutes, fail, message_format, plural
from compiler.diagnostics import DiagnosticError


@click.command(name="compile")
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default=driver.GENERATED, show_default=True,
              help="Folder of the generated package.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; list the files that would change and exit 1 if any.")
@click.option("--target", type=click.Choice(["python", "sql"]), default="python",
              show_default=True, help="Python modules, or SQL queries (generated_sql/).")
@click.option("--dialect", type=click.Choice(["duckdb", "spark"]), default="duckdb",
              show_default=True, help="The SQL dialect, with --target sql.")
@click.option("--package", "package", default=None, metavar="NAME",
              help="Write an installable distribution: the modules under DIR/NAME/ and a "
                   "pyproject.toml in DIR (pip install DIR).")
@click.option("--package-version", "version", default="0.1.0", show_default=True,
              help="The version of the distribution, with --package.")
@message_format
def compile_command(paths: tuple[str, ...], out_dir: str, check_only: bool, target: str,
                    dialect: str, package: str | None, version: str,
                    message_format: str) -> None:
    """Compile statutes into Python modules under generated/ (or SQL, --target sql).

    \b
    Examples:
      lawc compile --check
      lawc compile --target sql --dialect spark
      lawc compile --out dist/mylaws --package mylaws
    """
    if package is not None:
        problem = driver.package_problem(package)
        if problem is not None:
            raise click.BadParameter(problem, param_hint="--package")
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", version):
            raise click.BadParameter(f"{version!r} is not a version like 1.2.0",
                                     param_hint="--package-version")
    workspace = driver.Workspace()
    reporter = Reporter(message_format, workspace.sources)
    programs: list[driver.Program] = []
    failed: list[Path] = []
    roots: dict[Path, None] = {}
    for file, program in checked_statutes(workspace, paths, reporter):
        roots[workspace.root_for(file)] = None
        if program is None:
            failed.append(file)
        else:
            programs.append(program)
            programs += driver.load_stages(workspace, file)  # a law that staggers its patches
    try:
        if target == "sql":
            out = Path(driver.GENERATED_SQL if out_dir == driver.GENERATED else out_dir)
            build = driver.compile_sql(out, programs, dialect, list(roots))
        else:
            build = driver.compile(Path(out_dir), programs, list(roots), package, version)
    except DiagnosticError as exc:
        reporter.report_error(workspace, exc)
        build = None
    reporter.finish()
    if failed or build is None:
        for file in failed:
            click.echo(f"failed: {file}", err=True)
        click.echo("nothing written: fix the statutes above first", err=True)
        sys.exit(1)
    if check_only:
        for path in build.stale:
            click.echo(f"would regenerate {path}")
        for path in build.strays:
            click.echo(f"would remove {path}")
        sys.exit(0 if build.up_to_date else 1)
    try:
        driver.write(build)
    except driver.WriteError as exc:
        fail(f"{exc}; nothing written")
    for path in build.stale:
        click.echo(f"wrote {path}", err=True)
    for path in build.strays:
        click.echo(f"removed {path}", err=True)
    laws = sum(1 for p in programs if driver.is_law(p))
    removed = f", {plural(len(build.strays), 'file')} removed" if build.strays else ""
    click.echo(f"compiled {plural(laws, 'statute')}: {plural(len(build.stale), 'file')} "
               f"written{removed}", err=True)
