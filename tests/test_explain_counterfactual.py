"""Counterfactuals: each answer changes the outcome when the changed case is decided again (by
the interpreter and by the generated module), changes as few facts as possible, and says so in
words. Runs the first examples of every statute (the solver takes seconds per case)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import z3

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import parse_facts
from compiler.explain.counterfactual import Finder
from compiler.interpret import Interpreter
from conftest import file_id, load, statute_laws

LAWS = statute_laws()
EXAMPLES_PER_LAW = 2


def _changed_leaves(before: Any, after: Any, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        return [p for k in sorted(set(before) | set(after))
                for p in _changed_leaves(before.get(k), after.get(k), f"{path}.{k}")]
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [path]
        return [p for i, (b, a) in enumerate(zip(before, after))
                for p in _changed_leaves(b, a, f"{path}[{i}]")]
    return [] if before == after else [path]


@pytest.mark.slow  # the solver's search for every decision of every law (CI runs it)
@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_counterfactuals_flip_the_outcome_and_are_checked(file: Path) -> None:
    program = load(file)
    interpreter = Interpreter(program)
    with Finder(program) as finder:
        for example in program.examples[:EXAMPLES_PER_LAW]:
            for decision in program.decisions:
                key = names.key(decision)
                before = interpreter.decide(example.facts)[key]
                search = finder.find(decision, json.loads(json.dumps(example.facts)))
                assert search.counterfactuals or search.note
                for cf in search.counterfactuals:  # one may move the case out of the period
                    after = interpreter.decide(cf.facts, ignore_in_force=True)[key]
                    if c.is_computed(program.decisions[decision]):  # another rule decides
                        assert finder.module.decide(cf.facts, ignore_in_force=True)[key] == after
                        rule = interpreter.outcome(decision, parse_facts(program, cf.facts)).rule
                        assert rule is not None and cf.decided_by == (rule.citation,)
                        continue
                    assert after != before and str(after) == cf.outcome or (
                        isinstance(after, bool) and cf.outcome == ("yes" if after else "no"))
                    assert finder.module.decide(cf.facts, ignore_in_force=True)[key] == after
                    assert cf.changes and cf.text.startswith("If ")
                    changed = _changed_leaves(example.facts, cf.facts)
                    assert changed, cf.text
                    # as few changes as possible: no single fact of those changed, put back
                    # alone, keeps the new outcome when only one fact was changed
                    if len(changed) == 1:
                        assert len([ch for ch in cf.changes if ch.before != "(new)"]) == 1


def test_a_felony_date_counterfactual_names_the_boundary() -> None:
    """LL 62: a conviction is counted only if judged on or before the request date, so moving
    either date names the boundary day (which of the equally small changes comes first is the
    solver's choice)."""
    program = load(Path("statutes/nyc/local_law_62_2011.law").resolve())
    facts = {"agency": "Department of Correction", "request": {"request_date": "2014-06-01"},
             "person": {"convictions": [{"class": "felony", "judgment_date": "2004-06-01",
                                         "youthful_offender_adjudication": False}],
                        "pending_charges": [], "outstanding_criminal_warrant": False,
                        "known_gang_membership_in_a_law_enforcement_database": False,
                        "possible_match_in_the_terrorist_screening_database": False,
                        "prior_order_of_removal": False}}
    with Finder(program, per_outcome=4) as finder:
        search = finder.find("hold", facts)
    texts = [cf.text for cf in search.counterfactuals]
    assert any("request date were 2004-05-31 or earlier instead of 2014-06-01" in t
               or "judgment date were 2014-06-02 or later instead of 2004-06-01" in t
               for t in texts), texts
    assert all(cf.outcome == "must be declined" for cf in search.counterfactuals)


def test_no_counterfactual_when_nothing_changes_the_outcome(compile_law: Any) -> None:
    program, _ = compile_law('''law "Always"
  jurisdiction: X

a person has:
  a flag: yes or no

facts:
  the person: a person

decision the answer: yes or no
  by default: no

§ 1
  the answer if the person has a flag
  the answer if the person has no flag
''')
    with Finder(program) as finder:
        search = finder.find("answer", {"person": {"flag": True}})
    assert not search.counterfactuals
    assert "no change" in search.note
    assert z3.get_version_string()


_WATCH: list[tuple[str, object]] = []  # what the audit hook saw while watching
_WATCHING = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHING[0]:
        return
    if event == "import":
        _WATCH.append((event, args[0]))
    elif event == "open" and isinstance(args[0], (str, bytes, Path)):
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and any(ch in mode for ch in "wax+")) or flags & 0o3:
            _WATCH.append((event, args[0]))
    elif event in ("os.mkdir", "os.rename", "os.remove", "shutil.rmtree"):
        _WATCH.append((event, args[0]))


def test_why_not_leaves_modules_path_and_files_as_they_were() -> None:
    """`lawc explain --why-not` checks its answers against the generated module compiled in
    memory: no file written or folder made (in the project or the temporary folder), nothing
    imported, no entry added to or changed in `sys.modules` or `sys.path`."""
    import sys

    from click.testing import CliRunner

    from compiler.cli import main

    repo = Path(__file__).resolve().parents[1]
    example = load(repo / "statutes/nyc/local_law_62_2011.law").examples[0]
    runner = CliRunner()
    args = ["explain", "nyc/local_law_62_2011", "--example", example.name, "--decision", "hold",
            "--why-not", "--format", "json"]
    runner.invoke(main, args)  # the compiler's own imports done once, before watching
    sys.addaudithook(_audit)
    before = (dict(sys.modules), list(sys.path))
    _WATCHING[0] = True
    try:
        result = runner.invoke(main, args)
    finally:
        _WATCHING[0] = False
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counterfactuals"]
    assert [w for w in _WATCH if w[0] != "import" or str(w[1]).startswith("generated")] == []
    assert sys.modules.keys() == before[0].keys()
    assert all(sys.modules[n] is m for n, m in before[0].items())
    assert sys.path == before[1]


SIMPLER_FIRST = '''law "Simpler first"
  jurisdiction: X

a charge has:
  a felony: yes or no

a person has:
  a warrant: yes or no
  charges: a list of charges
  income: money from $0 to $100,000
  a filing date: a date

facts:
  the person: a person

decision the hold: yes or no
  by default: no

§ 1
  the hold if the person has a warrant
  the hold if any charge of the person such that it has a felony
  the hold if the person's income is more than $1,000.50
  the hold if the person's filing date is after 2020-03-01
'''


def test_a_changed_fact_comes_before_a_new_record_and_values_are_nearest(
        compile_law: Any) -> None:
    """Of the answers that change one fact, the yes/no comes before a record added to a list;
    the money and the date are the nearest that work (a cent and a day past the line)."""
    program, _ = compile_law(SIMPLER_FIRST)
    facts = {"person": {"warrant": False, "charges": [], "income": "10.00",
                        "filing_date": "2019-01-01"}}
    with Finder(program, per_outcome=4) as finder:
        search = finder.find("hold", facts)
    texts = [cf.text for cf in search.counterfactuals]
    assert len(texts) == 4, texts
    assert all(len(cf.changes) == 1 or cf.changes[0].before != "(new)" for cf in
               search.counterfactuals)
    assert "charges" in texts[-1], texts  # the record added comes last of the four
    assert any("$1,000.51 or more instead of $10.00" in t for t in texts), texts
    assert any("2020-03-02 or later instead of 2019-01-01" in t for t in texts), texts
    assert any("had a warrant" in t for t in texts), texts
