"""`lawc fmt [PATHS] [--check]`: rewrite `.law` files in the canonical layout, never losing a word.

Takes paths to `.law` files or folders (default: statutes/); gives each file rewritten by
`compiler.surface.print` when that cannot lose content: the file must parse, hold no comment
(comments are not part of the tree), and its canonical text must parse back to an equal tree.
A file with comments, or one that does not parse, is left exactly as it is (and said so). Files
are replaced atomically (`driver.write_atomically`: a temporary file beside it, then a rename),
so an interrupted run leaves the old file or the new, never half of one. With `--check`, nothing
is written; each file that would change is listed as `would reformat <path>`, and exit is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compiler import driver
from compiler.diagnostics import DiagnosticError
from compiler.surface import print as surface_print
from compiler.surface.parse import normalize_source, parse


def has_comment(text: str) -> bool:
    """Whether the text may hold a `--` comment. Deliberately cautious: a `--` inside quotes
    or a quoted line counts too, since keeping a file as it is never loses anything."""
    return "--" in text


def canonical(text: str, file: str) -> str | None:
    """The canonical layout of a file, or None when it cannot be given without a loss."""
    text = normalize_source(text)
    if has_comment(text):
        return None
    tree = parse(text, file)
    printed = surface_print.file(tree)
    if parse(printed, file) != tree:
        return None
    return printed


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; list the files that would change and exit 1 if any.")
def fmt(paths: tuple[str, ...], check_only: bool) -> None:
    """Rewrite .law files in the canonical layout (files with comments are left as they are)."""
    files = driver.find_statutes(paths or [driver.STATUTES])
    if not files:
        raise click.UsageError(f"no .law files in {', '.join(paths or [driver.STATUTES])}")
    changed = skipped = broken = 0
    for path in files:
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            click.echo(f"error: cannot read {path} as UTF-8 text: {exc}", err=True)
            broken += 1
            continue
        try:
            new = canonical(text, str(path))
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
        else:
            driver.write_atomically(path, new)
            click.echo(f"reformatted {path}", err=True)
    if check_only:
        sys.exit(1 if changed or broken else 0)
    word = "file" if changed == 1 else "files"
    click.echo(f"{changed} {word} reformatted, {skipped} with comments left as they are",
               err=True)
    sys.exit(1 if broken else 0)
