"""`lawc diff --population` and `lawc report` count through DuckDB (`engines.versions`): the
same decided rows, labels, failures and atom values as the interpreter row by row, on the
shipped 904-row population for each pair of versions the report compares, and on a population
with malformed rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from compiler.analysis.diff import VersionDiff
from compiler.analysis.regions import decision_atoms
from compiler.engines.versions import PopulationRun, parquet_rows
from compiler.population import read_population
from conftest import REPO, load

POPULATION = REPO / "data" / "synthetic_detainer_requests_2013q3.csv"
PAIRS = [("nyc/before_local_law_62", "nyc/local_law_62_2011"),
         ("nyc/local_law_62_2011", "nyc/local_law_22_2013"),
         ("nyc/local_law_22_2013", "nyc/local_law_58_2014"),
         ("nyc/local_law_21_2013", "nyc/local_law_59_2014"),
         ("nyc/local_law_22_2013", "chicago/welcoming_city_2012"),
         ("nyc/local_law_22_2013", "dc/detainer_act_2012")]


def both_ways(old: str, new: str, path: Path) -> VersionDiff:
    """One diff's population counted row by row and on DuckDB (the same rows either way)."""
    diff = VersionDiff(*[load(REPO / "statutes" / f"{name}.law") for name in (old, new)])
    want = diff.run_population(read_population(path, diff.new))
    got = diff.count_population(path, bulk=True)
    assert isinstance(diff._population, PopulationRun)  # DuckDB counted
    assert got == want
    return diff


@pytest.mark.parametrize("old,new", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_the_engine_counts_what_the_interpreter_counts(old: str, new: str) -> None:
    diff = both_ways(old, new, POPULATION)
    name = diff.common_decisions()[0]
    atoms = decision_atoms(diff.programs, diff.laws, name)
    numbers = list(range(2, 906, 5))
    engine, diff._population = diff._population, None
    assert engine.atom_rows(atoms, numbers) == diff._atom_rows(atoms, numbers)


def test_malformed_rows_fail_in_the_checkers_words(tmp_path: Path) -> None:
    with POPULATION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[:40]
    header = rows[0]
    rows[3][header.index("person.date_of_birth")] = "not a date"
    rows[5][header.index("agency")] = ""
    rows[8][header.index("person.convictions")] = '[{"class": "felony"}]'
    rows[9][header.index("request.request_date")] = "2013-02-30"
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    diff = both_ways("nyc/local_law_62_2011", "nyc/local_law_22_2013", path)
    assert [f.split(":")[0] for f in diff.count_population(path, bulk=True)[1]] == [
        "row 6", "row 9", "row 10"]


def test_odd_cells_count_the_same_both_ways(tmp_path: Path) -> None:
    """Rows with one cell replaced by a blank, a value of no type of the law or a hostile
    string: the same rows fail, in the same words, and the others get the same labels."""
    import random

    from test_population_csv import ODD, SHIPPED

    rnd = random.Random(3)
    header, body = SHIPPED[0], SHIPPED[1:]
    rows = []
    for k in range(120):
        row = list(rnd.choice(body))
        if k % 2:
            row[rnd.randrange(len(header))] = rnd.choice(ODD)
        rows.append(row)
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    diff = both_ways("nyc/local_law_62_2011", "nyc/local_law_22_2013", path)
    assert 10 < len(diff._population.failures) < 60  # some rows fail, most do not


def test_a_parquet_population_counts_as_its_csv(tmp_path: Path) -> None:
    """The shipped population as Parquet (its rows numbered as in the CSV, one conviction
    broken): DuckDB counts the rows the interpreter counts from the same file, and the CSV's
    rows but the broken one."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from compiler.engines.tables import read_csv

    old, new = (load(REPO / "statutes" / f"{n}.law") for n in ("nyc/local_law_62_2011",
                                                                "nyc/local_law_22_2013"))
    table = read_csv(new, POPULATION).slice(0, 200).to_pylist()
    broken = next(i for i, r in enumerate(table) if r["person"]["convictions"])
    table[broken]["person"]["convictions"][0]["class"] = "not a class"
    path = tmp_path / "cases.parquet"
    pq.write_table(pa.Table.from_pylist(table, schema=read_csv(new, POPULATION).schema), path)
    diff = VersionDiff(old, new)
    want = diff.run_population(parquet_rows(path))
    got = diff.count_population(path, bulk=True)
    assert isinstance(diff._population, PopulationRun)  # DuckDB counted
    assert got == want
    number = table[broken]["_row"]
    assert [f.split(":")[0] for f in got[1]] == [f"row {number}"]
    from_csv = VersionDiff(old, new).run_population(read_population(POPULATION, new)[:200])
    assert got[0] == [d for d in from_csv[0] if d[0] != number]


def test_a_small_population_is_decided_row_by_row_once_per_version(tmp_path: Path) -> None:
    """A report's diffs (one `SharedWork`) decide a small CSV row by row, each version's
    readings and labels kept for its other comparisons: the rows, labels and failures of each
    pair's own `run_population`, and no DuckDB run."""
    from compiler.analysis.diff_shared import SharedWork

    with POPULATION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[:60]
    header = rows[0]
    rows[3][header.index("person.date_of_birth")] = "not a date"
    rows[9][header.index("request.request_date")] = "2013-02-30"
    broken = tmp_path / "cases.csv"
    with broken.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    shared = SharedWork()
    programs = {name: load(REPO / "statutes" / f"{name}.law") for pair in PAIRS for name in pair}
    for path in (POPULATION, broken):
        for old, new in PAIRS:
            diff = VersionDiff(programs[old], programs[new], shared=shared)
            got = diff.count_population(path)
            assert diff._population is None  # not DuckDB
            alone = VersionDiff(programs[old], programs[new])
            assert got == alone.run_population(read_population(path, alone.new))
            assert diff._parsed == alone._parsed
    assert len(shared._versions) == 2 * len(programs)  # each version read once per file
