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
