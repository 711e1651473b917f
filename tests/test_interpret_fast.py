"""`interpret_fast.FastInterpreter` (the diff's interpreter: a closure per expression) gives what
the reference interpreter gives: on seeded cases of every law (statutes and test laws), each
decision's outcome (value and deciding rule) or error (its class and words), each atom the diff
reads (`regions.leaf_conditions` of every rule) and each assumption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.analysis.regions import leaf_conditions
from compiler.analysis.shares import Sampler
from compiler.analysis.space import FactSpace
from compiler.core import ast as c
from compiler.interpret import Interpreter
from compiler.interpret_fast import FastInterpreter
from conftest import all_laws, file_id, load

CASES = 120


def _run(fn: Any) -> object:
    try:
        return ("value", fn())
    except Exception as exc:  # noqa: BLE001 (any error: both must raise the same)
        return (type(exc).__name__, str(exc))


def _outcome(interpreter: Interpreter, name: str, case: Any) -> object:
    def run() -> object:
        outcome = interpreter.outcome(name, case)
        return outcome.value, None if outcome.rule is None else id(outcome.rule)
    return _run(run)


def _expressions(program: c.Program) -> list[c.Expr]:
    out: list[c.Expr] = []
    for d in program.decisions.values():
        for rule in d.rules:
            out += [rule.condition, rule.value, *leaf_conditions(program, rule.condition)]
    out += [a.condition for a in program.assumptions]
    return out


@pytest.mark.parametrize("file", all_laws(), ids=file_id)
def test_the_fast_interpreter_decides_as_the_reference_one(file: Path) -> None:
    program = load(file)
    try:
        space = FactSpace([program])
    except (ValueError, NotImplementedError, AssertionError):
        pytest.skip("no fact space for this law")
    fast = FastInterpreter(program)
    sample = Sampler(space, [program], 7, CASES, [Interpreter(program)])
    reference = sample.interpreters[0]
    expressions = _expressions(program)
    checked = 0
    for case in sample.parsed[0]:
        for name in program.decisions:
            assert _outcome(fast, name, case) == _outcome(reference, name, case), name
        for e in expressions:
            got = _run(lambda: fast.eval(e, case, {}))
            assert got == _run(lambda: reference.eval(e, case, {})), e
            checked += 1
    assert checked or not expressions or not sample.parsed[0]
