"""Benchmark: a law over a population read from Parquet, on DuckDB (lawc's SQL against the
same rule written by hand in SQL), and the interpreter on a subsample, extrapolated.

Takes `--rows N` (default 100,000) and `--repeat R`; writes a seeded synthetic population of
detainer requests (data/generate_detainer_requests.py) to Parquet and prints seconds (minimum
of the repeats) and rows per second for each. Run: `.venv/bin/python benchmarks/bench_population.py`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compiler import driver  # noqa: E402
from compiler.engines.engines import run_duckdb, run_python  # noqa: E402
from compiler.engines.tables import read_csv  # noqa: E402

LAW = REPO / "statutes" / "nyc" / "local_law_62_2011.law"
HAND = """SELECT _row, CASE WHEN agency <> 'Department of Correction'
  OR len(list_filter(person.convictions, lambda x: NOT x.youthful_offender_adjudication
         AND x.judgment_date <= request.request_date AND x.class IN ('felony', 'misdemeanor'))) > 0
  OR len(person.pending_charges) >= 1 OR person.outstanding_criminal_warrant
  OR person.known_gang_membership_in_a_law_enforcement_database
  OR person.possible_match_in_the_terrorist_screening_database OR person.prior_order_of_removal
  THEN 'may be honored' ELSE 'must be declined' END AS hold FROM facts"""


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    program = driver.load_program(driver.Workspace(), LAW)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "cases.csv"
        subprocess.run([sys.executable, str(REPO / "data" / "generate_detainer_requests.py"),
                        "--rows", str(args.rows), "--seed", "7", "--output", str(csv_path)],
                       check=True)
        table = read_csv(program, csv_path)
        parquet = Path(tmp) / "cases.parquet"
        pq.write_table(table, parquet)
        lawc = best(args.repeat, lambda: run_duckdb(program, parquet))

        def hand() -> None:
            con = duckdb.connect()
            con.read_parquet(str(parquet)).create_view("facts")
            con.sql(HAND).to_arrow_table()

        handwritten = best(args.repeat, hand)
        sample = table.slice(0, min(2_000, args.rows))
        python = best(1, lambda: run_python(program, sample)) * args.rows / sample.num_rows
    print(f"rows: {args.rows:,}")
    print(f"lawc on DuckDB:        {lawc:.3f} s  ({args.rows / lawc:,.0f} rows/s)")
    print(f"hand-written DuckDB:   {handwritten:.3f} s  (lawc/hand = {lawc / handwritten:.2f})")
    print(f"interpreter (extrapolated from {sample.num_rows:,} rows): {python:.1f} s")


if __name__ == "__main__":
    main()
