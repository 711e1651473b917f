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
from pygments.token import Comment, Error, Keyword, Name, String

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
    tour = "".join((ROOT / "statutes" / "examples" / name).read_text(encoding="utf-8")
                   for name in ("tour.law", "tour_vocabulary.law"))
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
