"""The README's tour can be followed literally: every command of its ```sh blocks runs, in a
temporary copy of the repository (a git repository with a `main` branch, the checkout's own
environment as `.venv`), and exits 0. The checkout itself is never written to.

The run itself is slow (`lawc report` over the whole timeline); the quick tests hold the runner
to what it must do: take every command line of the tour's sh blocks (and nothing outside the
tour), and fail, naming the command, when one of them exits non-zero."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

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


def run_tour(commands: list[str], root: Path) -> list[str]:
    """Run each command after the first (the activation) with `.venv` of root active, in
    order, in root; the first that exits non-zero stops the run, and is given back with its
    output (an empty list: every command ran)."""
    assert commands[0] == ACTIVATE
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    for command in commands[1:]:
        result = subprocess.run(["bash", "-c", f"{ACTIVATE} && {command}"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            return [command, result.stdout, result.stderr]
    return []


def _activate(root: Path) -> None:
    """The environment the tests run in, as root's `.venv`."""
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "activate").write_text(
        f'export PATH="{Path(sys.executable).parent}:$PATH"\n', encoding="utf-8")


FAKE_README = """# x

```sh
lawc outside-the-tour
```

## A five-minute tour

```sh
. .venv/bin/activate
```

```law
lawc not-a-command-but-law
```

```sh
lawc --version
# a comment line

lawc check statutes/absent.law   # a comment after a command
lawc --help
```

## After

```sh
lawc after-the-tour
```
"""


def test_every_sh_line_of_the_tour_and_no_other_is_a_command() -> None:
    assert tour_commands(FAKE_README) == [
        ACTIVATE, "lawc --version", "lawc check statutes/absent.law   # a comment after a command",
        "lawc --help"]


def test_the_real_tour_gives_every_line_of_its_sh_blocks() -> None:
    """Counted another way: the lines inside ```sh fences between the tour's heading and the
    next, read line by line."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = readme.split("\n")
    start = lines.index("## A five-minute tour")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    inside, counted = False, []
    for line in lines[start:end]:
        if line.startswith("```"):
            inside = line == "```sh" and not inside
            continue
        if inside and line.strip() and not line.startswith("#"):
            counted.append(line.strip())
    assert tour_commands(readme) == counted
    assert not any(c.endswith("\\") for c in counted), "a continued line would be split"


def test_a_tour_command_that_fails_fails_the_run(tmp_path: Path) -> None:
    _activate(tmp_path)
    (tmp_path / "statutes").mkdir()
    failed = run_tour(tour_commands(FAKE_README), tmp_path)
    assert failed and failed[0] == "lawc check statutes/absent.law   # a comment after a command"
    assert "cannot read statutes/absent.law" in failed[2]
    assert run_tour([ACTIVATE, "lawc --version"], tmp_path) == []


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
    _activate(root)
    git = ["git", "-c", "user.name=lawc", "-c", "user.email=lawc@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "the tour's copy"], cwd=root, check=True)
    return root


@pytest.mark.slow  # `lawc report` over the whole timeline takes minutes
def test_every_tour_command_runs(tmp_path: Path) -> None:
    commands = tour_commands((REPO / "README.md").read_text(encoding="utf-8"))
    root = _copy(tmp_path)
    written = ["git", "status", "--porcelain", "--untracked-files=all", "--", "generated",
               "report.html", "statutes"]  # what the tour's commands write, were it run here
    before = subprocess.run(written, cwd=REPO, check=True, capture_output=True, text=True).stdout
    failed = run_tour(commands, root)
    assert not failed, "\n".join(failed)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    assert "must be declined" in subprocess.run(
        ["bash", "-c", f"{ACTIVATE} && {commands[commands.index('lawc compile') + 1]}"],
        cwd=root, env=env, capture_output=True, text=True).stdout
    after = subprocess.run(written, cwd=REPO, check=True, capture_output=True, text=True).stdout
    assert after == before, "the tour wrote into the checkout"


EDITORS = re.compile(r"^## Editors and CI\n(.*?)(?=^## )", re.S | re.M)


def editors_and_ci_commands(readme: str) -> list[str]:
    """The command lines of the sh blocks of the README's "Editors and CI" section."""
    found = EDITORS.search(readme)
    assert found, "README.md has no '## Editors and CI' section"
    return [line.strip() for block in SH_BLOCK.findall(found.group(1))
            for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_editors_and_ci_section_has_its_commands() -> None:
    commands = editors_and_ci_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert "lawc check --strict" in commands and any(c.startswith("pytest statutes/ -n")
                                                     for c in commands)
    assert any("--fail-under" in c for c in commands)


@pytest.mark.slow  # every example of every statute, run five ways
def test_every_editors_and_ci_command_runs(tmp_path: Path) -> None:
    """`lawc check --strict`, the coverage gate at the README's threshold, the pytest plugin
    with -k, -x, --lf and -n, and the CI formats: each as the README writes it, on the shipped
    statutes, exits 0."""
    commands = editors_and_ci_commands((REPO / "README.md").read_text(encoding="utf-8"))
    root = _copy(tmp_path)
    failed = run_tour([ACTIVATE, *commands], root)
    assert not failed, "\n".join(failed)
    assert (root / "coverage" / "index.html").is_file() and (root / "lawc-test.xml").is_file()
    assert '"version": "2.1.0"' in (root / "lawc.sarif").read_text(encoding="utf-8")
