"""8 U.S.C. § 1324a(e)(5), the maximum civil penalty for paperwork violations, written by hand
from the statute and its tables (module-level `Decimal` constants, the table found by bisection;
the table date as in § 1324a(e)(4), `handwritten_penalty_1324a.py`; DHS's days for a penalty DHS
assesses, DOJ's (28 C.F.R. § 85.5) for one DOJ assesses)."""

from __future__ import annotations

import bisect
from decimal import Decimal

from generated.us.penalties_1324a_e5 import AssessingDepartment, Case
from handwritten_penalty_1324a import ANNUAL_FROM, CUT_OFF, DAYS, DOJ_DAYS

# per individual: the 1986 act's amount, then one per day of DAYS (1999, 2008, 2016 to 2025)
MAXIMA = tuple(Decimal(a) for a in (1000, 1100, 1100, 2156, 2191, 2236, 2292, 2332, 2360, 2701,
                                    2789, 2861))


def maximum_penalty(case: Case) -> Decimal:
    """The greatest civil penalty the order may require."""
    violation = case.violation_date
    day = violation if violation <= CUT_OFF or case.assessment_date < ANNUAL_FROM else (
        case.assessment_date)
    days = DAYS if case.assessing_department is AssessingDepartment.DHS else DOJ_DAYS
    return MAXIMA[bisect.bisect_right(days, day)] * case.individual_count
