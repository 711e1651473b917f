"""A version diff of a law whose arithmetic fails for some cases (a division by a count that
may be 0) runs to the end: such a case is `cannot be decided`, never a traceback; and the HTML
report renders where Pygments (optional) is not installed."""

from __future__ import annotations

import shutil
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
