"""The error corpus: small bad `.law` files under tests/errors/, each with the diagnostics it must
produce written beside the line they point at (`-- error: [code]`, as mypy's `# E:`).

Each file must give exactly those codes on exactly those lines, through lawc's driver, and never
an internal error; its human rendering is compared with tests/goldens/errors/<name>.txt (run
pytest with `--update-goldens` to rewrite them, then read the diff).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler import driver
from compiler.diagnostics import CODES, DiagnosticError, Severity, SourceCache, render_human

ROOT = Path(__file__).resolve().parents[1]
ERRORS = ROOT / "tests" / "errors"
GOLDENS = ROOT / "tests" / "goldens" / "errors"
CASES = sorted(ERRORS.glob("*.law"))
EXPECTED = re.compile(r"--\s*error:\s*((?:\[[a-z-]+\]\s*)+)")


def expected_diagnostics(text: str) -> list[tuple[int, str]]:
    """(line, code) for every `-- error: [code]` comment, in file order."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECTED.search(line)
        if match:
            out.extend((number, code) for code in re.findall(r"\[([a-z-]+)\]", match.group(1)))
    return out


def diagnose(path: Path) -> tuple[list[tuple[int, str]], str]:
    """The errors lawc reports for one file, as (line, code) pairs and in human form."""
    relative = path.relative_to(ROOT).as_posix()
    workspace = driver.Workspace()
    try:
        driver.load_program(workspace, Path(relative))
    except DiagnosticError as exc:
        diagnostics = [d for d in exc.diagnostics if d.severity is Severity.ERROR]
    else:
        diagnostics = []
    cache = SourceCache(workspace.sources)
    rendered = "\n\n".join(render_human(d, cache) for d in diagnostics) + "\n"
    found = sorted((d.span.line, d.code) for d in diagnostics)
    return found, rendered


@pytest.fixture(autouse=True)
def _from_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 16


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_expected_codes_on_expected_lines(path: Path) -> None:
    expected = sorted(expected_diagnostics(path.read_text(encoding="utf-8")))
    assert expected, f"{path.name} says no error it expects"
    assert all(code in CODES for _, code in expected), "the file expects an undocumented code"
    found, rendered = diagnose(path)  # any exception but DiagnosticError fails the test
    assert found == expected, rendered


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_human_rendering(golden: Callable[[str, str], None], path: Path) -> None:
    _, rendered = diagnose(path)
    golden(f"errors/{path.stem}.txt", rendered)


@pytest.mark.parametrize("blank", ["\x0c", "\x0b", "\x1c", "\u2028", "\u00a0"])
def test_an_invisible_character_where_a_word_should_be(blank: str) -> None:
    """A character Python counts as white space but the grammar does not (found by fuzzing:
    a form feed after a citation) is a syntax error at its place, not an internal error."""
    from compiler.surface.parse import parse

    text = ('examples for "x"\n\nexample "e"\n  under § 1' + blank + '\n  given:\n'
            '    the flag is yes\n  expect:\n    the d is yes\n')
    with pytest.raises(DiagnosticError) as caught:
        parse(text, "x.law")
    assert caught.value.diagnostics[0].code == "syntax"
    assert caught.value.diagnostics[0].span.line == 4
