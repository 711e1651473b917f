"""8 U.S.C. § 1324d, the maximum civil penalty for failure to depart, written by hand: $500 a
day, $998 a day for a table date from 2025-01-02 (the table date as in § 1324a(e)(4),
`handwritten_penalty_1324a.py`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from generated.us.penalties_1324d import Case
from handwritten_penalty_1324a import ANNUAL_FROM, CUT_OFF

RAISED = datetime.date(2025, 1, 2)
PER_DAY, PER_DAY_2025 = Decimal(500), Decimal(998)


def maximum_penalty(case: Case) -> Decimal:
    """The greatest civil penalty for the days in violation."""
    violation = case.violation_date
    day = violation if violation <= CUT_OFF or case.assessment_date < ANNUAL_FROM else (
        case.assessment_date)
    return (PER_DAY_2025 if day >= RAISED else PER_DAY) * case.day_count
