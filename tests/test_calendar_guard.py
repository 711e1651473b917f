"""A rule that can raise only by moving a date of the case out of the calendar is evaluated
ahead of the chain only for a date near the calendar's ends (`Invariants.calendar_guard`): the
generated module still raises the law's error where the reference interpreter does, even when
an earlier rule of the chain applies, and decides as the interpreter does elsewhere."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from compiler.interpret import Interpreter
from compiler.runtime import LawEvaluationError
from conftest import GeneratedPackage, load

LAW = Path(__file__).resolve().parents[1] / "statutes" / "nyc" / "local_law_59_2014.law"


def _facts(agency: str, arrest: str) -> dict[str, Any]:
    conviction = {"offence_code": "160.10", "penal_law_section": "160.10",
                  "jurisdiction": "New York", "class": "felony", "inchoate_form": "none",
                  "judgment_date": "0002-01-10", "release_date": "0002-01-10",
                  "new_york_equivalent_section": "", "youthful_offender_adjudication": False,
                  "served_sentence_of_incarceration": True,
                  "current_custody_on_this_conviction": False,
                  "authorised_sentence_over_a_year": True}
    return {"agency": agency,
            "request": {"request_date": max(arrest, "2015-06-15"), "instant_arrest_date": arrest,
                        "accompanying_judicial_warrant": True},
            "person": {"convictions": [conviction],
                       "possible_match_in_the_terrorist_screening_database": False,
                       "previous_removal_followed_by_illegal_re_entry": False}}


def _outcome(decide: Any, facts: dict[str, Any]) -> object:
    try:
        return decide(copy.deepcopy(facts), ignore_in_force=True)
    except LawEvaluationError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("agency", ["other agency", "Police Department"])
@pytest.mark.parametrize("arrest", ["0004-03-01", "0007-12-31", "0008-01-01", "2015-06-15",
                                    "9995-01-01"])
def test_the_guarded_rule_raises_where_the_interpreter_does(
        agency: str, arrest: str, generated_package: GeneratedPackage) -> None:
    program = load(LAW)
    module = generated_package.module(program)
    facts = _facts(agency, arrest)
    want = _outcome(Interpreter(program).decide, facts)
    assert _outcome(module.decide, facts) == want
    if arrest == "0004-03-01":  # 5 years before it is outside the calendar
        assert isinstance(want, tuple) and want[0] == "error", want


def test_the_guard_is_written_in_the_module() -> None:
    text = (Path(__file__).resolve().parents[1] / "generated" / "nyc" /
            "local_law_59_2014.py").read_text(encoding="utf-8")
    assert "if not 7 < case.request.instant_arrest_date.year < 9993:" in text
