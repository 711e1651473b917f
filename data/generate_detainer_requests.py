"""Synthetic civil immigration detainer requests, for demonstrating `lawc diff --population`.

SYNTHETIC DATA: every row is drawn from a seeded random generator. The rows describe no real
person and the mix of facts is an illustration, not an estimate of any real population.

Writes a CSV whose columns are fact paths of `statutes/common/detainers.law` (lists as JSON
cells), as `lawc evaluate --csv` and `lawc diff --population` read them:

    .venv/bin/python data/generate_detainer_requests.py --rows 500 --seed 2011 \
        --output data/synthetic_detainer_requests.csv

The output depends only on --rows and --seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import random
from pathlib import Path

JURISDICTIONS = ["New York", "District of Columbia", "other state", "federal"]
CLASSES = ["felony", "misdemeanor", "violation", "infraction"]
NY_SECTIONS = ["120.05", "160.10", "155.25", "220.03", "230.00", "240.37", "265.02", "110.00"]
OTHER_CODES = ["DC robbery", "DC theft", "NJ 2C:15-1", "18 USC 1326"]


def _date(rng: random.Random, start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, days))


def _conviction(rng: random.Random, request: datetime.date) -> dict[str, object]:
    jurisdiction = rng.choices(JURISDICTIONS, weights=[70, 5, 15, 10])[0]
    ny = jurisdiction == "New York"
    section = rng.choice(NY_SECTIONS) if ny else rng.choice(OTHER_CODES)
    judgment = request - datetime.timedelta(days=rng.randint(-30, 25 * 365))
    served = rng.random() < 0.4
    return {
        "offence_code": section, "jurisdiction": jurisdiction,
        "class": rng.choices(CLASSES, weights=[30, 50, 15, 5])[0],
        "inchoate_form": rng.choices(["none", "attempt", "conspiracy", "solicitation"],
                                     weights=[85, 10, 3, 2])[0],
        "judgment_date": judgment.isoformat(),
        "youthful_offender_adjudication": rng.random() < 0.05,
        "conditional_discharge": rng.random() < 0.1,
        "served_sentence_of_incarceration": served,
        "release_date": (judgment + datetime.timedelta(days=rng.randint(0, 3000))).isoformat()
        if served else judgment.isoformat(),
        "current_custody_on_this_conviction": rng.random() < 0.05,
        "new_york_equivalent_section": "" if ny else rng.choice(NY_SECTIONS + [""]),
        "authorised_sentence_over_a_year": rng.random() < 0.4,
        "dc_equivalent_offence": "" if jurisdiction == "District of Columbia"
        else rng.choice(["DC robbery", ""]),
        "penal_law_section": section,
    }


def _charge(rng: random.Random) -> dict[str, object]:
    jurisdiction = rng.choices(JURISDICTIONS, weights=[80, 5, 10, 5])[0]
    section = rng.choice(NY_SECTIONS) if jurisdiction == "New York" else rng.choice(OTHER_CODES)
    return {"offence_code": section, "jurisdiction": jurisdiction,
            "class": rng.choices(CLASSES, weights=[35, 45, 15, 5])[0],
            "penal_law_section": section}


def row(rng: random.Random) -> dict[str, object]:
    request = _date(rng, datetime.date(2010, 1, 1), 6 * 365)
    arrest = request - datetime.timedelta(days=rng.randint(0, 60))
    n_convictions = rng.choices([0, 1, 2, 3], weights=[50, 30, 15, 5])[0]
    n_charges = rng.choices([0, 1, 2], weights=[80, 17, 3])[0]
    return {
        "agency": rng.choices(["Department of Correction", "Police Department", "other agency"],
                              weights=[60, 30, 10])[0],
        "written_reimbursement_agreement": rng.random() < 0.1,
        "request.request_date": request.isoformat(),
        "request.instant_arrest_date": arrest.isoformat(),
        "request.written_ice_request": rng.random() < 0.9,
        "request.accompanying_judicial_warrant": rng.random() < 0.05,
        "person.date_of_birth": _date(rng, datetime.date(1950, 1, 1), 45 * 365).isoformat(),
        "person.convictions": json.dumps([_conviction(rng, request)
                                          for _ in range(n_convictions)]),
        "person.pending_charges": json.dumps([_charge(rng) for _ in range(n_charges)]),
        "person.outstanding_criminal_warrant": rng.random() < 0.08,
        "person.known_gang_membership_in_a_law_enforcement_database": rng.random() < 0.04,
        "person.gang_membership_on_own_admission": rng.random() < 0.03,
        "person.possible_match_in_the_terrorist_screening_database": rng.random() < 0.005,
        "person.prior_order_of_removal": rng.random() < 0.12,
        "person.previous_removal_followed_by_illegal_re_entry": rng.random() < 0.06,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--output", default="data/synthetic_detainer_requests.csv")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = [row(rng) for _ in range(args.rows)]
    with Path(args.output).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: ("yes" if v is True else "no" if v is False else v)
                             for k, v in r.items()})


if __name__ == "__main__":
    main()
