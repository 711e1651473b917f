"""NYC Local Law 59 of 2014 (Administrative Code § 14-154), the hold decision, written by hand.

The statute, in short: the hold may be honored if the agency is not the Police Department, or
if the request comes with a judicial warrant and either the person is a possible match in the
terrorist screening database or has a recent counted conviction of a violent or serious crime
(as in Local Law 58 of 2014). Otherwise the person may be held up to 48 hours pending a judicial
warrant if they are a possible match in the terrorist screening database, or have such a
conviction (recent or not) and a previous removal followed by illegal re-entry; else the hold
must be declined. The list of sections is data, read from the generated module.
"""

from __future__ import annotations

from generated.nyc.local_law_59_2014 import (THE_VSC_FELONY_SECTIONS, Agency, Case,
                                             ConvictionClass, ConvictionInchoateForm,
                                             ConvictionJurisdiction, Hold)

from ._dates import years_before

LISTED = THE_VSC_FELONY_SECTIONS
ELSEWHERE = frozenset((ConvictionJurisdiction.OTHER_STATE, ConvictionJurisdiction.FEDERAL))
NEW_YORK = ConvictionJurisdiction.NEW_YORK
FELONY = ConvictionClass.FELONY
COMPLETED = ConvictionInchoateForm.NONE
POLICE = Agency.POLICE_DEPARTMENT
HONORED = Hold.MAY_BE_HONORED
HELD_48_HOURS = Hold.HOLD_48H
DECLINED = Hold.MUST_BE_DECLINED


def hold(case: Case) -> Hold:
    """May the agency hold the person on the civil immigration detainer?"""
    if case.agency is not POLICE:
        return HONORED
    person = case.person
    if person.possible_match_in_the_terrorist_screening_database:
        # honored with a judicial warrant; held up to 48 hours without one
        return HONORED if case.request.accompanying_judicial_warrant else HELD_48_HOURS
    request = case.request
    request_date = request.request_date
    look_back = years_before(request.instant_arrest_date, 5)
    warrant = request.accompanying_judicial_warrant
    any_vsc = False
    for c in person.convictions:
        if (not c.youthful_offender_adjudication and c.judgment_date <= request_date
                and c.inchoate_form is COMPLETED
                and ((c.jurisdiction is NEW_YORK and c.class_ is FELONY
                      and (c.offence_code in LISTED or c.penal_law_section in LISTED))
                     or (c.jurisdiction in ELSEWHERE and c.authorised_sentence_over_a_year
                         and c.new_york_equivalent_section in LISTED))):
            if not warrant:
                any_vsc = True
                break
            if (c.current_custody_on_this_conviction
                    or (c.release_date >= look_back if c.served_sentence_of_incarceration
                        else c.judgment_date >= look_back)):
                return HONORED
            any_vsc = True
    if any_vsc and person.previous_removal_followed_by_illegal_re_entry:
        return HELD_48_HOURS
    return DECLINED
