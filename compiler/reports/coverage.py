"""The HTML pages of `lawc test --coverage-html DIR`.

Takes `LawCoverage`s (`driver/coverage.py`); gives the pages' text by file name: one page per
law (its file's text, each line coloured by what its examples exercise, through
`templates/coverage/page.html.j2`, autoescaped) and `index.html` linking them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from compiler.reports.environment import environment

if TYPE_CHECKING:
    from compiler.driver.coverage import LawCoverage


def page_name(statute: str) -> str:
    """`nyc/local_law_62_2011` → `nyc__local_law_62_2011.html`."""
    return statute.replace("/", "__") + ".html"


def coverage_pages(coverages: Sequence[LawCoverage]) -> dict[str, str]:
    from compiler.driver.coverage import program_lines

    env = environment("coverage")
    page = env.get_template("page.html.j2")
    out: dict[str, str] = {}
    for cov in coverages:
        marks = cov.lines()
        lines = [{"number": i, "text": text, "status": marks.get(i, "")}
                 for i, text in enumerate(program_lines(cov.program), start=1)]
        if lines and not lines[-1]["text"]:
            lines.pop()
        out[page_name(cov.program.path)] = page.render(
            statute=cov.program.path, title=cov.program.title, percent=f"{cov.percent:.0f}",
            examples=len(cov.program.examples),
            counts=[(k, d, t) for k, (d, t) in cov.counts().items()],
            missing=[row.strip() for row in cov.table()[4:]], lines=lines)
    out["index.html"] = env.get_template("index.html.j2").render(laws=[
        {"statute": cov.program.path, "page": page_name(cov.program.path),
         "percent": f"{cov.percent:.0f}", "examples": len(cov.program.examples)}
        for cov in coverages])
    return out
