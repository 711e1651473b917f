"""8 U.S.C. § 1324a(e)(4), the maximum civil penalty, written by hand: the tables of
`benchmarks/handwritten_penalty_1324a.py` (module-level `Decimal` constants, the table found by
bisection, on DHS's days for a penalty DHS assesses and DOJ's for one DOJ assesses), the
greatest amount alone."""

from __future__ import annotations

import bisect
from decimal import Decimal

from generated.us.penalties_1324a import AssessingDepartment, Case
from handwritten_penalty_1324a import ANNUAL_FROM, CUT_OFF, DAYS, DOJ_DAYS, MAXIMA


def maximum_penalty(case: Case) -> Decimal:
    """The greatest civil penalty the order may require."""
    violation = case.violation_date
    day = violation if violation <= CUT_OFF or case.assessment_date < ANNUAL_FROM else (
        case.assessment_date)
    days = DAYS if case.assessing_department is AssessingDepartment.DHS else DOJ_DAYS
    prior = case.prior_order_count
    amounts = MAXIMA[0 if prior == 0 else 1 if prior == 1 else 2]
    return amounts[bisect.bisect_right(days, day)] * case.unauthorized_alien_count
