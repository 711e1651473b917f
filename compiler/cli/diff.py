"""`lawc diff` and `lawc report`: exact version diffs on the command line.

Takes statute files (or a git commit to compare the working tree with; or, for `lawc report`,
any set of laws, with what to compare read from `reports.toml` beside them or derived from their
headers); gives the diffs the driver computes (`driver.versions`), rendered as coloured text,
Markdown, JSON or one HTML page (`driver.render`). Mistakes (a law that does not compile, a
population or manifest that cannot be read, a ref that is not a commit) are messages with exit 1
or 2, never tracebacks.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from compiler import driver
from compiler.cli.common import Reporter, fail, load_json
from compiler.diagnostics import DiagnosticError
from compiler.driver import render, versions

T = TypeVar("T")


def _guarded(step: Callable[[], T], workspace: driver.Workspace | None = None) -> T:
    """Run one step of a diff, turning the user's mistakes into messages."""
    try:
        return step()
    except DiagnosticError as exc:
        Reporter("human", {}).report_error(workspace or driver.Workspace(), exc)
        sys.exit(1)
    except versions.VersionError as exc:
        if exc.usage:
            raise click.UsageError(str(exc)) from None
        fail(str(exc))


def _load(file: Path, root: Path | None = None, day: str | None = None) -> Any:
    workspace = driver.Workspace(root)
    return _guarded(lambda: versions.load_with_tree(file, workspace=workspace, day=day),
                    workspace)


def _load_named(argument: str) -> Any:
    """The version an argument of `lawc diff` names: `path.law`, or `path.law@YYYY-MM-DD`
    (one dated version of a law that staggers its patches)."""
    file, day = _guarded(lambda: versions.dated_version(argument))
    return _load(file, day=day)


def _diff(old: Any, new: Any, **options: Any) -> Any:
    return _guarded(lambda: versions.diff_loaded(old, new, **options))


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class StatusLine:
    """What the diffs are working on, on standard error, redrawn in place at every step of a
    diff (each outcome pair's regions, each region's case, the population, the sample):
    `lawc report [####------] 2/7 nyc/a → nyc/b: step 12: hold: no → yes: regions`. It says
    nothing when standard error is not a terminal, or with `--quiet`."""

    BAR = 20

    def __init__(self, label: str, total: int, quiet: bool, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.shown = not quiet and _is_terminal(self.stream)
        self.label, self.total = label, total
        self.done = self.steps = 0
        self.what = ""
        self.drawn = False

    def __enter__(self) -> StatusLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def progress(self) -> Callable[[str], None] | None:
        """What a diff tells of each step (None when nothing is shown: no work for it)."""
        return self.step if self.shown else None

    def start(self, what: str) -> None:
        """A comparison begins."""
        self.what, self.steps = what, 0
        self.draw("loading")

    def finished(self) -> None:
        self.done += 1

    def step(self, text: str) -> None:
        self.steps += 1
        self.draw(f"step {self.steps}: {text}")

    def draw(self, text: str) -> None:
        if not self.shown:
            return
        bar = ""
        if self.total > 1:
            filled = self.BAR * self.done // self.total
            bar = f" [{'#' * filled}{'-' * (self.BAR - filled)}] {self.done}/{self.total}"
        line = f"{self.label}{bar} {self.what}: {text}".replace("\n", " ")
        width = max(20, shutil.get_terminal_size().columns - 1)
        self.stream.write("\r\x1b[K" + line[:width])
        self.stream.flush()
        self.drawn = True


def _emit(text: str, output: str | None) -> None:
    if output:
        try:  # a temporary file, then a rename: a full disk leaves the old file whole
            driver.write_atomically(Path(output), text)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror}")
    else:
        click.echo(text, nl=False)


def _diff_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.option("--list-bound", default=versions.DEFAULT_LIST_BOUND, show_default=True,
                     type=click.IntRange(0, 6), help="Lists have at most this many records."),
        click.option("--samples", default=versions.DEFAULT_SAMPLES, show_default=True,
                     type=click.IntRange(1),
                     help="Cases drawn to estimate shares where they cannot be counted exactly."),
        click.option("--seed", default=versions.DEFAULT_SEED, show_default=True, type=int),
        click.option("--output", "-o", help="Write to this file instead of standard output."),
        click.option("--quiet", "-q", is_flag=True,
                     help="No progress bar (there is none when standard error is not a "
                          "terminal)."),
        click.option("--no-cache", is_flag=True,
                     help="Compute every diff again instead of reading it from .lawc_cache/ "
                          "(also LAWC_NO_CACHE=1)."),
    ]):
        f = option(f)
    return f


@click.command()
@click.argument("files", nargs=-1)
@click.option("--since", "since", metavar="GIT_REF",
              help="Compare each changed statute (under FILES, default statutes/) with its "
                   "version at GIT_REF (a commit: a branch, tag or hash).")
@click.option("--population", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of cases (columns are fact paths, lists as JSON cells): counts and "
                   "example rows in every cell.")
@click.option("--facts", "facts_file", type=click.Path(exists=True, dir_okay=False),
              help="A JSON case: why its outcome changed, side by side.")
@click.option("--format", "fmt", type=click.Choice(render.DIFF_FORMATS), default="text",
              show_default=True)
@click.option("--fail-on-change", is_flag=True,
              help="Exit 1 when any outcome changes (after writing the diff).")
@_diff_options
def diff(files: tuple[str, ...], since: str | None, population: str | None,
         facts_file: str | None, fmt: str, fail_on_change: bool, list_bound: int, samples: int,
         seed: int, output: str | None, quiet: bool, no_cache: bool) -> None:
    """Who gets a different outcome between two versions: OLD NEW (two .law files, or
    path.law@YYYY-MM-DD for one dated version of a law that staggers its patches), or every
    statute changed since GIT_REF.

    \b
    Example:
      lawc diff statutes/nyc/local_law_62_2011.law statutes/nyc/local_law_22_2013.law
    """
    case = None
    if facts_file:
        case = load_json(facts_file)
        if not isinstance(case, dict):
            fail("--facts: bad facts: expected an object with the facts of a case")
    options: dict[str, Any] = {"list_bound": list_bound, "samples": samples, "seed": seed,
                               "population": Path(population) if population else None,
                               "case": case, "use_cache": not no_cache}
    color = fmt == "text" and output is None and sys.stdout.isatty()
    if since is None:
        if len(files) != 2:
            raise click.UsageError("give OLD and NEW, two .law files (or --since GIT_REF)")
        with StatusLine("lawc diff", 1, quiet) as status:
            status.start(f"{Path(files[0]).name} → {Path(files[1]).name}")
            loaded = _load_named(files[0]), _load_named(files[1])
            result = _diff(*loaded, progress=status.progress(), **options)
        _emit(render.diff(result, fmt, color), output)
        if fail_on_change and versions.changes_outcome([result]):
            sys.exit(1)
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        added = []
        pairs = _guarded(lambda: versions.since_pairs(since, files or [driver.STATUTES],
                                                      Path(tmp)))
        compared = []
        with StatusLine("lawc diff", len(pairs), quiet) as status:
            for now, before, root in pairs:
                if before is None:
                    added.append(str(now))
                    status.finished()
                    continue
                status.start(str(now))
                results.append(_diff(_load(before, root), _load(now),
                                     progress=status.progress(), **options))
                compared.append(now)
                status.finished()
    combined = _guarded(lambda: versions.since_result(since, results, added, compared))
    _emit(render.since(combined, fmt, color), output)
    if fail_on_change and versions.changes_outcome(results):
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False),
              help=f"What to compare ({versions.MANIFEST}; default: the one in the folder "
                   "given).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown",
              show_default=True)
@click.option("--population", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of cases to count in every cell (default: the manifest's "
                   "population).")
@_diff_options
def report(paths: tuple[str, ...], manifest: str | None, fmt: str, population: str | None,
           list_bound: int, samples: int, seed: int, output: str | None, quiet: bool,
           no_cache: bool) -> None:
    """The diffs of a set of laws in one report (PATHS: files or folders, default statutes/):
    the comparisons a reports.toml names, or else each jurisdiction's versions in order and
    the laws of one vocabulary side by side.

    \b
    Example:
      lawc report --format html -o report.html
    """
    plan, files = _guarded(lambda: versions.report_plan(paths, manifest))
    table = Path(population) if population else plan.population
    results = []
    loads = versions.ReportLoads(files)
    pairs = plan.pairs()
    with StatusLine("lawc report", len(pairs), quiet) as status:
        for a, b in pairs:
            status.start(f"{a} → {b}")
            results.append(_guarded(lambda: loads.diff(
                a, b, list_bound=list_bound, samples=samples, seed=seed, population=table,
                use_cache=not no_cache, progress=status.progress()), loads.workspace))
            status.finished()
    timelines, done = [], 0
    for comparison in plan.comparisons:  # each comparison's diffs, in the order of the pairs
        mine = results[done:done + len(comparison.pairs)]
        done += len(comparison.pairs)
        if comparison.kind == "timeline":
            timelines.append((comparison.name, mine))
    _emit(render.report(results, plan.title, plan.intro, fmt, timelines), output)


__all__ = ["StatusLine", "diff", "report"]
