"""8 U.S.C. § 1324a(e)(4) written by hand with `Decimal`: the least and greatest civil penalty
per case, as a programmer would write it from the source notes (module-level constants, the
table found by bisection), the twin that benchmarks/bench_penalty.py times the generated
`generated.us.penalties_1324a` against (tests/test_bench_penalty.py holds the two equal).

Takes a case with `unauthorized_alien_count`, `prior_order_count`, `violation_date`,
`assessment_date` and `assessing_department` (the generated module's `Case`); gives (minimum,
maximum) in dollars. DHS's days for a penalty DHS assesses, DOJ's (28 C.F.R. § 85.5) for one DOJ
assesses (I-US-41).
"""

from __future__ import annotations

import bisect
import datetime
from decimal import Decimal
from typing import Any

_D = datetime.date
CUT_OFF = _D(2015, 11, 2)  # violations after it take the tables by the assessment date
ANNUAL_FROM = _D(2016, 8, 1)  # assessments from it take the annual tables
# the first day of each table after the 1986 act's (DHS days, each the day after "assessed
# after D", but 2016-08-01, 2023-01-13 and 2025-01-02)
DAYS = (_D(1999, 9, 29), _D(2008, 3, 27), _D(2016, 8, 1), _D(2017, 1, 28), _D(2018, 1, 21),
        _D(2019, 4, 6), _D(2020, 6, 18), _D(2021, 10, 20), _D(2023, 1, 13), _D(2024, 6, 29),
        _D(2025, 1, 2))
# DOJ's first days of the same tables (I-US-40, I-US-41: 2018 and 2019 as DHS's)
DOJ_DAYS = (_D(1999, 9, 29), _D(2008, 3, 27), _D(2016, 8, 1), _D(2017, 2, 4), _D(2018, 1, 21),
            _D(2019, 4, 6), _D(2020, 6, 20), _D(2021, 12, 14), _D(2023, 1, 31), _D(2024, 2, 13),
            _D(2025, 7, 4))


def _money(*amounts: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(a) for a in amounts)


# per tier, the amount of each table: the 1986 act, then one per day of DAYS (tiers (ii) and
# (iii) keep their 2016 amounts in 2017 and 2018, whose figures the notes lack)
MINIMA = (
    _money(250, 275, 375, 539, 548, 559, 573, 583, 590, 676, 698, 716),
    _money(2000, 2200, 3200, 4313, 4313, 4313, 4586, 4667, 4722, 5404, 5579, 5724),
    _money(3000, 3300, 4300, 6469, 6469, 6469, 6878, 6999, 7082, 8106, 8369, 8586),
)
MAXIMA = (
    _money(2000, 2200, 3200, 4313, 4384, 4473, 4586, 4667, 4722, 5404, 5579, 5724),
    _money(5000, 5500, 6500, 10781, 10781, 10781, 11463, 11665, 11803, 13508, 13946, 14308),
    _money(10000, 11000, 16000, 21563, 21563, 21563, 22972, 23331, 23607, 27018, 27894, 28619),
)


def penalty(case: Any) -> tuple[Decimal, Decimal]:
    """(the minimum, the maximum) civil penalty for the case."""
    violation = case.violation_date
    day = violation if violation <= CUT_OFF or case.assessment_date < ANNUAL_FROM else (
        case.assessment_date)
    days = DAYS if case.assessing_department.value == "DHS" else DOJ_DAYS
    table = bisect.bisect_right(days, day)
    prior = case.prior_order_count
    tier = 0 if prior == 0 else 1 if prior == 1 else 2
    count = case.unauthorized_alien_count
    return MINIMA[tier][table] * count, MAXIMA[tier][table] * count
