"""The hand-written twin of 8 U.S.C. § 1324a(e)(4) that benchmarks/bench_penalty.py times
agrees with the generated module (its two decisions, and the record of both that the benchmark
times, one chain for both): on seeded random cases and on the day before, the day and
the day after every table's first day (by the violation date for the 1999 and 2008 tables, by
the assessment date for the annual ones)."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path
from typing import Any

from conftest import load, script

ROOT = Path(__file__).resolve().parents[1]
twin = script("handwritten_penalty_1324a", ROOT / "benchmarks" / "handwritten_penalty_1324a.py")
bench = script("bench_penalty", ROOT / "benchmarks" / "bench_penalty.py")


def _boundary_facts() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    one = datetime.timedelta(days=1)
    for day in sorted(set(twin.DAYS) | set(twin.DOJ_DAYS)):  # each side of both departments'
        for near in (day - one, day, day + one):
            for prior, who in itertools.product((0, 1, 2), ("DHS", "DOJ")):
                if day < twin.ANNUAL_FROM:  # a table of violations: dated by the violation
                    v, a = near, near + datetime.timedelta(days=30)
                else:
                    v, a = datetime.date(2016, 1, 15), near
                out.append({"unauthorized_alien_count": 3, "prior_order_count": prior,
                            "violation_date": v.isoformat(), "assessment_date": a.isoformat(),
                            "assessing_department": who})
    return out


def test_the_hand_twin_agrees_with_the_generated_module(generated_package: Any) -> None:
    module = generated_package.module(load(ROOT / "statutes/us/penalties_1324a.law"))
    facts = bench.random_facts(7, 3000) + _boundary_facts()
    for f in facts:
        case = module._parse_case(f, "")
        assert (module.minimum_penalty(case), module.maximum_penalty(case)) == \
            twin.penalty(case) == module.penalty_range(case), f
    assert twin.penalty(module._parse_case(facts[-1], ""))[0] == 3 * 8586  # 2025, tier (iii)
