"""The version diff: goldens for every format on real NYC versions, exactness of the regions
(solver), witnesses re-run through the generated code, a proof of "no change", brute force on
small finite laws, and `--since` on a throwaway git repository."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import z3
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.analysis.comparisons import read_manifest
from compiler.analysis.diff import VersionDiff, diff_programs, outcome_labels
from compiler.analysis.diff_result import Diff, to_json_data
from compiler.analysis.regions import Coverer, decision_atoms
from compiler.cli import main
from compiler.reports import diff as diff_render

REPO = Path(__file__).resolve().parents[1]
NYC = REPO / "statutes" / "nyc"
POPULATION = REPO / "data" / "synthetic_detainer_requests.csv"
SAMPLES = 300


def _load(file: Path) -> Any:
    return driver.load_program(driver.Workspace(), file)


@pytest.fixture(scope="module")
def nyc_2011_2013() -> Diff:
    old_file, new_file = NYC / "local_law_62_2011.law", NYC / "local_law_22_2013.law"
    case = json.loads((REPO / "tests" / "data" / "diff_case.json").read_text())
    workspace = driver.Workspace()
    old, new = (driver.load_program(workspace, f) for f in (old_file, new_file))
    return diff_programs(old, new, old_tree=workspace.read(old_file).tree,
                         new_tree=workspace.read(new_file).tree, samples=SAMPLES,
                         population=POPULATION.relative_to(REPO), case=case)


@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("markdown", "md"), ("json", "json"),
                                        ("html", "html")])
def test_golden_formats(nyc_2011_2013: Diff, golden: Any, fmt: str,
                        suffix: str) -> None:
    golden(f"diff/nyc_2011_to_2013.{suffix}", diff_render.render(nyc_2011_2013, fmt))


def test_json_schema_fields(nyc_2011_2013: Diff) -> None:
    r = to_json_data(nyc_2011_2013)
    assert r["schema"] == "lawc-diff/1"
    assert r["list_bound"] == 3 and r["date_range"] == ["1900-01-01", "2100-12-31"]
    (hold,) = r["decisions"]
    changed = [t for t in hold["transitions"] if t["changed"]]
    assert changed and all(t["regions"] and t["complete"] for t in changed)
    assert hold["measure"]["method"] == "estimate"
    assert sum(t["population"]["count"] for t in hold["transitions"]) == r["population"]["rows"]
    assert r["case"]["decisions"][0]["changed"]


@pytest.mark.parametrize("old,new", [("before_local_law_62", "local_law_62_2011"),
                                     ("local_law_22_2013", "local_law_58_2014"),
                                     ("local_law_21_2013", "local_law_59_2014")])
def test_regions_exact_and_witnesses_run_in_generated_code(old: str, new: str,
                                                           generated_package: Any) -> None:
    a, b = _load(NYC / f"{old}.law"), _load(NYC / f"{new}.law")
    engine = VersionDiff(a, b, samples=50, list_bound=1)
    modules = [generated_package.module(a), generated_package.module(b)]
    for name in engine.common_decisions():
        atoms = decision_atoms(engine.programs, engine.laws, name)
        coverer = Coverer(engine.space, atoms)
        result = engine.decision(name, None)
        outs = [law.outcome(name) for law in engine.laws]
        for t in result.transitions:
            if not t.changed:
                continue
            cell = z3.And(outs[0] == outcome_labels(a, name).index(t.old),
                          outs[1] == outcome_labels(b, name).index(t.new))
            union = z3.BoolVal(False)
            assert t.regions is not None
            for g in t.regions:
                facts = g.witness.facts
                # a diff compares the versions over the same cases, whatever their periods
                got = [m.decide(facts, ignore_in_force=True)[name] for m in modules]
                assert got == [t.old, t.new], g.conditions
            # the regions' conditions, re-derived, cover exactly the cell
            cover = coverer.cover(cell)
            assert cover.complete
            union = z3.Or(*[coverer.formula(k) for k in cover.cubes])
            assert coverer.is_empty(z3.And(cell, z3.Not(union)))
            assert coverer.is_empty(z3.And(union, z3.Not(cell)))


def test_identical_versions_are_proved_equal() -> None:
    p = _load(NYC / "local_law_22_2013.law")
    r = diff_programs(p, p, samples=20)
    (hold,) = r.decisions
    assert hold.identical and hold.proof and "proved" in hold.proof
    assert not any(t.changed for t in hold.transitions)
    assert "No change in outcome" in diff_render.markdown(r)


# ----------------------------------------------------------------- brute force, small laws
FLAGS = ["red light", "blue light", "green light"]
COLOURS = ["amber", "violet", "teal"]
VALUES = ["pass", "fail", "hold"]


def _law(title: str, rules: list[tuple[str, list[tuple[int, bool]]]]) -> str:
    lines = [f'law "{title}"', "  jurisdiction: Test", "  summary: a small law", "",
             "facts:"] + [f"  a {f}: yes or no" for f in FLAGS] + \
        [f"  the colour: one of {', '.join(COLOURS)}", "",
         f"decision the verdict: one of {', '.join(VALUES)}", "  by default: pass", ""]

    def lit(atom: int, value: bool) -> str:
        if atom < len(FLAGS):
            return f"there is {'a' if value else 'no'} {FLAGS[atom]}"
        colour = COLOURS[atom - len(FLAGS)]
        return f"the colour is {'' if value else 'not '}{colour}"

    for k, (value, lits) in enumerate(rules, start=1):
        lines.append(f'§ {k} "Rule {k}"')
        lines.append(f"  the verdict is {value} if all of the following:")
        lines += [f"    - {lit(a, v)}" for a, v in lits]
    return "\n".join(lines) + "\n"


_rule = st.tuples(st.sampled_from(VALUES[1:]),
                  st.lists(st.tuples(st.integers(0, len(FLAGS) + len(COLOURS) - 1),
                                     st.booleans()), min_size=1, max_size=3))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_rule, min_size=1, max_size=3), st.lists(_rule, min_size=1, max_size=3))
def test_regions_agree_with_brute_force(tmp_path_factory: Any, old_rules: Any,
                                        new_rules: Any) -> None:
    root = tmp_path_factory.mktemp("statutes")
    (root / "old.law").write_text(_law("Old", old_rules))
    (root / "new.law").write_text(_law("New", new_rules))
    a, b = _load(root / "old.law"), _load(root / "new.law")
    r = to_json_data(diff_programs(a, b, samples=10))
    (verdict,) = r["decisions"]
    assert verdict["measure"]["method"] == "exact"
    engines = VersionDiff(a, b, samples=10)
    counts: dict[tuple[str, str], int] = {}
    total = 0
    for flags in itertools.product([False, True], repeat=len(FLAGS)):
        for colour in COLOURS:
            facts = {k.replace(" ", "_"): v for k, v in zip(FLAGS, flags)}
            facts["colour"] = colour
            key = engines.rerun("verdict", facts)
            counts[key] = counts.get(key, 0) + 1
            total += 1
            for t in verdict["transitions"]:
                if not t["changed"]:
                    continue
                inside = any(_holds(g["conditions"], facts) for g in t["regions"])
                assert inside == (key == (t["old"], t["new"]))
    for t in verdict["transitions"]:
        assert t["share"]["value"] == pytest.approx(counts.get((t["old"], t["new"]), 0) / total)
    reached = {(t["old"], t["new"]) for t in verdict["transitions"]}
    assert reached == set(counts)
    assert verdict["identical"] == all(k[0] == k[1] for k in counts)


def _holds(conditions: list[str], facts: dict[str, Any]) -> bool:
    """Evaluate a region's conditions, as the English renderer writes them for these laws."""
    for words in conditions:
        if words == "always":
            continue
        if words.startswith("the colour is not "):
            ok = facts["colour"] != words.removeprefix("the colour is not ")
        elif words.startswith("the colour is "):
            ok = facts["colour"] == words.removeprefix("the colour is ")
        else:
            flag = next(f for f in FLAGS if words.endswith(f))
            ok = facts[flag.replace(" ", "_")] == (" no " not in f" {words} ")
        if not ok:
            return False
    return True


# ------------------------------------------------------------------------------- --since
def test_since_compares_with_a_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "statutes" / "common").mkdir(parents=True)
    (repo / "statutes" / "nyc").mkdir()
    shutil.copy(REPO / "statutes" / "common" / "detainers.law", repo / "statutes" / "common")
    law = repo / "statutes" / "nyc" / "law.law"
    law.write_text((NYC / "local_law_22_2013.law").read_text())

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    text = law.read_text().replace("    - the person has a prior order of removal", "")
    law.write_text(text)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["diff", "--since", "HEAD", "--samples", "50",
                                       "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "**may be honored → must be declined**" in result.output
    assert "prior order of removal" in result.output
    same = CliRunner().invoke(main, ["diff", "--since", "HEAD", "statutes/common"])
    assert "no statute changed" in same.output


def _since_repo(tmp_path: Path) -> Path:
    """A throwaway repository with one NYC law committed (and the vocabulary it uses)."""
    repo = tmp_path / "repo"
    (repo / "statutes" / "common").mkdir(parents=True)
    (repo / "statutes" / "nyc").mkdir()
    shutil.copy(REPO / "statutes" / "common" / "detainers.law", repo / "statutes" / "common")
    (repo / "statutes" / "nyc" / "law.law").write_text((NYC / "local_law_22_2013.law").read_text())
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "v1"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=repo, check=True, capture_output=True)
    return repo


@pytest.mark.parametrize("ref", ["--output=statutes/nyc/law.law", "-p", "HEAD:statutes",
                                 "HEAD^{tree}", "no-such-branch"])
def test_since_takes_only_a_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   ref: str) -> None:
    """A ref that git would read as an option (`--output=FILE` once overwrote the statute) or that
    names a tree is a usage error, and nothing in the repository changes."""
    repo = _since_repo(tmp_path)
    law = repo / "statutes" / "nyc" / "law.law"
    before = law.read_bytes()
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["diff", f"--since={ref}", "--samples", "20"])
    assert result.exit_code == 2, result.output
    assert "--since" in result.output and "Traceback" not in result.output
    assert law.read_bytes() == before
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                            text=True, check=True)
    assert status.stdout == ""


PARKING = REPO / "tests" / "data" / "reports" / "statutes"


def test_cli_diff_and_report_run(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", "--samples", "50", "--format", "html", "--output",
                                  str(out), str(PARKING / "brookvale")])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<h2>Brookvale Parking Rule of 2020 (in force 2020-01-01 – 2022-12-31) → Brookvale " \
           "Parking Rule of 2023" in page
    usage = runner.invoke(main, ["diff", str(NYC / "local_law_22_2013.law")])
    assert usage.exit_code == 2


def test_report_derives_comparisons_from_the_headers() -> None:
    """Laws we do not ship: one jurisdiction's versions make a timeline (by in-force date), laws
    of one vocabulary across jurisdictions are compared side by side."""
    result = CliRunner().invoke(main, ["report", "--samples", "20", str(PARKING)])
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("# How the laws differ\n")
    summary = page.split("## Summary\n\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(":")[0] for line in summary] == [
        "- [Brookvale Parking Rule of 2020 → Brookvale Parking Rule of 2023]"
        "(#brookvale-parking-2020--brookvale-parking-2023)",
        "- [Brookvale Parking Rule of 2023 → Eastport Parking By-law of 2021]"
        "(#brookvale-parking-2023--eastport-parking-2021)"]
    assert '<a id="brookvale-parking-2020--brookvale-parking-2023"></a>' in page
    assert "decides the ticket differently from Brookvale Parking Rule of 2020 for 2.08% of " \
           "all possible cases" in summary[0]
    assert "**added** § 2 “Night parking”" in page
    assert "| **no → yes** | 2.08% |" in page  # no permit and 22:00 or later: 1/2 · 1/2 · 2/24
    assert "2.08% of all cases, where all of:\n   - there is no fire hydrant nearby\n" \
           "   - there is no resident permit\n   - the hour is at least 22\n" in page
    assert "**moved** § 1 → § 4 “Hydrants and permits”" in page
    assert "Civil immigration" not in page


def test_report_follows_a_manifest(tmp_path: Path) -> None:
    root = tmp_path / "statutes"
    shutil.copytree(PARKING, root)
    (root / "reports.toml").write_text('''title = "Parking: how the towns differ"
intro = "Eastport against Brookvale."
[[comparison]]
name = "Across towns"
kind = "side by side"
statutes = ["eastport/parking_2021", "brookvale/parking_2020"]
''', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--samples", "20", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Parking: how the towns differ\n\nEastport against "
                                    "Brookvale.\n\n## Summary\n\n- [Eastport Parking By-law "
                                    "of 2021 → Brookvale Parking Rule of 2020](#")
    assert result.output.count("\n## ") == 2  # the summary, the one comparison
    (root / "reports.toml").write_text("[[comparison]]\nstatutes = [\"nowhere/law\", "
                                       "\"eastport/parking_2021\"]\n", encoding="utf-8")
    missing = CliRunner().invoke(main, ["report", str(root)])
    assert missing.exit_code == 1 and "no statute 'nowhere/law'" in missing.output
    (root / "reports.toml").write_text("title = \n", encoding="utf-8")
    broken = CliRunner().invoke(main, ["report", str(root)])
    assert broken.exit_code == 1 and "not TOML" in broken.output
    assert "Traceback" not in broken.output


def test_the_shipped_report_compares_what_it_always_did() -> None:
    plan = read_manifest(REPO / "statutes" / "reports.toml")
    assert plan.title == "Civil immigration detainers: how the laws differ"
    assert plan.pairs() == [
        ("nyc/before_local_law_62", "nyc/local_law_62_2011"),
        ("nyc/local_law_62_2011", "nyc/local_law_22_2013"),
        ("nyc/local_law_22_2013", "nyc/local_law_58_2014"),
        ("nyc/local_law_21_2013", "nyc/local_law_59_2014"),
        ("nyc/local_law_22_2013", "chicago/welcoming_city_2012"),
        ("nyc/local_law_22_2013", "dc/detainer_act_2012"),
        ("chicago/welcoming_city_2012", "dc/detainer_act_2012")]


def test_a_population_that_cannot_be_read_is_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "cases.csv"
    bad.write_bytes(b"resident_permit\n\xff\xfe\n")
    laws = [str(PARKING / "brookvale" / f"parking_{y}.law") for y in (2020, 2023)]
    result = CliRunner().invoke(main, ["diff", *laws, "--population", str(bad)])
    assert result.exit_code == 1, result.output
    assert "--population" in result.output and "not UTF-8" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_facts_for_one_case_are_a_message(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"hour": "late"}', encoding="utf-8")
    laws = [str(PARKING / "brookvale" / f"parking_{y}.law") for y in (2020, 2023)]
    result = CliRunner().invoke(main, ["diff", *laws, "--facts", str(case)])
    assert result.exit_code == 1, result.output
    assert "--facts: bad facts: fire_hydrant_nearby: missing" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_analysis_and_reports_do_not_import_click(tmp_path: Path) -> None:
    """The analysis computes and the reports render; only the command line knows click."""
    law = PARKING / "brookvale" / "parking_{}.law"
    probe = f"""
import sys
from pathlib import Path
from compiler import driver
from compiler.analysis import check, comparisons, diff
from compiler.explain.build import Explainer
from compiler.reports import diff as render_diff, explanation
old, new = (driver.load_program(driver.Workspace(), Path(str({str(law)!r}).format(y)))
            for y in (2020, 2023))
population = Path(sys.argv[1])
population.write_text("resident_permit,fire_hydrant_nearby,hour\\nno,no,23\\n")
result = diff.diff_programs(old, new, population=population, samples=10)
for fmt in render_diff.FORMATS:
    render_diff.render(result, fmt, color=True)
facts = {{"resident_permit": False, "fire_hydrant_nearby": True, "hour": 3}}
for fmt in explanation.FORMATS:
    explanation.render(Explainer(new).explain("ticket", facts).to_dict(), fmt)
comparisons.from_headers([old, new])
print(sorted(m for m in sys.modules if m == "click" or m.startswith("click.")))
"""
    run = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "cases.csv")], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
