"""The bulk CSV reader (pyarrow, then one DuckDB query) gives the very table the row-by-row
reader gives: on the shipped 904-row population for every shipped statute, and on random CSVs
whose cells are good values, blanks, and values of no type of the law (malformed rows)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from compiler.engines.csv_read import fast_read_csv
from compiler.engines.tables import read_csv, read_csv_rows
from conftest import REPO, file_id, load, statute_laws

POPULATION = REPO / "data" / "synthetic_detainer_requests_2013q3.csv"
with POPULATION.open(encoding="utf-8", newline="") as _handle:
    SHIPPED = list(csv.reader(_handle))
ODD = ["", " ", " yes ", "Y", "TRUE", "0", "maybe", "5", "+5", "5.0", "1_000", "-3", " 12 ",
       "99999999999999999999", "1.5", "1.0000005", "$1,000.50", "1e3", "2013-01-31",
       "2013-02-30", "0000-01-01", "2013-1-1", "2013/01/31", "[1]", "{\"a\": 1}", "[", "{x}",
       "Department of Correction", "felony", "[]", "[1, {\"class\": \"felony\"}]",
       json.dumps([{"class": "felony", "judgment_date": 20130101,
                    "youthful_offender_adjudication": "no", "jurisdiction": 7}]),
       json.dumps([{"class": True, "judgment_date": "2013-01-31 ",
                    "youthful_offender_adjudication": None, "penal_law_section": 1.5}]),
       "'); DROP TABLE facts; --"]


@pytest.mark.parametrize("file", statute_laws(), ids=file_id)
def test_the_shipped_population_reads_the_same_in_bulk(file: Path) -> None:
    program = load(file)
    bulk = fast_read_csv(program, POPULATION)
    assert bulk is not None
    assert bulk.equals(read_csv_rows(program, POPULATION))


@pytest.mark.parametrize("file", statute_laws()[:5], ids=file_id)
def test_random_cells_read_the_same_in_bulk(file: Path, tmp_path_factory: pytest.TempPathFactory
                                            ) -> None:
    program = load(file)
    header, body = SHIPPED[0], SHIPPED[1:]

    @settings(max_examples=3, deadline=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data(), count=st.integers(1, 12))
    def check(data: st.DataObject, count: int) -> None:
        rows = [[data.draw(st.one_of(st.sampled_from(body).map(lambda r, i=i: r[i]),
                                     st.sampled_from(ODD)))
                 for i in range(len(header))] for _ in range(count)]
        path = tmp_path_factory.mktemp("csv") / "cases.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        bulk = fast_read_csv(program, path)
        assert bulk is not None
        want = read_csv_rows(program, path)
        assert bulk.to_pylist() == want.to_pylist()
        assert bulk.equals(want)

    check()


def test_what_the_bulk_reader_leaves_is_read_row_by_row(tmp_path: Path) -> None:
    program = load(REPO / "statutes" / "nyc" / "local_law_62_2011.law")
    ragged = tmp_path / "ragged.csv"  # a row with a field too many
    ragged.write_text("agency,request.request_date\nDepartment of Correction,2013-01-01,x\n"
                      "Police Department,2013-01-02\n", encoding="utf-8")
    indexed = tmp_path / "indexed.csv"  # a list as indexed columns
    indexed.write_text("person.convictions.0.class,person.convictions.1.class\nfelony,\n",
                       encoding="utf-8")
    for path in (ragged, indexed):
        assert fast_read_csv(program, path) is None
        assert read_csv(program, path).equals(read_csv_rows(program, path))
    assert read_csv(program, ragged).column("_row").to_pylist() == [2, 3]


def test_evaluate_reads_a_csv_in_bulk_and_names_the_bad_row(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from compiler.cli import main

    header, body = SHIPPED[0], SHIPPED[1:4]
    body[1][header.index("request.request_date")] = "2013-02-30"
    source, target = tmp_path / "cases.csv", tmp_path / "out.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    result = CliRunner().invoke(main, [
        "evaluate", "statutes/nyc/local_law_62_2011.law", "--engine", "duckdb",
        "--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8", newline="") as handle:
        out = list(csv.DictReader(handle))
    assert [r["_row"] for r in out] == ["2", "3", "4"]
    assert out[1]["facts_error"].startswith("request.request_date: ")
    assert out[0]["hold"] and out[2]["hold"] and not out[1]["hold"]


@pytest.mark.parametrize("ignore", [False, True])
def test_the_engines_say_they_do_not_check_the_period_in_force(tmp_path: Path,
                                                               ignore: bool) -> None:
    """A population engine decides every row under the version asked whatever its date; for a
    dated law it says so on stderr, unless --ignore-in-force asked for exactly that."""
    from click.testing import CliRunner

    from compiler.cli import main

    source, target = tmp_path / "cases.csv", tmp_path / "out.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([SHIPPED[0], *SHIPPED[1:3]])
    result = CliRunner().invoke(main, [
        "evaluate", "statutes/nyc/local_law_62_2011.law", "--engine", "duckdb",
        "--input", str(source), "--output", str(target),
        *(["--ignore-in-force"] if ignore else [])])
    assert result.exit_code == 0, result.output
    note = "the period in force (from 2012-02-20 until 2013-07-15) is not checked"
    assert (note in result.stderr) is not ignore, result.stderr
