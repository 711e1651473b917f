"""Facts and decisions declared `, if known`, end to end, on tests/data/statutes/testing/known.law
(a release time and a count of prior orders a case may leave out; a hold end and a count of
extra days that no rule gives where they are not known).

- printing and `lawc fmt` keep `, if known`, `is known` and `is not known`;
- the interpreter, the generated module and the SQL backend on DuckDB give the same decisions
  for a fact known, left out and given as null: null (None, NULL) for an optional decision no
  rule decides, never a gap or an error;
- `lawc check` reports no gap for such a decision, and the same law without `, if known` has
  one, shown by a case that leaves the fact out;
- the seeded sample of `lawc diff` leaves an optional fact unknown in some cases, and a diff
  to a version that gives the decision a default has a region `not known → a value` whose
  witness leaves the fact out (and a gap that gets a value no longer breaks the diff);
- the JSON schema neither requires an optional fact nor refuses null for it.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from compiler.analysis.check import analyse
from compiler.analysis.diff import diff_programs
from compiler.analysis.witness import given_lines
from compiler.analysis.shares import Sampler
from compiler.analysis.space import FactSpace
from compiler.backends.schema import facts_schema, result_schema
from compiler.cli import main
from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.engines.engines import run_duckdb
from compiler.engines.tables import facts_table
from compiler.explain.build import Explainer
from compiler.explain.counterfactual import find
from compiler.interpret import Interpreter
from compiler.runtime import FactsError
from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.format import format_text
from compiler.surface.parse import parse
from conftest import REPO, STATUTES, TEST_STATUTES, GeneratedPackage, load
from population_checks import assert_same, rows

KNOWN = TEST_STATUTES / "testing" / "known.law"
Compile = Callable[..., tuple[c.Program, str]]

HEARING = "2025-01-01T00:00"


def _facts(**facts: object) -> dict[str, Any]:
    """A case's JSON facts: the hearing time (always given) and `facts`."""
    return {"hearing_time": HEARING, "warrant": False, **facts}


# (name, facts, what decide() gives): each optional fact known, left out and null
CASES: list[tuple[str, dict[str, Any], dict[str, object]]] = [
    ("all known", _facts(release_time="2025-05-23T17:00", prior_order_count=2,
                         hearing_time="2025-05-26T09:00"),
     {"extra_days": 2, "hold_end": "2025-05-27T17:00", "review": False, "priority": "routine"}),
    ("release time left out", _facts(prior_order_count=2),
     {"extra_days": 2, "hold_end": None, "review": True, "priority": "routine"}),
    ("release time null", _facts(release_time=None, prior_order_count=0),
     {"extra_days": 0, "hold_end": None, "review": True, "priority": "routine"}),
    ("count left out", _facts(release_time="2024-12-20T08:00"),
     {"extra_days": None, "hold_end": None, "review": False, "priority": "routine"}),
    ("count null", _facts(release_time="2024-12-20T08:00", prior_order_count=None),
     {"extra_days": None, "hold_end": None, "review": False, "priority": "routine"}),
    ("both null, a warrant", _facts(release_time=None, prior_order_count=None, warrant=True),
     {"extra_days": None, "hold_end": None, "review": True, "priority": "routine"}),
    ("a warrant", _facts(release_time="2024-12-20T08:00", prior_order_count=1, warrant=True),
     {"extra_days": 1, "hold_end": None, "review": False, "priority": "routine"}),
    ("ends before the hearing", _facts(release_time="2024-12-20T08:00", prior_order_count=1),
     {"extra_days": 1, "hold_end": "2024-12-23T08:00", "review": False, "priority": "urgent"}),
    ("released after the hearing", _facts(release_time="2031-01-02T00:00"),
     {"extra_days": None, "hold_end": None, "review": True, "priority": "routine"}),
]
IDS = [name for name, _, _ in CASES]

OPTIONAL_DECISION = "decision the extra days: a whole number, if known"


def _without_if_known(default: str | None = None) -> str:
    """known.law with "the extra days" not declared `, if known` (and given `default`), and
    without the example line that expects it not known."""
    declared = "decision the extra days: a whole number"
    if default is not None:
        declared += f"\n  by default: {default}"
    text = KNOWN.read_text(encoding="utf-8")
    assert OPTIONAL_DECISION in text and "    the extra days is not known\n" in text
    return text.replace(OPTIONAL_DECISION, declared).replace("    the extra days is not known\n",
                                                             "")


# ------------------------------------------------------------------ printing and formatting


def test_the_law_declares_what_may_be_missing() -> None:
    program = load(KNOWN)
    assert {n: f.optional for n, f in program.fields_of(c.ROOT).items()} == {
        "release time": True, "prior order count": True, "warrant": False,
        "hearing time": False}
    assert {n: d.optional for n, d in program.decisions.items()} == {
        "extra days": True, "hold end": True, "review": False, "priority": False}
    unknown = [(e.name, f.decision) for e in program.examples for f in e.failures
               if f.kind == "unknown"]
    assert ("no release time known", "hold end") in unknown
    assert ("no count of prior orders known, and a warrant", "extra days") in unknown


def test_printing_keeps_if_known_is_known_and_is_not_known() -> None:
    """`is known` inside `and` and `is not known` inside `or` printed (the printer once took
    the last operand of a comparison that has none), parsed back to the same tree."""
    tree = parse(KNOWN.read_text(encoding="utf-8"), str(KNOWN))
    printed = surface_print.file(tree)
    assert parse(printed, str(KNOWN)) == tree
    lines = printed.splitlines()
    for line in ["  the release time: a date and time, if known",
                 "  the prior order count: a whole number from 0 to 5, if known",
                 "  the warrant: yes or no",
                 OPTIONAL_DECISION,
                 "decision the hold end: a date and time, if known",
                 "  the extra days is the prior order count if the prior order count is known",
                 "    - the release time is known",
                 "  the review if the release time is not known or the release time is after "
                 "the hearing time",
                 "  the priority is urgent if the hold end is known and the hold end is before "
                 "the hearing time",
                 "    the release time is not known",
                 "    the prior order count is not known",
                 "    the hold end is not known",
                 "    the extra days is not known"]:
        assert line in lines, line
    decisions = {i.name: i for i in tree.items if isinstance(i, s.DecisionDecl)}
    assert decisions["extra days"].optional and not decisions["review"].optional


def _messed_up(text: str) -> str:
    """The law with its code (not its comments, quotes or strings) spaced badly around
    `, if known` and `is [not] known`."""
    def mess(line: str) -> str:
        if line.lstrip().startswith(("--", ">")) or '"' in line:
            return line
        return (line.replace(", if known", " ,   if known")
                .replace(" is not known", "  is   not   known")
                .replace(" is known", "   is    known"))
    return "\n".join(mess(line) for line in text.split("\n"))


def test_fmt_lays_the_words_out_again(tmp_path: Path) -> None:
    text = KNOWN.read_text(encoding="utf-8")
    assert format_text(text, str(KNOWN)) == text  # the test law is laid out as lawc lays it
    messy = _messed_up(text)
    assert messy.count(" ,   if known") == 4 and "   is    known" in messy
    assert "  is   not   known" in messy
    assert parse(messy, str(KNOWN)) == parse(text, str(KNOWN))
    file = tmp_path / "known.law"
    file.write_text(messy, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(tmp_path)])
    assert checked.exit_code == 1 and checked.stdout == f"would reformat {file}\n"
    assert runner.invoke(main, ["fmt", str(tmp_path)]).exit_code == 0
    assert file.read_text(encoding="utf-8") == text


# -------------------------------------------------------------- the interpreter and decide()


@pytest.mark.parametrize(("facts", "want"), [(f, w) for _, f, w in CASES], ids=IDS)
def test_the_interpreter_and_the_generated_module_agree(
        facts: dict[str, Any], want: dict[str, object],
        generated_package: GeneratedPackage) -> None:
    program = load(KNOWN)
    module = generated_package.module(program)
    assert Interpreter(program).decide(copy.deepcopy(facts)) == want
    assert module.decide(copy.deepcopy(facts)) == want
    case = module._parse_case(copy.deepcopy(facts), "")
    assert (case.release_time is None) == (facts.get("release_time") is None)
    hold_end = module.hold_end(case)  # the typed function: None, not a gap
    assert (hold_end is None) == (want["hold_end"] is None)
    assert module.extra_days(case) == want["extra_days"]


@pytest.mark.parametrize(("facts", "want"), [(f, w) for _, f, w in CASES], ids=IDS)
def test_explanations_say_not_known(facts: dict[str, Any], want: dict[str, object],
                                    generated_package: GeneratedPackage) -> None:
    """The interpreter's explanation is the generated one, where a condition after a guard
    that fails (`the hold end is known and the hold end is before …`) is still evaluated: an
    error that only marks it, as `rt.known` raises (it once failed with a TypeError)."""
    program = load(KNOWN)
    module = generated_package.module(program)
    explainer = Explainer(program)
    for key, decision in [("hold_end", "hold end"), ("extra_days", "extra days"),
                          ("review", "review"), ("priority", "priority")]:
        generated = getattr(module, f"explain_{key}")(copy.deepcopy(facts))
        built = explainer.explain(decision, copy.deepcopy(facts))
        assert generated.to_dict()["outcome"] == built.to_dict()["outcome"], decision
        if not c.is_computed(program.decisions[decision]):  # as tests/test_explain.py holds
            assert generated.to_dict() == built.to_dict(), decision
        if want[key] is None:
            assert built.value is None and generated.value is None
            assert f"the {decision} is not known" in generated.text()


@pytest.mark.parametrize("value", ["soon", 17, True, "2025-02-30T10:00"])
def test_a_malformed_optional_fact_is_refused_not_unknown(
        value: object, generated_package: GeneratedPackage) -> None:
    program = load(KNOWN)
    module = generated_package.module(program)
    facts = _facts(release_time=value)
    for decide in (Interpreter(program).decide, module.decide):
        with pytest.raises(FactsError) as caught:
            decide(copy.deepcopy(facts))
        assert getattr(caught.value, "path") == "release_time"


# ---------------------------------------------------------------------------------- SQL


def test_duckdb_gives_null_where_python_gives_none() -> None:
    program = load(KNOWN)
    cases = [facts for _, facts, _ in CASES]
    got = rows(run_duckdb(program, facts_table(program, cases)))
    assert_same(program, cases, got)  # value by value: the interpreter's and decide()'s
    for row, (name, _, want) in zip(got, CASES):
        assert row["facts_error"] is None, name
        for key, value in want.items():
            assert row[f"{key}_error"] is None, (name, key)
            assert (row[key] is None) == (value is None), (name, key, row[key])


# ---------------------------------------------------------------------------- lawc check


def _gaps(program: c.Program) -> list[Any]:
    return [d for d in analyse(program).diagnostics if d.code == "gap"]


def test_check_finds_no_gap_in_an_optional_decision(compile_law: Compile) -> None:
    program = load(KNOWN)
    assert analyse(program).diagnostics == ()
    # the rules of "extra days" and "hold end" do not decide every case: without
    # `, if known` the first is a gap, shown by a case that leaves the count out
    variant, _ = compile_law(_without_if_known(), name="testing/known")
    gaps = _gaps(variant)
    assert [g.message for g in gaps] == [
        'a case where no rule decides "extra days" and there is no default']
    shown = next(n for n in gaps[0].notes if n.startswith("as JSON: "))
    facts = json.loads(shown.removeprefix("as JSON: "))
    assert facts.get("prior_order_count") is None
    with pytest.raises(Exception, match="extra days"):
        Interpreter(variant).decide(facts)
    assert Interpreter(program).decide(facts)["extra_days"] is None
    with_default, _ = compile_law(_without_if_known("0"), name="testing/known")
    assert _gaps(with_default) == []


# ------------------------------------------------------------------------ samples and diffs


def test_the_sample_leaves_an_optional_fact_unknown_in_some_cases() -> None:
    program = load(KNOWN)
    sampler = Sampler(FactSpace([program, program]), [program, program], 2011, 80)
    assert sampler._declared_alike() and len(sampler.cases) == 80
    for key in ("release_time", "prior_order_count"):
        values = [case.get(key) for case in sampler.cases]
        unknown = sum(v is None for v in values)
        assert 10 <= unknown <= 70, (key, unknown)  # about half
    assert all(isinstance(case["warrant"], bool) for case in sampler.cases)
    for k, case in enumerate(sampler.cases):
        assert sampler.parsed[0][k] == parse_facts(program, case), case
        Interpreter(program).decide(case)  # each drawn case is one the law decides


def test_a_diff_to_a_default_shows_the_cases_not_known_before(compile_law: Compile) -> None:
    old = load(KNOWN)
    new, _ = compile_law(_without_if_known("0"), name="testing/known")
    diff = diff_programs(old, new, samples=200)
    by_name = {d.name: d for d in diff.decisions}
    assert all(by_name[n].identical for n in ("hold end", "review", "priority"))
    extra = by_name["extra days"]
    assert not extra.identical
    changed = [t for t in extra.transitions if t.changed]
    assert [(t.old, t.new) for t in changed] == [("not known", "a value")]
    [region] = changed[0].regions
    assert region.conditions == ("the prior order count is not known",)
    witness = region.witness.facts
    assert witness.get("prior_order_count") is None
    assert Interpreter(old).decide(copy.deepcopy(witness))["extra_days"] is None
    assert Interpreter(new).decide(copy.deepcopy(witness))["extra_days"] == 0
    shares = {t.old: t.share.value for t in extra.transitions}
    assert 0.2 < shares["not known"] < 0.8  # the sample leaves the count out about half the time


def test_a_diff_whose_conditions_read_a_decision_that_may_be_missing(
        compile_law: Compile) -> None:
    """The sample's atoms (`the hold end is before the hearing time plus 24 hours`) are
    evaluated on cases where the hold end is not known: such an atom does not hold there (it
    once failed with a TypeError, the interpreter comparing None with a moment)."""
    old = load(KNOWN)
    text = KNOWN.read_text(encoding="utf-8")
    before = "the hold end is before the hearing time"
    assert text.count(before) == 1
    new, _ = compile_law(text.replace(before, before + " plus 24 hours"), name="testing/known")
    by_name = {d.name: d for d in diff_programs(old, new, samples=200).decisions}
    assert all(by_name[n].identical for n in ("extra days", "hold end", "review"))
    changed = [t for t in by_name["priority"].transitions if t.changed]
    assert [(t.old, t.new) for t in changed] == [("routine", "urgent")]
    for region in changed[0].regions:
        witness = region.witness.facts
        assert Interpreter(old).decide(copy.deepcopy(witness))["priority"] == "routine"
        decided = Interpreter(new).decide(copy.deepcopy(witness))
        assert decided["priority"] == "urgent" and decided["hold_end"] is not None
    assert changed[0].share.value < 0.1


GAP_LAW = '''law "{title}"
  jurisdiction: Nowhere

facts:
  the count: a whole number from 0 to 5

decision the extra: a whole number{default}

§ 1
  the extra is the count if the count is at least 1
'''


def test_a_diff_from_a_gap_to_a_computed_value(compile_law: Compile) -> None:
    """A computed decision that no rule decides in the older version and that a default
    decides in the newer: `gap → a value` (not `a different value`, with no older value to
    differ from), its witness decided so again."""
    old, _ = compile_law(GAP_LAW.format(title="Old", default=""), name="old")
    new, _ = compile_law(GAP_LAW.format(title="New", default="\n  by default: 0"), name="new")
    [extra] = diff_programs(old, new, samples=100).decisions
    changed = [(t.old, t.new) for t in extra.transitions if t.changed]
    assert changed == [("gap", "a value")]
    [transition] = [t for t in extra.transitions if t.changed]
    assert transition.share.value == pytest.approx(1 / 6)
    assert transition.regions[0].witness.facts == {"count": 0}


# --------------------------------------------------------------------------- the schema


def _validator(schema: dict[str, object]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_schema_lets_an_optional_fact_be_left_out_or_null(
        generated_package: GeneratedPackage) -> None:
    program = load(KNOWN)
    schema = facts_schema(program)
    assert schema["required"] == ["warrant", "hearing_time"]
    facts, results = _validator(schema), _validator(result_schema(program))
    module = generated_package.module(program)
    for name, case, want in CASES:
        assert not list(facts.iter_errors(case)), name
        assert not list(results.iter_errors(module.decide(copy.deepcopy(case)))), name
    for bad in [{"release_time": None, "hearing_time": HEARING},  # the warrant is required
                _facts(release_time="soon"), _facts(prior_order_count=6),
                _facts(warrant=None), _facts(hearing_time=None)]:
        assert list(facts.iter_errors(bad)), bad
    result = result_schema(program)["properties"]
    assert isinstance(result, dict)
    assert {"type": "null"} in result["hold_end"]["anyOf"]
    assert {"type": "null"} in result["extra_days"]["anyOf"]
    assert "anyOf" not in result["review"]
    assert not list(results.iter_errors({"extra_days": None, "hold_end": None,
                                         "review": True, "priority": "routine"}))
    assert list(results.iter_errors({"extra_days": 1, "hold_end": "2025-01-01T00:00",
                                     "review": None, "priority": "routine"}))


def test_lawc_schema_prints_the_optional_facts(generated_package: GeneratedPackage) -> None:
    result = CliRunner().invoke(main, ["schema", str(KNOWN)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == generated_package.module(load(KNOWN)).SCHEMA
    release = printed["facts"]["properties"]["release_time"]
    assert {"type": "null"} in release["anyOf"]
    assert release["description"] == "release time, if known"
    assert "release_time" not in printed["facts"]["required"]


def test_a_witness_says_which_facts_are_not_known(tmp_path: Path) -> None:
    """A witness's given lines (in `lawc check`, `lawc diff` and suggested examples) say a fact
    left without a value `is not known`, and an example made of them runs: the law decides it as
    it decides the witness."""
    program = load(KNOWN)
    facts: dict[str, object] = {"hearing_time": HEARING, "warrant": True,
                                "release_time": None, "prior_order_count": None}
    lines = given_lines(program, facts)
    assert "the release time is not known" in lines
    assert "the prior order count is not known" in lines
    assert "there is a warrant" in lines
    decided = Interpreter(program).decide({
        "hearing_time": HEARING, "warrant": True, "release_time": None, "prior_order_count": None})
    assert decided["extra_days"] is None and decided["review"] is True
    text = KNOWN.read_text(encoding="utf-8") + (
        '\nexample "a witness as its given lines"\n  given:\n'
        + "".join(f"    {line}\n" for line in lines)
        + "  expect:\n    the extra days is not known\n    the review is yes\n")
    law = tmp_path / "known.law"
    law.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(law)])
    assert result.exit_code == 0, result.output
    examples = text.count('\nexample "')
    assert result.output.startswith(f"{examples} passed, 0 failed"), result.output


def test_a_fact_that_becomes_known_is_given_a_value_near_the_case() -> None:
    """`--why-not` on Local Law 59's exception hold end, not known for examples/case.json: the
    answer makes the release time known, at a moment near the case's own dates (not the
    earliest the solver can write), with no "or later" (there is no value it moved from), and
    the law gives the end that answer states."""
    program = load(STATUTES / "nyc" / "local_law_59_2014.law")
    facts = json.loads((REPO / "examples" / "case.json").read_text(encoding="utf-8"))
    search = find(program, "exception hold end", facts)
    known = [(cf, ch) for cf in search.counterfactuals for ch in cf.changes
             if ch.path == "release_time"]
    assert known, [cf.text for cf in search.counterfactuals]
    cf, change = known[0]
    assert "the release time were known (for instance " in cf.text
    assert change.direction == ""
    moment = str(cf.facts["release_time"])
    request = str(facts["request"]["request_date"])
    days = abs((datetime.date.fromisoformat(moment[:10])
                - datetime.date.fromisoformat(request)).days)
    assert days <= 7, (moment, request)
    assert Interpreter(program).decide(copy.deepcopy(cf.facts), ignore_in_force=True)[
        "exception_hold_end"] is not None
