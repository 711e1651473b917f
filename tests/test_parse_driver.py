"""The fast parser (`compiler.surface.lalr`) gives exactly what Lark gives.

Valid text is parsed by our own loop over Lark's tables; text it rejects goes to Lark, whose
exception the syntax error is made from. So the two must agree on every input: the same AST
with the same spans (spans do not count in `==`, so they are compared here one by one), or
both reject. Inputs: every `.law` file in the repository (statutes, the error corpus, the
analysis corpus, test data), printed random trees of every construct, and seeded mutations
of every statute.
"""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from compiler.diagnostics import DiagnosticError
from compiler.surface import ast as s
from compiler.surface import parse as parse_module
from compiler.surface import print as surface_print
from compiler.surface.lalr import FAILED, Driver
from compiler.surface.to_ast import KEPT, TO_AST

from fuzz import ast_strategies, harness

REPO = Path(__file__).resolve().parents[1]
LAW_FILES = sorted(p.relative_to(REPO).as_posix() for p in REPO.rglob("*.law")
                   if not any(part.startswith(".") for part in p.relative_to(REPO).parts))


def _fast(text: str) -> object:
    driver = parse_module.fast_parser()
    assert driver is not None
    with parse_module._PARSE_LOCK:
        TO_AST.begin("f.law")
        return driver.parse(parse_module.normalize_source(text))


def _lark(text: str) -> object:
    """Lark's own parse, or the code of the diagnostic it leads to."""
    try:
        return parse_module._parse(parse_module.normalize_source(text), "f.law", fast=False)
    except DiagnosticError as exc:
        return ("rejected", exc.diagnostics[0].code)


def _with_spans(node: object) -> object:
    """The tree as nested tuples, spans included."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__,) + tuple(
            (f.name, _with_spans(getattr(node, f.name))) for f in dataclasses.fields(node))
    if isinstance(node, tuple):
        return tuple(_with_spans(x) for x in node)
    return node


def assert_same(text: str) -> bool:
    """The two parsers agree on `text`; gives whether it was valid."""
    fast, lark = _fast(text), _lark(text)
    if fast is FAILED:
        assert isinstance(lark, tuple) and lark[0] == "rejected", (
            "the fast parser rejected text Lark accepts:\n" + text)
        return False
    assert not isinstance(lark, tuple), f"Lark rejected ({lark[1]}) what the fast parser read"
    assert fast == lark
    assert _with_spans(fast) == _with_spans(lark)
    return True


def test_the_driver_is_built_from_lark() -> None:
    assert isinstance(parse_module.fast_parser(), Driver)


@pytest.mark.parametrize("rel", LAW_FILES)
def test_every_law_file_parses_the_same(rel: str) -> None:
    text = (REPO / rel).read_text(encoding="utf-8", errors="replace")
    valid = assert_same(text)
    if rel.startswith("statutes/"):
        assert valid, "a shipped statute must parse"


def test_the_statutes_are_read_by_the_fast_parser() -> None:
    """No silent fallback: every shipped statute goes through the fast loop."""
    for rel in LAW_FILES:
        if rel.startswith("statutes/"):
            assert _fast((REPO / rel).read_text(encoding="utf-8")) is not FAILED, rel


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=ast_strategies.files())
def test_random_trees_parse_the_same(tree: s.File) -> None:
    assert assert_same(surface_print.file(tree))


@pytest.mark.parametrize("seed", range(4))
def test_mutations_parse_the_same(seed: int) -> None:
    rng = random.Random(seed)
    statutes = [p for p in LAW_FILES if p.startswith("statutes/")]
    valid = 0
    for rel in statutes:
        data, _ = harness.mutate((REPO / rel).read_bytes(), rng)
        valid += assert_same(data.decode("utf-8", errors="replace"))
    assert valid < len(statutes)  # the mutations did reach the fallback


@pytest.mark.parametrize("text, kind, where", [
    # a rule ends at its last word, not on the next line
    ('law "L"\n  jurisdiction: X\n\n§ 1\n  the d is yes if there is a flag\n\n§ 2\n', "Rule",
     (5, 3, 5, 34)),
    # the parentheses belong to what holds them: `not (…)` ends at the `)`
    ('law "L"\n  jurisdiction: X\n\n§ 1\n  the d is yes if not (alpha or beta) and gamma\n',
     "Not", (5, 19, 5, 38)),
])
def test_spans(text: str, kind: str, where: tuple[int, int, int, int]) -> None:
    found = [n for n in _nodes(parse_module.parse(text, "f.law")) if type(n).__name__ == kind]
    span = found[0].span
    assert (span.line, span.column, span.end_line, span.end_column) == where


def _nodes(node: object) -> list[object]:
    out: list[object] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if dataclasses.is_dataclass(n) and not isinstance(n, type):
            out.append(n)
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "span")
        elif isinstance(n, tuple):
            stack.extend(n)
    return out


def test_kept_terminals_are_the_grammars_named_terminals() -> None:
    """The AST builders keep the grammar's named terminals and drop keywords and layout."""
    grammar = parse_module.grammar_text()
    named = set(re.findall(r"^([A-Z][A-Z0-9_]*)(?:\.\d+)?:", grammar, re.MULTILINE))
    assert named - {"COMMENT"} == set(KEPT)


def test_deep_nesting_does_not_recurse() -> None:
    depth = sys.getrecursionlimit() + 100
    text = ('law "L"\n  jurisdiction: X\n\n§ 1\n  the d is yes if '
            + "not " * depth + "a flag\n")
    tree = parse_module.parse(text, "f.law")
    assert isinstance(tree, s.File)


# ------------------------------------------------------------- a Lark release laid out otherwise
STATUTES = [rel for rel in LAW_FILES if rel.startswith("statutes/")]


def _parse_every_statute() -> list[object]:
    return [parse_module.parse((REPO / rel).read_text(encoding="utf-8"), rel)
            for rel in STATUTES]


def _fresh_lark() -> object:
    """A `Lark` parser of the grammar built for this test only (its attributes can be taken
    away without touching the one the process shares)."""
    return parse_module.parser.__wrapped__()


# (object path from the Lark parser, attribute): every private object the fast loop reads
_PRIVATE = [((), "parser"), (("parser",), "lexer"), (("parser", "lexer"), "postlexer"),
            (("parser", "lexer"), "lexer"), (("parser",), "parser"),
            (("parser", "parser"), "parser"), (("parser", "parser", "parser"), "parse_table"),
            (("parser", "parser", "parser"), "callbacks"),
            (("parser", "lexer", "lexer"), "lexers")]


@pytest.mark.parametrize(("owner", "name"), _PRIVATE,
                         ids=[".".join(o + (n,)) for o, n in _PRIVATE])
def test_a_missing_private_object_means_no_fast_loop(
        monkeypatch: pytest.MonkeyPatch, owner: tuple[str, ...], name: str) -> None:
    lark = _fresh_lark()
    node = lark
    for step in owner:
        node = getattr(node, step)
    monkeypatch.delattr(node, name)
    assert Driver.build(lark) is None  # type: ignore[arg-type]


def test_a_lexer_laid_out_otherwise_means_no_fast_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled expressions of each state's lexer (`Scanner._mres`) are read when the loop is
    built, for every state: a Lark without them gives no loop, never an error mid-parse."""
    from lark.lexer import Scanner

    lark = _fresh_lark()
    real_init = Scanner.__init__

    def without_mres(self: Scanner, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)
        self.__dict__["patterns"] = self.__dict__.pop("_mres")

    monkeypatch.setattr(Scanner, "__init__", without_mres)
    assert Driver.build(lark) is None  # type: ignore[arg-type]


def test_a_lark_without_token_future_new_still_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Token._future_new` gone (with a `Token` constructor that does not need it): the fast loop
    makes its tokens through `Token(...)`, and every statute parses to the same AST."""
    from lark import Token

    expected = _parse_every_statute()
    plain = Token._future_new.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Token, "__new__", staticmethod(plain))
    monkeypatch.delattr(Token, "_future_new")
    driver = Driver.build(_fresh_lark())  # type: ignore[arg-type]
    assert driver is not None and driver.new is Token
    monkeypatch.setattr(parse_module, "fast_parser", lambda: driver)
    assert _parse_every_statute() == expected
    assert _fast((REPO / STATUTES[0]).read_text(encoding="utf-8")) is not FAILED


def test_a_failure_inside_the_loop_falls_back_to_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong at parse time in the loop (here: making a token raises, as a Lark
    release whose objects behave otherwise might), Lark parses the text: the same AST, never an
    internal error."""
    expected = _parse_every_statute()
    driver = Driver.build(_fresh_lark())  # type: ignore[arg-type]
    assert driver is not None

    def broken(*args: object) -> object:
        raise AttributeError("type object 'Token' has no attribute '_future_new'")

    driver.new = broken
    monkeypatch.setattr(parse_module, "fast_parser", lambda: driver)
    assert _parse_every_statute() == expected
    with pytest.raises(DiagnosticError):  # and a syntax error is still one
        parse_module.parse('law "L"\n  jurisdiction: X\n\n§ 1\n  the d is yes if if\n', "f.law")
