"""Benchmark: a law over a population read from Parquet, by lawc on DuckDB against the same rule
written by hand in DuckDB SQL and in numpy, against OpenFisca's vectorised engine (Local Law 22
of 2013, `--law 22`), against the generated Python module row by row, and on Spark (local);
each measured in a child process of its own for its peak memory.

Takes `--rows N` (default 1,000,000): a seeded synthetic population of detainer requests drawn
by the vectorised generator (benchmarks/generate_population.py, the row generator's
distributions) straight to Parquet in a temporary folder, with the fields the law reads
(`--csv-rows` of them also written as CSV and read by lawc's bulk CSV reader, timed). Prints
seconds (minimum of `--repeat`), rows per second, ratios to lawc on DuckDB and peak resident
memory (VmHWM of each child: Python, its libraries and the work), and checks that every engine
counts the same outcomes. The Python loop runs on the first `--sample` rows and is
extrapolated; Spark on the first `--spark-rows` rows (after one warm-up run; the JVM's own
memory is not in its figure). Every engine is timed end to end from the Parquet file to the
counts. Run: `.venv/bin/python benchmarks/bench_population.py` (needs the bench extra, and
pyspark for Spark).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LAWS = {"62": REPO / "statutes" / "nyc" / "local_law_62_2011.law",
        "22": REPO / "statutes" / "nyc" / "local_law_22_2013.law"}
LAW = LAWS["62"]
HAND = """SELECT _row, CASE WHEN agency <> 'Department of Correction'
  OR len(list_filter(person.convictions, lambda x: NOT x.youthful_offender_adjudication
         AND x.judgment_date <= request.request_date AND x.class IN ('felony', 'misdemeanor'))) > 0
  OR len(person.pending_charges) >= 1 OR person.outstanding_criminal_warrant
  OR person.known_gang_membership_in_a_law_enforcement_database
  OR person.possible_match_in_the_terrorist_screening_database OR person.prior_order_of_removal
  THEN 'may be honored' ELSE 'must be declined' END AS hold FROM facts"""
ENGINES = ("lawc-duckdb", "hand-duckdb", "hand-numpy", "openfisca", "python-loop", "spark")
HAND_ENGINES = {"62": ("hand-duckdb", "hand-numpy"), "22": ("openfisca",)}


def cpu_seconds() -> float:
    """This process's CPU time (user and system, every thread: DuckDB's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


_CPU: list[float] = []  # the CPU seconds of each run `best` timed, in this process


def best(repeat: int, run: Callable[[], dict[str, int]]) -> tuple[float, dict[str, int]]:
    times, counts = [], {}
    for _ in range(repeat):
        start, cpu = time.perf_counter(), cpu_seconds()
        counts = run()
        times.append(time.perf_counter() - start)
        _CPU.append(cpu_seconds() - cpu)
    return min(times), counts


_PROGRAM: list[Any] = []


def program() -> Any:
    """The law, loaded once per process (not timed: every engine starts from it)."""
    from compiler import driver

    if not _PROGRAM:
        _PROGRAM.append(driver.load_program(driver.Workspace(), LAW))
    return _PROGRAM[0]


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not the parent's before
    exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lawc_duckdb(parquet: Path) -> dict[str, int]:
    from compiler.engines.engines import counts, run_duckdb

    p = program()
    return {k: v for k, v in counts(p, run_duckdb(p, parquet))["hold"].items()}


def hand_duckdb(parquet: Path) -> dict[str, int]:
    import duckdb

    import pyarrow.compute as pc

    con = duckdb.connect()
    con.read_parquet(str(parquet)).create_view("facts")
    result = con.sql(HAND).to_arrow_table()  # the same output lawc gives: one row per case
    con.close()
    return {json.dumps(e["values"]): e["counts"]
            for e in pc.value_counts(result.column("hold")).to_pylist()}


def hand_numpy(parquet: Path) -> dict[str, int]:
    """The rule over columns: each list flattened once, its elements' test summed per case."""
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    t = pq.read_table(parquet).combine_chunks()
    n = t.num_rows
    person, request = t.column("person"), t.column("request")

    def flag(col: Any, name: str) -> Any:
        return pc.fill_null(pc.struct_field(col, name), False).to_numpy(zero_copy_only=False)

    convs = pc.struct_field(person, "convictions")
    flat = pc.list_flatten(convs)
    parent = pc.list_parent_indices(convs).to_numpy()
    days = pc.cast(pc.struct_field(request, "request_date"), "int32").to_numpy()
    judged = pc.cast(pc.struct_field(flat, "judgment_date"), "int32").to_numpy()
    klass = pc.struct_field(flat, "class")
    counted = (~flag(flat, "youthful_offender_adjudication") & (judged <= days[parent])
               & pc.is_in(klass, value_set=pc.cast(["felony", "misdemeanor"], klass.type))
               .to_numpy(zero_copy_only=False))
    convicted = np.bincount(parent[counted], minlength=n) > 0
    pending = pc.fill_null(pc.list_value_length(pc.struct_field(person, "pending_charges")),
                           0).to_numpy() >= 1
    other = pc.not_equal(t.column("agency"), "Department of Correction").to_numpy(
        zero_copy_only=False)
    hold = (other | convicted | pending | flag(person, "outstanding_criminal_warrant")
            | flag(person, "known_gang_membership_in_a_law_enforcement_database")
            | flag(person, "possible_match_in_the_terrorist_screening_database")
            | flag(person, "prior_order_of_removal"))
    honored = int(hold.sum())
    return {'"may be honored"': honored, '"must be declined"': n - honored}


def openfisca(parquet: Path) -> dict[str, int]:
    """Local Law 22 of 2013 as an OpenFisca model (benchmarks/openfisca_ll22.py)."""
    import pyarrow.parquet as pq

    sys.path.insert(0, str(REPO / "benchmarks"))
    import openfisca_ll22

    started = time.perf_counter()
    table = pq.read_table(parquet)
    _PHASES.setdefault("read Parquet", []).append(time.perf_counter() - started)
    return openfisca_ll22.counts(table, _PHASES)


_PHASES: dict[str, list[float]] = {}  # OpenFisca's seconds by phase, each run


def python_loop(parquet: Path, sample: int) -> dict[str, int]:
    """The generated module's decide() on each of the first `sample` cases, as JSON facts."""
    from collections import Counter

    import pyarrow.parquet as pq

    from compiler import driver
    from compiler.engines.engines import _json_case

    decide = driver.module_in_memory(program()).decide
    tally: Counter[str] = Counter()
    first = next(pq.ParquetFile(parquet).iter_batches(batch_size=sample))  # those rows only
    for case in first.drop_columns(["_row"]).to_pylist():
        # every row under this version, as the SQL engines decide (docs/sql.md)
        tally[json.dumps(decide(_json_case(case), ignore_in_force=True)["hold"])] += 1
    return dict(tally)


def spark(parquet: Path, rows: int) -> tuple[float, dict[str, int]]:
    import pyarrow.parquet as pq

    from compiler.engines.engines import counts
    from compiler.engines.spark import run_spark, session

    p = program()
    part = parquet.with_name("spark.parquet")
    pq.write_table(pq.read_table(parquet).slice(0, rows), part)
    s = session()
    run_spark(p, part, s)  # warm-up: the session, the JVM's code
    return best(1, lambda: counts(p, run_spark(p, part, s))["hold"])


def child(args: argparse.Namespace) -> None:
    global LAW
    LAW = LAWS[args.law]
    parquet = Path(args.parquet)
    program()
    if args.child == "python-loop":
        from compiler import driver

        driver.module_in_memory(program())
    if args.child == "lawc-duckdb":
        seconds, got = best(args.repeat, lambda: lawc_duckdb(parquet))
    elif args.child == "hand-duckdb":
        seconds, got = best(args.repeat, lambda: hand_duckdb(parquet))
    elif args.child == "hand-numpy":
        seconds, got = best(args.repeat, lambda: hand_numpy(parquet))
    elif args.child == "openfisca":
        seconds, got = best(args.repeat, lambda: openfisca(parquet))
    elif args.child == "python-loop":
        seconds, got = best(1, lambda: python_loop(parquet, args.sample))
    else:
        seconds, got = spark(parquet, args.spark_rows)
    peak = peak_mb()
    phases = {k: min(v) for k, v in _PHASES.items()}
    print(json.dumps({"seconds": seconds, "cpu": min(_CPU, default=0.0), "peak_mb": peak,
                      "counts": got, "phases": phases}))


def project(array: Any, kind: Any) -> Any:
    """`array` with only the fields of `kind` (a struct's, a list of structs' elements')."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_struct(kind):  # a field the source lacks (a placeholder): NULL
        have = {array.type.field(i).name for i in range(array.type.num_fields)}
        return pa.StructArray.from_arrays(
            [project(pc.struct_field(array, f.name), f.type) if f.name in have
             else pa.nulls(len(array), f.type) for f in kind],
            fields=list(kind), mask=pc.is_null(array))
    if pa.types.is_list(kind):
        return pa.ListArray.from_arrays(array.offsets, project(array.values, kind.value_type))
    return array


def population(rows: int, folder: Path, csv_rows: int) -> tuple[Path, float | None]:
    """The Parquet of `rows` generated cases (seed 7) with the fields the law reads, and the
    seconds lawc's bulk reader took to read `csv_rows` of them from CSV (None for 0)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from compiler.engines.tables import arrow_schema, read_csv

    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate_population

    full = folder / "generated.parquet"
    generate_population.write(rows, 7, full)
    schema = arrow_schema(program())
    parquet = folder / "cases.parquet"
    with pq.ParquetWriter(parquet, schema) as writer:
        for batch in pq.ParquetFile(full).iter_batches(batch_size=500_000):
            part = pa.Table.from_batches([batch]).combine_chunks()
            writer.write_table(pa.table({f.name: project(part.column(f.name).chunk(0), f.type)
                                         for f in schema}, schema=schema))
    full.unlink()
    if not csv_rows:
        return parquet, None
    seed = folder / "seed.csv"
    subprocess.run([sys.executable, str(REPO / "data" / "generate_detainer_requests.py"),
                    "--rows", str(csv_rows), "--seed", "7", "--output", str(seed)], check=True)
    started = time.perf_counter()
    read_csv(program(), seed)
    return parquet, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--law", choices=sorted(LAWS), default="62")
    parser.add_argument("--csv-rows", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--spark-rows", type=int, default=200_000)
    parser.add_argument("--engines", default="")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every engine's child this many times, in turn, and keep "
                        "each engine's fastest (a spell of load then hits every engine)")
    parser.add_argument("--child", choices=ENGINES)
    parser.add_argument("--parquet")
    args = parser.parse_args()
    global LAW
    LAW = LAWS[args.law]
    if args.child:
        child(args)
        return
    engines = args.engines.split(",") if args.engines else [
        e for e in ENGINES if e not in sum(HAND_ENGINES.values(), ()) or
        e in HAND_ENGINES[args.law]]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        parquet, read = population(args.rows, Path(tmp), args.csv_rows)
        print(f"law {LAW.name}; rows: {args.rows:,} generated and written to Parquet in "
              f"{time.perf_counter() - started - (read or 0):.1f} s "
              f"({parquet.stat().st_size / 1e6:,.1f} MB)")
        if read is not None:
            print(f"CSV read in bulk: {args.csv_rows:,} rows in {read:.2f} s")
        results: dict[str, dict[str, Any]] = {}
        for _ in range(args.rounds):
            for engine in engines:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", engine, "--parquet", str(parquet),
                     "--law", args.law, "--repeat", str(args.repeat), "--sample",
                     str(args.sample), "--spark-rows", str(args.spark_rows)],
                    check=True, capture_output=True, text=True).stdout
                got = json.loads(out.strip().splitlines()[-1])
                kept = results.setdefault(engine, got)
                for key in ("seconds", "cpu"):
                    kept[key] = min(kept[key], got[key])
                kept["peak_mb"] = max(kept["peak_mb"], got["peak_mb"])
                for phase, seconds in got["phases"].items():
                    kept["phases"][phase] = min(kept["phases"][phase], seconds)
    report(results, args)


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    """Each engine's time for the whole population (extrapolated from its sample), lawc on
    DuckDB's time over it (wall and CPU), its peak memory and its counts."""
    lawc = results.get("lawc-duckdb")
    for engine, r in results.items():
        rows = {"python-loop": args.sample, "spark": args.spark_rows}.get(engine, args.rows)
        rows = min(rows, args.rows)
        scale = args.rows / rows  # the whole population, extrapolated
        seconds, cpu = r["seconds"] * scale, r["cpu"] * scale
        ratio = f"  lawc/this = {lawc['seconds'] / seconds:.3g} (CPU {lawc['cpu'] / cpu:.3g})" \
            if lawc else ""
        shown = r["counts"] if rows == args.rows else "(a sample)"
        print(f"{engine:12} {seconds:9.2f} s, CPU {cpu:.2f} s for {args.rows:,} "
              f"({args.rows / seconds:12,.0f} rows/s; measured on {rows:,}){ratio}  "
              f"peak {r['peak_mb']:,.0f} MB  {shown}")
        for phase, part in r["phases"].items():
            print(f"{'':12}   {phase}: {part:.2f} s")


if __name__ == "__main__":
    main()
