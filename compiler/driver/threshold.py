"""A condition a user writes on the command line (`lawc explain --until "the minimum penalty is
at least $5,000"`), read with the language's own parser, resolver and type checker in the
context of one law, so that its mistakes are the language's diagnostics pointing at the user's
words (file `--until`, line 1, the column in the option's text, with a caret).

How: the law's text is read with one more decision and rule appended (`the … if WORDS`), and
the rule's condition is the answer; a diagnostic on that line is moved onto the option's text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from compiler.core import ast as c
from compiler.diagnostics import Diagnostic, DiagnosticError, error
from compiler.driver.files import Source, Workspace, real_path
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.parse import parse

OPTION = "--until"
ASKED = "condition asked on the command line"  # the appended decision's name


def _moved(d: Diagnostic, line: int, offset: int, length: int) -> Diagnostic:
    """A diagnostic on the appended rule's line, moved onto the option's words."""
    span = d.span
    if span.line != line:
        return dataclasses.replace(d, span=Span(OPTION, 1, 1, 1, length + 1), context=None)
    start = max(1, span.column - offset)
    end = max(start + 1, min(length + 1, span.end_column - offset)) if span.end_line == line \
        else length + 1
    return dataclasses.replace(d, span=Span(OPTION, 1, start, 1, end), labels=(), context=None)


def until_condition(workspace: Workspace, file: Path, words: str) -> c.Expr:
    """The yes/no condition `words` means in the law of `file`. Raises `DiagnosticError`
    (spans in `--until`, its text in `workspace.sources`) for words that do not check."""
    from compiler.driver import load_program

    workspace.sources[OPTION] = words
    if "\n" in words or not words.strip():
        raise DiagnosticError([error("syntax", "the condition is one line of the law's words",
                                     Span(OPTION, 1, 1, 1, len(words) + 1),
                                     hint='e.g. --until "the minimum penalty is at least '
                                          '$5,000"')])
    source = workspace.read(file)
    if source.tree.header.kind is s.FileKind.EXAMPLES:
        target = workspace.find_use(file, source.tree.header.title)
        if target is not None:
            file, source = target, workspace.read(target)
    prefix = f"  the {ASKED} if "
    text = source.text.rstrip("\n") + (f"\n\ndecision the {ASKED}: yes or no\n\n"
                                       f'§ 0.until "Asked"\n{prefix}{words}\n')
    line = text.count("\n")
    try:
        tree = parse(text, source.file)
        workspace.cache[real_path(file)] = Source(source.file, text, tree)
        program = load_program(workspace, file)
    except DiagnosticError as exc:
        raise DiagnosticError([_moved(d, line, len(prefix), len(words))
                               for d in exc.diagnostics]) from None
    finally:
        workspace.cache[real_path(file)] = source
    return program.decisions[ASKED].rules[0].condition


def decisions_read(e: c.Expr) -> list[str]:
    """The decisions a condition names, in order."""
    return list(dict.fromkeys(n.name for n in c.walk(e) if isinstance(n, c.DecisionRef)))


__all__ = ["OPTION", "decisions_read", "until_condition"]
