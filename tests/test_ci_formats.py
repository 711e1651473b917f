"""The renderings for CI: GitHub workflow commands, SARIF 2.1.0 and `lawc test --junit-xml`.

The SARIF output is validated against the official SARIF 2.1.0 JSON schema (the OASIS
`sarif-2.1.0-rtm.5` schema, as shipped in the npm package `@microsoft/jest-sarif`, MIT), kept in
tests/data/sarif-schema-2.1.0.json so that the test needs no network.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.diagnostics import (CODES, Label, error, render_github, render_sarif, sarif_log,
                                 warning)
from compiler.span import Span

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
BAD = "tests/errors/unknown_value.law"


def _sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)  # type: ignore[no-any-return]


def test_github_command_has_place_title_and_escaped_message() -> None:
    d = error("unknown-name", 'nothing is called "x": 100% wrong', Span("a,b:c.law", 3, 5, 3, 9),
              hint="did you mean\n\"y\"?", context="in § 1")
    assert render_github(d) == (
        "::error file=a%2Cb%3Ac.law,line=3,col=5,endLine=3,endColumn=8,title=lawc unknown-name"
        '::nothing is called "x": 100%25 wrong%0Ain § 1%0Ahelp: did you mean%0A"y"?')


def test_github_warning_is_a_warning_and_a_spanless_one_names_only_the_file() -> None:
    d = warning("unused", "the x is never read", Span("f.law", 0, 0, 0, 0))
    assert render_github(d) == "::warning file=f.law,title=lawc unused::the x is never read"


def test_sarif_log_is_valid_and_points_at_the_words() -> None:
    diags = [error("unknown-value", '"residnet" is not a value', Span("s/a.law", 17, 45, 17, 53),
                   hint='did you mean "resident"?',
                   labels=[Label(Span("s/b.law", 2, 3, 2, 9), "declared here")]),
             warning("dead-rule", "this rule can never apply", Span("s/a.law", 20, 3, 21, 10))]
    log = json.loads(render_sarif(diags, version="0.1.0"))
    _sarif_validator().validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    assert not any("helpUri" in r for r in rules) and "informationUri" not in run["tool"]["driver"]
    assert all("docs/diagnostics.md" in r["help"]["text"] for r in rules)
    first, second = run["results"]
    assert first["level"] == "error" and second["level"] == "warning"
    assert rules[first["ruleIndex"]]["id"] == "unknown-value"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "s/a.law", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 17, "startColumn": 45, "endLine": 17, "endColumn": 53}}
    assert first["message"]["text"] == '"residnet" is not a value\nhelp: did you mean "resident"?'
    assert first["relatedLocations"][0]["message"] == {"text": "declared here"}


def test_sarif_help_links_are_absolute_or_absent() -> None:
    """SARIF's helpUri and informationUri are absolute URIs: given one, every rule links to it;
    a relative one is refused rather than written into the log."""
    page = "https://example.org/lawc/docs/diagnostics.md"
    log = sarif_log([], help_uri=page)
    _sarif_validator().validate(log)
    driver = log["runs"][0]["tool"]["driver"]  # type: ignore[index]
    assert driver["informationUri"] == page
    assert {r["helpUri"] for r in driver["rules"]} == {page + "#codes"}
    with pytest.raises(ValueError, match="absolute"):
        sarif_log([], help_uri="docs/diagnostics.md")


def test_the_schema_rejects_a_broken_log() -> None:
    """The validation can fail: a result without a message is not SARIF."""
    log = json.loads(render_sarif([error("syntax", "bad", Span("a.law", 1, 1, 1, 2))]))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        _sarif_validator().validate(log)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_repo")
def test_check_prints_github_commands_on_stdout() -> None:
    result = CliRunner().invoke(main, ["check", "--no-analysis", "--message-format", "github",
                                       BAD])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={BAD},line=17,col=45,endLine=17,endColumn=52,"
                                    "title=lawc unknown-value::")


@pytest.mark.usefixtures("in_repo")
def test_check_prints_one_sarif_log() -> None:
    result = CliRunner().invoke(main, ["check", "--no-analysis", "--message-format", "sarif",
                                       BAD])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    _sarif_validator().validate(log)
    (found,) = log["runs"][0]["results"]
    assert found["ruleId"] == "unknown-value"
    assert found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == BAD


def test_junit_xml_has_a_case_per_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    statutes = tmp_path / "statutes"
    statutes.mkdir()
    (statutes / "tiny.law").write_text('''law "Tiny Act"
  jurisdiction: Nowhere

facts:
  the age: a whole number

decision the adult: yes or no
  by default: no

§ 1
  the adult if the age is at least 18

example "a child"
  given:
    the age is 10
  expect: the adult is no

example "a wrong one"
  given:
    the age is 10
  expect: the adult is yes
''', encoding="utf-8")
    (statutes / "broken.law").write_text('law "Broken"\n  jurisdiction: Nowhere\n\n'
                                         "decision the x: yes or no\n\n§ 1\n"
                                         "  the x if the y is 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["test", "--junit-xml", "out/report.xml", "statutes"])
    assert result.exit_code == 1
    root = ET.parse(tmp_path / "out" / "report.xml").getroot()
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == (
        "testsuites", "3", "1", "1")
    cases = {(t.get("classname"), t.get("name")): t for t in root.iter("testcase")}
    assert set(cases) == {("broken", "lawc check"), ("tiny", "a child"), ("tiny", "a wrong one")}
    assert list(cases[("tiny", "a child")]) == []
    failure = cases[("tiny", "a wrong one")].find("failure")
    assert failure is not None and failure.get("type") == "example-failed"
    assert "the adult is no, but the example expects yes" in (failure.text or "")
    broken = cases[("broken", "lawc check")].find("error")
    assert broken is not None and broken.get("type") == "unknown-name"
