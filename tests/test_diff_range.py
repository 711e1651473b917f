"""The range of a change of amount in `lawc diff` (`analysis/diff_range.py`) is exact: over a
small domain, the least and greatest new − old (and, for a rate times a count, the least and
greatest change per counted thing) that the diff reports are the ones a brute force over every
case finds with the reference interpreter. Before, a region said only "an amount → a different
amount"."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from decimal import Decimal
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
DATES = ["1900-01-01", "2019-12-31", "2020-01-01", "2100-12-31"]  # every piece of the date


def _write(folder: Path, name: str, values: dict[str, str]) -> Path:
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(key, value)
    path = folder / f"{name}.law"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    root = tmp_path_factory.mktemp("range")
    folder = root / "statutes" / "t"
    folder.mkdir(parents=True)
    a, b = _write(folder, "a", OLD), _write(folder, "b", NEW)
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", "--format", "json",
                                       str(a), str(b)])
    assert result.exit_code in (0, 1), result.output
    return a, b, json.loads(result.output)


def _brute(a: Path, b: Path, name: str, where: Callable[[dict[str, object]], bool]
           = lambda facts: True) -> tuple[list[Decimal], list[Decimal]]:
    """Every new − old where the amounts differ (among the cases `where` keeps), and every
    change per alien (where there are some)."""
    programs = [driver.load_program(driver.Workspace(), p) for p in (a, b)]
    interpreters = [Interpreter(p) for p in programs]
    changes, per = [], []
    for count, prior, day in itertools.product(range(21), range(4), DATES):
        facts: dict[str, object] = {"alien_count": count, "prior_order_count": prior,
                                    "violation_date": day}
        if not where(facts):
            continue
        old, new = (i.evaluate(name, parse_facts(p, facts))
                    for i, p in zip(interpreters, programs))
        if old != new:
            changes.append(new - old)
            if count:
                per.append((new - old) / count)
    return changes, per


def _regions(diff: dict[str, object], name: str) -> list[dict[str, Any]]:
    decision = next(d for d in diff["decisions"] if d["name"] == name)  # type: ignore[index]
    return [g for t in decision["transitions"] if t["changed"] for g in t["regions"]]


def _region_change(diff: dict[str, object], name: str) -> dict[str, object]:
    regions = _regions(diff, name)
    assert len(regions) == 1, regions
    change = regions[0]["change"]
    assert isinstance(change, dict)
    return change


def test_the_range_of_a_rate_times_a_count_is_exact_in_each_tier(
        versions: tuple[Path, Path, dict[str, object]]) -> None:
    """The fine's change is split by the rule that decides (no prior order, prior orders),
    each region with the range a brute force over its cases finds."""
    a, b, diff = versions
    regions = {g["conditions"][0]: g["change"] for g in _regions(diff, "fine")}
    assert set(regions) == {"the prior order count is 0", "the prior order count is at least 1"}
    for condition, keep in (("the prior order count is 0",
                             lambda f: f["prior_order_count"] == 0),
                            ("the prior order count is at least 1",
                             lambda f: f["prior_order_count"] >= 1)):
        change = regions[condition]
        changes, per = _brute(a, b, "fine", keep)
        assert Decimal(change["least"]) == min(changes)
        assert Decimal(change["greatest"]) == max(changes)
        assert change["per"] == "alien"
        assert Decimal(change["per_least"]) == min(per)
        assert Decimal(change["per_greatest"]) == max(per)
    assert regions["the prior order count is at least 1"]["words"] == \
        "rises by $500 to $10,000 ($500 more per alien)"
    assert regions["the prior order count is 0"]["words"] == \
        "rises by $25 to $500 ($25 more per alien)"


def test_the_range_of_any_other_amount_is_exact(
        versions: tuple[Path, Path, dict[str, object]]) -> None:
    a, b, diff = versions
    change = _region_change(diff, "fee")
    changes, _ = _brute(a, b, "fee")
    assert Decimal(change["least"]) == min(changes)
    assert Decimal(change["greatest"]) == max(changes)
    assert change["words"] == "falls by $10"
    assert "per" not in change


def test_the_text_says_the_range(versions: tuple[Path, Path, dict[str, object]]) -> None:
    a, b, _ = versions
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", str(a), str(b)])
    assert "the fine rises by $500 to $10,000 ($500 more per alien)" in result.output
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", "--format", "markdown",
                                       str(a), str(b)])
    assert "The fine rises by $25 to $500 ($25 more per alien)." in result.output

