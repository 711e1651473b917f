"""`A or B, whichever is later` (and `earlier`, `greater`, `lesser`) as a rule's value or a
default: read as `the later of A and B`, decided alike by the interpreter and the generated code,
and refused with its own message inside a condition, where `or` joins conditions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from compiler import driver
from compiler.core import ast as c
from compiler.diagnostics import DiagnosticError
from compiler.interpret import Interpreter
from compiler.surface import ast as s
from compiler.surface.parse import parse

WINDOWS = '''law "Windows"
  jurisdiction: Nowhere

facts:
  the judgment date: a date
  the release date: a date
  the count: a whole number from 0 to 100

decision the window end: a date
  by default: the judgment date plus 10 years or the release date plus 5 years, whichever is later

decision the fee: money
  by default: $5 times the count or $20, whichever is lesser

§ 1
  the fee is $10 or $3 times the count, whichever is greater if the count is at least 10
'''

CASES = [  # judgment date, release date, count; window end, fee
    ("2005-01-01", "2012-06-01", 2, date(2017, 6, 1), "10"),
    ("2010-01-01", "2012-06-01", 12, date(2020, 1, 1), "36"),
    ("2010-01-01", "2012-06-01", 5, date(2020, 1, 1), "20"),
    ("2010-02-28", "2015-02-28", 10, date(2020, 2, 28), "30"),  # equal: either
]


def _first_value(text: str) -> s.Expr:
    (decision,) = [i for i in parse(text, "w.law").items if isinstance(i, s.DecisionDecl)][:1]
    assert decision.default is not None
    return decision.default


def test_it_reads_as_the_later_of() -> None:
    head = WINDOWS.split("decision the fee")[0]
    written = _first_value(head)
    assert written == _first_value(head.replace(
        "the judgment date plus 10 years or the release date plus 5 years, whichever is later",
        "the later of the judgment date plus 10 years and the release date plus 5 years"))
    assert isinstance(written, s.Arithmetic) and written.op is s.Arith("the later of")


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[0]}/{case[2]}")
def test_the_interpreter_and_the_generated_code_agree(
        compile_law: Callable[..., tuple[c.Program, str]], case: tuple[object, ...]) -> None:
    program, _ = compile_law(WINDOWS)
    judgment, release, count, end, fee = case
    facts = {"judgment_date": judgment, "release_date": release, "count": count}
    want = {"window_end": end.isoformat(), "fee": fee}  # type: ignore[attr-defined]
    assert Interpreter(program).decide(facts) == want
    assert driver.module_in_memory(program).decide(facts) == want


def test_in_a_condition_it_has_its_own_message() -> None:
    text = WINDOWS.replace("  the fee is $10 or $3 times the count, whichever is greater if",
                           "  the fee is $10 if $10 or $3 times the count, whichever is greater"
                           " is at least $20 and")
    with pytest.raises(DiagnosticError) as caught:
        parse(text, "w.law")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.message.startswith('"…, whichever is greater" stands only as a rule\'s '
                                         "value or a default")
    assert "the greater of A and B" in (diagnostic.hint or "")
