"""Synthetic employer-sanction cases under 8 U.S.C. § 1324a(e)(4), for `lawc diff --population`
over the penalty statute (`statutes/us/penalties_1324a.law`).

SYNTHETIC DATA: every row is drawn from a seeded random generator and describes no real
employer, order or case. The mix below is an assumption (data/README.md), not a statistic:
no public breakdown of orders by the number of unauthorized aliens or prior orders is used.

Writes a CSV whose columns are the law's facts (`unauthorized_alien_count`,
`prior_order_count`, `violation_date`, `assessment_date`, `assessing_department`), as `lawc
evaluate --csv` and `lawc diff --population` read them:

    .venv/bin/python data/generate_penalty_cases.py --rows 400 --seed 1986 \
        --output data/synthetic_penalty_cases.csv

Every row is a case that can exist: the assessment is on or after the violation (the law's
`assume`), within three years of it. The output depends only on the arguments.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# ASSUMPTIONS, not data: most orders concern a few workers and a first violation.
ALIENS = [(1, 0.30), (2, 0.20), (3, 0.15), (5, 0.12), (10, 0.10), (25, 0.08), (100, 0.05)]
PRIOR = [(0, 0.80), (1, 0.15), (2, 0.05)]
# who assesses: DHS (ICE's final order, no hearing asked for) or DOJ (an OCAHO judge's order)
DEPARTMENT = [("DHS", 0.75), ("DOJ", 0.25)]
FIRST, LAST = datetime.date(2014, 1, 1), datetime.date(2025, 12, 31)  # violation dates
LAG_DAYS = 3 * 365  # assessment at most this many days after the violation


def _pick(rng: random.Random, weighted: list[tuple[T, float]]) -> T:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def rows(count: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    # the department from a generator of its own, so that the other columns stay as they were
    # drawn before the law had the fact
    departments = random.Random(f"{seed}-department")
    span = (LAST - FIRST).days
    out: list[dict[str, object]] = []
    for _ in range(count):
        violation = FIRST + datetime.timedelta(days=rng.randrange(span + 1))
        assessment = violation + datetime.timedelta(days=rng.randrange(LAG_DAYS + 1))
        out.append({"unauthorized_alien_count": _pick(rng, ALIENS),
                    "prior_order_count": _pick(rng, PRIOR),
                    "violation_date": violation.isoformat(),
                    "assessment_date": assessment.isoformat(),
                    "assessing_department": _pick(departments, DEPARTMENT)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1986)
    parser.add_argument("--output", type=Path,
                        default=Path(__file__).with_name("synthetic_penalty_cases.csv"))
    args = parser.parse_args()
    found = rows(args.rows, args.seed)
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(found[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)


if __name__ == "__main__":
    main()
