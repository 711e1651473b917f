"""The outcomes of a decision that computes its value (an amount, a number, a date), as the
version diff counts them.

Takes a decision of two versions and their solver encodings; gives the diff's labels and the
formula of each. A decision whose values are all written out (`$500`, `$998 from 2025-01-02`)
keeps a label per value (`$998 → $1,100`); one that computes its value (`$375 for each
unauthorized alien`) has two: `an amount` in both versions, the same, or `a different amount`
in the newer one, so "no change" is proved over the amounts themselves, not over a yes/no that
no such decision has. Conflicts and gaps are labelled as for every decision. Each region of
`an amount → a different amount` carries the range of the change (`change`, from
`diff_range`): "rises by $25 to $2,500,000 ($25 more per unauthorized alien)".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import z3

from compiler.analysis.diff_range import change_range
from compiler.analysis.diff_result import AmountChange, AmountTotals, Region, Rows, Share, \
    Transition, Witness, amount_words
from compiler.analysis.regions import Cover, Coverer, RegionError
from compiler.analysis.shares import proportion
from compiler.analysis.witness import given_lines
from compiler.analysis.smt import LawEncoding, coerce
from compiler.core import ast as c
from compiler.core.semantics import written_values
from compiler.runtime_explain import words

if TYPE_CHECKING:
    from compiler.analysis.diff import VersionDiff

# labels that are not a value; `not known`: no rule gives a decision given `, if known` one
SPECIAL = ("conflict", "gap", "cannot be decided", words(None))


def written_out(d: c.Decision) -> bool:
    """Every rule and the default write their value out."""
    return all(isinstance(r.value, c.Lit) for r in d.rules) and (
        d.default is None or isinstance(d.default, c.Lit))


def by_amount(d: c.Decision) -> bool:
    """The diff compares this decision's values as amounts (it computes them)."""
    return c.is_computed(d) and not written_out(d)


def value_labels(d: c.Decision) -> list[str]:
    """The labels of a decision's values: a value's words each when they are written out,
    else `an amount` (a number, a date)."""
    if written_out(d):
        return [words(v) for v in written_values(d)]
    return [same_and_different(d)[0]]


def same_and_different(d: c.Decision) -> tuple[str, str]:
    match d.type:
        case c.MoneyT():
            return "an amount", "a different amount"
        case c.DateT() | c.DateTimeT():
            return "a date", "a different date"
        case _:
            return "a value", "a different value"


def relabel(d: c.Decision, pair: tuple[str, str]) -> tuple[str, str]:
    """A case's two decided values (their words) as the diff labels them, for a decision that
    computes its value: `an amount` → `an amount` when they are equal, `a different amount`
    when not; conflicts, gaps and failures keep their labels (and a value after one of them is
    `an amount`: there is no older amount for it to differ from)."""
    same, different = same_and_different(d)
    old, new = pair
    return (old if old in SPECIAL else same,
            new if new in SPECIAL else same if old in SPECIAL or new == old else different)


def pairs(d: c.Decision, by_amount: bool, old: Sequence[str], new: Sequence[str]
          ) -> list[tuple[str, str]]:
    """The cells of a decision's outcomes, old by new; compared as amounts, `a different
    amount` only after an amount (after a gap, a conflict or `not known`, a value is `an
    amount`: there is no older one for it to differ from)."""
    if not by_amount:
        return [(a, b) for a in old for b in new]
    same, different = same_and_different(d)
    return [(a, b) for a in old for b in new if b != different or a == same]


def target(law: LawEncoding, d: c.Decision, label: str) -> Any:
    """The cases in which this version of a computed decision gets `label`."""
    if label == "conflict":
        return law.conflict(d.name)
    if label in ("gap", words(None)):
        return law.gap(d.name)
    decided = z3.And(z3.Not(law.conflict(d.name)), z3.Not(law.gap(d.name)))
    if not written_out(d):
        return decided
    value = next(e for e in [r.value for r in d.rules] + [d.default]
                 if e is not None and words(c.lit_value(e)) == label)
    a, b = coerce(law.computed_outcome(d.name), law.value(value))
    return z3.And(decided, a == b)


def amounts_differ(old: LawEncoding, new: LawEncoding, name: str, differ: bool) -> Any:
    """Both versions decide an amount, and the amounts differ (or, `differ` false, agree)."""
    a, b = coerce(old.computed_outcome(name), new.computed_outcome(name))
    return a != b if differ else a == b


def cover_or_none(coverer: Coverer, formula: Any, limit: int) -> Cover | None:
    """The regions of `formula`, or None when the laws' conditions do not decide it (an
    amount that changes with a number, not with a condition: `$375` → `$400 for each
    unauthorized alien` changes only where there is one); its share is then estimated from
    the sample."""
    try:
        return coverer.cover(formula, limit=limit)
    except RegionError:
        return None


def change(engine: VersionDiff, name: str, a: str, b: str, formula: Any) -> AmountChange | None:
    """The range of new − old over a region's cases, for a decision compared as amounts whose
    cell is `an amount → a different amount` (None for every other cell, or where the solver
    cannot settle the range)."""
    if name not in engine._by_amount:
        return None
    same, different = same_and_different(engine.new.decisions[name])
    if (a, b) != (same, different):
        return None
    engine.progress(f"{name}: {a} → {b}: the range of the change")
    return change_range(engine.laws[0], engine.laws[1], name, formula)


def by_number(engine: VersionDiff, name: str, a: str, b: str, formula: Any,
              rows: list[int] | None) -> Transition:
    """A change that no region of conditions describes (of an amount, or to or from `cannot
    be decided`): one region, the cases where the two versions compute different amounts, with a witness re-run through the
    interpreter, its share estimated from the sample and the range of the change proved."""
    from compiler.analysis.diff import EXAMPLE_ROWS

    samples = engine._samples_for(name)
    value, error = proportion(sum(1 for x in samples if x == (a, b)), len(samples))
    share = Share(value=value, error=error, estimated=True)
    split = by_rules(engine, name, a, b, formula, rows)
    if split:
        return Transition(old=a, new=b, changed=True, share=share, complete=True,
                          regions=tuple(split), overlapping=False)
    facts = engine.witness(formula)
    got = engine.rerun(name, facts)
    if got != (a, b):
        raise RegionError(f"witness decided {got}, expected {(a, b)}: {json.dumps(facts)}")
    if SPECIAL[2] in (a, b):  # a case the law's arithmetic fails on (a division by 0, …)
        which = "neither version" if a == b else "the older version" if a == SPECIAL[2] \
            else "the newer version"
        said = f"{which} can evaluate the {name} (its arithmetic fails)"
    else:
        said = f"the two versions compute a different {name}"
    region = Region(
        conditions=(said,), sources=("new",),
        share=share, witness=Witness(facts=facts, given=tuple(given_lines(engine.new, facts))),
        population=None if rows is None else Rows(count=len(rows),
                                                  examples=tuple(rows[:EXAMPLE_ROWS])),
        change=change(engine, name, a, b, formula))
    return Transition(old=a, new=b, changed=True, share=share, complete=True,
                      regions=(region,), overlapping=False)


def totals(d: c.Decision, population: Sequence[tuple[int, dict[str, tuple[str, str]]]] | None
           ) -> AmountTotals | None:
    """Each version's total and mean of a decision's amount (money, a number) over the rows
    of the population both versions decide, from the rows' labels (a value's words, before
    `relabel`): None without a population, for other decisions, or with no such row."""
    if population is None or not isinstance(d.type, (c.MoneyT, c.DecimalT, c.IntT)):
        return None
    pairs: list[tuple[Decimal, Decimal]] = []
    for _, labels in population:
        pair = labels.get(d.name)
        if pair is None or pair[0] in SPECIAL or pair[1] in SPECIAL or "" in pair:
            continue
        try:
            pairs.append((Decimal(pair[0]), Decimal(pair[1])))
        except InvalidOperation:  # not a number's words: no totals
            return None
    if not pairs:
        return None
    money = isinstance(d.type, c.MoneyT)
    old, new = sum((p[0] for p in pairs), Decimal(0)), sum((p[1] for p in pairs), Decimal(0))
    n = len(pairs)
    unit = Decimal("0.01") if money else Decimal("0.0001")
    means = [(x / n).quantize(unit, rounding=ROUND_HALF_EVEN) for x in (old, new, new - old)]

    def say(x: Decimal, sign: bool = False) -> str:
        return amount_words(x, money, sign)

    said = (f"total {say(old)} → {say(new)} ({say(new - old, True)}); mean {say(means[0])} → "
            f"{say(means[1])} ({say(means[2], True)}), over {n} row" + ("" if n == 1 else "s"))
    return AmountTotals(rows=n, money=money, old_total=str(old), new_total=str(new),
                        change_total=str(new - old), old_mean=str(means[0]),
                        new_mean=str(means[1]), change_mean=str(means[2]), words=said)


def by_rules(engine: VersionDiff, name: str, a: str, b: str, formula: Any,
             rows: list[int] | None) -> list[Region]:
    """The cases of `an amount → a different amount` split by the rule that decides under each
    version (a tier: "the tier is second"), each part a region with its witness re-run, its
    share estimated from the sample and its range: a partition, since one rule decides a case
    under each version. Empty (no split) when a version has a default, the cell is not
    `an amount → a different amount`, or only one part is inhabited."""
    from compiler.analysis.diff import EXAMPLE_ROWS
    from compiler.core.english import English

    d_old, d_new = (p.decisions[name] for p in engine.programs)
    if (a, b) != same_and_different(d_new) or d_old.default is not None or \
            d_new.default is not None:
        return []
    old, new = engine.laws
    solver = z3.Solver(ctx=new.ctx)
    solver.set("timeout", 30000)
    solver.add(formula, *new.space.assumptions())
    parts = []
    for r in d_old.rules:
        for q in d_new.rules:
            part = z3.And(old.decides(name, r.index), new.decides(name, q.index))
            result = solver.check(part)
            if result == z3.unknown:
                return []
            if result == z3.sat:
                parts.append((r, q, part))
    if len(parts) < 2:
        return []
    sampler = engine.sampler()
    samples = engine._samples_for(name)
    deciding: list[tuple[int, int] | None] = []
    for k, labels in enumerate(samples):
        if labels != (a, b):
            deciding.append(None)
            continue
        got = [engine.interpreters[v].outcome(name, sampler.parsed[v][k]).rule for v in (0, 1)]
        deciding.append(None if None in got else (got[0].index, got[1].index))  # type: ignore[union-attr]
    parsed = getattr(engine, "_parsed", {})
    regions = []
    for r, q, part in parts:
        where = z3.And(formula, part)
        facts = engine.witness(where)
        got_labels = engine.rerun(name, facts)
        if got_labels != (a, b):
            raise RegionError(f"witness decided {got_labels}, expected {(a, b)}: "
                              f"{json.dumps(facts)}")
        words = [English(engine.old).sentence(r.condition),
                 English(engine.new).sentence(q.condition)]
        conditions = tuple(dict.fromkeys(words)) + (
            f"the two versions compute a different {name}",)
        value, error = proportion(sum(1 for x in deciding if x == (r.index, q.index)),
                                  len(samples))
        inside = None
        if rows is not None and all(n in parsed for n in rows):
            inside = [n for n in rows if tuple(
                engine.interpreters[v].outcome(name, parsed[n][v]).rule.index  # type: ignore[union-attr]
                for v in (0, 1)) == (r.index, q.index)]
        regions.append(Region(
            conditions=conditions, sources=("old", "new"),
            share=Share(value=value, error=error, estimated=True),
            witness=Witness(facts=facts, given=tuple(given_lines(engine.new, facts))),
            population=None if inside is None else Rows(
                count=len(inside), examples=tuple(inside[:EXAMPLE_ROWS])),
            change=change(engine, name, a, b, where)))
    return sorted(regions, key=lambda g: (-(g.population.count if g.population else 0),
                                          -g.share.value, g.conditions))
