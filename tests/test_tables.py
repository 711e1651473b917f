"""Decision tables: parse, print and lay out; the rules a table stands for under each hit
policy, decided alike by the interpreter and the generated module; the solver's overlaps.

The laws are small and written here; `tests/tables/` holds the law whose analysis is checked
line by line (`-- error: [table-overlap]` beside the second row of each overlap).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.interpret import Interpreter, LawConflict
from compiler.surface import print as printer
from compiler.surface.format import format_text
from compiler.surface.parse import parse

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = re.compile(r"--\s*(?:error|warning):\s*\[([a-z-]+)\]")

HEAD = '''law "Tables"
  jurisdiction: Nowhere

facts:
  the prior order count: a whole number from 0 to 10
  the violation date: a date
  the alien count: a whole number from 0 to 100

'''

PENALTY = HEAD + '''decision the penalty per alien: money
  by default: $0

§ 1 "Penalties"
  the penalty per alien is decided by this table (hit policy: {policy}):
    | the prior order count | the violation date | penalty per alien |
    | 0 | before 1999-09-29 | $250 |
    | at most 1 | - | $2,000 times the alien count |
    | not 0 | on or after 2000-01-01 | $3,000 |
'''


def program(text: str, tmp_path: Path) -> c.Program:
    law = tmp_path / "statutes" / "tables.law"
    law.parent.mkdir(parents=True, exist_ok=True)
    law.write_text(text, encoding="utf-8")
    return driver.load_program(driver.Workspace(), law)


def both(p: c.Program, facts: dict[str, object]) -> object:
    """The penalty as the interpreter and the generated module decide it (they must agree)."""
    interpreted = Interpreter(p).decide(facts)["penalty_per_alien"]
    generated = driver.module_in_memory(p).decide(facts)["penalty_per_alien"]
    assert interpreted == generated, (interpreted, generated)
    return Decimal(str(interpreted))


def case(count: int, date: str, aliens: int = 2) -> dict[str, object]:
    return {"prior_order_count": count, "violation_date": date, "alien_count": aliens}


def test_parse_print_parse_and_the_columns_aligned() -> None:
    text = PENALTY.format(policy="first")
    tree = parse(text, "t.law")
    printed = printer.file(tree)
    assert parse(printed, "t.law") == tree
    assert printer.file(parse(printed, "t.law")) == printed
    assert ("    | 0                     | before 1999-09-29      | $250                         |"
            in printed.splitlines())
    table = tree.items[-1].body[0]  # type: ignore[union-attr]
    assert [len(row.cells) for row in table.rows] == [3, 3, 3]


def test_the_formatter_aligns_a_table_and_keeps_its_comments() -> None:
    text = PENALTY.format(policy="unique").replace("| $3,000 |", "|   $3,000 |  -- the top tier")
    formatted = format_text(text, "t.law")
    rows = [line for line in formatted.splitlines() if line.lstrip().startswith("|")]
    assert len({line.index("|", 6) for line in rows}) == 1, rows  # the second bar aligned
    assert len({len(line.split("  --")[0].rstrip()) for line in rows}) == 1, rows
    assert rows[-1].endswith("|  -- the top tier")
    assert format_text(formatted, "t.law") == formatted


def test_first_the_first_row_that_applies_decides(tmp_path: Path) -> None:
    p = program(PENALTY.format(policy="first"), tmp_path)
    rules = p.decisions["penalty per alien"].rules
    assert [r.rows.words() for r in rules if r.rows] == ["row 1", "row 2", "row 3"]
    assert [r.overrides for r in rules] == [(1, 2), (2,), ()]
    assert {r.citation for r in rules} == {"§ 1"}
    assert both(p, case(0, "1998-01-01")) == Decimal(250)  # rows 1 and 2 apply
    assert both(p, case(1, "2001-01-01", aliens=3)) == Decimal(6000)  # rows 2 and 3
    assert both(p, case(2, "2001-01-01")) == Decimal(3000)
    assert both(p, case(2, "1999-01-01")) == Decimal(0)  # no row: the default


def test_unique_rows_that_both_apply_conflict_when_run(tmp_path: Path) -> None:
    p = program(PENALTY.format(policy="unique"), tmp_path)
    assert all(not r.overrides for r in p.decisions["penalty per alien"].rules)
    with pytest.raises(LawConflict):
        Interpreter(p).decide(case(0, "1998-01-01"))
    assert both(p, case(2, "2001-01-01")) == Decimal(3000)


@pytest.mark.parametrize(("policy", "expected"), [
    ("collect sum", [Decimal(250) + 4000, Decimal(6000) + 3000, Decimal(3000), Decimal(0)]),
    ("collect minimum", [Decimal(250), Decimal(3000), Decimal(3000), Decimal(0)]),
    ("collect maximum", [Decimal(4000), Decimal(6000), Decimal(3000), Decimal(0)]),
])
def test_collect_aggregates_the_rows_that_apply(tmp_path: Path, policy: str,
                                                expected: list[Decimal]) -> None:
    p = program(PENALTY.format(policy=policy), tmp_path)
    rules = p.decisions["penalty per alien"].rules
    assert len(rules) == 7  # a rule per non-empty set of the three rows
    assert rules[-1].rows is not None and rules[-1].rows.words() == "rows 1, 2 and 3"
    cases = [case(0, "1998-01-01"), case(1, "2001-01-01", aliens=3), case(2, "2001-01-01"),
             case(2, "1999-01-01")]
    assert [both(p, x) for x in cases] == expected


def test_collect_count_counts_the_rows_that_apply(tmp_path: Path) -> None:
    text = HEAD + '''decision the strike count: a whole number
  by default: 0

§ 2
  the strike count is decided by this table (hit policy: collect count):
    | the prior order count | the alien count | strike count |
    | at least 1            | -               | -            |
    | -                     | more than 10    | -            |
'''
    p = program(text, tmp_path)
    interpreter = Interpreter(p)
    module = driver.module_in_memory(p)
    for count, aliens, strikes in [(0, 0, 0), (1, 0, 1), (0, 11, 1), (3, 50, 2)]:
        facts = case(count, "2000-01-01", aliens)
        assert interpreter.decide(facts)["strike_count"] == strikes
        assert module.decide(facts)["strike_count"] == strikes


def test_the_solver_finds_the_overlaps_of_a_unique_table() -> None:
    law = ROOT / "tests" / "tables" / "table_overlap.law"
    text = law.read_text(encoding="utf-8")
    expected = sorted((n, m.group(1)) for n, line in enumerate(text.splitlines(), start=1)
                      for m in [EXPECTED.search(line)] if m)
    p = driver.load_program(driver.Workspace(), law.relative_to(ROOT))
    found = analyse(p)
    assert sorted((d.span.line, d.code) for d in found.diagnostics) == expected
    overlap = next(d for d in found.diagnostics if d.code == "table-overlap")
    assert overlap.span.column == 5 and overlap.labels[0].span.line == 17
    facts = __import__("json").loads(overlap.notes[1].removeprefix("as JSON: "))
    case_ = parse_facts(p, facts)
    rules = p.decisions["penalty per alien"].rules
    assert all(Interpreter(p).eval(r.condition, case_, {}) is True for r in rules[:2])
    assert "overlap of table rows" in found.summary


def test_a_table_without_overlaps_is_clean(tmp_path: Path) -> None:
    text = PENALTY.format(policy="unique").replace("| at most 1 |", "| 1 |").replace(
        "| not 0 |", "| at least 2 |")
    found = analyse(program(text, tmp_path))
    assert [d.code for d in found.diagnostics] == [], found.diagnostics


def test_sql_decides_a_collect_table_as_the_interpreter_does(tmp_path: Path) -> None:
    """A table lowers to rules, so the SQL backend compiles it: DuckDB's amounts are the
    interpreter's."""
    pytest.importorskip("duckdb")
    from compiler.engines.engines import run_duckdb
    from compiler.engines.tables import facts_table

    p = program(PENALTY.format(policy="collect sum"), tmp_path)
    cases = [case(0, "1998-01-01"), case(1, "2001-01-01", aliens=3), case(2, "2001-01-01"),
             case(2, "1999-01-01")]
    got = sorted(run_duckdb(p, facts_table(p, cases)).to_pylist(), key=lambda r: r["_row"])
    amounts = [str(r["penalty_per_alien"]) for r in got]
    interpreter = Interpreter(p)
    assert amounts == [str(Decimal(str(interpreter.decide(x)["penalty_per_alien"])))
                       for x in cases]
    assert [Decimal(a) for a in amounts] == [4250, 9000, 3000, 0]


def test_an_exception_before_a_table_applies_to_every_row(tmp_path: Path) -> None:
    text = HEAD + '''decision the waiver: yes or no
  by default: no

§ 1
  the waiver if the alien count is 0

§ 2
  notwithstanding § 1,
    the waiver is decided by this table (hit policy: unique):
      | the prior order count | the violation date | waiver |
      | at least 3            | -                  | no     |
      | 1                     | before 2000-01-01  | no     |
'''
    tree = parse(text, "t.law")
    assert parse(printer.file(tree), "t.law") == tree
    assert format_text(text, "t.law") == text
    p = program(text, tmp_path)
    rules = p.decisions["waiver"].rules
    assert [r.overrides for r in rules] == [(), (0,), (0,)]
    decide = Interpreter(p).decide
    assert decide(case(0, "2001-01-01", aliens=0))["waiver"] is True
    assert decide(case(3, "2001-01-01", aliens=0))["waiver"] is False
    assert decide(case(1, "1999-01-01", aliens=0))["waiver"] is False
    assert decide(case(1, "2001-01-01", aliens=0))["waiver"] is True


def test_a_first_table_of_amounts_is_analysed_and_diffed_by_its_amounts(tmp_path: Path) -> None:
    """The solver tells written-out amounts apart (they were all one "yes" to it): the rows of
    a `first` table of amounts are no redundant exceptions, and a changed amount is a change."""
    from compiler.analysis.diff import diff_programs

    text = HEAD + '''decision the fine: money
  by default: $0

§ 2
  the fine is decided by this table (hit policy: first):
    | the prior order count | fine |
    | 0                     | $100 |
    | at most 1             | $500 |
'''
    old = program(text, tmp_path / "old")
    codes = [d.code for d in analyse(old).diagnostics]
    assert codes == ["unused", "unused"]  # the violation date and the alien count, not read
    new = program(text.replace("$500", "$700"), tmp_path / "new")
    fine = next(d for d in diff_programs(old, new, samples=0).decisions if d.name == "fine")
    assert not fine.identical
    assert ("500", "700") in {(t.old, t.new) for t in fine.transitions}
