"""Every example of every law passes through the interpreter (`lawc test`'s path) and through
the generated module's `decide()`."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import driver
from compiler.core.facts import to_json
from compiler.core.names import key
from conftest import GeneratedPackage, all_laws, file_id, load

LAWS = all_laws()


@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_examples_pass_in_the_interpreter(file: Path) -> None:
    program = load(file)
    failures = [f"{d.span}: {d.message}" for result in driver.run_examples(program)
                for d in result.diagnostics]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_examples_pass_in_the_generated_module(file: Path,
                                               generated_package: GeneratedPackage) -> None:
    program = load(file)
    module = generated_package.module(program)
    failures = []
    for example in program.examples:
        if example.failures:  # run_examples checks the generated module raises them
            continue
        try:
            got = module.decide(example.facts)
        except Exception as exc:  # noqa: BLE001 - reported with the example's name
            failures.append(f'"{example.name}": {type(exc).__name__}: {exc}')
            continue
        for expectation in example.expect:
            want = to_json(expectation.value.value)
            if got[key(expectation.decision)] != want:
                failures.append(f'"{example.name}": the {expectation.decision} is '
                                f"{got[key(expectation.decision)]!r}, expected {want!r}")
    assert not failures, "\n".join(failures)


def test_a_wrong_expectation_fails(compile_law) -> None:  # type: ignore[no-untyped-def]
    """The example runner is not vacuous: an example expecting the wrong value fails."""
    program, _ = compile_law(WRONG)
    results = driver.run_examples(program)
    assert [r.passed for r in results] == [True, False]
    assert results[1].diagnostics[0].code == "example-failed"


WRONG = '''law "Flags"
  jurisdiction: Nowhere

facts:
  a flag: yes or no

decision the answer: yes or no
  by default: no

§ 1
  the answer if the flag

example "flag given"
  given:
    there is a flag
  expect: the answer is yes

example "flag given, wrong expectation"
  given:
    there is a flag
  expect: the answer is no
'''


FEES = '''law "Fees"
  jurisdiction: Nowhere

facts:
  the count: a whole number

decision the fee: money
decision the note: yes or no
  by default: no

§ 5
  the fee is $10 if the count is at least 1

§ 6
  the fee is $20 if the count is at least 2

§ 7
  the note is yes if the count is at least 5

example "two: a conflict"
  given:
    the count is 2
  expect:
    the note is no
    a conflict between § 5 and § 6 in the fee

example "none: a gap"
  given:
    the count is 0
  expect: a gap in the fee

example "a conflict, its provisions not named"
  given:
    the count is 6
  expect:
    a conflict in the fee
    the note is yes
'''

WRONG_FAILURES = {
    "one: decided": ("expect: a gap in the fee",
                     "the fee is 10, but the example expects a gap in the fee"),
    "three: other provisions": (
        "expect: a conflict between § 5 and § 7 in the fee",
        "the conflict in the fee is between § 5 and § 6, but the example expects a conflict "
        "between § 5 and § 7 in the fee"),
    "none: not a conflict": ("expect: a conflict in the fee",
                             "the law meets a gap in the fee, but the example expects a "
                             "conflict in the fee"),
}


def test_an_example_may_expect_a_conflict_or_a_gap(compile_law) -> None:  # type: ignore[no-untyped-def]
    program, _ = compile_law(FEES)
    assert [f.kind for e in program.examples for f in e.failures] == ["conflict", "gap",
                                                                      "conflict"]
    assert program.examples[0].failures[0].between == ("§ 5", "§ 6")
    results = driver.run_examples(program)
    assert [r.diagnostics for r in results] == [(), (), ()]


def test_a_wrong_conflict_or_gap_fails_with_what_the_law_meets(compile_law) -> None:  # type: ignore[no-untyped-def]
    counts = {"one": 1, "three": 3, "none": 0}
    added = "".join(f'\nexample "{name}"\n  given:\n    the count is {counts[name.split(":")[0]]}\n'
                    f"  {line}\n" for name, (line, _) in WRONG_FAILURES.items())
    program, _ = compile_law(FEES + added)
    results = driver.run_examples(program)[3:]
    got = {r.example.name: [(d.code, d.message) for d in r.diagnostics] for r in results}
    assert got == {name: [("example-failed", f'example "{name}": {message}')]
                   for name, (_, message) in WRONG_FAILURES.items()}


def test_the_generated_code_must_meet_the_expected_conflict(compile_law, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An expected conflict is checked in the generated module too: one that decides fails."""
    from compiler.driver import examples, output

    program, _ = compile_law(FEES)
    real = output.module_in_memory(program)

    class Deciding:
        rt = real.rt

        @staticmethod
        def decide(facts: dict[str, object]) -> dict[str, object]:
            return {"fee": "10", "note": False}

    monkeypatch.setattr(examples, "module_in_memory", lambda _: Deciding)
    (first, *_) = driver.run_examples(program)
    assert [d.message for d in first.diagnostics] == [
        'example "two: a conflict": the generated code decides every decision, but the example '
        "expects a conflict between § 5 and § 6 in the fee (in the generated code)"]


def test_expected_conflicts_print_back(compile_law) -> None:  # type: ignore[no-untyped-def]
    from compiler.surface.parse import parse
    from compiler.surface.print import file as print_file

    tree = parse(FEES, "fees.law")
    text = print_file(tree)
    assert "    a conflict between § 5 and § 6 in the fee\n" in text
    assert "  expect: a gap in the fee\n" in text
    assert parse(text, "fees.law") == tree


def test_an_expected_conflict_names_provisions_of_the_law(compile_law) -> None:  # type: ignore[no-untyped-def]
    from compiler.diagnostics import DiagnosticError

    with pytest.raises(DiagnosticError) as caught:
        compile_law(FEES.replace("between § 5 and § 6", "between § 5 and § 9"))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "unknown-citation" and "§ 9" in diagnostic.message
