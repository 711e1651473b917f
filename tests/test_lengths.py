"""Lengths of time as outcomes, and `N business days after A`.

A decision may be a number of days, weeks, hours, minutes, months or years (`the look-back
period: a number of years`): the interpreter and the generated module give the same values
(`datetime.timedelta` for days and minutes, `rt.Months` for months, ISO 8601 durations in JSON),
the result schema accepts what `decide()` gives, the solver compares such values (a conflict
between two rules giving different lengths is found, with its witness), and explanations say
them as the law does. `2 business days after A` means `A plus 2 days excluding Saturdays,
Sundays and holidays` over the law's one calendar. The test law is
tests/data/statutes/testing/lengths.law (its examples, the equivalence property and the
generated golden take it too).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler import runtime as rt
from compiler.analysis.check import analyse
from compiler.backends.to_sql import to_sql
from compiler.cli import main
from compiler.core import ast as c
from compiler.core import names
from compiler.diagnostics import DiagnosticError
from compiler.explain.build import Explainer
from compiler.interpret import Interpreter
from compiler.surface import print as printer
from compiler.surface.parse import parse
from conftest import TEST_STATUTES, load
from strategies import facts_for
from test_analysis import own_z3_context
from test_analysis_computed import CONDITIONS, HEADER, brute_force, verdicts
from test_analysis_computed import load as load_random

LENGTHS = TEST_STATUTES / "testing" / "lengths.law"

FACTS = {"release_date": "2024-02-29", "release_time": "2024-03-01T09:30",
         "prior_order_count": 1, "extension": 3, "notice_weeks": 1}
WANT = {"look_back_period": "P1Y6M", "look_back_start": "2022-08-29", "hold_period": "PT72H",
        "hold_end": "2024-03-04T09:30", "answer_period": "P17D", "answer_date": "2024-03-17",
        "notice_date": "2024-03-11"}


def test_parse_print_parse_is_a_fixed_point() -> None:
    text = LENGTHS.read_text(encoding="utf-8")
    tree = parse(text, "lengths.law")
    printed = printer.file(tree)
    assert parse(printed, "lengths.law") == tree
    assert "the notice date is 2 business days after the release date plus the notice " \
        "weeks" in printed
    assert "decision the look-back period: a number of years" in printed
    one = text.replace("2 business days after", "1 business day after")
    assert "1 business day after the release date" in printer.file(parse(one, "lengths.law"))


def test_the_interpreter_and_the_generated_code_agree() -> None:
    program = load(LENGTHS)
    module = driver.module_in_memory(program)
    assert Interpreter(program).decide(FACTS) == WANT
    assert module.decide(FACTS) == WANT
    case = module.Case.from_dict(FACTS)
    assert module.look_back_period(case) == module.rt.Months(18)
    assert str(module.look_back_period(case)) == "18 months"
    assert module.hold_period(case) == datetime.timedelta(hours=72)
    assert module.answer_period(case) == datetime.timedelta(days=17)
    assert module.notice_date(case) == datetime.date(2024, 3, 11)


def test_the_result_schema_accepts_what_decide_gives() -> None:
    program = load(LENGTHS)
    module = driver.module_in_memory(program)
    result = module.SCHEMA["result"]
    jsonschema.Draft202012Validator.check_schema(result)
    jsonschema.validate(module.decide(FACTS), result)
    pattern = re.compile(result["properties"]["hold_period"]["pattern"])
    for good in ("PT48H", "PT1H30M", "PT45M", "P17D", "P10Y", "P1Y6M", "P6M", "-P5D", "P0D"):
        assert pattern.fullmatch(good), good
    for bad in ("P", "PT", "48 hours", "P1.5D", "PT48", "P1D2Y", "2 days, 0:00:00"):
        assert pattern.fullmatch(bad) is None, bad


@pytest.mark.parametrize(("amount", "kind", "iso", "words"), [
    (60, "months", "P5Y", "5 years"), (18, "months", "P1Y6M", "18 months"),
    (6, "months", "P6M", "6 months"), (0, "months", "P0M", "0 years"),
    (2880, "minutes", "PT48H", "48 hours"), (90, "minutes", "PT1H30M", "90 minutes"),
    (1, "minutes", "PT1M", "1 minute"), (17, "days", "P17D", "17 days"),
    (-5, "days", "-P5D", "-5 days"), (-12, "months", "-P1Y", "-1 years"),
])
def test_a_length_in_iso_8601_and_in_words(amount: int, kind: str, iso: str,
                                           words: str) -> None:
    assert rt.iso_length(amount, kind) == iso
    assert rt.length_words(amount, kind) == words
    length = c.Duration(amount, c.DurationKind(kind))
    assert str(length) == words  # the interpreter's words
    typed: Any = (rt.Months(amount) if kind == "months" else rt.length_days(amount)
                  if kind == "days" else rt.length_minutes(amount))
    assert rt.length_json(typed, kind) == iso


def test_a_length_too_long_for_a_timedelta_is_a_law_error() -> None:
    with pytest.raises(rt.LawEvaluationError):
        rt.length_days(10**12)


def test_explanations_say_lengths_as_the_law_does() -> None:
    program = load(LENGTHS)
    module = driver.module_in_memory(program)
    explainer = Explainer(program)
    for name in program.decisions:
        generated = getattr(module, "explain_" + name.replace(" ", "_").replace("-", "_"))
        ours = explainer.explain(name, FACTS).text()
        assert generated(FACTS).text() == ours
    period = explainer.explain("look-back period", FACTS).text()
    assert "the look-back period is 18 months" in period
    start = explainer.explain("look-back start", FACTS).text()
    assert "2024-02-29 − 18 months = 2022-08-29" in start
    hold = explainer.explain("hold period", FACTS).text()
    assert "48 hours + (24 hours × 1 prior order) = 72 hours" in hold
    notice = explainer.explain("notice date", FACTS).text()
    assert "+ 2 days excluding Saturdays, Sundays and holidays = 2024-03-11" in notice


CONFLICTING = '''law "Periods Act"
  jurisdiction: Nowhere

facts:
  the order count: a whole number from 0 to 9

decision the period: a number of years

§ 1
  the period is 5 years if the order count is at least 2
  the period is 60 months if the order count is at least 3
  the period is 10 years if the order count is at least 4
  the period is 1 year if the order count is at most 1
'''


def test_the_solver_finds_a_conflict_between_lengths(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(CONFLICTING)
    found = [d for d in analyse(program).diagnostics if d.code in ("conflict", "gap")]
    # 5 years and 60 months agree; each conflicts with 10 years (a pair of rules each)
    assert [d.code for d in found] == ["conflict", "conflict"]
    assert all("(5 years and 10 years)" in d.message for d in found)
    shown = " ".join([found[0].message, *found[0].notes, found[0].hint or ""])
    (count, *_) = re.findall(r"order count is (\d+)", shown)
    assert int(count) >= 4
    module = driver.module_in_memory(program)
    facts = {"order_count": int(count)}
    with pytest.raises(rt.LawConflict) as interpreted:
        Interpreter(program).decide(facts)
    with pytest.raises(module.rt.LawConflict) as generated:  # the in-memory module's runtime
        module.decide(facts)
    assert str(interpreted.value) == str(generated.value)
    assert "'5 years'" in str(generated.value) and "'10 years'" in str(generated.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_decide_equals_interpreter_on_random_cases(data: st.DataObject) -> None:
    program = load(LENGTHS)
    module = _module(program)
    facts = data.draw(facts_for(program), label="facts")
    try:
        want: object = Interpreter(program).decide(dict(facts))
    except rt.LawError as exc:
        want = (type(exc).__name__, str(exc))
    try:
        got: object = module.decide(dict(facts))
    except module.rt.LawError as exc:  # the in-memory module's own runtime
        got = (type(exc).__name__, str(exc))
    assert got == want


_MODULES: dict[int, Any] = {}


def _module(program: c.Program) -> Any:
    if id(program) not in _MODULES:
        _MODULES[id(program)] = driver.module_in_memory(program)
    return _MODULES[id(program)]


NO_CALENDAR = '''law "Answer Act"
  jurisdiction: Nowhere

facts:
  the filing date: a date

decision the answer date: a date

§ 1
  the answer date is 2 business days after the filing date
'''


def test_business_days_need_the_laws_one_calendar(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    with pytest.raises(DiagnosticError) as caught:
        compile_law(NO_CALENDAR)
    (problem,) = caught.value.diagnostics
    assert problem.code == "unknown-name" and "no calendar" in problem.message
    holidays = ('§ 2\n  the holidays are the days:\n    "New Year\'s Day": January 1\n')
    program, _ = compile_law(NO_CALENDAR + "\n" + holidays)
    assert Interpreter(program).decide({"filing_date": "2025-12-31"}) == {
        "answer_date": "2026-01-05"}  # Thursday the 1st is a holiday, then Friday, Monday


def test_the_sql_backend_refuses_a_length_as_a_decision(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(CONFLICTING)
    with pytest.raises(DiagnosticError) as caught:
        to_sql(program)
    (problem,) = caught.value.diagnostics
    assert problem.code == "sql-unsupported" and "length of time" in problem.message
    assert problem.span.line == 7  # the decision's declaration


def test_a_diff_shows_a_length_that_changes(tmp_path: Path) -> None:
    folder = tmp_path / "statutes" / "testing"
    folder.mkdir(parents=True)
    text = LENGTHS.read_text(encoding="utf-8")
    (folder / "old.law").write_text(text, encoding="utf-8")
    changed = text.replace("the look-back period is 5 years if", "the look-back period is 7 "
                           "years if").replace("    the look-back period is 5 years\n",
                                               "    the look-back period is 7 years\n")
    changed = changed.replace("the look-back start is 2020-05-23", "the look-back start is "
                              "2018-05-23")
    (folder / "new.law").write_text(changed, encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(folder / "old.law"), str(folder / "new.law"),
                                       "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "5 years → 7 years: 16.7%" in result.output  # one prior order count in six
    assert "10 years → 10 years" in result.output


LENGTH_HEADER = HEADER.replace("decision the amount: money", "decision the amount: a number "
                               "of months")
LENGTH_VALUES = ["6 months", "1 year", "12 months", "2 months times the item count",
                 "1 year plus 6 months times the item count", "0 months",
                 "3 months times the item count plus 1 month times the order count"]


@st.composite
def length_laws(draw: st.DrawFn) -> str:
    lines = [LENGTH_HEADER]
    if draw(st.booleans()):
        lines.append(f"  by default: {draw(st.sampled_from(['0 months', '2 years']))}")
    lines.append("")
    for k in range(1, draw(st.integers(1, 4)) + 1):
        value = draw(st.sampled_from(LENGTH_VALUES))
        condition = draw(st.sampled_from(CONDITIONS)).format(k=draw(st.integers(0, 2)),
                                                             n=draw(st.integers(0, 3)))
        lines += [f"§ {k}", f"  the amount is {value} if {condition}", ""]
    return "\n".join(lines)


def test_the_solver_tells_equal_lengths_from_different_ones() -> None:
    """12 months and 1 year agree; 2 months for each item differs from them except at 6."""
    program = load_random(LENGTH_HEADER + "\n§ 1\n  the amount is 12 months if the item count "
                          "is at least 2\n\n§ 2\n  the amount is 1 year if the item count is "
                          "more than 1\n\n§ 3\n  the amount is 2 months times the item count "
                          "if the item count is at least 3\n\n§ 4\n  the amount is 0 months if "
                          "the item count is at most 1\n")
    with own_z3_context():
        found = verdicts(program)
    assert found == brute_force(program)
    assert found["pairs"] == {(0, 2), (1, 2)}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=length_laws())
def test_the_analysis_of_lengths_agrees_with_brute_force(text: str) -> None:
    with own_z3_context():
        program = load_random(text)
        assert verdicts(program) == brute_force(program), text


FIGURE = '''law "Figure Act"
  jurisdiction: Nowhere

facts:
  the table date: a date
  the release date: a date
  the prior order count: a whole number from 0 to 5

decision the hold period: a number of hours
  by default: 24 hours

decision the late: yes or no
  by default: no

decision the end: a date

§ 1 "Period"
  figure the look-back period:
    dated by: the table date
    10 years
    5 years from 2020-01-01
  the end is the release date plus the look-back period

§ 2 "Hold"
  the hold period is 48 hours if the prior order count is at least 1
  notwithstanding § 2, the hold period is 72 hours if the prior order count is at least 3

§ 3 "Late"
  the late if the hold period is more than 48 hours

example "old table"
  given:
    the table date is 2019-06-01
    the release date is 2010-01-01
    the prior order count is 3
  expect:
    the look-back period is 10 years
    the end is 2020-01-01
    the hold period is 72 hours
    the late is yes

example "new table"
  given:
    the table date is 2021-06-01
    the release date is 2010-01-01
    the prior order count is 1
  expect:
    the look-back period is 5 years
    the end is 2015-01-01
    the hold period is 48 hours
'''


@pytest.mark.parametrize(("table", "orders", "want"), [
    ("2019-06-01", 3, {"hold_period": "PT72H", "late": True, "end": "2020-01-01",
                       "look_back_period": "P10Y"}),
    ("2021-06-01", 1, {"hold_period": "PT48H", "late": False, "end": "2015-01-01",
                       "look_back_period": "P5Y"}),
    ("2021-06-01", 0, {"hold_period": "PT24H", "late": False, "end": "2015-01-01",
                       "look_back_period": "P5Y"}),
])
def test_a_dated_figure_an_exception_and_a_condition_over_lengths(
        compile_law: Callable[..., tuple[c.Program, str]], table: str, orders: int,
        want: dict[str, object]) -> None:
    program, _ = compile_law(FIGURE)
    facts = {"table_date": table, "release_date": "2010-01-01", "prior_order_count": orders}
    assert Interpreter(program).decide(facts) == want
    module = driver.module_in_memory(program)
    assert module.decide(facts) == want
    case = module.Case.from_dict(facts)
    assert module.look_back_period(case).months == (120 if table < "2020" else 60)


def test_the_explanations_of_the_examples_match_their_golden(golden: Any) -> None:
    program = load(LENGTHS)
    module = driver.module_in_memory(program)
    explainer = Explainer(program)
    lines = []
    for example in program.examples:
        for name in program.decisions:
            ours = explainer.explain(name, example.facts)
            theirs = getattr(module, "explain_" + names.key(name))(example.facts)
            assert theirs.to_dict() == ours.to_dict(), (example.name, name)
            lines.append(f"{example.name} | {name}: {ours.outcome_words} | {ours.computation}")
    golden("explain/lengths.txt", "\n".join(lines) + "\n")


HUGE = '''law "Huge Act"
  jurisdiction: Nowhere

facts:
  the count: a whole number

decision the period: a number of days

§ 1
  the period is 1 day times the count
'''


def test_a_length_too_long_is_the_same_error_from_both(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(HUGE)
    module = driver.module_in_memory(program)
    facts = {"count": 10**15}
    with pytest.raises(rt.LawEvaluationError) as interpreted:
        Interpreter(program).decide(facts)
    with pytest.raises(module.rt.LawEvaluationError) as generated:
        module.decide(facts)
    assert str(interpreted.value) == str(generated.value)
    assert Interpreter(program).decide({"count": 3}) == module.decide({"count": 3}) == {
        "period": "P3D"}
