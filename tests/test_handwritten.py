"""The hand-written twins the decision benchmark times against (benchmarks/handwritten/) decide
as the generated functions do, on the benchmark's own seeded cases, lists of every length it
uses included (a twin that disagreed would make the benchmark's ratio meaningless)."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pytest

from conftest import REPO, STATUTES, GeneratedPackage, load

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_decision import CaseMaker  # noqa: E402
from handwritten import DECIDE_TWINS, TWINS  # noqa: E402


@pytest.mark.parametrize("statute", sorted(TWINS))
@pytest.mark.parametrize("list_size", [None, 0, 3, 30])
def test_the_twin_decides_as_the_generated_function(statute: str, list_size: int | None,
                                                    generated_package: GeneratedPackage) -> None:
    program = load(STATUTES / f"{statute}.law")
    module = generated_package.module(program)
    twin_module, decision = TWINS[statute]
    sys.modules.pop(twin_module, None)  # imported again, over the module just made (whatever
    # copy of `generated` another test imported before, the twin reads this one's classes)
    name = "generated." + program.path.replace("/", ".")
    before = sys.modules.get(name)
    sys.modules[name] = module
    try:
        twin: Any = importlib.import_module(twin_module)
    finally:
        if before is not None:
            sys.modules[name] = before
    assert twin.__dict__[decision].__module__ == twin_module
    maker = CaseMaker(program, seed=2011, list_size=list_size)
    generated = getattr(module, module.STATUTE["decisions"][decision]["function"])
    for _ in range(200 if list_size != 30 else 40):
        case = module._parse_case(maker.case(), "")
        # by value: under xdist the twin's `generated` package may be another copy of the module
        # the hand-written twin checks no period in force; the cases are of any date
        assert _value(getattr(twin, decision)(case)) == _value(
            generated(case, ignore_in_force=True))


def _value(outcome: object) -> object:
    return getattr(outcome, "value", outcome)


@pytest.mark.parametrize("statute", sorted(DECIDE_TWINS))
@pytest.mark.parametrize("list_size", [0, 3, 30])
def test_the_hand_written_decide_decides_as_the_generated_one(
        statute: str, list_size: int, generated_package: GeneratedPackage) -> None:
    program = load(STATUTES / f"{statute}.law")
    module = generated_package.module(program)
    name = "generated." + program.path.replace("/", ".")
    before = sys.modules.get(name)
    sys.modules[name] = module
    sys.modules.pop(DECIDE_TWINS[statute], None)
    try:
        twin: Any = importlib.import_module(DECIDE_TWINS[statute])
    finally:
        if before is not None:
            sys.modules[name] = before
    maker = CaseMaker(program, seed=2011, list_size=list_size)
    for _ in range(200 if list_size != 30 else 40):
        facts = maker.case()
        assert twin.decide(facts) == module.decide(facts, ignore_in_force=True)


def test_every_shipped_law_has_a_twin() -> None:
    """Every law of statutes/ (not a vocabulary, nor an example file) has a hand-written twin;
    an amendment stated as patches (statutes/nyc/amendments/) has its restatement's, the two
    held to the same outcomes by tests/test_amendments.py."""
    laws = set()
    for path in STATUTES.rglob("*.law"):
        relative = path.relative_to(STATUTES).with_suffix("").as_posix()
        if relative.endswith(".examples") or relative.startswith("nyc/amendments/"):
            continue
        if any(line.startswith("law ") for line in path.read_text(encoding="utf-8").split("\n")):
            laws.add(relative)
    assert len(laws) >= 13 and laws - set(TWINS) == set()
    for amendment in (STATUTES / "nyc" / "amendments").glob("*.law"):
        if not amendment.name.endswith(".examples.law"):
            assert f"nyc/{amendment.stem}" in TWINS, amendment


def test_the_benchmark_draws_cases_that_meet_the_law_s_assumptions(
        generated_package: GeneratedPackage) -> None:
    """D.C.'s convictions are after the age of seven (`assume …`): a drawn case that breaks it is
    refused by decide() and drawn again, so lists of 3 and 30 records are timed too (the
    benchmark stopped at the first such case)."""
    from bench_decision import real_cases

    program = load(STATUTES / "dc" / "detainer_act_2012.law")
    module = generated_package.module(program)
    maker = CaseMaker(program, seed=2011, list_size=3)
    facts, redrawn = real_cases(maker, module, 300)
    assert len(facts) == 300 and redrawn > 0
    for f in facts:
        module.decide(f, ignore_in_force=True)  # raises FactsError on a case that breaks one
    broken = 0
    plain = CaseMaker(program, seed=2011, list_size=3)
    for _ in range(300):
        try:
            module.decide(plain.case(), ignore_in_force=True)
        except module.rt.FactsError:
            broken += 1
    assert broken > 0  # the draws themselves break it: what real_cases leaves out


def test_an_amendment_is_timed_against_its_restatement_s_twin() -> None:
    from bench_decision import twin_path

    assert twin_path("nyc/amendments/local_law_59_2014") == "nyc/local_law_59_2014"
    assert twin_path("nyc/local_law_59_2014") == "nyc/local_law_59_2014"
    assert twin_path("dc/detainer_act_2012") in TWINS


@pytest.mark.parametrize("statute, said", [
    ("nyc/amendments/local_law_59_2014", "timed as the restatement"),
    ("dc/detainer_act_2012", "were drawn again"),
])
def test_the_benchmark_runs_where_it_stopped(statute: str, said: str) -> None:
    """`bench_decision.py` on an amendment and on D.C. with lists of 3 runs to its ratio (it
    stopped at a ModuleNotFoundError and at a FactsError); a law without a twin is a message."""
    import subprocess

    def run(path: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "benchmarks/bench_decision.py", "--statute",
                               path, "--records", "60", "--repeats", "1", *extra], cwd=REPO,
                              capture_output=True, text=True, timeout=300)

    done = run(f"statutes/{statute}.law", "--list-size", "3")
    assert done.returncode == 0, done.stderr
    assert said in done.stdout and "agreement: 60/60 records" in done.stdout, done.stdout
    assert "ratio generated/hand:" in done.stdout
    missing = run("statutes/us/legal_public_holidays.law")
    assert missing.returncode == 1 and "is not a law" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_dated_law_is_timed_on_requests_of_its_own_period() -> None:
    """The benchmark's requests fall in the law's period in force, so the generated function is
    called as an application calls it (no `ignore_in_force`); a law dated by nothing keeps the
    usual days."""
    from bench_decision import in_force_days

    ll59 = load(STATUTES / "nyc" / "local_law_59_2014.law")
    first, last = in_force_days(ll59) or (None, None)
    assert str(first) == "2014-12-14" and last is not None and last > first
    before = in_force_days(load(STATUTES / "nyc" / "before_local_law_62.law"))
    assert before is not None and str(before[1]) == "2013-07-15"
    assert in_force_days(load(STATUTES / "us" / "penalty_table_date.law")) is None
    maker = CaseMaker(ll59, seed=5, list_size=0, in_force=True)
    for _ in range(50):
        day = maker.case()["request"]["request_date"]  # type: ignore[index]
        assert str(first) <= str(day) <= str(last)
