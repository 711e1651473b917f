"""Reading cases for the command line, and failing on them in a user's words.

Takes a path (`-` for standard input) or a CSV row; gives the JSON-like facts of a case (CSV
columns are fact paths such as `person.date_of_birth`, lists as JSON cells or indexed columns
`person.convictions.0.class`), or exits 1 with `file:line:column` and what is wrong. Shared by
`lawc evaluate`, `lawc explain` and `lawc diff --population`.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click

from compiler.core import ast as c
from compiler.core import names


def fail(message: str) -> NoReturn:
    """Exit 1 with an error the user can act on (never a traceback)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def load_json(source: str, option: str = "--facts") -> object:
    """The JSON in a file, or in standard input for `-`."""
    try:
        if source == "-":
            return json.load(sys.stdin)
        with open(source, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise click.BadParameter(f"cannot read {source}: {exc.strerror}",
                                 param_hint=option) from None
    except json.JSONDecodeError as exc:
        fail(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}")
    except UnicodeDecodeError:
        fail(f"{source}: not UTF-8 text")


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
        except json.JSONDecodeError:
            return text
    return text


def row_to_facts(row: dict[str, str], types: dict[str, c.Type]) -> dict[str, object]:
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
