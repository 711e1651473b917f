"""`lawc diff` and `lawc report`: exact version diffs on the command line.

Takes statute files (or a git commit to compare the working tree with; or, for `lawc report`,
any set of laws, with what to compare read from `reports.toml` beside them or derived from their
headers by `compiler.analysis.comparisons`); gives the diff of `compiler.analysis.diff`, rendered
by `compiler.reports.diff` as coloured text, Markdown, JSON or one HTML page. Mistakes (a law
that does not compile, a population or manifest that cannot be read, a ref that is not a commit)
are messages with exit 1 or 2, never tracebacks.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from compiler import driver
from compiler.analysis.comparisons import MANIFEST, ManifestError, ReportPlan, from_headers, \
    read_manifest
from compiler.analysis.diff import DEFAULT_SAMPLES, DEFAULT_SEED, diff_programs
from compiler.analysis.diff_result import Diff, SinceDiffs
from compiler.analysis.smt import DEFAULT_LIST_BOUND
from compiler.cli_input import fail, load_json
from compiler.core import ast as c
from compiler.core.facts import FactsError
from compiler.diagnostics import DiagnosticError
from compiler.population import PopulationError
from compiler.reports import diff as diff_render
from compiler.surface import ast as s

FORMATS = list(diff_render.FORMATS)


def _load(file: Path, root: Path | None = None,
          workspace: driver.Workspace | None = None) -> tuple[c.Program, s.File]:
    """The law in `file`, and its surface AST (for the words of the structural changes)."""
    workspace = workspace or driver.Workspace(root)
    try:
        program = driver.load_program(workspace, file)
    except DiagnosticError as exc:
        for d in exc.diagnostics:
            click.echo(f"{d.span}: {d.severity.value}: {d.message} [{d.code}]", err=True)
        sys.exit(1)
    return program, workspace.read(file).tree


def _diff(old: tuple[c.Program, s.File], new: tuple[c.Program, s.File], **options: Any) -> Diff:
    try:
        return diff_programs(old[0], new[0], old_tree=old[1], new_tree=new[1], **options)
    except PopulationError as exc:
        fail(f"--population: {exc}")
    except FactsError as exc:
        fail(f"--facts: bad facts: {exc}")


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise click.UsageError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def resolve_commit(ref: str, top: Path) -> str:
    """The commit `ref` names, as a full hash: what every later git command is given, so that no
    ref can be read as an option (`--output=…`) or name a tree (`HEAD:statutes`)."""
    if ref.startswith("-") or not ref:
        raise click.UsageError(f"--since {ref!r}: give a commit (a branch, tag or hash), not an "
                               "option")
    done = subprocess.run(["git", "-C", str(top), "rev-parse", "--verify", "--quiet",
                           "--end-of-options", f"{ref}^{{commit}}"],
                          capture_output=True, text=True)
    commit = done.stdout.strip()
    if done.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise click.UsageError(f"--since {ref!r}: not a commit in {top} (give a branch, tag or "
                               "hash)")
    return commit


def since_pairs(ref: str, paths: Sequence[str], tmp: Path
                ) -> list[tuple[Path, Path | None, Path]]:
    """(statute now, its version at `ref` in a copy of statutes/ at `ref`, that root) per changed
    law. Reads git only (`diff --name-only`, `ls-tree`, `show`)."""
    top = Path(_git("rev-parse", "--show-toplevel").strip())
    commit = resolve_commit(ref, top)
    changed = _git("-C", str(top), "diff", "--name-only", commit, "--", *paths).split()
    changed += _git("-C", str(top), "ls-files", "--others", "--exclude-standard", "--",
                    *paths).split()
    old_root = tmp / "statutes"
    for name in _git("-C", str(top), "ls-tree", "-r", "--name-only", commit, "--",
                     driver.STATUTES).split():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_git("-C", str(top), "show", f"{commit}:{name}"), encoding="utf-8")
    pairs = []
    for name in dict.fromkeys(changed):
        file = top / name
        if not name.endswith(".law") or driver.is_companion(file) or not file.is_file():
            continue
        if file.read_text(encoding="utf-8").lstrip().startswith("vocabulary"):
            continue
        old = tmp / name
        pairs.append((file, old if old.is_file() else None, old_root))
    return pairs


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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--list-bound", default=DEFAULT_LIST_BOUND, show_default=True,
              type=click.IntRange(0, 6), help="Lists have at most this many records.")
@click.option("--samples", default=DEFAULT_SAMPLES, show_default=True, type=click.IntRange(1),
              help="Cases drawn to estimate shares where they cannot be counted exactly.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
@click.option("--output", "-o", help="Write to this file instead of standard output.")
def diff(files: tuple[str, ...], since: str | None, population: str | None,
         facts_file: str | None, fmt: str, list_bound: int, samples: int, seed: int,
         output: str | None) -> None:
    """Who gets a different outcome between two versions: OLD NEW (two .law files), or every
    statute changed since GIT_REF."""
    case = None
    if facts_file:
        case = load_json(facts_file)
        if not isinstance(case, dict):
            fail("--facts: bad facts: expected an object with the facts of a case")
    options: dict[str, Any] = {"list_bound": list_bound, "samples": samples, "seed": seed,
                               "population": Path(population) if population else None,
                               "case": case}
    color = fmt == "text" and output is None and sys.stdout.isatty()
    if since is None:
        if len(files) != 2:
            raise click.UsageError("give OLD and NEW, two .law files (or --since GIT_REF)")
        result = _diff(_load(Path(files[0])), _load(Path(files[1])), **options)
        _emit(diff_render.render(result, fmt, color), output)
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        added = []
        for now, before, root in since_pairs(since, files or [driver.STATUTES], Path(tmp)):
            if before is None:
                added.append(str(now))
                continue
            results.append(_diff(_load(before, root), _load(now), **options))
    _emit(diff_render.since(SinceDiffs(since=since, diffs=tuple(results),
                                       new_statutes=tuple(added)), fmt, color), output)


def report_plan(paths: Sequence[str], manifest: str | None
                ) -> tuple[ReportPlan, dict[str, Path]]:
    """What to compare (from the manifest, or from the laws' headers), and each law's file by
    its statute path. The manifest is `--manifest`, else `reports.toml` in the one folder given
    (`statutes/` by default), if there is one."""
    folders = [Path(p) for p in paths] or [Path(driver.STATUTES)]
    if manifest is None and len(folders) == 1 and (folders[0] / MANIFEST).is_file():
        manifest = str(folders[0] / MANIFEST)
    workspace = driver.Workspace()
    files: dict[str, Path] = {}
    programs = []
    if manifest is not None:
        try:
            plan = read_manifest(Path(manifest))
        except ManifestError as exc:
            fail(str(exc))
        for name in dict.fromkeys(n for pair in plan.pairs() for n in pair):
            files[name] = Path(manifest).parent / f"{name}.law"
            if not driver.is_file(files[name]):
                fail(f"{manifest}: no statute {name!r} (looked for {files[name]})")
        return plan, files
    for file in driver.find_statutes(folders):
        if driver.is_companion(file) or file.suffix != ".law":
            continue
        program, _ = _load(file, workspace=workspace)
        files[program.path] = file
        programs.append(program)
    plan = from_headers(programs)
    if not plan.comparisons:
        fail("nothing to compare: give two or more versions of a law (the same jurisdiction:), "
             f"or laws that use one vocabulary, or a {MANIFEST}")
    return plan, files


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False),
              help=f"What to compare ({MANIFEST}; default: the one in the folder given).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown",
              show_default=True)
@click.option("--population", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of cases to count in every cell.")
@click.option("--list-bound", default=DEFAULT_LIST_BOUND, show_default=True,
              type=click.IntRange(0, 6))
@click.option("--samples", default=DEFAULT_SAMPLES, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
@click.option("--output", "-o", help="Write to this file instead of standard output.")
def report(paths: tuple[str, ...], manifest: str | None, fmt: str, population: str | None,
           list_bound: int, samples: int, seed: int, output: str | None) -> None:
    """The diffs of a set of laws in one report (PATHS: files or folders, default statutes/):
    the comparisons a reports.toml names, or else each jurisdiction's versions in order and
    the laws of one vocabulary side by side."""
    plan, files = report_plan(paths, manifest)
    results = [_diff(_load(files[a]), _load(files[b]), list_bound=list_bound, samples=samples,
                     seed=seed, population=Path(population) if population else None)
               for a, b in plan.pairs()]
    _emit(diff_render.report(results, plan.title, plan.intro, fmt), output)


__all__ = ["diff", "report", "report_plan", "since_pairs", "DEFAULT_SEED", "DEFAULT_SAMPLES"]
