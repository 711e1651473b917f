"""`lawc fmt [PATHS] [--check] [--diff]`: lay `.law` files out canonically, keeping every word.

Takes paths to `.law` files or folders (default: statutes/); gives each file in the canonical
layout of `driver.canonical` (`compiler/surface/format.py`; docs/language.md, "Layout"): only
indentation, blanks, the column of comments and blank lines change; comments, quoted law text
and the spelling of every literal are kept byte for byte, and the new text must parse to the
same tree before it is written. Files are read as `lawc check` reads them (inside the statutes
root, regular files only). A file that does not parse (or is not UTF-8) is reported as
`error: file:line:col: …`, left exactly as it is, is not counted as checked, and makes the
exit status 1. Files are
replaced atomically (`driver.write_atomically`: a temporary file beside it, then a rename), so
an interrupted run leaves the old file or the new, never half of one; a file that cannot be
written is exit 1 with its path and the reason.

`--check` writes nothing: each file that would change is listed on stdout as
`would reformat <path>`, and the exit status is 1 if any would (or any could not be read).
`--diff` writes nothing and prints a unified diff of each file that would change (exit 1 if
any). Either way a summary on stderr says how many files were checked.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from compiler import driver
from compiler.cli.common import plural, statute_files
from compiler.diagnostics import DiagnosticError


def _formatted(workspace: driver.Workspace, path: Path) -> tuple[str, str] | None:
    """The file's text and its canonical layout, or None (said on stderr) when it cannot be
    read or parsed, or when its layout could not be changed without changing it."""
    try:
        text = workspace.read_text(path, str(path))
        return text, driver.canonical(text, str(path))
    except DiagnosticError as exc:
        first = exc.diagnostics[0]
        click.echo(f"error: {first.span}: {first.message}; left as it is", err=True)
    except driver.LayoutError as exc:
        click.echo(f"error: {path}: {exc}; left as it is", err=True)
    return None


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; list the files that would change and exit 1 if any.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Write nothing; print a unified diff of each file that would change and "
                   "exit 1 if any.")
def fmt(paths: tuple[str, ...], check_only: bool, show_diff: bool) -> None:
    """Lay .law files out canonically (comments and the spelling of every word kept).

    \b
    Example:
      lawc fmt --check statutes/
    """
    workspace = driver.Workspace()
    files = statute_files(paths)
    changed = unread = unwritten = 0
    for path in files:
        result = _formatted(workspace, path)
        if result is None:
            unread += 1
            continue
        text, new = result
        if new == text:
            continue
        changed += 1
        if show_diff:
            click.echo("".join(difflib.unified_diff(
                text.splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile=f"{path} (as written)", tofile=f"{path} (formatted)")), nl=False)
        if check_only:
            click.echo(f"would reformat {path}")
        if check_only or show_diff:
            continue
        try:
            driver.write_atomically(path, new)
        except driver.WriteError as exc:
            click.echo(f"error: {exc}; left as it is", err=True)
            unwritten += 1
            continue
        click.echo(f"reformatted {path}", err=True)
    dry = check_only or show_diff
    done = "would be reformatted" if dry else "reformatted"
    summary = f"{plural(len(files) - unread, 'file')} checked: {changed - unwritten} {done}"
    if unread:  # never counted as checked: a file not read or not parsed was not looked at
        summary += f", {plural(unread, 'file')} not checked (errors above)"
    if unwritten:
        summary += f", {unwritten} not written (errors above)"
    click.echo(summary, err=True)
    sys.exit(1 if unread or unwritten or (dry and changed) else 0)
