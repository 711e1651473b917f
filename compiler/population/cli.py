"""`lawc evaluate STATUTE --engine … --input … --output …`: a population decided, counted.

Takes the command's arguments; decides every case with `evaluate_population` and prints the
count of each outcome per decision on standard error (as `lawc evaluate --csv` does); a user's
mistake (a missing file, no statute file) exits 1 with a message, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compiler import driver
from compiler.diagnostics import DiagnosticError


def evaluate_population_command(statute: str, engine: str, input_file: str | None,
                                output_file: str | None) -> None:
    if not input_file or not output_file:
        raise click.UsageError("--engine needs --input FILE and --output FILE")
    source = Path(input_file)
    if not source.is_file():
        raise click.BadParameter(f"cannot read {input_file}", param_hint="--input")
    if source.suffix.lower() not in (".csv", ".parquet") or Path(
            output_file).suffix.lower() not in (".csv", ".parquet"):
        raise click.UsageError("--input and --output must end in .csv or .parquet")
    if not (statute.endswith(".law") and Path(statute).is_file()):
        raise click.BadParameter(f"no statute file {statute!r} (give the .law file)",
                                 param_hint="STATUTE")
    workspace = driver.Workspace()
    try:
        program = driver.load_program(workspace, Path(statute))
    except DiagnosticError as exc:
        for d in exc.diagnostics:
            click.echo(f"{d.span}: {d.message}", err=True)
        sys.exit(1)
    from compiler.population.engines import evaluate_population

    try:
        counts = evaluate_population(program, source, output_file, engine)
    except ImportError as exc:
        click.echo(f"error: the {engine} engine needs `pip install lawc[population]`"
                   f"{' lawc[spark]' if engine == 'spark' else ''} ({exc})", err=True)
        sys.exit(1)
    click.echo(f"wrote {output_file}", err=True)
    for key, values in counts.items():
        shown = ", ".join(f"{v}: {n}" for v, n in values.items())
        click.echo(f"{key}: {shown}", err=True)
