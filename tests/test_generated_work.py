"""How much work the generated code does, counted, never timed: a definition without parameters
is computed once per decision, not once per record of a list; `lawc evaluate --csv` gives the
same output through a `.law` file (its module compiled in memory) and through the generated
module's name; a condition of many thousands of terms compiles into a module that imports in
time linear in its size."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, STATUTES, GeneratedPackage, load


def _counting(module: Any, name: str) -> list[int]:
    """Count the calls of the module-level function `name` (calls go through the module's
    globals, so the wrapper sees every one)."""
    calls = [0]
    inner = getattr(module, name)

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return inner(*args)

    setattr(module, name, counted)
    return calls


def test_a_definition_without_parameters_is_computed_once_per_case(
        generated_package: GeneratedPackage) -> None:
    module = generated_package.module(load(STATUTES / "nyc" / "local_law_22_2013.law"))
    day = datetime.date(2012, 1, 1)
    conviction = module.Conviction(
        jurisdiction=module.ConvictionJurisdiction.OTHER_STATE,
        class_=module.ConvictionClass.VIOLATION, judgment_date=day,
        youthful_offender_adjudication=False, penal_law_section="1")
    person = module.Person(
        convictions=(conviction,) * 30, pending_charges=(),
        outstanding_criminal_warrant=False,
        known_gang_membership_in_a_law_enforcement_database=False,
        possible_match_in_the_terrorist_screening_database=False,
        prior_order_of_removal=False)
    case = module.Case(agency=module.Agency.DEPARTMENT_OF_CORRECTION,
                       request=module.DetainerRequest(request_date=day,
                                                      instant_arrest_date=day),
                       person=person)
    original = module.the_felony_history
    calls = _counting(module, "the_felony_history")
    try:
        # dated 2012, before Local Law 22 of 2013: decided under it all the same
        assert module.hold(case, ignore_in_force=True) is module.Hold.MUST_BE_DECLINED
        assert calls[0] == 1  # it was 30: once for every conviction
    finally:  # the module is shared by the session's other tests
        setattr(module, "the_felony_history", original)


def _lawc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_evaluate_csv_is_the_same_through_the_law_and_the_module(fmt: str) -> None:
    """The README's `lawc evaluate … --csv` on the shipped population, both ways."""
    population = "data/synthetic_detainer_requests.csv"  # requests of several years
    by_law = _lawc("evaluate", "statutes/nyc/local_law_62_2011.law", "--csv", population,
                   "--format", fmt, "--ignore-in-force")
    by_module = _lawc("evaluate", "generated.nyc.local_law_62_2011", "--csv", population,
                      "--format", fmt, "--ignore-in-force")
    assert by_law.returncode == 0, by_law.stderr
    assert by_module.returncode == 0, by_module.stderr
    assert by_law.stdout == by_module.stdout
    assert by_law.stderr == by_module.stderr
    assert by_law.stdout.count("may be honored") > 10  # "no" cells read as no, not as text


def test_evaluate_csv_names_a_bad_row_through_the_module(tmp_path: Path) -> None:
    population = (REPO / "data" / "synthetic_detainer_requests.csv").read_text(
        encoding="utf-8").splitlines()
    bad = tmp_path / "bad.csv"
    first = population[1].split(",")
    first[2] = "2015-13-45"  # request.request_date
    bad.write_text("\n".join([population[0], ",".join(first), population[2]]) + "\n",
                   encoding="utf-8")
    result = _lawc("evaluate", "generated.nyc.local_law_62_2011", "--csv", str(bad),
                   "--ignore-in-force")
    assert result.returncode == 1, result.stderr
    assert "error: row 2: request.request_date: expected a date" in result.stderr
    assert "1 of 2 rows failed" in result.stderr


@pytest.mark.slow  # compiles and imports a module of 20,000 terms (CI runs it)
def test_a_condition_of_20000_terms_compiles_into_a_module_that_imports(tmp_path: Path) -> None:
    """Import time stays linear in the size of the module (a generous bound, not a timing)."""
    from compiler import driver

    terms = 20_000
    statutes = tmp_path / "statutes" / "testing"
    statutes.mkdir(parents=True)
    condition = " or ".join(f"the age is {i}" for i in range(terms))
    law = statutes / "big.law"
    law.write_text(f'law "Big"\n  jurisdiction: X\n\nfacts:\n  age: a whole number\n\n'
                   f"decision the outcome: one of low, high\n\n"
                   f"§ 1\n  the outcome is low if {condition}\n\n"
                   f"§ 2\n  the outcome is high if the age is more than {terms}\n",
                   encoding="utf-8")
    program = driver.load_program(driver.Workspace(tmp_path / "statutes"), law)
    for path, text in driver.planned_files(tmp_path / "generated", [program]).items():
        driver.write_atomically(path, text)
    result = subprocess.run(
        [sys.executable, "-c", "import generated.testing.big as m; "
         "print(m.decide({'age': 7})['outcome'], m.decide({'age': 20001})['outcome'])"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["low", "high"]
