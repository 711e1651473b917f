"""Shared checks of the population engines: a table of results held to the interpreter and to
the generated module's `decide()`, case by case, error columns included."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from types import ModuleType
from typing import Any

import pyarrow as pa

from compiler import driver
from compiler.core import ast as c
from compiler.core import names
from compiler.diagnostics import DiagnosticError
from compiler.engines.engines import run_python
from compiler.engines.tables import facts_table


def generated_module(program: c.Program) -> ModuleType:
    """The law's generated module, compiled in memory (never another copy on the path)."""
    return driver.module_in_memory(program)


def field_of(message: str | None) -> str | None:
    """The field a facts error names, list indices left out (`person.convictions[*].class`)."""
    if message is None:
        return None
    return re.sub(r"\[\d+\]", "[*]", message.removeprefix("bad facts: ").split(": ")[0])


def same_value(program: c.Program, name: str, got: Any, want: Any) -> bool:
    """Whether an engine's value is the interpreter's JSON value: an amount equal as a number
    (DuckDB gives a DECIMAL, `2148.00` for `"2148"`), a date as its ISO string."""
    t = program.decisions[name].type
    if got is None or want is None:
        return got is None and want is None
    if isinstance(t, (c.DecimalT, c.MoneyT)):
        return isinstance(got, (Decimal, str)) and Decimal(str(got)) == Decimal(str(want))
    if isinstance(got, datetime.datetime):  # DuckDB's TIMESTAMP, to the minute
        return got.isoformat(timespec="minutes") == want
    if isinstance(got, datetime.date):
        return got.isoformat() == want
    return bool(got == want and type(got) is type(want))


def _unknowable(program: c.Program, path: str | None) -> bool:
    """Whether a facts path (`release_time`, `person.convictions[*].release_time`) is a fact
    given `, if known`."""
    record, decl = c.ROOT, None
    for key in (path or "").replace("[*]", "").split("."):
        fields = {names.key(n): d for n, d in program.fields_of(record).items()}
        decl = fields.get(key)
        if decl is None:
            return False
        if isinstance(decl.type, c.RecordT):
            record = decl.type.name
        elif isinstance(decl.type, c.ListT):
            record = decl.type.element
    return decl is not None and decl.optional


def rows(table: pa.Table) -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=lambda r: r["_row"])


def assert_same(program: c.Program, cases: list[dict[str, Any]], engine_rows: list[dict[str, Any]],
                ) -> None:
    """`engine_rows` (one per case, in order) give what the interpreter and `decide()` give."""
    expected = rows(run_python(program, facts_table(program, cases)))
    module = generated_module(program)
    assert len(engine_rows) == len(expected) == len(cases)
    for case, got, want in zip(cases, engine_rows, expected):
        assert field_of(got["facts_error"]) == field_of(want["facts_error"]), (case, got, want)
        for name in program.decisions:
            key = names.key(name)
            if want["facts_error"] is not None:
                assert got[key] is None and got[f"{key}_error"] is not None
                continue
            assert same_value(program, name, got[key], want[key]), (name, case, got, want)
            assert got[f"{key}_error"] == want[f"{key}_error"], (name, case, got, want)
        if want["facts_error"] is not None:
            continue
        try:
            decided = module.decide(case, ignore_in_force=True)  # as the SQL engines decide
        except Exception as exc:  # the first decision with an error, in the law's order
            runtime = module.rt  # the in-memory module's own runtime: its classes, by identity
            if isinstance(exc, runtime.FactsError) and _unknowable(program, field_of(str(exc))):
                # the one known difference: a table of facts has no place for a malformed value
                # of a fact given `, if known`, which it reads as NULL, not known (docs/sql.md)
                continue
            first = next(names.key(n) for n in program.decisions
                         if want[f"{names.key(n)}_error"] is not None)
            if isinstance(exc, (runtime.LawConflict, runtime.LawGap)):
                assert str(exc) == want[f"{first}_error"]
            continue
        assert decided.keys() == {names.key(n) for n in [*program.decisions,
                                                          *program.outcome_records]}
        for n in program.decisions:
            assert same_value(program, n, decided[names.key(n)], want[names.key(n)]), (n, case)
        for n, record in program.outcome_records.items():  # an object of its outputs' values
            assert decided[names.key(n)] == {names.key(f): decided[names.key(f)]
                                             for f in record.fields}, (n, case)


def refused_by_sql(program: c.Program, run: Any) -> bool:
    """Whether the SQL backend refuses a form of the law (a quotient as a value, a value too
    large to compute exactly); if so, `run()` (the engine over some population) must refuse it
    with `sql-unsupported` diagnostics, never a traceback or a silent column."""
    try:
        run()
    except DiagnosticError as exc:
        assert {d.code for d in exc.diagnostics} == {"sql-unsupported"}, str(exc)
        return True
    return False
