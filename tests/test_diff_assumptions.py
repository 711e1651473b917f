"""Witnesses that can exist: every witness of a shipped diff meets the vocabulary's `assume`
items (statutes/common/detainers.law: instant arrest on or before the request, release on or
after judgment, birth at least 7 years before any judgment) and its request date lies in the newer version's in-force period."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from compiler import driver
from compiler.analysis.comparisons import read_manifest
from compiler.analysis.diff import diff_programs

REPO = Path(__file__).resolve().parents[1]
STATUTES = REPO / "statutes"
PAIRS = read_manifest(STATUTES / "reports.toml").pairs()


def broken(facts: dict[str, Any], period: tuple[str | None, str | None]) -> list[str]:
    """The assumptions a witness breaks (facts the laws do not read are not there to break)."""
    day = datetime.date.fromisoformat
    request: dict[str, Any] = dict(facts.get("request", {}))
    person: dict[str, Any] = dict(facts.get("person", {}))
    out = []
    if "request_date" in request and "instant_arrest_date" in request \
            and day(request["instant_arrest_date"]) > day(request["request_date"]):
        out.append("instant arrest after the request")
    if "request_date" in request:
        start, end = period
        if (start and day(request["request_date"]) < day(start)) or \
                (end and day(request["request_date"]) > day(end)):
            out.append("request outside the in-force period")
    for conviction in person.get("convictions", []):
        judgment = conviction.get("judgment_date")
        if judgment and conviction.get("release_date") and \
                day(conviction["release_date"]) < day(judgment):
            out.append("release before judgment")
        if judgment and person.get("date_of_birth"):
            j, b = day(judgment), day(person["date_of_birth"])
            if (b.year + 7, b.month, b.day) > (j.year, j.month, j.day):
                out.append("judgment before the age of 7")
    return out


def test_the_checker_can_fail() -> None:
    bad = {"request": {"request_date": "1992-01-01", "instant_arrest_date": "2028-01-01"},
           "person": {"date_of_birth": "2000-01-01", "convictions": [
               {"judgment_date": "2003-01-01", "release_date": "2002-01-01"}]}}
    assert len(broken(bad, ("2013-07-16", None))) == 4


@pytest.mark.parametrize("old,new", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_no_witness_breaks_an_assumption(old: str, new: str) -> None:
    workspace = driver.Workspace()
    a, b = (driver.load_program(workspace, STATUTES / f"{p}.law") for p in (old, new))
    result = diff_programs(a, b, list_bound=1, samples=20)
    period = (result.new.in_force_from, result.new.in_force_until)
    for d in result.decisions:
        for t in d.transitions:
            for region in t.regions or ():
                assert broken(region.witness.facts, period) == [], region.witness.facts
