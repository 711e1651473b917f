"""The law in force: a version's generated module, its decision functions, its explanations,
the interpreter and `lawc evaluate` refuse a case dated outside the version's period
(`NotInForce`, naming the date, the period and the law) unless asked to ignore it, on the days
either side of each boundary."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.interpret import Interpreter
from compiler.runtime import FactsError, NotInForce
from conftest import GeneratedPackage, load

REPO = Path(__file__).resolve().parents[1]
LL62 = REPO / "statutes/nyc/local_law_62_2011.law"  # 2012-02-20 until 2013-07-15
LL58 = REPO / "statutes/nyc/local_law_58_2014.law"  # from 2014-12-14
BEFORE = REPO / "statutes/nyc/before_local_law_62.law"  # until 2013-07-15
CASE = json.loads((REPO / "examples/case.json").read_text(encoding="utf-8"))


def dated(day: str) -> dict[str, Any]:
    facts = copy.deepcopy(CASE)
    facts["request"]["request_date"] = day
    facts["request"]["instant_arrest_date"] = day
    return facts


# (law, day, in force that day)
BOUNDARIES = [
    (LL62, "2012-02-19", False), (LL62, "2012-02-20", True), (LL62, "2012-02-21", True),
    (LL62, "2013-07-14", True), (LL62, "2013-07-15", True), (LL62, "2013-07-16", False),
    (LL58, "2014-12-13", False), (LL58, "2014-12-14", True), (LL58, "2014-12-15", True),
    (BEFORE, "1990-01-01", True), (BEFORE, "2013-07-15", True), (BEFORE, "2013-07-16", False),
]


@pytest.mark.parametrize(("law", "day", "in_force"), BOUNDARIES,
                         ids=[f"{law.stem}-{day}" for law, day, _ in BOUNDARIES])
def test_each_side_of_a_boundary(law: Path, day: str, in_force: bool,
                                 generated_package: GeneratedPackage) -> None:
    program = load(law)
    module = generated_package.module(program)
    interpreter = Interpreter(program)
    facts = dated(day)
    regardless = module.decide(facts, ignore_in_force=True)
    assert interpreter.decide(facts, ignore_in_force=True) == regardless
    case = module.Case.from_dict(facts)
    if in_force:
        assert module.decide(facts) == regardless == interpreter.decide(facts)
        assert module.hold(case).value == regardless["hold"]
        return
    for refuse in (lambda: module.decide(facts), lambda: interpreter.decide(facts),
                   lambda: module.hold(case), lambda: module.explain_hold(facts)):
        with pytest.raises(NotInForce) as caught:
            refuse()
        assert isinstance(caught.value, FactsError)
        assert caught.value.path == "request.request_date"
        assert caught.value.law == program.title
        assert f"the case is dated {day}, but {program.title} is in force " in str(caught.value)
    assert module.hold(case, ignore_in_force=True).value == regardless["hold"]
    assert module.explain_hold(facts, ignore_in_force=True).outcome == regardless["hold"]


def test_the_message_names_the_period(generated_package: GeneratedPackage) -> None:
    module = generated_package.module(load(LL62))
    with pytest.raises(NotInForce) as caught:
        module.decide(dated("2015-06-01"))
    assert str(caught.value) == (
        "request.request_date: the case is dated 2015-06-01, but Local Law 62 of 2011 is in "
        "force from 2012-02-20 until 2013-07-15: ask the version in force on that day, or "
        "ignore the period in force")


def test_a_law_without_a_period_takes_the_parameter_and_checks_nothing(
        generated_package: GeneratedPackage) -> None:
    program = load(REPO / "statutes/us/penalties_1324a.law")
    assert program.dated_by is None
    module = generated_package.module(program)
    assert "_check_in_force" not in vars(module)
    source = (REPO / "generated/us/penalties_1324a.py").read_text(encoding="utf-8")
    assert "def decide(facts: Mapping[str, object], *, ignore_in_force: bool = False)" in source


def test_the_dating_fact_is_read_by_a_law_that_reads_no_other_date(
        generated_package: GeneratedPackage) -> None:
    """The practice before Local Law 62 reads only the agency, but is dated by the request."""
    module = generated_package.module(load(BEFORE))
    facts = dated("2012-01-01")
    del facts["request"]["request_date"]
    with pytest.raises(FactsError) as caught:
        module.decide(facts)
    assert caught.value.path == "request.request_date"


def test_lawc_evaluate_refuses_and_ignores_on_request(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps(dated("2015-06-01")), encoding="utf-8")
    runner = CliRunner()
    for statute in ("statutes/nyc/local_law_62_2011.law", "generated.nyc.local_law_62_2011"):
        refused = runner.invoke(main, ["evaluate", statute, "--facts", str(facts)])
        assert refused.exit_code == 1, refused.output
        assert "not in force: the case is dated 2015-06-01" in refused.output
        assert "--ignore-in-force" in refused.output
        assert "Traceback" not in refused.output
        decided = runner.invoke(main, ["evaluate", statute, "--facts", str(facts),
                                       "--ignore-in-force"])
        assert decided.exit_code == 0, decided.output
        assert json.loads(decided.output) == {"hold": "must be declined"}


def test_lawc_evaluate_csv_refuses_each_row_out_of_the_period(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["evaluate", "statutes/nyc/local_law_62_2011.law",
                                       "--csv", "examples/cases.csv", "--format", "csv"])
    assert result.exit_code == 1
    assert "row 2: request.request_date: the case is dated 2015-10-25" in result.output
    assert "4 of 4 rows failed" in result.output
