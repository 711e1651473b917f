"""The documentation is checked like code.

Every ```law block of docs/language.md must parse: a block marked `law` is a complete file and
must also check clean with lawc's driver and pass its own examples; a block marked `law items`,
`law provision` or `law condition` is a fragment that is wrapped in a file first. The table of
docs/diagnostics.md must list exactly the stable codes of `compiler.diagnostics.CODES`.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from compiler import driver
from compiler.diagnostics import CODES, DiagnosticError
from compiler.surface import ast as s
from compiler.surface.parse import parse

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE = ROOT / "docs" / "language.md"
DIAGNOSTICS = ROOT / "docs" / "diagnostics.md"
STATUTES = ROOT / "statutes"

FENCE = re.compile(r"^```law(?:[ \t]+(\w+))?[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
KINDS = ("file", "items", "provision", "condition")

# The facts the fragments read: the tour's vocabulary, and a decision of each kind.
_FRAGMENT_HEAD = """law "Fragment"
  uses: examples/tour_vocabulary

decision the hardship finding: yes or no
decision the relief: one of full waiver, partial waiver, denied
"""


def law_blocks(markdown: str) -> list[tuple[int, str, str]]:
    """(line, kind, text) of every ```law block; `kind` is `file` for an unmarked block."""
    blocks = []
    for match in FENCE.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        blocks.append((line, match.group(1) or "file", match.group(2)))
    return blocks


def wrap(kind: str, text: str) -> str:
    """A fragment as a whole file that parses if the fragment does."""
    if kind == "file":
        return text
    if kind == "items":
        if text.lstrip().startswith("examples for"):
            return text
        return _FRAGMENT_HEAD + "\n" + text
    if kind == "provision":
        return _FRAGMENT_HEAD + "\n§ 1\n" + textwrap.indent(textwrap.dedent(text), "  ")
    assert kind == "condition", kind
    condition = textwrap.dedent(text)
    return (_FRAGMENT_HEAD + "\n§ 1\n  the hardship finding if "
            + textwrap.indent(condition, "  ").lstrip())


BLOCKS = law_blocks(LANGUAGE.read_text(encoding="utf-8"))


def test_the_reference_has_examples_of_every_kind() -> None:
    assert {kind for _, kind, _ in BLOCKS} == set(KINDS)


@pytest.mark.parametrize("line,kind,text", BLOCKS, ids=[f"line-{b[0]}-{b[1]}" for b in BLOCKS])
def test_every_law_block_parses(line: int, kind: str, text: str) -> None:
    assert kind in KINDS, f"docs/language.md:{line}: unknown block kind {kind!r}"
    source = wrap(kind, text)
    try:
        parse(source, f"docs/language.md:{line}")
    except DiagnosticError as exc:
        pytest.fail(f"docs/language.md:{line}: the ```law {kind} block does not parse:\n"
                    + "\n".join(f"  {d.span.line}:{d.span.column}: {d.message} [{d.code}]"
                                for d in exc.diagnostics) + "\n" + source)


COMPLETE = [b for b in BLOCKS if b[1] == "file"]


@pytest.mark.parametrize("line,kind,text", COMPLETE, ids=[f"line-{b[0]}" for b in COMPLETE])
def test_complete_files_check_clean(tmp_path: Path, line: int, kind: str, text: str) -> None:
    file = tmp_path / f"block_{line}.law"
    file.write_text(text, encoding="utf-8")
    tree = parse(text, str(file))
    if tree.header.kind is s.FileKind.EXAMPLES:
        return
    try:
        program = driver.load_program(driver.Workspace(STATUTES), file)
    except DiagnosticError as exc:
        pytest.fail(f"docs/language.md:{line}: the file does not check:\n"
                    + "\n".join(f"  {d.span.line}:{d.span.column}: {d.message} [{d.code}]"
                                for d in exc.diagnostics))
    failed = [d.message for r in driver.run_examples(program) for d in r.diagnostics]
    assert not failed, f"docs/language.md:{line}: " + "; ".join(failed)


def test_the_reserved_words_are_the_grammars() -> None:
    from compiler.surface.syntax_errors import RESERVED

    markdown = LANGUAGE.read_text(encoding="utf-8")
    listed = re.search(r"\*\*Reserved words\*\*.*?\n```\n(.*?)```", markdown, re.DOTALL)
    assert listed, "docs/language.md lists no reserved words"
    assert set(listed.group(1).split()) == set(RESERVED)


def documented_codes(markdown: str) -> list[str]:
    """The codes in the first column of the table of codes (rows like `| `syntax` | …`)."""
    return re.findall(r"^\|\s*`([a-z-]+)`\s*\|", markdown, re.MULTILINE)


def test_the_codes_documented_are_the_codes() -> None:
    codes = documented_codes(DIAGNOSTICS.read_text(encoding="utf-8"))
    assert len(codes) == len(set(codes)), "a code is documented twice"
    assert set(codes) == set(CODES)
