"""A percentage is shown as the law writes it: `7.5%`, not the decimal `0.075`, in the
computation an explanation prints and in the English of a rule."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from compiler.core.english import English, percent_words
from compiler.explain.build import Explainer
from conftest import load

LAW = Path(__file__).parent / "data" / "statutes" / "testing" / "computing.law"
FACTS = {"violation_count": 0, "prior_order_count": 0, "worker_count": 0, "income": "20000",
         "release_date": "2015-03-31", "conviction_date": "2004-02-29", "share": "1"}


def test_a_percentage_is_written_as_one() -> None:
    assert [percent_words(Decimal(v)) for v in ["0.075", "0.01", "0.015", "1", "0.00125"]] == [
        "7.5%", "1%", "1.5%", "100%", "0.125%"]


def test_the_computation_shows_the_percentage_as_written() -> None:
    program = load(LAW)
    built = Explainer(program).explain("levy", FACTS)
    assert built.computation is not None
    assert built.computation.startswith("$20,000 × 7.5% ($1,500), rounded to the nearest cent"), (
        built.computation)
    assert "0.075" not in built.computation


def test_the_english_of_a_rule_writes_the_percentage() -> None:
    program = load(LAW)
    rule = next(r for r in program.decisions["levy"].rules if r.citation == "§ 2(a)")
    assert English(program).noun(rule.value) == (
        "the income times 7.5%, rounded to the nearest cent, half even")
