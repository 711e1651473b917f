"""Highlighting (`compiler/highlight.py`): the Pygments lexer on every shipped statute, and the
TextMate grammar and VS Code extension manifest under editors/.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Error, Keyword, Name, Operator, Punctuation, String

from compiler import highlight
from compiler.highlight import LawLexer

ROOT = Path(__file__).resolve().parents[1]
EDITORS = ROOT / "editors"
STATUTES = sorted((ROOT / "statutes").rglob("*.law"))


def _tokens(text: str) -> list[tuple[Any, str]]:
    return list(LawLexer().get_tokens(text))


@pytest.mark.parametrize("path", STATUTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_statute_lexes_without_error_tokens(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = _tokens(text)
    assert [v for t, v in tokens if t in Error] == []
    assert "".join(v for _, v in tokens) == (text if text.endswith("\n") else text + "\n")


def test_the_tour_has_keywords_comments_strings_and_citations() -> None:
    tokens = _tokens((ROOT / "statutes" / "examples" / "tour.law").read_text(encoding="utf-8"))
    kinds = {t for t, _ in tokens}
    assert any(t in Comment for t in kinds)
    assert String.Double in kinds and String.Doc in kinds
    assert Name.Label in kinds  # § 12-301(a)
    words = {v.lower() for t, v in tokens if t in Keyword}
    assert {"law", "decision", "the", "if", "notwithstanding", "by default",
            "of the following", "yes", "no"} <= {" ".join(w.split()) for w in words}


def test_a_word_the_grammar_does_not_allow_is_an_error_token() -> None:
    """The test above can fail: a character outside the language is shown as an error."""
    assert any(t in Error for t, _ in _tokens("the fine is at least ~5\n"))


def test_keywords_come_from_the_grammar() -> None:
    reserved = set(highlight.reserved_words())
    assert {"the", "is", "unless", "within", "yes"} <= reserved and "date" not in reserved
    covered = reserved | {w for phrase in highlight.LINE_STARTS + highlight.PHRASES
                          + highlight.TYPES + highlight.HEADER_FIELDS
                          for w in phrase.replace("an?", "an").split()}
    assert set(highlight.grammar_keywords()) - covered == set()


def test_the_lexer_is_registered_with_pygments() -> None:
    points = importlib.metadata.entry_points(group="pygments.lexers")
    assert any(p.name == "law" and p.value == "compiler.highlight:LawLexer" for p in points)
    assert isinstance(get_lexer_by_name("law"), LawLexer)
    assert isinstance(get_lexer_for_filename("tour.law"), LawLexer)


def test_the_textmate_grammar_is_current_and_its_regexes_compile() -> None:
    text = (EDITORS / "law.tmLanguage.json").read_text(encoding="utf-8")
    assert text == highlight.textmate_text(), "run: python -m compiler.highlight"
    grammar = json.loads(text)
    assert grammar["scopeName"] == "source.law"
    patterns = [re.compile(p["match"]) for p in grammar["patterns"]]
    tour = "".join((ROOT / "statutes" / name).read_text(encoding="utf-8")
                   for name in ("examples/tour.law", "examples/tour_vocabulary.law",
                                "us/detainer_hold_287_7.law"))  # and `, if known`
    for pattern in patterns:  # each rule colours something in the tour
        assert any(pattern.search(line) for line in tour.split("\n")), pattern.pattern


def test_the_vscode_manifest_names_the_grammar() -> None:
    manifest = json.loads((EDITORS / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "law" and language["extensions"] == [".law"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert (EDITORS / grammar["path"]).is_file() and grammar["scopeName"] == "source.law"
    configuration = json.loads((EDITORS / language["configuration"]).read_text(
        encoding="utf-8"))
    assert configuration["comments"]["lineComment"] == "--"


# ---------------------------------------------------------------- `, if known`, `is known`

KNOWN_WORDS = """law "Known words"
  jurisdiction: Nowhere

facts:
  the release time: a date and time, if known
  the known risk: yes or no -- `known` begins a name here
  the prior count: a whole number from 0 to 9,if known

decision the hold end: a date and time, if known

decision the flag: yes or no
  by default: no

§ 1 "Hold"
  the hold end is the release time plus 48 hours if the release time is known and the known risk
  the flag is yes if (the prior count is not known) or the prior count is known -- known

example "nothing known"
  given:
    the release time is not known
    the prior count is not  known
    the known risk is no
  expect: the hold end is not known
"""
KNOWN_STATUTES = [p for p in STATUTES if re.search(r"(?<![\w-])known(?![\w-])",
                                                   p.read_text(encoding="utf-8"))]


def _grammar_known(text: str) -> set[tuple[int, int]]:
    """(line, column) of each `known` the grammar reads as a keyword: its `KNOWN` tokens and
    the last word of its `IF_KNOWN` ones, from Lark's contextual lexer as it parses."""
    from lark import Lark, Token

    from compiler.surface.parse import LawIndenter, grammar_text

    found: list[Token] = []

    def keep(token: Token) -> Token:
        found.append(token)
        return token

    Lark(grammar_text(), parser="lalr", lexer="contextual", postlex=LawIndenter(),
         keep_all_tokens=True, maybe_placeholders=False,
         lexer_callbacks={"KNOWN": keep, "IF_KNOWN": keep}).parse(text)
    return {(t.line, t.end_column - len("known") if t.type == "IF_KNOWN" else t.column)
            for t in found if t.line is not None and t.column is not None
            and t.end_column is not None}


def _lexer_known(text: str) -> set[tuple[int, int]]:
    """(line, column) of each `known` the Pygments lexer gives as a keyword."""
    out, line, column = set(), 1, 1
    for token, value in _tokens(text):
        if value == "known" and token in Keyword:
            out.add((line, column))
        line += value.count("\n")
        column = len(value) - value.rfind("\n") if "\n" in value else column + len(value)
    return out


def _textmate_scopes(line: str) -> list[tuple[int, str, str]]:
    """(column, text, scope) of what the TextMate grammar's patterns name in one line, as an
    editor applies them: at each point the leftmost match, of those the first pattern."""
    patterns = [(re.compile(p["match"]), p)
                for p in json.loads(highlight.textmate_text())["patterns"]]
    out, pos = [], 0
    while True:
        matches = [(m.start(), i, m, p) for i, (regex, p) in enumerate(patterns)
                   if (m := regex.search(line, pos))]
        if not matches:
            return out
        _, _, m, p = min(matches, key=lambda found: (found[0], found[1]))
        if "name" in p:
            out.append((m.start() + 1, m.group(), p["name"]))
        for group, capture in p.get("captures", {}).items():
            if m.group(int(group)):
                out.append((m.start(int(group)) + 1, m.group(int(group)), capture["name"]))
        pos = max(m.end(), pos + 1)


def _textmate_known(text: str) -> set[tuple[int, int]]:
    return {(number, column) for number, line in enumerate(text.split("\n"), start=1)
            for column, word, scope in _textmate_scopes(line + "\n")
            if word == "known" and scope.startswith("keyword.")}


@pytest.mark.parametrize("text", [KNOWN_WORDS] + [p.read_text(encoding="utf-8")
                                                  for p in KNOWN_STATUTES],
                         ids=["known words"] + [str(p.relative_to(ROOT))
                                                for p in KNOWN_STATUTES])
def test_known_is_a_keyword_where_the_grammar_reads_it(text: str) -> None:
    """`, if known` after a type and `known` after `is` / `is not` where a condition ends;
    `known` elsewhere (a name, a comment, quoted text) is not a keyword, in the lexer and the
    TextMate grammar alike."""
    expected = _grammar_known(text)
    assert _lexer_known(text) == expected
    assert _textmate_known(text) == expected


def test_the_words_of_known_take_the_keywords_token_types() -> None:
    assert any(KNOWN_STATUTES) and len(_grammar_known(KNOWN_WORDS)) == 9
    tokens = [(t, v) for t, v in _tokens("  the prior count is not known\n") if v.strip()]
    assert tokens[-3:] == [(Keyword, "is"), (Operator.Word, "not"), (Keyword, "known")]
    tokens = [(t, v) for t, v in _tokens("  the release time: money, if known\n") if v.strip()]
    assert tokens[-4:] == [(Keyword.Type, "money"), (Punctuation, ","), (Keyword, "if"),
                           (Keyword, "known")]
    assert (Name, "known") in _tokens("  the known risk: yes or no\n")
    scopes = {(word, scope) for word, scope in (s[1:] for s in _textmate_scopes(
        "  the x is yes if the y is not known\n"))}
    assert {("is", "keyword.other.law"), ("not", "keyword.operator.word.law"),
            ("known", "keyword.other.law")} <= scopes
