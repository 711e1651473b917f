"""The shapes of generated code that make it fast, held by their results and by their text: a
decision whose rules cannot conflict is a chain of `if … return` in which an exception comes
before the rule it overrides (no conflict check); one whose rules can conflict keeps the check;
a definition `any … such that` is a loop; moving a date by whole years agrees with months."""

from __future__ import annotations

import datetime
import inspect

import pytest

from compiler import runtime as rt
from conftest import STATUTES, GeneratedPackage, load


def test_a_decision_that_cannot_conflict_is_a_chain(generated_package: GeneratedPackage) -> None:
    module = generated_package.module(load(STATUTES / "chicago/welcoming_city_2012.law"))
    text = inspect.getsource(module.hold)
    assert "rt.conflict" not in text
    assert text.index("the_investigation_indicates_an_exception(case)") < \
        text.index("return _HOLD_MUST_BE_DECLINED")  # the exception before the rule
    loops = inspect.getsource(module.the_investigation_indicates_an_exception)
    assert "any(" not in loops and "for _conviction" in loops


def test_a_decision_whose_rules_can_conflict_keeps_the_check(
        generated_package: GeneratedPackage) -> None:
    module = generated_package.module(load(STATUTES / "examples/tour.law"))
    assert "rt.conflict" in inspect.getsource(module.hardship_finding)


@pytest.mark.parametrize(("day", "months", "moved"), [
    (datetime.date(2012, 2, 29), -120, datetime.date(2002, 2, 28)),
    (datetime.date(2012, 2, 29), -48, datetime.date(2008, 2, 29)),
    (datetime.date(2013, 1, 31), -12, datetime.date(2012, 1, 31)),
    (datetime.date(2013, 3, 31), -1, datetime.date(2013, 2, 28)),
    (datetime.date(1950, 7, 4), 780, datetime.date(2015, 7, 4)),
])
def test_whole_years_move_as_months_do(day: datetime.date, months: int,
                                       moved: datetime.date) -> None:
    assert rt.add_months(day, months) == moved


def test_whole_years_out_of_the_calendar_still_raise() -> None:
    with pytest.raises(rt.LawEvaluationError):
        rt.add_months(datetime.date(5, 1, 1), -120)
    with pytest.raises(rt.LawEvaluationError):
        rt.add_months(datetime.date(9990, 1, 1), 120)
