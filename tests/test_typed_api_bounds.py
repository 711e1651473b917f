"""The typed API refuses a value of the right Python type that the law's type does not allow:
a whole number, a duration, a decimal or money outside the vocabulary's bounds (`a household
size: a whole number from 1 to 12` given 1,000,000 or 0), and a decimal that is not finite
(`Decimal('Infinity')` was decided, `Decimal('NaN')` raised `decimal.InvalidOperation` from
inside a decision). Each is a `ValueError` naming `Record.field`, raised when the record is built
(`backends/type_checks.py` writes the checks); values inside the bounds are decided as before."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from compiler.backends.type_checks import value_checks
from compiler.core import ast as c
from conftest import TEST_STATUTES, GeneratedPackage, load
from test_typed_api import BENEFIT_FACTS

BENEFIT = TEST_STATUTES / "testing" / "benefit.law"


def _case(generated_package: GeneratedPackage) -> tuple[Any, Any]:
    module = generated_package.module(load(BENEFIT))
    return module, module._parse_case(BENEFIT_FACTS, "")


@pytest.mark.parametrize(("record", "field", "value", "expected"), [
    ("applicant", "household_size", 1_000_000, "a value from 1 to 12"),
    ("applicant", "household_size", 0, "a value from 1 to 12"),
    ("applicant", "income_ratio", Decimal("-7"), "a value from 0 to 5"),
    ("applicant", "income_ratio", Decimal("5.01"), "a value from 0 to 5"),
    ("applicant", "income_ratio", Decimal("Infinity"), "a finite number"),
    ("applicant", "income_ratio", Decimal("NaN"), "a finite number"),
    ("applicant", "income_ratio", Decimal("sNaN"), "a finite number"),
    ("applicant", "residence_period", -1, "a value of at least 0"),
    ("applicant", "dependants_count", 4, "a value from 0 to 3"),
    ("case", "budget_per_person", Decimal("0.99"), "a value of at least 1"),
])
def test_a_value_outside_the_laws_type_is_refused(record: str, field: str, value: object,
                                                  expected: str,
                                                  generated_package: GeneratedPackage) -> None:
    _, case = _case(generated_package)
    target = case if record == "case" else case.applicant
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(target, **{field: value})
    assert str(caught.value).startswith(f"{type(target).__name__}.{field}: expected {expected}, "
                                        "got "), str(caught.value)


def test_values_at_the_bounds_are_decided(generated_package: GeneratedPackage) -> None:
    module, case = _case(generated_package)
    applicant = dataclasses.replace(case.applicant, household_size=12, income_ratio=Decimal(5),
                                    residence_period=0, dependants_count=0)
    small = dataclasses.replace(case, applicant=applicant, budget_per_person=Decimal("1.00"))
    assert module.benefit(small) is not None


def test_a_type_that_allows_every_value_needs_no_check() -> None:
    assert value_checks(c.IntT(), "self.n", "n") == []
    assert value_checks(c.BoolT(), "self.b", "b") == []
    assert value_checks(c.DecimalT(low=Decimal("1.5")), "self.d", "d") == [
        ("not self.d.is_finite()", "rt.out_of_bounds(self, 'd', None, None)"),
        ("not self.d >= Decimal('1.5')", "rt.out_of_bounds(self, 'd', Decimal('1.5'), None)")]
