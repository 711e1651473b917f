"""Shared checks of the population engines: a table of results held to the interpreter and to
the generated module's `decide()`, case by case, error columns included."""

from __future__ import annotations

import re
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
            assert (got[key], got[f"{key}_error"]) == (want[key], want[f"{key}_error"]), (
                name, case, got, want)
        if want["facts_error"] is not None:
            continue
        try:
            decided = module.decide(case)
        except Exception as exc:  # the first decision with an error, in the law's order
            first = next(names.key(n) for n in program.decisions
                         if want[f"{names.key(n)}_error"] is not None)
            runtime = module.rt  # the in-memory module's own runtime: its classes, by identity
            if isinstance(exc, (runtime.LawConflict, runtime.LawGap)):
                assert str(exc) == want[f"{first}_error"]
            continue
        assert decided == {names.key(n): want[names.key(n)] for n in program.decisions}


def refused_by_sql(program: c.Program, run: Any) -> bool:
    """Whether the law has a decision that computes its value, which the SQL backend does not
    compile; if so, `run()` (the engine over some population) must refuse it with a diagnostic
    naming each such decision, never a traceback or a silent column."""
    computed = [n for n, d in program.decisions.items() if c.is_computed(d)]
    if not computed:
        return False
    try:
        run()
    except DiagnosticError as exc:
        assert {d.code for d in exc.diagnostics} == {"sql-unsupported"}
        assert all(f'"{n}"' in str(exc) for n in computed), str(exc)
        return True
    raise AssertionError("the SQL engine evaluated decisions that compute their values")
