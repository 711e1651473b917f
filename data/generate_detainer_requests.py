"""Synthetic civil immigration detainer requests: people like the real ones, for `lawc report`
and `lawc diff --population`.

SYNTHETIC DATA: every row is drawn from a seeded random generator. The rows describe no real
person. The mix of facts rests on assumptions (the `PROFILE` below, listed in data/README.md),
chosen so that Local Law 22 of 2013 declines the share of requests the Department of
Correction reported for July to September 2013 (331 of 904, 36.6%); it is not data about any
real population.

Writes a CSV whose columns are fact paths of `statutes/common/detainers.law` (lists as JSON
cells), as `lawc evaluate --csv` and `lawc diff --population` read them:

    .venv/bin/python data/generate_detainer_requests.py --rows 904 --seed 2013 \
        --from 2013-07-16 --until 2013-09-30 --output data/synthetic_detainer_requests_2013q3.csv

Every row is a case that can exist: the request date lies in the period given, the instant
arrest is on or before the request, each judgment is on or before the request and at least
7 years after the person's birth (judgments at 16 or older), and a release is on or after its
judgment. The output depends only on the arguments.
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

# ASSUMPTIONS, not data: the share of people in Department of Correction custody with each fact.
# No public breakdown of the 904 requests by reason exists (data/README.md). `clean` is the share
# of people drawn with no conviction, pending charge, warrant or database record at all; the
# other shares apply to the rest. `pending_charge` is the calibrated knob: chosen (by bisection
# over 20,000 rows) so that Local Law 22 of 2013 declines 36.6% (tests/test_calibration.py).
PROFILE: dict[str, float] = {
    "clean": 0.10,
    "agency_doc": 1.0,                    # the reported figure is the Department's own
    "pending_charge": 0.76,               # calibrated; pretrial detainees are most of DOC custody
    "conviction": 0.45,                   # one or more earlier judgments
    "warrant": 0.04,
    "gang_database": 0.03,
    "terrorist_match": 0.002,
    "prior_removal_order": 0.10,
    "written_ice_request": 0.95,
    "judicial_warrant": 0.01,
}


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _conviction(rng: random.Random, birth: datetime.date, request: datetime.date
                ) -> dict[str, object]:
    jurisdiction = rng.choices(JURISDICTIONS, weights=[75, 3, 14, 8])[0]
    ny = jurisdiction == "New York"
    section = rng.choice(NY_SECTIONS) if ny else rng.choice(OTHER_CODES)
    earliest = max(_years_before(request, 25), _years_before(birth, -16))
    judgment = _day(rng, min(earliest, request), request)
    served = rng.random() < 0.4
    release = _day(rng, judgment, min(request, judgment + datetime.timedelta(days=3000))) \
        if served else judgment
    return {
        "offence_code": section, "jurisdiction": jurisdiction,
        "class": rng.choices(CLASSES, weights=[25, 50, 20, 5])[0],
        "inchoate_form": rng.choices(["none", "attempt", "conspiracy", "solicitation"],
                                     weights=[85, 10, 3, 2])[0],
        "judgment_date": judgment.isoformat(),
        "youthful_offender_adjudication": rng.random() < 0.04,
        "conditional_discharge": rng.random() < 0.1,
        "served_sentence_of_incarceration": served,
        "release_date": release.isoformat(),
        "current_custody_on_this_conviction": served and rng.random() < 0.05,
        "new_york_equivalent_section": "" if ny else rng.choice(NY_SECTIONS + [""]),
        "authorised_sentence_over_a_year": rng.random() < 0.4,
        "dc_equivalent_offence": "" if jurisdiction == "District of Columbia"
        else rng.choice(["DC robbery", ""]),
        "penal_law_section": section,
    }


def _charge(rng: random.Random) -> dict[str, object]:
    jurisdiction = rng.choices(JURISDICTIONS, weights=[90, 2, 5, 3])[0]
    section = rng.choice(NY_SECTIONS) if jurisdiction == "New York" else rng.choice(OTHER_CODES)
    return {"offence_code": section, "jurisdiction": jurisdiction,
            "class": rng.choices(CLASSES, weights=[40, 45, 12, 3])[0],
            "penal_law_section": section}


def row(rng: random.Random, start: datetime.date, end: datetime.date,
        profile: dict[str, float] = PROFILE) -> dict[str, object]:
    """One request dated from `start` to `end`, with a person drawn by `profile`."""
    p = profile
    request = _day(rng, start, end)
    arrest = request - datetime.timedelta(days=rng.randint(0, 90))
    birth = _day(rng, _years_before(request, 65), _years_before(request, 18))
    clean = rng.random() < p["clean"]

    def has(key: str) -> bool:
        return not clean and rng.random() < p[key]

    convictions = [_conviction(rng, birth, request)
                   for _ in range(rng.choices([1, 2, 3], weights=[60, 30, 10])[0])] \
        if has("conviction") else []
    charges = [_charge(rng) for _ in range(rng.choices([1, 2], weights=[85, 15])[0])] \
        if has("pending_charge") else []
    agency = "Department of Correction" if rng.random() < p["agency_doc"] else \
        rng.choice(["Police Department", "other agency"])
    removal = has("prior_removal_order")
    return {
        "agency": agency,
        "written_reimbursement_agreement": False,
        "request.request_date": request.isoformat(),
        "request.instant_arrest_date": arrest.isoformat(),
        "request.written_ice_request": rng.random() < p["written_ice_request"],
        "request.accompanying_judicial_warrant": rng.random() < p["judicial_warrant"],
        "person.date_of_birth": birth.isoformat(),
        "person.convictions": json.dumps(convictions),
        "person.pending_charges": json.dumps(charges),
        "person.outstanding_criminal_warrant": has("warrant"),
        "person.known_gang_membership_in_a_law_enforcement_database": has("gang_database"),
        "person.gang_membership_on_own_admission": has("gang_database") and rng.random() < 0.5,
        "person.possible_match_in_the_terrorist_screening_database": has("terrorist_match"),
        "person.prior_order_of_removal": removal,
        "person.previous_removal_followed_by_illegal_re_entry": removal and rng.random() < 0.5,
    }


def rows(count: int, seed: int, start: datetime.date, end: datetime.date,
         profile: dict[str, float] = PROFILE) -> list[dict[str, object]]:
    """`count` seeded requests dated from `start` to `end` (the same arguments, the same rows)."""
    rng = random.Random(seed)
    return [row(rng, start, end, profile) for _ in range(count)]


def write(table: list[dict[str, object]], output: Path) -> None:
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        for r in table:
            writer.writerow({k: ("yes" if v is True else "no" if v is False else v)
                             for k, v in r.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=904)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat,
                        default=datetime.date(2013, 7, 16))
    parser.add_argument("--until", dest="end", type=datetime.date.fromisoformat,
                        default=datetime.date(2013, 9, 30))
    parser.add_argument("--output", type=Path, required=True,
                        help="the CSV file to write (no default, so the shipped population "
                             "is never overwritten by accident)")
    args = parser.parse_args()
    write(rows(args.rows, args.seed, args.start, args.end), args.output)


if __name__ == "__main__":
    main()
