"""Running a law's own examples: which pass, which fail, and which provisions they cover.

Takes a checked `Program`; gives one `ExampleResult` per example (run through the interpreter,
compared with what the example expects) and the provision coverage of those results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.core import ast as c
from compiler.core.facts import FactsError, parse_facts, to_json
from compiler.core.names import key as _key
from compiler.diagnostics import Diagnostic, error
from compiler.interpret import Interpreter, LawError
from compiler.runtime_explain import words as value_words


@dataclass(frozen=True)
class ExampleResult:
    example: c.Example
    program: c.Program
    diagnostics: tuple[Diagnostic, ...]
    deciding: tuple[str, ...] = ()  # citations of the rules that decided, one per decision

    @property
    def passed(self) -> bool:
        return not self.diagnostics


def run_examples(program: c.Program) -> list[ExampleResult]:
    """Run every example of a law through the interpreter and compare with what it expects."""
    interpreter = Interpreter(program)
    results = []
    for example in program.examples:
        diags: list[Diagnostic] = []
        context = f'in the example "{example.name}"'
        deciding: list[str] = []
        try:
            case = parse_facts(program, example.facts)
            interpreter.check_assumptions(case)  # an example must be a case that can exist
            outcome: dict[str, object] = {}
            for name in program.decisions:  # each decided once: its value and deciding rule
                decided = interpreter.outcome(name, case)
                outcome[_key(name)] = to_json(decided.value)
                if decided.rule is not None:
                    deciding.append(decided.rule.citation)
        except (LawError, FactsError) as exc:
            diags.append(error("example-error", f'example "{example.name}" cannot be decided: '
                               f"{exc}", example.span, context=context))
        else:
            for expectation in example.expect:
                got = outcome[_key(expectation.decision)]
                want = to_json(expectation.value.value)
                if got != want:
                    diags.append(error(
                        "example-failed", f'example "{example.name}": the {expectation.decision} '
                        f"is {value_words(got)}, but the example expects {value_words(want)}",
                        expectation.span, context=context,
                        hint="run `lawc explain` on this example to see which provision decided"))
        results.append(ExampleResult(example, program, tuple(diags), tuple(deciding)))
    return results


@dataclass(frozen=True)
class Coverage:
    """Which provisions with rules decided at least one example."""

    program: c.Program
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]

    @property
    def share(self) -> float:
        total = len(self.covered) + len(self.uncovered)
        return len(self.covered) / total if total else 1.0


def provision_coverage(program: c.Program, results: Sequence[ExampleResult]) -> Coverage:
    with_rules = sorted({r.citation for d in program.decisions.values() for r in d.rules},
                        key=[p.citation for p in program.provisions].index)
    decided = {cit for result in results for cit in result.deciding}
    return Coverage(program, tuple(c for c in with_rules if c in decided),
                    tuple(c for c in with_rules if c not in decided))

