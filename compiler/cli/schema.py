"""`lawc schema STATUTE [--decision NAME]`: the JSON Schema of a law's facts and result.

Takes a statute (a `.law` file, or its path under statutes/ without `.law`); prints
`{"facts": …, "result": …}`, two JSON Schemas (draft 2020-12) of what the generated `decide()`
takes and gives (the generated module's `SCHEMA`), the result narrowed to one decision with
`--decision`. Exit codes: 0, 1 (a law with errors), 2 (usage).
"""

from __future__ import annotations

import json

import click

from compiler import driver
from compiler.cli.common import checked_statute, statute_file


@click.command()
@click.argument("statute")
@click.option("--decision", help="Give the result of this decision only.")
def schema(statute: str, decision: str | None) -> None:
    """Print the JSON Schema of the facts STATUTE's decide() takes and of its result.

    \b
    Example:
      lawc schema statutes/nyc/local_law_58_2014.law --decision hold
    """
    program = checked_statute(statute_file(statute))
    if decision is not None and driver.decisions_named(program, decision) is None:
        raise click.BadParameter(f"the law has no decision {decision!r} (it has: "
                                 f"{driver.decision_names(program)})", param_hint="--decision")
    click.echo(json.dumps(driver.schema(program, decision), indent=2, ensure_ascii=False))


__all__ = ["schema"]
