"""`lawc diff --since REF` fit for a pull request: a title naming the refs and commits, the
one-line summary first, repository-relative paths, GitHub's comment size, and
`--fail-on-change`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.reports.diff import COMMENT_LIMIT, fit

REPO = Path(__file__).resolve().parents[1]
NYC = REPO / "statutes" / "nyc"


def _repo(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "repo"
    (repo / "statutes" / "common").mkdir(parents=True)
    (repo / "statutes" / "nyc").mkdir()
    shutil.copy(REPO / "statutes" / "common" / "detainers.law", repo / "statutes" / "common")
    (repo / "statutes" / "nyc" / "law.law").write_text((NYC / "local_law_22_2013.law").read_text())
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "v1"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=repo, check=True, capture_output=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.strip()
    return repo, head


def test_since_markdown_is_titled_summarised_and_relative(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    repo, head = _repo(tmp_path)
    law = repo / "statutes" / "nyc" / "law.law"
    law.write_text(law.read_text().replace("    - the person has a prior order of removal", ""))
    monkeypatch.chdir(repo)
    args = ["diff", "--since", "HEAD", "--samples", "30", "--list-bound", "1",
            "--format", "markdown"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"## lawc diff: `HEAD` ({head[:12]}) → working tree (HEAD {head[:12]})"
    assert lines[2].startswith("- `statutes/nyc/law.law`: Local Law 22 of 2013 decides the hold")
    assert str(tmp_path) not in result.output
    assert len(result.output) <= COMMENT_LIMIT
    failing = CliRunner().invoke(main, [*args, "--fail-on-change"])
    assert failing.exit_code == 1 and failing.output == result.output


def test_fail_on_change_passes_when_nothing_changes() -> None:
    law = str(NYC / "local_law_22_2013.law")
    result = CliRunner().invoke(main, ["diff", law, law, "--samples", "20", "--list-bound", "1",
                                       "--fail-on-change"])
    assert result.exit_code == 0, result.output


def test_a_long_comment_is_cut_with_a_note() -> None:
    text = "## title\n\n<details><summary>x</summary>\n\n```diff\n" + "+ line\n" * 20000
    cut = fit(text, COMMENT_LIMIT, "main")
    assert len(cut) <= COMMENT_LIMIT
    assert "**Truncated**" in cut and "lawc diff --since main --format json" in cut
    assert cut.count("```") % 2 == 0 and cut.count("<details>") == cut.count("</details>")
    assert fit("short", COMMENT_LIMIT, "main") == "short"


def test_the_progress_bar_shows_only_on_a_terminal_and_not_when_quiet(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from compiler.cli import diff as cli_diff

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    items = [("a", "b"), ("b", "c")]

    def shown(quiet: bool) -> None:
        with cli_diff.StatusLine("lawc report", len(items), quiet) as status:
            for a, b in items:
                status.start(f"{a} → {b}")
                status.step("hold: which outcomes can change")
                status.finished()

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    shown(quiet=False)
    assert sys.stderr.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    shown(quiet=True)
    assert terminal.getvalue() == ""
    shown(quiet=False)
    assert "lawc report" in terminal.getvalue()
