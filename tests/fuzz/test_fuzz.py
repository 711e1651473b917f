"""The CI-sized fuzz run: `lawc check` never crashes, whatever it is given.

Random trees of every construct print and parse back equal and check without a crash; every
statute file, mutated a few ways (seeded, so a failure repeats), gives exit 0 or 1 with
diagnostics that carry file:line:col; a 1 MB law, 10,000 provisions and 500 levels of nesting
are read within the time limit. `python -m tests.fuzz.run` runs the same at any length.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.parse import parse

from . import ast_strategies, harness

MUTATIONS_PER_FILE = 4
FILES = sorted(p.relative_to(harness.REPO).as_posix() for root in (harness.STATUTES,
               harness.TEST_STATUTES) for p in root.rglob("*.law"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[harness.Sandbox]:
    box = harness.Sandbox()
    try:
        yield box
    finally:
        box.close()


def _sandbox_path(rel: str) -> str:
    """`tests/data/statutes/testing/x.law` → `statutes/testing/x.law` (as the sandbox has it)."""
    return rel.split("tests/data/", 1)[-1]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=ast_strategies.files())
def test_random_trees_print_and_parse_back(tree: s.File) -> None:
    printed = surface_print.file(tree)
    back = parse(printed, "random.law")
    assert back == tree, printed
    assert surface_print.file(back) == printed


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=ast_strategies.files())
def test_random_trees_check_without_a_crash(tree: s.File, sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/random.law", surface_print.file(tree).encode())
    assert not verdict.crashed, verdict.problem


@pytest.mark.parametrize("rel", FILES)
def test_mutations_of_every_statute(rel: str, sandbox: harness.Sandbox) -> None:
    rng = random.Random(rel)  # seeded by the file, so a failure repeats
    target = _sandbox_path(rel)
    for _ in range(MUTATIONS_PER_FILE):
        data, how = harness.mutate(sandbox.originals[target], rng)
        verdict = sandbox.run(target, data)
        assert not verdict.crashed, f"{target} after {how}: {verdict.problem}"


@pytest.mark.parametrize("kind", harness.DEEP_KINDS)
def test_500_levels_of_nesting_check(kind: str, sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/deep.law", harness.deep(kind), compile_too=False)
    assert not verdict.crashed, verdict.problem
    if kind in ("not", "plus", "lists"):  # deeper than a Python module can hold
        assert verdict.exit_code == 1 and "error[too-deep]" in verdict.output, verdict.output
    else:
        assert verdict.exit_code == 0, verdict.output


@pytest.mark.parametrize("kind", harness.DEEP_KINDS)
def test_150_levels_of_nesting_compile(kind: str, sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/deep.law", harness.deep(kind, 150))
    assert verdict.exit_code == 0 and not verdict.crashed, verdict.problem or verdict.output


@pytest.mark.parametrize("kind", ["not", "plus", "lists"])
def test_500_levels_of_nesting_compile(kind: str, sandbox: harness.Sandbox) -> None:
    """Deeper than a Python module can hold: an error with its place, never a broken module."""
    verdict = sandbox.run("statutes/fuzz/deep.law", harness.deep(kind))
    assert not verdict.crashed, verdict.problem
    assert verdict.exit_code == 1, verdict.output
    assert "error[too-deep]" in verdict.output and "statutes/fuzz/deep.law:" in verdict.output


@pytest.mark.parametrize("kind", ["not", "plus", "lists"])
def test_175_levels_of_nesting_compile_to_python(kind: str, sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/deep.law", harness.deep(kind, 175))
    assert verdict.exit_code == 0 and not verdict.crashed, verdict.problem


def test_nesting_too_deep_to_follow_is_an_error_not_a_crash(sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/deep.law", harness.deep("not", 5000), compile_too=False)
    assert verdict.exit_code == 1 and not verdict.crashed, verdict.problem
    assert "more deeply than lawc can follow" in verdict.output
    assert "statutes/fuzz/deep.law:17:1" in verdict.output


@pytest.mark.slow
def test_a_megabyte_law(sandbox: harness.Sandbox) -> None:
    data = harness.megabyte()
    assert len(data) >= 1_000_000
    verdict = sandbox.run("statutes/fuzz/big.law", data, compile_too=False)
    assert verdict.exit_code == 0 and not verdict.crashed, verdict.problem


@pytest.mark.slow
def test_ten_thousand_provisions(sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/many.law", harness.many_provisions(10_000),
                          compile_too=False, time_limit=120)
    assert verdict.exit_code == 0 and not verdict.crashed, verdict.problem


def test_invalid_utf8_names_the_place(sandbox: harness.Sandbox) -> None:
    verdict = sandbox.run("statutes/fuzz/bytes.law", b'law "x"\n  jurisdiction: \xff\n')
    assert verdict.exit_code == 1 and "statutes/fuzz/bytes.law:2:17" in verdict.output


@pytest.mark.slow
def test_the_real_command_in_a_subprocess(tmp_path: Path) -> None:
    """The same promise through `python -m compiler.cli`, outside any test runner."""
    rng = random.Random(7)
    source = (harness.STATUTES / "nyc" / "local_law_62_2011.law").read_bytes()
    for i in range(3):
        data, how = harness.mutate(source, rng, rounds=2)
        (tmp_path / f"m{i}.law").write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "compiler.cli", "check", "--no-analysis",
                             *(f"m{i}.law" for i in range(3))], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert harness.judge(result.returncode, output) is None, output
