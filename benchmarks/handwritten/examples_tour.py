"""The Library Fine Relief Act of 2024 (the tour's example law), the hardship finding, written by
hand.

The statute, in short: a borrower is in financial hardship (§ 12-301(b)) if the household's
income is at most 20,000 plus 4,500 for each member after the first, or the borrower holds a
senior card, is 65 or older on the request date and spends more than 30% of income on rent, or
has a disability; but not (§ 12-301(c)) while the card is suspended, unless an emergency is
declared. During a declared emergency (§ 12-303) a borrower whose card is not suspended, born
by 2010-12-31, with no loan due within 14 days either side of the request date, is in hardship.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from generated.examples.tour import BorrowerCardType, Case

from ._dates import years_before

BORN_BY = datetime.date(2010, 12, 31)
FORTNIGHT = datetime.timedelta(days=14)
BASE_LIMIT = Decimal("20000")
PER_MEMBER = Decimal("4500")
RENT_SHARE = Decimal("0.3")
SENIOR = BorrowerCardType.SENIOR


def hardship_finding(case: Case) -> bool:
    """Is the borrower in financial hardship?"""
    b = case.borrower
    if case.declared_emergency:
        if not b.suspended_card and b.date_of_birth <= BORN_BY:
            start, end = case.request_date - FORTNIGHT, case.request_date + FORTNIGHT
            for loan in b.loans:
                if start <= loan.due_date <= end:
                    break
            else:
                return True
    elif b.suspended_card:
        return False
    return (b.household_income <= BASE_LIMIT + PER_MEMBER * (b.household_size - 1)
            or (b.card_type is SENIOR and years_before(b.date_of_birth, -65) <= case.request_date
                and b.share_of_income_spent_on_rent > RENT_SHARE)
            or b.disability)
