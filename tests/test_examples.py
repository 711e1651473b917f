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
