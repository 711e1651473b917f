"""A chain of rules leaves out the tests the rules above it settle (`exclusive.Settled`): where
`the score is less than 10` did not apply, `the score is at least 10` holds and is not tested
again; a rule all of whose tests are settled returns at once. Where a rule above was of two
tests, its failing says nothing of either, and nothing is left out. Every value is decided as
the interpreter decides it."""

from __future__ import annotations

import inspect
from typing import Any

from compiler.interpret import Interpreter

LAW = '''law "Bands"
  jurisdiction: X

facts:
  the score: a whole number from 0 to 40
  the member: yes or no

decision the band: one of low, middle, high

decision the fee: one of waived, reduced, full

§ 1
  the band is low if the score is less than 10
  the band is middle if the score is at least 10 and the score is less than 20
  the band is high if the score is at least 20

§ 2
  the fee is waived if the score is less than 10 and the person is a member
  the fee is reduced if the score is at least 10 and the score is less than 30
  the fee is full if the score is at least 30
'''


def test_settled_tests_are_left_out_and_decisions_agree(compile_law: Any,
                                                        generated_package: Any) -> None:
    program, _ = compile_law(LAW.replace("the person is a member", "the member"))
    module = generated_package.module(program)
    band = inspect.getsource(module.band)
    assert "case.score >= 10" not in band and "case.score < 20" in band, band
    assert "every test of the rule holds here" in band and "LawGap" not in band, band
    fee = inspect.getsource(module.fee)  # `score < 10 and member` failing settles neither
    assert "case.score >= 10" in fee and "LawGap" in fee, fee
    interpreter = Interpreter(program)
    for score in range(0, 41):
        for member in (False, True):
            facts = {"score": score, "member": member}
            want = interpreter.decide(facts) if score >= 10 or member else None
            if want is None:  # no rule decides the fee: a gap for both
                continue
            assert module.decide(facts) == want, facts
