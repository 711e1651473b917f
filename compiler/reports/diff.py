"""Version diffs rendered: coloured text, Markdown (a PR comment), JSON and one HTML page.

Takes a `diff_result.Diff` (or a `SinceDiffs` for `lawc diff --since`, or a list of diffs for
`lawc report`); gives text, from the templates in `templates/diff/`. Shares say how they were
obtained: exact ones are shown as percentages, estimates as `≈ p% ± e` with the sample size in
the decision's heading. The filters below only format what the result holds; the layout is the
templates'.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import jinja2
from markupsafe import Markup

from compiler.analysis.diff_result import AmountTotals, DecisionDiff, Diff, Share, SinceDiffs, Statute, \
    StructuralChange, amount_words, to_json
from compiler.reports import charts
from compiler.reports.environment import environment

FORMATS = ("text", "markdown", "json", "html")
SHOWN_REGIONS = 5  # regions per transition in Markdown and HTML; all of them are in the JSON
COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948")
_ANSI = {"red": "\x1b[31m", "green": "\x1b[32m", "yellow": "\x1b[33m"}
_RESET = "\x1b[0m"


def pct(x: float) -> str:
    """A share as a percentage, with the digits that matter: `0.5%`, `12.3%`, `0.0042%`."""
    p = 100 * x
    if p == 0:
        return "0%"
    if p < 0.01:
        return f"{p:.2g}%"
    if p < 10:
        return f"{p:.2f}%"
    return f"{p:.1f}%"


def share_text(share: Share | None, exact: bool) -> str:
    """`12.5%` when exact, `≈ 12.5% ± 0.3%` when estimated, `—` when the version has no such
    outcome."""
    if share is None:
        return "—"
    if exact and not share.estimated:
        return pct(share.value)
    if share.value == 0:
        return f"≈ 0% (< {pct(share.error)})"
    return f"≈ {pct(share.value)} ± {pct(share.error)}"


def versions(r: Diff) -> str:
    """`Old title (in force … – …) → New title (…)`."""
    def one(s: Statute) -> str:
        dates = ""
        if s.in_force_from:
            dates = f" (in force {s.in_force_from} – {s.in_force_until or 'now'})"
        return f"{s.title}{dates}"
    return f"{one(r.old)} → {one(r.new)}"


def scope(r: Diff) -> str:
    """The bounds every claim of the diff holds for."""
    lo, hi = r.date_range
    return (f"Over every case with lists of up to {r.list_bound} records and dates from {lo} "
            f"to {hi}; each fact uniform over its declared values.")


def unit(r: Diff) -> str:
    """What the population's rows are: `requests` for a table of detainer requests."""
    name = (r.population.file or "") if r.population is not None else ""
    return "requests" if "request" in name else "cases"


def counted(d: DecisionDiff) -> bool:
    return any(t.population is not None for t in d.transitions)


def summary(r: Diff) -> str:
    """One plain sentence per decision: how many of the population the new version decides
    differently, and the largest move; without a population, the proof or the share."""
    out = []
    for d in r.decisions:
        moves = sorted((t for t in d.transitions if t.changed),
                       key=lambda t: -(t.population.count if t.population else t.share.value))
        if d.identical:
            out.append(f"{r.new.title} decides the {d.name} as {r.old.title} does, for every "
                       f"case (proved, lists of up to {r.list_bound} records).")
        elif counted(d) and r.population is not None:
            n = sum(t.population.count for t in moves if t.population)
            rows = r.population.rows
            if n == 0:
                out.append(f"{r.new.title} decides the {d.name} of all {rows} {unit(r)} as "
                           f"{r.old.title} does (other cases change: see below).")
                continue
            parts = [f"{t.population.count} from {t.old} to {t.new}" for t in moves
                     if t.population and t.population.count][:3]
            out.append(f"{r.new.title} decides the {d.name} of {n} of the {rows} {unit(r)} "
                       f"differently from {r.old.title}: {', '.join(parts)}.")
        else:
            total = sum(t.share.value for t in moves)
            about = "" if d.measure.exact else "about "
            out.append(f"{r.new.title} decides the {d.name} differently from {r.old.title} for "
                       f"{about}{pct(total)} of all possible cases (no population given).")
    for name in r.decisions_only_in_new:
        out.append(f"{r.new.title} adds the decision {name}.")
    for name in r.decisions_only_in_old:
        out.append(f"{r.new.title} no longer decides the {name}.")
    return " ".join(out) or "No decision in common."


def common_conditions(regions: Sequence[Any] | None) -> list[str]:
    """The conditions every region of a transition has (said once, above them), when there are
    two or more regions."""
    if not regions or len(regions) < 2:
        return []
    return [c for c in regions[0].conditions if all(c in g.conditions for g in regions[1:])]


def anchor(r: Diff) -> str:
    """A stable anchor for one diff: `nyc-local-law-62-2011--nyc-local-law-22-2013`."""
    def slug(path: str) -> str:
        return "".join(ch if ch.isalnum() else "-" for ch in path.lower()).strip("-")
    return f"{slug(r.old.path)}--{slug(r.new.path)}"


def diff_lines(words: Sequence[Any]) -> list[str]:
    """Lines of a unified-diff block: `- old`, `+ new`, `  kept`."""
    mark = {"-": "- ", "+": "+ ", "=": "  "}
    return [mark[w.op] + w.text for w in words]


def side_by_side(words: Sequence[Any]) -> list[dict[str, str]]:
    """Rows of a side-by-side view: kept lines on both sides, a removed line beside the line
    added in its place."""
    rows: list[dict[str, str]] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        for k in range(max(len(removed), len(added))):
            left = removed[k] if k < len(removed) else ""
            right = added[k] if k < len(added) else ""
            rows.append({"left": left, "right": right, "left_class": "del" if left else "",
                         "right_class": "ins" if right else ""})
        removed.clear()
        added.clear()
    for w in words:
        if w.op == "-":
            removed.append(w.text)
        elif w.op == "+":
            added.append(w.text)
        else:
            flush()
            rows.append({"left": w.text, "right": w.text, "left_class": "", "right_class": ""})
    flush()
    return rows


def where(s: StructuralChange) -> str:
    """The citation a change is at (`old → new` for a move)."""
    stood = f" ({s.stood})" if s.stood else ""
    if s.change == "moved":
        return f"{s.old_citation} → {s.citation}{stood}"
    return f"{s.citation or s.old_citation}{stood}"


def shown_words(s: StructuralChange, limit: int = 1200, each: int = 200
                ) -> list[tuple[str, str]]:
    """The changed words to show (changed and moved provisions only), each run cut at `each`
    characters, the whole at `limit`."""
    if s.change not in ("changed", "moved"):
        return []
    out = []
    used = 0
    for w in s.words:
        text = w.text if len(w.text) <= each else w.text[:each] + "…"
        used += len(text)
        out.append((w.op, text))
        if used >= limit:
            out.append(("=", "…"))
            break
    return out


def md_cell(text: str) -> str:
    """Text safe in one Markdown table cell or list line."""
    return text.replace("|", "\\|").replace("\n", " ")


def facts_json(facts: object) -> str:
    return json.dumps(facts, ensure_ascii=False, sort_keys=True)


def indent_lines(text: str, prefix: str = "    ") -> list[str]:
    """The lines of `text`, each indented (blank lines left blank)."""
    return [prefix + line if line else "" for line in text.rstrip("\n").split("\n")]


def _styler(color: bool) -> Any:
    def style(text: str, fg: str | None = None, bold: bool = False) -> str:
        if not color:
            return text
        start = ("\x1b[1m" if bold else "") + (_ANSI[fg] if fg else "")
        return f"{start}{text}{_RESET}"
    return style


def coverage_chart(r: Diff) -> dict[str, Any]:
    """The bars of the HTML coverage chart for one diff: a bar per version and decision, a part
    per outcome, and the legend, with the geometry the template draws them at."""
    series = []
    for d in r.decisions:
        for side in ("old", "new"):
            title = r.old.title if side == "old" else r.new.title
            parts = [(cv.outcome, share.value) for cv in d.coverage
                     if (share := (cv.old if side == "old" else cv.new)) is not None]
            series.append((f"{title} ({d.name})", parts))
    outcomes: list[str] = []
    for _, parts in series:
        outcomes += [o for o, _ in parts if o not in outcomes]
    width, bar, gap, left = 560, 22, 10, 190
    bars = []
    for k, (label, parts) in enumerate(series):
        x = float(left)
        rects = []
        for o, v in parts:
            rects.append({"x": x, "width": v * width, "outcome": o, "share": pct(v),
                          "colour": COLOURS[outcomes.index(o) % len(COLOURS)]})
            x += v * width
        bars.append({"y": k * (bar + gap), "label": label[:30], "rects": rects})
    legend_y = len(series) * (bar + gap) + 10
    return {"width": width + left, "height": len(series) * (bar + gap) + 20 + 18 * len(outcomes),
            "bar": bar, "left": left, "bars": bars,
            "legend": [{"y": legend_y + 18 * k, "outcome": o, "colour": COLOURS[k % len(COLOURS)]}
                       for k, o in enumerate(outcomes)]}


def _law_css() -> Markup:
    """The colours of `law_line`'s classes in the side-by-side tables (none without Pygments)."""
    try:
        from compiler import highlight
    except ImportError:  # Pygments is optional (the `editor` and `test` extras)
        return Markup("")
    return Markup(highlight.css("table.sbs"))


def law_line(text: str) -> Markup:
    """One line of a rule as HTML, escaped: highlighted by lawc's own Pygments lexer when
    Pygments is installed, plain text without it."""
    try:
        from compiler import highlight
    except ImportError:
        return Markup.escape(text)
    if not text.strip(" …"):  # empty, or the mark of lines left out
        return Markup.escape(text)
    lines = highlight.html_lines(text + "\n")
    return Markup(lines[0] if lines else "")


@functools.cache  # lawc's own templates, compiled once per process (for each of color or not)
def _amount(value: str, totals: AmountTotals, sign: bool = False) -> str:
    """One of a population's totals or means in words: `$2,148`, `+$54`."""
    return amount_words(Decimal(value), totals.money, sign)


def _environment(color: bool = False) -> jinja2.Environment:
    env = environment("diff", filters={
        "share": share_text, "pct": pct, "versions": versions, "scope": scope, "where": where,
        "words": shown_words, "cell": md_cell, "facts_json": facts_json,
        "indent_lines": indent_lines, "style": _styler(color), "chart": coverage_chart,
        "summary": summary, "anchor": anchor, "diff_lines": diff_lines, "unit": unit,
        "flow": charts.flow, "counted": counted, "side_by_side": side_by_side,
        "common": common_conditions, "law_line": law_line,
        "short": lambda commit: (commit or "")[:12], "amount": _amount})
    env.globals["law_css"] = _law_css
    env.globals["chains"] = charts.chains
    env.globals["timeline"] = charts.timeline
    env.globals["shown_regions"] = SHOWN_REGIONS

    def case_text(r: Diff) -> str:
        """One case under both versions, as plain text (`case.j2`), for any format."""
        return env.get_template("case.j2").render(r=r)

    env.filters["case_text"] = case_text
    return env


def _render(name: str, color: bool = False, **values: Any) -> str:
    return _environment(color).get_template(name).render(**values)


def text(r: Diff, color: bool = False) -> str:
    return _render("text.j2", color, r=r)


def markdown(r: Diff, heading: str = "##") -> str:
    return _render("markdown.j2", r=r, heading=heading)


def html_page(results: Sequence[Diff], title: str, tables: Sequence[Any] = ()) -> str:
    """The HTML page of `results`; with `tables` (`reports/timeline.TimelineTable`s, from
    `lawc report`'s timeline comparisons) a section per table: the shares and their chart."""
    from compiler.reports.timeline import share_chart

    return _render("page.html.j2", results=results, title=title, tables=tables,
                   share_chart=share_chart)


def render(r: Diff, fmt: str, color: bool = False) -> str:
    """One diff in one of FORMATS."""
    if fmt == "json":
        return to_json(r)
    if fmt == "markdown":
        return markdown(r)
    if fmt == "html":
        return html_page([r], f"lawc diff: {r.old.title} → {r.new.title}")
    return text(r, color)


COMMENT_LIMIT = 65536  # the most characters GitHub takes in a pull request's comment


def since(result: SinceDiffs, fmt: str, color: bool = False) -> str:
    """`lawc diff --since REF`: a title naming the refs and commits, the summary, every changed
    statute's diff, and the statutes new since REF. Markdown is cut to fit a pull request's
    comment (`COMMENT_LIMIT`), with a note saying so."""
    if fmt == "json":
        return to_json(result)
    if fmt == "html":
        return html_page(result.diffs, f"lawc diff since {result.since}")
    out = _render("since.j2", color, result=result, fmt=fmt)
    return fit(out, COMMENT_LIMIT, result.since) if fmt == "markdown" else out


def fit(text: str, limit: int, since: str) -> str:
    """`text` cut at a line to at most `limit` characters, with a note, when it is longer."""
    if len(text) <= limit:
        return text
    note = (f"\n\n**Truncated**: the whole diff is {len(text):,} characters, more than a "
            f"comment holds; `lawc diff --since {since} --format json` (or `--format html`) "
            "gives all of it.\n")
    cut = text[: limit - len(note) - 16]
    cut = cut[: cut.rfind("\n")]
    if cut.count("```") % 2:  # close an open code block
        cut += "\n```"
    if cut.count("<details>") > cut.count("</details>"):
        cut += "\n</details>" * (cut.count("<details>") - cut.count("</details>"))
    return cut + note


def report(results: Sequence[Diff], title: str, intro: str, fmt: str,
           timelines: Sequence[tuple[str, Sequence[Diff]]] = ()) -> str:
    """`lawc report`: a table of contents, how each outcome's share moves across each
    timeline (`timelines`: a timeline comparison's name and its diffs in order: in Markdown
    a table per decision, in HTML the table and its chart), then every comparison's diff."""
    from compiler.reports.timeline import timeline_tables

    tables = [t for name, diffs in timelines for t in timeline_tables(
        name, diffs, unit(diffs[0]) if diffs and diffs[0].population is not None else None)]
    if fmt == "html":
        return html_page(results, title, tables)
    return _render("report.md.j2", results=results, title=title, intro=intro, tables=tables)


__all__ = ["COMMENT_LIMIT", "FORMATS", "SHOWN_REGIONS", "fit", "html_page", "markdown", "pct",
           "render", "report", "share_text", "side_by_side", "since", "summary", "text"]
