"""Running a law's SQL on Spark (PySpark, local mode or a cluster's session).

Takes a `Program`, a Parquet or CSV file of cases (or an Arrow table) and a `SparkSession`;
gives the result table as Arrow, with the columns `compiler.engines.engines` documents. The
query is the same sqlglot tree as DuckDB's, written in the Spark dialect.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from compiler.backends import to_sql
from compiler.core import ast as c
from compiler.engines.tables import read_csv

_SESSION: Any = None
MASTER = "LAWC_SPARK_MASTER"  # the environment variable naming a cluster's master URL


def master_url(cores: int = 2) -> str:
    """The Spark master to run on: `$LAWC_SPARK_MASTER` (`spark://host:7077`, `yarn`, …)
    where it is set, else local mode on `cores` cores."""
    return os.environ.get(MASTER, "").strip() or f"local[{cores}]"


def session(cores: int = 2) -> Any:
    """A Spark session (made once per process) on `master_url`, quiet and in UTC."""
    global _SESSION
    if _SESSION is None:
        from pyspark.sql import SparkSession

        _SESSION = (SparkSession.builder.master(master_url(cores)).appName("lawc")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.shuffle.partitions", str(cores))
                    .config("spark.driver.memory", "2g")
                    # a law of many dated figures (§ 1324a(e)(4) with DOJ's days) nests more
                    # views than the analyzer's default 100 passes resolve
                    .config("spark.sql.analyzer.maxIterations", "1000")
                    .getOrCreate())
        _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


def stop() -> None:
    global _SESSION
    if _SESSION is not None:
        _SESSION.stop()
        _SESSION = None


def fold_children(frame: Any, children: dict[str, Path], spark: Any) -> Any:
    """`frame` (the cases) with each child table folded back into its list: the child's rows
    grouped by `_row`, `collect_list` of `(row in its file, struct of the element)` sorted so
    the elements keep their file's order, left-joined on `_row` and put at the list's path
    (`withField` inside a record); a case with no rows in a child table has an empty list."""
    from pyspark.sql import functions as F

    for path, source in sorted(children.items()):
        child = spark.read.parquet(str(source))
        if to_sql.ROW not in child.columns:
            raise ValueError(f"{source}: a child table needs the column {to_sql.ROW!r}, the "
                             "case each row belongs to")
        fields = [F.col(f"`{k}`") for k in child.columns if k != to_sql.ROW]
        # one file's splits are read in order, so the ids grow with the row in the file
        child = child.withColumn("_lawc_order", F.monotonically_increasing_id())
        grouped = child.groupBy(to_sql.ROW).agg(F.sort_array(F.collect_list(F.struct(
            F.col("_lawc_order"), F.struct(*fields).alias("item")))).alias("_lawc_items"))
        grouped = grouped.select(F.col(to_sql.ROW).alias("_lawc_row"), F.transform(
            "_lawc_items", lambda x: x["item"]).alias("_lawc_items"))
        empty = F.array().cast(grouped.schema["_lawc_items"].dataType)
        frame = frame.join(grouped, frame[to_sql.ROW] == grouped["_lawc_row"], "left")
        items = F.coalesce(F.col("_lawc_items"), empty)
        top, *rest = path.split(".")
        if top not in frame.columns and rest:
            raise ValueError(f"a child table's list is inside {top!r}, which the cases lack")
        frame = frame.withColumn(top, F.col(f"`{top}`").withField(".".join(rest), items)
                                 if rest else items).drop("_lawc_row", "_lawc_items")
    return frame


def run_spark(program: c.Program, facts: pa.Table | Path, spark: Any,
              children: dict[str, Path] | None = None) -> pa.Table:
    """The law's query on Spark over a Parquet/CSV file or an Arrow table; `children` as
    `engines.run_duckdb` takes them (for a Parquet file, the child tables beside it)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from compiler.engines.engines import child_tables

    if children is None:
        children = child_tables(facts) if isinstance(facts, Path) else {}

    with tempfile.TemporaryDirectory(prefix="lawc-spark-") as tmp:
        if isinstance(facts, Path) and facts.suffix.lower() == ".csv":
            facts = read_csv(program, facts)
        if isinstance(facts, pa.Table):
            path = Path(tmp) / "facts.parquet"
            pq.write_table(facts, path)
            facts = path
        frame = spark.read.parquet(str(facts))
        if to_sql.ROW not in frame.columns:
            order = Window.orderBy(F.monotonically_increasing_id())
            frame = frame.withColumn(to_sql.ROW, F.row_number().over(order).cast("long"))
        if children:
            frame = fold_children(frame, children, spark)
        frame.createOrReplaceTempView(to_sql.TABLE)
        sql = to_sql.to_sql(program, "spark", pretty=False).rstrip(";\n")
        result: pa.Table = spark.sql(sql).toArrow()
        spark.catalog.dropTempView(to_sql.TABLE)
    return _local_times(result)


def _local_times(table: pa.Table) -> pa.Table:
    """A date and time as DuckDB and the interpreter give it, without a zone: Spark's
    TIMESTAMP comes out in its session's zone, UTC, whose clock time is the law's local time
    (the facts were read in that zone too, so nothing was shifted)."""
    for i, f in enumerate(table.schema):
        if pa.types.is_timestamp(f.type) and f.type.tz is not None:
            table = table.set_column(i, f.name, table.column(i).cast(pa.timestamp(f.type.unit)))
    return table
