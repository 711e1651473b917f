"""NYC Local Law 62 of 2011 (Administrative Code § 9-131), the hold decision, written by hand.

The baseline for `bench_decision.py`: the logic of statutes/nyc/local_law_62_2011.law as a
programmer would write it directly in Python, over the same dataclasses and enums as the
generated module `generated.nyc.local_law_62_2011` (whichever `generated` package comes first on
sys.path; `bench_decision.py` puts its own freshly compiled one there).

The statute, in short:
- by default the hold must be declined;
- the hold may be honored if the agency is not the Department of Correction;
- the hold may be honored if any of: a conviction that is counted (not a youthful offender
  adjudication, judgment on or before the request date) and is a crime (felony or misdemeanor);
  at least one pending charge; an outstanding criminal warrant; a known gang membership in a law
  enforcement database; a possible match in the terrorist screening database; a prior order of
  removal.
"""

from __future__ import annotations

from generated.nyc.local_law_62_2011 import Agency, Case, ConvictionClass, Hold

CRIMES = frozenset((ConvictionClass.FELONY, ConvictionClass.MISDEMEANOR))


def hold(case: Case) -> Hold:
    """May the agency hold the person on the civil immigration detainer?"""
    if case.agency is not Agency.DEPARTMENT_OF_CORRECTION:
        return Hold.MAY_BE_HONORED
    person = case.person
    request_date = case.request.request_date
    for conviction in person.convictions:
        if (not conviction.youthful_offender_adjudication
                and conviction.judgment_date <= request_date
                and conviction.class_ in CRIMES):
            return Hold.MAY_BE_HONORED
    if (person.pending_charges
            or person.outstanding_criminal_warrant
            or person.known_gang_membership_in_a_law_enforcement_database
            or person.possible_match_in_the_terrorist_screening_database
            or person.prior_order_of_removal):
        return Hold.MAY_BE_HONORED
    return Hold.MUST_BE_DECLINED
