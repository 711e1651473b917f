"""`lawc report` follows a section's timeline from the laws' headers: a `kind = "timeline"`
comparison of `reports.toml` may name `section = "…"` instead of its statutes."""

from __future__ import annotations

import re
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


def test_the_html_report_charts_each_outcomes_share_across_a_timeline(tmp_path: Path) -> None:
    from compiler import driver
    from compiler.driver import render

    files = [_version(tmp_path, "v2020", "2020-01-01", "the eligibility if the residence"),
             _version(tmp_path, "v2021", "2021-01-01", "the eligibility is yes"),
             _version(tmp_path, "v2022", "2022-01-01", "the eligibility if not the residence")]
    diffs = [driver.diff(a, b, samples=50) for a, b in zip(files, files[1:])]
    page = render.report(diffs, "T", "", "html", [("Nowhere", diffs)])
    section = page.split("<section id=timelines>")[1].split("</section>\n</section>")[0]
    assert "(shares of all cases)" in section and "<h3>Nowhere: the eligibility</h3>" in section
    assert ("<tr><td>yes</td><td class=n>50.0%</td><td class=n>100.0%</td>"
            "<td class=n>50.0%</td></tr>") in section
    chart = section.split("<svg")[1].split("</svg>")[0]
    printed = re.findall(r'<text class=share x="[\d.]+" y="([\d.]+)"[^>]*>([^<]+)<title>'
                         r"(\w+) under (v\d+)", chart)
    assert {(text, outcome, version) for _y, text, outcome, version in printed} == {
        ("50.0%", "yes", "v2020"), ("100.0%", "yes", "v2021"), ("50.0%", "yes", "v2022"),
        ("50.0%", "no", "v2020"), ("0%", "no", "v2021"), ("50.0%", "no", "v2022")}
    height = {(o, v): float(y) for y, _t, o, v in printed}
    assert height[("yes", "v2021")] < height[("yes", "v2020")] < height[("no", "v2021")]
    for v in ("v2020", "v2021", "v2022"):
        assert re.search(rf"<tspan [^>]*>{v}</tspan>", chart)  # each version names its column
    # without a timeline comparison the page has no such section, and keeps its bars
    assert "<section id=timelines>" not in render.report(diffs, "T", "", "html")


def test_a_counted_timeline_prints_each_count_with_its_exact_share() -> None:
    from compiler.reports.timeline import TimelineTable, percent, share_chart

    table = TimelineTable(name="N", decision="hold", versions=("2011", "2013"),
                          rows=(("declined", ("1", "331")), ("honored", ("2", "573"))),
                          counted="requests", values=((1, 331), (2, 573)))
    chart = share_chart(table)
    assert {t["text"] for t in chart["texts"] if t["version"] == "2013"} == {
        "331 (36.6%)", "573 (63.4%)"}
    assert {t["text"] for t in chart["texts"] if t["version"] == "2011"} == {
        "1 (33.3%)", "2 (66.7%)"}
    assert percent(1, 8) == "12.5%" and percent(1, 3) == "33.3%" and percent(0, 0) == "—"
    assert percent(2, 3) == "66.7%" and percent(1, 2000) == "0.1%"
    labels = sorted(t["y"] for t in chart["texts"] if t["version"] == "2011")
    assert labels[1] - labels[0] >= 14  # labels of one column never overlap
