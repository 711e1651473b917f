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
