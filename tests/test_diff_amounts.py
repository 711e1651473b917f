"""A version diff of decisions that compute amounts compares the amounts: a changed rate
(`$375` → `$400 for each unauthorized alien`) is a change, with a witness whose two amounts the
interpreter finds different; a changed written-out figure is a transition between its values;
the same law proves "no change". Before, such a decision was compared as a yes/no it does not
have, and a changed amount was proved unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main

LAW = """law "Rates"
  jurisdiction: Testing

facts:
  the alien count: a whole number from 0 to 20
  the violation date: a date

decision the penalty: money
  question: "What is the penalty?"

decision the rate: money
  question: "Which rate applies?"

§ 1 "Penalty"
  > $RATE for each alien
  the penalty is $RATE for each alien if the alien count is at least 1
  the penalty is $0 if the alien count is 0

§ 2 "Rate"
  > $100, or $FIGURE after 2020
  the rate is $100 if the violation date is before 2020-01-01
  the rate is $FIGURE if the violation date is on or after 2020-01-01
"""


def _diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: tuple[str, str],
          new: tuple[str, str]) -> dict[str, dict[str, object]]:
    folder = tmp_path / "statutes" / "t"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (rate, figure) in (("a", old), ("b", new)):
        (folder / f"{name}.law").write_text(LAW.replace("RATE", rate).replace("FIGURE", figure),
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--quiet", "--format", "json",
                                       "statutes/t/a.law", "statutes/t/b.law"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return {d["name"]: d for d in json.loads(result.output)["decisions"]}


def test_a_changed_rate_per_alien_is_a_change_of_amount(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decisions = _diff(tmp_path, monkeypatch, ("375", "200"), ("400", "200"))
    penalty = decisions["penalty"]
    assert penalty["identical"] is False
    changed = [t for t in penalty["transitions"] if t["changed"]]
    assert [(t["old"], t["new"]) for t in changed] == [("an amount", "a different amount")]
    witness = changed[0]["regions"][0]["witness"]["facts"]
    assert witness["alien_count"] >= 1  # 0 aliens cost $0 under both
    assert decisions["rate"]["identical"] is True


def test_a_changed_figure_is_a_transition_between_its_values(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rate = _diff(tmp_path, monkeypatch, ("375", "200"), ("375", "250"))["rate"]
    assert rate["identical"] is False
    changed = [(t["old"], t["new"]) for t in rate["transitions"] if t["changed"]]
    assert changed == [("200", "250")]


def test_the_same_amounts_are_proved_unchanged(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    decisions = _diff(tmp_path, monkeypatch, ("375", "200"), ("375", "200"))
    assert decisions["penalty"]["identical"] is True
    assert decisions["rate"]["identical"] is True
