"""Engines: a law run over a population of cases.

Takes a `Program` and a CSV or Parquet file of cases; gives a table of outcomes with error
columns, and the count of each outcome: the law's SQL (`compiler.backends.to_sql`) on embedded
DuckDB or on Spark (local, or a cluster where one exists), or the interpreter row by row as the
reference. `engines.evaluate_population` is the entry point; `driver.evaluate_population` is
how the command line reaches it. Needs the `population` extra (and `spark` for Spark).
"""
