"""The generated module of every law, against its golden file, and determinism.

Goldens live in tests/goldens/generated/<statute path>.py; `pytest --update-goldens` rewrites
them (and deletes those of laws that are gone).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from compiler import driver
from conftest import GOLDENS, all_laws, file_id, load

LAWS = all_laws()


@pytest.mark.parametrize("file", LAWS, ids=file_id)
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


def test_no_golden_without_a_law(updating_goldens: bool) -> None:
    wanted = {f"{load(f).path}.py" for f in LAWS}
    folder = GOLDENS / "generated"
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*.py")} \
        if folder.is_dir() else set()
    orphans = sorted(present - wanted)
    if updating_goldens:
        for orphan in orphans:
            (folder / orphan).unlink()
        return
    assert not orphans, f"golden files of laws that are gone (pytest --update-goldens): {orphans}"
