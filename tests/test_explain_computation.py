"""The generated `explain_<decision>()` of a computed value gives the interpreter's explanation
whole: the value each applying rule computes and the computation line with its numbers
(`Computed: $716 (the first-tier minimum, in force from 2025-01-02) × 3 unauthorized aliens =
$2,148 (§ 1324a(e)(4)(A)(i))`). Held for every example of every law that computes, and the
generated lines of the penalty laws against a golden (tests/goldens/explain/computations.txt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.core import ast as c
from compiler.core import names
from compiler.explain.build import Explainer
from conftest import file_id, load, statute_laws

COMPUTING = [f for f in statute_laws() if any(c.is_computed(d) for d in load(f).decisions.values())]
PENALTIES = [Path("statutes/us/penalties_1324a.law"), Path("statutes/us/penalties_1324a_e5.law"),
             Path("statutes/us/penalties_1324d.law")]


@pytest.mark.parametrize("file", COMPUTING, ids=file_id)
def test_the_generated_explanation_of_a_computed_value_is_the_interpreters(
        file: Path, generated_package: Any) -> None:
    program = load(file)
    module = generated_package.module(program)
    explainer = Explainer(program)
    for example in program.examples:
        for name, decision in program.decisions.items():
            if not c.is_computed(decision):
                continue
            generated = getattr(module, "explain_" + names.key(name))(example.facts)
            built = explainer.explain(name, example.facts)
            assert generated.to_dict() == built.to_dict(), (example.name, name)
            assert generated.text() == built.text(), (example.name, name)


def test_the_generated_computation_lines_of_the_penalty_laws(generated_package: Any,
                                                             golden: Any) -> None:
    lines = []
    for file in PENALTIES:
        program = load(file)
        module = generated_package.module(program)
        for example in program.examples:
            for name, decision in program.decisions.items():
                if c.is_computed(decision):
                    explained = getattr(module, "explain_" + names.key(name))(example.facts)
                    lines.append(f"{program.path} | {example.name} | {name}: "
                                 f"{explained.computation}")
    assert any("in force from 2025-01-02) × 3 unauthorized aliens = $2,148" in x for x in lines)
    golden("explain/computations.txt", "\n".join(lines) + "\n")
