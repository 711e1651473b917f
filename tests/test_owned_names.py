"""Names with an owner, as laws write them (`the claimant's age`): a fact, a definition or a
decision so named is one name where nothing is called "the claimant", read by rules, tables,
examples and explanations, printed back as written, and given a Python-safe key."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from compiler import driver
from compiler.diagnostics import DiagnosticError
from compiler.interpret import Interpreter
from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.format import format_text
from compiler.surface.parse import parse

LAW = '''law "Owned Names"
  jurisdiction: Nowhere

facts:
  the claimant's age: a whole number from 0 to 150
  the claimant’s spouse's age: a whole number from 0 to 150
  the claimant's income: money

decision the claimant's benefit: money
  by default: $0

decision the claimant's band: one of low, high

§ 1 "Benefit"
  the claimant's household age means the claimant's age plus the claimant's spouse's age
  the claimant's benefit is $100 if all of the following:
    - the claimant's age is at least 65
    - the claimant's household age is at least 130

§ 2 "Band"
  the claimant's band is decided by this table (hit policy: first):
    | the claimant's income | claimant's band |
    | at least $1,000       | high            |
    | -                     | low             |

example "an older couple"
  given:
    the claimant's age is 70
    the claimant's spouse's age is 66
    the claimant's income is $500
  expect:
    the claimant's benefit is $100
    the claimant's band is low
    the claimant's household age is 136
'''


def _facts(tree: s.File) -> list[str]:
    return [f.name for item in tree.items if isinstance(item, s.FactsDecl) for f in item.fields]


def test_an_owned_name_is_declared_as_one_name() -> None:
    tree = parse(LAW, "owned.law")
    assert _facts(tree) == ["claimant's age", "claimant's spouse's age", "claimant's income"]
    decisions = [i.name for i in tree.items if isinstance(i, s.DecisionDecl)]
    assert decisions == ["claimant's benefit", "claimant's band"]


def test_it_prints_and_formats_back_to_the_same_tree() -> None:
    tree = parse(LAW, "owned.law")
    printed = surface_print.file(tree)
    assert "decision the claimant's benefit: money" in printed
    assert parse(printed, "owned.law") == tree
    assert parse(format_text(LAW, "owned.law"), "owned.law") == tree


def test_rules_tables_and_examples_read_it(compile_law: Any) -> None:
    program, text = compile_law(LAW)
    assert "def claimant_s_benefit(" in text and "claimant_s_spouse_s_age: int" in text
    module = driver.module_in_memory(program)
    interpreter = Interpreter(program)
    for age, spouse, income in itertools.product((60, 65, 70), (60, 65, 70), (500, 1000)):
        facts = {"claimant_s_age": age, "claimant_s_spouse_s_age": spouse,
                 "claimant_s_income": str(income)}
        decided = interpreter.decide(facts)
        assert module.decide(facts) == decided, facts
        assert decided["claimant_s_benefit"] == ("100" if age >= 65 and age + spouse >= 130
                                                 else "0")
        assert decided["claimant_s_band"] == ("high" if income >= 1000 else "low")
    explanation = str(module.explain_claimant_s_benefit(
        {"claimant_s_age": 70, "claimant_s_spouse_s_age": 66, "claimant_s_income": "0"}))
    assert "the claimant's age is at least 65" in explanation
    assert "the claimant's spouse's age: 66" in explanation


def test_its_examples_run(compile_law: Any, tmp_path: Any) -> None:
    compile_law(LAW)
    from click.testing import CliRunner

    from compiler.cli import main
    result = CliRunner().invoke(main, ["test", str(tmp_path / "statutes" / "law.law")])
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output


@pytest.mark.parametrize(("declaration", "message"), [
    ("  the claimant: a claimant\n  the claimant's age: a whole number from 0 to 150\n",
     '"the claimant\'s age" would also read as the claimant\'s "age"'),
])
def test_an_owner_that_is_also_a_fact_is_ambiguous(compile_law: Any, declaration: str,
                                                    message: str) -> None:
    law = ('law "L"\n  jurisdiction: X\n\na claimant has:\n  the age: a whole number from 0 '
           'to 150\n\nfacts:\n' + declaration + '\ndecision the ok: yes or no\n  by default: '
           'no\n\n§ 1\n  the ok is yes if the claimant\'s age is at least 65\n')
    with pytest.raises(DiagnosticError) as raised:
        compile_law(law)
    assert [d.message for d in raised.value.diagnostics if d.code == "ambiguous-name"] \
        == [message]


def test_for_each_counts_the_one_owned_count_that_ends_so(compile_law: Any) -> None:
    """`$400 for each dependant` reads `the filer's dependant count` where no fact is called
    "dependant count" and only one owned name ends so; with two, neither is chosen."""
    law = ('law "L"\n  jurisdiction: X\n\nfacts:\n  the filer\'s dependant count: a whole number '
           'from 0 to 20\n\ndecision the credit: money\n\n§ 1\n  the credit is $400 for each '
           'dependant\n')
    program, _ = compile_law(law)
    assert Interpreter(program).decide({"filer_s_dependant_count": 3}) == {"credit": "1200"}
    two = law.replace("facts:\n", "facts:\n  the spouse\'s dependant count: a whole number from 0 "
                      "to 20\n")
    with pytest.raises(DiagnosticError) as raised:
        compile_law(two)
    assert '"for each dependant" counts' in str(raised.value)



CALLS = '''law "Owned Calls"
  jurisdiction: Nowhere

facts:
  the prior order count: a whole number from 0 to 10
  the alien count: a whole number from 0 to 100

decision the penalty: money

decision the next penalty: money

§ 1 "Tiers"
  the employer's penalty per alien for a prior order count means $250 plus $1,000 times the prior order count
  the penalty is the employer's penalty per alien for (the prior order count) times the alien count
  the next penalty is the employer’s penalty per alien for (the prior order count plus 1)

example "a second order"
  given:
    the prior order count is 1
    the alien count is 3
  expect:
    the penalty is $3,750
    the next penalty is $2,250
'''


def test_a_definition_with_a_parameter_is_called_through_its_owned_name(
        compile_law: Any) -> None:
    """`the employer's penalty per alien for (…)` calls the owned definition, whichever
    apostrophe is typed; it prints back as written, and the interpreter and the generated code
    agree on it."""
    law = CALLS
    tree = parse(law, "calls.law")
    calls = [e for e in _walk(tree) if isinstance(e, s.Call)]
    assert [(c.name, c.owner) for c in calls] == [("employer's penalty per alien for", None)] * 2
    printed = surface_print.file(tree)
    assert "the employer's penalty per alien for (the prior order count plus 1)" \
        in printed
    assert parse(printed, "calls.law") == tree
    program, text = compile_law(law)
    assert "def the_employer_s_penalty_per_alien_for_a_prior_order_count(" in text
    module = driver.module_in_memory(program)
    for orders, aliens in itertools.product((0, 1, 10), (0, 3)):
        facts = {"prior_order_count": orders, "alien_count": aliens}
        decided = Interpreter(program).decide(facts)
        assert module.decide(facts) == decided
        assert decided == {"penalty": str((250 + 1000 * orders) * aliens),
                           "next_penalty": str(250 + 1000 * (orders + 1))}


def test_a_call_on_a_value_or_a_misspelt_owned_call_is_an_error(compile_law: Any) -> None:
    law = CALLS
    misspelt = law.replace("the employer's penalty per alien for (the prior order count) times",
                           "the employer's penalty par alien for (2) times")
    assert misspelt != law
    with pytest.raises(DiagnosticError) as raised:
        compile_law(misspelt)
    [d] = raised.value.diagnostics
    assert (d.code, d.hint) == ("unknown-name", 'did you mean "employer\'s penalty per alien '
                                "for\"?")
    on_a_value = law.replace("the employer's penalty per alien for (the prior order count) times",
                             "(the alien count plus 1)'s penalty per alien for (2) times")
    assert on_a_value != law
    with pytest.raises(DiagnosticError) as raised:
        compile_law(on_a_value)
    [d] = raised.value.diagnostics
    assert d.code == "unknown-name" and "is called on a value" in d.message
    assert d.hint is not None and 'give the value as its argument' in d.hint
    tree = parse(on_a_value, "calls.law")
    assert parse(surface_print.file(tree), "calls.law") == tree


def _walk(node: Any) -> Any:
    """Every surface node under `node`, depth first."""
    yield node
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item)
    elif hasattr(node, "__dataclass_fields__"):
        for name in node.__dataclass_fields__:
            yield from _walk(getattr(node, name))
