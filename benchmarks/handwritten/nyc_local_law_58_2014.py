"""NYC Local Law 58 of 2014 (Administrative Code § 9-131), the hold decision, written by hand.

The statute, in short: the hold may be honored if the agency is not the Department of
Correction; or if the request comes with a judicial warrant and either the person is a possible
match in the terrorist screening database or has a counted conviction (judgment on or before the
request date, not a youthful offender adjudication, not an attempt, conspiracy or solicitation)
of a violent or serious crime (a New York felony under a listed section, or an out-of-state or
federal conviction with a sentence over a year whose New York equivalent is listed) that is
recent (in custody on it, released within five years before the instant arrest, or, without a
sentence served, judged within those five years). Otherwise it must be declined. The list of
sections is data, not logic: it is read from the generated module.
"""

from __future__ import annotations

from generated.nyc.local_law_58_2014 import (THE_VSC_FELONY_SECTIONS, Agency, Case,
                                             ConvictionClass, ConvictionInchoateForm,
                                             ConvictionJurisdiction, Hold)

from ._dates import years_before

LISTED = THE_VSC_FELONY_SECTIONS
ELSEWHERE = frozenset((ConvictionJurisdiction.OTHER_STATE, ConvictionJurisdiction.FEDERAL))
NEW_YORK = ConvictionJurisdiction.NEW_YORK
FELONY = ConvictionClass.FELONY
COMPLETED = ConvictionInchoateForm.NONE
CORRECTION = Agency.DEPARTMENT_OF_CORRECTION
HONORED = Hold.MAY_BE_HONORED
DECLINED = Hold.MUST_BE_DECLINED


def hold(case: Case) -> Hold:
    """May the agency hold the person on the civil immigration detainer?"""
    if case.agency is not CORRECTION:
        return HONORED
    request = case.request
    if not request.accompanying_judicial_warrant:
        return DECLINED
    request_date = request.request_date
    look_back = years_before(request.instant_arrest_date, 5)
    for c in case.person.convictions:
        if (not c.youthful_offender_adjudication and c.judgment_date <= request_date
                and c.inchoate_form is COMPLETED
                and ((c.jurisdiction is NEW_YORK and c.class_ is FELONY
                      and (c.offence_code in LISTED or c.penal_law_section in LISTED))
                     or (c.jurisdiction in ELSEWHERE and c.authorised_sentence_over_a_year
                         and c.new_york_equivalent_section in LISTED))
                and (c.current_custody_on_this_conviction
                     or (c.release_date >= look_back if c.served_sentence_of_incarceration
                         else c.judgment_date >= look_back))):
            return HONORED
    if case.person.possible_match_in_the_terrorist_screening_database:
        return HONORED
    return DECLINED
