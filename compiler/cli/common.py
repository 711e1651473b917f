"""What every `lawc` command shares: printing diagnostics, exit codes, and reading cases.

Takes diagnostics from `compiler.driver` and JSON files (a path, or `-` for standard input);
gives them printed in the chosen `--message-format`, statutes checked one by one with their
errors reported (`checked_statutes`), the JSON in a file, or an exit 1 with `file:line:column`
and what is wrong (`fail`). Exit codes: 0 all well; 1 diagnostics, failed examples, stale output
or a file that cannot be written; 2 a usage mistake; 123 an internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from compiler import driver
from compiler import __version__
from compiler.diagnostics import (Diagnostic, DiagnosticError, Severity, SourceCache,
                                  render_github, render_gnu, render_human, render_json,
                                  render_sarif)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Exit 1 with an error the user can act on (never a traceback)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def statute_file(statute: str) -> Path:
    """A statute named on the command line: a `.law` file, or its path under statutes/."""
    path = Path(statute)
    if driver.is_file(path):
        return path
    candidate = Path(driver.STATUTES) / f"{statute.removesuffix('.law')}.law"
    if driver.is_file(candidate):
        return candidate
    raise click.BadParameter(f"no statute file {statute!r} (nor {candidate})",
                             param_hint="STATUTE")


def checked_statute(file: Path) -> driver.Program:
    """The checked law in `file`, or its errors printed and exit 1."""
    workspace = driver.Workspace(parse_cache=True)
    try:
        return driver.check(workspace, file)
    except DiagnosticError as exc:
        Reporter("human", {}).report_error(workspace, exc)
        sys.exit(1)


def load_json(source: str, option: str = "--facts") -> object:
    """The JSON in a file, or in standard input for `-`."""
    try:
        if source == "-":
            return json.load(sys.stdin)
        with open(source, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise click.BadParameter(f"cannot read {source}: {exc.strerror}",
                                 param_hint=option) from None
    except json.JSONDecodeError as exc:
        fail(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}")
    except UnicodeDecodeError:
        fail(f"{source}: not UTF-8 text")
    except (ValueError, RecursionError) as exc:  # a number past 4,300 digits, deep nesting
        fail(f"{source}: not JSON lawc reads: " + (
            "arrays or objects nested too deeply" if isinstance(exc, RecursionError)
            else "a number of more than 4,300 digits"))


def message_format(f: F) -> F:
    return click.option("--message-format",
                        type=click.Choice(["human", "gnu", "json", "github", "sarif"]),
                        default="human", show_default=True,
                        help="How to print errors and warnings.")(f)


class Reporter:
    """Prints diagnostics as they come (each once), in one of the `--message-format`s: human and
    gnu on stderr as they come; github (workflow commands) on stdout as they come; json and
    sarif on stdout, all at once, at the end."""

    def __init__(self, fmt: str, sources: dict[str, str]) -> None:
        self.fmt = fmt
        self.cache = SourceCache(sources)
        self.all: list[Diagnostic] = []
        self.color = sys.stderr.isatty()

    def report(self, diagnostics: Sequence[Diagnostic]) -> None:
        diagnostics = [d for d in diagnostics if d not in self.all]  # a vocabulary's errors
        self.all.extend(diagnostics)  # are found again by every law that uses it
        if self.fmt in ("json", "sarif"):
            return
        for d in diagnostics:
            if self.fmt == "github":
                click.echo(render_github(d))
            elif self.fmt == "gnu":
                click.echo(render_gnu(d), err=True)
            else:
                click.echo(render_human(d, self.cache, color=self.color) + "\n", err=True)

    def report_error(self, workspace: driver.Workspace, exc: DiagnosticError) -> None:
        """The errors of a statute, with the lines of the files read so far to quote."""
        self.cache.sources.update(workspace.sources)
        self.report(exc.diagnostics)

    def finish(self) -> None:
        if self.fmt == "json":
            click.echo(render_json(self.all))
        elif self.fmt == "sarif":
            click.echo(render_sarif(self.all, version=__version__))

    @property
    def errors(self) -> int:
        return sum(1 for d in self.all if d.severity is Severity.ERROR)


def statute_files(paths: Sequence[str]) -> list[Path]:
    """The `.law` files under `paths` (default: statutes/), or a usage error if none."""
    files = driver.find_statutes(paths or [driver.STATUTES])
    if not files:
        raise click.UsageError(f"no .law files in {', '.join(paths or [driver.STATUTES])}")
    return files


def checked_statutes(workspace: driver.Workspace, paths: Sequence[str], reporter: Reporter
                     ) -> Iterator[tuple[Path, driver.Program | None]]:
    """Each statute under `paths`, checked once (a companion `.examples.law` named on its own
    with its law, `driver.statutes_named`): (file, program), or (file, None) once its errors are
    reported. A folder with no statute is a usage error."""
    try:
        files = driver.statutes_named(paths)
    except driver.NoStatutes as exc:
        raise click.UsageError(str(exc)) from None
    for file in files:
        try:
            yield file, driver.check(workspace, file)
        except DiagnosticError as exc:
            reporter.report_error(workspace, exc)
            yield file, None


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
