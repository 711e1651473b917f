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
