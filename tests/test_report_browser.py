"""The HTML diff in a real browser: headless Chromium loads the golden page (made from the
shipped versions) without console errors, shows the summary and the flow with its numbers, and
a screenshot is kept (in pytest's tmp_path) as the test's artefact. Skipped, with the reason,
where /usr/bin/chromium is absent (`apt-get install -y chromium`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PAGE = Path(__file__).resolve().parent / "goldens" / "diff" / "nyc_2011_to_2013.html"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    try:
        return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("chromium did not finish within 120 s")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="no /usr/bin/chromium (install Debian's chromium package to run it)")
def test_html_diff_loads_in_chromium_with_its_summary_and_flow(tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    shutil.copy(PAGE, page)
    run = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert '<section id="summary">' in dom
    assert re.search(r"decides the hold of \d+ of the 500 requests", dom)
    assert 'class="flow"' in dom and re.search(r'class="count"[^>]*>\d+</text>', dom)
    assert "<details>" in dom
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert not console, "console messages:\n" + "\n".join(console)
    shot = tmp_path / "diff.png"
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.stat().st_size > 10_000  # a page was drawn, not a blank
