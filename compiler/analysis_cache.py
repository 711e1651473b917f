"""A content-addressed on-disk cache of the solver's analysis of a law, for `lawc check`.

Takes a checked program, the analysis options (list bound, time limit) and a function that runs
the analysis; gives the analysis, read from `.lawc_cache/analysis/<key>.json` under the working
folder (or `$LAWC_CACHE_DIR`) when an entry for the same key is there, else computed and stored.

The key is the SHA-256 of lawc's version, a digest of lawc's own source files (a changed
compiler never reads an older compiler's results), the options and the program's resolved
core IR (its `repr`, spans included, so a moved rule is a new key). An entry is trusted only
if it parses, names its own key, and its contents hash to the checksum it carries; anything
else (a truncated, edited or foreign file) is ignored and the analysis runs again, so a corrupt
entry can never hide an error. An analysis with a check the solver left undecided (the
`undecided` warning, or "could not be decided" in its summary) is not stored: a later run may
decide it. The checksum catches accidents, not an adversary who can write to the cache folder
(who could also edit lawc itself); `LAWC_NO_CACHE=1` or `lawc check --no-cache` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from compiler import __version__
from compiler.core import ast as c
from compiler.diagnostics import Diagnostic, Label, Severity
from compiler.span import Span

if TYPE_CHECKING:  # the solver's module (and z3) is imported only when the analysis runs
    from compiler.analysis.check import Analysis

class Stored(NamedTuple):
    """An analysis read from the cache: what `lawc check` reads of an `Analysis`."""

    diagnostics: tuple[Diagnostic, ...]
    summary: str


FORMAT = 1  # of an entry; a new layout is a new key
UNDECIDED_SUMMARY = "could not be decided"  # in the summary of an analysis with checks undecided
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def compiler_digest() -> str:
    """SHA-256 over lawc's own Python sources, in path order."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(str(path.relative_to(PACKAGE)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def cache_dir() -> Path:
    return Path(os.environ.get("LAWC_CACHE_DIR") or Path.cwd() / ".lawc_cache") / "analysis"


def key(program: c.Program, list_bound: int, time_limit: float) -> str:
    text = json.dumps([FORMAT, __version__, compiler_digest(), list_bound, time_limit])
    return hashlib.sha256(text.encode() + b"\0" + repr(program).encode()).hexdigest()


def _span(s: Span) -> list[object]:
    return [s.file, s.line, s.column, s.end_line, s.end_column]


def _diagnostic(d: Diagnostic) -> dict[str, object]:
    return {"severity": d.severity.name, "code": d.code, "message": d.message,
            "span": _span(d.span), "labels": [[_span(x.span), x.message] for x in d.labels],
            "hint": d.hint, "context": d.context, "notes": list(d.notes)}


def _read_span(v: Any) -> Span:
    file, line, column, end_line, end_column = v
    if not (isinstance(file, str) and all(type(n) is int
                                          for n in (line, column, end_line, end_column))):
        raise ValueError("bad span")
    return Span(file, line, column, end_line, end_column)


def _optional_text(v: Any) -> str | None:
    if v is not None and not isinstance(v, str):
        raise ValueError("bad text")
    return v


def _read_diagnostic(v: Any) -> Diagnostic:
    labels = tuple(Label(_read_span(s), str(m)) for s, m in v["labels"])
    notes = v["notes"]
    if not isinstance(v["message"], str) or not all(isinstance(n, str) for n in notes):
        raise ValueError("bad text")
    return Diagnostic(Severity[v["severity"]], str(v["code"]), v["message"],
                      _read_span(v["span"]), labels, _optional_text(v["hint"]),
                      _optional_text(v["context"]), tuple(notes))


def _checksum(body: object) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def read_entry(folder: Path, entry_key: str) -> Any:
    """The body of the entry `entry_key` in `folder` when its key and checksum hold, else
    None (missing, unreadable, damaged or not what lawc writes: the caller computes again)."""
    try:
        entry = json.loads((folder / f"{entry_key}.json").read_text(encoding="utf-8"))
        body = entry["body"]
        if entry["key"] != entry_key or entry["checksum"] != _checksum(body):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return body


def write_entry(folder: Path, entry_key: str, body: object) -> None:
    """Write the entry with its checksum (atomically: a temporary file, then renamed); a cache
    that cannot be written is no error."""
    entry = {"key": entry_key, "checksum": _checksum(body), "body": body}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{entry_key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / f"{entry_key}.json")
    except OSError:
        pass


def load(entry_key: str) -> Stored | None:
    """The stored analysis for `entry_key`, or None when there is none to trust."""
    body = read_entry(cache_dir(), entry_key)
    try:
        if body is None or body["key"] != entry_key or not isinstance(body["summary"], str):
            return None
        diagnostics = tuple(_read_diagnostic(d) for d in body["diagnostics"])
    except (OSError, ValueError, KeyError, TypeError, AssertionError, AttributeError):
        return None  # missing, unreadable or not what lawc writes: computed again
    return Stored(diagnostics, body["summary"])


def store(entry_key: str, analysis: Analysis | Stored) -> None:
    """Write the entry (atomically); a cache that cannot be written is no error."""
    if any(d.code == "undecided" for d in analysis.diagnostics) or \
            UNDECIDED_SUMMARY in analysis.summary:
        return  # a later run may decide what this one did not
    body = {"key": entry_key, "summary": analysis.summary,
            "diagnostics": [_diagnostic(d) for d in analysis.diagnostics]}
    write_entry(cache_dir(), entry_key, body)


def analysed(program: c.Program, list_bound: int, time_limit: float,
             run: Callable[[], Analysis], use_cache: bool = True) -> Analysis | Stored:
    """The analysis of `program`: from the cache when it holds a trusted entry, else `run()`
    (then stored)."""
    if not use_cache or os.environ.get("LAWC_NO_CACHE"):
        return run()
    entry_key = key(program, list_bound, time_limit)
    cached = load(entry_key)
    if cached is not None:
        return cached
    analysis = run()
    store(entry_key, analysis)
    return analysis
