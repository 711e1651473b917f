"""Codes derived from codes: `the section of X` (the code before its first `(`) and `X starts
with "…"`, decided alike by the interpreter, the generated module and DuckDB, and encoded
exactly for the solver (its witnesses need the codes the encoding adds: `160.10(1)` for the
section `160.10`, `155.0` after the prefix `155.`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.diagnostics import DiagnosticError
from compiler.interpret import Interpreter
from compiler.runtime import code_section
from compiler.surface import print as printer
from compiler.surface.parse import parse

LAW = '''law "Derived codes"
  jurisdiction: Nowhere

a conviction has:
  an offence code: a code of the form "digits.digits[-letter][(digits)][(letter)]"

a person has:
  convictions: a list of convictions

facts:
  the person: a person
  the charge: a code

decision the bar: yes or no
  by default: no

decision the theft bar: yes or no
  by default: no

§ 1
  the covered sections are: "160.10", "160.15"
  the bar is yes if any conviction of the person such that the section of its offence code is one of the covered sections

§ 2
  the theft bar is yes if any of the following:
    - any conviction of the person such that its offence code starts with "155."
    - the charge's section is "155.30"
'''


def program(text: str, tmp_path: Path) -> c.Program:
    law = tmp_path / "statutes" / "codes.law"
    law.parent.mkdir(parents=True, exist_ok=True)
    law.write_text(text, encoding="utf-8")
    return driver.load_program(driver.Workspace(), law)


CASES = [("160.10(2)", "1.1", True, False), ("160.10", "1.1", True, False),
         ("160.100", "1.1", False, False), ("155.30(1)(a)", "1.1", False, True),
         ("15.5", "155.30(4)", False, True), ("160.15-a(1)", "155.3", False, False)]


def facts(code: str, charge: str) -> dict[str, object]:
    return {"person": {"convictions": [{"offence_code": code}]}, "charge": charge}


def test_the_section_is_the_code_before_its_first_bracket() -> None:
    assert code_section("160.10(2)(b)") == "160.10"
    assert code_section("120.04-a") == "120.04-a"
    assert code_section("") == ""


def test_round_trip_and_the_core_form(tmp_path: Path) -> None:
    tree = parse(LAW, "codes.law")
    assert parse(printer.file(tree), "codes.law") == tree
    p = program(LAW, tmp_path)
    ops = [n for r in p.decisions["theft bar"].rules for n in c.walk(r.condition)
           if isinstance(n, c.CodeOp)]
    assert [(op.kind, op.prefix) for op in ops] == [
        (c.CodeOpKind.STARTS_WITH, "155."), (c.CodeOpKind.SECTION, "")]


def test_the_interpreter_and_the_generated_module_agree(tmp_path: Path) -> None:
    p = program(LAW, tmp_path)
    interpreter = Interpreter(p)
    module = driver.module_in_memory(p)
    for code, charge, bar, theft in CASES:
        want = {"bar": bar, "theft_bar": theft}
        assert interpreter.decide(facts(code, charge)) == want, code
        assert module.decide(facts(code, charge)) == want, code


def test_duckdb_derives_the_codes_as_the_runtime_does(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    from compiler.engines.engines import run_duckdb
    from compiler.engines.tables import facts_table

    p = program(LAW, tmp_path)
    table = facts_table(p, [facts(code, charge) for code, charge, _, _ in CASES])
    got = sorted(run_duckdb(p, table).to_pylist(), key=lambda r: r["_row"])
    assert [(r["bar"], r["theft_bar"]) for r in got] == [(b, t) for _, _, b, t in CASES]


def test_the_solver_reads_derived_codes_exactly(tmp_path: Path) -> None:
    """A conflict whose only witness is a subdivision of a named section, a rule that can never
    apply (a section of 160.10 never starts with 155.); each witness is re-run by the
    interpreter (or the analysis raises WitnessError)."""
    text = '''law "Derived codes"
  jurisdiction: Nowhere

facts:
  the charge: a code of the form "digits.digits[(digits)]"

decision the bar: yes or no

§ 1
  the bar is yes if the section of the charge is "160.10"

§ 2
  the bar is no if the charge is not "160.10"

§ 3
  the bar is no if all of the following:
    - the section of the charge is "160.10"
    - the charge starts with "155."
'''
    found = analyse(program(text, tmp_path))
    codes = sorted((d.code, d.span.line) for d in found.diagnostics)
    assert codes == [("conflict", 10), ("dead-rule", 16)], found.diagnostics
    conflict = next(d for d in found.diagnostics if d.code == "conflict")
    assert '"charge": "160.10(1)"' in conflict.notes[1]


def test_starts_with_reads_codes_and_written_text(tmp_path: Path) -> None:
    bad = LAW.replace('its offence code starts with "155."', 'its offence code starts with 155')
    with pytest.raises(DiagnosticError) as caught:
        program(bad, tmp_path)
    assert [d.code for d in caught.value.diagnostics] == ["type-mismatch"]
