"""What the diffs of one report share, since one version appears in several comparisons.

Takes the versions' programs and a population file; gives, computed once per report instead of
once per comparison: each version's interpreter (`interpret_fast.FastInterpreter`, whose
closures are then made once), a small population's rows as facts (read once per set of column
types: versions of one vocabulary read a CSV alike), each version's reading of every row (its
record, or the checker's words for a row it refuses) and its outcome label of each decision on
every row, and for a large population DuckDB's tables (`engines.versions.SharedTables`).

A population of at most `ROW_BY_ROW_BYTES` is decided row by row through the interpreter:
on a few thousand rows, starting DuckDB (imports, a connection, the SQL text of each version's
query) costs more than deciding them; the rows, labels and failures are those of
`VersionDiff.run_population` (`tests/test_population_diff.py` holds the two paths equal).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from compiler.core import ast as c
from compiler.core.facts import FactsError, Record, parse_facts
from compiler.interpret_fast import FastInterpreter
from compiler.population import leaf_types, read_population

ROW_BY_ROW_BYTES = 2_000_000  # a CSV population up to this size is decided row by row

Rows = list[tuple[int, dict[str, object]]]
Label = Callable[[FastInterpreter, c.Program, str, Any], str]  # `diff.decide_label`


def row_by_row(path: Path) -> bool:
    """Whether a population file is small enough to decide row by row (a CSV, not Parquet)."""
    if path.suffix.lower() == ".parquet":
        return False
    try:
        return path.stat().st_size <= ROW_BY_ROW_BYTES
    except OSError:
        return True  # the row-by-row reader says what is wrong with the file


class VersionRows:
    """One version's reading of a population's rows, and its labels of each decision."""

    def __init__(self, program: c.Program, interpreter: FastInterpreter, rows: Rows) -> None:
        self.program, self.interpreter = program, interpreter
        self.records: dict[int, Record] = {}
        self.refused: dict[int, str] = {}  # row number → the checker's words
        for number, facts in rows:
            try:
                self.records[number] = parse_facts(program, facts)
            except FactsError as exc:
                self.refused[number] = str(exc)
        self._labels: dict[str, dict[int, str]] = {}

    def labels(self, decision: str, label: Label) -> dict[int, str]:
        """Each readable row's label of `decision` (worked out on first use)."""
        if decision not in self._labels:
            self._labels[decision] = {n: label(self.interpreter, self.program, decision, case)
                                      for n, case in self.records.items()}
        return self._labels[decision]


class SharedWork:
    """The work of one report's diffs that does not depend on the pair compared."""

    def __init__(self) -> None:
        self.tables: Any = None
        self._interpreters: dict[int, tuple[c.Program, FastInterpreter]] = {}
        self._rows: dict[tuple[str, str], Rows] = {}
        self._versions: dict[tuple[str, str, int], tuple[c.Program, VersionRows]] = {}

    def population_tables(self) -> Any:
        """DuckDB's tables, for a population counted in bulk (made on first use)."""
        if self.tables is None:
            from compiler.engines.versions import SharedTables

            self.tables = SharedTables()
        return self.tables

    def interpreter(self, program: c.Program) -> FastInterpreter:
        """The one interpreter of a version (its closures made once for every comparison)."""
        kept = self._interpreters.get(id(program))
        if kept is None:
            kept = self._interpreters[id(program)] = (program, FastInterpreter(program))
        return kept[1]

    def version_rows(self, path: Path, reader: c.Program, program: c.Program) -> VersionRows:
        """`program`'s reading of the rows of `path`, its cells read with `reader`'s types (as
        `read_population(path, reader)`: the newer version of a diff reads the file)."""
        key = (*self._key(path, reader), id(program))
        if key not in self._versions:
            self._versions[key] = (program, VersionRows(
                program, self.interpreter(program), self.rows(path, reader)))
        return self._versions[key][1]

    def rows(self, path: Path, reader: c.Program) -> Rows:
        """The rows as `read_population(path, reader)` gives them (read once)."""
        key = self._key(path, reader)
        if key not in self._rows:
            self._rows[key] = read_population(path, reader)
        return self._rows[key]

    @staticmethod
    def _key(path: Path, reader: c.Program) -> tuple[str, str]:
        return str(path), repr(sorted((k, repr(t)) for k, t in leaf_types(reader).items()))


__all__ = ["ROW_BY_ROW_BYTES", "SharedWork", "VersionRows", "row_by_row"]
