"""Reading cases for the command line, and failing on them in a user's words.

Takes a path (`-` for standard input); gives the JSON-like facts of a case, or exits 1 with
`file:line:column` and what is wrong. Shared by `lawc evaluate` and `lawc explain`. CSV rows are
read by `compiler.population` (re-exported here for `lawc evaluate`).
"""

from __future__ import annotations

import json
import sys
from typing import NoReturn

import click

from compiler.population import leaf_types, row_to_facts


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


__all__ = ["fail", "leaf_types", "load_json", "row_to_facts"]
