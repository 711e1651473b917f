"""Consolidation: the timeline of each amended section from the statutes' headers, and the
consolidated module that dispatches a case to the version in force on its date. A property
test holds it to the per-version modules on random (facts, date) pairs: the same outcome as
the version in force, which every other version refuses."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.core.timeline import print_timeline, timelines
from compiler.runtime import FactsError, LawError, NotInForce
from conftest import GeneratedPackage, load
from strategies import facts_for

REPO = Path(__file__).resolve().parents[1]
NYC = sorted((REPO / "statutes/nyc").glob("*.law"))
SECTIONS = {"administrative_code_9_131": ["local_law_62_2011", "local_law_22_2013",
                                          "local_law_58_2014"],
            "administrative_code_14_154": ["local_law_21_2013", "local_law_59_2014"]}


def _programs() -> list[Any]:
    return [load(f) for f in NYC if not f.name.endswith(".examples.law")
            and "violent" not in f.name]


def test_the_timelines_follow_the_headers() -> None:
    found = {t.module: [v.path.rpartition("/")[2] for v in t.versions] for t in timelines(
        _programs())}
    assert found == {f"nyc/{k}": v for k, v in SECTIONS.items()}
    text = "".join(print_timeline(t) for t in timelines(_programs()))
    assert "timeline of Administrative Code § 9-131 (generated/nyc/administrative_code_9_131.py)" \
        in text
    assert "  2013-07-16 .. 2014-12-13  Local Law 22 of 2013 (amends;" in text
    assert "  2014-12-14 .. today  Local Law 59 of 2014 (amends;" in text
    assert "no version in force" not in text  # the NYC versions leave no hole


def _consolidated(package: GeneratedPackage, section: str) -> tuple[ModuleType, list[Any]]:
    programs = sorted((p for p in _programs() if p.path.rpartition("/")[2] in SECTIONS[section]),
                      key=lambda p: SECTIONS[section].index(p.path.rpartition("/")[2]))
    versions = [package.module(p) for p in programs]
    target = package.out / "nyc" / f"{section}.py"
    driver.write_atomically(target, driver.planned_files(package.out, programs)[target])
    importlib.invalidate_caches()
    return importlib.import_module(f"generated.nyc.{section}"), versions


def _outcome(decide: Any, facts: dict[str, Any]) -> tuple[str, object]:
    try:
        return "ok", decide(facts)
    except NotInForce as exc:
        return "not in force", exc.law
    except (FactsError, LawError) as exc:
        return type(exc).__name__, str(exc)


DAYS = st.dates(datetime.date(2011, 1, 1), datetime.date(2016, 12, 31))


@pytest.mark.slow  # a property test over random (facts, date) pairs (CI runs it)
@pytest.mark.parametrize("section", SECTIONS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_consolidated_agrees_with_the_version_in_force(
        section: str, data: st.DataObject, generated_package: GeneratedPackage) -> None:
    module, versions = _consolidated(generated_package, section)
    day = data.draw(DAYS, label="request date")
    in_force = [m for m in versions if _in_force(m, day)]
    if not in_force:  # before the first version
        with pytest.raises(NotInForce, match="before the first version of Administrative"):
            module.decide(_dated(data.draw(facts_for(_program(versions[0]))), day))
        return
    assert len(in_force) == 1
    version = in_force[0]
    facts = _dated(data.draw(facts_for(_program(version)), label="facts"), day)
    want = _outcome(version.decide, facts)
    assert _outcome(module.decide, facts) == want
    if want[0] == "ok":
        assert _outcome(module.hold, facts) == ("ok", want[1]["hold"])  # type: ignore[index]
    for other in versions:
        if other is not version:
            assert _outcome(other.decide, facts)[0] in ("not in force", "FactsError")


def _program(module: ModuleType) -> Any:
    return load(REPO / str(module.STATUTE["source"]))


def _in_force(module: ModuleType, day: datetime.date) -> bool:
    start, end = module.STATUTE.get("in_force_from"), module.STATUTE.get("in_force_until")
    return ((start is None or datetime.date.fromisoformat(start) <= day)
            and (end is None or day <= datetime.date.fromisoformat(end)))


def _dated(facts: dict[str, Any], day: datetime.date) -> dict[str, Any]:
    facts["request"]["request_date"] = day.isoformat()
    if "instant_arrest_date" in facts["request"]:
        facts["request"]["instant_arrest_date"] = day.isoformat()
    return facts


def test_the_first_day_and_the_day_before(generated_package: GeneratedPackage) -> None:
    module, versions = _consolidated(generated_package, "administrative_code_9_131")
    facts = _dated(data_case(), datetime.date(2012, 2, 19))
    with pytest.raises(NotInForce) as caught:
        module.decide(facts)
    assert str(caught.value) == (
        "request.request_date: the case is dated 2012-02-19, before the first version of "
        "Administrative Code § 9-131 (Local Law 62 of 2011, in force from 2012-02-20)")
    for day, version in ((datetime.date(2012, 2, 20), 0), (datetime.date(2013, 7, 15), 0),
                         (datetime.date(2013, 7, 16), 1), (datetime.date(2014, 12, 13), 1),
                         (datetime.date(2014, 12, 14), 2)):
        facts = _dated(data_case(), day)
        assert module.decide(facts) == versions[version].decide(facts), day
        assert module.explain_hold(facts).outcome == versions[version].decide(facts)["hold"]


def data_case() -> dict[str, Any]:
    import json
    return json.loads((REPO / "examples/case.json").read_text(encoding="utf-8"))


# (section, day, index of the version in force in SECTIONS, or None before the first)
BOUNDARY_DAYS = [
    ("administrative_code_9_131", "2012-02-19", None),
    ("administrative_code_9_131", "2012-02-20", 0), ("administrative_code_9_131", "2012-02-21", 0),
    ("administrative_code_9_131", "2013-07-15", 0), ("administrative_code_9_131", "2013-07-16", 1),
    ("administrative_code_9_131", "2013-07-17", 1), ("administrative_code_9_131", "2014-12-13", 1),
    ("administrative_code_9_131", "2014-12-14", 2), ("administrative_code_9_131", "2014-12-15", 2),
    ("administrative_code_14_154", "2013-07-15", None),
    ("administrative_code_14_154", "2013-07-16", 0),
    ("administrative_code_14_154", "2013-07-17", 0),
    ("administrative_code_14_154", "2014-12-13", 0),
    ("administrative_code_14_154", "2014-12-14", 1),
    ("administrative_code_14_154", "2014-12-15", 1),
]


@pytest.mark.parametrize(("section", "day", "index"), BOUNDARY_DAYS,
                         ids=[f"{s.rpartition('_code_')[2]}-{d}" for s, d, _ in BOUNDARY_DAYS])
def test_each_in_force_date_the_day_before_and_after(
        section: str, day: str, index: int | None, generated_package: GeneratedPackage) -> None:
    """Every in-force date of both NYC timelines: the day before, the day and the day after,
    each decided by the consolidated module as by the version in force, and refused by every
    other version."""
    module, versions = _consolidated(generated_package, section)
    facts = _dated(data_case(), datetime.date.fromisoformat(day))
    if index is None:
        with pytest.raises(NotInForce, match=f"the case is dated {day}, before the first"):
            module.decide(facts)
        return
    assert module.decide(facts) == versions[index].decide(facts)
    assert module.TIMELINE[index][3].endswith(SECTIONS[section][index])
    for other, version in enumerate(versions):
        if other != index:
            with pytest.raises(NotInForce):
                version.decide(facts)


@pytest.mark.parametrize("section", SECTIONS)
def test_the_timeline_goldens_and_lawc_ir(section: str,
                                          golden: Callable[[str, str], None]) -> None:
    """Each NYC timeline as `lawc ir --stage core` prints it after each of its versions."""
    from click.testing import CliRunner

    from compiler.cli import main

    shown = set()
    for law in SECTIONS[section]:
        result = CliRunner().invoke(main, ["ir", "--stage", "core", f"statutes/nyc/{law}.law"])
        assert result.exit_code == 0, result.output
        shown.add(result.output[result.output.index("timeline of "):])
    (text,) = shown
    golden(f"timeline/{section}.txt", text)
