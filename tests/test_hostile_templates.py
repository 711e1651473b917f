"""A user's templates (`lawc explain --templates DIR`) run in Jinja2's sandbox, and whatever
such a template does is the user's error, exit 1 with `template error: …`, never a traceback:
reaching Python's internals (the sandbox refuses; `tests/test_explain.py` holds the classic
payloads), and the Python errors a template can raise while it renders — a range past the
sandbox's limit, a division by zero, a format string with no value for its field, a template
that extends itself."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from compiler.cli import main
from conftest import REPO

LAW_62 = str(REPO / "statutes" / "nyc" / "local_law_62_2011.law")
CASE = str(REPO / "examples" / "case.json")


@pytest.mark.parametrize(("template", "reason"), [
    ("{% for x in range(10**7) %}{% endfor %}", "OverflowError: Range too big"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ '{0}'.format_map({}) }}", "IndexError"),
    ("{% extends 'text.j2' %}", "RecursionError"),
    # a format string reaching an attribute, also through |attr (fixed in Jinja2 3.1.5, 3.1.6)
    ("{{ ('{0.__class__.__init__.__globals__}'|attr('format'))(e) }}", "unsafe"),
    ("{% set f = '{0.__class__}'.format %}{{ f(e) }}", "unsafe"),
])
def test_a_failing_user_template_is_a_template_error(tmp_path: Path, template: str,
                                                     reason: str) -> None:
    (tmp_path / "text.j2").write_text(template + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", LAW_62, "--facts", CASE, "--templates",
                                       str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: template error: "), result.output
    assert reason in result.stderr and "Traceback" not in result.output
    assert "__globals__" not in result.stdout and "class" not in result.stdout


def test_the_sandbox_is_one_without_the_known_escapes() -> None:
    """pyproject.toml asks for Jinja2 3.1.6 or later: the sandbox of earlier 3.1 releases let a
    template reach `str.format` indirectly (CVE-2024-56326, CVE-2025-27516)."""
    major, minor, patch = (int(p) for p in jinja2.__version__.split(".")[:3])
    assert (major, minor, patch) >= (3, 1, 6)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"jinja2>=3.1.6,<4"' in pyproject
