"""How each outcome's share moves across a timeline: one table per decision of a report's
timeline comparison.

Takes a timeline comparison's name and its diffs in order (a → b, b → c, …: each version's
shares are the new side of the diff before it, or the old side of the first); gives a
`TimelineTable` per decision the versions have: an outcome a row, a version a column, each cell
the count of the population's cases (when the report counts one) or the share of all cases
(`12.5%` exact, `≈ 12.5% ± 0.3%` estimated, `—` where the version has no such decision or
outcome). `report.md.j2` renders them after the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.analysis.diff_result import Coverage, DecisionDiff, Diff


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineTable:
    name: str  # the comparison's
    decision: str
    versions: tuple[str, ...]  # the versions' titles, in order
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # an outcome and a cell per version
    counted: str | None  # what the cells count ("requests"), or None for shares of all cases


def _cell(cv: Coverage | None, old: bool, exact: bool, counted: bool) -> str:
    from compiler.reports.diff import share_text

    if cv is None:
        return "—"
    if counted:
        count = cv.population_old if old else cv.population_new
        return "—" if count is None else f"{count:,}"
    return share_text(cv.old if old else cv.new, exact)


def timeline_tables(name: str, diffs: Sequence[Diff], unit: str | None) -> list[TimelineTable]:
    """The tables of one timeline comparison (`unit`: what the population's rows are, when
    the report counts one)."""
    if not diffs:
        return []
    titles = (diffs[0].old.title,) + tuple(d.new.title for d in diffs)
    names = list(dict.fromkeys(d.name for r in diffs for d in r.decisions))
    out = []
    for decision in names:
        found: list[DecisionDiff | None] = [
            next((d for d in r.decisions if d.name == decision), None) for r in diffs]
        outcomes = list(dict.fromkeys(cv.outcome for d in found if d for cv in d.coverage))
        rows = []
        for outcome in outcomes:
            cells = []
            for k in range(len(titles)):  # version k: the old side of diff k, or the new of k-1
                d = found[0] if k == 0 else found[k - 1]
                cv = None if d is None else next(
                    (c for c in d.coverage if c.outcome == outcome), None)
                cells.append(_cell(cv, k == 0, bool(d and d.measure.exact), unit is not None))
            rows.append((outcome, tuple(cells)))
        out.append(TimelineTable(name=name, decision=decision, versions=titles,
                                 rows=tuple(rows), counted=unit))
    return out


__all__ = ["TimelineTable", "timeline_tables"]
