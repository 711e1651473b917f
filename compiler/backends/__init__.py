"""Backends: the core IR compiled for a target.

Takes checked `Program`s; gives text to write: `to_python.py` a standard-library-only Python
module per statute (typed decision functions, `decide()`, `explain_*`; its module writer's
parts are `to_python_expr.py`, `to_python_decisions.py`, `to_python_readers.py`,
`to_python_explain.py`, `invariants.py` and `schema.py`; `writer.py` is the code writer and the
namer of safe identifiers), importing the one runtime `compiler/runtime.py` copied beside it;
`to_sql.py` a SQL query per decision built as a sqlglot expression tree, in the DuckDB or Spark
dialect, over a table of facts laid out as `sql_schema.py` says.
"""
