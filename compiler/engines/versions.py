"""Two versions of a law over one population, decided on DuckDB: what `lawc diff --population`
and `lawc report` count.

Takes the old and new `Program`, a CSV of cases (as `population.read_population` reads it) or
a Parquet file of them (as `lawc evaluate --input` reads it), and
the decisions both versions have; gives, in the shapes `analysis.diff.VersionDiff` counts, each
good row's outcome labels under both versions and the failures (`row N: <what is wrong>`), from
one query per version (`compiler.backends.to_sql`) instead of the interpreter a row at a time,
and later the values of a decision's atoms on the rows of a cell (compiled to SQL the same way).
`PopulationRun.start` gives None where the result could differ from the row-by-row path's (a
decision of decimals, an evaluation with no answer, a file the bulk reader cannot open); the
caller then counts row by row. Messages of malformed rows are the facts checker's own words:
those rows (and only those) are read again and parsed as the row-by-row path parses them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import reduce
from pathlib import Path
from typing import Any

import pyarrow as pa

from compiler.backends import to_sql
from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError, parse_facts
from compiler.engines.tables import read_csv
from compiler.interpret import Interpreter
from compiler.population import PopulationError, leaf_types, row_to_facts
from compiler.runtime_explain import words

Decided = tuple[int, dict[str, tuple[str, str]]]


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def read_table(program: c.Program, path: Path) -> pa.Table | Path:
    """A population's table of facts: a CSV read in bulk, or a Parquet file (in the layout of
    `compiler.backends.sql_schema`; `_row` from 1 unless the file has it) left for DuckDB to
    read (its schema checked here)."""
    if is_parquet(path):
        import pyarrow.parquet as pq

        pq.read_schema(path)  # a file that is not Parquet: counted row by row, which says so
        return path
    return read_csv(program, path)


def parquet_rows(path: Path, numbers: set[int] | None = None
                 ) -> list[tuple[int, dict[str, object]]]:
    """The rows of a Parquet population as JSON-like facts (`decide()`'s shape), numbered by
    `_row` (from 1 where the file has none); only those of `numbers` when given."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from compiler.engines.engines import _json_case

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise PopulationError(f"{path}: not a Parquet file of cases: {exc}") from None
    if to_sql.ROW not in table.column_names:
        table = table.add_column(0, to_sql.ROW, pa.array(range(1, table.num_rows + 1),
                                                         pa.int64()))
    if numbers is not None:
        table = table.filter(pc.is_in(table.column(to_sql.ROW),
                                      value_set=pa.array(sorted(numbers), pa.int64())))
    out = []
    for row in table.to_pylist():
        number = row.pop(to_sql.ROW)
        out.append((number, _json_case(row)))
    return out


def rows_of(path: Path, program: c.Program, numbers: set[int]) -> dict[int, dict[str, object]]:
    """The facts of the rows numbered `numbers` (numbered as `read_population` numbers them,
    or by `_row` for Parquet)."""
    if is_parquet(path):
        return dict(parquet_rows(path, numbers)) if numbers else {}
    types = leaf_types(program)
    with path.open(encoding="utf-8", newline="") as handle:
        return {n: row_to_facts(row, types) for n, row in enumerate(csv.DictReader(handle),
                                                                    start=2) if n in numbers}


_ERROR_LABELS = (("conflict in ", "conflict"), ("gap in ", "gap"), ("bad facts: ", ""))


def side_labels(result: pa.Table, key: str) -> list[str] | None:
    """Each row's label of decision `key` in one version's result: its value in words, or
    `conflict`, `gap`, or "" (bad facts) by its error; None if a row's error is another (the
    evaluation has no answer). Worded once per distinct value, not once per row."""
    import numpy as np
    import pyarrow.compute as pc

    value = result.column(key).combine_chunks()
    error = result.column(f"{key}_error").combine_chunks()
    distinct = pc.unique(value)
    shown = np.array([words(v) for v in distinct.to_pylist()] + [""], dtype=object)
    index = pc.fill_null(pc.index_in(value, value_set=distinct), len(distinct))
    labels = shown[index.to_numpy(zero_copy_only=False)]
    failed = pc.is_valid(error)
    if pc.any(failed).as_py():
        covered = pc.invert(failed)
        for prefix, label in _ERROR_LABELS:
            hit = pc.fill_null(pc.starts_with(error, prefix), False)
            labels[hit.to_numpy(zero_copy_only=False)] = label
            covered = pc.or_(covered, hit)
        if not pc.all(covered).as_py():
            return None
    out: list[str] = labels.tolist()
    return out


class SharedTables:
    """Each version's table of facts and query result over one population file, kept for every
    comparison of a report that reads it (a report diffs one version against several). Keyed
    by the program object itself (held here, so its identity cannot be reused), the file and
    the decisions asked."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, str, tuple[str, ...]], tuple[c.Program, pa.Table]] = {}

    def get(self, program: c.Program, path: Path, decisions: Sequence[str],
            compute: Any) -> pa.Table:
        key = (id(program), str(path), tuple(decisions))
        if key not in self._kept:
            self._kept[key] = (program, compute())
        return self._kept[key][1]


class PopulationRun:
    """Both versions' queries run once over the population; atoms asked for later."""

    def __init__(self, programs: Sequence[c.Program], path: Path,
                 facts: list[pa.Table | Path]) -> None:
        self.programs, self.path, self.facts = list(programs), path, facts
        self.decided: list[Decided] = []
        self.failures: list[str] = []

    @classmethod
    def start(cls, programs: Sequence[c.Program], path: Path, decisions: Sequence[str],
              shared: SharedTables | None = None) -> PopulationRun | None:
        """The run, or None where the row-by-row path must count instead. With `shared`, a
        version's facts and outcomes already computed for another comparison are reused."""
        if any(isinstance(p.decisions[n].type, (c.DecimalT, c.MoneyT))
               for p in programs for n in decisions):
            return None
        tables = shared or SharedTables()
        try:
            facts = [tables.get(p, path, (), lambda p=p: read_table(p, path)) for p in programs]
        except (OSError, UnicodeDecodeError, csv.Error, pa.ArrowException):
            return None  # the row-by-row reader says what is wrong with the file
        run = cls(programs, path, facts)
        import duckdb

        try:
            results = [tables.get(p, path, decisions, lambda i=i, p=p: run.query(
                i, to_sql.query(p, list(decisions)))) for i, p in enumerate(programs)]
        except duckdb.Error:  # a Parquet file without a column the law reads
            return None
        return run if run.count(results, decisions) else None

    def query(self, index: int, tree: Any, numbers: pa.Table | None = None) -> pa.Table:
        """`tree` (a sqlglot query over `facts`) on version `index`'s table of facts."""
        from compiler.engines.engines import _connect

        con = _connect(self.programs[index], self.facts[index], None, {})
        try:
            if numbers is not None:
                con.register("lawc:numbers", numbers)
            result: pa.Table = con.sql(tree.sql(dialect="duckdb")).to_arrow_table()
        finally:
            con.close()
        return result.sort_by(to_sql.ROW)

    def count(self, results: list[pa.Table], decisions: Sequence[str]) -> bool:
        """Fill `decided` and `failures`; False if a row has no answer the labels can show."""
        import pyarrow.compute as pc

        numbers = results[0].column(to_sql.ROW).to_pylist()
        labels: dict[str, list[tuple[str, str]]] = {}
        for name in decisions:
            sides = [side_labels(result, names.key(name)) for result in results]
            if sides[0] is None or sides[1] is None:
                return False  # the interpreter stops with an error here
            labels[name] = list(zip(sides[0], sides[1]))
        bad = [pc.is_valid(r.column(to_sql.FACTS_ERROR)) for r in results]
        failed = set(pc.filter(results[0].column(to_sql.ROW), reduce(pc.or_, bad)).to_pylist())
        messages = self.failure_messages(failed)
        for number, values in zip(numbers, zip(*(labels[n] for n in decisions))):
            if failed and number in failed:
                self.failures.append(messages[number])
            else:
                self.decided.append((number, dict(zip(decisions, values))))
        return len(messages) == len(failed)

    def failure_messages(self, failed: set[int]) -> dict[int, str]:
        """`row N: ...` for each failed row, as the row-by-row path words it."""
        out: dict[int, str] = {}
        for number, facts in rows_of(self.path, self.programs[-1], failed).items():
            try:
                for program in self.programs:
                    parse_facts(program, facts)
            except FactsError as exc:
                out[number] = f"row {number}: {exc}"
        return out

    def atom_rows(self, atoms: Sequence[Any], numbers: Sequence[int]
                  ) -> list[tuple[int, tuple[bool, ...]]] | None:
        """Each row of `numbers` with the values of `atoms` (`analysis.regions.Atom`: a core
        condition of version `atom.program`), from one query per version."""
        if not numbers:
            return []
        wanted = pa.table({"n": pa.array(sorted(set(numbers)), pa.int64())})
        values: dict[int, list[bool]] = {n: [False] * len(atoms) for n in numbers}
        for index in range(len(self.programs)):
            mine = [(k, a) for k, a in enumerate(atoms) if a.program == index]
            if not mine:
                continue
            tree = to_sql.atoms_query(self.programs[index], [a.expr for _, a in mine])
            if tree is None:  # an atom reads a decision
                return self.atom_rows_one_by_one(atoms, numbers)
            table = self.query(index, tree, wanted)
            columns = [table.column(f"a{j}").to_pylist() for j in range(len(mine))]
            for row, *got in zip(table.column(to_sql.ROW).to_pylist(), *columns):
                if any(v is None for v in got):
                    return self.atom_rows_one_by_one(atoms, numbers)
                for (k, _), v in zip(mine, got):
                    values[row][k] = bool(v)
        return [(n, tuple(values[n])) for n in numbers]

    def atom_rows_one_by_one(self, atoms: Sequence[Any], numbers: Sequence[int]
                             ) -> list[tuple[int, tuple[bool, ...]]]:
        """`atom_rows` by the interpreter (atoms that read decisions, or have no answer)."""
        facts = rows_of(self.path, self.programs[-1], set(numbers))
        interpreters = [Interpreter(p) for p in self.programs]
        cases = {n: [parse_facts(p, facts[n]) for p in self.programs] for n in numbers}
        return [(n, tuple(bool(interpreters[a.program].eval(a.expr, cases[n][a.program], {}))
                          for a in atoms)) for n in numbers]


__all__ = ["PopulationRun", "SharedTables", "parquet_rows", "read_table", "rows_of",
           "side_labels"]
