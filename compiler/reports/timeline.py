"""How each outcome's share moves across a timeline: one table per decision of a report's
timeline comparison, and the chart of the same numbers.

Takes a timeline comparison's name and its diffs in order (a → b, b → c, …: each version's
shares are the new side of the diff before it, or the old side of the first); gives a
`TimelineTable` per decision the versions have: an outcome a row, a version a column, each cell
the count of the population's cases (when the report counts one) or the share of all cases
(`12.5%` exact, `≈ 12.5% ± 0.3%` estimated, `—` where the version has no such decision or
outcome). `report.md.j2` renders them after the summary; `page.html.j2` renders each as a table
and, through `share_chart`, as an inline-SVG line chart (a version a column, an outcome a line,
each point labelled with its cell and, for counts, the share of the version's cases).

The chart's coordinates are floats (they only place marks on a page); every number printed on
it is the table's own text, or a share of whole counts worked out exactly (`Fraction`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from compiler.analysis.diff_result import Coverage, DecisionDiff, Diff


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineTable:
    name: str  # the comparison's
    decision: str
    versions: tuple[str, ...]  # the versions' titles, in order
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # an outcome and a cell per version
    counted: str | None  # what the cells count ("requests"), or None for shares of all cases
    # per row, per version: the count (counted) or the share of all cases, None for `—`
    values: tuple[tuple[int | float | None, ...], ...] = ()


def _value(cv: Coverage | None, old: bool, counted: bool) -> int | float | None:
    if cv is None:
        return None
    if counted:
        return cv.population_old if old else cv.population_new
    share = cv.old if old else cv.new
    return None if share is None else share.value


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
        rows, values = [], []
        for outcome in outcomes:
            cells, numbers = [], []
            for k in range(len(titles)):  # version k: the old side of diff k, or the new of k-1
                d = found[0] if k == 0 else found[k - 1]
                cv = None if d is None else next(
                    (c for c in d.coverage if c.outcome == outcome), None)
                cells.append(_cell(cv, k == 0, bool(d and d.measure.exact), unit is not None))
                numbers.append(_value(cv, k == 0, unit is not None))
            rows.append((outcome, tuple(cells)))
            values.append(tuple(numbers))
        out.append(TimelineTable(name=name, decision=decision, versions=titles,
                                 rows=tuple(rows), counted=unit, values=tuple(values)))
    return out


def percent(part: int, whole: int) -> str:
    """`part` of `whole` as a percentage with one decimal, rounded half up, worked out exactly."""
    if whole == 0:
        return "—"
    tenths = (Fraction(1000 * part, whole) + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"


# The chart's layout, in SVG user units: the plot's left edge and width, its top and height.
_LEFT, _COLUMN, _TOP, _PLOT, _RIGHT = 70.0, 170.0, 24.0, 220.0, 180.0
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")  # one per line: legible in grey print
MARKS = ("circle", "square", "diamond", "triangle", "circle", "square")


def _shares(t: TimelineTable) -> list[list[float | None]]:
    """Each cell as a fraction of its version's cases (counts over the column's total)."""
    if t.counted is None:
        return [[None if v is None else float(v) for v in row] for row in t.values]
    totals = [sum(int(row[k] or 0) for row in t.values) for k in range(len(t.versions))]
    return [[None if v is None or not totals[k] else int(v) / totals[k]
             for k, v in enumerate(row)] for row in t.values]


def _label(t: TimelineTable, row: int, k: int) -> str:
    cell = t.rows[row][1][k]
    if t.counted is None:
        return cell
    total = sum(int(r[k] or 0) for r in t.values)
    return f"{cell} ({percent(int(t.values[row][k] or 0), total)})"


def _spread(ys: list[tuple[float, int]], gap: float) -> dict[int, float]:
    """Label heights for the points of one column, at least `gap` apart, in the points' order."""
    placed: dict[int, float] = {}
    last = -1e9
    for y, index in sorted(ys):
        y = max(y, last + gap)
        placed[index] = y
        last = y
    return placed


def share_chart(t: TimelineTable) -> dict[str, Any]:
    """The line chart of one timeline table: x a version, y the share of its cases (0–100%),
    a line per outcome with a mark and its number at every version it has."""
    shares = _shares(t)
    xs = [_LEFT + _COLUMN * (k + 0.5) for k in range(len(t.versions))]

    def y_of(v: float) -> float:
        return _TOP + _PLOT * (1 - v)

    lines = []
    labels: list[list[tuple[float, int]]] = [[] for _ in t.versions]
    for row, (outcome, _cells) in enumerate(t.rows):
        points = [(xs[k], y_of(v)) for k, v in enumerate(shares[row]) if v is not None]
        for k, v in enumerate(shares[row]):
            if v is not None:
                labels[k].append((y_of(v), row))
        lines.append({"outcome": outcome, "dash": DASHES[row % len(DASHES)],
                      "mark": MARKS[row % len(MARKS)],
                      "colour": _colour(row), "points": " ".join(
                          f"{x:.1f},{y:.1f}" for x, y in points),
                      "marks": [_mark(MARKS[row % len(MARKS)], x, y) for x, y in points]})
    texts = []
    for k, column in enumerate(labels):
        for row, y in _spread(column, 14.0).items():
            texts.append({"x": xs[k] + 8, "y": y + 4, "text": _label(t, row, k),
                          "colour": _colour(row), "outcome": t.rows[row][0],
                          "version": t.versions[k]})
    grid = [{"y": y_of(v / 4), "label": f"{25 * v}%"} for v in range(5)]
    heads = [{"x": x, "lines": _wrap(title)} for x, title in zip(xs, t.versions)]
    bottom = _TOP + _PLOT + 18
    legend = [{"y": bottom + 34 + 18 * row, "outcome": outcome, "colour": _colour(row),
               "dash": DASHES[row % len(DASHES)]} for row, (outcome, _c) in enumerate(t.rows)]
    return {"width": _LEFT + _COLUMN * len(t.versions) + _RIGHT,
            "height": bottom + 34 + 18 * len(t.rows) + 6, "left": _LEFT,
            "plot_right": _LEFT + _COLUMN * len(t.versions), "top": _TOP, "bottom": _TOP + _PLOT,
            "heads_y": bottom, "grid": grid, "heads": heads, "lines": lines, "texts": texts,
            "legend": legend, "decision": t.decision, "name": t.name,
            "unit": t.counted or "cases"}


def _mark(shape: str, x: float, y: float) -> str:
    """The SVG path of a point's mark, 8 units across (the shape tells lines apart in grey)."""
    if shape == "square":
        return f"M{x - 4:.1f},{y - 4:.1f}h8v8h-8Z"
    if shape == "diamond":
        return f"M{x:.1f},{y - 5:.1f}l5,5l-5,5l-5,-5Z"
    if shape == "triangle":
        return f"M{x:.1f},{y - 5:.1f}l5,9h-10Z"
    return f"M{x - 4:.1f},{y:.1f}a4,4 0 1,0 8,0a4,4 0 1,0 -8,0Z"


def _colour(row: int) -> str:
    from compiler.reports.charts import COLOURS

    return COLOURS[row % len(COLOURS)]


def _wrap(title: str, width: int = 24) -> list[str]:
    """A version's title on at most two lines of about `width` characters."""
    if len(title) <= width:
        return [title]
    cut = title.rfind(" ", 0, width + 1)
    if cut <= 0:
        return [title[:width], title[width:]]
    rest = title[cut + 1:]
    return [title[:cut], rest if len(rest) <= width + 4 else rest[:width + 3] + "…"]


__all__ = ["TimelineTable", "percent", "share_chart", "timeline_tables"]
