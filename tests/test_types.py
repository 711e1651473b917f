"""The compiler and the generated modules pass `mypy --strict` (DESIGN §5: typed output)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.parametrize("target", ["compiler", "generated"])
def test_mypy_strict(target: str) -> None:
    if shutil.which("mypy") is None and subprocess.run(
            [sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode != 0:
        pytest.skip("mypy is not installed (it comes with the test extras: pip install '.[test]')")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", target], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
