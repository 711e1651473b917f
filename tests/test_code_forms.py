"""Codes with a shape: `a code of the form "digits.digits[(digits)]"`. The form is kept by the
printer, checked when the law is compiled, enforced by the fact reader of the interpreter and
by `decide()` (naming the field), and carried into the JSON Schema as the same `pattern`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from compiler import runtime as rt
from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.backends.schema import facts_schema
from compiler.diagnostics import DiagnosticError
from compiler.surface import print as surface_print
from compiler.surface.parse import parse

SECTION = "digits.digits[-letter]"
OFFENCE = "digits.digits[-letter][(digits)][(letter)]"

LAW = f'''law "Codes"
  jurisdiction: Nowhere

a conviction has:
  an offence code: a code of the form "{OFFENCE}"
  an equivalent section: a code of the form "{SECTION}" or ""

facts:
  the conviction: a conviction

decision the robbery: yes or no
  by default: no

§ 1
  the robbery if any of the following:
    - the conviction's offence code is "160.10(2)(a)"
    - the conviction's equivalent section is "160.10"
'''

GOOD = {"conviction": {"offence_code": "160.10(2)(a)", "equivalent_section": ""}}


@pytest.mark.parametrize("code, fits", [
    ("160.10", True), ("160.10(2)(a)", True), ("120.04-a(4)", True), ("405.16(l)", True),
    ("PL 160.10", False), ("160.10 ", False), ("160.", False), ("160.10\n", False),
    ("160.10(2)(a)(b)", False), ("", False),
])
def test_a_form_fits_exactly_the_codes_it_describes(code: str, fits: bool) -> None:
    assert (rt.code_regex((OFFENCE,)).fullmatch(code) is not None) is fits


def test_alternative_forms_and_repetition() -> None:
    forms = ("digits[.digits]...", "DC letters")
    regex = rt.code_regex(forms)
    assert all(regex.fullmatch(v) for v in ("1", "1.2.3", "DC robbery"))
    assert not any(regex.fullmatch(v) for v in ("1.", "DC", "dc robbery", "1.a"))


@pytest.mark.parametrize("form", ["digits[.digits", "digits].digits", "[[digits]"])
def test_a_form_whose_brackets_do_not_pair_is_refused(form: str) -> None:
    with pytest.raises(ValueError):
        rt.code_pattern((form,))


def test_the_form_prints_and_parses_back() -> None:
    tree = parse(LAW, "codes.law")
    printed = surface_print.file(tree)
    assert f'a code of the form "{SECTION}" or ""' in printed
    assert parse(printed, "printed.law") == tree


def test_a_bad_form_is_a_compile_error(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    with pytest.raises(DiagnosticError) as caught:
        compile_law(LAW.replace(f"\"{SECTION}\" or", "\"digits[.digits\" or"))
    assert [d.code for d in caught.value.diagnostics] == ["bad-literal"]
    assert caught.value.diagnostics[0].span.line == 6


def _with(section: str) -> dict[str, Any]:
    return {"conviction": {"offence_code": "160.10", "equivalent_section": section}}


def test_decide_and_the_interpreter_reject_a_code_that_does_not_fit(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    program, _ = compile_law(LAW, name="codes")
    module = generated_package.module(program)
    assert module.decide(GOOD)["robbery"] is True
    assert module.decide(_with("160.10"))["robbery"] is True
    assert module.decide(_with(""))["robbery"] is False
    for decide in (module.decide, lambda facts: parse_facts(program, facts)):
        with pytest.raises(rt.FactsError) as caught:
            decide(_with("PL 160.10"))
        assert "conviction.equivalent_section" in str(caught.value)
        assert "digits.digits" in str(caught.value)


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_the_schema_carries_the_pattern_and_agrees_with_decide(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    program, _ = compile_law(LAW, name="codes_schema")
    module = generated_package.module(program)
    schema = facts_schema(program)
    assert rt.code_pattern((SECTION, "")) in set(_patterns(schema))
    validator = jsonschema.Draft202012Validator(schema)
    for section in ("160.10", "", "120.04-a", "PL 160.10", "160.10(2)", "160.10\n"):
        facts = _with(section)
        valid = validator.is_valid(facts)
        try:
            module.decide(facts)
            decided = True
        except rt.FactsError:
            decided = False
        assert valid is decided, section


ANALYSED = '''law "Codes"
  jurisdiction: Nowhere

facts:
  the section: a code of the form "digits.digits"

decision the robbery: yes or no

§ 1
  the robbery is yes if the section is "160.10"
  the robbery is no if the section is "PL 160.10"
'''


def test_the_solver_knows_a_code_that_does_not_fit_cannot_be_given(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    """A rule on "PL 160.10" is dead under the form; the gap's witness is a code of the form
    (not "other code"), which decide() accepts and which no rule decides."""
    from compiler.analysis.check import analyse

    program, _ = compile_law(ANALYSED, name="codes_solver")
    diagnostics = analyse(program).diagnostics
    assert sorted((d.code, d.span.line) for d in diagnostics) == [("dead-rule", 11), ("gap", 7)]
    gap = next(d for d in diagnostics if d.code == "gap")
    witness = [note for note in gap.notes if note.startswith("as JSON: ")][0]
    section = __import__("json").loads(witness.removeprefix("as JSON: "))["section"]
    assert rt.code_regex(("digits.digits",)).fullmatch(section) and section != "160.10"
    module = generated_package.module(program)
    with pytest.raises(rt.LawGap):
        module.decide({"section": section})


def test_sql_rejects_a_code_that_does_not_fit_as_python_does(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    from compiler.backends.to_sql import to_sql
    from compiler.engines.engines import run_duckdb, run_python
    from compiler.engines.tables import facts_table

    program, _ = compile_law(LAW, name="codes_sql")
    cases = [_with(v) for v in ("160.10", "", "PL 160.10", "160.10\n", "120.04-a")]
    table = facts_table(program, cases)
    got, want = run_duckdb(program, table), run_python(program, table)
    def outcome(rows: list[dict[str, Any]]) -> list[tuple[object, bool]]:
        return [(row["robbery"], row["facts_error"] is None) for row in rows]

    assert outcome(got.to_pylist()) == outcome(want.to_pylist())
    errors = [row["facts_error"] for row in got.to_pylist()]
    assert [e is None for e in errors] == [True, True, False, False, True]
    assert "equivalent_section" in errors[2]
    assert "\\z" in to_sql(program, "spark")
