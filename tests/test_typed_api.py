"""The typed API of a generated module (its frozen dataclasses and decision functions) refuses a
value of the wrong type when a record is built, with a `TypeError` naming the record and the
field: the same-named enum of a sibling module, the enum's words as a string, None, the string
'no' for a yes/no, a bool for a whole number, a float for a decimal, text for a date, a list of
dicts for a list of records. Before these checks each gave an answer without an error."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import STATUTES, TEST_STATUTES, GeneratedPackage, load
from test_shared_cases import case as shared_case

LAW_62 = STATUTES / "nyc" / "local_law_62_2011.law"
LAW_58 = STATUTES / "nyc" / "local_law_58_2014.law"
BENEFIT = TEST_STATUTES / "testing" / "benefit.law"
BENEFIT_FACTS: dict[str, Any] = {
    "decision_date": "2021-03-01", "office": "central", "budget_per_person": "100",
    "applicant": {"date_of_birth": "1990-05-05", "household_size": 3, "income_ratio": "0.5",
                  "residence_period": 3, "postal_code": "10001", "dependants_count": 1,
                  "disability": False,
                  "claims": [{"filing_date": "2021-01-15", "amount_claimed": "250",
                              "category": "food"}]},
}


def _typed(generated_package: GeneratedPackage, file: Path, facts: dict[str, Any]) -> Any:
    module = generated_package.module(load(file))
    return module, module._parse_case(facts, "")


def _refused(build: Any, field: str) -> None:
    with pytest.raises(TypeError) as caught:
        build()
    assert str(caught.value).startswith(field + ": expected "), str(caught.value)


def test_a_well_typed_case_is_decided(generated_package: GeneratedPackage) -> None:
    module, case = _typed(generated_package, LAW_62, shared_case())
    # the shared case is dated 2015, after Local Law 62 of 2011: decided under it all the same
    held = module.hold(dataclasses.replace(case), ignore_in_force=True)
    assert type(held) is module.Hold and held.value == module.decide(
        shared_case(), ignore_in_force=True)["hold"]


@pytest.mark.parametrize("agency", ["sibling", "Department of Correction", None])
def test_the_agency_must_be_this_modules_enum(agency: object,
                                              generated_package: GeneratedPackage) -> None:
    module, case = _typed(generated_package, LAW_62, shared_case())
    sibling = generated_package.module(load(LAW_58))
    assert sibling.Agency is not module.Agency
    value = sibling.Agency.DEPARTMENT_OF_CORRECTION if agency == "sibling" else agency
    _refused(lambda: module.hold(dataclasses.replace(case, agency=value)), "Case.agency")
    if agency == "sibling":
        with pytest.raises(TypeError, match=r"Agency of generated\.nyc\.local_law_62_2011, "
                                            r"got .*local_law_58_2014"):
            dataclasses.replace(case, agency=value)


@pytest.mark.parametrize("value", ["no", "", 0, 1, None])
def test_a_yes_or_no_must_be_a_bool(value: object, generated_package: GeneratedPackage) -> None:
    _, case = _typed(generated_package, LAW_62, shared_case())
    _refused(lambda: dataclasses.replace(case.person, outstanding_criminal_warrant=value),
             "Person.outstanding_criminal_warrant")


@pytest.mark.parametrize(("record", "field", "value"), [
    ("applicant", "household_size", True),
    ("applicant", "household_size", 3.0),
    ("applicant", "household_size", "3"),
    ("applicant", "income_ratio", 0.5),
    ("applicant", "income_ratio", "0.5"),
    ("applicant", "date_of_birth", "1990-05-05"),
    ("applicant", "date_of_birth", datetime.datetime(1990, 5, 5)),
    ("applicant", "postal_code", 10001),
    ("applicant", "claims", []),
    ("applicant", "claims", ({"filing_date": "2021-01-15"},)),
    ("case", "office", "central"),
    ("case", "applicant", None),
    ("case", "budget_per_person", 100),
])
def test_wrong_types_are_refused(record: str, field: str, value: object,
                                 generated_package: GeneratedPackage) -> None:
    _, case = _typed(generated_package, BENEFIT, BENEFIT_FACTS)
    target = case if record == "case" else case.applicant
    _refused(lambda: dataclasses.replace(target, **{field: value}),
             f"{type(target).__name__}.{field}")


def test_right_types_are_accepted(generated_package: GeneratedPackage) -> None:
    module, case = _typed(generated_package, BENEFIT, BENEFIT_FACTS)
    applicant = dataclasses.replace(case.applicant, household_size=4,
                                    income_ratio=Decimal("0.25"),
                                    date_of_birth=datetime.date(1991, 1, 1),
                                    claims=case.applicant.claims * 2)
    module.benefit(dataclasses.replace(case, applicant=applicant))
