"""NYC Local Law 62 of 2011, `decide(facts)` written by hand over the JSON-like facts.

The baseline of `bench_decision.py`'s decide() ratio for this law: the hold decided straight
from the dicts `decide()` takes, converting what it reads (ISO dates to `datetime.date`: the
request date first, as every case has it, a judgment date when its conviction is looked at)
and validating nothing. The logic is `handwritten_nyc_2011.py`'s, in the same order; it gives
`decide()`'s result, a dict.
"""

from __future__ import annotations

import datetime
from typing import Any

CRIMES = frozenset(("felony", "misdemeanor"))
HONORED: dict[str, object] = {"hold": "may be honored"}
DECLINED: dict[str, object] = {"hold": "must be declined"}
_date = datetime.date.fromisoformat


def decide(facts: dict[str, Any]) -> dict[str, object]:
    """{'hold': …} for the facts of one case."""
    request_date = _date(facts["request"]["request_date"])
    if facts["agency"] != "Department of Correction":
        return dict(HONORED)
    person = facts["person"]
    for conviction in person["convictions"]:
        if (not conviction["youthful_offender_adjudication"]
                and _date(conviction["judgment_date"]) <= request_date
                and conviction["class"] in CRIMES):
            return dict(HONORED)
    if (person["pending_charges"]
            or person["outstanding_criminal_warrant"]
            or person["known_gang_membership_in_a_law_enforcement_database"]
            or person["possible_match_in_the_terrorist_screening_database"]
            or person["prior_order_of_removal"]):
        return dict(HONORED)
    return dict(DECLINED)
