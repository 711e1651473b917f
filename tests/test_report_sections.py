"""`lawc report` follows a section's timeline from the laws' headers: a `kind = "timeline"`
comparison of `reports.toml` may name `section = "…"` instead of its statutes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.analysis.comparisons import ManifestError, read_manifest
from compiler.driver import versions

ROOT = Path(__file__).resolve().parents[1]
TIMELINE = ROOT / "tests/errors/timeline/hole"


def _folder(tmp: Path, manifest: str) -> Path:
    root = tmp / "statutes"
    root.mkdir()
    for name in ("code_2020.law", "amendment_2021.law"):  # versions with a hole: no matter
        shutil.copy(TIMELINE / name, root / name)
    (root / "reports.toml").write_text(manifest, encoding="utf-8")
    return root


def test_the_shipped_police_timeline_is_the_sections() -> None:
    plan, files = versions.report_plan([str(ROOT / "statutes")], None)
    police = next(k for k in plan.comparisons if k.section == "Administrative Code § 14-154")
    assert police.pairs == (("nyc/local_law_21_2013", "nyc/local_law_59_2014"),)
    assert "nyc/amendments/local_law_59_2014" not in files  # the patch form is no version


def test_a_section_gives_its_versions_in_order(tmp_path: Path) -> None:
    root = _folder(tmp_path, '[[comparison]]\nkind = "timeline"\nsection = "Code § 1"\n')
    plan, files = versions.report_plan([str(root)], None)
    (comparison,) = plan.comparisons
    assert comparison.name == "Code § 1" and comparison.pairs == (
        ("code_2020", "amendment_2021"),)
    assert set(files) == {"code_2020", "amendment_2021"}


def test_a_section_without_a_timeline_is_an_error(tmp_path: Path) -> None:
    root = _folder(tmp_path, '[[comparison]]\nkind = "timeline"\nsection = "Code § 9"\n')
    with pytest.raises(versions.VersionError, match="comparison 1: no timeline of 'Code § 9'"):
        versions.report_plan([str(root)], None)


@pytest.mark.parametrize("entry", ['kind = "side by side"\nsection = "Code § 1"',
                                   'section = "Code § 1"\nstatutes = ["a", "b"]',
                                   'section = 7'])
def test_a_section_is_a_timelines_alone(tmp_path: Path, entry: str) -> None:
    manifest = tmp_path / "reports.toml"
    manifest.write_text(f"[[comparison]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="section names the section a timeline follows"):
        read_manifest(manifest)


def _version(root: Path, name: str, start: str, rule: str) -> Path:
    file = root / f"{name}.law"
    file.write_text(f'law "{name}"\n  jurisdiction: Nowhere\n  in force from: {start}\n\n'
                    "facts:\n  the residence: yes or no\n\n"
                    "decision the eligibility: yes or no\n  by default: no\n\n"
                    f"§ 1\n  {rule}\n", encoding="utf-8")
    return file


def test_the_report_shows_each_outcomes_share_across_a_timeline(tmp_path: Path) -> None:
    from compiler import driver
    from compiler.driver import render
    from compiler.reports.timeline import timeline_tables

    files = [_version(tmp_path, "v2020", "2020-01-01", "the eligibility if the residence"),
             _version(tmp_path, "v2021", "2021-01-01", "the eligibility is yes"),
             _version(tmp_path, "v2022", "2022-01-01", "the eligibility if not the residence")]
    diffs = [driver.diff(a, b, samples=50) for a, b in zip(files, files[1:])]
    (table,) = timeline_tables("Nowhere", diffs, None)
    assert table.versions == ("v2020", "v2021", "v2022") and table.decision == "eligibility"
    cells = dict(table.rows)
    assert cells["yes"] == ("50.0%", "100.0%", "50.0%")
    assert cells["no"] == ("50.0%", "0%", "50.0%")
    text = render.report(diffs, "T", "", "markdown", [("Nowhere", diffs)])
    assert "## Across each timeline" in text and "(shares of all cases)" in text
    assert "| the eligibility | v2020 | v2021 | v2022 |" in text
    assert "| yes | 50.0% | 100.0% | 50.0% |" in text
    assert "Across each timeline" not in render.report(diffs, "T", "", "markdown")
