"""Syntax highlighting of `.law` files: a Pygments lexer and a TextMate grammar, from one list.

Takes the grammar (`grammar/law.lark`): its reserved words (the words the `NAME` terminal never
takes), its other keywords (words a name may also hold, `date`, `code`, `default`, so
highlighted only in the phrases the grammar gives them: `by default:`, `a whole number`,
`at least`), and its terminals of `known` (`IF_KNOWN`, `, if known` after a fact's or a
decision's type; `KNOWN`, after `is` or `is not` where a condition ends), so that `known` is a
keyword there and a word of names elsewhere. Gives `LawLexer` (Pygments; registered as the
`pygments.lexers` entry point `law`, so `pygmentize -l law FILE` works; `html_lines` and `css`
for lawc's own HTML pages) and `textmate_grammar()`, the same rules for VS Code-style editors,
written to `editors/law.tmLanguage.json` by `python -m compiler.highlight` (a test keeps the
file equal to what this module gives). Needs Pygments (the `editor` extra) only for the lexer.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from pygments.lexer import RegexLexer, bygroups
from pygments.token import (Comment, Keyword, Name, Number, Operator, Punctuation, String,
                            Whitespace)

from compiler.surface.parse import grammar_text

HEADER_FIELDS = ("jurisdiction", "enacts", "amends", "citation", "in force from",
                 "in force until", "uses", "reads", "summary", "because", "source", "patches")  # `key: text`
# the grammar's keywords that are not reserved, in the places the grammar gives them
LINE_STARTS = ("examples for", "vocabulary", "law", "decision", "example", "facts", "given",
               "expect", "under", "question", "by default", "notwithstanding",
               "except as provided in", "assume", "reported", "period",
               "outcome", "count", "tolerance", "dated by", "observed", "insert after",
               "figure")
PHRASES = ("of the following", "whole number", "decimal number", "the time from", "at least",
           "at most", "more than", "less than", "on or before", "on or after", "of the form",
           "percentage points", "for each", "down to", "up to", "whole dollar",
           "nearest dollar", "nearest cent", "half up", "half even", "conflict between",
           "conflict in the", "gap in the", "whichever is", "are the days", "excluding",
           "business days after", "business day after",
           "amended to read", "amended to define", "repealed",
           # decision tables: `the D is decided by this table (hit policy: collect sum):`
           "decided by this table", "hit policy", "collect sum", "collect minimum",
           "collect maximum", "collect count", "unique", "first",
           "starts with")  # a code's prefix: `its offence code starts with "160."`
# after the colon of a field: `the fine: money`
TYPES = ("an? date and time", "an? date", "an? code", "money", "an? record of")
CITATION = r"\u00a7[ \t]*[0-9A-Za-z][0-9A-Za-z.()/\u2013-]*"
STRING = r'"(?:[^"\\\n]|\\.)*"'
DATE = r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?"  # a date, or a date and time
MONEY = r"\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d\d)?"
NUMBER = r"\d+(?:\.\d+)?"
WORD_START, WORD_END = r"(?<![\w-])", r"(?![\w-])"


@cache
def reserved_words() -> tuple[str, ...]:
    """The words no name may hold: the alternatives of the `NAME` terminal's lookahead."""
    found = re.search(r"^NAME: /\(\?!\(\?:([a-z|]+)\)", grammar_text(), re.MULTILINE)
    assert found, "the NAME terminal of grammar/law.lark lists its reserved words"
    return tuple(found.group(1).split("|"))


@cache
def grammar_keywords() -> tuple[str, ...]:
    """Every word the grammar writes in quotes, sorted."""
    code = "\n".join(line.split("//")[0] for line in grammar_text().split("\n"))
    return tuple(sorted(set(re.findall(r'"([a-z]+)"', code))))


@cache
def terminal(name: str) -> str:
    """The regular expression of one of the grammar's terminals (`KNOWN.3: /…/`)."""
    found = re.search(rf"^{name}(?:\.\d+)?: /(.*)/$", grammar_text(), re.MULTILINE)
    assert found, f"grammar/law.lark has a terminal {name}"
    return found.group(1).replace(r"\/", "/")


def _if_known() -> str:
    """`, if known` after a type: the grammar's `IF_KNOWN`, a group for each of its five parts
    (the comma, spaces, `if`, spaces, `known`)."""
    parts = re.split(r"(\[ \\t\][*+])", terminal("IF_KNOWN"))
    assert len(parts) == 5, parts
    return "".join(f"({part})" for part in parts)


def _is_known() -> str:
    """`is known`, `is not known`: `is`, spaces, `not` and spaces if written, then the
    grammar's `KNOWN` (`known` where a condition ends), each a group."""
    return WORD_START + r"(is)([ \t]+)(?:(not)([ \t]+))?(" + terminal("KNOWN") + ")"


def _words(words: tuple[str, ...] | list[str]) -> str:
    return WORD_START + "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" + WORD_END


def _alternatives(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(p.replace(" ", r"[ \t]+") for p in phrases) + ")"


def _phrases() -> str:
    return WORD_START + _alternatives(PHRASES) + WORD_END


def _line_start() -> str:
    return r"^([ \t]*)(" + _alternatives(LINE_STARTS) + ")" + WORD_END


def _types() -> str:
    return r"(?<=:[ \t])" + _alternatives(TYPES) + WORD_END


OPERATOR_WORDS = ("and", "or", "not")
CONSTANTS = ("yes", "no")


def _plain_keywords() -> tuple[str, ...]:
    return tuple(w for w in reserved_words() if w not in OPERATOR_WORDS + CONSTANTS)


def _groups(*tokens: Any) -> Any:
    """Pygments' `bygroups` (untyped there): one token type for each group of a match."""
    return bygroups(*tokens)  # type: ignore[no-untyped-call]


class LawLexer(RegexLexer):
    """Pygments lexer for lawc's `.law` files."""

    name = "Law"
    aliases = ["law", "lawc"]
    filenames = ["*.law"]
    mimetypes = ["text/x-law"]
    url = "https://pypi.org/project/lawc/"

    tokens = {
        "root": [
            (r"[ \t]*\n", Whitespace),
            (r"--[^\n]*", Comment.Single),
            (r"^([ \t]*)(>[^\n]*)", _groups(Whitespace, String.Doc)),
            (r"^([ \t]+)(" + "|".join(f.replace(" ", r"[ \t]+") for f in HEADER_FIELDS)
             + r")([ \t]*)(:)([^\n]*)",
             _groups(Whitespace, Name.Attribute, Whitespace, Punctuation, String.Other)),
            (_line_start(), _groups(Whitespace, Keyword.Declaration)),
            (r"[ \t]+", Whitespace),
            (_types(), Keyword.Type),
            (_if_known(), _groups(Punctuation, Whitespace, Keyword, Whitespace, Keyword)),
            (_is_known(), _groups(Keyword, Whitespace, Operator.Word, Whitespace, Keyword)),
            (STRING, String.Double),
            (CITATION, Name.Label),
            (DATE, Number.Other),
            (MONEY, Number.Float),
            (NUMBER, Number),
            (r"['\u2019]s\b", Operator),
            (_phrases(), Keyword.Reserved),
            (_words(list(OPERATOR_WORDS)), Operator.Word),
            (_words(list(CONSTANTS)), Keyword.Constant),
            (_words(list(_plain_keywords())), Keyword),
            (r"[^\W\d_][\w-]*", Name),
            (r"[:,();|]", Punctuation),
            (r"-", Punctuation),
        ],
    }


def html_lines(text: str) -> list[str]:
    """The text's lines as HTML, escaped, each word in a `<span class="…">` of Pygments' short
    token classes (`k` a keyword, `c1` a comment, `nl` a citation, `sd` quoted law text), each
    line's spans closed on it; without the newlines. `css()` colours them."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter

    markup = highlight(text, LawLexer(), HtmlFormatter(nowrap=True))
    lines = markup.split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


def css(selector: str) -> str:
    """The style rules for `html_lines`' classes, for elements under `selector`."""
    from pygments.formatters import HtmlFormatter

    formatter = HtmlFormatter(style="default")
    return str(formatter.get_style_defs(selector))  # type: ignore[no-untyped-call]


def textmate_grammar() -> dict[str, Any]:
    """The TextMate grammar (VS Code, Sublime, GitHub's linguist) with the lexer's rules."""
    def match(regex: str, scope: str) -> dict[str, Any]:
        return {"match": regex, "name": scope}

    header = (r"^([ \t]+)(" + "|".join(f.replace(" ", r"[ \t]+") for f in HEADER_FIELDS)
              + r")[ \t]*(:)(.*)$")
    return {
        "name": "Law",
        "scopeName": "source.law",
        "fileTypes": ["law"],
        "patterns": [
            match(r"--.*$", "comment.line.double-dash.law"),
            match(r"^[ \t]*>.*$", "markup.quote.law"),
            {"match": header, "captures": {"2": {"name": "entity.other.attribute-name.law"},
                                           "3": {"name": "punctuation.separator.law"},
                                           "4": {"name": "string.unquoted.law"}}},
            match(STRING, "string.quoted.double.law"),
            match(CITATION, "entity.name.section.law"),
            match(DATE, "constant.numeric.date.law"),
            match(MONEY, "constant.numeric.money.law"),
            match(WORD_START + NUMBER + WORD_END, "constant.numeric.law"),
            {"match": _line_start(), "captures": {"2": {"name": "keyword.control.law"}}},
            match(_types(), "storage.type.law"),
            {"match": _if_known(), "captures": {"3": {"name": "keyword.other.law"},
                                                "5": {"name": "keyword.other.law"}}},
            {"match": _is_known(), "captures": {"1": {"name": "keyword.other.law"},
                                                "3": {"name": "keyword.operator.word.law"},
                                                "5": {"name": "keyword.other.law"}}},
            match(_phrases(), "keyword.control.law"),
            match(_words(list(OPERATOR_WORDS)), "keyword.operator.word.law"),
            match(_words(list(CONSTANTS)), "constant.language.law"),
            match(_words(list(_plain_keywords())), "keyword.other.law"),
        ],
    }


def textmate_text() -> str:
    return json.dumps(textmate_grammar(), indent=2, ensure_ascii=False) + "\n"


TEXTMATE_FILE = Path("editors") / "law.tmLanguage.json"


def main(argv: list[str]) -> int:
    """`python -m compiler.highlight [--check]`: write (or compare) the TextMate grammar."""
    current = TEXTMATE_FILE.read_text(encoding="utf-8") if TEXTMATE_FILE.is_file() else None
    if "--check" in argv:
        if current != textmate_text():
            print(f"would regenerate {TEXTMATE_FILE}")
            return 1
        return 0
    if current != textmate_text():
        TEXTMATE_FILE.parent.mkdir(parents=True, exist_ok=True)
        TEXTMATE_FILE.write_text(textmate_text(), encoding="utf-8")
        print(f"wrote {TEXTMATE_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
