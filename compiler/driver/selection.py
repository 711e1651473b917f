"""Which statutes a command line names: every path a user gives is checked, or refused.

Takes the paths given to `lawc check` or `lawc test` (files or folders; none means statutes/);
gives the files to check, each once, in order (`statutes_named`): a law, a vocabulary, or a
companion `X.examples.law` named on its own, which is checked with its law (its syntax and its
examples), and a companion found in a folder beside its law is read with that law rather than
again. A path that names no statute is a `NoStatutes` error with the reason, never an empty
list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compiler.driver.files import (EXAMPLES_SUFFIX, STATUTES, find_statutes, is_companion,
                                   is_file, real_path)


class NoStatutes(Exception):
    """A path given on the command line that names no statute (the message says why)."""


def law_of_companion(file: Path) -> Path | None:
    """`X.examples.law` → `X.law` when that file is there, else None."""
    if not is_companion(file):
        return None
    law = file.with_name(file.name[:-len(EXAMPLES_SUFFIX)] + ".law")
    return law if is_file(law) else None


def statutes_named(paths: Sequence[str]) -> list[Path]:
    """The statutes to check for `paths` (default: statutes/), each once. A companion named as
    a file is kept (checking it reads its law, and the companion with it); one found in a folder
    is left to its law when the law is beside it. Raises `NoStatutes` for a folder with no `.law`
    file in it (a file that cannot be read is left to the check, which says why)."""
    named = list(paths) or [STATUTES]
    out: list[Path] = []
    seen: set[Path] = set()
    for given in named:
        path = Path(given)
        if path.is_dir():
            found = [f for f in find_statutes([path])
                     if not (is_companion(f) and law_of_companion(f) is not None)]
            if not found:
                raise NoStatutes(f"no .law files in {given}")
        else:  # a file, or a name the check reports as unreadable, with its reason
            found = [path]
        for file in found:
            key = real_path(law_of_companion(file) or file)
            if key not in seen:
                seen.add(key)
                out.append(file)
    return out
