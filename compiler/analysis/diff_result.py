"""The result of a version diff, typed, and its one serialisation to JSON.

Takes nothing from the analysis itself: `diff.py` builds these frozen dataclasses, `reports/`
renders them, and `to_json_data` turns any of them into the JSON-like data of the documented
schema `lawc-diff/1` (docs/diff.md): field names are the JSON keys (`Region.sources` is written
`from`), tuples become lists, and an optional field that is `None` is left out (marked with
`_optional()`), as the schema says of `complete?`, `regions?`, `population?` and the like.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from compiler.runtime_explain import money_words

SCHEMA = "lawc-diff/1"


def _optional() -> Any:
    """A field that the JSON leaves out when it is `None`."""
    return field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Statute:
    """One version compared: where it is, what it is called, when it is in force."""

    path: str
    file: str
    title: str
    jurisdiction: str | None
    in_force_from: str | None
    in_force_until: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Word:
    """A run of words: kept (`=`), removed (`-`) or added (`+`)."""

    op: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StructuralChange:
    """A provision added, removed, changed or moved, with the words that changed."""

    change: str  # "added", "removed", "changed", "moved"
    citation: str | None
    old_citation: str | None
    title: str | None
    decisions: tuple[str, ...]
    words: tuple[Word, ...]
    law_text: tuple[Word, ...] = ()  # the quoted law text, a line each (`op` "=", "-", "+")
    rules: tuple[Word, ...] = ()  # the definitions and rules, a line each
    stood: str | None = _optional()  # `as amended by …, in force from …` (a law in patches)


@dataclass(frozen=True, slots=True, kw_only=True)
class Share:
    """A share of the input space: exact (`error` 0) or an estimate with its 95% interval."""

    value: float
    error: float
    estimated: bool | None = _optional()  # true where an exact share was too costly to add up


@dataclass(frozen=True, slots=True, kw_only=True)
class Witness:
    """A case in a region: its facts, and the same facts as `given:` lines of a `.law` example."""

    facts: dict[str, object]
    given: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rows:
    """How many rows of a population fall in a cell, and the first few row numbers."""

    count: int
    examples: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AmountChange:
    """By how much the newer version's amount differs from the older's over a region (new −
    old), proved by the solver (`analysis/diff_range.py`): `least`/`greatest` as exact decimal
    strings (days for a date), `None` where unbounded; with a rate times a count, the change of
    the rate (`per`: the counted thing) and the ratio new/old (rounded to 4 places)."""

    least: str | None
    greatest: str | None
    words: str  # `rises by $25 to $2,500,000 ($25 more per unauthorized alien)`
    per: str | None = _optional()
    per_least: str | None = _optional()
    per_greatest: str | None = _optional()
    ratio_least: str | None = _optional()
    ratio_greatest: str | None = _optional()


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """A conjunction of the laws' own conditions (in English) inside one transition."""

    conditions: tuple[str, ...]
    sources: tuple[str, ...] = field(metadata={"json": "from"})  # "old"/"new": whose words
    share: Share
    witness: Witness
    population: Rows | None = _optional()  # the population's rows in this region and cell
    change: AmountChange | None = _optional()  # an amount's change over the region


@dataclass(frozen=True, slots=True, kw_only=True)
class Transition:
    """One pair old outcome → new outcome that some case reaches."""

    old: str
    new: str
    changed: bool
    share: Share
    complete: bool | None = _optional()  # changed pairs: whether the regions are all of it
    regions: tuple[Region, ...] | None = _optional()  # changed pairs only
    overlapping: bool | None = _optional()  # changed pairs: some case is in two regions
    population: Rows | None = _optional()


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """One outcome's share under both versions (`None` where a version cannot give it)."""

    outcome: str
    old: Share | None
    new: Share | None
    population_old: int | None = _optional()
    population_new: int | None = _optional()


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """How the shares were obtained: `exact`, or `estimate` from seeded samples."""

    method: str
    how: str
    samples: int | None = _optional()
    seed: int | None = _optional()

    @property
    def exact(self) -> bool:
        return self.method == "exact"


@dataclass(frozen=True, slots=True, kw_only=True)
class AmountTotals:
    """Over a population (`--population`), each version's total and mean of an amount (or a
    number) a decision gives, and the change, over the rows both versions decide; exact
    decimal strings (a mean rounded half even to the cent for money, to 4 places otherwise)."""

    rows: int  # rows both versions decide (a value, not a conflict, gap or failure)
    money: bool  # the amounts are money (else numbers)
    old_total: str
    new_total: str
    change_total: str
    old_mean: str
    new_mean: str
    change_mean: str
    words: str  # `total $2,148 → $2,202 (+$54); mean $716 → $734 (+$18), over 3 rows`


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionDiff:
    """The diff of one decision both versions have."""

    name: str
    question: str | None
    outcomes: tuple[str, ...]
    identical: bool
    proof: str | None
    measure: Measure
    atoms: int
    transitions: tuple[Transition, ...]
    coverage: tuple[Coverage, ...]
    totals: AmountTotals | None = _optional()  # an amount's totals over the population


@dataclass(frozen=True, slots=True, kw_only=True)
class Population:
    """The CSV of cases counted in every cell."""

    file: str | None
    rows: int
    failures: tuple[str, ...]
    synthetic: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseSide:
    """How one version decides one case: the outcome, the deciding provision and its words."""

    outcome: str
    citation: str | None
    because: str
    quote: tuple[str, ...]
    explanation: str  # the text `lawc explain` gives under this version


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseDecision:
    """One decision of one case under both versions."""

    name: str
    old: CaseSide
    new: CaseSide
    changed: bool
    flipped_by: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseDiff:
    """Why one case changed (or did not)."""

    facts: dict[str, object]
    decisions: tuple[CaseDecision, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Diff:
    """The whole diff of two versions."""

    schema: str = SCHEMA
    old: Statute
    new: Statute
    list_bound: int
    date_range: tuple[str, str]
    structure: tuple[StructuralChange, ...]
    decisions_only_in_old: tuple[str, ...]
    decisions_only_in_new: tuple[str, ...]
    decisions: tuple[DecisionDiff, ...]
    population: Population | None = _optional()
    case: CaseDiff | None = _optional()


@dataclass(frozen=True, slots=True, kw_only=True)
class SinceDiffs:
    """`lawc diff --since REF`: a diff per changed statute, and the statutes new since REF."""

    since: str
    diffs: tuple[Diff, ...]
    new_statutes: tuple[str, ...]
    commit: str | None = _optional()  # the commit `since` names
    head: str | None = _optional()  # the commit the working tree is on


def amount_words(x: Decimal, money: bool, sign: bool = False) -> str:
    """`$2,148`, `−$18`, `+$54` (`sign`), `3.5` for a number."""
    shown = money_words(abs(x)) if money else format(abs(x).normalize(), "f")
    return ("−" if x < 0 else "+" if sign and x > 0 else "") + shown


def to_json_data(value: object) -> Any:
    """Any diff result (or part of one) as JSON-like data, in the schema of docs/diff.md.

    >>> to_json_data(Share(value=0.5, error=0.0))
    {'value': 0.5, 'error': 0.0}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is None and f.metadata.get("omit_none"):
                continue
            out[f.metadata.get("json", f.name)] = to_json_data(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_json_data(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [to_json_data(v) for v in value]
    return value


def to_json(value: object) -> str:
    """The JSON text `lawc diff --format json` writes: sorted keys, two-space indents."""
    return json.dumps(to_json_data(value), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


__all__ = ["SCHEMA", "CaseDecision", "CaseDiff", "CaseSide", "Coverage", "DecisionDiff", "Diff",
           "Measure", "Population", "Region", "Rows", "Share", "SinceDiffs", "Statute",
           "StructuralChange", "Transition", "Witness", "Word", "to_json", "to_json_data"]
