"""`lawc diff` and `lawc report`: exact version diffs on the command line.

Takes statute files (or a git revision to compare the working tree with); gives the diff of
`compiler.analysis.diff` rendered as coloured text, Markdown, JSON or one HTML page.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from compiler import driver
from compiler.analysis import diff_render
from compiler.analysis.diff import DEFAULT_SAMPLES, DEFAULT_SEED, diff_programs
from compiler.analysis.smt import DEFAULT_LIST_BOUND
from compiler.core import ast as c
from compiler.diagnostics import DiagnosticError

FORMATS = ["text", "markdown", "json", "html"]

NYC_TIMELINE = ["nyc/before_local_law_62", "nyc/local_law_62_2011", "nyc/local_law_22_2013",
                "nyc/local_law_58_2014"]
NYPD_TIMELINE = ["nyc/local_law_21_2013", "nyc/local_law_59_2014"]
JURISDICTIONS = [("nyc/local_law_22_2013", "chicago/welcoming_city_2012"),
                 ("nyc/local_law_22_2013", "dc/detainer_act_2012"),
                 ("chicago/welcoming_city_2012", "dc/detainer_act_2012")]


def _load(file: Path, root: Path | None = None) -> tuple[c.Program, str]:
    workspace = driver.Workspace(root)
    try:
        program = driver.load_program(workspace, file)
    except DiagnosticError as exc:
        for d in exc.diagnostics:
            click.echo(f"{d.span}: {d.severity.value}: {d.message} [{d.code}]", err=True)
        sys.exit(1)
    return program, file.read_text(encoding="utf-8")


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
                   "version at GIT_REF.")
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
        case = json.loads(Path(facts_file).read_text(encoding="utf-8"))
    options: dict[str, Any] = {"list_bound": list_bound, "samples": samples, "seed": seed,
                               "population": Path(population) if population else None,
                               "case": case}
    color = fmt == "text" and output is None and sys.stdout.isatty()
    if since is None:
        if len(files) != 2:
            raise click.UsageError("give OLD and NEW, two .law files (or --since GIT_REF)")
        (old, old_text), (new, new_text) = _load(Path(files[0])), _load(Path(files[1]))
        result = diff_programs(old, new, old_text=old_text, new_text=new_text, **options)
        _emit(diff_render.render(result, fmt, color), output)
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        added = []
        for now, before, root in since_pairs(since, files or [driver.STATUTES], Path(tmp)):
            if before is None:
                added.append(str(now))
                continue
            old, old_text = _load(before, root)
            new, new_text = _load(now)
            results.append(diff_programs(old, new, old_text=old_text, new_text=new_text,
                                         **options))
    if fmt == "json":
        _emit(diff_render.to_json({"since": since, "diffs": results, "new_statutes": added}),
              output)
    elif fmt == "html":
        _emit(diff_render.html_page(results, f"lawc diff since {since}"), output)
    else:
        render = diff_render.markdown if fmt == "markdown" else (
            lambda r: diff_render.text(r, color))
        parts = [render(r) for r in results]
        parts += [f"new statute: {a}\n" for a in added]
        if not parts:
            parts = [f"no statute changed since {since}\n"]
        _emit("\n".join(parts), output)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown",
              show_default=True)
@click.option("--population", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of cases to count in every cell.")
@click.option("--list-bound", default=DEFAULT_LIST_BOUND, show_default=True,
              type=click.IntRange(0, 6))
@click.option("--samples", default=DEFAULT_SAMPLES, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
@click.option("--output", "-o", help="Write to this file instead of standard output.")
def report(fmt: str, population: str | None, list_bound: int, samples: int, seed: int,
           output: str | None) -> None:
    """The diff along the NYC timeline (pre-2011 → 2011 → 2013 → 2014) and across jurisdictions
    (NYC 2013, Chicago 2012, DC 2012), in one report."""
    root = Path(driver.STATUTES)
    pairs = list(zip(NYC_TIMELINE, NYC_TIMELINE[1:])) + list(zip(NYPD_TIMELINE,
                                                                 NYPD_TIMELINE[1:]))
    pairs += JURISDICTIONS
    results = []
    for a, b in pairs:
        old, old_text = _load(root / f"{a}.law")
        new, new_text = _load(root / f"{b}.law")
        results.append(diff_programs(
            old, new, old_text=old_text, new_text=new_text, list_bound=list_bound,
            samples=samples, seed=seed, population=Path(population) if population else None))
    title = "Civil immigration detainers: how the laws differ"
    if fmt == "html":
        _emit(diff_render.html_page(results, title), output)
        return
    toc = [f"# {title}", "", "The NYC timeline (Department of Correction: "
           "pre-2011 → 2011 → 2013 → 2014; Police Department: 2013 → 2014), then NYC 2013 "
           "against Chicago 2012 and DC 2012.", ""]
    toc += [f"- {_title(r, 'old')} → {_title(r, 'new')}" for r in results]
    _emit("\n".join(toc) + "\n\n" + "\n".join(diff_render.markdown(r) for r in results), output)


__all__ = ["diff", "report", "since_pairs", "DEFAULT_SEED", "DEFAULT_SAMPLES"]


def _title(result: dict[str, object], side: str) -> str:
    statute = result[side]
    assert isinstance(statute, dict)
    return str(statute["title"])
