"""Chicago Welcoming City Ordinance of 2012 (§ 2-173-042), the hold decision, written by hand.

The statute, in short: an agency must not detain a person on a civil immigration detainer,
unless its investigation shows the person has an outstanding criminal warrant, a counted felony
conviction (judgment on or before the request date, not a youthful offender adjudication), a
pending felony charge, or a known gang membership in a law enforcement database.
"""

from __future__ import annotations

from generated.chicago.welcoming_city_2012 import (Case, ConvictionClass, Hold,
                                                   PendingChargeClass)

FELONY = ConvictionClass.FELONY
FELONY_CHARGE = PendingChargeClass.FELONY
HONORED = Hold.MAY_BE_HONORED
DECLINED = Hold.MUST_BE_DECLINED


def hold(case: Case) -> Hold:
    """May the agency detain, or continue to detain, the person on the immigration detainer?"""
    person = case.person
    if person.outstanding_criminal_warrant:
        return HONORED
    request_date = case.request.request_date
    for c in person.convictions:
        if c.class_ is FELONY and c.judgment_date <= request_date \
                and not c.youthful_offender_adjudication:
            return HONORED
    for charge in person.pending_charges:
        if charge.class_ is FELONY_CHARGE:
            return HONORED
    if person.known_gang_membership_in_a_law_enforcement_database:
        return HONORED
    return DECLINED
