"""The `lawc` command through click's CliRunner: exit codes, messages and output formats."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from compiler.surface import print as surface_print
from compiler.surface.parse import parse
from conftest import REPO, STATUTES, TEST_STATUTES, GeneratedPackage, load, statute_laws

BENEFIT = TEST_STATUTES / "testing" / "benefit.law"

BROKEN = '''law "Broken"
  jurisdiction: Nowhere

facts:
  a flag: yes or no

decision the answer: yes or no

§ 1
  the answer if the flga
'''

SYNTAX = '''law "Bad syntax"
  jurisdiction: Nowhere

facts:
  a flag: yes or no
  a count: a whole number from
'''

GOOD_FACTS = {
    "decision_date": "2021-03-01", "office": "central", "budget_per_person": "100",
    "applicant": {"date_of_birth": "1990-05-05", "household_size": 3, "income_ratio": "0.5",
                  "residence_period": 3, "postal_code": "10001", "dependants_count": 1,
                  "disability": False,
                  "claims": [{"filing_date": "2021-01-15", "amount_claimed": "250",
                              "category": "food"}]},
}
GOOD_DECISIONS = {"benefit": "granted", "priority": False, "review": True, "share": "high"}


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(REPO)
    return CliRunner()


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------------- check


def test_check_a_good_law(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--no-analysis", rel(BENEFIT)])
    assert result.exit_code == 0, result.output
    assert "checked 1 statute: no errors" in result.stderr


def test_check_the_statutes_folder(runner: CliRunner) -> None:
    if not list(STATUTES.rglob("*.law")):
        pytest.skip("no statutes yet")
    result = runner.invoke(main, ["check", "--no-analysis"])
    assert result.exit_code == 0, result.stderr


def test_check_reports_file_line_column_and_caret(runner: CliRunner, tmp_path: Path) -> None:
    bad = os.path.relpath(write(tmp_path, "broken.law", BROKEN))  # shown as the user named it
    result = runner.invoke(main, ["check", "--no-analysis", bad])
    assert result.exit_code == 1
    assert f"--> {bad}:10:17" in result.stderr
    line = next(x for x in result.stderr.splitlines() if "the answer if the flga" in x)
    caret = result.stderr.splitlines()[result.stderr.splitlines().index(line) + 1]
    assert caret.index("^") == line.index("the flga")
    assert "error[unknown-name]" in result.stderr and "checked 1 statute: 1 error in it" in result.stderr


def test_check_reports_a_syntax_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = os.path.relpath(write(tmp_path, "syntax.law", SYNTAX))
    result = runner.invoke(main, ["check", "--no-analysis", bad])
    assert result.exit_code == 1
    assert f"{bad}:6:" in result.stderr and "^" in result.stderr


def test_gnu_message_format(runner: CliRunner, tmp_path: Path) -> None:
    bad = os.path.relpath(write(tmp_path, "broken.law", BROKEN))
    result = runner.invoke(main, ["check", "--no-analysis", "--message-format", "gnu", bad])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{bad}:10.17-25: ")
    assert ": error: " in first and first.endswith("[unknown-name]")


def test_json_message_format(runner: CliRunner, tmp_path: Path) -> None:
    bad = os.path.relpath(write(tmp_path, "broken.law", BROKEN))
    result = runner.invoke(main, ["check", "--no-analysis", "--message-format", "json", bad])
    assert result.exit_code == 1
    diagnostics = json.loads(result.stdout)
    assert [(d["code"], d["span"]["line"], d["span"]["column"]) for d in diagnostics] == [
        ("unknown-name", 10, 17)]
    assert diagnostics[0]["severity"] == "error" and diagnostics[0]["span"]["file"] == bad


# ------------------------------------------------------------------------------- compile


def test_compile_writes_then_check_is_fresh_then_stale(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "generated"
    first = runner.invoke(main, ["compile", rel(BENEFIT), "--out", str(out)])
    assert first.exit_code == 0, first.output
    module = out / "testing" / "benefit.py"
    assert module.read_text(encoding="utf-8") == driver.compile_module(load(BENEFIT))
    assert (out / "_runtime.py").read_text(encoding="utf-8") == driver.runtime_text()
    assert f"wrote {module}" in first.stderr
    fresh = runner.invoke(main, ["compile", "--check", rel(BENEFIT), "--out", str(out)])
    assert fresh.exit_code == 0 and fresh.stdout == ""
    again = runner.invoke(main, ["compile", rel(BENEFIT), "--out", str(out)])
    assert "0 files written" in again.stderr
    module.write_text(module.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stale = runner.invoke(main, ["compile", "--check", rel(BENEFIT), "--out", str(out)])
    assert stale.exit_code == 1
    assert stale.stdout.splitlines() == [f"would regenerate {module}"]
    assert module.read_text(encoding="utf-8").endswith("# edited\n")  # --check writes nothing


@pytest.mark.parametrize("source", [STATUTES, TEST_STATUTES], ids=["statutes", "test-statutes"])
def test_compile_check_on_a_copy_of_the_statutes(source: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`lawc compile --check` in a fresh checkout: stale (exit 1) before `lawc compile`, fresh
    (exit 0) after, stale again, naming the module, once a statute changes."""
    shutil.copytree(source, tmp_path / "statutes")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    before = runner.invoke(main, ["compile", "--check"])
    if not any((tmp_path / "statutes").rglob("*.law")):
        assert before.exit_code == 2  # no statutes: a usage error
        return
    assert before.exit_code == 1
    assert "would regenerate generated/_runtime.py" in before.stdout.splitlines()
    assert runner.invoke(main, ["compile"]).exit_code == 0
    after = runner.invoke(main, ["compile", "--check"])
    assert (after.exit_code, after.stdout) == (0, "")
    laws = [p for p in sorted((tmp_path / "statutes").rglob("*.law"))
            if (tmp_path / "generated" / p.relative_to(tmp_path / "statutes")).with_suffix(
                ".py").is_file()]
    if not laws:
        return
    law = laws[0]
    law.write_text(law.read_text(encoding="utf-8") + "-- a comment changes the source hash\n",
                   encoding="utf-8")
    changed = runner.invoke(main, ["compile", "--check"])
    target = Path("generated") / law.relative_to(tmp_path / "statutes").with_suffix(".py")
    assert changed.exit_code == 1
    assert changed.stdout.splitlines() == [f"would regenerate {target}"]


def test_compile_refuses_a_broken_law(runner: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path, "broken.law", BROKEN)
    result = runner.invoke(main, ["compile", bad, "--out", str(tmp_path / "generated")])
    assert result.exit_code == 1
    assert "nothing written" in result.stderr and not (tmp_path / "generated").exists()


# ---------------------------------------------------------------------------- test, list


def test_test_command(runner: CliRunner) -> None:
    # benefit.law's rules conflict on purpose; the solver's gate is tests/test_gates.py's
    result = runner.invoke(main, ["test", "--no-analysis", rel(BENEFIT)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{len(load(BENEFIT).examples)} passed, 0 failed"


def test_test_command_reports_a_failed_example(runner: CliRunner, tmp_path: Path) -> None:
    text = BENEFIT.read_text(encoding="utf-8").replace("    the benefit is granted\n",
                                                       "    the benefit is referred\n")
    result = runner.invoke(main, ["test", write(tmp_path, "benefit.law", text)])
    assert result.exit_code == 1
    assert "0 passed, 1 failed" in result.stdout and "error[example-failed]" in result.stderr


def test_list_text(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", rel(BENEFIT)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "testing/benefit: Made-up Benefit Act (Nowhere; in force from 2020-01-01)"
    assert "    decides benefit: granted, refused, referred" in lines
    assert "    decides priority: yes, no" in lines


def test_list_says_what_a_computed_decision_and_a_record_give(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", "statutes/examples/tour.law"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "    decides fines owed: money" in lines
    assert "    decides relief notice: a record of the relief and the fines owed" in lines
    row = json.loads(runner.invoke(main, ["list", "--format", "json",
                                          "statutes/examples/tour.law"]).stdout)[0]
    fines = next(d for d in row["decisions"] if d["key"] == "fines_owed")
    assert fines["type"] == "money" and fines["values"] == []
    assert row["records"] == [{"name": "relief notice", "key": "relief_notice",
                               "outputs": ["relief", "fines owed"]}]


def test_list_and_ir_say_which_decisions_and_facts_may_be_not_known(
        runner: CliRunner) -> None:
    """`, if known` (8 C.F.R. § 287.7(d)): `lawc list` and `lawc ir --stage core` say it after
    the type of the latest hold end and the release time, and of nothing every case has."""
    law = "statutes/us/detainer_hold_287_7.law"
    result = runner.invoke(main, ["list", law, "statutes/examples/tour.law"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "    decides latest hold end: a date and time, if known" in lines
    assert [line for line in lines if "if known" in line] == [
        "    decides latest hold end: a date and time, if known"]
    rows = json.loads(runner.invoke(main, ["list", "--format", "json", law,
                                           "statutes/examples/tour.law"]).stdout)
    assert [(d["name"], d["optional"]) for row in rows for d in row["decisions"]
            if d["optional"]] == [("latest hold end", True)]
    core = runner.invoke(main, ["ir", "--stage", "core", law]).stdout.splitlines()
    assert "  release time: a date and time, if known" in core
    assert "decision latest hold end: a date and time, if known" in core


def test_list_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", "--format", "json", rel(BENEFIT), rel(TEST_STATUTES)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_path = {r["statute"]: r for r in rows}
    assert set(by_path) >= {"testing/benefit", "testing/counting"}
    row = by_path["testing/benefit"]
    assert row["module"] == "generated.testing.benefit" and row["in_force_from"] == "2020-01-01"
    assert [d["key"] for d in row["decisions"]] == ["benefit", "priority", "review", "share"]
    assert row["examples"] == len(load(BENEFIT).examples)


def test_list_json_of_every_statute(runner: CliRunner) -> None:
    if not statute_laws():
        pytest.skip("no laws under statutes/ yet")
    rows = json.loads(runner.invoke(main, ["list", "--format", "json"]).stdout)
    assert sorted(r["statute"] for r in rows) == sorted(load(f).path for f in statute_laws())


# ------------------------------------------------------------------------------------ ir


def test_ir_surface_is_the_canonical_print(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ir", "--stage", "surface", rel(BENEFIT)])
    assert result.exit_code == 0, result.output
    tree = parse(BENEFIT.read_text(encoding="utf-8"), rel(BENEFIT))
    assert result.stdout == surface_print.file(tree)
    assert parse(result.stdout, "printed.law") == tree


def test_ir_core(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ir", rel(BENEFIT)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("program testing/benefit (law): Made-up Benefit Act")
    for name in load(BENEFIT).decisions:
        assert f"decision {name}:" in result.stdout


def test_ir_of_a_broken_law(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ir", write(tmp_path, "broken.law", BROKEN)])
    assert result.exit_code == 1 and "error[unknown-name]" in result.stderr


# ------------------------------------------------------------------------------ evaluate


def test_evaluate_facts_file(runner: CliRunner, tmp_path: Path) -> None:
    facts = write(tmp_path, "facts.json", json.dumps(GOOD_FACTS))
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--facts", facts])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == GOOD_DECISIONS


def test_evaluate_facts_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--facts", "-"],
                           input=json.dumps(GOOD_FACTS))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == GOOD_DECISIONS


def test_evaluate_a_generated_module(runner: CliRunner,
                                     generated_package: GeneratedPackage) -> None:
    generated_package.module(load(BENEFIT))
    result = runner.invoke(main, ["evaluate", "testing/benefit", "--facts", "-"],
                           input=json.dumps(GOOD_FACTS))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == GOOD_DECISIONS


def test_evaluate_bad_facts(runner: CliRunner) -> None:
    facts = {**GOOD_FACTS, "office": "nowhere"}
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--facts", "-"],
                           input=json.dumps(facts))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: bad facts: office:")


def test_evaluate_a_gap(runner: CliRunner) -> None:
    facts = json.loads(json.dumps(GOOD_FACTS))
    facts["applicant"]["residence_period"] = 30  # no rule of § 2 applies
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--facts", "-"],
                           input=json.dumps(facts))
    assert result.exit_code == 1 and 'gap in "priority"' in result.stderr


def test_evaluate_malformed_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--facts", "-"], input="{oops")
    assert result.exit_code == 1 and "-:1:2: not valid JSON" in result.stderr


CSV_HEADER = ("decision_date,office,budget_per_person,applicant.date_of_birth,"
              "applicant.household_size,applicant.income_ratio,applicant.residence_period,"
              "applicant.postal_code,applicant.dependants_count,applicant.disability,"
              "applicant.claims\n")
CLAIMS = '"[{""filing_date"": ""2021-01-15"", ""amount_claimed"": ""250"", ""category"": ""food""}]"'
CSV_ROWS = [
    f"2021-03-01,central,100,1990-05-05,3,0.5,3,10001,1,no,{CLAIMS}\n",
    "2021-03-01,mobile,100,1990-05-05,3,0.5,30,99999,2,yes,[]\n",
    "2021-13-01,central,100,1990-05-05,3,0.5,30,10001,1,no,[]\n",  # no 13th month
    "2021-03-01,regional,100,1990-05-05,1,0.5,30,99999,0,no,[]\n",  # divides by 0 dependants
    "2021-03-01,regional,100,1990-05-05,1,0.5,30,99999,1,no,[]\n",
]


def test_evaluate_csv_as_json(runner: CliRunner, tmp_path: Path) -> None:
    table = write(tmp_path, "cases.csv", CSV_HEADER + "".join(CSV_ROWS))
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--csv", table])
    assert result.exit_code == 1  # a row failed; the others were still decided
    out = json.loads(result.stdout)
    assert [r["row"] for r in out["rows"]] == [2, 3, 6]
    assert out["rows"][0] == {"row": 2, **GOOD_DECISIONS}
    assert out["rows"][1]["benefit"] == "referred"
    assert out["counts"]["benefit"] == {"granted": 1, "referred": 1, "refused": 1}
    assert sum(out["counts"]["share"].values()) == 3
    assert [f[:20] for f in out["failures"]] == ["row 4: decision_date", "row 5: division by z"]
    assert "error: row 4: decision_date" in result.stderr
    assert "2 of 5 rows failed" in result.stderr


def test_evaluate_csv_as_csv(runner: CliRunner, tmp_path: Path) -> None:
    rows = [CSV_ROWS[0], CSV_ROWS[1]]
    table = write(tmp_path, "cases.csv", CSV_HEADER + "".join(rows))
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--csv", table, "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "row,benefit,priority,review,share"
    assert lines[1] == "2,granted,False,True,high"
    assert len(lines) == 3
    assert "benefit: granted: 1, referred: 1" in result.stderr


def test_evaluate_csv_with_indexed_columns_and_a_ragged_row(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    header = CSV_HEADER.replace("applicant.claims\n", "applicant.claims.0.filing_date,"
                                "applicant.claims.0.amount_claimed,applicant.claims.0.category\n")
    good = "2021-03-01,central,100,1990-05-05,3,0.5,3,10001,1,no,2021-01-15,250,food\n"
    ragged = good.replace("\n", ",extra\n")
    table = write(tmp_path, "cases.csv", header + good + ragged)
    result = runner.invoke(main, ["evaluate", rel(BENEFIT), "--csv", table])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["rows"] == [{"row": 2, **GOOD_DECISIONS}]
    assert out["failures"] == ["row 3: more cells than columns"]


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("args", [
    ["evaluate", "x.law"],                      # neither --facts nor --csv
    ["evaluate", "x.law", "--facts", "a", "--csv", "b"],
    ["no-such-command"],
    ["ir", "--stage", "lowered", "x.law"],
    ["check", "--message-format", "xml"],
    ["list", "--format", "yaml"],
    ["evaluate", "no/such/module", "--facts", "-"],
], ids=lambda a: " ".join(a))
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args, input="{}")
    assert result.exit_code == 2, result.output


def test_a_missing_file_is_reported(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--no-analysis", "no/such/file.law"])
    assert result.exit_code == 1 and "error[io]: cannot read no/such/file.law" in result.stderr


def test_an_empty_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "no .law files" in result.stderr


def test_internal_error_exits_123(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(driver, "load_program", explode)
    result = runner.invoke(main, ["check", rel(BENEFIT)])
    assert result.exit_code == 123
    assert "error[internal]" in result.stderr
    assert "RuntimeError: boom" in result.stderr


def test_version(runner: CliRunner) -> None:
    from compiler import __version__

    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


# ------------------------------------------------------------------ the CLI and the driver


def test_cli_modules_talk_only_to_the_driver() -> None:
    import ast

    allowed = {"compiler", "compiler.driver", "compiler.diagnostics", "compiler.cli",
               "compiler.cli.common"}
    for module in sorted((REPO / "compiler" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith("compiler") or name in allowed, (module.name, name)


def test_the_explain_stage_gives_what_lawc_explain_prints(runner: CliRunner) -> None:
    program = driver.check(driver.Workspace(), BENEFIT)
    example = program.examples[0]
    result = runner.invoke(main, ["explain", rel(BENEFIT), "--example", example.name,
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert driver.explain(program, dict(example.facts), program.decisions) == (
        shown if isinstance(shown, list) else [shown])
    with pytest.raises(driver.CASE_ERRORS):
        driver.explain(program, {}, list(program.decisions)[:1])


def test_the_diff_stage_on_two_versions(tmp_path: Path) -> None:
    old = Path(write(tmp_path, "old.law", 'law "Old"\n  jurisdiction: Nowhere\n\nfacts:\n'
                     '  a flag: yes or no\n\ndecision the answer: yes or no\n\n§ 1\n'
                     '  the answer if the flag\n'))
    new = Path(write(tmp_path, "new.law", 'law "New"\n  jurisdiction: Nowhere\n\nfacts:\n'
                     '  a flag: yes or no\n\ndecision the answer: yes or no\n\n§ 1\n'
                     '  the answer if not the flag\n'))
    result = driver.diff(old, new, samples=20)
    assert result.old.title == "Old" and result.new.title == "New"
    assert driver.diff(old, old, samples=20) != result


def test_every_package_of_the_compiler_ships_in_the_wheel() -> None:
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "compiler").rglob("__init__.py")}
    assert found <= listed, found - listed


def test_the_command_lines_defaults_are_the_analysis_defaults() -> None:
    """`driver.versions` spells the diff's defaults without importing the solver; they must be
    the analysis's own, and the formats the command offers those the renderers know."""
    from compiler.analysis import diff, space
    from compiler.driver import render, versions
    from compiler.reports import diff as diff_render
    from compiler.reports import explanation

    assert versions.DEFAULT_SAMPLES == diff.DEFAULT_SAMPLES
    assert versions.DEFAULT_SEED == diff.DEFAULT_SEED
    assert versions.DEFAULT_LIST_BOUND == space.DEFAULT_LIST_BOUND
    assert set(render.DIFF_FORMATS) == set(diff_render.FORMATS)
    assert set(render.EXPLAIN_FORMATS) == set(explanation.FORMATS)


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    """`lawc list | head -0`: the pipe closes before lawc writes (it is closed at once, and
    lawc takes far longer to start); lawc stops with 141 (as a shell reports SIGPIPE), and
    says nothing of an internal error."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "compiler.cli", "list"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before the first line
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in errors and "internal" not in errors, errors
