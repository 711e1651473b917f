"""Reading statutes: which files, from where, and what lawc refuses to read.

Takes paths a user named (files or folders) and `uses:` lines; gives parsed `Source`s, cached per
file, or a `DiagnosticError`. Every statute and vocabulary resolves inside its statutes root (the
nearest folder called `statutes/` above the path as named, or the file's own folder): a symlink
that leaves the root, a `uses:` path that climbs out of it (`..`, an absolute path) and a file that
is not a regular file (a FIFO, a device) are errors that name the path, and a refused file is
never read, so no diagnostic quotes a line of it. A law's file and folder names become Python
module names, so each must be an identifier, not a keyword, and not start with `_`
(`module_name_problem`).
"""

from __future__ import annotations

import keyword
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from compiler.diagnostics import DiagnosticError, Diagnostics, error
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.source import normalize_source

STATUTES = "statutes"
EXAMPLES_SUFFIX = ".examples.law"
NAME_RULE = ("a statute's file and folder names must be Python identifiers (ASCII letters, digits "
             "and _, not starting with a digit), not Python keywords, and not start with _")


@dataclass(frozen=True)
class Source:
    file: str  # as the user named it (for messages)
    text: str
    tree: s.File


def _whole_file(name: str) -> Span:
    return Span(name, 1, 1, 1, 1)


class Workspace:
    """Where statutes live, and a cache of the files read so far. With `parse_cache`, a file's
    tree is read from `.lawc_cache/parse/` when its text was parsed before (`compiler.
    parse_cache`; the commands a drafter repeats use it: `lawc check`, `lawc explain`)."""

    def __init__(self, statutes_root: Path | None = None, parse_cache: bool = False) -> None:
        self.root = statutes_root
        self.cache: dict[Path, Source] = {}
        self.sources: dict[str, str] = {}
        self.parse_cache = parse_cache

    def root_for(self, file: Path) -> Path:
        """The statutes root of a file, found from the path as named (a symlink is not
        followed to look for it), resolved."""
        if self.root is not None:
            return real_path(self.root)
        return own_root(file)

    def statute_path(self, file: Path) -> str:
        """`statutes/nyc/local_law_62_2011.law` → `nyc/local_law_62_2011`."""
        root = self.root_for(file)
        try:
            rel = real_path(file).relative_to(root)
        except ValueError:
            rel = Path(file.name)
        return rel.with_suffix("").as_posix()

    def read(self, file: Path, display: str | None = None) -> Source:
        key = real_path(file)
        if key in self.cache:
            return self.cache[key]
        name = display or display_name(file)
        text = normalize_source(self.read_text(file, name))
        self.sources[name] = text
        if self.parse_cache:
            from compiler.parse_cache import parsed

            source = Source(name, text, parsed(text, name))
        else:
            from compiler.surface.parse import parse  # Lark, only when something is parsed

            source = Source(name, text, parse(text, name))
        self.cache[key] = source
        return source

    def read_text(self, file: Path, name: str | None = None) -> str:
        """The file's text, read only if it is a regular `.law` file inside the statutes root;
        raises `DiagnosticError` (naming the file, quoting nothing of it) otherwise."""
        name = name or display_name(file)
        if not file.name.endswith(".law"):  # /etc/passwd named as a statute: not opened
            self.sources[name] = ""
            raise DiagnosticError([error(
                "io", f"{name} is not a .law file; lawc reads only statutes and vocabularies",
                _whole_file(name), hint="a statute is a text file whose name ends in .law")])
        root = own_root(file)
        resolved = real_path(file)
        if not resolved.is_relative_to(root) and not (
                self.root is not None and resolved.is_relative_to(real_path(self.root))):
            self.sources[name] = ""  # refused: a diagnostic quotes nothing of it
            raise DiagnosticError([error(
                "io", f"{name} leads outside the statutes folder ({root}); lawc reads only "
                f"files inside it", _whole_file(name),
                hint="copy the file into the statutes folder instead of linking to it")])
        try:  # O_NONBLOCK: opening a FIFO must not wait for a writer
            fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise DiagnosticError([error("io", f"cannot read {name}: {exc.strerror}",
                                         _whole_file(name))]) from None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                self.sources[name] = ""  # and nothing reads it again to quote it
                raise DiagnosticError([error("io", f"{name} is not a regular file",
                                             _whole_file(name),
                                             hint="a statute is a .law text file")])
            try:
                raw = handle.read()
            except OSError as exc:
                raise DiagnosticError([error("io", f"cannot read {name}: {exc.strerror}",
                                             _whole_file(name))]) from None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise DiagnosticError([error("bad-text", "the file is not UTF-8 text",
                                         Span(name, line, column, line, column + 1),
                                         hint="save it as UTF-8")]) from None

    def resolve_uses(self, file: Path, source: Source, chain: tuple[Path, ...] = ()
                     ) -> list[Source]:
        """Every vocabulary `file` uses, directly or not, each once, the deepest first."""
        out: list[Source] = []
        diags = Diagnostics()
        for header_field in source.tree.header.get_all("uses"):
            for name in (u.strip() for u in header_field.value.split(",")):
                if not name:
                    continue
                if not is_inside_name(name):
                    diags.add(error("unknown-vocabulary", f'"{name}" is not a path under the '
                                    f"statutes folder", header_field.span,
                                    hint="uses: takes paths under statutes/, without .law "
                                         "(no .., not absolute)"))
                    continue
                target = self.find_use(file, name)
                if target is None:
                    diags.add(error("unknown-vocabulary", f'no vocabulary "{name}" '
                                    f"(looked for {name}.law)", header_field.span,
                                    hint="uses: takes paths under statutes/, without .law"))
                    continue
                if real_path(target) in chain or real_path(target) == real_path(file):
                    diags.add(error("definition-cycle", f'"{name}" uses this file in turn',
                                    header_field.span))
                    continue
                used = self.read(target)
                for inner in self.resolve_uses(target, used, chain + (real_path(file),)):
                    if all(inner.file != o.file for o in out):
                        out.append(inner)
                if all(used.file != o.file for o in out):
                    out.append(used)
        diags.raise_if_errors()
        return out

    def find_use(self, file: Path, name: str) -> Path | None:
        """The file a `uses:` name (or an examples file's title) names: beside `file`, or under
        the statutes root; None when there is none, or the name climbs out of the root."""
        if not is_inside_name(name):
            return None
        for base in (file.parent, self.root_for(file)):
            candidate = base / f"{name}.law"
            if is_file(candidate):
                return candidate
        return None


def own_root(file: Path) -> Path:
    """The statutes root of a file by the path as named: the nearest folder called statutes/
    above it, or its own folder; resolved, but a symlink at the end is not followed."""
    named = Path(os.path.abspath(file))
    for parent in named.parents:
        if parent.name == STATUTES:
            return real_path(parent)
    return real_path(named.parent)


def real_path(path: Path) -> Path:
    """The path with every symlink followed, as far as they lead: a loop of symlinks stops at
    the link that starts it (which then cannot be opened, a reported `io` error), where
    `Path.resolve` raises `RuntimeError`."""
    return Path(os.path.realpath(path))


def is_inside_name(name: str) -> bool:
    """Whether a `uses:` name stays below the folder it is looked up in: relative, no `..`."""
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and ":" not in name


def is_file(path: Path) -> bool:
    """Whether a regular file is there; False, not an exception, for a name no file can have
    (too long, or with a NUL in it), as a drafter's `uses:` or a title may give."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def display_name(file: Path) -> str:
    try:
        return os.path.relpath(file)
    except ValueError:
        return str(file)


def find_statutes(paths: Sequence[str | Path]) -> list[Path]:
    """The `.law` files named, with folders searched (sorted, so output order is stable)."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(x for x in path.rglob("*.law") if x.is_file() or x.is_symlink()))
        else:
            out.append(path)
    return out


def is_companion(file: Path) -> bool:
    return file.name.endswith(EXAMPLES_SUFFIX)


def module_name_problem(statute_path: str) -> str | None:
    """Why a law's path under the statutes root cannot name a Python module, or None.

    >>> module_name_problem("nyc/local_law_62_2011") is None
    True
    >>> module_name_problem("_runtime")
    '"_runtime" starts with _'
    """
    for part in statute_path.split("/"):
        shown = part.encode("unicode_escape").decode("ascii")
        if part.startswith("_"):
            return f'"{shown}" starts with _'
        if not part.isidentifier() or not part.isascii():
            return f'"{shown}" is not a Python identifier'
        if keyword.iskeyword(part):
            return f'"{shown}" is a Python keyword'
    return None
