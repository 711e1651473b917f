"""The canonical layout of a `.law` file, with every word kept: the engine of `lawc fmt`.

Takes the text of one file and its path; gives the same words laid out canonically
(docs/language.md, "Layout"), or raises `DiagnosticError` (file:line:col) when the text does
not parse, or `LayoutError` if the new layout would not read back as the same law (a safety net
that the tests hold never to fire). Only layout changes: indentation (two spaces a level, one
more for a line continued after a comma or inside parentheses), the blanks between words, the
column of comments, blank lines. The words themselves (comments, quoted law text, strings,
numbers, sums of money, dates) are copied byte for byte from the file.

It works on the tokens of the grammar's own lexer: a Lark parser built from `grammar/law.lark`
with the same indentation post-lexer as `compiler.surface.parse`, stepped token by token through
Lark's public `parse_interactive`, which yields every token with its place, and the indentation
tokens that give each line's depth. What lies between two tokens is blanks, line ends and
comments, read from the text itself.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field

from lark import Lark

from compiler.surface.parse import LawIndenter, grammar_text, normalize_source, parse
from compiler.surface.table_layout import align_table_lines

INDENT = "  "
TAB_WIDTH = 8  # as the indentation post-lexer counts a tab
COMMENT_GAP = 2  # blanks at least between the code of a line and its trailing comment
_LAYOUT_TOKENS = frozenset({"_NL", "_INDENT", "_DEDENT"})
_NO_SPACE_BEFORE = frozenset({",", ")", ":"})
_BLANKS = re.compile(r"[ \t]+")


class LayoutError(Exception):
    """The canonical layout would not read back as the same law: the file is left alone."""


@dataclass(frozen=True, slots=True)
class Word:
    """A token of the file: its terminal (`NAME`, `STRING`, `COMMA`…), its text as written, its
    line and column (from 1), whether it begins a logical line, and the block depth there."""

    kind: str
    text: str
    line: int
    column: int
    starts_line: bool
    depth: int


_LOCK = threading.Lock()  # one post-lexer per parser, and it keeps state while it runs


@functools.cache
def lexing_parser() -> Lark:
    """A Lark parser of the `.law` grammar that builds nothing: used only for its tokens."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", postlex=LawIndenter(),
                maybe_placeholders=False, cache=True)


def words(text: str) -> list[Word]:
    """The tokens of a text that parses (line ends folded to `\\n`), in order, without the
    line-end and indentation tokens, whose work is recorded in `starts_line` and `depth`."""
    out: list[Word] = []
    depth = 0
    starts_line = True
    with _LOCK:
        for token in lexing_parser().parse_interactive(text).iter_parse():
            kind = token.type
            if kind in _LAYOUT_TOKENS:
                starts_line = True
                depth += (kind == "_INDENT") - (kind == "_DEDENT")
                continue
            out.append(Word(kind, str(token), token.line or 1, token.column or 1, starts_line,
                            depth))
            starts_line = False
    return out


def split_text_field(text: str) -> tuple[str, str | None]:
    """A header field's value (a `TEXT` token) and its trailing comment, split where the parser
    splits it: at the first ` --`."""
    value, sep, rest = text.partition(" --")
    if not sep:
        return text, None
    return value, ("--" + rest).rstrip(" \t")


def spelling(word: Word) -> str:
    """A word as the canonical layout writes it: names (and `in the`, `whichever is later`) with one blank between
    their words, a citation with one blank after `§`, nothing trailing; every other token
    exactly as written."""
    if word.kind in ("NAME", "IN_THE", "WHICHEVER"):
        return _BLANKS.sub(" ", word.text)
    if word.kind == "CITATION":
        return "§ " + word.text[1:].lstrip(" \t")
    if word.kind == "IF_KNOWN":
        return ", if known"
    if word.kind == "TEXT":
        return split_text_field(word.text)[0].strip(" \t")
    return word.text.rstrip(" \t")


def _code(line: list[Word]) -> str:
    """The words of one line, with one blank between two words, except none before `,` `)` `:`,
    `'s` and `, if known`, after `(`, and after the `-` of a negative number."""
    out: list[str] = []
    previous: Word | None = None
    for word in line:
        piece = spelling(word)
        if previous is not None and piece and not (
                word.text in _NO_SPACE_BEFORE or word.kind in ("POSS", "IF_KNOWN")
                or previous.text == "("
                or (previous.text == "-" and not previous.starts_line)):
            out.append(" ")
        out.append(piece)
        previous = word
    return "".join(out)


def _width(line: str) -> int:
    """The indentation of a line as the post-lexer measures it."""
    blanks = line[:len(line) - len(line.lstrip(" \t"))]
    return blanks.count(" ") + blanks.count("\t") * TAB_WIDTH


# ------------------------------------------------------------------------------ the lines


@dataclass(slots=True)
class _Line:
    """One line of the output: code (with perhaps a trailing comment), a comment alone, or a
    blank line. `width` is the indentation it had in the file."""

    indent: int = 0
    code: str = ""
    comment: str | None = None
    width: int = 0
    depth: int = 0
    starts_line: bool = True
    under_comment: bool = False  # a comment alone that goes on the trailing comment above
    words: list[Word] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not self.code and self.comment is None


def _read_lines(text: str, tokens: list[Word]) -> list[_Line]:
    """The file's lines, each with its words, its trailing comment, and its indentation."""
    by_line: dict[int, list[Word]] = {}
    for word in tokens:
        by_line.setdefault(word.line, []).append(word)
    lines: list[_Line] = []
    base = [0]  # the indent out of each open block, by depth
    last_indent = 0
    for number, raw in enumerate(text.split("\n")[:-1], start=1):
        here = by_line.get(number)
        if not here:
            rest = raw.strip(" \t")
            lines.append(_Line(comment=rest.rstrip(" \t") if rest else None, width=_width(raw)))
            continue
        last = here[-1]
        comment: str | None
        if last.kind == "TEXT":
            comment = split_text_field(last.text)[1]
        else:
            rest = raw[last.column - 1 + len(last.text):].strip(" \t")
            comment = rest or None
        if comment is not None and not comment.startswith("--"):
            raise LayoutError(f"line {number}: unexpected text after the last word: {comment!r}")
        first = here[0]
        if not first.starts_line:
            indent = base[first.depth] + len(INDENT)
        elif first.depth < len(base):
            del base[first.depth + 1:]
            indent = base[first.depth]
        else:  # a block opens: one level in from the last line of the line that opens it
            indent = last_indent + len(INDENT)
            base.append(indent)
        last_indent = indent
        lines.append(_Line(indent=indent, code=_code(here), comment=comment,
                           width=_width(raw), depth=first.depth, starts_line=first.starts_line,
                           words=here))
    return lines


def _next_code(lines: list[_Line], start: int) -> _Line | None:
    for line in lines[start:]:
        if line.code:
            return line
    return None


def _place_comments(lines: list[_Line]) -> list[_Line]:
    """Blank lines and lone comments given their place: blank lines at most one in a row and
    none at either end or inside a continued line; a lone comment at the depth of the open block
    it was written at (snapped down to the nearest), or under the trailing comment above it."""
    out: list[_Line] = []
    levels: list[tuple[int, int]] = []  # (width in the file, indent out) of each open block
    last_code: _Line | None = None
    for index, line in enumerate(lines):
        if line.code:
            if line.starts_line:
                levels = levels[:line.depth] + [(line.width, line.indent)]
            out.append(line)
            last_code = line
            continue
        following = _next_code(lines, index + 1)
        inside = following is not None and not following.starts_line and last_code is not None
        if line.blank:
            if out and not inside:
                out.append(line)
            continue
        above = out[-1] if out else None
        if (above is not None and last_code is not None
                and (above.under_comment or (above.code and above.comment is not None))
                and line.width >= last_code.width + 1 + COMMENT_GAP):
            line.under_comment = True
        elif inside and following is not None:
            line.indent = following.indent
        else:
            candidates = list(levels)
            if last_code is not None:  # under the line above, as in a block it would open
                candidates.append((levels[-1][0] + 1, last_code.indent + len(INDENT)))
            if following is not None and following.starts_line and following.depth >= len(levels):
                candidates.append((following.width, following.indent))
            line.indent = 0
            for width, indent in candidates:
                if width <= line.width:
                    line.indent = indent
        out.append(line)
    return _fewer_blank_lines(out)


def _fewer_blank_lines(lines: list[_Line]) -> list[_Line]:
    """Blank lines at most two in a row before a line that is not indented (between top-level
    items), at most one elsewhere, and none at the end."""
    out: list[_Line] = []
    run = 0
    for line in lines:
        if line.blank:
            run += 1
            continue
        out.extend(_Line() for _ in range(min(run, 2 if line.indent == 0 else 1)))
        run = 0
        out.append(line)
    return out


def _align(lines: list[_Line]) -> list[str]:
    """The text of each line, trailing comments of a paragraph (lines with no blank line
    between them) aligned at one column: two blanks after the longest code that has one."""
    texts: list[str] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and not lines[end].blank:
            end += 1
        paragraph = lines[start:end]
        column = max((line.indent + len(line.code) + COMMENT_GAP for line in paragraph
                      if line.code and line.comment is not None), default=0)
        for line in paragraph:
            if line.code:
                text = " " * line.indent + line.code
                if line.comment is not None:
                    text = text.ljust(column) + line.comment
            elif line.under_comment:
                text = " " * column + (line.comment or "")
            else:
                text = " " * line.indent + (line.comment or "")
            texts.append(text)
        if end < len(lines):
            texts.append("")
        start = end + 1
    return texts


def layout(text: str) -> str:
    """The canonical layout of a text that parses (no check that it reads back the same)."""
    text = normalize_source(text)
    lines = _place_comments(_read_lines(text, words(text)))
    align_table_lines(lines, _code)  # a decision table's columns
    return "\n".join(_align(lines)) + "\n"


def kept_words(text: str) -> list[tuple[str, str]]:
    """What the layout must keep byte for byte, in order: each comment, each quoted line of law
    and each string, number, sum of money and date, as (kind, text as written)."""
    text = normalize_source(text)
    out: list[tuple[str, str]] = []
    for line in _read_lines(text, words(text)):
        for word in line.words:
            if word.kind in ("STRING", "NUMBER", "MONEY", "DATE"):
                out.append((word.kind, word.text))
            elif word.kind in ("QUOTE", "TEXT"):
                out.append((word.kind, spelling(word)))
        if line.comment is not None:
            out.append(("COMMENT", line.comment))
    return out


def format_text(text: str, file: str) -> str:
    """The canonical layout of a file. Raises DiagnosticError when it does not parse, and
    LayoutError when the new text would not parse to the same tree with the same words."""
    tree = parse(text, file)
    new = layout(text)
    if parse(new, file) != tree:
        raise LayoutError("the new layout would read as a different law")
    if kept_words(new) != kept_words(text):
        raise LayoutError("the new layout would change a comment or a literal")
    return new
