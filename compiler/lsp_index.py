"""What the language server knows about one law: its symbols and where each is written.

Takes a checked `Program` and the texts of the files it was read from (the law, its companion
and its vocabularies, as the driver's `Workspace` holds them); gives a `LawIndex`: every
declared name (facts, record fields, records, definitions, decisions), every provision by
citation and every `uses:` vocabulary, with the place it is declared; and, for each file, the
places where those names and citations are written (longest name first, outside comments,
quoted law text and strings). Hover texts, go-to-definition, references and completion are
answered from it. Positions are `(line, column)` counted from 1, as in `Span`.

`load_text` parses a file's text as it is in the editor (not as it is on disk) through the
driver, so that diagnostics are exactly those `lawc check` gives for the same text. A companion
examples file is parsed an example at a time (`BlockParser`): on a keystroke only the example
that changed is parsed again, and the tree is the one `parse` gives the whole text, spans and
all (any block that does not parse sends the whole text to `parse`, for its exact error).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from compiler import driver
from compiler.core import ast as c
from compiler.core.english import English
from compiler.diagnostics import DiagnosticError
from compiler.surface import ast as s
from compiler.span import Span
from compiler.surface.parse import normalize_source, parse
from compiler.runtime_explain import words as value_words

CITATION = re.compile(r"\u00a7[ \t]*[0-9A-Za-z][0-9A-Za-z.()/\u2013-]*")
_Node = TypeVar("_Node")
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
MAY_BE_NOT_KNOWN = "*may be not known* (`, if known`)"  # the hover of such a fact or decision


def display(path: Path) -> str:
    """The name a file goes by in diagnostics, as the driver gives it (relative to here)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_text(workspace: driver.Workspace, path: Path, text: str,
              blocks: BlockParser | None = None) -> None:
    """Put `text` in `workspace` as the content of `path`, replacing what was read before, so
    that `driver.load_program` reads it instead of the file (DiagnosticError if it does not
    parse: the driver's own diagnostics). With `blocks`, a companion is parsed through it."""
    key = path.resolve()
    workspace.cache.pop(key, None)
    name = display(path)
    text = normalize_source(text)
    workspace.sources[name] = text
    tree = blocks.parse(text, name) if blocks is not None else parse(text, name)
    workspace.cache[key] = driver.Source(name, text, tree)


class BlockParser:
    """Parses a companion examples file (`examples for "…"` then examples) one top-level
    `example` at a time, keeping each block's tree from the last parse of that file.

    A block is parsed as the file's header, blank lines up to the block's first line, and the
    block, so its spans are those of the whole file; a block kept from before whose first line
    has moved (a line added or removed above it) has its spans moved with it. The tree is the
    header and every block's items in order, spanning what the last block's parse spans (line
    1 to the end). Any other file, and any text where a block does not parse, goes to `parse`
    whole."""

    def __init__(self) -> None:
        self.kept: dict[str, dict[str, tuple[int, s.File]]] = {}  # file → block text → tree

    def parse(self, text: str, name: str) -> s.File:
        blocks = _example_blocks(text)
        if blocks is None:
            self.kept.pop(name, None)
            return parse(text, name)
        header, parts = blocks
        before = self.kept.get(name, {})
        now: dict[str, tuple[int, s.File]] = {}
        trees: list[s.File] = []
        for start, block in parts:
            line, tree = before.get(header + block, (start, None))
            if tree is None:
                try:
                    tree = parse(header + "\n" * (start - 1 - header.count("\n")) + block, name)
                except DiagnosticError:
                    self.kept.pop(name, None)
                    return parse(text, name)  # the whole text's own error
            elif line != start:
                tree = _moved(tree, start - line)
            now[header + block] = (start, tree)
            trees.append(tree)
        self.kept[name] = now
        return s.File(header=trees[-1].header,
                      items=tuple(item for tree in trees for item in tree.items),
                      span=trees[-1].span)


def _moved(node: _Node, lines: int) -> _Node:
    """The tree with every span after its header moved down by `lines` (up, if negative),
    and the end of the file's own span."""
    header = node.header if isinstance(node, s.File) else None
    out: _Node = _move(node, lines, header)
    return out


def _move(node: Any, lines: int, header: object) -> Any:
    if node is header:
        return node
    kind = type(node)
    if kind is Span:
        return Span(node.file, node.line + lines, node.column, node.end_line + lines,
                    node.end_column)
    if kind is tuple:
        return tuple([_move(item, lines, header) for item in node])
    names = _field_names(kind)
    if not names:
        return node
    if kind is s.File:  # the file's span starts with its header: only its end moves
        span = node.span
        return dataclasses.replace(node, items=_move(node.items, lines, header), span=Span(
            span.file, span.line, span.column, span.end_line + lines, span.end_column))
    moved = object.__new__(kind)  # the same fields, so no check of __init__ is skipped
    for name in names:
        object.__setattr__(moved, name, _move(getattr(node, name), lines, header))
    return moved


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass of the surface AST (none for anything else)."""
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(kind)) \
            if dataclasses.is_dataclass(kind) else ()
        _FIELDS[kind] = names
    return names


def _example_blocks(text: str) -> tuple[str, list[tuple[int, str]]] | None:
    """A companion's header (through its `examples for` line and the indented lines under it)
    and its blocks as (first line, text through the line before the next): what follows the
    header up to the first example, then each top-level example. None for any other file."""
    lines = text.split("\n")[:-1]  # the text ends with a newline
    code = [i for i, line in enumerate(lines)
            if line.strip() and not line.lstrip().startswith("--")]
    if not code or not lines[code[0]].startswith("examples for "):
        return None
    after = code[0] + 1
    while after < len(lines) and lines[after].startswith((" ", "\t")):
        after += 1
    starts = [after] + [i for i in range(after + 1, len(lines))
                        if lines[i].startswith("example ")]
    ends = starts[1:] + [len(lines)]
    header = "".join(line + "\n" for line in lines[:after])
    return header, [(start + 1, "".join(line + "\n" for line in lines[start:end]))
                    for start, end in zip(starts, ends)]


@dataclass(frozen=True)
class Place:
    file: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Symbol:
    kind: str  # fact, field, record, definition, decision, provision, vocabulary
    key: str  # what occurrences refer to: a lowercased name, a citation, a vocabulary
    name: str
    place: Place
    detail: str  # one line for completion
    hover: str  # Markdown


@dataclass(frozen=True)
class Occurrence:
    key: str
    place: Place


@dataclass
class LawIndex:
    program: c.Program
    sources: Mapping[str, str]
    symbols: dict[str, list[Symbol]] = field(default_factory=dict)
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)

    # ------------------------------------------------------------------------------ build
    @classmethod
    def build(cls, program: c.Program, sources: Mapping[str, str],
              vocabularies: Mapping[str, str]) -> LawIndex:
        """`vocabularies` maps each `uses:` name to the file it names."""
        index = cls(program, sources)
        index._declare_names()
        index._declare_provisions()
        for name, file in vocabularies.items():
            index._add(Symbol("vocabulary", f"uses:{name}", name, Place(file, 1, 1, 1, 1),
                              f"vocabulary {file}", f"**vocabulary** `{name}`: {file}"))
        names = tuple(sorted({k for k in index.symbols if not k.startswith(("§", "uses:"))},
                             key=lambda k: (-len(k), k)))
        uses = tuple(sorted(vocabularies.items()))
        known = frozenset(index.symbols)
        for file, text in sources.items():
            index.occurrences[file] = _file_occurrences(file, text, names, uses, known)
        return index

    def _add(self, symbol: Symbol) -> None:
        self.symbols.setdefault(symbol.key, []).append(symbol)

    def _declare_names(self) -> None:
        p = self.program
        english = English(p)
        for decl in p.facts.fields.values():
            self._add(self._field_symbol("fact", decl, "the facts of a case"))
        for record in p.records.values():
            self._add(Symbol("record", _key(record.name), record.name, _place(record.span),
                             "record", f"**record** {record.name}, with "
                             + ", ".join(record.fields)))
            for decl in record.fields.values():
                self._add(self._field_symbol("field", decl, f"a {record.name}"))
        for d in p.definitions.values():
            meaning = definition_words(english, d)
            self._add(Symbol("definition", _key(d.name), d.name, _place(d.span),
                             f"definition ({d.kind.value})",
                             f"**definition** {d.name}" + (f" ({d.citation})" if d.citation
                                                           else "") + f"\n\n{meaning}"))
        for decision in p.decisions.values():
            values = ", ".join(p.enums[decision.type.name].values) if isinstance(
                decision.type, c.EnumT) else "yes or no" if isinstance(
                decision.type, c.BoolT) else str(decision.type)
            lines = [f"**decision** the {decision.name}: {values}"
                     + (", if known" if decision.optional else "")]
            if decision.optional:
                lines.append(MAY_BE_NOT_KNOWN + " where no rule decides it")
            if decision.question:
                lines.append(decision.question)
            if decision.default is not None:
                lines.append(f"by default: {value_words(decision.default.value)}"
                             if isinstance(decision.default, c.Lit) else "by default: computed")
            self._add(Symbol("decision", _key(decision.name), decision.name,
                             _place(decision.span),
                             "decision, if known" if decision.optional else "decision",
                             "\n\n".join(lines)))
        for outcome in p.outcome_records.values():
            outputs = " and ".join(f"the {f}" for f in outcome.fields)
            lines = [f"**decision** the {outcome.name}: a record of {outputs}"]
            if outcome.question:
                lines.append(outcome.question)
            self._add(Symbol("decision", _key(outcome.name), outcome.name,
                             _place(outcome.span), "record of decisions", "\n\n".join(lines)))

    def _field_symbol(self, kind: str, decl: c.FieldDecl, owner: str) -> Symbol:
        line = self._line(decl.span.file, decl.span.line)
        declared, _, comment = line.partition("--")
        hover = f"**{'fact' if kind == 'fact' else 'field'}** `{declared.strip()}` ({owner})"
        notes = [comment.strip()] if comment.strip() else []
        notes = self._comments_above(decl.span.file, decl.span.line) + notes
        if decl.optional:
            hover += f"\n\n{MAY_BE_NOT_KNOWN}: a case may leave it out, and a rule reads it only" \
                " where a condition says it is known"
        if notes:
            hover += "\n\n" + " ".join(notes)
        detail = declared.split(":", 1)[-1].strip()
        if decl.optional and not detail.endswith("if known"):  # a type that runs on
            detail += " …, if known"
        return Symbol(kind, _key(decl.name), decl.name, _place(decl.span), detail, hover)

    def _declare_provisions(self) -> None:
        for provision in self.program.provisions:
            head = provision.citation + (f' "{provision.title}"' if provision.title else "")
            quote = "\n".join(f"> {q}" for q in provision.quote)
            self._add(Symbol("provision", _citation_key(provision.citation), provision.citation,
                             _place(provision.span), provision.title or "provision",
                             f"**{head}**" + (f"\n\n{quote}" if quote else "")))

    def _line(self, file: str, number: int) -> str:
        lines = self.sources.get(file, "").split("\n")
        return lines[number - 1] if 1 <= number <= len(lines) else ""

    def _comments_above(self, file: str, number: int) -> list[str]:
        out: list[str] = []
        while number > 1 and self._line(file, number - 1).strip().startswith("--"):
            number -= 1
            out.insert(0, self._line(file, number).strip()[2:].strip())
        return out

    # ---------------------------------------------------------------------------- queries
    def at(self, file: str, line: int, column: int) -> Occurrence | None:
        for occurrence in self.occurrences.get(file, ()):
            p = occurrence.place
            if p.line == line and p.column <= column <= p.end_column:
                return occurrence
        return None

    def declarations(self, key: str) -> list[Symbol]:
        return self.symbols.get(key, [])

    def references(self, key: str) -> list[Place]:
        return [o.place for file in self.occurrences for o in self.occurrences[file]
                if o.key == key]

    def completions(self) -> list[Symbol]:
        """Fact, field, definition, decision and record names, each once, sorted."""
        seen: dict[tuple[str, str], Symbol] = {}
        for symbols in self.symbols.values():
            for symbol in symbols:
                if symbol.kind in ("fact", "field", "definition", "decision", "record"):
                    seen.setdefault((symbol.kind, symbol.name), symbol)
        return sorted(seen.values(), key=lambda s: (s.name, s.kind))


def definition_words(english: English, d: c.Definition) -> str:
    """A definition's meaning in English, as `lawc explain` words conditions."""
    if d.kind is c.DefKind.SET:
        return f"the {d.name} are " + ", ".join(f'"{m}"' for m in d.members)
    assert d.body is not None
    body = english.sentence(d.body) if isinstance(d.type, c.BoolT) else english.noun(d.body)
    if d.kind is c.DefKind.PREDICATE:
        return f"a {d.subject} is {d.name} if {body}"
    if d.kind is c.DefKind.ATTRIBUTE:
        return f"a {d.subject}'s {d.name} is {body}"
    return f"the {d.name} means {body}"


@lru_cache(maxsize=64)
def _file_occurrences(file: str, text: str, names: tuple[str, ...],
                      uses: tuple[tuple[str, str], ...], known: frozenset[str]
                      ) -> list[Occurrence]:
    """The occurrences in one file; kept while the file and the names are the same, so that
    a keystroke in a law does not scan its companion and vocabularies again."""
    return list(_occurrences(file, text, _names_pattern(names), dict(uses), set(known)))


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = [r"[ \t]+".join(re.escape(w) for w in n.split()) for n in names if n.strip()]
    parts += [p + "s" for p in parts]  # plural of a record or list: `claims`
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def _occurrences(file: str, text: str, pattern: re.Pattern[str] | None,
                 vocabularies: Mapping[str, str], known: set[str]) -> Iterable[Occurrence]:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip()
        if stripped.startswith(">"):
            continue  # quoted law text
        code = _blank_strings(line.split("--", 1)[0])
        if stripped.startswith("uses:"):
            start = line.index(":") + 1
            for m in re.finditer(r"[^,\s][^,]*", line[start:]):
                name = m.group().strip()
                if name in vocabularies:
                    yield Occurrence(f"uses:{name}", Place(file, number, start + m.start() + 1,
                                                           number, start + m.start() + 1
                                                           + len(name)))
            continue
        for m in CITATION.finditer(code):
            yield Occurrence(_citation_key(m.group().rstrip(".,")),
                             Place(file, number, m.start() + 1, number, m.end() + 1))
        if pattern is None or stripped.startswith("§"):
            continue
        for m in pattern.finditer(code):
            word = _key(m.group())
            if word not in known and word[:-1] in known:
                word = word[:-1]  # a plural
            yield Occurrence(word, Place(file, number, m.start() + 1, number, m.end() + 1))


def _blank_strings(code: str) -> str:
    return STRING.sub(lambda m: " " * len(m.group()), code)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _citation_key(citation: str) -> str:
    return "§" + "".join(citation[1:].split())


def _place(span: object) -> Place:
    from compiler.span import Span

    assert isinstance(span, Span)
    return Place(span.file, span.line, span.column, span.end_line, span.end_column)

