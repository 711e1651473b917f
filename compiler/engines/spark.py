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
                    .getOrCreate())
        _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


def stop() -> None:
    global _SESSION
    if _SESSION is not None:
        _SESSION.stop()
        _SESSION = None


def run_spark(program: c.Program, facts: pa.Table | Path, spark: Any) -> pa.Table:
    """The law's query on Spark over a Parquet/CSV file or an Arrow table."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

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
        frame.createOrReplaceTempView(to_sql.TABLE)
        sql = to_sql.to_sql(program, "spark", pretty=False).rstrip(";\n")
        result: pa.Table = spark.sql(sql).toArrow()
        spark.catalog.dropTempView(to_sql.TABLE)
    return result
