"""The parse cache of `lawc check` and `lawc explain` (compiler/parse_cache.py): a stored tree
reads back equal to the parsed one, spans and all, for every shipped statute and test law; a
second read of the same text does not parse; an entry that is damaged, for another key, or names
a class outside the surface AST is ignored and the text parsed again; a text with a syntax error
is never stored; and a warm `lawc check` imports neither Lark, z3 nor Jinja2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler import parse_cache
from compiler.diagnostics import DiagnosticError
from compiler.surface.parse import normalize_source, parse
from conftest import REPO, STATUTES, TEST_STATUTES, law_files


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAWC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LAWC_NO_CACHE", raising=False)
    return tmp_path / "parse"


class Parses:
    """`parse_cache.parse`, counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = parse_cache.parse

        def counted(text: str, name: str) -> object:
            self.count += 1
            return real(text, name)

        monkeypatch.setattr(parse_cache, "parse", counted)


def _text(file: Path) -> str:
    return normalize_source(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", law_files(STATUTES) + law_files(TEST_STATUTES),
                         ids=lambda f: str(f.relative_to(REPO)))
def test_a_stored_tree_is_the_parsed_tree_spans_and_all(file: Path) -> None:
    name = str(file.relative_to(REPO))
    tree = parse(_text(file), name)
    encoded = parse_cache.encode(tree, name)
    back = parse_cache.decode(json.loads(json.dumps(encoded)), name)
    assert back == tree
    assert parse_cache.encode(back, name) == encoded  # spans too (they never count for ==)


def test_the_second_read_of_a_text_does_not_parse(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    parses = Parses(monkeypatch)
    text = _text(STATUTES / "nyc/local_law_22_2013.law")
    first = parse_cache.parsed(text, "nyc/local_law_22_2013.law")
    second = parse_cache.parsed(text, "nyc/local_law_22_2013.law")
    assert parses.count == 1 and first == second
    assert len(list(folder.glob("*.json"))) == 1
    parse_cache.parsed(text, "elsewhere.law")  # another name: its spans differ, another key
    parse_cache.parsed(text + "\n", "nyc/local_law_22_2013.law")  # another text
    assert parses.count == 3
    monkeypatch.setenv("LAWC_NO_CACHE", "1")
    parse_cache.parsed(text, "nyc/local_law_22_2013.law")
    assert parses.count == 4


SPOILS = {
    "truncate": lambda raw: raw[: len(raw) // 2],
    "edit the body": lambda raw: raw.replace(b'"Persons not to be detained"', b'"Persons"'),
    "other key": lambda raw: raw.replace(b'"key": "', b'"key": "0', 1),
    "empty": lambda raw: b"",
}


@pytest.mark.parametrize("spoil", sorted(SPOILS))
def test_a_damaged_entry_is_ignored(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                    spoil: str) -> None:
    text = _text(STATUTES / "nyc/local_law_62_2011.law")
    tree = parse_cache.parsed(text, "law.law")
    (path,) = folder.glob("*.json")
    path.write_bytes(SPOILS[spoil](path.read_bytes()))
    parses = Parses(monkeypatch)
    assert parse_cache.parsed(text, "law.law") == tree
    assert parses.count == 1


@pytest.mark.parametrize("body", [["c", "Path", "/etc"], ["c", "File"], ["x", 1], [],
                                  ["e", "File", "LAW"], 1.5])
def test_an_entry_naming_anything_but_the_surface_ast_is_ignored(
        folder: Path, monkeypatch: pytest.MonkeyPatch, body: object) -> None:
    text = _text(STATUTES / "nyc/local_law_62_2011.law")
    entry_key = parse_cache.key(text, "law.law")
    parse_cache.write_entry(entry_key, body)  # with a checksum that holds
    parses = Parses(monkeypatch)
    assert parse_cache.parsed(text, "law.law") == parse(text, "law.law")
    assert parses.count == 1


def test_a_text_with_a_syntax_error_is_never_stored(folder: Path) -> None:
    with pytest.raises(DiagnosticError):
        parse_cache.parsed('law "L"\n  jurisdiction: X\n\ndecision the hold\n', "bad.law")
    assert not folder.exists() or not list(folder.glob("*.json"))


def test_a_warm_check_imports_neither_lark_nor_z3_nor_jinja2(tmp_path: Path) -> None:
    program = ("import sys\nfrom compiler.cli import main\nsys.argv = ['lawc', 'check', "
               "'statutes/nyc']\ntry:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
               "print(code, sorted({m.split('.')[0] for m in sys.modules} & "
               "{'lark', 'z3', 'jinja2'}))\n")
    env = {**os.environ, "LAWC_CACHE_DIR": str(tmp_path)}
    env.pop("LAWC_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", program], cwd=REPO, env=env, text=True,
                           capture_output=True, check=False) for _ in range(2)]
    assert runs[0].stdout.split("\n")[0].startswith("0 "), runs[0].stderr[-2000:]
    assert "'lark'" in runs[0].stdout and "'z3'" in runs[0].stdout  # cold: parsed, solved
    assert runs[1].stdout.strip() == "0 []", runs[1].stderr[-2000:]
    assert runs[1].stderr.splitlines()[-1] == runs[0].stderr.splitlines()[-1]
