"""Builds are deterministic and never half-written; `lawc fmt` never loses a word; bad facts
are refused with the field (and the row) named.

Compiling in two folders with two `PYTHONHASHSEED`s gives byte-identical `generated/`; an error
in one statute leaves every generated file as it was and names the statute; a write that fails
half-way leaves the old file; `lawc fmt` keeps comments, leaves a broken file as it is and
writes atomically (tests/test_format.py holds the rest of it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from compiler.runtime import FactsError
from compiler.surface.parse import parse
from conftest import STATUTES, TEST_STATUTES

BENEFIT = TEST_STATUTES / "testing" / "benefit.law"


def _copy_statutes(where: Path) -> Path:
    shutil.copytree(STATUTES, where / "statutes")
    return where


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------- determinism


def test_compiling_in_two_folders_with_two_hash_seeds_gives_the_same_bytes(
        tmp_path: Path) -> None:
    outputs = []
    for name, seed in (("first", "0"), ("second place", "4242")):
        work = _copy_statutes(tmp_path / name)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "compiler.cli", "compile"], cwd=work,
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        outputs.append(_tree(work / "generated"))
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 3
    for path in outputs[0]:
        assert outputs[0][path] == outputs[1][path], path


# ------------------------------------------------------------------- nothing half-written


def test_an_error_in_one_statute_leaves_generated_untouched_and_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _copy_statutes(tmp_path)
    monkeypatch.chdir(work)
    runner = CliRunner()
    assert runner.invoke(main, ["compile"]).exit_code == 0
    before = _tree(work / "generated")
    good = work / "statutes" / "nyc" / "local_law_62_2011.law"
    good.write_text(good.read_text(encoding="utf-8").replace(
        'law "', 'law "Renamed ', 1), encoding="utf-8")  # would change its module
    broken = work / "statutes" / "nyc" / "local_law_21_2013.law"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n§ 99\n  the nothing if\n",
                      encoding="utf-8")
    result = runner.invoke(main, ["compile"])
    assert result.exit_code == 1
    assert "failed: statutes/nyc/local_law_21_2013.law" in result.stderr
    assert "nothing written" in result.stderr
    assert _tree(work / "generated") == before


def test_a_write_that_fails_half_way_leaves_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "generated" / "law.py"
    driver.write_atomically(target, "old = 1\n")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        driver.write_atomically(target, "new = 2\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old = 1\n"
    assert [p.name for p in target.parent.iterdir()] == ["law.py"]  # no temporary left


# -------------------------------------------------------------------------------- lawc fmt


UGLY = 'law "X"\n  jurisdiction:   Nowhere\n\nfacts:\n    a flag:  yes or no\n' \
       'decision the answer: yes or no\n\n§ 1\n    the answer if  the flag\n'
COMMENTED = 'law "Y"   -- a comment that fmt must keep\n  jurisdiction:  Nowhere\n'


def test_fmt_check_then_fmt(tmp_path: Path) -> None:
    (tmp_path / "ugly.law").write_text(UGLY, encoding="utf-8")
    (tmp_path / "commented.law").write_text(COMMENTED, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(tmp_path)])
    assert checked.exit_code == 1
    assert checked.stdout == (f"would reformat {tmp_path / 'commented.law'}\n"
                              f"would reformat {tmp_path / 'ugly.law'}\n")
    assert (tmp_path / "ugly.law").read_text(encoding="utf-8") == UGLY
    done = runner.invoke(main, ["fmt", str(tmp_path)])
    assert done.exit_code == 0, done.output
    new = (tmp_path / "ugly.law").read_text(encoding="utf-8")
    assert new.startswith('law "X"\n  jurisdiction: Nowhere\n\nfacts:\n  a flag: yes or no\n')
    assert parse(new, "a") == parse(UGLY, "a")
    assert (tmp_path / "commented.law").read_text(encoding="utf-8") == (
        'law "Y"  -- a comment that fmt must keep\n  jurisdiction: Nowhere\n')
    assert runner.invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["commented.law", "ugly.law"]


def test_fmt_leaves_a_broken_file_as_it_is(tmp_path: Path) -> None:
    broken = 'law "Z"\n  jurisdiction: x\n\nfacts:\n  a flag: yes or\n'
    (tmp_path / "broken.law").write_text(broken, encoding="utf-8")
    (tmp_path / "bytes.law").write_bytes(b'law "\xff"\n')
    result = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.law:5:" in result.stderr and "left as it is" in result.stderr
    assert (tmp_path / "broken.law").read_text(encoding="utf-8") == broken
    assert (tmp_path / "bytes.law").read_bytes() == b'law "\xff"\n'


def test_fmt_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ugly.law").write_text(UGLY, encoding="utf-8")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O")))
    result = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 1  # an I/O failure is the user's, and the file is untouched
    assert f"cannot write {tmp_path / 'ugly.law'}: I/O" in result.stderr
    assert (tmp_path / "ugly.law").read_text(encoding="utf-8") == UGLY
    assert [p.name for p in tmp_path.iterdir()] == ["ugly.law"]


# ------------------------------------------------------------------------------ bad facts

GOOD = {
    "decision_date": "2021-03-01", "office": "central", "budget_per_person": "100",
    "applicant": {"date_of_birth": "1990-05-05", "household_size": 3, "income_ratio": "0.5",
                  "residence_period": 3, "postal_code": "10001", "dependants_count": 1,
                  "disability": False,
                  "claims": [{"filing_date": "2021-01-15", "amount_claimed": "250",
                              "category": "food"}]},
}


def _spoil(path: str, value: object) -> dict[str, object]:
    facts = json.loads(json.dumps(GOOD))
    node = facts
    steps = [int(p) if p.isdigit() else p for p in path.split(".")]
    for step in steps[:-1]:
        node = node[step]
    if value is KeyError:
        del node[steps[-1]]
    else:
        node[steps[-1]] = value
    return facts


BAD_FACTS = [
    ("applicant.date_of_birth", KeyError, "applicant.date_of_birth"),          # missing
    ("applicant.household_size", "three", "applicant.household_size"),          # wrong type
    ("applicant.disability", "no", "applicant.disability"),                     # wrong type
    ("office", "nowhere", "office"),                                            # unknown value
    ("applicant.household_size", 10**9, "applicant.household_size"),            # out of bounds
    ("applicant.income_ratio", "-5", "applicant.income_ratio"),                 # out of bounds
    ("decision_date", "2021-02-30", "decision_date"),                           # impossible date
    ("applicant.claims.0.filing_date", "soon", "applicant.claims[0].filing_date"),
    ("applicant.claims", {"a": 1}, "applicant.claims"),                          # not a list
]


@pytest.mark.parametrize("path,value,named", BAD_FACTS, ids=[f"{p}={v}" for p, v, _ in BAD_FACTS])
def test_bad_facts_name_the_field(path: str, value: object, named: str,
                                  generated_package) -> None:  # type: ignore[no-untyped-def]
    from conftest import load

    program = load(BENEFIT)
    module = generated_package.module(program)
    facts = _spoil(path, value)
    with pytest.raises(Exception) as caught:
        module.decide(facts)
    assert type(caught.value) is FactsError
    assert str(caught.value).startswith(named), str(caught.value)
    result = CliRunner().invoke(main, ["evaluate", str(BENEFIT), "--facts", "-"],
                                input=json.dumps(facts))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: bad facts: {named}"), result.stderr


def test_csv_rows_with_bad_facts_are_listed_and_the_others_decided(tmp_path: Path) -> None:
    header = ("decision_date,office,budget_per_person,applicant.date_of_birth,"
              "applicant.household_size,applicant.income_ratio,applicant.residence_period,"
              "applicant.postal_code,applicant.dependants_count,applicant.disability,"
              "applicant.claims\n")
    good = ('2021-03-01,central,100,1990-05-05,3,0.5,3,10001,1,no,'
            '"[{""filing_date"": ""2021-01-15"", ""amount_claimed"": ""250"", '
            '""category"": ""food""}]"\n')
    rows = [good, good.replace("1990-05-05", "1990-02-30"), good.replace("central", "mars"),
            good.replace(",3,0.5,", ",many,0.5,"), good, "2021-03-01,central\n"]
    table = tmp_path / "cases.csv"
    table.write_text(header + "".join(rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(BENEFIT), "--csv", str(table)])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [r["row"] for r in out["rows"]] == [2, 6]
    failures = out["failures"]
    assert [f.split(":")[0] for f in failures] == ["row 3", "row 4", "row 5", "row 7"]
    assert "applicant.date_of_birth" in failures[0]
    assert "office" in failures[1]
    assert "applicant.household_size" in failures[2]
    assert "4 of 6 rows failed" in result.stderr


# ------------------------------------------------------- messages stay on their own lines


@pytest.mark.parametrize("fmt", ["human", "gnu"])
def test_a_title_with_a_newline_is_shown_escaped(tmp_path: Path, fmt: str) -> None:
    """A message quotes what the drafter wrote; a newline or control character in it is
    escaped, so every diagnostic's first line still carries its file:line:col."""
    law = tmp_path / "odd.law"
    law.write_text('examples for "first\\nsecond\x1b"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-analysis", "--message-format", fmt,
                                       str(law)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert '"first\\nsecond\\x1b"' in lines[0]
    place = lines[0] if fmt == "gnu" else lines[1]
    assert f"{law.parent.name}/odd.law:1" in place  # the path as lawc shows it, then line 1


@pytest.mark.parametrize("header", [
    'law "L"\n  jurisdiction: X\n  uses: ' + "v" * 5000 + "\n",  # longer than a file name
    'examples for "a\x00b"\n',  # a NUL, which no file name holds
])
def test_a_name_no_file_can_have_is_an_unknown_vocabulary(tmp_path: Path, header: str) -> None:
    """A name lawc looks for as a file (`uses:`, the law of a file of examples) that no file
    system accepts is reported like any missing vocabulary, not as an internal error (found by
    fuzzing: a `uses:` line joined to the next)."""
    law = tmp_path / "odd.law"
    law.write_text(header, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-analysis", str(law)])
    assert result.exit_code == 1, result.stderr
    assert "error[unknown-vocabulary]" in result.stderr


@pytest.mark.parametrize("command", ["evaluate", "explain"])
def test_a_statute_name_no_file_can_have(command: str) -> None:
    result = CliRunner().invoke(main, [command, "x" * 5000, "--facts", "-"], input="{}")
    assert result.exit_code in (1, 2) and "Traceback" not in result.output + result.stderr
