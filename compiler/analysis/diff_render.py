"""Renderings of a version diff: coloured text, Markdown (a PR comment), JSON and one HTML page.

Takes the JSON-like result of `diff.diff_programs` (schema `lawc-diff/1`, docs/diff.md), or a list
of them for `lawc report`; gives text. Shares say how they were obtained: exact ones are shown as
percentages, estimates as `≈ p% ± e` with the sample size in the decision's heading.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from typing import Any

Style = Callable[..., str]


def _plain(text: str, **_: Any) -> str:
    return text


def share_text(share: dict[str, float] | None, exact: bool) -> str:
    if share is None:
        return "—"
    value, error = share["value"], share["error"]
    if exact and not share.get("estimated"):
        return _pct(value)
    if value == 0:
        return f"≈ 0% (< {_pct(error)})"
    return f"≈ {_pct(value)} ± {_pct(error)}"


def _pct(x: float) -> str:
    p = 100 * x
    if p == 0:
        return "0%"
    if p < 0.01:
        return f"{p:.2g}%"
    if p < 10:
        return f"{p:.2f}%"
    return f"{p:.1f}%"


def _versions(r: dict[str, Any]) -> str:
    def one(s: dict[str, Any]) -> str:
        dates = ""
        if s.get("in_force_from"):
            dates = f" (in force {s['in_force_from']} – {s.get('in_force_until') or 'now'})"
        return f"{s['title']}{dates}"
    return f"{one(r['old'])} → {one(r['new'])}"


def _scope(r: dict[str, Any]) -> str:
    lo, hi = r["date_range"]
    return (f"Over every case with lists of up to {r['list_bound']} records and dates from {lo} "
            f"to {hi}; each fact uniform over its declared values.")


def _words(words: list[dict[str, str]], limit: int = 1200, each: int = 200
           ) -> list[tuple[str, str]]:
    """The changed words, each run cut at `each` characters, the whole at `limit`."""
    out = []
    used = 0
    for w in words:
        text = w["text"] if len(w["text"]) <= each else w["text"][:each] + "…"
        used += len(text)
        out.append((w["op"], text))
        if used >= limit:
            out.append(("=", "…"))
            break
    return out


# ------------------------------------------------------------------------------------ text
def text(r: dict[str, Any], color: bool = False) -> str:
    import click

    style: Style = click.style if color else _plain
    lines = [style(f"lawc diff: {_versions(r)}", bold=True), _scope(r), ""]
    lines.append(style("Structural changes", bold=True))
    if not r["structure"]:
        lines.append("  none")
    for s in r["structure"]:
        where = s["citation"] or s["old_citation"]
        if s["change"] == "moved":
            where = f"{s['old_citation']} → {s['citation']}"
        title = f" \"{s['title']}\"" if s["title"] else ""
        dec = f" [rules for: {', '.join(s['decisions'])}]" if s["decisions"] else ""
        lines.append(f"  {s['change']:8} {where}{title}{dec}")
        if s["change"] in ("changed", "moved") and s["words"]:
            shown = []
            for op, t in _words(s["words"]):
                if op == "-":
                    shown.append(style(f"[-{t}-]", fg="red"))
                elif op == "+":
                    shown.append(style(f"{{+{t}+}}", fg="green"))
                else:
                    shown.append(t)
            lines.append("           " + " ".join(shown))
    for key, word in (("decisions_only_in_old", "removed"), ("decisions_only_in_new", "added")):
        for name in r[key]:
            lines.append(f"  decision {word}: the {name}")
    for d in r["decisions"]:
        exact = d["measure"]["method"] == "exact"
        lines += ["", style(f"Decision: the {d['name']}", bold=True),
                  f"  shares: {d['measure']['how']}"]
        if d["identical"]:
            lines.append(style(f"  no change in outcome: {d['proof']}", fg="green"))
        lines.append("  Transitions (old → new):")
        for t in d["transitions"]:
            pop = f"  [{t['population']['count']} rows]" if "population" in t else ""
            arrow = f"{t['old']} → {t['new']}"
            lines.append(f"    {style(arrow, fg='yellow') if t['changed'] else arrow}: "
                         f"{share_text(t['share'], exact)}{pop}")
            if t["changed"] and not t.get("complete", True):
                lines.append(f"      (the first {len(t['regions'])} regions only)")
            for k, g in enumerate(t.get("regions", []), start=1):
                lines.append(f"      {k}. " + "\n         and ".join(g["conditions"]))
                lines.append(f"         share {share_text(g['share'], exact)}; witness: "
                             + json.dumps(g["witness"]["facts"], ensure_ascii=False,
                                          sort_keys=True))
            if "population" in t and t["population"]["examples"]:
                lines.append("      rows: " + ", ".join(map(str, t["population"]["examples"])))
        lines.append("  Coverage (share of cases):")
        for cv in d["coverage"]:
            extra = ""
            if "population_old" in cv:
                extra = f"   rows {cv['population_old']} → {cv['population_new']}"
            lines.append(f"    {cv['outcome']}: {share_text(cv['old'], exact)} → "
                         f"{share_text(cv['new'], exact)}{extra}")
    lines += _case_text(r)
    if "population" in r:
        p = r["population"]
        lines += ["", f"Population: {p['file']}, {p['rows']} rows decided"
                  + (f", {len(p['failures'])} rows rejected" if p["failures"] else "")]
    return "\n".join(lines) + "\n"


def _case_text(r: dict[str, Any]) -> list[str]:
    if "case" not in r:
        return []
    lines = ["", "This case:"]
    for d in r["case"]["decisions"]:
        lines.append(f"  the {d['name']}: {d['old']['outcome']} → {d['new']['outcome']}"
                     + (f" (flipped by {d['flipped_by']})" if d["changed"] else " (unchanged)"))
        for side in ("old", "new"):
            s = d[side]
            lines.append(f"    {side}: {s['citation'] or 'default'}: {s['because']}")
        for side, title in (("old", r["old"]["title"]), ("new", r["new"]["title"])):
            explanation = d[side].get("explanation")
            if explanation:
                lines.append(f"  Explanation under {title}:")
                lines += ["    " + line if line else "" for line in
                          explanation.rstrip("\n").split("\n")]
    return lines


# -------------------------------------------------------------------------------- markdown
def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def markdown(r: dict[str, Any], heading: str = "##") -> str:
    lines = [f"{heading} {_md(_versions(r))}", "", _scope(r), ""]
    lines += [f"{heading}# Structural changes", ""]
    if not r["structure"]:
        lines.append("None.")
    for s in r["structure"]:
        where = s["citation"] or s["old_citation"]
        if s["change"] == "moved":
            where = f"{s['old_citation']} → {s['citation']}"
        title = f" “{s['title']}”" if s["title"] else ""
        line = f"- **{s['change']}** {where}{title}"
        if s["change"] in ("changed", "moved") and s["words"]:
            parts = []
            for op, t in _words(s["words"]):
                parts.append({"-": f"~~{t}~~", "+": f"**{t}**"}.get(op, t))
            line += ": " + " ".join(parts)
        lines.append(_md(line))
    for key, word in (("decisions_only_in_old", "removed"), ("decisions_only_in_new", "added")):
        for name in r[key]:
            lines.append(f"- decision **{word}**: the {name}")
    for d in r["decisions"]:
        exact = d["measure"]["method"] == "exact"
        lines += ["", f"{heading}# The {d['name']}", "", f"Shares: {d['measure']['how']}.", ""]
        if d["identical"]:
            lines += [f"**No change in outcome**: {d['proof']}.", ""]
        pop = any("population" in t for t in d["transitions"])
        lines.append("| old → new | share of cases |" + (" rows |" if pop else ""))
        lines.append("|---|---|" + ("---|" if pop else ""))
        for t in d["transitions"]:
            cell = f"{t['old']} → {t['new']}"
            cell = f"**{cell}**" if t["changed"] else cell
            row = f"| {_md(cell)} | {share_text(t['share'], exact)} |"
            if pop:
                row += f" {t.get('population', {}).get('count', 0)} |"
            lines.append(row)
        for t in d["transitions"]:
            if not t["changed"]:
                continue
            lines += ["", f"**{_md(t['old'])} → {_md(t['new'])}** "
                      f"({share_text(t['share'], exact)}), exactly the cases where:"]
            if not t.get("complete", True):
                lines.append(f"(the first {len(t['regions'])} regions only)")
            for g in t["regions"]:
                lines.append(f"- {_md('; and '.join(g['conditions']))} "
                             f"({share_text(g['share'], exact)})")
                lines.append("  <details><summary>witness</summary>\n\n  ```\n  "
                             + "\n  ".join(g["witness"]["given"]) + "\n  ```\n  </details>")
            if "population" in t and t["population"]["examples"]:
                lines.append(f"- rows: {', '.join(map(str, t['population']['examples']))}")
        lines += ["", "| outcome | old | new |" + (" rows old → new |" if pop else ""),
                  "|---|---|---|" + ("---|" if pop else "")]
        for cv in d["coverage"]:
            row = (f"| {_md(cv['outcome'])} | {share_text(cv['old'], exact)} | "
                   f"{share_text(cv['new'], exact)} |")
            if pop:
                row += f" {cv.get('population_old', 0)} → {cv.get('population_new', 0)} |"
            lines.append(row)
    for line in _case_text(r):
        lines.append(line)
    if "population" in r:
        p = r["population"]
        lines += ["", f"Population: `{p['file']}`, {p['rows']} rows"
                  + (" (synthetic records, not real people)" if p["synthetic"] else "") + "."]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ json
def to_json(r: Any) -> str:
    return json.dumps(r, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# ------------------------------------------------------------------------------------ html
_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;
color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;
padding:.3em .6em;text-align:left}del{color:#a00}ins{color:#070;text-decoration:none;
font-weight:bold}.changed{background:#fff5d6}pre{background:#f6f6f6;padding:.5em}
.note{color:#555}"""


def _bar_chart(series: Sequence[tuple[str, list[tuple[str, float]]]]) -> str:
    """An inline SVG: one stacked bar per version, each outcome a colour."""
    colours = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948"]
    outcomes: list[str] = []
    for _, parts in series:
        for o, _ in parts:
            if o not in outcomes:
                outcomes.append(o)
    width, bar, gap, left = 560, 22, 10, 190
    height = len(series) * (bar + gap) + 20 + 18 * len(outcomes)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + left}" height="{height}" '
           'role="img" aria-label="coverage by version">']
    for k, (label, parts) in enumerate(series):
        y = k * (bar + gap)
        out.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(label[:30])}</text>')
        x = float(left)
        for o, v in parts:
            w = v * width
            colour = colours[outcomes.index(o) % len(colours)]
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                       f'fill="{colour}"><title>{html.escape(o)}: {_pct(v)}</title></rect>')
            x += w
    y0 = len(series) * (bar + gap) + 10
    for k, o in enumerate(outcomes):
        colour = colours[k % len(colours)]
        out.append(f'<rect x="{left}" y="{y0 + 18 * k}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{left + 18}" y="{y0 + 18 * k + 11}" font-size="12">'
                   f'{html.escape(o)}</text>')
    out.append("</svg>")
    return "".join(out)


def _coverage_series(r: dict[str, Any]) -> list[tuple[str, list[tuple[str, float]]]]:
    series = []
    for d in r["decisions"]:
        for side in ("old", "new"):
            parts = [(cv["outcome"], cv[side]["value"]) for cv in d["coverage"] if cv[side]]
            series.append((f"{r[side]['title']} ({d['name']})", parts))
    return series


def html_section(r: dict[str, Any]) -> str:
    e = html.escape
    out = [f"<h2>{e(_versions(r))}</h2>", f"<p class=note>{e(_scope(r))}</p>",
           "<h3>Structural changes</h3><ul>"]
    for s in r["structure"]:
        where = s["citation"] or s["old_citation"]
        if s["change"] == "moved":
            where = f"{s['old_citation']} → {s['citation']}"
        words = ""
        if s["change"] in ("changed", "moved") and s["words"]:
            words = ": " + " ".join({"-": f"<del>{e(t)}</del>", "+": f"<ins>{e(t)}</ins>"}
                                    .get(op, e(t)) for op, t in _words(s["words"]))
        out.append(f"<li><b>{e(s['change'])}</b> {e(where)} {e(s['title'] or '')}{words}</li>")
    out.append("</ul>")
    out.append("<h3>Coverage by version</h3>" + _bar_chart(_coverage_series(r)))
    for d in r["decisions"]:
        exact = d["measure"]["method"] == "exact"
        out.append(f"<h3>The {e(d['name'])}</h3><p class=note>Shares: {e(d['measure']['how'])}"
                   "</p>")
        if d["identical"]:
            out.append(f"<p><b>No change in outcome</b>: {e(d['proof'])}.</p>")
        out.append("<table><tr><th>old → new</th><th>share</th><th>rows</th></tr>")
        for t in d["transitions"]:
            cls = " class=changed" if t["changed"] else ""
            out.append(f"<tr{cls}><td>{e(t['old'])} → {e(t['new'])}</td>"
                       f"<td>{e(share_text(t['share'], exact))}</td>"
                       f"<td>{t.get('population', {}).get('count', '')}</td></tr>")
        out.append("</table>")
        for t in d["transitions"]:
            if not t["changed"]:
                continue
            out.append(f"<h4>{e(t['old'])} → {e(t['new'])}</h4><ol>")
            for g in t["regions"]:
                out.append("<li>" + "<br>and ".join(e(x) for x in g["conditions"])
                           + f" <i>({e(share_text(g['share'], exact))})</i>"
                           "<details><summary>witness</summary><pre>"
                           + e("\n".join(g["witness"]["given"])) + "</pre></details></li>")
            out.append("</ol>")
        out.append("<table><tr><th>outcome</th><th>old</th><th>new</th></tr>")
        for cv in d["coverage"]:
            out.append(f"<tr><td>{e(cv['outcome'])}</td><td>{e(share_text(cv['old'], exact))}"
                       f"</td><td>{e(share_text(cv['new'], exact))}</td></tr>")
        out.append("</table>")
    if "case" in r:
        out.append("<pre>" + e("\n".join(_case_text(r))) + "</pre>")
    return "\n".join(out)


def html_page(results: Sequence[dict[str, Any]], title: str) -> str:
    body = "\n".join(html_section(r) for r in results)
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
            f"</title><style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>\n{body}\n"
            "</body></html>\n")


def render(r: dict[str, Any], fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return to_json(r)
    if fmt == "markdown":
        return markdown(r)
    if fmt == "html":
        return html_page([r], f"lawc diff: {r['old']['title']} → {r['new']['title']}")
    return text(r, color)
