"""`lawc diff --population` gives, for a decision that computes an amount, each version's total
and mean over the rows both versions decide, and the change (`decisions[].totals`), the same
figures the reference interpreter gives row by row, in JSON, text and Markdown. Before, a
population only counted rows per outcome."""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from compiler.core.facts import parse_facts
from compiler.interpret import Interpreter

TEMPLATE = Path(__file__).parent / "data" / "statutes" / "testing" / "fines.law.template"
OLD = {"FIRST": "275", "SECOND": "2,000", "FEE": "100"}
NEW = {"FIRST": "300", "SECOND": "2,500", "FEE": "90"}
ROWS = [{"alien_count": (7 * k) % 21, "prior_order_count": k % 4,
         "violation_date": ["2019-06-30", "2020-01-01", "2023-05-17"][k % 3]} for k in range(30)]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    root = tmp_path_factory.mktemp("totals")
    folder = root / "statutes" / "t"
    folder.mkdir(parents=True)
    files = []
    for name, values in (("a", OLD), ("b", NEW)):
        text = TEMPLATE.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        (folder / f"{name}.law").write_text(text, encoding="utf-8")
        files.append(folder / f"{name}.law")
    population = root / "cases.csv"
    with population.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    return files, population


def _diff(setup: tuple[list[Path], Path], fmt: str) -> str:
    files, population = setup
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", "--format", fmt,
                                       "--population", str(population), *map(str, files)])
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_totals_and_means_are_the_interpreters(setup: tuple[list[Path], Path]) -> None:
    files, _ = setup
    diff = json.loads(_diff(setup, "json"))
    programs = [driver.load_program(driver.Workspace(), f) for f in files]
    for name in ("fine", "fee"):
        values = [[Interpreter(p).evaluate(name, parse_facts(p, row)) for row in ROWS]
                  for p in programs]
        old, new = (sum(v, Decimal(0)) for v in values)
        totals = next(d for d in diff["decisions"] if d["name"] == name)["totals"]
        assert totals["rows"] == len(ROWS)
        assert Decimal(totals["old_total"]) == old
        assert Decimal(totals["new_total"]) == new
        assert Decimal(totals["change_total"]) == new - old
        cent = Decimal("0.01")
        assert Decimal(totals["new_mean"]) == (new / len(ROWS)).quantize(
            cent, rounding=ROUND_HALF_EVEN)
        assert Decimal(totals["change_mean"]) == ((new - old) / len(ROWS)).quantize(
            cent, rounding=ROUND_HALF_EVEN)
    rate = next(d for d in diff["decisions"] if d["name"] == "first rate")
    assert "totals" in rate  # a written-out amount has totals too


def test_the_text_and_markdown_show_the_totals(setup: tuple[list[Path], Path]) -> None:
    text = _diff(setup, "text")
    assert "Over the population: total $" in text and "over 30 rows" in text
    markdown = _diff(setup, "markdown")
    assert "| total |" in markdown and "| mean |" in markdown
    assert "Over the 30 " in markdown


@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_golden_amounts(setup: tuple[list[Path], Path], golden: Any, fmt: str, suffix: str,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The diff of two versions that change amounts (a dated rate per alien, a rate for prior
    orders, a fee), over a population: ranges of the change, totals and means."""
    files, population = setup
    monkeypatch.chdir(population.parent)
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", "--format", fmt,
                                       "--population", population.name,
                                       *(str(f.relative_to(population.parent)) for f in files)])
    assert result.exit_code in (0, 1), result.output
    golden(f"diff/fines_amounts.{suffix}", result.output)


def test_the_shipped_penalty_population_is_its_generators_output() -> None:
    """data/synthetic_penalty_cases.csv is what `generate_penalty_cases.py` writes with its
    defaults (seeded), and every row meets the law's assumption (assessed on or after the
    violation)."""
    import importlib.util

    data = Path(__file__).resolve().parents[1] / "data"
    spec = importlib.util.spec_from_file_location("generate_penalty_cases",
                                                  data / "generate_penalty_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with (data / "synthetic_penalty_cases.csv").open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(handle))
    drawn = module.rows(400, 1986)
    assert shipped == [{k: str(v) for k, v in row.items()} for row in drawn]
    assert all(row["assessment_date"] >= row["violation_date"] for row in shipped)
