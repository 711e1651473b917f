"""The CI files lawc offers: `.pre-commit-hooks.yaml` and `examples/ci/lawc.yml`.

Each lawc command line in them is parsed by lawc's own click commands (without running it), so
an option renamed or removed breaks this test rather than a drafter's CI.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import click
import yaml

from compiler.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _parses(command_line: str) -> None:
    """Parse `lawc …` with lawc's commands; raise click's error if an option is unknown."""
    words = shlex.split(command_line.split(">")[0].split("||")[0])
    assert words[0] == "lawc", command_line
    with main.make_context("lawc", words[1:] or ["--help"]) as ctx:
        command = main.get_command(ctx, words[1])
        assert command is not None, command_line
        command.make_context(words[1], words[2:], parent=ctx)


def test_pre_commit_hooks_run_lawc_fmt_and_check() -> None:
    hooks: list[dict[str, Any]] = yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"lawc-fmt", "lawc-check"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["files"] == r"\.law$"
        _parses(hook["entry"] + (" statutes/x.law" if hook.get("pass_filenames", True) else ""))
    assert by_id["lawc-check"]["pass_filenames"] is False


def test_the_workflow_checks_tests_and_posts_the_diff() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "lawc.yml").read_text(
        encoding="utf-8"))
    steps = workflow["jobs"]["statutes"]["steps"]
    runs = [line.strip() for step in steps for line in step.get("run", "").splitlines()]
    commands = [line for line in runs if line.startswith("lawc ")]
    for line in commands:
        _parses(line)
    assert any(c.startswith("lawc check --message-format github") for c in commands)
    assert any("--junit-xml" in c for c in commands if c.startswith("lawc test"))
    assert "lawc diff --since origin/main --format markdown" in commands
    assert any(line.startswith("gh pr comment") for line in runs)
    assert workflow["permissions"]["pull-requests"] == "write"


def test_a_wrong_option_is_caught() -> None:
    """The tests above can fail: an option lawc does not have is an error."""
    try:
        _parses("lawc check --message-format teletype")
    except click.UsageError:
        return
    raise AssertionError("an unknown choice parsed")
