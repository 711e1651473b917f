"""The timeline checks of `lawc check`: each folder under tests/errors/timeline/ holds the
versions of one section, with the diagnostics they must produce written beside the header line
they point at (`-- error: [code]`, as in tests/errors/), and `lawc check` on the folder gives
exactly those at file:line:col with a caret, never a traceback. The shipped statutes pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from compiler.diagnostics import CODES
from test_errors import expected_diagnostics

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(p for p in (ROOT / "tests/errors/timeline").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _from_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_expected_codes_on_expected_lines(case: Path) -> None:
    files = sorted(case.glob("*.law"))
    expected = sorted((f.relative_to(ROOT).as_posix(), line, code) for f in files
                      for line, code in expected_diagnostics(f.read_text(encoding="utf-8")))
    assert expected and all(code in CODES for _, _, code in expected)
    workspace = driver.Workspace()
    programs = [driver.load_program(workspace, f.relative_to(ROOT)) for f in files]
    found = sorted((d.span.file, d.span.line, d.code)
                   for d in driver.timeline_problems(workspace, programs))
    assert found == expected
    result = CliRunner().invoke(main, ["check", "--no-analysis", case.relative_to(ROOT).as_posix()])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for file, line, code in expected:
        assert f"error[{code}]" in result.output and f"--> {file}:{line}:3" in result.output
    assert "^^^" in result.output


def test_the_shipped_timelines_have_no_problem() -> None:
    workspace = driver.Workspace()
    programs = [driver.load_program(workspace, f.relative_to(ROOT))
                for f in sorted((ROOT / "statutes").rglob("*.law"))
                if not f.name.endswith(".examples.law")]
    assert driver.timeline_problems(workspace, programs) == []
