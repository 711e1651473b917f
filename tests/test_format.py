"""`lawc fmt` keeps every word and changes only layout (`compiler/surface/format.py`).

Over every `.law` file of the repository and over random laws (trees of
`fuzz/ast_strategies.py`, printed, then laid out badly on purpose: indentation doubled, blanks
widened, trailing blanks, blank lines, comments of their own and after code): formatting twice
changes nothing; the surface tree and the core IR (or the refusal of a law that does not
resolve) are the same before and after; every comment,
quoted line, string, number, sum of money and date is kept byte for byte, in order. A file that
does not parse is an error with file:line:col, never rewritten. `--check` and `--diff` write
nothing, list or show what would change, and say how many files they checked.
"""

from __future__ import annotations

import dataclasses
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.cli import main
from compiler.diagnostics import DiagnosticError
from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.format import format_text, layout, words
from compiler.surface.parse import parse
from conftest import REPO, STATUTES, TEST_STATUTES, law_files
from fuzz import ast_strategies



def _parses(file: Path) -> bool:
    try:
        parse(file.read_text(encoding="utf-8"), str(file))
    except DiagnosticError:
        return False
    return True


ALL_FILES = sorted(law_files(REPO / "statutes") + law_files(REPO / "tests"))
PARSING = [f for f in ALL_FILES if _parses(f)]
BROKEN = [f for f in ALL_FILES if f not in set(PARSING)]  # each file parsed once

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"\d{4}-\d{2}-\d{2}|\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d\d)?|\d+(?:\.\d+)?")


def spellings(text: str) -> list[str]:
    """Comments, quoted lines, strings and number/money/date literals as written, in order,
    found line by line (a reading of the text of its own, not the formatter's)."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip(" \t")
        if stripped.startswith(">"):
            out.append(stripped)
            continue
        out.extend(_STRING.findall(line))
        code = _STRING.sub(lambda m: "x" * len(m.group()), line)
        cut = code.find("--")
        comment = line[cut:].rstrip(" \t") if cut >= 0 else ""
        code = code if cut < 0 else code[:cut]
        out.extend(_LITERAL.findall(code))
        if comment:
            out.append(comment)
    return out


def rel(file: Path) -> str:
    return file.relative_to(REPO).as_posix()


# ------------------------------------------------------------------- the repository's files


@pytest.mark.parametrize("file", PARSING, ids=rel)
def test_every_file_keeps_its_words_and_meaning_and_formats_once(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    new = format_text(text, str(file))
    assert layout(new) == new, "formatting twice changed the file"
    assert format_text(new, str(file)) == new
    assert parse(new, str(file)) == parse(text, str(file))
    assert spellings(new) == spellings(text)
    assert "\t" not in new and not any(line != line.rstrip() for line in new.split("\n"))
    assert new.endswith("\n") and not new.endswith("\n\n")


@pytest.mark.parametrize("file", BROKEN, ids=rel)
def test_a_file_that_does_not_parse_is_an_error_not_a_layout(file: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        format_text(file.read_text(encoding="utf-8"), str(file))
    span = caught.value.diagnostics[0].span
    assert str(span).startswith(f"{file}:{span.line}:{span.column}")


def _programs(root: Path) -> dict[Path, object]:
    """The core IR of each law under root (or the codes of its diagnostics), without the hash
    of the source text (which the layout changes, and generated modules record)."""
    out: dict[Path, object] = {}
    for file in law_files(root):
        if driver.is_companion(file):
            continue
        try:
            program = driver.load_program(driver.Workspace(), file)
            out[file] = dataclasses.replace(program, source_hash="")  # the hash of the text
        except DiagnosticError as exc:
            out[file] = sorted(d.code for d in exc.diagnostics)
    return out


@pytest.mark.parametrize("root", [STATUTES, TEST_STATUTES], ids=rel)
def test_the_core_ir_is_the_same_after_formatting(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "statutes"
    shutil.copytree(root, copy)
    before = _programs(copy)
    for file in law_files(copy):
        file.write_text(format_text(file.read_text(encoding="utf-8"), str(file)),
                        encoding="utf-8")
    after = _programs(copy)
    assert after == before
    assert sum(not isinstance(p, list) for p in before.values()) >= 1, before


# --------------------------------------------------------------------------- random laws


def _mess_up(text: str, seed: int) -> tuple[str, list[str]]:
    """The text laid out badly (seeded), and the comments added to it."""
    rng = random.Random(seed)
    tokens = words(text)
    on_line: dict[int, list[int]] = {}
    for word in tokens:
        on_line.setdefault(word.line, []).append(word.column)
    kinds = {word.line: word.kind for word in tokens}  # the last word of each line
    out: list[str] = []
    added: list[str] = []
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        for column in sorted(on_line.get(number, []), reverse=True)[:-1]:
            at = column - 1 - indent  # widen the blanks before a word that has some
            if at > 0 and body[at - 1] == " " and rng.random() < 0.3:
                body = body[:at] + " " * rng.randint(1, 3) + body[at:]
        if rng.random() < 0.15:
            comment = f"-- note {number}: keep  this -- exactly"
            added.append(comment)
            out.append(" " * rng.randint(0, 12) + comment)
        if rng.random() < 0.15:
            out.append(" " * rng.randint(0, 3))
        tail = " " * rng.randint(0, 2) if rng.random() < 0.3 else ""
        line = " " * (indent * 2) + body + tail
        if body and kinds.get(number) not in ("QUOTE", "TEXT", None) and rng.random() < 0.2:
            comment = f"-- after {number}"
            added.append(comment)
            line += " " * rng.randint(1, 9) + comment
        out.append(line)
    return "\n".join(out) + "\n", added


@pytest.mark.slow  # 120 random laws, each parsed three times and formatted twice (CI runs it)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=ast_strategies.files(), seed=st.integers(0, 2**32))
def test_random_laws_laid_out_badly_format_back_to_one_layout(tree: s.File, seed: int) -> None:
    printed = surface_print.file(tree)
    messy, added = _mess_up(printed, seed)
    assert parse(messy, "random.law") == tree, messy  # the mess is still the same law
    new = format_text(messy, "random.law")
    assert layout(new) == new, new
    assert parse(new, "random.law") == tree
    assert spellings(new) == spellings(messy)
    kept = [line.strip() for line in new.split("\n")]
    found = [c for c in added if any(k.endswith(c) or k == c for k in kept)]
    assert found == added
    assert format_text(printed, "random.law") == layout(printed)
    assert _core(new) == _core(messy)  # the same program, or the same refusal


def _core(text: str) -> object:
    """The core IR of a random law read alone (without the hash of its text, which the layout
    changes), or the codes of the diagnostics that refuse it."""
    from compiler.core.from_surface import from_surface

    try:
        program = from_surface(parse(text, "random.law"), [], path="random",
                               file="random.law", source=text)
    except DiagnosticError as exc:
        return sorted(d.code for d in exc.diagnostics)
    return dataclasses.replace(program, source_hash="")


# ------------------------------------------------------------------------------ lawc fmt

UGLY = 'law "X"   -- the title\n  jurisdiction:   Nowhere\n\n\n\nfacts:\n    a fine:  money\n' \
       'decision the answer: yes or no\n\n§ 1\n    the answer if  the fine is at least $1,000,000\n'
TIDY = 'law "X"  -- the title\n  jurisdiction: Nowhere\n\n\nfacts:\n  a fine: money\n' \
       'decision the answer: yes or no\n\n§ 1\n  the answer if the fine is at least $1,000,000\n'


def test_fmt_keeps_comments_and_spellings(tmp_path: Path) -> None:
    (tmp_path / "ugly.law").write_text(UGLY, encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ugly.law").read_text(encoding="utf-8") == TIDY
    assert "1 file checked: 1 reformatted" in result.stderr


def test_fmt_check_lists_what_would_change_and_counts_what_it_checked(tmp_path: Path) -> None:
    (tmp_path / "ugly.law").write_text(UGLY, encoding="utf-8")
    (tmp_path / "tidy.law").write_text(TIDY, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(tmp_path)])
    assert checked.exit_code == 1
    assert checked.stdout == f"would reformat {tmp_path / 'ugly.law'}\n"
    assert "2 files checked: 1 would be reformatted" in checked.stderr
    assert (tmp_path / "ugly.law").read_text(encoding="utf-8") == UGLY
    (tmp_path / "ugly.law").write_text(TIDY, encoding="utf-8")
    clean = runner.invoke(main, ["fmt", "--check", str(tmp_path)])
    assert clean.exit_code == 0 and clean.stdout == ""
    assert "2 files checked: 0 would be reformatted" in clean.stderr


def test_fmt_check_is_clean_on_the_shipped_statutes() -> None:
    result = CliRunner().invoke(main, ["fmt", "--check", str(STATUTES)])
    assert result.exit_code == 0, result.stdout
    count = len(law_files(STATUTES))
    assert f"{count} files checked: 0 would be reformatted" in result.stderr


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "ugly.law").write_text(UGLY, encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--diff", str(tmp_path)])
    assert result.exit_code == 1
    assert f"--- {tmp_path / 'ugly.law'} (as written)\n" in result.stdout
    assert "-    a fine:  money\n+  a fine: money\n" in result.stdout
    assert (tmp_path / "ugly.law").read_text(encoding="utf-8") == UGLY
    (tmp_path / "ugly.law").write_text(TIDY, encoding="utf-8")
    clean = CliRunner().invoke(main, ["fmt", "--diff", str(tmp_path)])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_fmt_reports_a_broken_file_and_leaves_it(tmp_path: Path) -> None:
    broken = 'law "Z"\n  jurisdiction: x\n\nfacts:\n  a flag:   yes or\n'
    (tmp_path / "broken.law").write_text(broken, encoding="utf-8")
    for flags in ([], ["--check"], ["--diff"]):
        result = CliRunner().invoke(main, ["fmt", *flags, str(tmp_path)])
        assert result.exit_code == 1
        assert f"error: {tmp_path / 'broken.law'}:5:" in result.stderr
        assert result.stdout == ""
        assert (tmp_path / "broken.law").read_text(encoding="utf-8") == broken


def test_fmt_writes_through_write_atomically(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ugly.law").write_text(UGLY, encoding="utf-8")
    written: list[tuple[Path, str]] = []
    monkeypatch.setattr(driver, "write_atomically", lambda p, t: written.append((p, t)))
    assert CliRunner().invoke(main, ["fmt", str(tmp_path)]).exit_code == 0
    assert written == [(tmp_path / "ugly.law", TIDY)]


def test_fmt_never_counts_a_file_it_could_not_read_as_checked(tmp_path: Path) -> None:
    (tmp_path / "tidy.law").write_text(TIDY, encoding="utf-8")
    (tmp_path / "broken.law").write_text('law "Z"\n  jurisdiction: x\n\nfacts:\n  a: yes or\n',
                                         encoding="utf-8")
    for flags in ([], ["--check"]):
        result = CliRunner().invoke(main, ["fmt", *flags, str(tmp_path),
                                           str(tmp_path / "absent.law")])
        assert result.exit_code == 1
        assert "1 file checked: 0 " in result.stderr
        assert ", 2 files not checked (errors above)" in result.stderr, result.stderr
        assert f"cannot read {tmp_path / 'absent.law'}" in result.stderr
