"""The analysis of computed values agrees with brute force on random tiny laws.

Each law decides an amount of money from two whole-number facts (an item count from 0 to 3 and
an order count from 0 to 2) with random rules whose values are computed (`$250 for each item`,
`the greater of … and …`, `the lesser of …`, `… or …, whichever is greater`, a percentage rounded as stated) and maybe a
default. Every one of the 12 cases is run through the reference interpreter: the analysis must
report a conflict between exactly the pairs of rules some case shows deciding with different
values, a gap exactly when some case has none, and exactly the rules that never apply as dead.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.interpret import Interpreter
from test_analysis import own_z3_context

HEADER = """law "Random computing law"
  jurisdiction: Nowhere

facts:
  the item count: a whole number from 0 to 3
  the order count: a whole number from 0 to 2

decision the amount: money
"""
VALUES = [
    "$250 for each item", "$500", "$0", "the greater of $250 for each item and $500",
    "the lesser of $200 for each item and $400", "$150 for each item plus $100",
    "$150 for each item times 50%, rounded to the nearest dollar",
    "$150 for each item times 50%, rounded down to the whole dollar",
    "$400 or $150 for each item, whichever is greater",
]
CONDITIONS = ["the order count is {k}", "the order count is at least {k}",
              "the item count is more than {n}", "the item count is at most {n}",
              "the item count is {n} and the order count is {k}"]
CASES = [{"item_count": n, "order_count": k} for n in range(4) for k in range(3)]


@st.composite
def laws(draw: st.DrawFn) -> str:
    lines = [HEADER]
    if draw(st.booleans()):
        lines.append(f"  by default: {draw(st.sampled_from(['$0', '$100 for each item']))}")
    lines.append("")
    for k in range(1, draw(st.integers(1, 4)) + 1):
        value = draw(st.sampled_from(VALUES))
        condition = draw(st.sampled_from(CONDITIONS)).format(k=draw(st.integers(0, 2)),
                                                             n=draw(st.integers(0, 3)))
        lines += [f"§ {k}", f"  the amount is {value} if {condition}", ""]
    return "\n".join(lines)


def brute_force(program: c.Program) -> dict[str, object]:
    (d,) = program.decisions.values()
    interpreter = Interpreter(program)
    applied: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    gap = False
    for facts in CASES:
        case = parse_facts(program, facts)
        winners = [r for r in d.rules if interpreter.eval(r.condition, case, {})]
        applied.update(r.index for r in winners)
        values = {r.index: interpreter.eval(r.value, case, {}) for r in winners}
        for a, b in itertools.combinations(winners, 2):
            if values[a.index] != values[b.index]:
                pairs.add((a.index, b.index))
        gap = gap or (not winners and d.default is None)
    return {"dead": {r.index for r in d.rules} - applied, "pairs": pairs, "gap": gap}


def verdicts(program: c.Program) -> dict[str, object]:
    (d,) = program.decisions.values()
    by_line = {r.span.line: r.index for r in d.rules}
    analysis = analyse(program)
    dead: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    gap = False
    for diag in analysis.diagnostics:
        if diag.code == "dead-rule":
            dead.add(by_line[diag.span.line])
        elif diag.code == "conflict":
            a, b = by_line[diag.span.line], by_line[diag.labels[0].span.line]
            pairs.add((min(a, b), max(a, b)))
        elif diag.code == "gap":
            gap = True
    assert "could not be decided" not in analysis.summary
    return {"dead": dead, "pairs": pairs, "gap": gap}


def load(text: str) -> c.Program:
    folder = tempfile.mkdtemp()
    root = Path(folder) / "statutes"
    root.mkdir()
    (root / "random.law").write_text(text, encoding="utf-8")
    return driver.load_program(driver.Workspace(), root / "random.law")


def test_a_conflict_between_computed_values_is_found() -> None:
    """Both rules apply to every case with 2 items or more; they differ for 3 items only."""
    program = load(HEADER + "\n§ 1\n  the amount is $250 for each item if the item count is "
                   "more than 1\n\n§ 2\n  the amount is $500 if the item count is at least 2\n"
                   "\n§ 3\n  the amount is $0 if the item count is at most 1\n")
    with own_z3_context():
        found = verdicts(program)
    assert found == brute_force(program)
    assert found["pairs"] == {(0, 1)}


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=laws())
def test_analysis_of_computed_values_agrees_with_brute_force(text: str) -> None:
    with own_z3_context():
        program = load(text)
        assert verdicts(program) == brute_force(program), text
