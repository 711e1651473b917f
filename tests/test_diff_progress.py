"""The status line of `lawc diff` and `lawc report`: it advances at each step inside one diff
(the outcome pairs, each pair's regions, each region's case), on standard error only, and says
nothing with --quiet or when standard error is not a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import diff as cli_diff
from compiler.cli import main

OLD = '''law "Old"
  jurisdiction: Test
  summary: a small law

facts:
  a red light: yes or no
  a blue light: yes or no

decision the verdict: yes or no
  by default: no

§ 1 "Rule 1"
  the verdict is yes if there is a red light
'''
NEW = OLD.replace('law "Old"', 'law "New"').replace(
    "if there is a red light",
    "if all of the following:\n    - there is a red light\n    - there is no blue light")


@pytest.fixture
def laws(tmp_path: Path) -> list[str]:
    (tmp_path / "old.law").write_text(OLD)
    (tmp_path / "new.law").write_text(NEW)
    return [str(tmp_path / "old.law"), str(tmp_path / "new.law")]


def _run(laws: list[str], *flags: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["diff", *laws, "--no-cache", *flags])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_the_line_advances_inside_one_diff(laws: list[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_diff, "_is_terminal", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "300")
    out, err = _run(laws)
    frames = [f for f in err.split("\r\x1b[K") if f]
    steps = [f for f in frames if ": step " in f]
    assert len(steps) >= 3, err
    numbers = [int(f.split(": step ")[1].split(":")[0]) for f in steps]
    assert numbers == list(range(1, len(steps) + 1))  # one frame per step, in order
    assert any("which outcomes can change" in f for f in steps)
    assert any("no → yes: regions" in f or "yes → no: regions" in f for f in steps)
    assert any("a case of region" in f for f in steps)
    assert err.endswith("\r\x1b[K")  # the line is cleared at the end
    assert "\r" not in out and "step" not in out


def test_quiet_and_not_a_terminal_say_nothing(laws: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(laws)[1] == ""  # CliRunner's standard error is not a terminal
    monkeypatch.setattr(cli_diff, "_is_terminal", lambda stream: True)
    assert _run(laws, "--quiet")[1] == ""


def test_a_report_shows_the_comparisons_done(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(cli_diff, "_is_terminal", lambda s: True)
    monkeypatch.setenv("COLUMNS", "300")
    with cli_diff.StatusLine("lawc report", 4, False, stream) as status:
        status.start("a → b")
        status.finished()
        status.start("b → c")
        progress = status.progress()
        assert progress is not None
        progress("hold: no → yes: regions")
    frames = [f for f in stream.getvalue().split("\r\x1b[K") if f]
    assert frames[-1].startswith("lawc report [#####---------------] 1/4 b → c: step 1: ")
    assert cli_diff.StatusLine("lawc report", 4, True, stream).progress() is None
