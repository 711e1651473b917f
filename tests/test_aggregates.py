"""Aggregates over a list (`the total/greatest/least of the amounts of the person's incomes such
that …`): printed as written, evaluated alike by the interpreter and the generated module (a
total of no element is 0, a greatest or least of none is an evaluation error naming it), and
analysed exactly: on random tiny laws, the solver's conflicts and gaps are those that brute
force over every case with at most two incomes shows, among the cases the law can evaluate."""

from __future__ import annotations

import itertools
from pathlib import Path
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.interpret import Interpreter
from compiler.runtime import LawError, LawEvaluationError
from compiler.surface import print as surface_print
from compiler.surface.parse import parse
from conftest import TEST_STATUTES, GeneratedPackage, load
from test_analysis import own_z3_context

TOTALS = TEST_STATUTES / "testing" / "totals.law"


def test_an_aggregate_prints_back_with_the_parentheses_its_such_that_needs() -> None:
    text = ('law "L"\n  jurisdiction: X\n\n§ 1\n  the levy is (the total of the amounts of '
            "the person's incomes such that its kind is wages) times 10%\n")
    tree = parse(text, "l.law")
    printed = surface_print.file(tree)
    assert "(the total of the amounts of the person's incomes such that its kind is wages) " \
        "times 10%" in printed
    assert parse(printed, "l.law") == tree


def _income(amount: str, kind: str, months: int = 1) -> dict[str, object]:
    return {"amount": amount, "kind": kind, "month_count": months}


def test_no_income_totals_zero_and_has_no_least(generated_package: GeneratedPackage) -> None:
    program = _totals()
    module = generated_package.module(program)
    facts = {"person": {"incomes": []}}
    interpreter = Interpreter(program)
    case = parse_facts(program, facts)
    assert interpreter.evaluate("countable income", case) == 0
    message = "the least of the month counts of the person's incomes: there is none to take " \
        "the least of"
    with pytest.raises(LawEvaluationError, match=message):
        interpreter.evaluate("shortest income", case)
    with pytest.raises(LawEvaluationError, match=message):
        module.decide(facts)


incomes = st.lists(st.builds(_income, st.sampled_from(["0", "10.50", "800", "1000.01"]),
                             st.sampled_from(["wages", "rent", "gift"]), st.integers(0, 12)),
                   max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=incomes)
def test_the_generated_module_aggregates_as_the_interpreter_does(
        generated_package: GeneratedPackage, items: list[Any]) -> None:
    program = _totals()
    module = generated_package.module(program)
    facts = {"person": {"incomes": items}}
    case = parse_facts(program, facts)
    interpreter = Interpreter(program)
    for name in program.decisions:
        try:
            expected: object = ("value", interpreter.evaluate(name, case))
        except LawError as error:
            expected = (type(error), str(error))
        function = getattr(module, name.replace(" ", "_"))
        typed = module.Case.from_dict(facts)
        try:
            got: object = ("value", function(typed))
        except LawError as error:
            got = (type(error), str(error))
        assert got == expected, (name, items)


_CACHE: dict[str, Any] = {}


def _totals() -> c.Program:
    if "program" not in _CACHE:
        _CACHE["program"] = load(TOTALS)
    return _CACHE["program"]  # type: ignore[no-any-return]


# -------------------------------------------------------------- the solver against brute force
HEADER = """law "Random aggregating law"
  jurisdiction: Nowhere

an income has:
  an amount: a whole number from 0 to 2
  a kind: one of wages, gift

a person has:
  incomes: a list of incomes

facts:
  the person: a person

decision the level: a whole number
"""
AGGREGATES = ["the total of the amounts of the person's incomes",
              "the greatest of the amounts of the person's incomes",
              "the least of the amounts of the person's incomes",
              "(the total of the amounts of the person's incomes such that its kind is wages)",
              "(the greatest of the amounts of the person's incomes such that its kind is gift)"]
VALUES = ["0", "1", "2"] + AGGREGATES
CONDITIONS = ["{a} is at least {n}", "{a} is {n}", "{a} is less than {n}",
              "the number of incomes of the person is {n}"]
ELEMENTS = [{"amount": a, "kind": k} for a in range(3) for k in ("wages", "gift")]
CASES = [{"person": {"incomes": list(items)}} for size in range(3)
         for items in itertools.product(ELEMENTS, repeat=size)]


@st.composite
def laws(draw: st.DrawFn) -> str:
    lines = [HEADER]
    if draw(st.booleans()):
        lines.append(f"  by default: {draw(st.sampled_from(VALUES))}")
    lines.append("")
    for k in range(1, draw(st.integers(1, 3)) + 1):
        condition = draw(st.sampled_from(CONDITIONS)).format(
            a=draw(st.sampled_from(AGGREGATES)), n=draw(st.integers(0, 3)))
        lines += [f"§ {k}", f"  the level is {draw(st.sampled_from(VALUES))} if {condition}", ""]
    return "\n".join(lines)


def brute_force(program: c.Program) -> dict[str, object]:
    """Conflicting pairs of rules and whether there is a gap, over the cases the interpreter
    evaluates (one it cannot, a greatest of no income, is neither)."""
    (d,) = program.decisions.values()
    interpreter = Interpreter(program)
    pairs: set[tuple[int, int]] = set()
    gap = False
    for facts in CASES:
        case = parse_facts(program, facts)
        try:
            interpreter.evaluate(d.name, case)
        except LawEvaluationError:
            continue
        except LawError:
            pass
        winners = [r for r in d.rules if _holds(interpreter, r.condition, case)]
        values = {r.index: interpreter.eval(r.value, case, {}) for r in winners}
        for a, b in itertools.combinations(winners, 2):
            if values[a.index] != values[b.index]:
                pairs.add((a.index, b.index))
        gap = gap or (not winners and d.default is None)
    return {"pairs": pairs, "gap": gap}


def _holds(interpreter: Interpreter, condition: c.Expr, case: object) -> bool:
    """Whether a rule applies; one the interpreter never reaches, for it stops at the first
    rule of a decision whose rules all give one value (`semantics.is_simple`), may raise (a
    greatest of no income) and is then not applicable: that decision has a winner already."""
    try:
        return bool(interpreter.eval(condition, case, {}))  # type: ignore[arg-type]
    except LawEvaluationError:
        return False


def verdicts(program: c.Program) -> dict[str, object]:
    (d,) = program.decisions.values()
    by_line = {r.span.line: r.index for r in d.rules}
    analysis = analyse(program, list_bound=2)
    pairs: set[tuple[int, int]] = set()
    gap = False
    for diag in analysis.diagnostics:
        if diag.code == "conflict":
            a, b = by_line[diag.span.line], by_line[diag.labels[0].span.line]
            pairs.add((min(a, b), max(a, b)))
        elif diag.code == "gap":
            gap = True
    assert "could not be decided" not in analysis.summary
    return {"pairs": pairs, "gap": gap}


def _load(tmp: Path, text: str) -> c.Program:
    root = tmp / "statutes"
    root.mkdir(exist_ok=True)
    (root / "random.law").write_text(text, encoding="utf-8")
    return driver.load_program(driver.Workspace(), root / "random.law")


def test_a_greatest_of_no_income_is_neither_a_gap_nor_a_conflict(tmp_path: Path) -> None:
    """§ 1 decides every case with an income; with none, the greatest has no answer: no gap.
    § 2 and § 1 differ for two incomes of 1 (the greatest is 1, the total 2)."""
    text = (HEADER + "\n§ 1\n  the level is the greatest of the amounts of the person's incomes"
            "\n\n§ 2\n  the level is 2 if the total of the amounts of the person's incomes is "
            "at least 2\n")
    with own_z3_context():
        program = _load(tmp_path, text)
        found = verdicts(program)
    assert found == brute_force(program)
    assert found == {"pairs": {(0, 1)}, "gap": False}


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(text=laws())
def test_analysis_of_aggregates_agrees_with_brute_force(tmp_path: Path, text: str) -> None:
    with own_z3_context():
        program = _load(tmp_path, text)
        assert verdicts(program) == brute_force(program), text


def test_a_percentage_of_a_value_is_the_value_times_it(compile_law: Any) -> None:
    law = ('law "Percent"\n  jurisdiction: X\n\nfacts:\n  the income: money from $0 to $100,000\n'
           "\ndecision the levy: money\n\ndecision the same levy: money\n\n§ 1\n"
           "  the levy is 7.5% of (the income minus $10,000), rounded to the nearest cent\n"
           "  the same levy is (the income minus $10,000) times 7.5%, rounded to the nearest "
           "cent\n")
    program, _ = compile_law(law)
    levy, same = (program.decisions[n].rules[0].value for n in ("levy", "same levy"))
    assert levy == same
    case = parse_facts(program, {"income": "12345.67"})
    assert Interpreter(program).evaluate("levy", case) == Decimal("175.93")


def test_the_sql_backend_compiles_an_aggregate() -> None:
    """Totals and the greatest of a list compile to SQL (docs/sql.md); their results against
    the interpreter's are held in tests/test_population_aggregates.py."""
    from compiler.backends.to_sql import to_sql

    program = _totals()
    for decision in ("countable income", "largest wage"):
        assert "SELECT" in to_sql(program, "duckdb", decision).upper(), decision
