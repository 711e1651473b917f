"""Reported figures (`reported "…"`) checked by `lawc test --population FILE`: Local Law 22 of
2013 over the shipped population matches the Department of Correction's 331 of 904 declined
(July to September 2013) within its tolerance; a deliberately altered copy of the law does not;
a figure that cannot be right is a message at its place."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from compiler.cli import main

REPO = Path(__file__).resolve().parents[1]
POPULATION = REPO / "data" / "synthetic_detainer_requests_2013q3.csv"
LAW = "nyc/local_law_22_2013"


def _run(statutes: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["test", "--no-analysis", str(statutes / f"{LAW}.law"),
                                       "--population", str(POPULATION)])
    return result.exit_code, result.output


def _copy(tmp_path: Path) -> Path:
    statutes = tmp_path / "statutes"
    shutil.copytree(REPO / "statutes", statutes)
    return statutes


def test_the_shipped_population_matches_the_2013_figure() -> None:
    code, output = _run(REPO / "statutes")
    assert code == 0, output
    assert "ok: nyc/local_law_22_2013: reported figure" in output
    assert "for 331 of 904 (36.6%)" in output and "of 904 cases dated" in output


def test_an_altered_law_fails_the_figure(tmp_path: Path) -> None:
    statutes = _copy(tmp_path)
    law = statutes / f"{LAW}.law"
    text = law.read_text()
    assert "  by default: must be declined" in text
    # the default flipped: every request without a record is now honoured (examples fail too,
    # and the figure is still checked and reported)
    law.write_text(text.replace("  by default: must be declined", "  by default: may be honored"))
    code, output = _run(statutes)
    assert code == 1, output
    assert "NOT within 3.1 percentage points" in output, output


def test_a_figure_that_cannot_be_right_is_a_message(tmp_path: Path) -> None:
    statutes = _copy(tmp_path)
    examples = statutes / f"{LAW}.examples.law"
    examples.write_text(examples.read_text().replace("count: 331 of 904", "count: 905 of 904"))
    code, output = _run(statutes)
    assert code == 1
    assert "local_law_22_2013.examples.law:" in output and "count of at most" in output, output
