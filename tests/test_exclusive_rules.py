"""A computed decision whose rules no case makes apply together is written as a chain (the
first rule that applies returns its value); rules that can both apply still have their values
checked against each other, so a conflict is raised as the interpreter raises it."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from compiler.core import ast as c
from compiler.interpret import Interpreter, LawError

LAW = '''law "Chains"
  jurisdiction: Nowhere

facts:
  the worker count: a whole number from 0 to 100

decision the fee: money

decision the levy: money
  by default: $0

§ 1
  the fee is $10 times the worker count if the worker count is more than 5
  the fee is $20 times the worker count if the worker count is at most 5
  the levy is $10 times the worker count if the worker count is more than 5
  the levy is $20 times the worker count if the worker count is more than 3
'''


def test_exclusive_rules_are_a_chain_and_overlapping_ones_are_checked(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    program, text = compile_law(LAW, name="chains")
    fee = text[text.index("def fee("):text.index("def levy(")]
    levy = text[text.index("def levy("):]
    assert "rt.agree" not in fee and "rt.agree" in levy
    module = generated_package.module(program)
    interpreter = Interpreter(program)
    for count in (0, 3, 4, 5):
        case = module._parse_case({"worker_count": count}, "")
        assert str(module.fee(case)) == interpreter.decide({"worker_count": count})["fee"]
    assert module.fee(module._parse_case({"worker_count": 6}, "")) == 60
    with pytest.raises(LawError):
        module.levy(module._parse_case({"worker_count": 6}, ""))
    with pytest.raises(LawError):
        interpreter.decide({"worker_count": 6})


RANGES = '''law "Ranges"
  jurisdiction: Nowhere

facts:
  the order count: a whole number from 0 to 100
  the day: a date

decision the tier: one of first, second, third

decision the period: one of early, middle, late

§ 1
  the tier is first if the order count is 0
  the tier is second if the order count is 1
  the tier is third if the order count is at least 2
  the period is early if the day is before 2000-01-01
  the period is middle if the day is on or after 2000-01-01 and the day is before 2010-01-01
  the period is late if the day is on or after 2010-01-01
'''


def test_rules_comparing_with_values_that_leave_no_case_between_are_a_chain(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    """`is 0` and `is at least 2`, `before D1` and `on or after D2` (D1 <= D2) cannot both
    hold: a decision of values with such rules is a chain too, with the interpreter's answers."""
    program, text = compile_law(RANGES, name="ranges")
    assert "rt.conflict" not in text[text.index("def tier("):text.index("def decide(")]
    module = generated_package.module(program)
    interpreter = Interpreter(program)
    for count in (0, 1, 2, 50):
        for day in ("1999-12-31", "2000-01-01", "2009-12-31", "2010-01-01"):
            facts = {"order_count": count, "day": day}
            assert module.decide(facts) == interpreter.decide(facts)
    assert module.period(module._parse_case({"order_count": 0, "day": "2005-05-05"}, "")) \
        .value == "middle"
