"""28 C.F.R. § 85.1 and 8 C.F.R. § 280.53(b), the date that chooses the penalty table, written
by hand from the law (the same cut-off days as `handwritten_penalty_1324a.py`)."""

from __future__ import annotations

import datetime

from generated.us.penalty_table_date import Case
from handwritten_penalty_1324a import ANNUAL_FROM, CUT_OFF


def table_date(case: Case) -> datetime.date:
    """By which date the table of amounts is chosen."""
    violation = case.violation_date
    if violation <= CUT_OFF or case.assessment_date < ANNUAL_FROM:
        return violation
    return case.assessment_date
