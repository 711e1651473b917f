"""NYC Local Law 22 of 2013, `decide(facts)` written by hand over the JSON-like facts.

The baseline of `bench_decision.py`'s decide() ratio: what a programmer writes to decide the
hold straight from the dicts `decide()` takes, converting what it reads (ISO dates to
`datetime.date`: the request's two dates first, as every case has them, a judgment date when
its conviction is looked at) and validating nothing: a missing key is a KeyError, a wrong type
whatever Python makes of it. The logic is the twin's (`nyc_local_law_22_2013.py`), in the same
order, returning as soon as the answer is known; it gives `decide()`'s result, a dict.
"""

from __future__ import annotations

import datetime
from typing import Any

from handwritten._dates import years_before

EXCLUDED_SECTIONS = frozenset(("230.00", "240.37"))
CRIMES = frozenset(("felony", "misdemeanor"))
HONORED: dict[str, object] = {"hold": "may be honored"}
DECLINED: dict[str, object] = {"hold": "must be declined"}
_date = datetime.date.fromisoformat


def decide(facts: dict[str, Any]) -> dict[str, object]:
    """{'hold': …} for the facts of one case."""
    request = facts["request"]
    request_date = _date(request["request_date"])
    instant_arrest_date = _date(request["instant_arrest_date"])
    if facts["agency"] != "Department of Correction":
        return dict(HONORED)
    person = facts["person"]
    convictions = person["convictions"]
    if convictions:
        counted = [c for c in convictions
                   if not c["youthful_offender_adjudication"]
                   and _date(c["judgment_date"]) <= request_date]
        felony_history = any(c["class"] == "felony" for c in counted)
        look_back = years_before(instant_arrest_date, 10)
        for c in counted:
            if (c["class"] in CRIMES
                    and not (c["jurisdiction"] == "New York"
                             and c["penal_law_section"] in EXCLUDED_SECTIONS)
                    and (c["class"] == "felony" or felony_history
                         or _date(c["judgment_date"]) >= look_back)):
                return dict(HONORED)
    for charge in person["pending_charges"]:
        if charge["class"] in CRIMES and not (charge["jurisdiction"] == "New York"
                                              and charge["penal_law_section"]
                                              in EXCLUDED_SECTIONS):
            return dict(HONORED)
    if (person["outstanding_criminal_warrant"]
            or person["known_gang_membership_in_a_law_enforcement_database"]
            or person["possible_match_in_the_terrorist_screening_database"]
            or person["prior_order_of_removal"]):
        return dict(HONORED)
    return dict(DECLINED)
