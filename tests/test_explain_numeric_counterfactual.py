"""Counterfactuals for numeric outcomes, on 8 U.S.C. § 1324a(e)(4): `--why-not` on an amount
finds the smallest change of facts that makes another rule decide (another tier), and `--until
CONDITION` the smallest change that moves the amount past a threshold written in the law's
words; each answer is re-run through the reference interpreter (and the generated module), and
a mistake in the condition is the language's diagnostic, pointing at the option's words.
Before, an amount had no counterfactual ("not searched") and there was no `--until`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from compiler.cli import main
from compiler.core.facts import parse_facts
from compiler.interpret import Interpreter
from conftest import load

LAW = Path("statutes/us/penalties_1324a.law").resolve()
EXAMPLE = "first order, 3 aliens, violations after 2015-11-02, assessed 2025-03-01"


def _explain(*extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["explain", "us/penalties_1324a", "--example", EXAMPLE,
                                       "--format", "json", *extra])
    return result.exit_code, result.output


def _counterfactuals(output: str) -> list[dict[str, Any]]:
    explanation = json.loads(output)  # one decision: one object
    return explanation["counterfactuals"]  # type: ignore[no-any-return]


def _minimum(facts: dict[str, object]) -> Decimal:
    program = load(LAW)
    value = Interpreter(program).evaluate("minimum penalty", parse_facts(program, facts))
    assert isinstance(value, Decimal)
    return value


def test_another_tier_is_the_smallest_change_that_makes_another_rule_decide() -> None:
    code, output = _explain("--decision", "minimum penalty", "--why-not")
    assert code == 0, output
    found = _counterfactuals(output)
    by = {cf["decided_by"][0]: cf for cf in found}
    # § 85.5: the same case assessed by DOJ, whose 2025 table is not yet in force (I-US-41)
    assert set(by) == {"§ 1324a(e)(4)(A)(ii)", "§ 1324a(e)(4)(A)(iii)", "§ 85.5"}
    doj = min((cf for cf in found if cf["decided_by"][0] == "§ 85.5"),
              key=lambda cf: len(cf["changes"]))
    assert [(ch["path"], ch["to"]) for ch in doj["changes"]] == [("assessing_department", "DOJ")]
    assert _minimum(doj["facts"]) == Decimal(698) * 3  # DOJ's 2024 table until 2025-07-04
    second = by["§ 1324a(e)(4)(A)(ii)"]
    assert [(ch["path"], ch["to"]) for ch in second["changes"]] == [("prior_order_count", "1")]
    assert _minimum(second["facts"]) == Decimal(5724) * 3  # re-run: the 2025 table, 3 aliens
    assert second["outcome"] == "$17,172"
    program = load(LAW)
    for cf in found:  # each re-run: the rule it names decides
        rule = Interpreter(program).outcome("minimum penalty",
                                            parse_facts(program, cf["facts"])).rule
        assert rule is not None and rule.citation == cf["decided_by"][0]


def test_until_a_threshold_finds_the_nearest_amount_past_it() -> None:
    code, output = _explain("--until", "the minimum penalty is at least $5,000")
    assert code == 0, output
    found = _counterfactuals(output)
    assert found
    for cf in found:
        assert _minimum(cf["facts"]) >= 5000  # re-run through the interpreter
        assert len(cf["changes"]) == 1  # one fact changed is enough: the fewest
        assert cf["text"].endswith(", so that the minimum penalty is at least $5,000.")
    aliens = [cf for cf in found if cf["changes"][0]["path"] == "unauthorized_alien_count"]
    assert aliens, [cf["text"] for cf in found]
    assert aliens[0]["changes"][0]["to"] == "7"  # $716 × 7 = $5,012; × 6 = $4,296 is short
    assert aliens[0]["changes"][0]["direction"] == "or more"
    six = dict(aliens[0]["facts"], unauthorized_alien_count=6)
    assert _minimum(six) < 5000


def test_a_mistake_in_the_condition_points_at_its_words() -> None:
    result = CliRunner().invoke(main, ["explain", "us/penalties_1324a", "--example", EXAMPLE,
                                       "--until", "the minimum penalty is at lest $5,000"])
    assert result.exit_code == 1
    assert "--until:1:27" in result.output
    assert "the minimum penalty is at lest $5,000" in result.output
    assert "^^^^" in result.output
    result = CliRunner().invoke(main, ["explain", "us/penalties_1324a", "--example", EXAMPLE,
                                       "--until", "the minimum penalti is at least $5,000"])
    assert result.exit_code == 1
    assert 'did you mean "minimum penalty"?' in result.output
    assert "Traceback" not in result.output
