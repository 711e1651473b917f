"""The vectorised generator of the benchmarks (benchmarks/generate_population.py) draws every
fact as the row generator (data/generate_detainer_requests.py) does: the same marginal shares
within four standard errors, its Parquet read by the SQL engines as the row generator's CSV is
read, and the same seed giving the same file."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

np = pytest.importorskip("numpy", reason="the vectorised generator needs numpy (the bench and "
                                          "test extras)")
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from conftest import script  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
START, END = datetime.date(2013, 7, 16), datetime.date(2013, 9, 30)


def vectorised() -> ModuleType:
    return script("generate_population", REPO / "benchmarks" / "generate_population.py")


def by_row() -> ModuleType:
    return script("generate_detainer_requests", REPO / "data" / "generate_detainer_requests.py")


# each share: (its name, whether it is of cases or of convictions)
def shares_of_table(t: pa.Table) -> dict[str, float]:
    person, request = t.column("person"), t.column("request")
    convictions = pc.struct_field(person, "convictions")
    count = pc.list_value_length(convictions)
    flat = pc.list_flatten(convictions)
    charges = pc.list_value_length(pc.struct_field(person, "pending_charges"))

    def mean(a: Any) -> float:
        return float(pc.mean(pc.cast(a, pa.float64())).as_py())

    def days(a: Any) -> Any:
        return pc.cast(pc.cast(a, pa.date32()), pa.int32())

    def flag(col: Any, name: str) -> float:
        return mean(pc.struct_field(col, name))

    age = pc.subtract(days(pc.struct_field(request, "request_date")),
                      days(pc.struct_field(person, "date_of_birth")))
    wait = pc.subtract(days(pc.struct_field(request, "request_date")),
                       days(pc.struct_field(request, "instant_arrest_date")))
    return {
        "convicted": mean(pc.greater(count, 0)), "convictions": mean(count),
        "pending": mean(pc.greater(charges, 0)), "charges": mean(charges),
        "warrant": flag(person, "outstanding_criminal_warrant"),
        "gang": flag(person, "known_gang_membership_in_a_law_enforcement_database"),
        "admission": flag(person, "gang_membership_on_own_admission"),
        "removal": flag(person, "prior_order_of_removal"),
        "re-entry": flag(person, "previous_removal_followed_by_illegal_re_entry"),
        "written": flag(request, "written_ice_request"),
        "age years": mean(age) / 365.25 / 10, "wait days": mean(wait) / 90,
        "felony": mean(pc.equal(pc.struct_field(flat, "class"), "felony")),
        "New York": mean(pc.equal(pc.struct_field(flat, "jurisdiction"), "New York")),
        "served": flag(flat, "served_sentence_of_incarceration"),
        "attempt": mean(pc.equal(pc.struct_field(flat, "inchoate_form"), "attempt")),
    }


def table_of_rows(rows: list[dict[str, object]]) -> pa.Table:
    """The row generator's rows (CSV fact paths, lists as JSON) in the Parquet layout."""
    def day(text: object) -> datetime.date:
        return datetime.date.fromisoformat(str(text))

    cases = []
    for r in rows:
        convictions = json.loads(str(r["person.convictions"]))
        for c in convictions:
            c["judgment_date"], c["release_date"] = day(c["judgment_date"]), day(c["release_date"])
        cases.append({"request": {"request_date": day(r["request.request_date"]),
                                  "instant_arrest_date": day(r["request.instant_arrest_date"]),
                                  "written_ice_request": r["request.written_ice_request"]},
                      "person": {k.removeprefix("person."): v for k, v in r.items()
                                 if k.startswith("person.") and k not in (
                                     "person.convictions", "person.pending_charges",
                                     "person.date_of_birth")}
                      | {"date_of_birth": day(r["person.date_of_birth"]),
                         "convictions": convictions,
                         "pending_charges": json.loads(str(r["person.pending_charges"]))}})
    return pa.Table.from_pylist(cases)


def assert_same_shares(a: dict[str, float], n_a: int, b: dict[str, float], n_b: int,
                       per_conviction: float) -> None:
    """Each share equal within four standard errors of the difference (a share of
    convictions counted over `per_conviction` convictions a case)."""
    for key in a:
        p = min(max((a[key] + b[key]) / 2, 0.01), 0.99)
        spread = 1.0 if key in ("convictions", "charges", "age years", "wait days") else \
            math.sqrt(p * (1 - p))
        scale = per_conviction if key in ("felony", "New York", "served", "attempt") else 1.0
        error = spread * math.sqrt(1 / (n_a * scale) + 1 / (n_b * scale))
        assert abs(a[key] - b[key]) <= 4 * error, (key, a[key], b[key], 4 * error)


@pytest.mark.parametrize("row_count", [
    3_000, pytest.param(100_000, marks=pytest.mark.slow)])
def test_the_generators_agree_on_marginal_shares(row_count: int) -> None:
    rng = np.random.default_rng(11)
    fast = vectorised().table(100_000, rng, START, END)
    slow = table_of_rows(by_row().rows(row_count, 11, START, END))
    a, b = shares_of_table(fast), shares_of_table(slow)
    assert_same_shares(a, 100_000, b, row_count, per_conviction=a["convictions"])
    assert 0.38 < a["convicted"] < 0.43 and 0.66 < a["pending"] < 0.71  # 0.9 × the profile


def test_a_wrong_weight_is_caught() -> None:
    """The comparison can fail: a profile with a tenth more convictions is told apart."""
    profile = dict(by_row().PROFILE, conviction=0.55)
    a = shares_of_table(vectorised().table(100_000, np.random.default_rng(3), START, END,
                                           profile=profile))
    b = shares_of_table(vectorised().table(100_000, np.random.default_rng(4), START, END))
    with pytest.raises(AssertionError, match="convicted"):
        assert_same_shares(a, 100_000, b, 100_000, per_conviction=1.0)


def test_the_parquet_is_read_by_the_engines_and_the_seed_fixes_it(tmp_path: Path) -> None:
    from compiler import driver
    from compiler.engines.engines import counts, run_duckdb, run_python

    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    vectorised().write(2_000, 5, first, chunk=700)
    vectorised().write(2_000, 5, second, chunk=700)
    assert pq.read_table(first).equals(pq.read_table(second))
    program = driver.load_program(driver.Workspace(),
                                  REPO / "statutes" / "nyc" / "local_law_22_2013.law")
    got = run_duckdb(program, first)
    assert got.column("facts_error").null_count == got.num_rows == 2_000
    sample = pq.read_table(first).slice(0, 200)
    assert counts(program, run_duckdb(program, sample)) == counts(program,
                                                                 run_python(program, sample))
