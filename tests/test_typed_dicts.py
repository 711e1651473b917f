"""`Record.from_dict` and `.to_dict()` of the typed API: from_dict reads facts as decide() does
(the same errors, naming the field), to_dict gives facts that read back to the same record, for
every example of every law; nested records and lists have them too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler import driver, runtime

ROOT = Path(__file__).resolve().parents[1]
LAWS = sorted(p.relative_to(ROOT / "statutes").with_suffix("").as_posix()
              for p in (ROOT / "statutes").rglob("*.law")
              if not p.name.endswith(".examples.law") and "common" not in p.parts
              and p.stem != "tour_vocabulary" and p.stem != "violent_or_serious_crimes")


@pytest.mark.parametrize("path", LAWS)
def test_round_trip_of_every_example(path: str, generated_package: Any) -> None:
    program = driver.check(driver.Workspace(), ROOT / "statutes" / f"{path}.law")
    if not driver.is_law(program):
        pytest.skip("a vocabulary")
    module = generated_package.module(program)
    assert program.examples
    for example in program.examples:
        facts = dict(example.facts)
        case = module.Case.from_dict(facts)
        again = module.Case.from_dict(case.to_dict())
        assert again == case
        assert module.decide(case.to_dict()) == module.decide(facts)


def test_from_dict_names_the_field(generated_package: Any) -> None:
    program = driver.check(driver.Workspace(), ROOT / "statutes/nyc/local_law_58_2014.law")
    module = generated_package.module(program)
    facts = dict(program.examples[0].facts)
    facts["request"] = dict(facts["request"], request_date="2015-02-30")
    with pytest.raises(runtime.FactsError) as caught:
        module.Case.from_dict(facts)
    assert caught.value.path == "request.request_date"
    with pytest.raises(runtime.FactsError, match="^request_date: missing"):
        module.DetainerRequest.from_dict({})
    person = module.Person.from_dict(dict(facts["person"]))
    assert module.Person.from_dict(person.to_dict()) == person
    assert isinstance(person.to_dict()["convictions"], list)
