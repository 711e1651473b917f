"""Every detainer law on one table of shared cases, side by side.

All the laws read one vocabulary (statutes/common/detainers.law), so one set of facts can be put
to each of them. The table below is the expected outcome per law, as the statutes' readings
(docs/interpretations.md) decide it; each cell is checked through the reference interpreter and
through the generated module. Read a row across to see how the law changed: "pending felony
charge, no convictions" is honoured under 2011 and 2013 and declined under 2014.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from compiler import driver
from compiler.interpret import Interpreter

ROOT = Path(__file__).resolve().parents[1]

LAWS = ("nyc/before_local_law_62", "nyc/local_law_62_2011", "nyc/local_law_22_2013",
        "nyc/local_law_58_2014", "nyc/local_law_21_2013", "nyc/local_law_59_2014",
        "chicago/welcoming_city_2012", "dc/detainer_act_2012")
AGENCY = {"nyc/local_law_21_2013": "Police Department", "nyc/local_law_59_2014": "Police Department",
          "chicago/welcoming_city_2012": "other agency", "dc/detainer_act_2012": "other agency"}
H, D = "may be honored", "must be declined"


def conviction(code: str, klass: str, date: str, **more: object) -> dict[str, object]:
    facts: dict[str, object] = {
        "offence_code": code, "jurisdiction": "New York", "class": klass, "inchoate_form": "none",
        "judgment_date": date, "youthful_offender_adjudication": False,
        "conditional_discharge": False, "served_sentence_of_incarceration": False,
        "release_date": date, "current_custody_on_this_conviction": False,
        "new_york_equivalent_section": "", "authorised_sentence_over_a_year": klass == "felony",
        "dc_equivalent_offence": "", "penal_law_section": code.split("(")[0]}
    facts.update(more)
    return facts


def case(convictions: tuple[dict[str, object], ...] = (),
         charges: tuple[dict[str, object], ...] = (), *, judicial_warrant: bool = False,
         agreement: bool = False, **flags: bool) -> dict[str, object]:
    person: dict[str, object] = {
        "date_of_birth": "1980-01-01", "convictions": list(convictions),
        "pending_charges": list(charges), "outstanding_criminal_warrant": False,
        "known_gang_membership_in_a_law_enforcement_database": False,
        "gang_membership_on_own_admission": False,
        "possible_match_in_the_terrorist_screening_database": False,
        "prior_order_of_removal": False, "previous_removal_followed_by_illegal_re_entry": False}
    person.update(flags)
    return {"agency": "Department of Correction", "written_reimbursement_agreement": agreement,
            "request": {"request_date": "2015-06-15", "instant_arrest_date": "2015-06-15",
                        "written_ice_request": True,
                        "accompanying_judicial_warrant": judicial_warrant},
            "person": person}


ROBBERY = conviction("160.10", "felony", "2013-06-01")  # PL 160.10, on the 2014 list
#                                       before   2011  2013(DOC) 2014(DOC) 2013(NYPD) 2014(NYPD) Chicago DC
TABLE: dict[str, tuple[dict[str, object], tuple[str, ...]]] = {
    "no record at all": (case(), (H, D, D, D, D, D, D, D)),
    "pending felony charge, no convictions": (
        case(charges=({"offence_code": "160.10", "jurisdiction": "New York", "class": "felony",
                       "penal_law_section": "160.10"},)),
        (H, H, H, D, H, D, H, D)),
    "robbery conviction 2 years before, with a judicial warrant": (
        case((ROBBERY,), judicial_warrant=True), (H, H, H, H, H, H, H, D)),
    "robbery conviction 2 years before, no judicial warrant": (
        case((ROBBERY,)), (H, H, H, D, H, D, H, D)),
    "one misdemeanour 12 years before, never a felony": (
        case((conviction("155.25", "misdemeanor", "2003-01-10"),)), (H, H, D, D, D, D, D, D)),
    "an outstanding criminal warrant only": (
        case(outstanding_criminal_warrant=True), (H, H, H, D, H, D, H, D)),
    "DC murder 20 years before, with a reimbursement agreement": (
        case((conviction("DC murder", "felony", "1995-03-01", jurisdiction="District of Columbia",
                         penal_law_section="DC murder"),), agreement=True),
        (H, H, H, D, H, D, H, H)),
}


@pytest.fixture(scope="module")
def programs() -> dict[str, Any]:
    workspace = driver.Workspace()
    return {law: driver.load_program(workspace, ROOT / "statutes" / f"{law}.law") for law in LAWS}


def facts_for(law: str, facts: dict[str, object]) -> dict[str, object]:
    out = copy.deepcopy(facts)
    out["agency"] = AGENCY.get(law, out["agency"])
    return out


@pytest.mark.parametrize("name", TABLE)
def test_every_law_on_a_shared_case(name: str, programs: dict[str, Any],
                                    generated_package: Any) -> None:
    facts, expected = TABLE[name]
    got = {}
    for law in LAWS:  # every version decides the same case, whatever its period in force
        by_interpreter = Interpreter(programs[law]).decide(facts_for(law, facts),
                                                           ignore_in_force=True)["hold"]
        module = generated_package.module(programs[law])
        by_module = module.decide(facts_for(law, facts), ignore_in_force=True)["hold"]
        assert by_module == by_interpreter, (law, by_module, by_interpreter)
        got[law] = by_interpreter
    assert got == dict(zip(LAWS, expected)), "\n" + "\n".join(
        f"  {law:32} expected {want:18} got {got[law]}" for law, want in zip(LAWS, expected))
