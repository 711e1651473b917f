"""`lawc fmt [PATHS] [--check]`: rewrite `.law` files in the canonical layout, never losing a word.

Takes paths to `.law` files or folders (default: statutes/); gives each file rewritten in the
canonical layout (`driver.canonical`) when that cannot lose content: the file must parse, hold
no comment (comments are not part of the tree), and its canonical text must parse back to an
equal tree. A file with comments, or one that does not parse, is left exactly as it is (and said
so). Files are read as `lawc check` reads them (inside the statutes root, regular files only)
and replaced atomically (`driver.write_atomically`: a temporary file beside it, then a rename),
so an interrupted run leaves the old file or the new, never half of one; a file that cannot be
written is exit 1 with its path and the reason. With `--check`, nothing is written; each file
that would change is listed as `would reformat <path>`, and exit is 1.
"""

from __future__ import annotations

import sys

import click

from compiler import driver
from compiler.cli.common import statute_files
from compiler.diagnostics import DiagnosticError


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; list the files that would change and exit 1 if any.")
def fmt(paths: tuple[str, ...], check_only: bool) -> None:
    """Rewrite .law files in the canonical layout (files with comments are left as they are)."""
    workspace = driver.Workspace()
    changed = skipped = broken = 0
    for path in statute_files(paths):
        try:
            text = workspace.read_text(path, str(path))
            new = driver.canonical(text, str(path))
        except DiagnosticError as exc:
            first = exc.diagnostics[0]
            click.echo(f"error: {first.span}: {first.message}; left as it is", err=True)
            broken += 1
            continue
        if new is None:
            click.echo(f"left as it is (it has comments): {path}", err=True)
            skipped += 1
            continue
        if new == text:
            continue
        changed += 1
        if check_only:
            click.echo(f"would reformat {path}")
            continue
        try:
            driver.write_atomically(path, new)
        except driver.WriteError as exc:
            click.echo(f"error: {exc}; left as it is", err=True)
            broken += 1
            continue
        click.echo(f"reformatted {path}", err=True)
    if check_only:
        sys.exit(1 if changed or broken else 0)
    word = "file" if changed == 1 else "files"
    click.echo(f"{changed} {word} reformatted, {skipped} with comments left as they are",
               err=True)
    sys.exit(1 if broken else 0)
