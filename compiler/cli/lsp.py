"""`lawc lsp`: start the language server (`compiler.lsp`) on standard input and output.

Takes nothing; gives the server, or, when pygls (the `lsp` extra) is not installed, a one-line
error saying how to install it, and exit code 2.
"""

from __future__ import annotations

import sys

import click

from compiler import driver


@click.command(name="lsp")
def lsp() -> None:
    """Run the language server for editors, on standard input and output.

    \b
    Example (an editor runs it, for files *.law):
      lawc lsp
    in Neovim: vim.lsp.start({name = "lawc", cmd = {"lawc", "lsp"}})
    """
    try:
        driver.language_server()
    except driver.MissingExtra as exc:
        click.echo(f"error: lawc lsp needs pygls ({exc} is not installed): "
                   "pip install 'lawc[lsp]'", err=True)
        sys.exit(2)
