"""NYC Local Law 21 of 2013 (Administrative Code § 14-154), the hold decision, written by hand.

The statute, in short (the words of Local Law 22 for the Police Department): the hold may be
honored if the agency is not the Police Department; or if a counted conviction (judgment on or
before the request date, not a youthful offender adjudication) is on a covered crime (a felony or misdemeanor, but not a New York
conviction under Penal Law § 230.00 or § 240.37) and is a felony, a misdemeanor judged within
ten years before the instant arrest, or the person has any counted felony; or a pending charge is
a covered charge; or there is an outstanding criminal warrant, a known gang membership in a law
enforcement database, a possible match in the terrorist screening database or a prior order of
removal. Otherwise it must be declined.
"""

from __future__ import annotations

import datetime

from generated.nyc.local_law_21_2013 import (Agency, Case, ConvictionClass,
                                             ConvictionJurisdiction, Hold,
                                             PendingChargeClass, PendingChargeJurisdiction)

EXCLUDED_SECTIONS = frozenset(("230.00", "240.37"))
CRIMES = frozenset((ConvictionClass.FELONY, ConvictionClass.MISDEMEANOR))
CHARGES = frozenset((PendingChargeClass.FELONY, PendingChargeClass.MISDEMEANOR))
FELONY = ConvictionClass.FELONY
MISDEMEANOR = ConvictionClass.MISDEMEANOR
NEW_YORK = ConvictionJurisdiction.NEW_YORK
CHARGED_IN_NEW_YORK = PendingChargeJurisdiction.NEW_YORK
POLICE = Agency.POLICE_DEPARTMENT
HONORED = Hold.MAY_BE_HONORED
DECLINED = Hold.MUST_BE_DECLINED


def ten_years_before(day: datetime.date) -> datetime.date:
    """The same day ten years earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - 10)
    except ValueError:
        return day.replace(year=day.year - 10, day=28)


def hold(case: Case) -> Hold:
    """May the agency hold the person on the civil immigration detainer?"""
    if case.agency is not POLICE:
        return HONORED
    person = case.person
    request_date = case.request.request_date
    convictions = person.convictions
    if convictions:
        felony_history = any(
            not c.youthful_offender_adjudication and c.judgment_date <= request_date
            and c.class_ is FELONY for c in convictions)
        look_back = ten_years_before(case.request.instant_arrest_date)
        for c in convictions:
            if (c.judgment_date <= request_date and c.class_ in CRIMES
                    and not (c.jurisdiction is NEW_YORK
                             and c.penal_law_section in EXCLUDED_SECTIONS)
                    and not c.youthful_offender_adjudication
                    and (c.class_ is FELONY or felony_history
                         or (c.class_ is MISDEMEANOR and c.judgment_date >= look_back))):
                return HONORED
    for charge in person.pending_charges:
        if charge.class_ in CHARGES and not (charge.jurisdiction is CHARGED_IN_NEW_YORK
                                             and charge.penal_law_section in EXCLUDED_SECTIONS):
            return HONORED
    if (person.outstanding_criminal_warrant
            or person.known_gang_membership_in_a_law_enforcement_database
            or person.possible_match_in_the_terrorist_screening_database
            or person.prior_order_of_removal):
        return HONORED
    return DECLINED
