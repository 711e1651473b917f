"""The nearest values of a counterfactual (`compiler.explain.nearest`): the changed dates,
numbers and amounts are stepped toward the case's by the fast interpreter and proved nearest by
the solver. The answer is the boundary even where the goal holds in two places (the nearer one
is found), the descent is what finds it, and a guide that lies changes no answer: the solver
has the last word."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.explain import nearest
from compiler.explain.counterfactual import Finder

LAW = '''law "Nearest"
  jurisdiction: X

a person has:
  income: money from $0 to $100,000
  a filing date: a date
  a charge count: a whole number from 0 to 50

facts:
  the person: a person

decision the hold: yes or no
  by default: no

§ 1
  the hold if the person's charge count is at least 7
  the hold if all of the following:
    - the person's income is more than $1,000.50
    - any of the following:
      - the person's filing date is after 2020-03-01
      - all of the following:
        - the person's filing date is on or after 2005-01-01
        - the person's filing date is before 2006-01-01
'''

FACTS = {"person": {"income": "10.00", "filing_date": "2019-01-01", "charge_count": 0}}

EXPECTED = [
    "If the person's charge count were 7 or more instead of 0, the hold would be yes "
    "(decided by § 1).",
    "If the person's income were $1,000.51 or more instead of $10.00 and the person's filing "
    "date were 2020-03-02 or later instead of 2019-01-01, the hold would be yes (decided by "
    "§ 1).",
]


def _texts(program: Any) -> list[str]:
    with Finder(program, per_outcome=2) as finder:
        return [cf.text for cf in finder.find("hold", FACTS).counterfactuals]


def test_the_nearest_values_are_the_boundaries_and_the_descent_finds_them(
        compile_law: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The filing date is met in 2005 too, 13 years back, and after 2020-03-01, 14 months on:
    the answer is the day after the line, the cent above the amount, the count at it; and the
    descent, not the solver's own search, gave each of them."""
    program, _ = compile_law(LAW)
    found: list[bool] = []
    honest = nearest.Descent.nearest

    def spied(self: nearest.Descent, *args: Any) -> Any:
        model = honest(self, *args)
        found.append(model is not None)
        return model

    monkeypatch.setattr(nearest.Descent, "nearest", spied)
    assert _texts(program) == EXPECTED
    assert found == [True, True]


@pytest.mark.parametrize("lie", [True, False], ids=["always-met", "never-met"])
def test_a_guide_that_lies_changes_no_answer(compile_law: Any, monkeypatch: pytest.MonkeyPatch,
                                             lie: bool) -> None:
    """A guide that finds the goal always met steps every value next to the case's, where the
    solver finds no model; one that never finds it met does not step, and the solver keeps
    finding nearer answers: either way the solver's own search gives the same answers."""
    program, _ = compile_law(LAW)
    honest = nearest.Descent.__init__

    def lying(self: nearest.Descent, *args: Any) -> None:
        honest(self, *args)
        self.holds = lambda new: lie

    monkeypatch.setattr(nearest.Descent, "__init__", lying)
    assert _texts(program) == EXPECTED


FIGURES = '''law "Two figures"
  jurisdiction: X

facts:
  the violation date: a date

§ 1 "Amounts"
  figure the least fine:
    dated by: the violation date
    $250
    $275 from 1999-09-29
    $375 from 2016-08-01
  figure the greatest fine:
    dated by: the violation date
    $2,000
    $2,200 from 1999-09-29
    $3,200 from 2016-08-01
  figure the late fee:
    dated by: the violation date
    $10
    $20 from 2012-01-01
'''


FIGURE_NAMES = ["least fine", "greatest fine", "late fee"]


def test_a_goal_the_solver_proves_the_same_as_one_answered_takes_its_answers(
        compile_law: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two figures dated on the same days: the second figure's goals are proved the same as
    the first's, so the solver searches only for the first, and the second's answers are the
    ones a search of its own gives (each checked by the interpreter and the module). The late
    fee's goal is met by an answer of the others (a violation on 2016-08-01 is after
    2012-01-01) but is not the same goal: it gets its own, nearer, answer."""
    program, _ = compile_law(FIGURES)
    facts = {"violation_date": "2010-01-01"}
    with Finder(program) as finder:
        alone = {d: [cf.text for cf in finder.find(d, facts).counterfactuals]
                 for d in FIGURE_NAMES}
    searched: list[object] = []
    honest = Finder._answers

    def counted(self: Finder, *args: Any) -> Any:
        searched.append(args[1].kind)
        return honest(self, *args)

    monkeypatch.setattr(Finder, "_answers", counted)
    with Finder(program) as finder:
        together = {d: [cf.text for cf in s.counterfactuals]
                    for d, s in finder.find_all(FIGURE_NAMES, facts).items()}
    assert together == alone
    assert together["greatest fine"] == [
        "If the violation date were 1999-09-28 or earlier instead of 2010-01-01, the greatest "
        "fine would be $2,000 (decided by § 1).",
        "If the violation date were 2016-08-01 or later instead of 2010-01-01, the greatest "
        "fine would be $3,200 (decided by § 1)."]
    assert together["late fee"] == [
        "If the violation date were 2012-01-01 or later instead of 2010-01-01, the late fee "
        "would be $20 (decided by § 1)."]
    assert len(searched) == 3  # the least fine's two other dated values and the late fee's one
