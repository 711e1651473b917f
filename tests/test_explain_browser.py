"""The HTML explanation in a real browser: headless Chromium loads it without console errors and
shows the decisive citation. Skipped, with the reason, where /usr/bin/chromium is absent (`.ci/run`
installs Debian's `chromium` when it can)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.explain.build import Explainer
from compiler.reports.explanation import render
from conftest import load

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="no /usr/bin/chromium (install Debian's chromium package to run it)")
def test_html_explanation_loads_in_chromium_and_shows_the_citation(tmp_path: Path) -> None:
    program = load(Path("statutes/dc/detainer_act_2012.law").resolve())
    example = next(e for e in program.examples if e.name.startswith("V8-E1"))
    explanation = Explainer(program).explain("hold", example.facts).to_dict()
    [deciding] = explanation["decided_by"]
    page = tmp_path / "explanation.html"
    page.write_text(render(explanation, "html"), encoding="utf-8")
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               "--dump-dom", page.as_uri()]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("chromium did not finish within 120 s")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert 'id="outcome"' in dom and "may be honored" in dom
    assert f'data-citation="{deciding["citation"]}"' in dom
    assert deciding["citation"] in dom
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert not console, "console messages:\n" + "\n".join(console)
    assert "Uncaught" not in run.stderr
