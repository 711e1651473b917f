"""Versions compared: two statute files, every statute changed since a git commit, or the set of
comparisons a report makes.

Takes statute files, a git ref, report folders or a `reports.toml`; gives typed diffs
(`compiler.analysis.diff_result`), the pairs of versions to diff, and the report's plan
(`compiler.analysis.comparisons`). Mistakes are `VersionError`s in the user's words, with
`usage` set when the command was called wrongly (exit 2 rather than 1): a ref that is not a
commit, a manifest that cannot be read, a population file that is not a table of cases. The
solver and the diff are imported only when a diff is computed.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.core import ast as c
from compiler.driver.files import (STATUTES, Workspace, find_statutes, is_companion, is_file,
                                   real_path)
from compiler.surface import ast as s

from compiler.analysis.comparisons import MANIFEST, ReportPlan

if TYPE_CHECKING:
    from compiler.analysis.diff_result import Diff, SinceDiffs


# The diff's defaults, as the command line offers them (tests hold them equal to
# `analysis.diff.DEFAULT_SAMPLES`, `DEFAULT_SEED` and `analysis.space.DEFAULT_LIST_BOUND`, which
# cannot be imported here without the solver).
DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 2011
DEFAULT_LIST_BOUND = 3


class VersionError(Exception):
    """What the user asked cannot be compared; `usage` when the command was called wrongly."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def dated_version(argument: str) -> tuple[Path, str | None]:
    """The file and the day of a version named `path.law@YYYY-MM-DD` (one dated version of a
    law that staggers its patches), or the file alone. A malformed day is a `VersionError`
    (usage) naming the argument."""
    import datetime

    name, at, day = argument.rpartition("@")
    if not at or not name.endswith(".law"):
        return Path(argument), None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise ValueError(day)
        datetime.date.fromisoformat(day)
    except ValueError:
        raise VersionError(f"{argument}: {day!r} is not a day: name a dated version as "
                           "path.law@YYYY-MM-DD", usage=True) from None
    return Path(name), day


def load_with_tree(file: Path, root: Path | None = None,
                   workspace: Workspace | None = None,
                   day: str | None = None) -> tuple[c.Program, s.File]:
    """The checked law in `file` and its surface AST (the words of structural changes); with
    `day`, its version from that day (a law that staggers its patches: its own `in force
    from` or one of its later days, else a `VersionError` naming them). Raises
    `DiagnosticError` for a law with errors."""
    from compiler.driver import load_program, load_stage

    workspace = workspace or Workspace(root)
    from compiler.driver.amendments import consolidated
    from compiler.surface.patches import is_patch

    source = workspace.read(file)
    on = _stage_day(file, source.tree, day)
    program = load_program(workspace, file) if on is None else load_stage(workspace, file, on)
    if day is not None:  # which of the law's versions, in every title a diff or report shows
        program = dataclasses.replace(program, title=f"{program.title}, from {day}")
    if is_patch(source.tree):  # the text as patched, whose provisions the program has
        source = consolidated(workspace, file, source, on=on)[0]
    return program, source.tree


def _stage_day(file: Path, tree: s.File, day: str | None) -> str | None:
    """The later day `day` names (None for the law's first version), checked against the
    days of the law's versions."""
    from compiler.surface.patches import is_patch, patch_days

    if day is None:
        return None
    first = tree.header.get("in force from")
    days = patch_days(tree) if is_patch(tree) else []
    if not days:
        raise VersionError(f"{file}@{day}: {file} does not stagger its patches: it has one "
                           "version (name the file without @day)", usage=True)
    if day == first:
        return None
    if day not in days:
        raise VersionError(f"{file}@{day}: no version of {file} is in force from {day} (its "
                           f"versions are from {', '.join([first or '?', *days])})",
                           usage=True)
    return day


def _check_day(manifest: str, file: Path, day: str | None) -> None:
    """A dated version a manifest names is a day of the law's versions (else a `VersionError`
    naming the manifest, exit 1 as for any manifest that cannot be followed)."""
    if day is None:
        return
    try:
        dated_version(f"{file}@{day}")
        _stage_day(file, Workspace().read(file).tree, day)
    except VersionError as exc:
        raise VersionError(f"{manifest}: {exc}") from None


def version_file(name: str, folder: Path) -> tuple[Path, str | None]:
    """The file and day of a statute path of a report (`nyc/a`, or `code/a@2022-01-01`, one
    dated version of a law that staggers its patches) under `folder`."""
    path, at, day = name.rpartition("@")
    return (folder / f"{path}.law", day) if at else (folder / f"{name}.law", None)


def diff_loaded(old: tuple[c.Program, s.File], new: tuple[c.Program, s.File],
                use_cache: bool = False, **options: Any) -> Diff:
    """The diff of two loaded versions (`options` as `analysis.diff.diff_programs` takes
    them), read from the diff cache (`analysis.diff_cache`) when `use_cache` and it holds one.
    Bad population files and bad facts of `case` are `VersionError`s."""
    from compiler.analysis.diff import diff_programs
    from compiler.analysis.diff_cache import cached_diff
    from compiler.analysis.regions import RegionError
    from compiler.core.facts import FactsError
    from compiler.population import PopulationError

    asked = {k: v for k, v in options.items() if k not in ("shared", "progress")}
    try:
        return cached_diff((old[0], old[1], new[0], new[1]), asked, lambda: diff_programs(
            old[0], new[0], old_tree=old[1], new_tree=new[1], **options), use_cache)
    except OSError as exc:
        raise VersionError(f"--population: cannot read {exc.filename}: {exc.strerror}") from None
    except PopulationError as exc:
        raise VersionError(f"--population: {exc}") from None
    except FactsError as exc:
        raise VersionError(f"--facts: bad facts: {exc}") from None
    except RegionError as exc:  # the solver gave up on a region, or lawc has a bug: say which
        raise VersionError(f"the diff of {old[0].path} and {new[0].path} could not be "
                           f"finished: {exc}") from None


class ReportLoads:
    """The versions of one report, each loaded once (one workspace, so a vocabulary is read
    once too), and the work their diffs share (`analysis.diff.SharedWork`)."""

    def __init__(self, files: dict[str, tuple[Path, str | None]]) -> None:
        self.files = files
        self.workspace = Workspace()
        self.loaded: dict[str, tuple[c.Program, s.File]] = {}
        self.shared: Any = None

    def load(self, name: str) -> tuple[c.Program, s.File]:
        """The checked law `name` (a statute path of the plan). Raises `DiagnosticError`."""
        if name not in self.loaded:
            file, day = self.files[name]
            self.loaded[name] = load_with_tree(file, workspace=self.workspace, day=day)
        return self.loaded[name]

    def diff(self, a: str, b: str, **options: Any) -> Diff:
        """The diff of `a` and `b` (`options` as `diff_loaded` takes them)."""
        if self.shared is None:
            from compiler.analysis.diff import SharedWork

            self.shared = SharedWork()
        return diff_loaded(self.load(a), self.load(b), shared=self.shared, **options)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise VersionError(f"git {' '.join(args)}: {done.stderr.strip()}", usage=True)
    return done.stdout


def resolve_commit(ref: str, top: Path) -> str:
    """The commit `ref` names, as a full hash: what every later git command is given, so that no
    ref can be read as an option (`--output=…`) or name a tree (`HEAD:statutes`)."""
    if ref.startswith("-") or not ref:
        raise VersionError(f"--since {ref!r}: give a commit (a branch, tag or hash), not an "
                           "option", usage=True)
    done = subprocess.run(["git", "-C", str(top), "rev-parse", "--verify", "--quiet",
                           "--end-of-options", f"{ref}^{{commit}}"],
                          capture_output=True, text=True)
    commit = done.stdout.strip()
    if done.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise VersionError(f"--since {ref!r}: not a commit in {top} (give a branch, tag or "
                           "hash)", usage=True)
    return commit


def since_pairs(ref: str, paths: Sequence[str], tmp: Path
                ) -> list[tuple[Path, Path | None, Path]]:
    """(statute now, its version at `ref` in a copy of statutes/ at `ref`, that root) per changed
    law. Reads git only (`diff --name-only`, `ls-tree`, `show`), each given the commit's hash."""
    top = Path(_git("rev-parse", "--show-toplevel").strip())
    commit = resolve_commit(ref, top)
    changed = _git("-C", str(top), "diff", "--name-only", commit, "--", *paths).split()
    changed += _git("-C", str(top), "ls-files", "--others", "--exclude-standard", "--",
                    *paths).split()
    changed += _readers(top, changed, paths)
    old_root = tmp / "statutes"
    for name in _git("-C", str(top), "ls-tree", "-r", "--name-only", commit, "--",
                     STATUTES).split():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_git("-C", str(top), "show", f"{commit}:{name}"), encoding="utf-8")
    pairs = []
    for name in dict.fromkeys(changed):
        file = top / name
        if not name.endswith(".law") or is_companion(file) or not file.is_file():
            continue
        if file.read_text(encoding="utf-8").lstrip().startswith("vocabulary"):
            continue
        old = tmp / name
        pairs.append((file, old if old.is_file() else None, old_root))
    return pairs


def _readers(top: Path, changed: Sequence[str], paths: Sequence[str]) -> list[str]:
    """The laws under `paths` that read a changed law (`reads:`, `driver/reads.py`), as
    repository paths: compared too, as their outcomes may change with it."""
    from compiler.driver.reads import readers_of

    laws = find_statutes([top / p for p in paths] if paths else [top / STATUTES])
    return [real_path(p).relative_to(real_path(top)).as_posix()
            for p in readers_of([top / n for n in changed], laws)]


def since_result(ref: str, diffs: Sequence[Diff], added: Sequence[str],
                 files: Sequence[Path] = ()) -> SinceDiffs:
    """The diffs of every statute changed since `ref` (`files`: each one's file now, to be
    named relative to the repository, as the version at `ref` is), the statutes new since
    then, and the commits compared."""
    import dataclasses

    from compiler.analysis.diff_result import SinceDiffs

    top = Path(_git("rev-parse", "--show-toplevel").strip())
    commit = resolve_commit(ref, top)
    head = _git("-C", str(top), "rev-parse", "HEAD").strip()
    named = []
    for k, d in enumerate(diffs):
        if k < len(files):
            relative = _relative(files[k], top)
            d = dataclasses.replace(d, old=dataclasses.replace(d.old, file=relative),
                                    new=dataclasses.replace(d.new, file=relative))
        named.append(d)
    return SinceDiffs(since=ref, diffs=tuple(named),
                      new_statutes=tuple(_relative(Path(a), top) for a in added),
                      commit=commit, head=head)


def _relative(file: Path, top: Path) -> str:
    try:
        return file.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return str(file)


def changes_outcome(results: Sequence[Diff]) -> bool:
    """Whether any diff changes some outcome (or adds or removes a decision)."""
    return any(not d.identical for r in results for d in r.decisions) or any(
        r.decisions_only_in_old or r.decisions_only_in_new for r in results)


def report_plan(paths: Sequence[str], manifest: str | None
                ) -> tuple[ReportPlan, dict[str, tuple[Path, str | None]]]:
    """What to compare (from the manifest, or from the laws' headers), and each law's file by
    its statute path (with the day of a dated version, `version_file`). The manifest is
    `manifest`, else `reports.toml` in the one folder given (`statutes/` by default), if there
    is one. Raises `DiagnosticError` for a law with errors."""
    from compiler.analysis.comparisons import ManifestError, from_headers, read_manifest

    folders = [Path(p) for p in paths] or [Path(STATUTES)]
    if manifest is None and len(folders) == 1 and (folders[0] / MANIFEST).is_file():
        manifest = str(folders[0] / MANIFEST)
    files: dict[str, tuple[Path, str | None]] = {}
    if manifest is not None:
        try:
            plan = read_manifest(Path(manifest))
        except ManifestError as exc:
            raise VersionError(str(exc)) from None
        for name in dict.fromkeys(n for pair in plan.pairs() for n in pair):
            files[name] = version_file(name, Path(manifest).parent)
            if not is_file(files[name][0]):
                raise VersionError(f"{manifest}: no statute {name!r} (looked for "
                                   f"{files[name][0]})")
            _check_day(manifest, *files[name])
        return plan, files
    workspace = Workspace()
    programs = []
    for file in find_statutes(folders):
        if is_companion(file) or file.suffix != ".law":
            continue
        program, _ = load_with_tree(file, workspace=workspace)
        files[program.path] = file, None
        programs.append(program)
    plan = from_headers(programs)
    if not plan.comparisons:
        raise VersionError("nothing to compare: give two or more versions of a law (the same "
                           "jurisdiction:), or laws that use one vocabulary, or a "
                           f"{MANIFEST}")
    return plan, files


__all__ = ["DEFAULT_LIST_BOUND", "DEFAULT_SAMPLES", "DEFAULT_SEED", "MANIFEST", "ReportLoads",
           "VersionError", "dated_version", "version_file",
           "changes_outcome", "diff_loaded", "load_with_tree", "report_plan", "resolve_commit",
           "since_pairs", "since_result"]
