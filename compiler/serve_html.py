"""The HTML pages of the service (`compiler/serve.py`): an explanation, and the page of routes.

Takes explanations as `Explanation.to_dict()` gives them (the runtime's explanation model) and
gives a whole HTML5 document: a heading per decision with its outcome, the question, the
provision that decided it (its citation in `<cite>`, the conditions that held as a list, the
law's words in a `<blockquote>`), the facts relied on (`<dl>`, each with its path in the facts),
the rules an exception overrode and the provisions that did not apply with the condition that
failed. Every value is escaped (`html.escape`, quotes too), so no text of a law or a case can
open a tag or end an attribute; the page has no script and loads nothing from the network.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from compiler.runtime_explain import because

_STYLE = ("body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;"
          "line-height:1.5;color:#222}blockquote{border-left:3px solid #999;margin:.5em 0;"
          "padding:0 1em;color:#444}cite{font-style:normal;font-weight:bold}"
          "dl.facts dt{float:left;clear:left;width:55%}dl.facts dd{margin-left:57%}"
          ".failed{color:#555}td,th{padding:.2em .6em;text-align:left}")


def esc(text: object) -> str:
    """Text as HTML: `<`, `>`, `&` and both quotes escaped."""
    return html.escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    """A whole HTML document with the title as its first heading; `body` is HTML already."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{esc(title)}</h1>\n{body}</main>\n</body>\n</html>\n")


def explanations_page(statute: str, explanations: Sequence[Mapping[str, Any]]) -> str:
    """The page of one law's explanations, one section per decision."""
    return page(f"Explanation: {statute}", "".join(explanation(e) for e in explanations))


def explanation(e: Mapping[str, Any]) -> str:
    """One decision's explanation as a `<section>`."""
    out = [f'<section class="explanation" data-decision="{esc(e["decision"])}">',
           f'<h2>The {esc(e["decision"])} is <span class="outcome">{esc(e["outcome"])}</span>'
           "</h2>"]
    if e["question"]:
        out.append(f'<p class="question"><em>{esc(e["question"])}</em></p>')
    for rule in e["decided_by"]:
        out.append(_decided_by(rule))
    if e["by_default"]:
        out.append(f'<p class="by-default">No provision applies, so the {esc(e["decision"])} '
                   f'is <strong>{esc(e["outcome"])}</strong>'
                   f'{"" if e["default"] is None else " by default"}.</p>')
    if e["facts"]:
        out.append("<h3>Facts relied on</h3>")
        out.append('<dl class="facts">' + "".join(
            f'<dt>{esc(f["name"])}</dt><dd><strong>{esc(f["value"])}</strong> '
            f'<code>{esc(f["path"])}</code></dd>' for f in e["facts"]) + "</dl>")
    if e["overridden"]:
        out.append("<h3>Overridden by an exception</h3>")
        out.append('<ul class="overridden">' + "".join(
            f"<li>{_provision(r)} would make it {esc(r['value'])}, because "
            f"{_because(r)}; but {esc(', '.join(r['overridden_by']))} prevails.</li>"
            for r in e["overridden"]) + "</ul>")
    if e["not_applied"]:
        out.append("<h3>Provisions considered that did not apply</h3>")
        out.append('<ul class="failed">' + "".join(
            f"<li>{_provision(r)} would make it {esc(r['value'])}, but {_because(r)}.</li>"
            for r in e["not_applied"]) + "</ul>")
    out.append("</section>")
    return "\n".join(out) + "\n"


def _decided_by(rule: Mapping[str, Any]) -> str:
    exception = (f" (an exception to {esc(', '.join(rule['exception_to']))})"
                 if rule["exception_to"] else "")
    out = ['<section class="decided-by">',
           f"<h3>Decided by {_provision(rule)}{exception}</h3>"]
    reasons = list(rule["reasons"])
    if reasons:
        out.append("<p>because:</p>")
        out.append(_list(reasons, "reasons"))
    else:
        out.append("<p>It always applies.</p>")
    if rule["quote"]:
        out.append('<blockquote class="law">' + "<br>\n".join(esc(line) for line in
                                                            rule["quote"]) + "</blockquote>")
    out.append("</section>")
    return "\n".join(out)


def _provision(rule: Mapping[str, Any]) -> str:
    title = f' &ldquo;{esc(rule["title"])}&rdquo;' if rule["title"] else ""
    return f"<cite>{esc(rule['citation'])}</cite>{title}"


def _because(rule: Mapping[str, Any]) -> str:
    return esc(because(rule))  # the runtime's words, escaped


def _list(items: Iterable[str], cls: str) -> str:
    return f'<ul class="{cls}">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


__all__ = ["esc", "explanation", "explanations_page", "page"]
