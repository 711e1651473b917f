"""Dated figures (docs/language.md, "Dated figures"): the value in force on the day before, the
day and the day after each value's day, the same from the interpreter, the generated module and
DuckDB; the solver proves the values never conflict and finds the gap before a first value that
has a day; the explanation names the value used and its day; the figure prints and parses back."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Callable

import pytest

from compiler import driver
from compiler.core import ast as c
from compiler.explain.build import explain
from compiler.interpret import Interpreter
from compiler.surface import parse, print as printer

LAW = '''law "Fines"
  jurisdiction: Nowhere

facts:
  the violation date: a date
  the worker count: a whole number from 0 to 100

decision the fine: money

§ 5 "Amounts"
  figure the amount per worker:
    dated by: the violation date
    $250
    $275 from 1999-09-29
    $375 from 2008-03-27
  the fine is the amount per worker times the worker count
'''

HISTORY = [(None, Decimal(250)), (datetime.date(1999, 9, 29), Decimal(275)),
           (datetime.date(2008, 3, 27), Decimal(375))]


def _expected(day: datetime.date) -> Decimal:
    return [v for start, v in HISTORY if start is None or start <= day][-1]


def _boundary_days() -> list[datetime.date]:
    one = datetime.timedelta(days=1)
    return [d + k * one for d, _ in HISTORY if d is not None for k in (-1, 0, 1)] + [
        datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)]


def test_the_value_in_force_on_each_side_of_each_day(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    program, _ = compile_law(LAW, name="dated_fines")
    module = generated_package.module(program)
    interpreter = Interpreter(program)
    for day in _boundary_days():
        facts = {"violation_date": day.isoformat(), "worker_count": 3}
        want = _expected(day)
        decided = interpreter.decide(facts)
        assert decided == module.decide(facts), day
        assert decided["amount_per_worker"] == str(want), day
        generated = module.decide(facts)
        assert generated["amount_per_worker"] == str(want), day
        assert generated["fine"] == str(want * 3), day


def test_the_figure_is_a_decision_with_a_rule_a_value(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(LAW)
    [figure] = program.figures
    assert [e.start for e in figure.entries] == [d for d, _ in HISTORY]
    rules = program.decisions["amount per worker"].rules
    assert [r.value for r in rules] == [e.value for e in figure.entries]
    assert all(r.citation == "§ 5" for r in rules)
    assert figure.entry_on(datetime.date(2008, 3, 26)).value.value == Decimal(275)


def test_the_solver_finds_no_conflict_and_the_gap_before_a_first_day(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(LAW)
    assert not [d for d in driver.analyse(program, 2).diagnostics if d.code in ("conflict",
                                                                                "gap")]
    dated, _ = compile_law(LAW.replace("    $250\n", "    $250 from 1986-11-06\n"))
    gaps = [d for d in driver.analyse(dated, 2).diagnostics if d.code == "gap"]
    assert len(gaps) == 1 and "amount per worker" in gaps[0].message


def test_duckdb_gives_the_interpreters_values(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    pytest.importorskip("duckdb")
    from compiler.engines.engines import run_duckdb
    from compiler.engines.tables import facts_table

    program, _ = compile_law(LAW)
    cases = [{"violation_date": d.isoformat(), "worker_count": 2} for d in _boundary_days()]
    got = run_duckdb(program, facts_table(program, cases)).to_pylist()
    assert [r["amount_per_worker"] for r in got] == [_expected(d) for d in _boundary_days()]


def test_the_explanation_names_the_value_used_and_its_day(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    program, _ = compile_law(LAW)
    text = explain(program, "fine", {"violation_date": "2010-01-01", "worker_count": 3}).text()
    assert ("Computed: $375 (the amount per worker, in force from 2008-03-27) × 3 workers = "
            "$1,125 (§ 5)") in text
    first = explain(program, "fine", {"violation_date": "1990-01-01", "worker_count": 1}).text()
    assert "$250 (the amount per worker, before 1999-09-29)" in first


def test_a_figure_prints_and_parses_back() -> None:
    tree = parse.parse(LAW, "fines.law")
    printed = printer.file(tree)
    assert ("  figure the amount per worker:\n    dated by: the violation date\n    $250\n"
            in printed)
    assert parse.parse(printed, "fines.law") == tree


def test_before_a_first_day_the_figure_is_a_gap_in_both(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    from compiler.runtime import LawGap

    program, _ = compile_law(LAW.replace("    $250\n", "    $250 from 1986-11-06\n"),
                             name="dated_from_1986")
    module = generated_package.module(program)
    early = {"violation_date": "1986-11-05", "worker_count": 1}
    with pytest.raises(LawGap):
        module.amount_per_worker(module._parse_case(early, ""))
    with pytest.raises(LawGap):
        Interpreter(program).decide(early)
    on_the_day = dict(early, violation_date="1986-11-06")
    assert module.amount_per_worker(module._parse_case(on_the_day, "")) == Decimal(250)


LONG = '''law "Long fines"
  jurisdiction: Nowhere

facts:
  the violation date: a date

decision the fine: money

§ 5 "Amounts"
  figure the amount:
    dated by: the violation date
    $250{first}
    $275 from 1999-09-29
    $375 from 2008-03-27
    $539 from 2016-08-01
    $548 from 2017-01-28
  the fine is the amount
'''


@pytest.mark.parametrize("first", ["", " from 1986-11-06"])
def test_a_long_history_is_found_by_bisection_with_the_same_values(
        first: str, compile_law: Callable[..., tuple[c.Program, str]],
        generated_package: Any) -> None:
    """More than three values: the generated figure looks its day up in a tuple of days
    (`bisect_right`), and gives the interpreter's value (or gap) on each side of every day."""
    from compiler.runtime import LawGap

    program, text = compile_law(LONG.format(first=first),
                                name="long_fines" + ("_dated" if first else ""))
    start = text.index("def amount(")
    body = text[start:text.index("\n\n\ndef ", start)]
    assert "bisect_right(_AMOUNT_DAYS, __day)" in body and "__day >=" not in body
    module = generated_package.module(program)
    interpreter = Interpreter(program)
    one = datetime.timedelta(days=1)
    days = [datetime.date(1986, 11, 6), datetime.date(1999, 9, 29), datetime.date(2008, 3, 27),
            datetime.date(2016, 8, 1), datetime.date(2017, 1, 28)]
    for day in [d + k * one for d in days for k in (-1, 0, 1)] + [datetime.date(2999, 1, 1)]:
        facts = {"violation_date": day.isoformat()}
        try:
            want: object = interpreter.decide(facts)
        except LawGap:
            assert first and day < days[0], day
            with pytest.raises(LawGap):
                module.decide(facts)
            continue
        assert module.decide(facts) == want, day


def test_a_decision_named_as_the_bisection_does_not_hide_it(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    """The module imports `bisect_right`; a decision of that name gets another function name."""
    law = LONG.format(first="").replace("decision the fine: money",
                                        "decision the fine: money\n\ndecision the bisect right: "
                                        "money\n  by default: $1")
    program, text = compile_law(law, name="bisect_named")
    assert "def bisect_right(" not in text
    module = generated_package.module(program)
    assert module.decide({"violation_date": "2017-01-28"})["fine"] == "548"
