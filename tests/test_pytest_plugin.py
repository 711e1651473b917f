"""The pytest plugin (`compiler/pytest_plugin.py`), run by pytester on small laws written here.

Each test writes a `statutes/` folder into pytester's temporary directory and runs pytest on it
(in process, or in a subprocess for xdist), then reads the outcome counts and the report.
"""

from __future__ import annotations

import importlib.metadata

import pytest

pytest_plugins = ["pytester"]

TINY = '''law "Tiny Act"
  jurisdiction: Nowhere
  in force from: 2020-01-01

facts:
  the age: a whole number from 0 to 150

decision the adult: yes or no
  by default: no

§ 1 "Adults"
  > A person of 18 years or more is an adult.
  the adult if the age is at least 18

example "a child"
  given:
    the age is 10
  expect: the adult is no

example "a wrong one"
  given:
    the age is 10
  expect: the adult is yes
'''

COMPANION = '''examples for "tiny"

example "a grown-up"
  given:
    the age is 40
  expect: the adult is yes
'''

BROKEN = '''law "Broken Act"
  jurisdiction: Nowhere

facts:
  the age: a whole number

decision the adult: yes or no

§ 1
  the adult if the agee is at least 18
'''


@pytest.fixture
def statutes(pytester: pytest.Pytester) -> pytest.Pytester:
    folder = pytester.mkdir("statutes")
    (folder / "tiny.law").write_text(TINY, encoding="utf-8")
    (folder / "tiny.examples.law").write_text(COMPANION, encoding="utf-8")
    (folder / "broken.law").write_text(BROKEN, encoding="utf-8")
    return pytester


def test_the_plugin_is_registered_by_its_entry_point() -> None:
    points = importlib.metadata.entry_points(group="pytest11")
    assert any(p.name == "lawc" and p.value == "compiler.pytest_plugin" for p in points)


def test_each_example_is_an_item_named_by_its_title(statutes: pytest.Pytester) -> None:
    result = statutes.runpytest("statutes", "--collect-only", "-q")
    result.stdout.fnmatch_lines([
        "statutes/broken.law::lawc check",
        "statutes/tiny.law::a child",
        "statutes/tiny.law::a wrong one",
        "statutes/tiny.law::a grown-up",
    ])
    assert "tiny.examples.law" not in result.stdout.str()  # collected with its law


def test_a_failed_example_shows_expected_actual_and_why(statutes: pytest.Pytester) -> None:
    result = statutes.runpytest("statutes/tiny.law")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        '*example "a wrong one" (statutes/tiny.law:20)',
        "*20 | example \"a wrong one\"",
        "*the age is 10",
        "expected: the adult is yes",
        "actual:   the adult is no",
        "error[[]example-failed]: *",
        "why the adult is no:",
        "*No provision applies, so the adult is no by default.",
        "*§ 1 \"Adults\" would make it yes, but the age is less than 18.",
    ])


def test_a_law_that_does_not_check_is_one_failing_item(statutes: pytest.Pytester) -> None:
    result = statutes.runpytest("statutes/broken.law")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "the law does not check: 1 error",
        'error[[]unknown-name]: nothing is called "the agee"',
        "  --> statutes/broken.law:10:16",
        '*help: did you mean "age"?',
    ])


def test_k_x_and_last_failed_work_on_examples(statutes: pytest.Pytester) -> None:
    statutes.runpytest("statutes", "-k", "child").assert_outcomes(passed=1, deselected=3)
    statutes.runpytest("statutes", "-x").assert_outcomes(failed=1)  # broken.law comes first
    statutes.runpytest("statutes").assert_outcomes(passed=2, failed=2)
    result = statutes.runpytest("statutes", "--lf")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["run-last-failure: rerun previous 2 failures*"])


@pytest.mark.slow
def test_xdist_workers_run_the_examples(statutes: pytest.Pytester) -> None:
    result = statutes.runpytest_subprocess("statutes", "-n", "2")
    result.assert_outcomes(passed=2, failed=2)


def test_testpaths_are_left_alone_unless_asked(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ntestpaths = tests\n")
    pytester.mkdir("tests")
    (pytester.path / "tests" / "tiny.law").write_text(TINY, encoding="utf-8")
    pytester.makepyfile(**{"tests/test_python": "def test_python():\n    assert True\n"})
    pytester.runpytest().assert_outcomes(passed=1)
    pytester.runpytest("tests").assert_outcomes(passed=1)
    pytester.runpytest("--lawc").assert_outcomes(passed=2, failed=1)
    pytester.runpytest("-p", "no:lawc", "tests").assert_outcomes(passed=1)


CONFLICTING = '''law "Conflicting Act"
  jurisdiction: Nowhere

facts:
  the age: a whole number from 0 to 150

decision the fare: money

§ 1
  the fare is $2 if the age is at least 18

§ 2
  the fare is $1 if the age is at least 65

example "a senior: the two provisions conflict"
  given:
    the age is 70
  expect: a conflict between § 1 and § 2 in the fare

example "an adult: wrongly a gap"
  given:
    the age is 30
  expect: a gap in the fare
'''


def test_an_expected_conflict_or_gap_is_checked(pytester: pytest.Pytester) -> None:
    (pytester.mkdir("statutes") / "conflicting.law").write_text(CONFLICTING, encoding="utf-8")
    result = pytester.runpytest("statutes/conflicting.law")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "expected: a gap in the fare",
        "actual:   the fare is $2.00",  # an amount as the law writes it
        "error[[]example-failed]: example \"an adult: wrongly a gap\": the fare is 2, but the "
        "example expects a gap in the fare",
    ])
