"""The generated module of every law: the committed `generated/` tree for the shipped statutes,
golden files for the test laws, and determinism.

A shipped statute's module is pinned by `generated/<statute path>.py` itself (the file
`lawc compile --check` compares too), so it has no second copy under tests/goldens. The test laws
under tests/data/statutes/ are not compiled into `generated/`; their goldens live in
tests/goldens/generated/<statute path>.py, and `pytest --update-goldens` rewrites them (and deletes
those of laws that are gone).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from compiler import driver
from conftest import GOLDENS, REPO, TEST_STATUTES, all_laws, file_id, load, statute_laws

LAWS = all_laws()
TEST_LAWS = [f for f in LAWS if f.is_relative_to(TEST_STATUTES)]


@pytest.mark.parametrize("file", statute_laws(), ids=file_id)
def test_generated_module_is_the_committed_one(file: Path) -> None:
    program = load(file)
    text = driver.compile_module(program)
    ast.parse(text)
    committed = REPO / "generated" / f"{program.path}.py"
    assert committed.is_file(), f"{committed} is missing: run `lawc compile`"
    assert committed.read_text(encoding="utf-8") == text, \
        f"{committed.relative_to(REPO)} is stale: run `lawc compile`"


@pytest.mark.parametrize("file", TEST_LAWS, ids=file_id)
def test_generated_module_matches_golden(file: Path, golden) -> None:  # type: ignore[no-untyped-def]
    program = load(file)
    text = driver.compile_module(program)
    ast.parse(text)
    golden(f"generated/{program.path}.py", text)


@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_two_compiles_give_the_same_bytes(file: Path) -> None:
    first = driver.compile_module(driver.load_program(driver.Workspace(), file))
    second = driver.compile_module(driver.load_program(driver.Workspace(), file))
    assert first.encode() == second.encode()


def test_no_golden_without_a_test_law(updating_goldens: bool) -> None:
    wanted = {f"{load(f).path}.py" for f in TEST_LAWS}
    folder = GOLDENS / "generated"
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*.py")} \
        if folder.is_dir() else set()
    orphans = sorted(present - wanted)
    if updating_goldens:
        for orphan in orphans:
            (folder / orphan).unlink()
        return
    assert not orphans, f"golden files of laws that are gone (pytest --update-goldens): {orphans}"
