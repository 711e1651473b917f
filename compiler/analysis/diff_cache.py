"""Diffs kept on disk: a diff of two versions already computed is read back, not solved again.

Takes the two loaded versions (checked programs and their surface ASTs), the diff's options
and a function that computes the diff; gives the `diff_result.Diff`, read from
`.lawc_cache/diff/<key>.json` (the folder of `compiler.analysis_cache`, `$LAWC_CACHE_DIR`) when
an entry for the same key is there, else computed and stored. `lawc report` diffs the same
versions on every run, and `lawc diff` is often run again on versions it has seen.

The key is the SHA-256 of lawc's version, the digest of lawc's own sources
(`analysis_cache.compiler_digest`: a changed compiler never reads an older one's diffs), the
options (list bound, samples, seed, the case), the bytes of the population file, and both
versions' core IR and surface AST (their `repr`, spans included). An entry is trusted only if it
parses, names its key and its body hashes to the checksum it carries, and reads back into the
typed `Diff` (`from_json_data`); anything else is computed again. `LAWC_NO_CACHE=1`, or
`--no-cache` on the command line, bypasses it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.analysis import diff_result
from compiler.analysis.diff_result import Diff, to_json_data
from compiler.analysis_cache import cache_dir, compiler_digest, read_entry, write_entry

FORMAT = 1  # of an entry; a new layout is a new key


def key(versions: tuple[object, object, object, object], options: dict[str, Any]) -> str:
    """The entry's key: `versions` are (old program, old tree, new program, new tree)."""
    population = options.get("population")
    digest = None
    if population is not None:
        digest = hashlib.sha256(Path(population).read_bytes()).hexdigest()
    shown = {k: v for k, v in options.items() if k != "population"}
    text = json.dumps([FORMAT, __version__, compiler_digest(), str(population), digest, shown],
                      sort_keys=True, default=str)
    h = hashlib.sha256(text.encode())
    for part in versions:
        h.update(b"\0")
        h.update(repr(part).encode())
    return h.hexdigest()


def from_json_data(cls: Any, data: Any) -> Any:
    """The typed value `to_json_data` wrote (`cls` a dataclass of `diff_result` or a type of
    one of its fields). Raises `ValueError` for data of another shape."""
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        arms = typing.get_args(cls)
        if data is None and type(None) in arms:
            return None
        (arm,) = [a for a in arms if a is not type(None)]
        return from_json_data(arm, data)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        if not isinstance(data, dict):
            raise ValueError(f"expected an object for {cls.__name__}")
        hints = typing.get_type_hints(cls, vars(diff_result))
        values = {}
        for f in dataclasses.fields(cls):
            name = f.metadata.get("json", f.name)
            if name in data:
                values[f.name] = from_json_data(hints[f.name], data[name])
        return cls(**values)
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError("expected a list")
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_json_data(args[0], v) for v in data)
        return tuple(from_json_data(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        if not isinstance(data, dict):
            raise ValueError("expected an object")
        return data
    if cls is float and isinstance(data, (int, float)) and not isinstance(data, bool):
        return float(data)
    if cls in (str, int, bool) and type(data) is cls:
        return data
    if cls is object:
        return data
    raise ValueError(f"{data!r} is not a {cls}")


def _folder() -> Path:
    return cache_dir().parent / "diff"


def load(entry_key: str) -> Diff | None:
    """The stored diff for `entry_key`, or None when there is none to trust."""
    body = read_entry(_folder(), entry_key)
    if body is None:
        return None
    try:
        result = from_json_data(Diff, body)
    except (ValueError, KeyError, TypeError):
        return None  # not what lawc writes: computed again
    return result if isinstance(result, Diff) else None


def store(entry_key: str, result: Diff) -> None:
    """Write the entry (atomically); a cache that cannot be written is no error."""
    write_entry(_folder(), entry_key, to_json_data(result))


def cached_diff(versions: tuple[object, object, object, object], options: dict[str, Any],
                run: Callable[[], Diff], use_cache: bool = True) -> Diff:
    """The diff: from the cache when it holds a trusted entry, else `run()` (then stored)."""
    if not use_cache or os.environ.get("LAWC_NO_CACHE"):
        return run()
    entry_key = key(versions, options)
    stored = load(entry_key)
    if stored is not None:
        return stored
    result = run()
    store(entry_key, result)
    return result


__all__ = ["cached_diff", "from_json_data", "key", "load", "store"]
