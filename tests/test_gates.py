"""What `lawc check` and `lawc test` refuse: every path named is checked (a companion examples
file with its law), a folder with no statute is an error, and the gates (`--strict`, the
solver's analysis in `lawc test`) set the exit code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main
from conftest import STATUTES

LAW62 = "statutes/nyc/local_law_62_2011"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of statutes/ (never the checkout's own) as the working folder."""
    shutil.copytree(STATUTES, tmp_path / "statutes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _break_companion(tree: Path) -> None:
    with open(tree / f"{LAW62}.examples.law", "a", encoding="utf-8") as handle:
        handle.write('example "broken"\n  given: !!!\n')


@pytest.mark.parametrize("command", ["check", "test"])
def test_a_companion_named_alone_is_checked_with_its_law(tree: Path, command: str) -> None:
    _break_companion(tree)
    args = [command, f"{LAW62}.examples.law"] + (["--no-analysis"] if command == "check" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "local_law_62_2011.examples.law:" in result.stderr and "error[syntax]" in result.stderr
    assert "0 statutes" not in result.output


def test_a_sound_companion_runs_its_laws_examples(tree: Path) -> None:
    result = CliRunner().invoke(main, ["test", f"{LAW62}.examples.law"])
    assert result.exit_code == 0, result.output
    passed = int(result.stdout.split(" passed")[0].split()[-1])
    assert passed > 10


def test_a_law_and_its_companion_named_together_are_checked_once(tree: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--no-analysis", f"{LAW62}.law",
                                       f"{LAW62}.examples.law"])
    assert result.exit_code == 0 and "checked 1 statute: no errors" in result.stderr


@pytest.mark.parametrize("command", ["check", "test"])
def test_a_folder_without_a_statute_is_an_error(tree: Path, command: str) -> None:
    (tree / "empty").mkdir()
    (tree / "empty" / "notes.txt").write_text("not a law\n", encoding="utf-8")
    result = CliRunner().invoke(main, [command, "empty"])
    assert result.exit_code == 2, result.output
    assert "no .law files in empty" in result.stderr
    assert "0 statutes" not in result.output


TESTING = Path(__file__).parent / "data" / "statutes" / "testing"


def test_strict_fails_on_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    law = str(TESTING / "counting.law")
    plain = CliRunner().invoke(main, ["check", law])
    assert plain.exit_code == 0 and "warning[" in plain.stderr, plain.output
    strict = CliRunner().invoke(main, ["check", "--strict", law])
    assert strict.exit_code == 1 and "--strict: 1 warning" in strict.stderr


def test_strict_passes_a_law_without_warnings(tree: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--strict", "statutes/examples/tour.law"])
    assert result.exit_code == 0, result.output


def test_lawc_test_fails_on_a_conflict_the_solver_proves(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    law = str(TESTING / "benefit.law")
    result = CliRunner().invoke(main, ["test", law])
    assert result.exit_code == 1, result.output
    assert "error[conflict]" in result.stderr and "error[gap]" in result.stderr
    assert "1 law with conflicts or gaps" in result.stdout
    skipped = CliRunner().invoke(main, ["test", "--no-analysis", law])
    assert skipped.exit_code == 0 and "error[conflict]" not in skipped.stderr, skipped.output


def test_lawc_test_passes_a_sound_law(tree: Path) -> None:
    result = CliRunner().invoke(main, ["test", f"{LAW62}.law"])
    assert result.exit_code == 0 and "conflicts or gaps" not in result.stdout, result.output
