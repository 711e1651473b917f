"""The District of Columbia's Criminal Alien Detainer Act (D.C. Code § 24-211.07), the hold
decision, written by hand.

The statute, in short: the District declines ICE detainer requests (§ 24-211.07(a)) unless ICE
asked in writing, agreed in writing to reimburse the District, and the person is 18 or older
(§ 24-211.07(b)); and then only for a counted conviction (judgment on or before the request date,
not a youthful offender adjudication) that is a dangerous crime or a crime of violence
(§ 23-1331; elsewhere than the District: by its District equivalent) either judged within ten
years before the request or followed by a release from prison within five (for a District
conviction also: the person is in custody on it), or that is a homicide (§ 24-211.07(c)). The
definitions amended on 2013-06-19 add felony fleeing, solicitation and significant bodily injury.
The lists of offences are data, read from the generated module.
"""

from __future__ import annotations

import datetime

from generated.dc.detainer_act_2012 import (
    THE_CRIME_OF_VIOLENCE_FELONY_OFFENCES, THE_DANGEROUS_CRIME_ATTEMPT_OFFENCES,
    THE_DANGEROUS_CRIME_CONSPIRACY_OFFENCES, THE_DANGEROUS_CRIME_FELONY_OFFENCES,
    THE_FELONY_FLEEING_OFFENCES, THE_HOMICIDE_OFFENCES, THE_SIGNIFICANT_BODILY_INJURY_OFFENCES,
    THE_UNCONDITIONAL_CRIME_OF_VIOLENCE_OFFENCES, THE_UNCONDITIONAL_DANGEROUS_CRIME_OFFENCES,
    Case, ConvictionClass, ConvictionInchoateForm, ConvictionJurisdiction, Hold)

from ._dates import years_before

AMENDED_FROM = datetime.date(2013, 6, 19)
DISTRICT = ConvictionJurisdiction.DISTRICT_OF_COLUMBIA
FELONY = ConvictionClass.FELONY
COMPLETED = ConvictionInchoateForm.NONE
ATTEMPT = ConvictionInchoateForm.ATTEMPT
CONSPIRACY = ConvictionInchoateForm.CONSPIRACY
SOLICITATION = ConvictionInchoateForm.SOLICITATION
NOT_SOLICITED = frozenset((COMPLETED, ATTEMPT, CONSPIRACY))
HONORED = Hold.MAY_BE_HONORED
DECLINED = Hold.MUST_BE_DECLINED


def dangerous(form: ConvictionInchoateForm, felony: bool, code: str, amended: bool) -> bool:
    """§ 23-1331(3): a dangerous crime."""
    if form is COMPLETED:
        return (code in THE_UNCONDITIONAL_DANGEROUS_CRIME_OFFENCES
                or (felony and (code in THE_DANGEROUS_CRIME_FELONY_OFFENCES
                                or (amended and code in THE_FELONY_FLEEING_OFFENCES))))
    if form is ATTEMPT:
        return code in THE_DANGEROUS_CRIME_ATTEMPT_OFFENCES
    return form is CONSPIRACY and felony and code in THE_DANGEROUS_CRIME_CONSPIRACY_OFFENCES


def violent(form: ConvictionInchoateForm, felony: bool, code: str, amended: bool) -> bool:
    """§ 23-1331(4): a crime of violence."""
    return ((form in NOT_SOLICITED or (amended and form is SOLICITATION))
            and (code in THE_UNCONDITIONAL_CRIME_OF_VIOLENCE_OFFENCES
                 or (felony and code in THE_CRIME_OF_VIOLENCE_FELONY_OFFENCES)
                 or (amended and code in THE_SIGNIFICANT_BODILY_INJURY_OFFENCES)))


def hold(case: Case) -> Hold:
    """May the District hold the inmate on the ICE detainer request?"""
    request_date = case.request.request_date
    if not (case.request.written_ice_request and case.written_reimbursement_agreement
            and years_before(case.person.date_of_birth, -18) <= request_date):
        return DECLINED
    amended = request_date >= AMENDED_FROM
    ten_years = years_before(request_date, 10)
    five_years = years_before(request_date, 5)
    for c in case.person.convictions:
        if c.youthful_offender_adjudication or c.judgment_date > request_date:
            continue
        in_district = c.jurisdiction is DISTRICT
        code = c.offence_code if in_district else c.dc_equivalent_offence
        if c.inchoate_form is COMPLETED and code in THE_HOMICIDE_OFFENCES:
            return HONORED
        form, felony = c.inchoate_form, c.class_ is FELONY
        if dangerous(form, felony, code, amended) or violent(form, felony, code, amended):
            if in_district and c.current_custody_on_this_conviction:
                return HONORED
            if c.judgment_date >= ten_years or (c.served_sentence_of_incarceration
                                                and five_years <= c.release_date <= request_date):
                return HONORED
    return DECLINED
