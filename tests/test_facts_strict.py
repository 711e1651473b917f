"""JSON-like facts are read strictly, and the same way by the interpreter's fact checker and by a
generated module's `decide()` (both call the one runtime, `compiler.runtime`): a huge number, a
deep nesting, an ISO week date, digits that are not ASCII, an exponent, NaN or infinity, and
texts or lists beyond the stated limits are each a `FactsError` naming the field, never a
`ValueError` of Python's own, a `RecursionError` or a value read."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from compiler import runtime
from compiler.core.facts import parse_facts
from compiler.runtime import FactsError
from conftest import TEST_STATUTES, GeneratedPackage, load

BENEFIT = TEST_STATUTES / "testing" / "benefit.law"

GOOD: dict[str, Any] = {
    "decision_date": "2021-03-01", "office": "central", "budget_per_person": "100",
    "applicant": {"date_of_birth": "1990-05-05", "household_size": 3, "income_ratio": "0.5",
                  "residence_period": 3, "postal_code": "10001", "dependants_count": 1,
                  "disability": False,
                  "claims": [{"filing_date": "2021-01-15", "amount_claimed": "250",
                              "category": "food"}]},
}


def _nested(depth: int) -> object:
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


def _nested_dict(depth: int) -> object:
    value: object = {}
    for _ in range(depth):
        value = {"a": value}
    return value


# (where, bad value): each must be rejected with a FactsError at `where`
BAD: list[tuple[str, object]] = [
    ("applicant.household_size", 10 ** 5000),
    ("applicant.household_size", "1" * 5000),
    ("applicant.household_size", "\u0663"),  # ARABIC-INDIC DIGIT THREE
    ("applicant.household_size", "1_0"),
    ("applicant.household_size", "+3"),
    ("applicant.household_size", 1e300),
    ("applicant.household_size", _nested(100_000)),
    ("applicant.residence_period", 10 ** 5000),
    ("applicant.income_ratio", 10 ** 5000),
    ("applicant.income_ratio", "1e400"),
    ("applicant.income_ratio", "1E-2"),
    ("applicant.income_ratio", "NaN"),
    ("applicant.income_ratio", "Infinity"),
    ("applicant.income_ratio", "-inf"),
    ("applicant.income_ratio", "0_5"),
    ("applicant.income_ratio", "\u0660.5"),
    ("applicant.income_ratio", float("nan")),
    ("applicant.income_ratio", float("inf")),
    ("applicant.income_ratio", "0." + "0" * 5000),
    ("applicant.income_ratio", _nested_dict(100_000)),
    ("budget_per_person", "$1e3"),
    ("budget_per_person", "$NaN"),
    ("decision_date", "2015-W01-1"),
    ("decision_date", "20210301"),
    ("decision_date", "2021-3-01 "),
    ("decision_date", "\u0662\u0660\u0662\u0661-03-01"),
    ("decision_date", _nested(100_000)),
    ("applicant.postal_code", "1" * (runtime.MAX_TEXT + 1)),
    ("applicant.postal_code", _nested(100_000)),
    ("office", _nested_dict(100_000)),
    ("applicant.disability", _nested(100_000)),
    ("applicant.disability", 10 ** 5000),
    ("applicant.claims", _nested_dict(100_000)),
    ("applicant.claims.0", _nested(100_000)),
    ("applicant.claims.0.category", 10 ** 5000),
]


def _spoil(where: str, value: object) -> dict[str, Any]:
    facts = copy.deepcopy(GOOD)
    node: Any = facts
    steps = [int(p) if p.isdigit() else p for p in where.split(".")]
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = value
    return facts


def _path(where: str) -> str:
    parts = where.split(".")
    out = parts[0]
    for part in parts[1:]:
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def _rejects(read: Callable[[dict[str, Any]], object], where: str, value: object) -> None:
    with pytest.raises(FactsError) as caught:
        read(_spoil(where, value))
    assert caught.value.path == _path(where), str(caught.value)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize(("where", "value"), BAD,
                         ids=[f"{w}-{i}" for i, (w, _) in enumerate(BAD)])
def test_the_interpreter_rejects(where: str, value: object) -> None:
    program = load(BENEFIT)
    _rejects(lambda facts: parse_facts(program, facts), where, value)


@pytest.mark.parametrize(("where", "value"), BAD,
                         ids=[f"{w}-{i}" for i, (w, _) in enumerate(BAD)])
def test_the_generated_module_rejects(where: str, value: object,
                                      generated_package: GeneratedPackage) -> None:
    module = generated_package.module(load(BENEFIT))
    _rejects(module.decide, where, value)


def test_a_list_longer_than_the_limit_is_rejected(generated_package: GeneratedPackage) -> None:
    program = load(BENEFIT)
    module = generated_package.module(program)
    claims = [GOOD["applicant"]["claims"][0]] * (runtime.MAX_ITEMS + 1)
    for read in (module.decide, lambda facts: parse_facts(program, facts)):
        _rejects(read, "applicant.claims", claims)


GOOD_VALUES: list[tuple[str, object]] = [
    ("applicant.household_size", "3"), ("applicant.household_size", " 3 "),
    ("applicant.household_size", 3.0), ("applicant.residence_period", "-0"),
    ("applicant.income_ratio", "0.5"), ("applicant.income_ratio", ".5"),
    ("applicant.income_ratio", "1."), ("applicant.income_ratio", 1e-7),
    ("applicant.income_ratio", 1), ("budget_per_person", "$1,000.50"),
    ("applicant.date_of_birth", "2000-02-29"),
]


@pytest.mark.parametrize(("where", "value"), GOOD_VALUES)
def test_plain_values_are_still_read_alike(where: str, value: object,
                                           generated_package: GeneratedPackage) -> None:
    program = load(BENEFIT)
    module = generated_package.module(program)
    facts = _spoil(where, value)
    parse_facts(program, copy.deepcopy(facts))
    module.decide(facts)


def test_a_message_shows_a_value_briefly() -> None:
    assert runtime.show(10 ** 5000) == "a whole number of more than 100 digits"
    assert runtime.show([1, "a", {"b": None}]) == "[1, 'a', {'b': None}]"
    assert len(runtime.show(_nested(100_000))) <= 60
