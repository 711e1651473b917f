"""`lawc lsp`: start the language server (`compiler.lsp`) on standard input and output.

Takes nothing; gives the server, or, when pygls (the `lsp` extra) is not installed, a one-line
error saying how to install it, and exit code 2.
"""

from __future__ import annotations

import sys

import click


@click.command(name="lsp")
def lsp() -> None:
    """Run the language server for editors, on standard input and output."""
    try:
        from compiler.lsp import server
    except ImportError as exc:
        click.echo(f"error: lawc lsp needs pygls ({exc.name} is not installed): "
                   "pip install 'lawc[lsp]'", err=True)
        sys.exit(2)
    server.start_io()
