"""The HTML pages of `lawc test --coverage-html DIR`.

Takes `LawCoverage`s (`driver/coverage.py`); gives the pages' text by file name: one page per
law (its file's text, each line coloured by what its examples exercise, through
`templates/coverage/page.html.j2`, autoescaped) and `index.html` linking them. The law's words
are highlighted by lawc's Pygments lexer (`compiler/highlight.py`) when Pygments (the `editor`
extra) is installed, and shown as plain escaped text otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from compiler.reports.environment import environment

if TYPE_CHECKING:
    from compiler.driver.coverage import LawCoverage


def page_name(statute: str) -> str:
    """`nyc/local_law_62_2011` → `nyc__local_law_62_2011.html`."""
    return statute.replace("/", "__") + ".html"


def highlighted(lines: Sequence[str]) -> tuple[list[Markup], str]:
    """The lines as HTML (escaped; highlighted by the `law` lexer when Pygments is installed),
    and the style rules of the highlighting (empty without it)."""
    try:
        from compiler import highlight
    except ImportError:  # no Pygments: plain text
        return [escape(line) for line in lines], ""
    marked = highlight.html_lines("\n".join(lines) + "\n")
    assert len(marked) == len(lines), "the lexer gives one line of HTML a line of text"
    return [Markup(line) for line in marked], highlight.css(".source")


def coverage_pages(coverages: Sequence[LawCoverage]) -> dict[str, str]:
    from compiler.driver.coverage import program_lines

    env = environment("coverage")
    page = env.get_template("page.html.j2")
    out: dict[str, str] = {}
    style = ""
    for cov in coverages:
        marks = cov.lines()
        text = program_lines(cov.program)
        if text and not text[-1]:
            text.pop()
        html, style = highlighted(text)
        lines = [{"number": i, "text": markup, "status": marks.get(i, "")}
                 for i, markup in enumerate(html, start=1)]
        out[page_name(cov.program.path)] = page.render(
            statute=cov.program.path, title=cov.program.title, percent=f"{cov.percent:.0f}",
            examples=len(cov.program.examples),
            counts=[(k, d, t) for k, (d, t) in cov.counts().items()],
            missing=[row.strip() for row in cov.table()[4:]], lines=lines,
            style=Markup(style))
    out["index.html"] = env.get_template("index.html.j2").render(laws=[
        {"statute": cov.program.path, "page": page_name(cov.program.path),
         "percent": f"{cov.percent:.0f}", "examples": len(cov.program.examples)}
        for cov in coverages])
    return out
