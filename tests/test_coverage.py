"""`lawc test --coverage`: provisions, exceptions and conditions both ways, as a text table,
JSON and HTML pages (goldens in tests/goldens/coverage/), `--fail-under` and `--since`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main
from conftest import REPO, STATUTES

TOUR = "statutes/examples/tour.law"

SMALL = '''law "Small"
  jurisdiction: Nowhere

facts:
  the age: a whole number
  a resident: yes or no
  a banned: yes or no

decision the pass: yes or no
  by default: no

§ 1 "Adults"
  > A resident adult gets a pass <unless> banned.
  the pass is yes if all of the following:
    - the age is at least 18
    - there is a resident

§ 2 "Bans"
  notwithstanding § 1,
    the pass is no if there is a banned

§ 3 "Never tested"
  the pass is yes if the age is at least 100

example "an adult resident"
  given:
    the age is 30
    there is a resident
  expect: the pass is yes
example "a child"
  given:
    the age is 10
    there is a resident
  expect: the pass is no
'''


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(REPO)
    return CliRunner()


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


def test_each_kind_is_counted(small: Path) -> None:
    cov = _coverage(small)
    assert cov.uncovered == ("§ 2", "§ 3") and cov.covered == ("§ 1",)
    assert [e.exercised for e in cov.exceptions] == [False]
    ways = {b.text: (b.made_true, b.made_false) for b in cov.branches}
    assert ways["the age is at least 18"] == (True, True)
    assert ways["there is a resident"] == (True, False)
    assert ways["there is a banned"] == (False, True)
    assert ways["the age is at least 100"] == (False, True)
    assert cov.counts() == {"provisions": (1, 3), "exceptions": (0, 1), "conditions": (7, 10)}


def test_an_exception_is_exercised_when_it_sets_a_rule_aside(small: Path) -> None:
    small.write_text(SMALL + '''example "a banned adult"
  given:
    the age is 30
    there is a resident
    there is a banned
  expect: the pass is no
''', encoding="utf-8")
    cov = _coverage(small)
    assert [e.exercised for e in cov.exceptions] == [True] and "§ 2" in cov.covered


def test_fail_under(small: Path) -> None:
    low = CliRunner().invoke(main, ["test", "--no-analysis", "--fail-under", "90", str(small)])
    assert low.exit_code == 1 and "below --fail-under 90%" in low.stderr, low.output
    ok = CliRunner().invoke(main, ["test", "--no-analysis", "--fail-under", "40", str(small)])
    assert ok.exit_code == 0, ok.output


def test_the_html_page_is_escaped_and_coloured(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    result = CliRunner().invoke(main, ["test", "--no-analysis", "--coverage-html", str(out),
                                       str(small)])
    assert result.exit_code == 0, result.output
    page = (out / "testing__small.html").read_text(encoding="utf-8")
    assert "&lt;unless&gt;" in page and "<unless>" not in page
    assert 'class="line uncovered"><span class="number">22</span><span class="nl">§ 3' in page
    assert 'class="line partial"><span class="number">16</span>' in page
    assert "testing__small.html" in (out / "index.html").read_text(encoding="utf-8")


def test_the_html_page_highlights_the_law_with_its_lexer(small: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The words are those of lawc's Pygments lexer (`compiler/highlight.py`), one line of HTML
    a line of the law; without Pygments the page still shows the text, escaped."""
    from compiler.highlight import LawLexer
    from pygments.token import Keyword, Name, String

    out = tmp_path / "html"
    assert CliRunner().invoke(main, ["test", "--no-analysis", "--coverage-html", str(out),
                                     str(small)]).exit_code == 0
    page = (out / "testing__small.html").read_text(encoding="utf-8")
    kinds = {kind for kind, _ in LawLexer().get_tokens(SMALL)}
    assert {Keyword.Declaration, Name.Label, String.Doc} <= kinds
    assert '<span class="kd">decision</span>' in page  # Keyword.Declaration
    assert '<span class="sd">&gt; A resident adult gets a pass &lt;unless&gt; banned.</span>' \
        in page  # quoted law text, String.Doc
    assert ".source .kd {" in page  # the style of the classes
    assert page.count('<span class="line') == SMALL.count("\n")

    import builtins

    real_import = builtins.__import__

    def no_pygments(name: str, *args: object, **kwargs: object) -> object:
        wanted = args[2] if len(args) > 2 else None
        if name == "pygments" or name.startswith("pygments.") or name == "compiler.highlight" \
                or (name == "compiler" and "highlight" in (wanted or ())):  # type: ignore[operator]
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pygments)
    monkeypatch.delitem(__import__("sys").modules, "compiler.highlight")
    plain = tmp_path / "plain"
    assert CliRunner().invoke(main, ["test", "--no-analysis", "--coverage-html", str(plain),
                                     str(small)]).exit_code == 0
    text = (plain / "testing__small.html").read_text(encoding="utf-8")
    assert 'class="line uncovered"><span class="number">22</span>§ 3' in text
    assert "&lt;unless&gt;" in text and 'class="kd"' not in text


def test_the_text_table_golden(in_repo: CliRunner, golden: object) -> None:
    result = in_repo.invoke(main, ["test", "--no-analysis", "--coverage", TOUR,
                                   "statutes/nyc/local_law_62_2011.law"])
    assert result.exit_code == 0, result.output
    golden("coverage/tour_and_law62.txt", result.stdout)  # type: ignore[operator]


def test_the_json_golden(in_repo: CliRunner, golden: object) -> None:
    result = in_repo.invoke(main, ["test", "--no-analysis", "--coverage", "--coverage-format",
                                   "json", TOUR])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["statute"] == "examples/tour"
    golden("coverage/tour.json", result.stdout)  # type: ignore[operator]


def test_the_html_golden(in_repo: CliRunner, golden: object, tmp_path: Path) -> None:
    result = in_repo.invoke(main, ["test", "--no-analysis", "--coverage-html", str(tmp_path),
                                   TOUR])
    assert result.exit_code == 0, result.output
    golden("coverage/examples__tour.html",  # type: ignore[operator]
           (tmp_path / "examples__tour.html").read_text(encoding="utf-8"))


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_since_names_changed_provisions_no_example_decides(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    shutil.copytree(STATUTES / "examples", tmp_path / "statutes" / "examples")
    (tmp_path / "statutes" / "testing").mkdir()
    law = tmp_path / "statutes" / "testing" / "small.law"
    law.write_text(SMALL, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first")
    law.write_text(SMALL.replace("at least 100", "at least 99").replace(
        "the age is at least 18", "the age is at least 21"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["test", "--no-analysis", "--coverage", "--since", "HEAD",
                                       "statutes"])
    assert result.exit_code == 0, result.output
    assert "testing/small: § 3 changed since HEAD and no example decides it" in result.stdout
    assert "§ 1 changed" not in result.stdout  # changed, but an example decides it
    assert "examples/tour" not in result.stdout.split("changed since")[0].split("\n")[-1]
    bad = CliRunner().invoke(main, ["test", "--no-analysis", "--coverage", "--since",
                                    "no-such-ref", "statutes"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
