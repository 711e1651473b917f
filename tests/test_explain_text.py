"""`lawc explain --format text` without `--templates` is written without Jinja2
(`driver/render._text`): word for word what lawc's own `text.j2` gives, counterfactuals and the
note for none included, on the first example of every shipped law; and the command does not
import Jinja2 at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler import driver
from compiler.driver import render
from compiler.reports.explanation import render as with_template
from conftest import REPO, STATUTES, statute_laws


@pytest.mark.parametrize("file", statute_laws(), ids=lambda f: str(f.relative_to(STATUTES)))
@pytest.mark.parametrize("why_not", [False, True])
def test_the_text_is_the_templates(file: Path, why_not: bool) -> None:
    program = driver.check(driver.Workspace(), file)
    if not driver.is_law(program) or not program.examples:
        pytest.skip("no example to explain")
    facts = dict(program.examples[0].facts)
    out = driver.explain(program, facts, list(program.decisions), why_not=why_not)
    assert render.explanations(out, "text", None) == "\n".join(
        with_template(e, "text", None) for e in out)


def test_no_counterfactual_gives_the_note_as_the_template_does() -> None:
    program = driver.check(driver.Workspace(), STATUTES / "nyc/local_law_62_2011.law")
    (e,) = driver.explain(program, dict(program.examples[0].facts), list(program.decisions))
    e = {**e, "counterfactuals": [], "counterfactual_note": "nothing the law reads would"}
    assert render.explanations([e], "text", None) == with_template(e, "text", None)
    assert render.explanations([e], "text", None).endswith(
        "What would change the outcome:\n  - nothing the law reads would\n")


def test_a_text_explanation_does_not_import_jinja2(tmp_path: Path) -> None:
    program = driver.check(driver.Workspace(), STATUTES / "nyc/local_law_62_2011.law")
    code = ("import sys\nfrom compiler.cli import main\nsys.argv = ['lawc', 'explain', "
            f"'nyc/local_law_62_2011', '--example', {program.examples[0].name!r}, "
            "'--why-not']\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code\n"
            "print('jinja2' in sys.modules)\n")
    env = {**os.environ, "LAWC_CACHE_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, text=True,
                         capture_output=True, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "What would change the outcome:" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "False"
