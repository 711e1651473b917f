"""Synthetic detainer requests by the million: the row generator's distributions, vectorised.

SYNTHETIC DATA, as `data/generate_detainer_requests.py` (whose `PROFILE`, weights and codes this
reads, so the two cannot drift apart): every column is drawn with numpy from a seeded generator,
whole columns at a time, and written as Parquet in the layout the SQL engines read
(`docs/sql.md`: records as structs, lists of records as lists of structs, dates as DATE, `_row`
from 1), every fact of `statutes/common/detainers.law` the row generator writes. The rows are
not the row generator's rows (its draws come one at a time, in another order); each fact has
its distribution: `tests/test_population_generator.py` holds the two to the same marginal
shares. About 10 million rows a minute on one core, in chunks of `--chunk` rows (bounded
memory):

    .venv/bin/python benchmarks/generate_population.py --rows 10000000 --seed 7 \
        --output /tmp/cases.parquet
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
EPOCH = datetime.date(1970, 1, 1)


def row_generator() -> ModuleType:
    """`data/generate_detainer_requests.py` as a module (its profile and constants)."""
    name = "generate_detainer_requests"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, REPO / "data" / "generate_detainer_requests.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def years_before(days: np.ndarray, years: int) -> np.ndarray:
    """Days since 1970 moved `years` back (forward if negative), 29 February to the 28th, as
    the row generator's `_years_before`."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    day_index = (d - month.astype("datetime64[D]")).astype(np.int64)
    year = month.astype("datetime64[Y]")
    month_index = (month - year.astype("datetime64[M]")).astype(np.int64)
    moved = (year - np.timedelta64(years, "Y")).astype("datetime64[M]") + month_index
    length = ((moved + 1).astype("datetime64[D]") - moved.astype("datetime64[D]")).astype(
        np.int64)
    out = moved.astype("datetime64[D]") + np.minimum(day_index, length - 1)
    return out.astype(np.int64)


def uniform_day(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A day from `low` to `high` inclusive (as `random.randint`), each row its own range."""
    return low + np.floor(rng.random(len(low)) * (high - low + 1)).astype(np.int64)


def choose(rng: np.random.Generator, values: list[str], weights: list[float] | None,
           n: int) -> pa.Array:
    p = None if weights is None else np.asarray(weights, float) / sum(weights)
    index = rng.choice(len(values), size=n, p=p)
    return pa.DictionaryArray.from_arrays(pa.array(index, pa.int32()),
                                          pa.array(values)).cast(pa.string())


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.date32())


def _lists(counts: np.ndarray, elements: pa.StructArray) -> pa.Array:
    offsets = np.zeros(len(counts) + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), elements)


def convictions(rng: np.random.Generator, birth: np.ndarray, request: np.ndarray) -> pa.Array:
    """One conviction per (case's) birth and request date, as the row generator's
    `_conviction` draws it."""
    g = row_generator()
    n = len(birth)
    jurisdiction = rng.choice(4, size=n, p=np.array([75, 3, 14, 8]) / 100)
    ny = jurisdiction == 0
    ny_section = rng.choice(len(g.NY_SECTIONS), size=n)
    other_code = rng.choice(len(g.OTHER_CODES), size=n)
    codes = np.array(g.NY_SECTIONS + g.OTHER_CODES, dtype=object)
    section = np.where(ny, ny_section, len(g.NY_SECTIONS) + other_code)
    earliest = np.maximum(years_before(request, 25), years_before(birth, -16))
    judgment = uniform_day(rng, np.minimum(earliest, request), request)
    served = rng.random(n) < 0.4
    release = np.where(served, uniform_day(rng, judgment, np.minimum(request, judgment + 3000)),
                       judgment)
    equivalents = np.array(g.NY_SECTIONS + [""], dtype=object)
    ny_equivalent = np.where(ny, "", equivalents[rng.choice(len(equivalents), size=n)])
    dc = jurisdiction == 1
    dc_equivalent = np.where(dc, "", np.array(["DC robbery", ""], dtype=object)[
        rng.choice(2, size=n)])
    fields = {
        "offence_code": pa.array(codes[section], pa.string()),
        "jurisdiction": pa.array(np.array(g.JURISDICTIONS, dtype=object)[jurisdiction],
                                 pa.string()),
        "class": choose(rng, g.CLASSES, [25, 50, 20, 5], n),
        "inchoate_form": choose(rng, ["none", "attempt", "conspiracy", "solicitation"],
                                [85, 10, 3, 2], n),
        "judgment_date": _dates(judgment),
        "youthful_offender_adjudication": pa.array(rng.random(n) < 0.04),
        "conditional_discharge": pa.array(rng.random(n) < 0.1),
        "served_sentence_of_incarceration": pa.array(served),
        "release_date": _dates(release),
        "current_custody_on_this_conviction": pa.array(served & (rng.random(n) < 0.05)),
        "new_york_equivalent_section": pa.array(ny_equivalent, pa.string()),
        "authorised_sentence_over_a_year": pa.array(rng.random(n) < 0.4),
        "dc_equivalent_offence": pa.array(dc_equivalent, pa.string()),
        "penal_law_section": pa.array(codes[section], pa.string()),
    }
    return pa.StructArray.from_arrays(list(fields.values()), names=list(fields))


def charges(rng: np.random.Generator, n: int) -> pa.StructArray:
    g = row_generator()
    jurisdiction = rng.choice(4, size=n, p=np.array([90, 2, 5, 3]) / 100)
    codes = np.array(g.NY_SECTIONS + g.OTHER_CODES, dtype=object)
    section = np.where(jurisdiction == 0, rng.choice(len(g.NY_SECTIONS), size=n),
                       len(g.NY_SECTIONS) + rng.choice(len(g.OTHER_CODES), size=n))
    fields = {
        "offence_code": pa.array(codes[section], pa.string()),
        "jurisdiction": pa.array(np.array(g.JURISDICTIONS, dtype=object)[jurisdiction],
                                 pa.string()),
        "class": choose(rng, g.CLASSES, [40, 45, 12, 3], n),
        "penal_law_section": pa.array(codes[section], pa.string()),
    }
    return pa.StructArray.from_arrays(list(fields.values()), names=list(fields))


def table(n: int, rng: np.random.Generator, start: datetime.date, end: datetime.date,
          first_row: int = 1, profile: dict[str, float] | None = None) -> pa.Table:
    """`n` requests dated from `start` to `end`, `_row` from `first_row`."""
    p = profile if profile is not None else row_generator().PROFILE
    low, high = (start - EPOCH).days, (end - EPOCH).days
    request = low + rng.integers(0, high - low + 1, size=n)
    arrest = request - rng.integers(0, 91, size=n)
    birth = uniform_day(rng, years_before(request, 65), years_before(request, 18))
    clean = rng.random(n) < p["clean"]

    def has(key: str) -> np.ndarray:
        return ~clean & (rng.random(n) < p[key])

    conviction_count = np.where(has("conviction"), rng.choice([1, 2, 3], size=n,
                                                              p=[0.6, 0.3, 0.1]), 0)
    owner = np.repeat(np.arange(n), conviction_count)
    convicted = _lists(conviction_count, convictions(rng, birth[owner], request[owner]))
    charge_count = np.where(has("pending_charge"), rng.choice([1, 2], size=n, p=[0.85, 0.15]), 0)
    pending = _lists(charge_count, charges(rng, int(charge_count.sum())))
    doc = rng.random(n) < p["agency_doc"]
    other_agency = np.array(["Police Department", "other agency"], dtype=object)[
        rng.choice(2, size=n)]
    agency = np.where(doc, "Department of Correction", other_agency)
    removal = has("prior_removal_order")
    req = {"request_date": _dates(request), "instant_arrest_date": _dates(arrest),
           "written_ice_request": pa.array(rng.random(n) < p["written_ice_request"]),
           "accompanying_judicial_warrant": pa.array(rng.random(n) < p["judicial_warrant"])}
    person: dict[str, pa.Array] = {
        "date_of_birth": _dates(birth), "convictions": convicted, "pending_charges": pending,
        "outstanding_criminal_warrant": pa.array(has("warrant")),
        "known_gang_membership_in_a_law_enforcement_database": pa.array(has("gang_database")),
        # the row generator draws the database a second time for the admission
        "gang_membership_on_own_admission": pa.array(has("gang_database")
                                                     & (rng.random(n) < 0.5)),
        "possible_match_in_the_terrorist_screening_database": pa.array(has("terrorist_match")),
        "prior_order_of_removal": pa.array(removal),
        "previous_removal_followed_by_illegal_re_entry": pa.array(removal
                                                                  & (rng.random(n) < 0.5)),
    }
    columns: dict[str, Any] = {
        "_row": pa.array(np.arange(first_row, first_row + n, dtype=np.int64)),
        "agency": pa.array(agency, pa.string()),
        "written_reimbursement_agreement": pa.array(np.zeros(n, bool)),
        "request": pa.StructArray.from_arrays(list(req.values()), names=list(req)),
        "person": pa.StructArray.from_arrays(list(person.values()), names=list(person)),
    }
    return pa.table(columns)


def write(rows: int, seed: int, output: Path, start: datetime.date = datetime.date(2013, 7, 16),
          end: datetime.date = datetime.date(2013, 9, 30), chunk: int = 1_000_000) -> None:
    """`rows` requests written to `output` (Parquet) in chunks; the same arguments, the same
    file (chunks draw from one seeded generator in order)."""
    rng = np.random.default_rng(seed)
    writer: pq.ParquetWriter | None = None
    try:
        for first in range(0, rows, chunk):
            part = table(min(chunk, rows - first), rng, start, end, first_row=first + 1)
            if writer is None:
                writer = pq.ParquetWriter(output, part.schema)
            writer.write_table(part)
    finally:
        if writer is not None:
            writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat,
                        default=datetime.date(2013, 7, 16))
    parser.add_argument("--until", dest="end", type=datetime.date.fromisoformat,
                        default=datetime.date(2013, 9, 30))
    parser.add_argument("--chunk", type=int, default=1_000_000)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    write(args.rows, args.seed, args.output, args.start, args.end, args.chunk)


if __name__ == "__main__":
    main()
