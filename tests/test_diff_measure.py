"""The exact share (the footnote's uniform measure) among the cases that meet the laws'
assumptions: on a small law of three lights and a colour, with two assumptions, every share of
the diff equals the count of the cases that can exist, divided by their number, by brute force."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from compiler import driver
from compiler.analysis.diff import VersionDiff, diff_programs
from compiler.analysis.diff_result import to_json_data
from compiler.core.facts import FactsError, parse_facts
from compiler.interpret import Interpreter

HEAD = '''law "{title}"
  jurisdiction: Test
  summary: a small law

facts:
  a red light: yes or no
  a blue light: yes or no
  a green light: yes or no
  the colour: one of amber, violet, teal

decision the verdict: one of pass, fail, hold
  by default: pass

{rules}
{assume}'''
ASSUME = '''assume not (there is a red light and there is a blue light)
  because: the two lights are one lamp

assume not (there is a green light and the colour is teal)
  because: a green lamp cannot shine teal
'''
OLD = '''§ 1 "Red"
  the verdict is fail if there is a red light

§ 2 "Teal"
  the verdict is hold if all of the following:
    - the colour is teal
    - there is no red light
    - there is no green light
    - there is no blue light
'''
NEW = '''§ 1 "Red or blue"
  the verdict is fail if there is a red light or there is a blue light

§ 2 "Green"
  the verdict is hold if all of the following:
    - there is a green light
    - the colour is not violet
    - there is no red light
    - there is no blue light
'''


def _load(root: Path, name: str, rules: str, assume: str) -> object:
    path = root / f"{name}.law"
    path.write_text(HEAD.format(title=name, rules=rules, assume=assume))
    return driver.load_program(driver.Workspace(), path)


def _cases() -> list[dict[str, object]]:
    return [{"red_light": r, "blue_light": b, "green_light": g, "colour": colour}
            for r, b, g in itertools.product([False, True], repeat=3)
            for colour in ("amber", "violet", "teal")]


@pytest.mark.parametrize("assume", [ASSUME, ""], ids=["assumed", "unassumed"])
def test_exact_shares_count_only_cases_that_can_exist(tmp_path: Path, assume: str) -> None:
    a, b = _load(tmp_path, "old", OLD, assume), _load(tmp_path, "new", NEW, assume)
    result = diff_programs(a, b, samples=10)  # type: ignore[arg-type]
    verdict = to_json_data(result)["decisions"][0]
    assert verdict["measure"]["method"] == "exact"
    assert ("assumptions" in verdict["measure"]["how"]) == bool(assume)
    engines = VersionDiff(a, b, samples=10)  # type: ignore[arg-type]
    counts: dict[tuple[str, str], int] = {}
    for facts in _cases():
        try:  # as decide() checks them, under each version
            for program in (a, b):
                Interpreter(program).check_assumptions(  # type: ignore[arg-type]
                    parse_facts(program, facts))  # type: ignore[arg-type]
        except FactsError:
            continue  # breaks an assumption: in neither the numerator nor the denominator
        key = engines.rerun("verdict", facts)
        counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values())
    assert total == (24 - 6 - 4 + 1 if assume else 24)  # red and blue: 6; green and teal: 4
    assert {(t["old"], t["new"]) for t in verdict["transitions"]} == set(counts)
    for t in verdict["transitions"]:
        assert t["share"]["value"] == pytest.approx(counts[(t["old"], t["new"])] / total)
        for region in t.get("regions") or ():
            assert 0 < region["share"]["value"] <= t["share"]["value"] + 1e-12
    for entry in verdict["coverage"]:
        old = sum(n for (x, _), n in counts.items() if x == entry["outcome"])
        new = sum(n for (_, y), n in counts.items() if y == entry["outcome"])
        assert entry["old"]["value"] == pytest.approx(old / total)
        assert entry["new"]["value"] == pytest.approx(new / total)


PERIOD = '''law "{title}"
  jurisdiction: Test
  summary: a small law
  in force from: {start}

a request has:
  a request date: a date

facts:
  the request: a request
  a red light: yes or no

decision the verdict: yes or no
  by default: no

§ 1 "Early"
  the verdict is yes if the request's request date is before 2013-01-01{more}
'''


def test_a_period_that_bounds_a_measured_date_makes_the_share_an_estimate(
        tmp_path: Path) -> None:
    """The diff's regions lie in the newer version's in-force period; an exact measure that
    cut the request date only at the rules' constants would count days outside it."""
    methods = []
    for start in ("2014-06-01", ""):
        header = PERIOD if start else PERIOD.replace("  in force from: {start}\n", "")
        for name, more in (("old", ""), ("new", " and there is a red light")):
            (tmp_path / f"{name}.law").write_text(header.format(title=name, start=start,
                                                                more=more))
        a, b = (driver.load_program(driver.Workspace(), tmp_path / f"{n}.law")
                for n in ("old", "new"))
        methods.append(to_json_data(diff_programs(a, b, samples=10))
                       ["decisions"][0]["measure"]["method"])
    assert methods == ["estimate", "exact"]
