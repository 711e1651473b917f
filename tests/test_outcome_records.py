"""Records of outputs (`decision the penalty range: a record of the minimum penalty and the
maximum penalty`): printed as written, given by the interpreter's and the generated `decide()`
alike as an object of the outputs' values, a typed `NamedTuple` from the generated function,
in the module's schema and metadata, and refused where a rule, an example or a fact names the
record instead of an output."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

from compiler import driver
from compiler.backends.schema import result_schema
from compiler.core.names import key
from compiler.diagnostics import DiagnosticError
from compiler.interpret import Interpreter
from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.parse import parse

LAW = '''law "Penalty Ranges"
  jurisdiction: Nowhere

facts:
  the alien count: a whole number from 0 to 100
  the prior order count: a whole number from 0 to 5

decision the minimum penalty: money
decision the maximum penalty: money
  by default: $0
decision the tier: one of first, second
decision the penalty range: a record of the tier, the minimum penalty and the maximum penalty
  question: "Between which amounts must the penalty lie?"

§ 1
  the tier is first if the prior order count is 0
  the tier is second if the prior order count is at least 1
  the minimum penalty is $250 times the alien count if the tier is first
  the maximum penalty is $2,000 times the alien count if the tier is first
  the minimum penalty is $2,000 times the alien count if the tier is second
  the maximum penalty is $5,000 times the alien count if all of the following:
    - the tier is second
    - the alien count is at least 1
'''


def _declared(text: str) -> dict[str, s.TypeExpr]:
    return {i.name: i.type for i in parse(text, "law.law").items if isinstance(i, s.DecisionDecl)}


def test_a_record_prints_back_as_written() -> None:
    tree = parse(LAW, "law.law")
    assert _declared(LAW)["penalty range"] == s.OutcomeRecordType(
        fields=("tier", "minimum penalty", "maximum penalty"))
    printed = surface_print.file(tree)
    assert "a record of the tier, the minimum penalty and the maximum penalty" in printed
    assert parse(printed, "law.law") == tree


def test_decide_gives_the_record_as_the_interpreter_does(compile_law: Any) -> None:
    program, text = compile_law(LAW)
    assert list(program.outcome_records) == ["penalty range"]
    assert "class PenaltyRange(NamedTuple):" in text
    module = driver.module_in_memory(program)
    interpreter = Interpreter(program)
    for aliens, orders in itertools.product((0, 1, 3), (0, 1, 2)):
        facts = {"alien_count": aliens, "prior_order_count": orders}
        decided = module.decide(facts)
        assert decided == interpreter.decide(facts), facts
        assert decided["penalty_range"] == {"tier": decided["tier"],
                                            "minimum_penalty": decided["minimum_penalty"],
                                            "maximum_penalty": decided["maximum_penalty"]}
    record = module.penalty_range(module.Case(alien_count=3, prior_order_count=1))
    assert record == (module.Tier.SECOND, 6000, 15000)
    assert record.maximum_penalty == 15000 and type(record.minimum_penalty).__name__ == "Decimal"
    assert module.penalty_range.__annotations__["return"] in ("PenaltyRange",
                                                              module.PenaltyRange)
    assert "PenaltyRange" in module.__all__ and "penalty_range" in module.__all__
    assert module.STATUTE["records"] == {"penalty_range": {
        "name": "penalty range", "function": "penalty_range",
        "fields": ["tier", "minimum_penalty", "maximum_penalty"],
        "question": "Between which amounts must the penalty lie?"}}


def test_the_schema_describes_the_record(compile_law: Any) -> None:
    program, _ = compile_law(LAW)
    schema = result_schema(program)
    record = schema["properties"]["penalty_range"]  # type: ignore[index]
    assert record["required"] == ["tier", "minimum_penalty", "maximum_penalty"]
    assert record["properties"]["tier"] == schema["properties"]["tier"]  # type: ignore[index]
    jsonschema = pytest.importorskip("jsonschema")
    module = driver.module_in_memory(program)
    jsonschema.validate(module.decide({"alien_count": 2, "prior_order_count": 0}), schema)


@pytest.mark.parametrize(("change", "message"), [
    ("decision the penalty range: a record of the minimum penalty and the maximum penalty",
     None),
    ("decision the penalty range: a record of the minimum penalty and the maximum fine",
     'no decision is called "maximum fine"'),
    ("decision the penalty range: a record of the minimum penalty and the minimum penalty",
     '"the minimum penalty" is named twice in the record'),
])
def test_its_outputs_are_decisions_named_once(compile_law: Any, change: str,
                                              message: str | None) -> None:
    law = LAW.replace("decision the penalty range: a record of the tier, the minimum penalty "
                      "and the maximum penalty", change)
    if message is None:
        compile_law(law)
        return
    with pytest.raises(DiagnosticError) as raised:
        compile_law(law)
    assert [d.message for d in raised.value.diagnostics] == [message]


@pytest.mark.parametrize("addition", [
    "\n§ 2\n  the penalty range is $5 if the alien count is 0\n",
    "\n§ 2\n  the minimum penalty is $1 if the penalty range is $5\n",
    '\nexample "e"\n  given:\n    the alien count is 1\n    the prior order count is 0\n'
    "  expect: the penalty range is $5\n",
])
def test_a_rule_or_an_example_names_an_output_not_the_record(compile_law: Any,
                                                             addition: str) -> None:
    with pytest.raises(DiagnosticError) as raised:
        compile_law(LAW + addition)
    messages = [d.message for d in raised.value.diagnostics]
    assert messages[0].startswith('"the penalty range" is a record of decisions: name one of '
                                  'them, "the tier", "the minimum penalty" or "the maximum'), messages


def test_a_fact_is_not_a_record_of_decisions(compile_law: Any) -> None:
    law = LAW.replace("  the prior order count: a whole number from 0 to 5\n",
                      "  the prior order count: a whole number from 0 to 5\n"
                      "  the pair: a record of the tier and the tier\n")
    with pytest.raises(DiagnosticError) as raised:
        compile_law(law)
    assert "a record of decisions is the type of a decision only" in str(raised.value)


def test_the_command_line_takes_a_record_where_it_takes_a_decision(tmp_path: Any) -> None:
    """`lawc explain --decision "penalty range"` explains each output; `lawc schema` gives the
    record's object; a name that is neither is refused, listing the records too."""
    import json

    from click.testing import CliRunner

    from compiler.cli import main
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps({
        "unauthorized_alien_count": 3, "prior_order_count": 1, "violation_date": "2020-01-01",
        "assessment_date": "2021-01-01", "assessing_department": "DHS"}), encoding="utf-8")
    runner = CliRunner()
    explained = runner.invoke(main, ["explain", "us/penalties_1324a", "--facts", str(facts),
                                     "--decision", "penalty range"])
    assert explained.exit_code == 0, explained.output
    assert "the minimum penalty is $14,001." in explained.output
    assert "the maximum penalty is $34,995." in explained.output
    schema = runner.invoke(main, ["schema", "us/penalties_1324a", "--decision", "penalty range"])
    assert schema.exit_code == 0, schema.output
    assert list(json.loads(schema.output)["result"]["properties"]) == ["penalty_range"]
    wrong = runner.invoke(main, ["schema", "us/penalties_1324a", "--decision", "penalty rang"])
    assert wrong.exit_code == 2 and "DOJ third-tier maximum, penalty range)" in wrong.output


JOINT = '''law "Joint"
  jurisdiction: Nowhere

a loan has:
  a fine: money

a borrower has:
  loans: a list of loans

facts:
  the borrower: a borrower
  the age: a whole number from 0 to 120
  the band: one of low, high, other

decision the fee: money
  by default: $1
decision the waiver: yes or no
  by default: no
decision the fee notice: a record of the fee and the waiver
decision the share: money
decision the share notice: a record of the share and the waiver

§ 1
  the fee is $9 if the band is other and any loan of the borrower such that its fine is more than $10
  the waiver is yes if the band is other and any loan of the borrower such that its fine is more than $10
  the fee is $5 times the age if the band is low
  the waiver is yes if the band is low
  the fee is $2 if the band is high
  the waiver is yes if the band is high
  the share is $3 if the band is low
'''


@pytest.mark.parametrize("band", ["low", "high", "other"])
@pytest.mark.parametrize("fines", [[], ["5"], ["5", "20"]])
def test_a_record_whose_outputs_test_the_same_conditions_is_one_chain(
        compile_law: Any, band: str, fines: list[str]) -> None:
    """One chain where the outputs share their conditions (a list's test kept as a loop; where
    no rule applies, the defaults), each output's own function where they do not; both give
    what the outputs give, a gap included."""
    program, text = compile_law(JOINT)
    fee_notice = text[text.index("def fee_notice("):text.index("def share_notice(")]
    assert "Its outputs' rules test the same conditions" in fee_notice
    assert "fee(case" not in fee_notice.split('"""')[2]  # the chain itself, no calls
    assert "share(case, ignore_in_force=ignore_in_force)" in text  # § 1 gives share one rule
    module = driver.module_in_memory(program)
    case = module.Case.from_dict({"borrower": {"loans": [{"fine": f} for f in fines]},
                                  "age": 30, "band": band})
    assert module.fee_notice(case) == (module.fee(case), module.waiver(case))
    if band == "low":
        assert module.share_notice(case) == (module.share(case), module.waiver(case))
    else:
        with pytest.raises(module.rt.LawGap):
            module.share_notice(case)


PLACED = '''law "Placed"
  jurisdiction: Nowhere

facts:
  the age: a whole number from 0 to 120
  the start date: a date
  the end date: a date

decision the class: one of young, old
decision the day: a date
decision the low: money
decision the high: money
decision the range: a record of the low and the high

§ 1
  the class is young if the age is less than 18
  the class is old if the age is more than 65
  the day is the start date if the age is less than 40
  the day is the end date if the age is at least 40
  the low is $1 if the class is young
  the high is $2 if the class is young
  the low is $3 if the class is old
  the high is $4 if the class is old
'''


@pytest.mark.parametrize("age", [0, 17, 18, 40, 65, 66, 120])
def test_the_decisions_a_joint_record_reads_are_written_in_place(compile_law: Any,
                                                                 age: int) -> None:
    """The class (a chain that may leave a gap) is one conditional expression, its own function
    called past its last rule so that the record raises the gap the outputs raise."""
    program, text = compile_law(PLACED)
    body = text[text.index("def range_("):text.index("class _Unchecked")]
    assert "__class = (_CLASS_YOUNG if case.age < 18 else _CLASS_OLD if case.age > 65 else " \
        "class_(case))  # the class, in place" in body, body
    module = driver.module_in_memory(program)
    case = module.Case(age=age, start_date=datetime.date(2020, 1, 1),
                       end_date=datetime.date(2021, 1, 1))
    try:
        expected: object = (module.low(case), module.high(case))
    except module.rt.LawGap as gap:
        with pytest.raises(module.rt.LawGap) as raised:
            module.range_(case)
        assert str(raised.value) == str(gap)
    else:
        assert module.range_(case) == expected


def test_a_record_named_like_the_modules_own_names_does_not_replace_them(
        compile_law: Any) -> None:
    names = ["case", "decide", "named tuple", "NamedTuple", "new tuple", "final", "rt"]
    records = "".join(f"decision the {n}: a record of the low and the high\n" for n in names)
    law = ('law "Clash"\n  jurisdiction: X\n\nfacts:\n  the n: a whole number from 0 to 10\n\n'
           "decision the low: money\ndecision the high: money\n" + records
           + "\n§ 1\n  the low is $1 times the n\n  the high is $2 times the n\n")
    program, text = compile_law(law)
    assert "\nfrom typing import Any, Final, NamedTuple\n" in text
    assert "class NamedTuple(" not in text and "class Final(" not in text
    module = driver.module_in_memory(program)
    case = module.Case(n=3)
    assert module.decide({"n": 3})["case"] == {"low": "3", "high": "6"}
    for record in program.outcome_records.values():
        function = getattr(module, module.STATUTE["records"][key(record.name)]["function"])
        assert function(case) == (3, 6), record.name
