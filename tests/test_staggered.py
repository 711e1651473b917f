"""Staggered amendments: one law stated as patches whose patches take effect on different days
(`§ 1(b) is amended to define, in force from 2022-01-01:`). Its text changes on each of those
days, so it is a version per day: `load_program` gives the first (in force until the day
before the second), `load_stages` the later ones, each consolidated with the patches of its
day and of the days before; the consolidated module written beside them dispatches a case to
the version of its day, and `lawc ir --stage core` prints their timeline. The checks on the
patches' own days are in tests/errors/amendments/staggered_*/ (inline expected errors)."""

from __future__ import annotations

import datetime
import importlib
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from compiler.core.timeline import print_timeline, staggered_timelines
from compiler.interpret import Interpreter
from compiler.runtime import NotInForce

ROOT = Path(__file__).resolve().parents[1]
STAGGERED = """\
law "Amendment of 2021"
  jurisdiction: Nowhere
  amends: Code § 1
  patches: code_2020
  in force from: 2021-01-01
  dated by: the request date

§ 1(a) is amended to read:
  § 1(a) "Who is eligible"
    the eligibility if the residence and the request date is after 2000-06-01

§ 1(b) is amended to define, in force from 2022-01-01:
  the cutoff means the request date is after 2030-01-01

insert after § 1(b), in force from 2023-07-01:
  § 1(c) "Later"
    the eligibility if the request date is on or after 2023-07-01
"""


@pytest.fixture
def statutes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "statutes"
    root.mkdir()
    shutil.copy(ROOT / "tests/errors/amendments/double/code_2020.law", root / "code_2020.law")
    (root / "amendment_2021.law").write_text(STAGGERED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def _stages(root: Path) -> list[driver.Program]:
    workspace = driver.Workspace()
    file = Path("statutes/amendment_2021.law")
    return [driver.load_program(workspace, file), *driver.load_stages(workspace, file)]


def test_one_version_per_day(statutes: Path) -> None:
    first, second, third = _stages(statutes)
    periods = [(p.path, p.header.get("in force from"), p.header.get("in force until"))
               for p in (first, second, third)]
    assert periods == [("amendment_2021", "2021-01-01", "2021-12-31"),
                       ("amendment_2021_from_2022_01_01", "2022-01-01", "2023-06-30"),
                       ("amendment_2021_from_2023_07_01", "2023-07-01", None)]
    stood = [{p.citation: p.stood for p in v.provisions} for v in (first, second, third)]
    assert stood[0]["§ 1(b)"] == "as enacted by Code of 2020, in force from 2020-01-01"
    assert stood[1]["§ 1(b)"] == "as amended by Amendment of 2021, in force from 2022-01-01"
    assert stood[1]["§ 1(a)"] == stood[0]["§ 1(a)"] == (
        "as amended by Amendment of 2021, in force from 2021-01-01")
    assert "§ 1(c)" not in stood[1]
    assert stood[2]["§ 1(c)"] == "as added by Amendment of 2021, in force from 2023-07-01"


def _facts(day: str) -> dict[str, object]:
    return {"request_date": day, "residence": False}


@pytest.mark.parametrize(("day", "version", "eligible"), [
    ("2021-12-31", 0, True), ("2022-01-01", 1, False), ("2022-01-02", 1, False),
    ("2023-06-30", 1, False), ("2023-07-01", 2, True), ("2023-07-02", 2, True)])
def test_each_day_decides_by_its_own_text(statutes: Path, day: str, version: int,
                                          eligible: bool) -> None:
    """The cutoff (§ 1(b)) moves to 2030 from 2022-01-01; § 1(c) makes the request eligible
    again from 2023-07-01: the day before, the day and the day after each."""
    stages = _stages(statutes)
    for index, program in enumerate(stages):
        interpreter = Interpreter(program)
        if index == version:
            assert interpreter.decide(_facts(day))["eligibility"] is eligible
        else:
            with pytest.raises(NotInForce):
                interpreter.decide(_facts(day))


def test_the_consolidated_module_dispatches_by_day(statutes: Path, tmp_path: Path) -> None:
    out = tmp_path / "generated"
    programs = [driver.load_program(driver.Workspace(), Path("statutes/code_2020.law")),
                *_stages(statutes)]
    driver.write_files(driver.planned_files(out, programs))
    assert (out / "amendment_2021_from_2022_01_01.py").is_file()
    sys.path.insert(0, str(tmp_path))
    try:
        for name in [m for m in sys.modules if m.startswith("generated")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        module = importlib.import_module("generated.amendment_2021_consolidated")
        assert [row[0] for row in module.TIMELINE] == [
            datetime.date(2021, 1, 1), datetime.date(2022, 1, 1), datetime.date(2023, 7, 1)]
        for day, eligible in (("2021-12-31", True), ("2022-01-01", False),
                              ("2023-06-30", False), ("2023-07-01", True)):
            assert module.decide(_facts(day))["eligibility"] is eligible, day
        with pytest.raises(module.rt.NotInForce, match="before the first version of Code § 1"):
            module.decide(_facts("2020-12-31"))
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("generated")]:
            del sys.modules[name]


def test_the_timeline_of_its_days(statutes: Path) -> None:
    (timeline,) = staggered_timelines(_stages(statutes))
    assert print_timeline(timeline) == (
        "timeline of Code § 1 as Amendment of 2021 staggers its changes "
        "(generated/amendment_2021_consolidated.py)\n"
        "  dated by: the request date\n"
        "  2021-01-01 .. 2021-12-31  Amendment of 2021 (amends; generated/amendment_2021.py)\n"
        "  2022-01-01 .. 2023-06-30  Amendment of 2021 (amends; "
        "generated/amendment_2021_from_2022_01_01.py)\n"
        "  2023-07-01 .. today  Amendment of 2021 (amends; "
        "generated/amendment_2021_from_2023_07_01.py)\n")
    result = CliRunner().invoke(main, ["ir", "--stage", "core", "statutes/amendment_2021.law"])
    assert result.exit_code == 0, result.output
    assert print_timeline(timeline) in result.output


def test_the_formatter_keeps_the_days(statutes: Path) -> None:
    assert driver.canonical(STAGGERED, "amendment_2021.law") == STAGGERED


EXAMPLES = """
example "before its second day: the cutoff of 2000"
  given:
    the request date is 2021-06-01
    the residence is no
  expect:
    the eligibility is yes

example "from its second day: the cutoff of 2030"
  given:
    the request date is 2022-06-01
    the residence is no
  expect:
    the eligibility is {second}

example "from its third day: § 1(c)"
  given:
    the request date is 2023-07-01
    the residence is no
  expect:
    the eligibility is yes
"""


@pytest.mark.parametrize(("second", "code"), [("no", 0), ("yes", 1)])
def test_lawc_test_runs_each_example_under_the_version_of_its_day(
        statutes: Path, second: str, code: int) -> None:
    law = statutes / "amendment_2021.law"
    law.write_text(STAGGERED + EXAMPLES.format(second=second), encoding="utf-8")
    result = CliRunner().invoke(main, ["test", "--no-analysis", "statutes/amendment_2021.law"])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if code:
        assert "the eligibility is no, but the example expects yes" in result.output
    else:
        assert "3 passed" in result.output


def test_a_later_law_patches_the_text_as_it_stands_on_its_own_day(statutes: Path) -> None:
    (statutes / "amendment_2024.law").write_text(
        'law "Amendment of 2024"\n  jurisdiction: Nowhere\n  amends: Code § 1\n'
        "  patches: amendment_2021\n  in force from: 2024-01-01\n  dated by: the request date\n\n"
        "§ 1(c) is repealed\n", encoding="utf-8")
    program = driver.load_program(driver.Workspace(), Path("statutes/amendment_2024.law"))
    stood = {p.citation: p.stood for p in program.provisions}
    assert "§ 1(c)" not in stood  # added on 2023-07-01, so there to repeal
    assert stood["§ 1(b)"] == "as amended by Amendment of 2021, in force from 2022-01-01"
