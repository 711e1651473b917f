"""What a drafter reads: the summary first, regions named and ordered for people, structural
changes line by line, pictures with their numbers. Checked on the diff goldens (made from the
shipped versions) and on small parts directly."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from compiler import driver
from compiler.analysis.diff_structure import line_changes
from compiler.analysis.regions import named_apart
from compiler.reports.diff import SHOWN_REGIONS, side_by_side

REPO = Path(__file__).resolve().parents[1]
GOLDENS = REPO / "tests" / "goldens" / "diff"
NYC = REPO / "statutes" / "nyc"


def test_no_punctuation_slips_in_any_golden() -> None:
    for golden in GOLDENS.glob("*.md"):
        text = golden.read_text(encoding="utf-8")
        assert ";;" not in text and "; ;" not in text and ";\n" not in text, golden.name


def test_markdown_leads_with_the_summary_and_collapses_the_details() -> None:
    md = (GOLDENS / "nyc_2011_to_2013.md").read_text(encoding="utf-8")
    lines = md.splitlines()
    assert lines[0].startswith("## Local Law 62 of 2011")
    assert re.match(r"Local Law 22 of 2013 decides the hold of \d+ of the 500 requests "
                    r"differently from Local Law 62 of 2011: ", lines[2])
    assert "<details><summary>Structural changes" in md and "```diff\n" in md
    assert "[^shares-nyc-local-law-62-2011--nyc-local-law-22-2013]:" in md


def test_regions_ordered_by_people_and_marked_when_they_overlap() -> None:
    result = json.loads((GOLDENS / "nyc_2011_to_2013.json").read_text(encoding="utf-8"))
    changed = [t for d in result["decisions"] for t in d["transitions"] if t["changed"]]
    assert changed
    for t in changed:
        assert isinstance(t["overlapping"], bool)
        counts = [g["population"]["count"] for g in t["regions"]]
        assert counts == sorted(counts, reverse=True)
        if not t["overlapping"] and t["complete"]:
            assert sum(counts) == t["population"]["count"]


def test_markdown_shows_a_handful_of_regions_per_cell() -> None:
    md = (GOLDENS / "nyc_2011_to_2013.md").read_text(encoding="utf-8")
    for block in md.split("<details><summary><b>")[1:]:
        shown = re.findall(r"^\d+\. ", block.split("\n</details>\n\n")[0], re.M)
        assert len(shown) <= SHOWN_REGIONS


def test_a_definition_that_changed_meaning_is_named_apart() -> None:
    old = driver.load_program(driver.Workspace(), NYC / "local_law_22_2013.law")
    recent, crime = "conviction is recent misdemeanour", "conviction is crime"
    definitions = dict(old.definitions)
    definitions[recent] = dataclasses.replace(definitions[recent],
                                              body=definitions[crime].body)
    new = dataclasses.replace(old, definitions=definitions,
                              header={**old.header, "in force from": "2014-12-14"})
    renderers = named_apart([old, new])
    assert [r.program.definitions[recent].name for r in renderers] == [
        "recent misdemeanour (2013 meaning)", "recent misdemeanour (2014 meaning)"]
    # what reads it changed meaning too; what does not keeps its name
    assert renderers[1].program.definitions["the covered crime conviction"].name.endswith(
        "(2014 meaning)")
    assert renderers[1].program.definitions[crime].name == old.definitions[crime].name
    same = named_apart([old, old])
    assert same[0].program.definitions[recent].name == "recent misdemeanour"


def test_law_text_and_rules_are_diffed_apart_line_by_line() -> None:
    old = ["> a. The first sentence.", "> b. Kept.", "the hold is yes if x"]
    new = ["> a. The first sentence, amended.", "> b. Kept.", "the hold is yes if y"]
    text = line_changes(old, new, quoted=True)
    assert [(w.op, w.text) for w in text] == [("-", "a. The first sentence."),
                                              ("+", "a. The first sentence, amended."),
                                              ("=", "b. Kept.")]
    rules = line_changes(old, new, quoted=False)
    assert [w.op for w in rules] == ["-", "+"]
    rows = side_by_side(text)
    assert rows[0]["left"] == "a. The first sentence." and rows[0]["right_class"] == "ins"


def test_html_draws_the_flow_with_its_numbers() -> None:
    page = (GOLDENS / "nyc_2011_to_2013.html").read_text(encoding="utf-8")
    assert "<svg" in page and 'class=flow' in page
    assert not re.search(r'(src|href)="?(https?:)?//', page)  # no network resource
    assert re.search(r'<text class=count [^>]*>\d+</text>', page)
    assert re.search(r'<text class=node [^>]*>must be declined: \d+</text>', page)
    assert "<details><summary>Structural changes" in page and "class=sbs" in page


def test_html_report_draws_each_timeline_with_its_shares() -> None:
    from click.testing import CliRunner

    from compiler.cli import main

    parking = REPO / "tests" / "data" / "reports" / "statutes"
    result = CliRunner().invoke(main, ["report", "--samples", "20", "--format", "html",
                                       str(parking)])
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.index('<section id=summary>') < page.index("<section id=timelines>")
    timeline = page.split('<section class=timeline id="timeline-1">')[1].split("</section>")[0]
    assert "<h3>Town of Brookvale: the versions in order: the ticket</h3>" in timeline
    table = timeline.split("<table class=shares>")[1].split("</table>")[0]
    assert ("<th>Brookvale Parking Rule of 2020</th><th>Brookvale Parking Rule of 2023</th>"
            in table)
    cells = re.findall(r"<tr><td>(\w+)</td><td class=n>([^<]+)</td><td class=n>([^<]+)</td>",
                       table)
    assert {outcome for outcome, *_ in cells} == {"yes", "no"}
    chart = timeline.split("<svg")[1].split("</svg>")[0]
    assert "class=shares" in chart and 'role="img"' in chart
    printed = re.findall(r"<text class=share [^>]*>([^<]+)<title>(\w+) under ([^<:]+):", chart)
    for outcome, old, new in cells:  # every number of the table is printed on the chart
        assert (old, outcome, "Brookvale Parking Rule of 2020") in printed
        assert (new, outcome, "Brookvale Parking Rule of 2023") in printed
    assert len(re.findall(r"<g class=line data-outcome=", chart)) == 2
    assert "Eastport" not in timeline  # a side-by-side comparison is not a timeline
    assert 'href="#brookvale-parking-2020--brookvale-parking-2023"' in page
