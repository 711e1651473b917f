"""The README's tour can be followed literally: every command of its ```sh blocks runs, in a
temporary copy of the repository (a git repository with a `main` branch, the checkout's own
environment as `.venv`), and exits 0. The checkout itself is never written to."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow  # `lawc report` over the whole timeline takes minutes

TOUR = re.compile(r"^## A five-minute tour\n(.*?)(?=^## )", re.S | re.M)
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
ACTIVATE = ". .venv/bin/activate"


def tour_commands(readme: str) -> list[str]:
    """The commands of the tour's sh blocks, one a line, in order."""
    found = TOUR.search(readme)
    assert found, "README.md has no '## A five-minute tour' section"
    return [line.strip() for block in SH_BLOCK.findall(found.group(1))
            for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_tour_has_commands_and_no_placeholders() -> None:
    commands = tour_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert commands[0] == ACTIVATE and len(commands) > 8
    assert not any("{...}" in c or "..." in c.split("#")[0] for c in commands)
    for command in commands:
        for name in re.findall(r"(?<![\w/])examples/[\w.]+", command):
            assert (REPO / name).is_file(), f"{name} is not shipped"


def _copy(tmp: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], cwd=REPO, check=True,
                           capture_output=True).stdout.decode().split("\0")
    root = tmp / "lawc"
    for name in filter(None, files):
        source = REPO / name
        if source.is_file() and not name.startswith(".venv/"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    bin_dir = root / ".venv" / "bin"  # the environment the tests run in, as the tour's .venv
    bin_dir.mkdir(parents=True)
    (bin_dir / "activate").write_text(
        f'export PATH="{Path(sys.executable).parent}:$PATH"\n', encoding="utf-8")
    git = ["git", "-c", "user.name=lawc", "-c", "user.email=lawc@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "the tour's copy"], cwd=root, check=True)
    return root


def test_every_tour_command_runs(tmp_path: Path) -> None:
    commands = tour_commands((REPO / "README.md").read_text(encoding="utf-8"))
    root = _copy(tmp_path)
    written = ["git", "status", "--porcelain", "--untracked-files=all", "--", "generated",
               "report.html", "statutes"]  # what the tour's commands write, were it run here
    before = subprocess.run(written, cwd=REPO, check=True, capture_output=True, text=True).stdout
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    for command in commands[1:]:
        result = subprocess.run(["bash", "-c", f"{ACTIVATE} && {command}"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "must be declined" in subprocess.run(
        ["bash", "-c", f"{ACTIVATE} && {commands[commands.index('lawc compile') + 1]}"],
        cwd=root, env=env, capture_output=True, text=True).stdout
    after = subprocess.run(written, cwd=REPO, check=True, capture_output=True, text=True).stdout
    assert after == before, "the tour wrote into the checkout"
