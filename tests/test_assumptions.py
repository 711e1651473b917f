"""Assumptions about facts (`assume … / because: …`): read, checked by `decide()` (the
interpreter, the generated module, `lawc evaluate`, `lawc test`'s examples) naming the facts,
and held by the analysis (a gap only outside them is no gap; regions and brute force agree on
the cases that meet them)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.analysis.diff import VersionDiff, diff_programs
from compiler.analysis.diff_result import to_json_data
from compiler.cli import main
from compiler.core.assumptions import applicable
from compiler.interpret import Interpreter
from compiler.runtime import FactsError

REPO = Path(__file__).resolve().parents[1]
STATUTES = REPO / "statutes"

CASE: dict[str, Any] = {
    "agency": "Department of Correction", "written_reimbursement_agreement": False,
    "request": {"request_date": "2013-08-01", "instant_arrest_date": "2013-07-20",
                "written_ice_request": True, "accompanying_judicial_warrant": False},
    "person": {"date_of_birth": "1980-01-01", "convictions": [], "pending_charges": [],
               "outstanding_criminal_warrant": False,
               "known_gang_membership_in_a_law_enforcement_database": False,
               "gang_membership_on_own_admission": False,
               "possible_match_in_the_terrorist_screening_database": False,
               "prior_order_of_removal": False,
               "previous_removal_followed_by_illegal_re_entry": False}}


def _broken() -> dict[str, Any]:
    case = json.loads(json.dumps(CASE))
    case["request"]["instant_arrest_date"] = "2014-01-01"  # after the request
    return case


def _load(path: Path) -> Any:
    return driver.load_program(driver.Workspace(), path)


def test_the_interpreter_and_the_generated_module_reject_a_broken_case(
        generated_package: Any) -> None:
    program = _load(STATUTES / "nyc" / "local_law_22_2013.law")
    module = generated_package.module(program)
    for decide in (Interpreter(program).decide, module.decide):
        assert set(decide(CASE)) == {"hold"}
        with pytest.raises(FactsError) as info:
            decide(_broken())
        assert type(info.value) is FactsError  # the one runtime's class, for both
        assert "request.instant_arrest_date, request.request_date" in str(info.value)
        assert "because the request asks to prolong" in str(info.value)


def test_an_assumption_about_facts_a_law_does_not_read_is_not_checked() -> None:
    program = _load(STATUTES / "nyc" / "local_law_62_2011.law")
    assert program.assumptions and not applicable(program)
    # LL 62 of 2011 reads the request date (it is dated by it), not the instant arrest date
    Interpreter(program).decide(_broken(), ignore_in_force=True)


@pytest.mark.parametrize("statute", ["statutes/nyc/local_law_22_2013.law",
                                     "generated.nyc.local_law_22_2013"])
def test_lawc_evaluate_names_the_facts(tmp_path: Path, statute: str,
                                      generated_package: Any) -> None:
    # the module name is imported from the tests' generated package (on sys.path first)
    generated_package.add(_load(STATUTES / "nyc" / "local_law_22_2013.law"))
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps(_broken()))
    result = CliRunner().invoke(main, ["evaluate", statute, "--facts", str(facts)])
    assert result.exit_code == 1, result.output
    assert "request.instant_arrest_date, request.request_date" in result.output
    assert "Traceback" not in result.output


LAW = """law "Small"
  summary: a small law

a request has:
  a request date: a date
  an arrest date: a date

facts:
  the request: a request
  a red light: yes or no
  a blue light: yes or no

decision the verdict: one of pass, fail, hold
{default}
§ 1 "Arrest first"
  the verdict is pass if the request's arrest date is {first} the request's request date
{rules}
{assume}
"""
ASSUME_DATES = """assume the request's arrest date is on or before the request's request date
  because: an arrest comes before the request it led to
"""


def _small(tmp: Path, name: str, *, rules: str = "", assume: str = ASSUME_DATES,
           default: str = "", first: str = "on or before") -> Path:
    path = tmp / f"{name}.law"
    path.write_text(LAW.format(rules=rules, assume=assume, default=default, first=first))
    return path


def test_a_gap_outside_the_assumptions_is_no_gap(tmp_path: Path) -> None:
    with_it = _small(tmp_path, "assumed")
    without = _small(tmp_path, "unassumed", assume="")
    assert CliRunner().invoke(main, ["check", str(with_it)]).exit_code == 0
    result = CliRunner().invoke(main, ["check", str(without)])
    assert result.exit_code == 1 and "gap" in result.output, result.output


def test_a_mistake_in_an_assumption_points_at_it(tmp_path: Path) -> None:
    bad = _small(tmp_path, "bad", assume="assume the request's arrest date\n  because: x\n")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert "bad.law:" in result.output and "in the assumption" in result.output, result.output


def test_an_example_that_breaks_an_assumption_fails(tmp_path: Path) -> None:
    law = _small(tmp_path, "examples_law", default="  by default: hold")
    law.write_text(law.read_text() + """
example "arrest after the request"
  given:
    the request's request date is 2013-01-01
    the request's arrest date is 2014-01-01
  expect: the verdict is hold
""")
    result = CliRunner().invoke(main, ["test", str(law)])
    assert result.exit_code == 1 and "break an assumption" in result.output, result.output


FLAG_ASSUMPTION = """assume not (there is a red light and there is a blue light)
  because: the two lights are one lamp
"""
RULE_SETS = [  # the first differs only on cases the assumption rules out
    ("  the verdict is fail if there is a red light and there is a blue light\n",
     "  the verdict is hold if there is a red light and there is a blue light\n"),
    ("  the verdict is hold if there is a red light or there is a blue light\n",
     "  the verdict is hold if there is a red light and there is no blue light\n"),
    ("  the verdict is fail if there is a red light\n",
     "  the verdict is fail if there is a blue light\n"),
]


@pytest.mark.parametrize("old_rules,new_rules", RULE_SETS)
def test_regions_agree_with_brute_force_under_assumptions(tmp_path: Path, old_rules: str,
                                                          new_rules: str) -> None:
    assume = FLAG_ASSUMPTION + "\n" + ASSUME_DATES
    a, b = (_load(_small(tmp_path, name, rules='§ 2 "Lights"\n' + rules, assume=assume,
                         default="  by default: pass", first="after"))
            for name, rules in (("old", old_rules), ("new", new_rules)))
    verdict = to_json_data(diff_programs(a, b, samples=10))["decisions"][0]
    engines = VersionDiff(a, b, samples=10)
    reached: set[tuple[str, str]] = set()
    for red, blue, arrest in itertools.product([False, True], [False, True],
                                               ["2013-01-01", "2014-01-01"]):
        facts = {"red_light": red, "blue_light": blue,
                 "request": {"request_date": "2013-06-01", "arrest_date": arrest}}
        if (red and blue) or arrest > "2013-06-01":
            continue  # a case that cannot exist (the diff reads both lights: both hold)
        reached.add(engines.rerun("verdict", facts))
    assert {(t["old"], t["new"]) for t in verdict["transitions"]} == reached
    assert verdict["identical"] == all(old == new for old, new in reached)
    for t in verdict["transitions"]:
        for region in t.get("regions") or ():
            witness = region["witness"]["facts"]
            Interpreter(a).decide(witness)  # meets every assumption
            assert engines.rerun("verdict", witness) == (t["old"], t["new"])


def test_assumptions_and_figures_print_back_to_the_same_tree() -> None:
    from compiler.surface import print as surface_print
    from compiler.surface.parse import parse

    for path in (STATUTES / "common" / "detainers.law",
                 STATUTES / "nyc" / "local_law_22_2013.examples.law"):
        tree = parse(path.read_text(), str(path))
        again = parse(surface_print.file(tree), str(path))
        new = [item for item in tree.items if type(item).__name__ in ("Assumption", "Reported")]
        assert new, path
        assert surface_print.file(tree) == surface_print.file(again)  # a fixed point
        assert [type(i).__name__ for i in tree.items] == [type(i).__name__ for i in again.items]


def test_the_schema_lists_the_assumptions_decide_checks(generated_package: Any) -> None:
    """A JSON Schema states each fact, not how facts relate: the schema names the assumptions
    (`x-lawc-assumptions`), and a case it accepts that breaks one is the one thing decide()
    refuses beyond it."""
    program = _load(STATUTES / "nyc" / "local_law_22_2013.law")
    module = generated_package.module(program)
    facts = module.SCHEMA["facts"]
    listed = facts["x-lawc-assumptions"]
    assert {"facts": ["request.instant_arrest_date", "request.request_date"],
            "assumes": "the request's instant arrest date is on or before the request's "
                       "request date",
            "because": "the request asks to prolong the custody that the instant arrest "
                       "began"} in listed
    jsonschema.Draft202012Validator(facts).validate(_broken())
    with pytest.raises(Exception) as info:
        module.decide(_broken())
    assert all(path in str(info.value) for path in listed[0]["facts"])
