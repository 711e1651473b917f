"""Syntax errors caused by a reserved word inside a name.

Takes the failing token, what the parser expected there and the text of its line; gives a
`Diagnostic` naming the reserved word as the cause and a way to write the name, or None when
the mistake is another one. Two cases:

- a declaration (`the right of the accused: yes or no`, `the age at arrest: a whole number`):
  the name stops at the reserved word and a `:` was expected there;
- an expression where `to`, `after` or `before` joined the words around it into one name
  (`the time from the date of birth to request date`): the parser then misses the `to` it
  needed. These words join a name only when a word that is neither reserved nor an article
  follows them (`the right to counsel`, `the time after release`), so `to the request date`
  is always read as the keyword.
"""

from __future__ import annotations

import re

from compiler.diagnostics import Diagnostic, error
from compiler.span import Span

JOINING_KEYWORDS = ("to", "after", "before")
"""Reserved words that may join two words inside a name, when no article follows them."""

_ARTICLES = ("the", "a", "an", "its")
_WORD = re.compile(r"[^\W\d_][\w-]*")


def reserved_word_in_declaration(value: str, expected: set[str], span: Span, before: str,
                                 line_text: str, reserved: frozenset[str]) -> Diagnostic | None:
    """`the right of the accused: yes or no`: the name ran into a reserved word before its
    `:`. The hint rewrites the name so that it is one (`right of accused`, `age-at-arrest`)."""
    first = _WORD.match(value)
    word = first.group(0) if first else ""
    if "COLON" not in expected or word not in reserved:
        return None
    rest = line_text[span.column - 1:].split(" --")[0]
    if ":" not in rest:
        return None
    head_words = before.split()
    while head_words and head_words[0] in ("decision", "the", "a", "an"):
        head_words = head_words[1:]
    tail = rest.split(":", 1)[0].split()
    if not head_words or len(tail) < 2:
        return None
    name = " ".join(head_words + tail)
    word_span = Span(span.file, span.line, span.column, span.line, span.column + len(word))
    return error("syntax", f'the name "{name}" holds the reserved word "{word}", so it ends '
                 f'before "{word}"', word_span, hint=_rewrite_hint(head_words, tail))


def _rewrite_hint(head: list[str], tail: list[str]) -> str:
    word, after = tail[0], tail[1:]
    if word in JOINING_KEYWORDS + ("of",) and after and after[0] in _ARTICLES and after[1:]:
        joined = " ".join(head + [word] + after[1:])
        why = ('"of the" never joins a name ("the date of the arrest" is the arrest\'s date)'
               if word == "of" else
               f'"{word}" joins a name only when no article follows it')
        return f'{why}: write "{joined}", or reword the name'
    hyphenated = "-".join(head + tail)
    return (f'"{word}" cannot be part of a name: reword it, or join its words with hyphens '
            f'("{hyphenated}")')


def keyword_read_into_name(expected: set[str], span: Span, before: str,
                           reserved: frozenset[str]) -> Diagnostic | None:
    """`the time from the date of birth to request date is …`: "to" joined "birth" and
    "request date" into one name, and the parser still waits for its `to`."""
    words = before.split(" --")[0].split()
    for index in range(len(words) - 2, 0, -1):
        word = words[index]
        if (word in JOINING_KEYWORDS and word.upper() in expected
                and words[index + 1] not in reserved and words[index - 1] not in reserved):
            name = " ".join(_name_around(words, index, reserved))
            column = _column_of(before, words, index)
            word_span = Span(span.file, span.line, column, span.line, column + len(word))
            following = " ".join(words[index + 1:])
            return error("syntax", f'"{word}" was read as part of the name "{name}"',
                         word_span,
                         hint=f'"{word}" joins the words around it into one name unless '
                              f'"the", "a", "an" or "its" follows it: write "{word} the '
                              f'{following}" (or "{word} its …", or put what follows in brackets)')
    return None


def _name_around(words: list[str], index: int, reserved: frozenset[str]) -> list[str]:
    """The words of the name that holds words[index]: back to the first reserved word that
    does not join (a joiner joins when a word that is not reserved stands before it), less
    any numbers it starts with (a name starts with a word)."""
    start = index
    while start > 0:
        word = words[start - 1]
        if word in reserved:
            joiner = word in JOINING_KEYWORDS + ("of", "a", "an", "the")
            if not (joiner and start >= 2 and words[start - 2] not in reserved):
                break
        start -= 1
    while start < index and _WORD.fullmatch(words[start]) is None:
        start += 1
    return words[start:]


def _column_of(before: str, words: list[str], index: int) -> int:
    """The 1-based column of words[index] in `before`."""
    position = 0
    for number, word in enumerate(words):
        position = before.index(word, position)
        if number == index:
            return position + 1
        position += len(word)
    return 1
