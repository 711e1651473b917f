"""Small wordings: the conflict hint within one provision, "an owner", `lawc list`'s yes/no and
dates, the values a missing choice could take, and an example in every command's `--help`."""

from __future__ import annotations

import enum
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver, runtime
from compiler.cli import _Group, main
from compiler.core.names import article
from conftest import REPO

SAME_PROVISION = '''law "Same provision"
  jurisdiction: Nowhere

facts:
  a flag: yes or no

decision the answer: yes or no

§ 1
  the answer is yes if there is a flag
  the answer is no if there is a flag
  the answer is no unless there is a flag
'''

OWNER = '''law "Owner"
  jurisdiction: Nowhere

an owner has:
  an age: a whole number

facts:
  the owner: an owner

decision the answer: yes or no
  by default: no

§ 1
  the answer is yes if the owner's agee is at least 18
'''


def _write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "statutes" / "testing"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.law").write_text(text, encoding="utf-8")
    return folder / f"{name}.law"


def test_a_conflict_within_one_provision_is_not_told_to_cite_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    file = _write(tmp_path, "same", SAME_PROVISION)
    analysis = driver.analyse(driver.check(driver.Workspace(), file), 3)
    hints = [d.hint for d in analysis.diagnostics if d.code == "conflict"]
    assert hints and all(h is not None and "both rules are in § 1: merge them" in h
                         for h in hints)
    assert not any(h is not None and "notwithstanding § 1" in h for h in hints)


@pytest.mark.parametrize(("word", "want"), [("owner", "an"), ("person", "a"), ("union", "a"),
                                            ("user", "a"), ("hour", "an"), ("one-off", "a"),
                                            ("example", "an"), ("agency", "an")])
def test_article_by_sound(word: str, want: str) -> None:
    assert article(word) == want


def test_an_owner_in_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    file = _write(tmp_path, "owner", OWNER)
    result = CliRunner().invoke(main, ["check", "--no-analysis", str(file)])
    assert result.exit_code == 1
    assert "an owner has no" in result.stderr and "a owner" not in result.stderr


def test_list_says_yes_no_and_an_unstated_date(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    undated = _write(tmp_path, "owner", OWNER.replace("agee", "age"))
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["list", "statutes/examples/tour.law", str(undated)])
    assert result.exit_code == 0, result.output
    assert "decides hardship finding: yes, no" in result.stdout
    assert "True" not in result.stdout and "?" not in result.stdout
    assert "in force from a date not stated" in result.stdout


def test_a_missing_choice_lists_its_values() -> None:
    class Colour(enum.Enum):
        RED = "red"
        DARK_BLUE = "dark blue"

    with pytest.raises(runtime.FactsError, match="missing \\(one of 'red', 'dark blue'\\)"):
        runtime.get_enum({}, "colour", "", Colour)


@pytest.mark.parametrize("command", sorted(_Group.COMMANDS))
def test_every_command_has_an_example_in_its_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"lawc {command}" in result.stdout.split("Example")[1] \
        or command == "lsp" and '"lawc", "lsp"' in result.stdout


def help_examples(command: str) -> list[str]:
    """The `lawc …` command lines of a command's `--help` examples (continued lines joined)."""
    text = CliRunner().invoke(main, [command, "--help"]).stdout
    block = text.split("Example", 1)[1].split("\nOptions:")[0]
    lines = block.replace("\\\n", " ").split("\n")
    return [line.strip() for line in lines if line.strip().startswith("lawc ")]


@pytest.mark.parametrize("command", sorted(_Group.COMMANDS))
def test_every_help_example_is_a_command_lawc_accepts(command: str) -> None:
    """Each example line parses with lawc's own options (an option renamed breaks this, not a
    reader who copies it), runs the command it is the help of, and names shipped paths."""
    import shlex

    examples = help_examples(command)
    assert examples, command
    for line in examples:
        words = shlex.split(line)
        assert words[:2] == ["lawc", command], line
        with main.make_context("lawc", words[1:]) as ctx:
            sub = main.get_command(ctx, command)
            assert sub is not None
            sub.make_context(command, words[2:], parent=ctx)
        for word in words:
            if word.startswith(("statutes/", "examples/", "data/")):
                assert (REPO / word).exists(), f"{line}: {word} is not shipped"


def test_a_wrong_help_example_is_caught() -> None:
    import click

    with pytest.raises(click.UsageError):
        with main.make_context("lawc", ["check", "--strictly"]) as ctx:
            sub = main.get_command(ctx, "check")
            assert sub is not None
            sub.make_context("check", ["--strictly"], parent=ctx)
