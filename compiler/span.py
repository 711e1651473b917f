"""Source positions: where in which file a piece of a law was written.

Takes nothing; gives `Span`, the position every AST node and diagnostic carries. Lines and
columns count from 1; `end_column` is the column just past the last character.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NO_SPAN = Span("<none>", 0, 0, 0, 0)
