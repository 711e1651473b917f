"""Populations: a CSV of cases, one a row, read into the JSON-like facts a law decides.

Takes a CSV file (or one row of it) and the `Program` whose facts name the columns; gives the
facts of each row, numbered by its line in the file (the header is line 1). Columns are fact paths
such as `person.date_of_birth`; a list is a JSON cell (`person.convictions`) or indexed columns
(`person.convictions.0.class`). A file that cannot be read raises `PopulationError`, an ordinary
exception whose message names the file; the command line turns it into an error message.
Used by `lawc evaluate --csv` and `lawc diff --population`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from compiler.core import ast as c
from compiler.core import names


class PopulationError(Exception):
    """A population file that cannot be read as a CSV of cases."""


def read_population(path: Path, program: c.Program) -> list[tuple[int, dict[str, object]]]:
    """The rows of a CSV of cases (columns are fact paths; lists as JSON cells), numbered by
    line."""
    types = leaf_types(program)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [(number, row_to_facts(row, types))
                    for number, row in enumerate(csv.DictReader(handle), start=2)]
    except OSError as exc:
        raise PopulationError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PopulationError(f"{path}: not UTF-8 text") from None
    except csv.Error as exc:
        raise PopulationError(f"{path}: not a CSV file: {exc}") from None


def leaf_types(program: c.Program) -> dict[str, c.Type]:
    """Column path (`person.date_of_birth`; in a list, without the index:
    `person.convictions.class`) → type, for reading CSV cells."""
    out: dict[str, c.Type] = {}

    def visit(record: str, prefix: str, depth: int) -> None:
        fields = program.fields_of(record)
        for f in fields.values():
            path = f"{prefix}{names.key(f.name)}"
            out[path] = f.type
            if isinstance(f.type, c.RecordT) and depth < 4:
                visit(f.type.name, path + ".", depth + 1)
            elif isinstance(f.type, c.ListT) and depth < 4:
                visit(f.type.element, path + ".", depth + 1)

    visit("case", "", 0)
    return out


def _cell(value: str, t: c.Type | None) -> object:
    text = value.strip()
    if isinstance(t, c.BoolT):
        lowered = text.lower()
        if lowered in ("yes", "true", "1", "y"):
            return True
        if lowered in ("no", "false", "0", "n"):
            return False
        return text
    if isinstance(t, c.ListT) or (text.startswith(("[", "{")) and not isinstance(t, c.CodeT)):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # not JSON, 4,300+ digits, too deep
            return text
    return text


def row_to_facts(row: dict[str, str], types: dict[str, c.Type]) -> dict[str, object]:
    """One CSV row (column path → cell) as the JSON-like facts of a case."""
    facts: dict[str, object] = {}
    for column, value in row.items():
        if column is None or value is None or value.strip() == "":
            continue
        parts = column.strip().split(".")
        node: Any = facts
        for i, part in enumerate(parts[:-1]):
            nxt = parts[i + 1]
            if part.isdigit():
                index = int(part)
                while len(node) <= index:
                    node.append({})
                node = node[index]
                continue
            node = node.setdefault(part, [] if nxt.isdigit() else {})
        last = parts[-1]
        base = ".".join(p for p in parts if not p.isdigit())
        converted = _cell(value, types.get(base))
        if last.isdigit():
            while len(node) <= int(last):
                node.append({})
            node[int(last)] = converted
        else:
            node[last] = converted
    return facts


__all__ = ["PopulationError", "leaf_types", "read_population", "row_to_facts"]
