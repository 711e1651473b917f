"""A content-addressed on-disk cache of parsed `.law` files, for the commands a drafter runs
again and again (`lawc check`, `lawc explain`).

Takes a file's normalised text and its display name; gives its surface AST, read from
`.lawc_cache/parse/<key>.json` (beside the analysis cache, `$LAWC_CACHE_DIR` moves both) when an
entry for the same key is there, else parsed (`compiler.surface.parse.parse`) and stored. Only a
text that parses is stored: a syntax error is always found, and reported, by the parser itself.

The key is the SHA-256 of lawc's version, the digest of lawc's own sources
(`analysis_cache.compiler_digest`), the grammar's text, the display name (every span names its
file) and the text. An entry is JSON, never pickle: reading one builds only the classes of
`compiler.surface.ast` (and `Span`, `Decimal`, dates) from plain values, so a cache folder
written by someone else (a cloned repository's `.lawc_cache/`) cannot run code. It is trusted
only if it names its own key and its body hashes to the checksum it carries (`read_entry`);
anything else, or a value of a kind this module does not write,
is ignored and the text parsed again. `LAWC_NO_CACHE=1` bypasses it.

Why: on the shipped statutes parsing was about two thirds of a warm `lawc check statutes/` (the
solver's results already cached); decoding the stored tree takes a fraction of that.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.analysis_cache import cache_dir, compiler_digest
from compiler.span import Span
from compiler.surface import ast as s

FORMAT = 1  # of an entry; a new layout is a new key


@lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    """The node classes and enums an entry may name, by name."""
    return {name: value for name, value in vars(s).items()
            if isinstance(value, type) and value.__module__ == s.__name__
            and (dataclasses.is_dataclass(value) or issubclass(value, Enum))}


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def folder() -> Path:
    return cache_dir().parent / "parse"


@lru_cache(maxsize=1)
def _grammar_digest() -> str:
    from compiler.surface.source import grammar_text

    return hashlib.sha256(grammar_text().encode()).hexdigest()


def key(text: str, name: str) -> str:
    head = json.dumps([FORMAT, __version__, compiler_digest(), _grammar_digest(), name])
    return hashlib.sha256(head.encode() + b"\0" + text.encode()).hexdigest()


def encode(value: object, name: str) -> Any:
    """A tree of surface AST nodes as JSON values (lists tagged by their first item)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, tuple):
        return ["t", *(encode(v, name) for v in value)]
    if isinstance(value, Span):
        if value.file == name:
            return ["s", value.line, value.column, value.end_line, value.end_column]
        return ["S", value.file, value.line, value.column, value.end_line, value.end_column]
    if isinstance(value, Enum):
        return ["e", type(value).__name__, value.name]
    if isinstance(value, Decimal):
        return ["d", str(value)]
    if isinstance(value, datetime.date):
        return ["D", value.isoformat()]
    cls: type = type(value)
    if _classes().get(cls.__name__) is cls and dataclasses.is_dataclass(cls):
        return ["c", cls.__name__, *(encode(getattr(value, f), name) for f in _fields(cls))]
    raise TypeError(f"not a value of the surface AST: {type(value).__name__}")


def decode(value: Any, name: str) -> Any:
    """The tree `encode` wrote; raises ValueError (or KeyError, TypeError) for anything else.
    (Spans are not checked field by field: the entry's checksum already holds.)"""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if not isinstance(value, list) or not value:
        raise ValueError("not an encoded value")
    tag = value[0]
    if tag == "c":
        cls = _classes()[value[1]]
        names = _fields(cls)
        if len(value) != len(names) + 2:
            raise ValueError("wrong number of fields")
        return cls(**dict(zip(names, [decode(v, name) for v in value[2:]])))
    if tag == "s" and len(value) == 5:
        return Span(name, value[1], value[2], value[3], value[4])
    if tag == "t":
        return tuple([decode(v, name) for v in value[1:]])
    if tag == "S" and len(value) == 6 and isinstance(value[1], str):
        return Span(value[1], value[2], value[3], value[4], value[5])
    if tag == "e":
        enum = _classes()[value[1]]
        if not issubclass(enum, Enum):
            raise ValueError("not an enum")
        return enum[value[2]]
    if tag == "d" and isinstance(value[1], str):
        return Decimal(value[1])
    if tag == "D" and isinstance(value[1], str):
        return datetime.date.fromisoformat(value[1])
    raise ValueError(f"unknown tag {tag!r}")


def read_entry(entry_key: str) -> Any:
    """The tree stored under `entry_key` as JSON values, when the entry names its key and its
    body hashes to its checksum; else None. An entry is one line of JSON (key, checksum of the
    body's bytes) and then the body, so that the check hashes bytes, not a re-serialisation."""
    try:
        raw = (folder() / f"{entry_key}.json").read_bytes()
        head, _, body = raw.partition(b"\n")
        meta = json.loads(head)
        if meta["key"] != entry_key or meta["checksum"] != hashlib.sha256(body).hexdigest():
            return None
        return json.loads(body)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_entry(entry_key: str, tree: Any) -> None:
    """Write the entry atomically (a temporary file, then renamed); a cache that cannot be
    written is no error."""
    body = json.dumps(tree, ensure_ascii=False, separators=(",", ":")).encode()
    meta = json.dumps({"key": entry_key, "checksum": hashlib.sha256(body).hexdigest()})
    try:
        folder().mkdir(parents=True, exist_ok=True)
        tmp = folder() / f".{entry_key}.{os.getpid()}.tmp"
        tmp.write_bytes(meta.encode() + b"\n" + body)
        os.replace(tmp, folder() / f"{entry_key}.json")
    except OSError:
        pass


def parse(text: str, name: str) -> s.File:
    """The parser itself (and so Lark), imported on a miss only."""
    from compiler.surface.parse import parse as parse_text

    return parse_text(text, name)


def parsed(text: str, name: str) -> s.File:
    """The surface AST of `text` (normalised), from the cache when it holds a trusted entry,
    else parsed (and stored). Raises `DiagnosticError` for a text that does not parse."""
    if os.environ.get("LAWC_NO_CACHE"):
        return parse(text, name)
    entry_key = key(text, name)
    body = read_entry(entry_key)
    if body is not None:
        try:
            tree = decode(body, name)
        except (ValueError, KeyError, TypeError, AssertionError, RecursionError):
            tree = None
        if isinstance(tree, s.File):
            return tree
    tree = parse(text, name)
    try:
        write_entry(entry_key, encode(tree, name))
    except (TypeError, RecursionError):
        pass  # a tree this module cannot write is parsed again next time
    return tree


__all__ = ["decode", "encode", "folder", "key", "parsed", "read_entry", "write_entry"]
