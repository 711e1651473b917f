"""What the language server knows about one law: its symbols and where each is written.

Takes a checked `Program` and the texts of the files it was read from (the law, its companion
and its vocabularies, as the driver's `Workspace` holds them); gives a `LawIndex`: every
declared name (facts, record fields, records, definitions, decisions), every provision by
citation and every `uses:` vocabulary, with the place it is declared; and, for each file, the
places where those names and citations are written (longest name first, outside comments,
quoted law text and strings). Hover texts, go-to-definition, references and completion are
answered from it. Positions are `(line, column)` counted from 1, as in `Span`.

`load_text` parses a file's text as it is in the editor (not as it is on disk) through the
driver, so that diagnostics are exactly those `lawc check` gives for the same text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from compiler import driver
from compiler.core import ast as c
from compiler.core.english import English
from compiler.surface.parse import normalize_source, parse
from compiler.runtime_explain import words as value_words

CITATION = re.compile(r"\u00a7[ \t]*[0-9A-Za-z][0-9A-Za-z.()/\u2013-]*")
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def display(path: Path) -> str:
    """The name a file goes by in diagnostics, as the driver gives it (relative to here)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_text(workspace: driver.Workspace, path: Path, text: str) -> None:
    """Put `text` in `workspace` as the content of `path`, replacing what was read before, so
    that `driver.load_program` reads it instead of the file (DiagnosticError if it does not
    parse: the driver's own diagnostics)."""
    key = path.resolve()
    workspace.cache.pop(key, None)
    name = display(path)
    text = normalize_source(text)
    workspace.sources[name] = text
    workspace.cache[key] = driver.Source(name, text, parse(text, name))


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
                decision.type, c.EnumT) else "yes or no"
            lines = [f"**decision** the {decision.name}: {values}"]
            if decision.question:
                lines.append(decision.question)
            if decision.default is not None:
                lines.append(f"by default: {value_words(decision.default.value)}"
                             if isinstance(decision.default, c.Lit) else "by default: computed")
            self._add(Symbol("decision", _key(decision.name), decision.name,
                             _place(decision.span), "decision", "\n\n".join(lines)))

    def _field_symbol(self, kind: str, decl: c.FieldDecl, owner: str) -> Symbol:
        line = self._line(decl.span.file, decl.span.line)
        declared, _, comment = line.partition("--")
        hover = f"**{'fact' if kind == 'fact' else 'field'}** `{declared.strip()}` ({owner})"
        notes = [comment.strip()] if comment.strip() else []
        notes = self._comments_above(decl.span.file, decl.span.line) + notes
        if notes:
            hover += "\n\n" + " ".join(notes)
        return Symbol(kind, _key(decl.name), decl.name, _place(decl.span),
                      declared.split(":", 1)[-1].strip(), hover)

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

