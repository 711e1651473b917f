"""The layout of a decision table's rows: every row's cells padded so that the columns align.

Takes the text of each cell of each row (the printer's, or the formatter's words of a row);
gives the rows as lines, `| cell | cell |` with one blank inside each bar and each column as
wide as its widest cell. `compiler.surface.print` prints a table's rows through `aligned_rows`;
`compiler.surface.format` re-lays the rows of a file through `align_table_lines`, which splits a
line's words at its bars. `table_words` quotes a row, or a cell as the comparison it stands for,
from the file's lines (for coverage and suggested examples, which quote conditions by span).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

BAR = "VBAR"  # the grammar's terminal for `|`


def aligned_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """`| a | b |` lines with the columns aligned (a row shorter than the widest is padded only
    as far as it goes: its cells stay where a drafter put them, and the checker reports it)."""
    widths: list[int] = []
    for row in rows:
        for i, cell in enumerate(row):
            if i == len(widths):
                widths.append(0)
            widths[i] = max(widths[i], len(cell))
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def align_table_lines(lines: Sequence[Any], code: Callable[[list[Any]], str]) -> None:
    """Rewrite, in place, the code of each run of consecutive table rows (lines that start with
    `|`, at one indentation; a comment alone or a blank line ends a run) with aligned columns.
    `code` gives the canonical text of a cell's words."""
    runs: list[list[Any]] = []
    previous: Any = None
    for line in lines:
        row = bool(line.code and line.starts_line and line.words and line.words[0].kind == BAR)
        if row:
            if previous is None or previous.indent != line.indent:
                runs.append([])
            runs[-1].append(line)
        previous = line if row else None
    for run in runs:
        for line, text in zip(run, aligned_rows([_cells(r.words, code) for r in run])):
            line.code = text


def _cells(words: Sequence[Any], code: Callable[[list[Any]], str]) -> list[str]:
    cells: list[list[Any]] = []
    for word in words:
        if word.kind == BAR:
            cells.append([])
        else:
            cells[-1].append(word)
    return [code(cell) for cell in cells[:-1]]  # the last bar opens no cell


def table_words(lines: Sequence[str], span: Any) -> str | None:
    """A decision table's row at `span` (its words, blanks folded), or one of its cells as the
    comparison it stands for (`the borrower's date of birth is on or before 2010-12-31`); None
    when the span is not on one line of a table."""
    if not 0 < span.line <= len(lines) or span.end_line != span.line:
        return None
    row = lines[span.line - 1]
    if not row.lstrip().startswith("|"):
        return None
    words = " ".join(row[span.column - 1:span.end_column - 1].split())
    if row[span.column - 1:span.column] == "|":
        return words
    top = span.line - 1
    while top > 0 and lines[top - 1].lstrip().startswith("|"):
        top -= 1
    header = [cell.strip() for cell in lines[top].split("|")[1:-1]]
    index = row[:span.column - 1].count("|") - 1
    if not 0 <= index < len(header):
        return words
    return f"{header[index]} is {words}"
