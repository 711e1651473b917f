"""A version diff of a law whose arithmetic fails for some cases (a division by a count that
may be 0) runs to the end: such a case is `cannot be decided`, never a traceback, and is its
own transition with its share (`cannot be decided → low`), so that the shares add up to all
cases (before, those cases were dropped and the transitions summed to 74%); and the HTML
report renders where Pygments (optional) is not installed."""

from __future__ import annotations

import shutil
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main

BENEFIT = Path(__file__).parent / "data" / "statutes" / "testing" / "benefit.law"


def test_a_diff_over_cases_that_divide_by_zero(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "statutes" / "t"
    folder.mkdir(parents=True)
    shutil.copy(BENEFIT, folder / "a.law")
    text = BENEFIT.read_text(encoding="utf-8")
    assert "a whole number from 0 to 3" in text  # the dependants count, a divisor
    (folder / "b.law").write_text(text.replace("a whole number from 0 to 3",
                                               "a whole number from 0 to 4"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet",
                                       "statutes/t/a.law", "statutes/t/b.law"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Decision: the share" in result.output


def _json_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
               ) -> dict[str, object]:
    folder = tmp_path / "statutes" / "t"
    folder.mkdir(parents=True)
    (folder / "a.law").write_text(old, encoding="utf-8")
    (folder / "b.law").write_text(new, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", "--format", "json",
                                       "statutes/t/a.law", "statutes/t/b.law"])
    assert result.exit_code in (0, 1), result.output
    diff = json.loads(result.output)
    return next(d for d in diff["decisions"] if d["name"] == "share")  # type: ignore[no-any-return]


def test_cases_that_cannot_be_decided_are_a_transition_and_the_shares_add_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BENEFIT.read_text(encoding="utf-8")
    share = _json_diff(tmp_path, monkeypatch, text, text.replace(
        "a whole number from 0 to 3", "a whole number from 0 to 4"))
    transitions = {(t["old"], t["new"]): t for t in share["transitions"]}
    assert ("cannot be decided", "cannot be decided") in transitions
    assert abs(sum(t["share"]["value"] for t in share["transitions"]) - 1) < 1e-9
    cover = {c["outcome"]: c for c in share["coverage"]}
    assert cover["cannot be decided"]["old"]["value"] > 0.1  # dependants count 0: a quarter


def test_a_version_that_decides_what_the_older_could_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BENEFIT.read_text(encoding="utf-8")
    rule = "the share is high if the budget per person divided by"
    assert rule in text
    guarded = text.replace(rule, "the share is high if the applicant's dependants count is at "
                                 "least 1 and the budget per person divided by")
    share = _json_diff(tmp_path, monkeypatch, text, guarded)
    changed = [t for t in share["transitions"] if t["changed"]]
    assert [(t["old"], t["new"]) for t in changed] == [("cannot be decided", "low")]
    witness = changed[0]["regions"][0]["witness"]["facts"]
    assert witness["applicant"]["dependants_count"] == 0
    assert abs(sum(t["share"]["value"] for t in share["transitions"]) - 1) < 1e-9


def test_the_html_report_renders_without_pygments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pygments is optional (`pip install .` has none): the side-by-side rules are then plain,
    escaped text, and the page renders."""
    import sys

    import compiler
    from compiler.reports import diff as reports_diff

    monkeypatch.setitem(sys.modules, "compiler.highlight", None)
    monkeypatch.setitem(sys.modules, "pygments", None)
    monkeypatch.delattr(compiler, "highlight", raising=False)
    assert reports_diff.law_line("the hold is <b> if x") == "the hold is &lt;b&gt; if x"
    assert reports_diff._law_css() == ""
