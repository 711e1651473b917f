"""Amendments as enacted: the NYC laws after 2011 stated as patches of the text they amend
(statutes/nyc/amendments/), consolidated and proved equal, by the exact diff, to their full
restatements (statutes/nyc/local_law_*.law), which stay as the test of each patch form; the
checks on patches that cannot apply (tests/errors/amendments/, inline expected errors); and a
mutated patch that the diff must catch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from compiler.diagnostics import CODES, DiagnosticError
from compiler.driver import versions
from test_errors import expected_diagnostics

ROOT = Path(__file__).resolve().parents[1]
NYC = Path("statutes/nyc")
PAIRS = [("local_law_22_2013", NYC / "local_law_22_2013.law"),
         ("local_law_58_2014", NYC / "local_law_58_2014.law"),
         ("local_law_59_2014", NYC / "local_law_59_2014.law")]
CASES = sorted(p for p in (ROOT / "tests/errors/amendments").iterdir() if p.is_dir())
SAMPLES = 50  # the proof is the solver's; the sampled shares only need to run


@pytest.fixture(autouse=True)
def _from_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _no_change(old: Path, new: Path, list_bound: int = 3) -> list[str]:
    """What differs between two versions: structural changes and decisions with a change in
    outcome (empty when the two are the same law)."""
    result = driver.diff(old, new, samples=SAMPLES, list_bound=list_bound)
    changed = [f"{s.change} {s.citation or s.old_citation}" for s in result.structure]
    changed += [f"the {d.name} changes" for d in result.decisions if not d.identical]
    if versions.changes_outcome([result]):
        changed.append("some outcome changes")
    return changed


@pytest.mark.parametrize(("name", "restatement"), PAIRS, ids=[p[0] for p in PAIRS])
def test_the_patch_form_is_its_restatement(name: str, restatement: Path) -> None:
    assert _no_change(restatement, NYC / "amendments" / f"{name}.law") == []


def test_the_consolidated_text_says_how_each_provision_stood() -> None:
    from compiler.driver.amendments import consolidated

    workspace = driver.Workspace()
    file = NYC / "amendments" / "local_law_58_2014.law"
    source, stood = consolidated(workspace, file, workspace.read(file))
    cited = [i.citation.text for i in source.tree.items if hasattr(i, "citation")]
    assert cited[:3] == ["§ 9-131(a)(1)", "§ 9-131(a)(2)", "§ 9-131(a)(4)"]
    assert "§ 9-131(a)(3)" not in cited and cited[-2:] == ["§ 9-131(b)", "§ 9-131"]
    assert {v.by for v in stood.values()} == {"Local Law 58 of 2014"}
    source22, stood22 = consolidated(workspace, NYC / "amendments" / "local_law_22_2013.law",
                                     workspace.read(NYC / "amendments" / "local_law_22_2013.law"))
    assert stood22["§ 9-131(a)(3)"].by == "Local Law 22 of 2013"
    assert stood22["§ 9-131(a)(3)"].start == "2013-07-16"


def _copy_statutes(tmp: Path) -> Path:
    root = tmp / "statutes"
    for rel in ["common/detainers.law", "nyc/violent_or_serious_crimes.law",
                "nyc/local_law_21_2013.law", "nyc/local_law_59_2014.law",
                "nyc/amendments/local_law_59_2014.law", "us/detainer_hold_287_7.law", "us/legal_public_holidays.law"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "statutes" / rel, root / rel)
    return root


def test_a_patch_changed_in_one_rule_is_caught(tmp_path: Path) -> None:
    root = _copy_statutes(tmp_path)
    patch = root / "nyc/amendments/local_law_59_2014.law"
    text = patch.read_text(encoding="utf-8")
    assert text.count("instant arrest date minus 5 years") == 2
    patch.write_text(text.replace("instant arrest date minus 5 years",
                                  "instant arrest date minus 6 years", 1), encoding="utf-8")
    changed = _no_change(root / "nyc/local_law_59_2014.law", patch, list_bound=1)
    assert "changed § 14-154(b)" in changed and "the hold changes" in changed


def test_a_patch_left_out_is_caught(tmp_path: Path) -> None:
    root = _copy_statutes(tmp_path)
    patch = root / "nyc/amendments/local_law_59_2014.law"
    text = patch.read_text(encoding="utf-8")
    patch.write_text(text.replace("§ 14-154(a)(3) is repealed\n", ""), encoding="utf-8")
    changed = _no_change(root / "nyc/local_law_59_2014.law", patch, list_bound=1)
    assert changed == ["added § 14-154(a)(3)"]  # the old definition stays, read by no rule


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_patches_that_cannot_apply(case: Path) -> None:
    files = sorted(case.glob("*.law"))
    expected = sorted((f.relative_to(ROOT).as_posix(), line, code) for f in files
                      for line, code in expected_diagnostics(f.read_text(encoding="utf-8")))
    assert expected and all(code in CODES for _, _, code in expected)
    found = []
    workspace = driver.Workspace()
    programs = []
    for f in files:
        try:
            programs.append(driver.check(workspace, f.relative_to(ROOT)))
        except DiagnosticError as exc:
            found += [(d.span.file, d.span.line, d.code) for d in exc.diagnostics]
    found += [(d.span.file, d.span.line, d.code)  # two laws' patches of one day
              for d in driver.timeline_problems(workspace, programs)]
    assert sorted(found) == expected
    result = CliRunner().invoke(main, ["check", "--no-analysis", case.relative_to(ROOT).as_posix()])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for file, line, code in expected:
        assert f"error[{code}]" in result.output and f"--> {file}:{line}:" in result.output


def test_patches_naming_no_law_or_themselves(tmp_path: Path) -> None:
    root = tmp_path / "statutes"
    root.mkdir()
    law = (ROOT / "tests/errors/amendments/repealed_earlier/amendment_2021.law").read_text(
        encoding="utf-8")
    (root / "a.law").write_text(law.replace("patches: code_2020", "patches: b"), encoding="utf-8")
    (root / "b.law").write_text(law.replace("patches: code_2020", "patches: a"), encoding="utf-8")
    (root / "c.law").write_text(law.replace("patches: code_2020", "patches: nowhere"),
                                encoding="utf-8")
    for name, words in [("a", "comes back to this law"), ("c", "names no law")]:
        with pytest.raises(DiagnosticError) as caught:
            driver.load_program(driver.Workspace(), root / f"{name}.law")
        (d,) = caught.value.diagnostics
        assert d.code == "unknown-amended-law" and words in d.message and d.span.line == 4


@pytest.mark.parametrize(("name", "restatement"), PAIRS, ids=[p[0] for p in PAIRS])
def test_the_patch_forms_examples_are_the_restatements(name: str, restatement: Path) -> None:
    """The companion of each patch form is its restatement's, retitled (so both run alike)."""
    copy = (NYC / "amendments" / f"{name}.examples.law").read_text(encoding="utf-8")
    own = restatement.with_name(f"{name}.examples.law").read_text(encoding="utf-8")
    body = copy.split("\n", 2)[2]
    assert body == own.replace(f'examples for "nyc/{name}"',
                               f'examples for "nyc/amendments/{name}"')


def _small_chain(tmp: Path, patch: str) -> Path:
    """Code of 2020 (tests/errors/amendments/) and an amendment of it with the patches given."""
    root = tmp / "statutes"
    root.mkdir()
    shutil.copy(ROOT / "tests/errors/amendments/double/code_2020.law", root / "code_2020.law")
    (root / "amendment_2021.law").write_text(
        'law "Amendment of 2021"\n  jurisdiction: Nowhere\n  amends: Code § 1\n'
        "  patches: code_2020\n  in force from: 2021-01-01\n  dated by: the request date\n\n"
        + patch, encoding="utf-8")
    return root


def test_provisions_name_the_law_that_last_wrote_them(tmp_path: Path) -> None:
    root = _small_chain(tmp_path, "§ 1(b) is amended to define:\n"
                                  "  the cutoff means the request date is after 2010-01-01\n\n"
                                  "insert after § 1(b):\n  § 1(c)\n"
                                  "    the eligibility if the request date is after 2030-01-01\n")
    program = driver.load_program(driver.Workspace(), root / "amendment_2021.law")
    assert {p.citation: p.stood for p in program.provisions} == {
        "§ 1(a)": "as enacted by Code of 2020, in force from 2020-01-01",
        "§ 1(b)": "as amended by Amendment of 2021, in force from 2021-01-01",
        "§ 1(c)": "as added by Amendment of 2021, in force from 2021-01-01"}
    # the changed definition is the one the rules read
    result = driver.diff(root / "code_2020.law", root / "amendment_2021.law", samples=SAMPLES,
                         list_bound=1)
    where = {s.citation: (s.change, s.stood) for s in result.structure}
    assert where == {"§ 1(b)": ("changed", "as amended by Amendment of 2021, in force from "
                                "2021-01-01"),
                     "§ 1(c)": ("added", "as added by Amendment of 2021, in force from "
                                "2021-01-01")}
    assert not all(d.identical for d in result.decisions)
    from compiler.reports.diff import where as where_words

    assert where_words(result.structure[0]) == ("§ 1(b) (as amended by Amendment of 2021, in "
                                                "force from 2021-01-01)")


def test_an_explanation_names_the_provision_as_it_stood(tmp_path: Path) -> None:
    root = _small_chain(tmp_path, "§ 1(b) is amended to define:\n"
                                  "  the cutoff means the request date is after 2010-01-01\n")
    program = driver.load_program(driver.Workspace(), root / "amendment_2021.law")
    facts: dict[str, object] = {"request_date": "2021-06-01", "residence": False}
    (data,) = driver.explain(program, facts, ["eligibility"])
    rules = data["decided_by"]
    assert isinstance(rules, list) and len(rules) == 1
    rule = rules[0]
    assert rule["citation"] == "§ 1(b)" and rule["stood"] == (
        "as amended by Amendment of 2021, in force from 2021-01-01")
    module = driver.module_in_memory(program)
    text = module.explain_eligibility(facts).text()
    assert ('Decided by § 1(b) "Since when" (as amended by Amendment of 2021, in force from '
            "2021-01-01)") in text


def test_a_diagnostic_names_the_provision_as_it_stood(tmp_path: Path) -> None:
    root = _small_chain(tmp_path, "§ 1(b) is amended to read:\n  § 1(b)\n"
                                  "    the eligibility if the requets date is after 2010-01-01\n")
    with pytest.raises(DiagnosticError) as caught:
        driver.load_program(driver.Workspace(), root / "amendment_2021.law")
    (d,) = caught.value.diagnostics
    assert d.code == "unknown-name" and d.span.line == 10
    assert d.context == "in § 1(b), as amended by Amendment of 2021, in force from 2021-01-01"


def test_a_list_changed_by_definition_changes_the_outcome(tmp_path: Path) -> None:
    """`is amended to define:` replaces one definition of a provision (here a list of
    offences, by a later law patching Local Law 22's text), and the rules that read it follow;
    the provisions it leaves stand as Local Law 22 wrote them."""
    root = tmp_path / "statutes"
    for rel in ["common/detainers.law", "nyc/local_law_62_2011.law", "nyc/local_law_22_2013.law",
                "nyc/amendments/local_law_22_2013.law"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "statutes" / rel, root / rel)
    patch = root / "nyc/amendments/later.law"
    patch.write_text('law "A later law"\n  jurisdiction: New York City\n'
                     "  amends: Administrative Code § 9-131\n"
                     "  patches: nyc/amendments/local_law_22_2013\n  in force from: 2014-01-01\n"
                     "  dated by: the request's request date\n\n"
                     "§ 9-131(a)(3) is amended to define:\n"
                     '  the covered crime exclusions are: "230.00"\n', encoding="utf-8")
    program = driver.load_program(driver.Workspace(), patch)
    stood = {p.citation: p.stood for p in program.provisions}
    assert stood["§ 9-131(a)(3)"] == "as amended by A later law, in force from 2014-01-01"
    assert stood["§ 9-131(b)"] == "as amended by Local Law 22 of 2013, in force from 2013-07-16"
    changed = _no_change(root / "nyc/local_law_22_2013.law", patch, list_bound=1)
    assert "changed § 9-131(a)(3)" in changed and "the hold changes" in changed


@pytest.mark.parametrize(("name", "restatement"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_restatement_names_each_provision_as_it_stood(name: str, restatement: Path) -> None:
    """A full restatement's provenance is computed from the section's timeline (a provision
    the same as in the version before keeps its provenance): it is the patch form's."""
    workspace = driver.Workspace()
    restated = driver.load_program(workspace, restatement)
    patched = driver.load_program(workspace, NYC / "amendments" / f"{name}.law")
    mine = {p.citation: p.stood for p in restated.provisions}
    assert None not in mine.values()
    assert mine == {p.citation: p.stood for p in patched.provisions}


def test_a_restatement_explains_with_the_provision_as_it_stood() -> None:
    """Local Law 58 of 2014 restates § 9-131 (every provision changed or added, as its patch
    form says; a kept one is tested below): explanations name each as it stood."""
    program = driver.load_program(driver.Workspace(), NYC / "local_law_58_2014.law")
    stood = {p.citation: p.stood for p in program.provisions}
    assert stood["§ 9-131(a)(4)"] == "as added by Local Law 58 of 2014, in force from 2014-12-14"
    assert stood["§ 9-131(b)"] == "as amended by Local Law 58 of 2014, in force from 2014-12-14"
    module = driver.module_in_memory(program)
    facts = data_case_on("2015-01-05")
    text = module.explain_hold(facts).text()
    assert "(as amended by Local Law 58 of 2014, in force from 2014-12-14)" in text
    (data,) = driver.explain(program, facts, ["hold"])
    rules = data["not_applied"]
    assert isinstance(rules, list) and rules[0]["citation"] == "§ 9-131(b)"
    assert rules[0]["stood"] == "as amended by Local Law 58 of 2014, in force from 2014-12-14"


def data_case_on(day: str) -> dict[str, object]:
    import json

    facts = json.loads((ROOT / "examples/case.json").read_text(encoding="utf-8"))
    facts["request"]["request_date"] = facts["request"]["instant_arrest_date"] = day
    return facts  # type: ignore[no-any-return]


def test_solver_warnings_name_the_provision_as_it_stood(tmp_path: Path) -> None:
    """A restatement keeps § 1(a) as Code of 2020 wrote it and rewrites § 1(b) with a rule that
    can never apply: the dead-rule warning names § 1(b) as amended, from the timeline."""
    root = tmp_path / "statutes"
    root.mkdir()
    code = (ROOT / "tests/errors/amendments/double/code_2020.law").read_text(encoding="utf-8")
    (root / "code_2020.law").write_text(code, encoding="utf-8")
    restated = code.replace('law "Code of 2020"', 'law "Code of 2021"').replace(
        "enacts: Code § 1\n  in force from: 2020-01-01",
        "amends: Code § 1\n  in force from: 2021-01-01").replace(
        "  the eligibility if the cutoff",
        "  the eligibility if the cutoff\n"
        "  the eligibility if the request date is after 2030-01-01 and the request date is "
        "before 2020-01-01")
    (root / "code_2021.law").write_text(restated, encoding="utf-8")
    program = driver.load_program(driver.Workspace(), root / "code_2021.law")
    assert {p.citation: p.stood for p in program.provisions} == {
        "§ 1(a)": "as enacted by Code of 2020, in force from 2020-01-01",
        "§ 1(b)": "as amended by Code of 2021, in force from 2021-01-01"}
    dead = [d for d in driver.analyse(program, 1).diagnostics if d.code == "dead-rule"]
    assert [d.context for d in dead] == [
        "in § 1(b), as amended by Code of 2021, in force from 2021-01-01"]


def test_a_restatements_diagnostic_names_the_provision_as_it_stood(tmp_path: Path) -> None:
    root = tmp_path / "statutes"
    root.mkdir()
    code = (ROOT / "tests/errors/amendments/double/code_2020.law").read_text(encoding="utf-8")
    (root / "code_2020.law").write_text(code, encoding="utf-8")
    restated = code.replace('law "Code of 2020"', 'law "Code of 2021"').replace(
        "enacts: Code § 1\n  in force from: 2020-01-01",
        "amends: Code § 1\n  in force from: 2021-01-01").replace(
        "the eligibility if the cutoff", "the eligibility if the cutof")
    (root / "code_2021.law").write_text(restated, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        driver.load_program(driver.Workspace(), root / "code_2021.law")
    (d,) = caught.value.diagnostics
    assert d.code == "unknown-name"
    assert d.context == "in § 1(b), as amended by Code of 2021, in force from 2021-01-01"
