"""`lawc diff` and `lawc report` follow a law that staggers its patches: each of its dated
versions is a version of the section's timeline (`reports.toml` `section = "…"`), and `lawc
diff` names one of them as `path.law@YYYY-MM-DD`. The made-up law is tests/staggered/:
`amendment_2021` patches Code § 1 (as `code_2020` enacts it) on 2021-01-01, moves the cutoff
of § 1(b) to 2030 from 2022-01-01 and inserts § 1(c) from 2023-07-01."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.analysis.comparisons import read_manifest
from compiler.cli import main
from compiler.driver import versions

ROOT = Path(__file__).resolve().parents[1]
STAGGERED = ROOT / "tests/staggered"
LAW = "statutes/amendment_2021.law"


@pytest.fixture
def statutes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "statutes"
    shutil.copytree(STAGGERED, root)
    monkeypatch.chdir(tmp_path)
    return root


def test_the_sections_timeline_has_each_dated_version(statutes: Path) -> None:
    (comparison,) = read_manifest(statutes / "reports.toml").comparisons
    assert comparison.pairs == (
        ("code_2020", "amendment_2021@2021-01-01"),
        ("amendment_2021@2021-01-01", "amendment_2021@2022-01-01"),
        ("amendment_2021@2022-01-01", "amendment_2021@2023-07-01"))
    plan, files = versions.report_plan([str(statutes)], None)
    assert files["amendment_2021@2022-01-01"] == (statutes / "amendment_2021.law", "2022-01-01")
    assert files["code_2020"] == (statutes / "code_2020.law", None)


def _diff(old: str, new: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["diff", "--no-cache", "--samples", "50", "--format",
                                       "json", old, new])
    assert result.exit_code == 0, result.output
    loaded = json.loads(result.output)
    assert isinstance(loaded, dict)
    return loaded


def test_the_diff_of_two_dated_versions_is_the_staggered_change(statutes: Path) -> None:
    diff = _diff(f"{LAW}@2021-01-01", f"{LAW}@2022-01-01")
    assert diff["old"]["title"] == "Amendment of 2021, from 2021-01-01"  # type: ignore[index]
    assert diff["new"]["in_force_from"] == "2022-01-01"  # type: ignore[index]
    (change,) = diff["structure"]  # type: ignore[misc]
    assert (change["change"], change["citation"]) == ("changed", "§ 1(b)")
    assert [(w["op"], w["text"]) for w in change["words"] if w["op"] != "="] == [
        ("-", "2000-01-01"), ("+", "2030-01-01")]
    assert change["stood"] == "as amended by Amendment of 2021, in force from 2022-01-01"
    (decision,) = diff["decisions"]  # type: ignore[misc]
    moved = {(t["old"], t["new"]) for t in decision["transitions"] if t["changed"]}
    assert moved == {("yes", "no")}  # requests after 2000-01-01 lose the cutoff


def test_the_next_day_inserts_its_provision(statutes: Path) -> None:
    diff = _diff(f"{LAW}@2022-01-01", f"{LAW}@2023-07-01")
    (change,) = diff["structure"]  # type: ignore[misc]
    assert (change["change"], change["citation"]) == ("added", "§ 1(c)")
    (decision,) = diff["decisions"]  # type: ignore[misc]
    moved = {(t["old"], t["new"]) for t in decision["transitions"] if t["changed"]}
    assert moved == {("no", "yes")}


@pytest.mark.parametrize(("argument", "words"), [
    (f"{LAW}@2022-13-01", "'2022-13-01' is not a day: name a dated version as "
                          "path.law@YYYY-MM-DD"),
    (f"{LAW}@2022-1-1", "'2022-1-1' is not a day"),
    (f"{LAW}@2022-02-01", "no version of statutes/amendment_2021.law is in force from "
                          "2022-02-01 (its versions are from 2021-01-01, 2022-01-01, "
                          "2023-07-01)"),
    ("statutes/code_2020.law@2020-01-01", "statutes/code_2020.law does not stagger its "
                                          "patches: it has one version")])
def test_a_day_that_is_no_version_is_named(statutes: Path, argument: str, words: str) -> None:
    result = CliRunner().invoke(main, ["diff", argument, f"{LAW}@2022-01-01"])
    assert result.exit_code == 2, result.output
    assert f"{argument}: " in result.output and words in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_report_follows_the_timeline_through_each_day(statutes: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--no-cache", "--samples", "50", "--quiet",
                                       str(statutes)])
    assert result.exit_code == 0, result.output
    header = ("| the eligibility | Code of 2020 | Amendment of 2021, from 2021-01-01 | "
              "Amendment of 2021, from 2022-01-01 | Amendment of 2021, from 2023-07-01 |")
    assert header in result.output
    assert "## Amendment of 2021, from 2022-01-01 (in force 2022-01-01 – 2023-06-30) → " \
           "Amendment of 2021, from 2023-07-01" in result.output


def test_a_manifest_may_name_a_dated_version(statutes: Path) -> None:
    (statutes / "reports.toml").write_text(
        '[[comparison]]\nstatutes = ["amendment_2021@2022-01-01", '
        '"amendment_2021@2023-07-01"]\n', encoding="utf-8")
    plan, files = versions.report_plan([str(statutes)], None)
    assert plan.pairs() == [("amendment_2021@2022-01-01", "amendment_2021@2023-07-01")]
    program, _ = versions.ReportLoads(files).load("amendment_2021@2023-07-01")
    assert program.path == "amendment_2021_from_2023_07_01"
    assert "§ 1(c)" in {p.citation for p in program.provisions}


@pytest.mark.parametrize(("day", "words"), [("2022-02-01", "no version of"),
                                            ("soon", "'soon' is not a day")])
def test_a_manifests_dated_version_must_be_one(statutes: Path, day: str, words: str) -> None:
    (statutes / "reports.toml").write_text(
        f'[[comparison]]\nstatutes = ["code_2020", "amendment_2021@{day}"]\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(statutes)])
    assert result.exit_code == 1, result.output
    assert "reports.toml: " in result.output and words in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
