"""`lawc serve [STATUTES...] [--host H] [--port P]`: the laws as an HTTP service.

Takes statute paths (default: statutes/; files or folders, as `lawc compile` takes them) and
gives the service of `compiler/serve.py` (Starlette, run by uvicorn; the `serve` extra) over
the laws among them, until interrupted. Exit codes: 0, 1 (a statute with errors: nothing is
served), 2 (usage, or the `serve` extra not installed).
"""

from __future__ import annotations

import sys

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statutes


@click.command(name="serve")
@click.argument("paths", nargs=-1)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on.")
def serve(paths: tuple[str, ...], host: str, port: int) -> None:
    """Serve the decisions of the laws over HTTP (GET /docs lists the endpoints).

    \b
    Example:
      lawc serve statutes/nyc --port 8080
    """
    workspace = driver.Workspace()
    reporter = Reporter("human", workspace.sources)
    programs = []
    failed = False
    for _, program in checked_statutes(workspace, paths, reporter):
        if program is None:
            failed = True
        elif driver.is_law(program):
            programs.append(program)
    reporter.finish()
    if failed:
        click.echo("nothing served: fix the statutes above first", err=True)
        sys.exit(1)
    if not programs:
        raise click.UsageError("no law among the statutes named")
    try:
        driver.serve(programs, host, port)
    except driver.MissingExtra as exc:
        click.echo(f"error: lawc serve needs starlette and uvicorn ({exc} is not installed): "
                   "pip install 'lawc[serve]'", err=True)
        sys.exit(2)


__all__ = ["serve"]
