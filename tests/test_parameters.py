"""Definitions with a parameter (`the penalty per alien for a prior order count means …`,
called `the penalty per alien for (the prior order count plus 1)`): printed as written, one
function in the generated module called with each argument, evaluated as the interpreter does,
and analysed through the call (a conflict between two rules that call it is found, with a
witness)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import test_analysis_computed as computed
from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.core.english import English
from compiler.core.facts import parse_facts
from compiler.interpret import Interpreter
from compiler.surface import print as surface_print
from compiler.surface.parse import parse
from test_analysis import own_z3_context

LAW = """law "Penalty Tiers Act"
  jurisdiction: City of Exampleton

a conviction has:
  a class: one of felony, misdemeanor
  a year count: a whole number from 0 to 20

a person has:
  convictions: a list of convictions

facts:
  the person: a person
  the prior order count: a whole number from 0 to 3
  the alien count: a whole number from 0 to 5

decision the penalty: money

decision the next penalty: money

decision the heavy record: yes or no
  by default: no

§ 1 "Tiers"
  the penalty per alien for a prior order count means the lesser of $250 plus $1,000 times the prior order count and $3,000
  the weight for a conviction means its year count times 2
  the penalty is the penalty per alien for (the prior order count) times the alien count

§ 2 "Next"
  the next penalty is the penalty per alien for (the prior order count plus 1)

§ 3 "Record"
  the heavy record if any conviction of the person such that the weight for (it) is more than 10
"""


def test_a_call_prints_back_as_written() -> None:
    tree = parse(LAW, "law.law")
    printed = surface_print.file(tree)
    assert "the penalty per alien for (the prior order count plus 1)" in printed
    assert parse(printed, "law.law") == tree


def test_one_function_is_called_with_each_argument(compile_law: Any) -> None:
    program, text = compile_law(LAW)
    assert text.count("def the_penalty_per_alien_for_a_prior_order_count(") == 1
    assert "the_penalty_per_alien_for_a_prior_order_count((case.prior_order_count + 1), case)" \
        in text
    english = English(program)
    rule = program.decisions["next penalty"].rules[0]
    assert english.noun(rule.value) == "the penalty per alien for the prior order count plus 1"


def test_the_generated_module_calls_as_the_interpreter_evaluates(compile_law: Any) -> None:
    program, _ = compile_law(LAW)
    module = driver.module_in_memory(program)
    interpreter = Interpreter(program)
    for orders, aliens, years in itertools.product(range(4), (0, 3), (4, 6)):
        facts = {"prior_order_count": orders, "alien_count": aliens,
                 "person": {"convictions": [{"class": "felony", "year_count": years}]}}
        expected = interpreter.decide(facts)
        assert module.decide(facts) == expected, facts
    facts = {"prior_order_count": 3, "alien_count": 2, "person": {"convictions": []}}
    assert interpreter.decide(facts) == {"penalty": "6000", "next_penalty": "3000",
                                         "heavy_record": False}


def test_a_conflict_through_a_call_is_found(compile_law: Any) -> None:
    law = LAW + ("\n§ 4 \"Cap\"\n  the next penalty is $2,250 if the prior order count is at "
                 "least 1\n")
    program, _ = compile_law(law)
    with own_z3_context():
        analysis = analyse(program)
    conflicts = [d for d in analysis.diagnostics if d.code == "conflict"]
    assert len(conflicts) == 1, analysis.summary
    assert "§ 2 and § 4" in conflicts[0].message
    values = {r.index: r for r in program.decisions["next penalty"].rules}
    assert isinstance(values[0].value, c.DefRef) and values[0].value.argument is not None
    case = parse_facts(program, {"prior_order_count": 2, "alien_count": 0,
                                 "person": {"convictions": []}})
    assert Interpreter(program).eval(values[0].value, case, {}) == 3000


# -------------------------------------------------------------- the solver against brute force
CALLS = ["the rate for (the item count)", "the rate for (the order count)",
         "the rate for (the item count plus 1)", "the rate for (2)"]
RATE = ("\n§ 9 \"Rate\"\n  the rate for an item count means $100 times the item count plus "
        "$50\n")


@st.composite
def laws_with_calls(draw: st.DrawFn) -> str:
    lines = [computed.HEADER]
    if draw(st.booleans()):
        lines.append(f"  by default: {draw(st.sampled_from(CALLS))}")
    lines.append(RATE)
    for k in range(1, draw(st.integers(1, 4)) + 1):
        value = draw(st.sampled_from(CALLS + computed.VALUES[:3]))
        condition = draw(st.sampled_from(computed.CONDITIONS + [
            "the rate for (the item count) is more than $" + "{n}00"])).format(
            k=draw(st.integers(0, 2)), n=draw(st.integers(0, 3)))
        lines += [f"§ {k}", f"  the amount is {value} if {condition}", ""]
    return "\n".join(lines)


def test_calls_are_analysed_as_brute_force_finds() -> None:
    """§ 1 and § 2 differ for 1 item (the rate for 1 is $150, for 2 $250)."""
    text = (computed.HEADER + RATE + "\n§ 1\n  the amount is the rate for (the item count) if "
            "the order count is 0\n\n§ 2\n  the amount is the rate for (2) if the item count is "
            "at least 1 and the order count is 0\n\n§ 3\n  the amount is $0 if the order count "
            "is at least 1\n")
    with own_z3_context():
        program = computed.load(text)
        found = computed.verdicts(program)
    assert found == computed.brute_force(program)
    assert (0, 1) in found["pairs"] and found["gap"] is False  # type: ignore[operator]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=laws_with_calls())
def test_analysis_of_calls_agrees_with_brute_force(text: str) -> None:
    with own_z3_context():
        program = computed.load(text)
        assert computed.verdicts(program) == computed.brute_force(program), text
