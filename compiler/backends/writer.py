"""A writer for Python source, and safe identifiers and text for it.

Takes lines and names; gives indented source text. `Namer` turns a drafter's names into Python
identifiers that never collide with each other, with keywords, builtins or the names the module
itself uses; `doc_text` and `comment_text` make a drafter's words safe inside a docstring or a
comment (no quote, backslash, newline or invisible control character can end them early).
"""

from __future__ import annotations

import builtins
import keyword
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from compiler.core import names


class Writer:
    """Lines of Python with an indentation level, in the manner of Jinja's CodeGenerator."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.level = 0

    def line(self, text: str = "") -> None:
        self.lines.append(("    " * self.level + text) if text else "")

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.line()

    @contextmanager
    def indented(self) -> Iterator[None]:
        self.level += 1
        try:
            yield
        finally:
            self.level -= 1

    def text(self) -> str:
        out: list[str] = []
        for line in self.lines:  # no run of more than two blank lines, none at the end
            if not line and len(out) >= 2 and not out[-1] and not out[-2]:
                continue
            out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out) + "\n"


_RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | {
    "annotations", "datetime", "dataclass", "dataclasses", "Decimal", "Enum", "Final", "Mapping",
    "Any", "rt", "STATUTE", "SCHEMA", "DECISIONS", "decide", "case", "facts", "generated", "typing",
    "self", "cls", "value", "path", "bisect_right", "NamedTuple", "_new_tuple",
}


class Namer:
    """Unique identifiers for one namespace of a generated module."""

    def __init__(self, reserved: set[str] | None = None) -> None:
        self.used: set[str] = set(_RESERVED) | (reserved or set())
        self.assigned: dict[tuple[str, str], str] = {}

    def _unique(self, base: str) -> str:
        candidate = base
        if candidate in self.used or keyword.iskeyword(candidate):
            candidate = base + "_"
        n = 2
        while candidate in self.used:
            candidate = f"{base}_{n}_"
            n += 1
        self.used.add(candidate)
        return candidate

    def snake(self, kind: str, name: str) -> str:
        k = (kind, name)
        if k not in self.assigned:
            self.assigned[k] = self._unique(names.key(name))
        return self.assigned[k]

    def camel(self, kind: str, name: str) -> str:
        k = (kind, name)
        if k not in self.assigned:
            base = "".join(part[:1].upper() + part[1:] for part in names.key(name).split("_"))
            if base[:1].isdigit():
                base = "N" + base
            self.assigned[k] = self._unique(base)
        return self.assigned[k]

    def upper(self, kind: str, name: str, base: str | None = None) -> str:
        """`NAME_IN_UPPER_CASE`, or `base` (made unique) when given."""
        k = (kind, name)
        if k not in self.assigned:
            self.assigned[k] = self._unique(base or names.key(name).upper())
        return self.assigned[k]


def _visible(text: str) -> str:
    """Control and format characters (newlines, bidi overrides, zero-width) spelled out."""
    if text.isprintable():  # no character of a category C, nor a line or paragraph separator
        return text
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch).startswith("C") or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


def doc_text(text: str) -> str:
    """A drafter's words, safe inside a `\"\"\"` docstring."""
    return _visible(text.replace("\\", "\\\\")).replace('"', '\\"')


def comment_text(text: str) -> str:
    """A drafter's words, safe inside a `#` comment (which ends only at a newline)."""
    return _visible(text)
