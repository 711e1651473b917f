"""Hostile JSON and CSV text given to the command line (docs/reliability.md): a number of more
than 4,300 digits (Python's `int` refuses it with `ValueError`), arrays nested past the recursion
limit (`RecursionError`), a CSV cell longer than the csv module's 131,072 characters and a CSV
that is not UTF-8 are each the user's error, exit 1 with the file (or the row and the field)
named, never a traceback."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.population import read_population
from conftest import REPO, STATUTES, load

LAW_62 = STATUTES / "nyc" / "local_law_62_2011.law"
CASE = json.loads((REPO / "examples" / "case.json").read_text(encoding="utf-8"))
BIG = "1" * 5_000
DEEP = "[" * 100_000 + "]" * 100_000


def _facts_text(agency: str) -> str:
    return json.dumps(CASE).replace('"Department of Correction"', agency)


@pytest.mark.parametrize(("value", "reason"), [
    (BIG, "a number of more than 4,300 digits"),
    (DEEP, "arrays or objects nested too deeply"),
])
@pytest.mark.parametrize("command", ["evaluate", "explain"])
def test_facts_text_past_pythons_limits_is_a_user_error(tmp_path: Path, command: str,
                                                        value: str, reason: str) -> None:
    facts = tmp_path / "case.json"
    facts.write_text(_facts_text(value), encoding="utf-8")
    result = CliRunner().invoke(main, [command, str(LAW_62), "--facts", str(facts)])
    assert result.exit_code == 1, result.output
    assert f"error: {facts}: not JSON lawc reads: {reason}" in result.stderr
    assert "Traceback" not in result.output and "internal" not in result.output


def _csv(path: Path, cells: dict[str, str]) -> Path:
    rows = list(csv.reader((REPO / "examples" / "cases.csv").open(encoding="utf-8")))
    header, first = rows[0], rows[1]
    spoilt = [cells.get(name, cell) for name, cell in zip(header, first)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, first, spoilt, first])
    return path


def test_a_csv_cell_with_a_huge_number_fails_its_row_only(tmp_path: Path) -> None:
    table = _csv(tmp_path / "cases.csv", {"person.convictions": f"[{BIG}]"})
    result = CliRunner().invoke(main, ["evaluate", str(LAW_62), "--csv", str(table),
                                       "--format", "csv", "--ignore-in-force"])  # 2014, 2015
    assert result.exit_code == 1, result.output
    assert "error: row 3: person.convictions: expected a list of conviction records" \
        in result.stderr
    assert result.stdout.count("may be honored") + result.stdout.count("must") == 2
    assert "1 of 3 rows failed" in result.stderr and "Traceback" not in result.output


def test_a_csv_cell_past_the_field_limit_stops_the_reading_there(tmp_path: Path) -> None:
    table = _csv(tmp_path / "cases.csv", {"person.convictions": DEEP})
    result = CliRunner().invoke(main, ["evaluate", str(LAW_62), "--csv", str(table)])
    assert result.exit_code == 1, result.output
    assert "error: line 3 and after, not read: field larger than field limit" in result.stderr
    assert "Traceback" not in result.output


def test_a_csv_that_is_not_utf8_is_a_failure_not_a_traceback(tmp_path: Path) -> None:
    table = tmp_path / "cases.csv"
    table.write_bytes((REPO / "examples" / "cases.csv").read_bytes() + b"\xff\xfe\n")
    result = CliRunner().invoke(main, ["evaluate", str(LAW_62), "--csv", str(table)])
    assert result.exit_code == 1, result.output
    assert "error: not UTF-8 text" in result.stderr and "Traceback" not in result.output


def test_a_population_cell_past_pythons_limits_is_read_as_text(tmp_path: Path) -> None:
    """`lawc test --population` and `lawc diff --population` read cells so: the decision then
    refuses the text, naming the field, rather than the reader raising `ValueError`."""
    table = _csv(tmp_path / "cases.csv", {"person.convictions": f"[{BIG}]",
                                          "person.pending_charges": "[" * 5_000})
    rows = read_population(table, load(LAW_62))
    person = rows[1][1]["person"]
    assert isinstance(person, dict)
    assert person["convictions"] == f"[{BIG}]" and person["pending_charges"] == "[" * 5_000
