"""Pictures of a diff, as geometry the HTML template draws as inline SVG (no network, no script).

Takes `diff_result.Diff`s; gives plain dicts of rectangles, paths and labels:

- `flow(r, d)`: for one decision, the people (the population's rows, or shares of the input
  space without one) flowing from each old outcome (left) to each new one (right), a band per
  transition as wide as its count, with the numbers printed on the nodes and the changed bands;
- `timeline(results)`: for each chain of diffs (a → b, b → c, …), a bar per version with each
  outcome's share of the population (or of the input space), the percentage printed in it.

Colours are fixed per outcome and legible in grey print (labels are text, not colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compiler.analysis.diff_result import DecisionDiff, Diff

COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948")
_HEIGHT, _GAP, _NODE, _WIDTH, _LABEL = 240.0, 14.0, 14.0, 620.0, 190.0


def _weight(t: Any) -> float:
    return float(t.population.count) if t.population is not None else t.share.value


def _number(value: float, counted: bool) -> str:
    return str(int(value)) if counted else f"{100 * value:.1f}%"


def flow(r: Diff, d: DecisionDiff) -> dict[str, Any]:
    """The Sankey geometry of one decision: nodes left (old) and right (new), bands between."""
    counted = any(t.population is not None for t in d.transitions)
    flows = [(t.old, t.new, _weight(t), t.changed) for t in d.transitions if _weight(t) > 0]
    total = sum(w for _, _, w, _ in flows) or 1.0
    colour = {o: COLOURS[k % len(COLOURS)] for k, o in enumerate(d.outcomes)}
    sides: list[dict[str, Any]] = []
    nodes = []
    for k, (index, x) in enumerate(((0, _LABEL), (1, _LABEL + _WIDTH - _NODE))):
        order = [o for o in d.outcomes if any(f[index] == o for f in flows)]
        scale = (_HEIGHT - _GAP * max(len(order) - 1, 0)) / total
        y, place = 20.0, {}
        for o in order:
            size = sum(f[2] for f in flows if f[index] == o)
            place[o] = [y, scale]
            nodes.append({"x": x, "y": y, "height": max(size * scale, 1.0), "colour": colour[o],
                          "label": f"{o}: {_number(size, counted)}", "anchor": "end" if k == 0
                          else "start", "tx": x - 6 if k == 0 else x + _NODE + 6,
                          "ty": y + max(size * scale, 1.0) / 2 + 4})
            y += size * scale + _GAP
        sides.append(place)
    bands = []
    x0, x1 = _LABEL + _NODE, _LABEL + _WIDTH - _NODE
    middle = (x0 + x1) / 2
    for a, b, w, changed in flows:
        ya, sa = sides[0][a]
        yb, sb = sides[1][b]
        ha, hb = w * sa, w * sb
        sides[0][a][0] += ha
        sides[1][b][0] += hb
        path = (f"M{x0:.1f},{ya:.1f} C{middle:.1f},{ya:.1f} {middle:.1f},{yb:.1f} {x1:.1f},"
                f"{yb:.1f} L{x1:.1f},{yb + hb:.1f} C{middle:.1f},{yb + hb:.1f} {middle:.1f},"
                f"{ya + ha:.1f} {x0:.1f},{ya + ha:.1f} Z")
        bands.append({"path": path, "colour": colour[b], "changed": changed,
                      "title": f"{a} → {b}: {_number(w, counted)}",
                      "label": _number(w, counted) if changed else "",
                      "lx": middle, "ly": (ya + yb + (ha + hb) / 2) / 2 + 4})
    return {"width": _LABEL * 2 + _WIDTH, "height": _HEIGHT + 40, "nodes": nodes,
            "bands": bands, "old": r.old.title, "new": r.new.title, "left": _LABEL,
            "right": _LABEL + _WIDTH, "unit": "people" if counted else "share of cases"}


def chains(results: Sequence[Diff]) -> list[list[Diff]]:
    """Consecutive diffs that continue one another (a → b, b → c): the report's timelines."""
    out: list[list[Diff]] = []
    for r in results:
        if out and out[-1][-1].new.path == r.old.path:
            out[-1].append(r)
        else:
            out.append([r])
    return [c for c in out if len(c) > 1]


def timeline(chain: Sequence[Diff], decision: str) -> dict[str, Any] | None:
    """Each version's outcomes along a chain, one stacked bar per version (shares in %)."""
    versions: list[tuple[str, list[tuple[str, float]]]] = []
    for k, r in enumerate(chain):
        d = next((x for x in r.decisions if x.name == decision), None)
        if d is None:
            return None
        sides = ("old", "new") if k == 0 else ("new",)
        for side in sides:
            title = r.old.title if side == "old" else r.new.title
            parts = []
            for cv in d.coverage:
                counted = cv.population_old if side == "old" else cv.population_new
                share = cv.old if side == "old" else cv.new
                value = float(counted) if counted is not None else (share.value if share else 0)
                parts.append((cv.outcome, value))
            total = sum(v for _, v in parts) or 1.0
            versions.append((title, [(o, v / total) for o, v in parts if v > 0]))
    outcomes = list(dict.fromkeys(o for _, parts in versions for o, _ in parts))
    bar, gap, width, left = 26.0, 12.0, 560.0, 200.0
    bars = []
    for k, (title, parts) in enumerate(versions):
        x, rects = left, []
        for o, v in parts:
            rects.append({"x": x, "width": v * width, "colour":
                          COLOURS[outcomes.index(o) % len(COLOURS)], "title": f"{o}: {v:.1%}",
                          "label": f"{100 * v:.0f}%" if v * width > 34 else ""})
            x += v * width
        bars.append({"y": k * (bar + gap), "title": title, "rects": rects})
    legend_y = len(versions) * (bar + gap) + 8
    return {"width": left + width + 10, "height": legend_y + 18 * len(outcomes) + 8, "bar": bar,
            "left": left, "bars": bars, "decision": decision,
            "legend": [{"y": legend_y + 18 * k, "outcome": o,
                        "colour": COLOURS[k % len(COLOURS)]} for k, o in enumerate(outcomes)]}


__all__ = ["chains", "flow", "timeline"]
