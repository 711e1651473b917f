"""`lawc test --suggest`: each suggested example parses, passes as the law stands (its outcome
is the law's, to confirm), and covers what it was suggested for."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from test_coverage import SMALL


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "statutes" / "testing"
    folder.mkdir(parents=True)
    (folder / "small.law").write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder / "small.law"


def _coverage(file: Path) -> driver.LawCoverage:
    program = driver.check(driver.Workspace(), file)
    return driver.law_coverage(program, driver.run_examples(program))


def test_suggestions_parse_pass_and_cover(small: Path) -> None:
    before = _coverage(small)
    assert before.uncovered == ("§ 2", "§ 3")
    suggested = driver.suggested_examples(before)
    text = "\n".join(suggested)
    assert 'under § 2' in text and 'under § 3' in text
    assert 'boundary of "the age is at least 18"' in text and "the age is 18" in text
    assert all("  -- confirm\n" in s for s in suggested)
    small.write_text(SMALL + "\n" + text, encoding="utf-8")
    after = _coverage(small)
    program = after.program
    results = driver.run_examples(program)
    assert len(results) == 2 + len(suggested) and all(r.passed for r in results)
    assert after.uncovered == ()


def test_a_boundary_of_a_date_is_suggested(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import REPO

    monkeypatch.chdir(REPO)
    program = driver.check(driver.Workspace(), Path("statutes/examples/tour.law"))
    cov = driver.law_coverage(program, driver.run_examples(program))
    suggested = driver.suggested_examples(cov)
    assert any("is on or before 2010-12-31" in s and "date of birth is 2010-12-31" in s
               for s in suggested), "\n".join(suggested)


def test_the_command_prints_them(small: Path) -> None:
    result = CliRunner().invoke(main, ["test", "--no-analysis", "--suggest", str(small)])
    assert result.exit_code == 0, result.output
    assert "-- suggested examples for testing/small (4;" in result.stdout
    assert result.stdout.count('\nexample "suggested: ') == 4


FEES = '''law "Fees"
  jurisdiction: Nowhere

facts:
  the income: money
  a waiver: yes or no

decision the fee: yes or no
  by default: no

§ 1 "Fee"
  the fee is yes if the income is more than $25,000

§ 2 "Waiver"
  notwithstanding § 1,
    the fee is no if there is a waiver
'''


def test_suggestions_pasted_into_a_companion_pass_lawc_test(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `lawc test --suggest` prints, pasted as it stands into the law's companion
    `.examples.law`, is examples `lawc test` runs and passes, covering what was missing."""
    folder = tmp_path / "statutes" / "testing"
    folder.mkdir(parents=True)
    law = folder / "fees.law"
    law.write_text(FEES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    printed = runner.invoke(main, ["test", "--no-analysis", "--suggest", str(law)])
    assert printed.exit_code == 0, printed.output
    suggested = printed.stdout.split("\n", 1)[1].split("\n0 passed")[0]
    assert suggested.count('\nexample "suggested: ') + suggested.startswith("example") >= 3
    assert "the income is $25,000" in suggested  # an amount as the docs write it
    assert "there is a waiver" in suggested  # a yes-or-no fact of the root, with its article
    (folder / "fees.examples.law").write_text('examples for "fees"\n\n' + suggested,
                                              encoding="utf-8")
    ran = runner.invoke(main, ["test", "--coverage", str(law)])
    assert ran.exit_code == 0, ran.output
    count = suggested.count('example "suggested: ')
    assert f"{count} passed, 0 failed" in ran.stdout
    assert "testing/fees" in ran.stdout and "100%" in ran.stdout, ran.stdout
