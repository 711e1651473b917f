"""The generated module's `decide()` gives what the reference interpreter gives, on random valid
facts for every law (and on facts with one fact taken away or spoiled): the same values, or the
same kind of error with the same message."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.interpret import Interpreter
from compiler.runtime import FactsError, LawConflict, LawEvaluationError, LawGap, NotInForce
from conftest import GeneratedPackage, all_laws, file_id, load
from strategies import facts_for, leaf_paths

LAWS = all_laws()
LAW_ERRORS = (LawConflict, LawGap, LawEvaluationError)

SETTINGS = settings(max_examples=150, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def outcome(decide: Callable[[Mapping[str, Any]], dict[str, object]], facts: Any
            ) -> tuple[object, object]:
    """("ok", decisions), or the class of the error (the one runtime's: the generated modules
    the tests import read `compiler.runtime`) with what identifies it."""
    try:
        return "ok", decide(copy.deepcopy(facts))
    except Exception as exc:  # noqa: BLE001 - the kind is what is compared
        kind = type(exc)
        if kind in LAW_ERRORS:
            return kind, str(exc)
        if kind is FactsError:
            return kind, getattr(exc, "path")
        if kind is NotInForce:  # dated outside the law's period: both refuse it alike
            return kind, str(exc)
        raise


@pytest.mark.slow  # the property over every law: about 35 s in all (CI runs it)
@pytest.mark.parametrize("file", LAWS, ids=file_id)
@SETTINGS
@given(data=st.data())
def test_generated_decide_equals_interpreter(file: Path, data: st.DataObject,
                                             generated_package: GeneratedPackage) -> None:
    program = load(file)
    module = generated_package.module(program)
    facts = data.draw(facts_for(program), label="facts")
    want = outcome(partial(Interpreter(program).decide, ignore_in_force=True), facts)
    assert want[0] is not FactsError, f"the strategy made facts the law rejects: {want}"
    assert outcome(partial(module.decide, ignore_in_force=True), facts) == want
    # and the case dated outside the law's period is refused by both alike
    assert outcome(module.decide, facts) == outcome(Interpreter(program).decide, facts)


@pytest.mark.slow  # lists of 25 to 30 records: minutes on the laws of lists (CI runs it)
@pytest.mark.parametrize("file", LAWS, ids=file_id)
@settings(SETTINGS, max_examples=25)
@given(data=st.data())
def test_generated_decide_equals_interpreter_on_long_lists(
        file: Path, data: st.DataObject, generated_package: GeneratedPackage) -> None:
    """Lists of 25 to 30 records: the values the generated functions compute once per call
    (a definition without parameters, a moved date) are those the law computes per record."""
    program = load(file)
    module = generated_package.module(program)
    facts = data.draw(facts_for(program, long_lists=True), label="facts")
    want = outcome(partial(Interpreter(program).decide, ignore_in_force=True), facts)
    assert want[0] is not FactsError, f"the strategy made facts the law rejects: {want}"
    assert outcome(partial(module.decide, ignore_in_force=True), facts) == want


@pytest.mark.parametrize("file", LAWS, ids=file_id)
@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_generated_decide_rejects_the_facts_the_interpreter_rejects(
        file: Path, data: st.DataObject, generated_package: GeneratedPackage) -> None:
    program = load(file)
    module = generated_package.module(program)
    facts = data.draw(facts_for(program), label="facts")
    paths = leaf_paths(facts)
    if paths:
        path = data.draw(st.sampled_from(paths), label="spoiled")
        node: Any = facts
        for step in path[:-1]:
            node = node[step]
        if data.draw(st.booleans(), label="remove"):
            del node[path[-1]]
        else:
            node[path[-1]] = None
    else:
        facts["no such fact"] = True
    assert outcome(module.decide, facts) == outcome(Interpreter(program).decide, facts)


def test_the_test_laws_are_there() -> None:
    """The property tests above run on at least the laws of tests/data, whatever statutes/
    holds; those laws can reach a gap, a conflict and an evaluation error."""
    names = {file_id(f) for f in LAWS}
    assert "tests/data/statutes/testing/benefit.law" in names
