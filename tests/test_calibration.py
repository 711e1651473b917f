"""The synthetic population is calibrated: under Local Law 22 of 2013 it declines the share of
requests the Department of Correction reported for July to September 2013 (331 of 904), within
the 95% binomial interval for n = 904; and every row is a case that can exist."""

from __future__ import annotations

import csv
import datetime
import importlib.util
import json
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from compiler import driver
from compiler.interpret import Interpreter
from compiler.core.facts import parse_facts
from compiler.population import read_population

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data" / "synthetic_detainer_requests_2013q3.csv"
REPORTED_DECLINED, REPORTED_RECEIVED = 331, 904
P = REPORTED_DECLINED / REPORTED_RECEIVED
TOLERANCE = 1.96 * math.sqrt(P * (1 - P) / REPORTED_RECEIVED)  # ≈ 0.031


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_detainer_requests", REPO / "data" / "generate_detainer_requests.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _declined_share(file: Path) -> float:
    program = driver.load_program(driver.Workspace(), REPO / "statutes" / "nyc" /
                                  "local_law_22_2013.law")
    interpreter = Interpreter(program)
    table = read_population(file, program)
    declined = sum(1 for _, facts in table
                   if interpreter.evaluate("hold", parse_facts(program, facts)) ==
                   "must be declined")
    return declined / len(table)


def test_tolerance_is_the_binomial_interval() -> None:
    assert 0.030 < TOLERANCE < 0.032


@pytest.mark.parametrize("seed", [2013, 7])
def test_generated_population_matches_the_reported_declined_share(tmp_path: Path,
                                                                   seed: int) -> None:
    gen = _generator()
    out = tmp_path / "requests.csv"
    gen.write(gen.rows(904, seed, datetime.date(2013, 7, 16), datetime.date(2013, 9, 30)), out)
    assert abs(_declined_share(out) - P) <= TOLERANCE


def test_the_shipped_population_is_calibrated_and_reproducible(tmp_path: Path) -> None:
    assert abs(_declined_share(SHIPPED) - P) <= TOLERANCE
    gen = _generator()
    out = tmp_path / "again.csv"
    gen.write(gen.rows(904, 2013, datetime.date(2013, 7, 16), datetime.date(2013, 9, 30)), out)
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_every_row_is_a_case_that_can_exist() -> None:
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == REPORTED_RECEIVED
    day = datetime.date.fromisoformat
    for r in table:
        request, arrest = day(r["request.request_date"]), day(r["request.instant_arrest_date"])
        birth = day(r["person.date_of_birth"])
        assert day("2013-07-16") <= request <= day("2013-09-30")
        assert arrest <= request
        for conviction in json.loads(r["person.convictions"]):
            judgment = day(conviction["judgment_date"])
            assert judgment <= request
            assert day(conviction["release_date"]) >= judgment
            assert judgment.replace(year=judgment.year - 7, day=min(judgment.day, 28)) >= birth


def test_the_report_counts_the_calibrated_population_by_default() -> None:
    from compiler.analysis.comparisons import read_manifest

    plan = read_manifest(REPO / "statutes" / "reports.toml")
    assert plan.population is not None and plan.population.resolve() == SHIPPED


def test_the_data_readme_states_the_shipped_count() -> None:
    stated = re.search(r"the shipped file declines (\d+) of (\d+) \((\d+\.\d)%\)",
                       (REPO / "data" / "README.md").read_text(encoding="utf-8"))
    assert stated is not None, "data/README.md no longer states the shipped file's count"
    declined, total, percent = int(stated[1]), int(stated[2]), stated[3]
    share = _declined_share(SHIPPED)
    assert total == REPORTED_RECEIVED
    assert round(share * total) == declined
    assert f"{100 * declined / total:.1f}" == percent
