"""The analysis cache of `lawc check` (compiler/analysis_cache.py): a stored analysis is read
back as it was; an entry that is corrupt, edited, or for another key is ignored and the analysis
runs again; a changed law, list bound or undecided check is never served from the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler import analysis_cache as cache
from compiler.analysis.check import Analysis
from compiler.diagnostics import Label, error, warning
from compiler.span import Span
from conftest import STATUTES, load

SPAN = Span("statutes/nyc/local_law_62_2011.law", 3, 1, 3, 9)


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAWC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LAWC_NO_CACHE", raising=False)
    return tmp_path / "analysis"


class Runs:
    def __init__(self, analysis: Analysis) -> None:
        self.analysis, self.count = analysis, 0

    def __call__(self) -> Analysis:
        self.count += 1
        return self.analysis


ANALYSIS = Analysis((error("conflict", "two rules meet", SPAN, hint="an exception",
                           labels=(Label(SPAN, "here"),), notes=("a note",)),), "1 conflict")


def test_a_stored_analysis_is_read_back_the_same(folder: Path) -> None:
    program = load(STATUTES / "nyc/local_law_62_2011.law")
    runs = Runs(ANALYSIS)
    first = cache.analysed(program, 3, 60.0, runs)
    second = cache.analysed(program, 3, 60.0, runs)
    assert runs.count == 1
    assert (first.diagnostics, first.summary) == (second.diagnostics, second.summary) == \
        (ANALYSIS.diagnostics, ANALYSIS.summary)
    cache.analysed(program, 2, 60.0, runs)  # another list bound: another key
    assert runs.count == 2


@pytest.mark.parametrize("spoil", ["truncate", "edit summary", "other key", "bad span", "empty"])
def test_a_corrupt_entry_is_ignored(folder: Path, spoil: str) -> None:
    program = load(STATUTES / "nyc/local_law_62_2011.law")
    runs = Runs(ANALYSIS)
    cache.analysed(program, 3, 60.0, runs)
    (path,) = folder.glob("*.json")
    text = path.read_text(encoding="utf-8")
    entry = json.loads(text)
    if spoil == "truncate":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif spoil == "edit summary":  # an error hidden by hand, without the checksum
        entry["body"]["diagnostics"] = []
        entry["body"]["summary"] = "complete and consistent"
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif spoil == "other key":
        entry["key"] = entry["body"]["key"] = "0" * 64
        entry["checksum"] = cache._checksum(entry["body"])
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif spoil == "bad span":
        entry["body"]["diagnostics"][0]["span"] = ["f", "one", 1, 1, 1]
        entry["checksum"] = cache._checksum(entry["body"])
        path.write_text(json.dumps(entry), encoding="utf-8")
    else:
        path.write_text("", encoding="utf-8")
    again = cache.analysed(program, 3, 60.0, runs)
    assert runs.count == 2  # ran again, not trusted
    assert again is ANALYSIS  # from the analysis, not the spoilt entry


def test_an_undecided_analysis_is_not_stored(folder: Path) -> None:
    program = load(STATUTES / "nyc/local_law_62_2011.law")
    runs = Runs(Analysis((warning("undecided", "not decided in time", SPAN),), "undecided"))
    cache.analysed(program, 3, 60.0, runs)
    cache.analysed(program, 3, 60.0, runs)
    assert runs.count == 2
    assert not list(folder.glob("*.json"))


def test_an_analysis_whose_summary_says_undecided_is_not_stored(folder: Path) -> None:
    program = load(STATUTES / "nyc/local_law_62_2011.law")
    runs = Runs(Analysis((), "1 decision: 2 checks could not be decided"))
    cache.analysed(program, 3, 60.0, runs)
    cache.analysed(program, 3, 60.0, runs)
    assert runs.count == 2


def test_a_changed_law_is_a_new_key() -> None:
    program = load(STATUTES / "nyc/local_law_62_2011.law")
    other = load(STATUTES / "nyc/local_law_22_2013.law")
    assert cache.key(program, 3, 60.0) == cache.key(load(STATUTES / "nyc/local_law_62_2011.law"),
                                                    3, 60.0)
    assert cache.key(program, 3, 60.0) != cache.key(other, 3, 60.0)
    assert cache.key(program, 3, 60.0) != cache.key(program, 3, 30.0)
