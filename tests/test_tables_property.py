"""Decision tables against brute force, on small domains: random tables over two facts of five
values each, under every hit policy; the interpreter and the generated module decide every one
of the 25 cases alike and as the table read row by row says, and the solver reports an overlap
of a unique table's two rows exactly when some case meets both (hypothesis)."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.interpret import Interpreter, LawConflict, LawGap

HEAD = '''law "Random table"
  jurisdiction: Nowhere

facts:
  the x count: a whole number from 0 to 4
  the y count: a whole number from 0 to 4

decision the amount: a whole number
{default}
§ 1
  the amount is decided by this table (hit policy: {policy}):
    | the x count | the y count | amount |
'''
CELLS = {"-": lambda v: True, "0": lambda v: v == 0, "2": lambda v: v == 2,
         "at least 2": lambda v: v >= 2, "at most 1": lambda v: v <= 1,
         "not 3": lambda v: v != 3, "more than 3": lambda v: v > 3}
POLICIES = ("unique", "first", "collect sum", "collect minimum", "collect maximum",
            "collect count")

rows_strategy = st.lists(st.tuples(st.sampled_from(sorted(CELLS)), st.sampled_from(sorted(CELLS)),
                                   st.integers(0, 9)), min_size=1, max_size=3)


def expected(policy: str, rows: list[tuple[str, str, int]], a: int, b: int,
             default: int | None) -> object:
    """The table read row by row: the value, or LawConflict / LawGap."""
    hits = [v for ca, cb, v in rows if CELLS[ca](a) and CELLS[cb](b)]
    if not hits:
        return LawGap if default is None else default
    if policy == "unique":
        return hits[0] if len(set(hits)) == 1 else LawConflict
    return {"first": hits[0], "collect sum": sum(hits), "collect minimum": min(hits),
            "collect maximum": max(hits), "collect count": len(hits)}[policy]


def _program(tmp_path: Path, policy: str, rows: list[tuple[str, str, int]],
             default: int | None) -> tuple[c.Program, str]:
    value = "-" if policy == "collect count" else None
    text = HEAD.format(policy=policy, default="" if default is None else
                       f"  by default: {default}\n") + "".join(
        f"    | {ca} | {cb} | {value or v} |\n" for ca, cb, v in rows)
    law = tmp_path / "statutes" / "random_table.law"
    law.parent.mkdir(parents=True, exist_ok=True)
    law.write_text(text, encoding="utf-8")
    return driver.load_program(driver.Workspace(), law), text


def _meets(row: tuple[str, str, int], a: int, b: int) -> bool:
    return CELLS[row[0]](a) and CELLS[row[1]](b)


CASES = list(itertools.product(range(5), repeat=2))


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(policy=st.sampled_from(POLICIES), rows=rows_strategy, default=st.sampled_from([None, 0]))
def test_a_random_table_decides_as_its_rows_say(tmp_path: Path, policy: str,
                                                rows: list[tuple[str, str, int]],
                                                default: int | None) -> None:
    p, text = _program(tmp_path, policy, rows, default)
    interpreter = Interpreter(p)
    module = driver.module_in_memory(p)
    for a, b in CASES:
        want = expected(policy, rows, a, b, default)
        facts = {"x_count": a, "y_count": b}
        # the in-memory module has its own copy of the runtime, so its own error classes
        errors = {LawConflict: LawConflict, LawGap: LawGap, module.rt.LawConflict: LawConflict,
                  module.rt.LawGap: LawGap}
        for decide in (interpreter.decide, module.decide):
            try:
                got: object = decide(facts)["amount"]
            except tuple(errors) as exc:
                got = errors[type(exc)]
            assert got == want, (decide, a, b, text)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy)
def test_the_solver_finds_exactly_the_overlapping_rows(tmp_path: Path,
                                                       rows: list[tuple[str, str, int]]) -> None:
    p, text = _program(tmp_path, "unique", rows, 0)
    overlaps = {(d.labels[0].span.line, d.span.line) for d in analyse(p).diagnostics
                if d.code == "table-overlap"}
    first = 14  # the line of the first row
    both = {(first + i, first + j) for i, j in itertools.combinations(range(len(rows)), 2)
            if any(_meets(rows[i], a, b) and _meets(rows[j], a, b) for a, b in CASES)}
    assert overlaps == both, text
