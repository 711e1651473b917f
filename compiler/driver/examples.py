"""Running a law's own examples: which pass, which fail, and which provisions they cover.

Takes a checked `Program`; gives one `ExampleResult` per example (run through the interpreter,
compared with what the example expects) and the provision coverage of those results.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compiler.core import ast as c
from compiler.core.facts import FactsError, parse_facts, to_json
from compiler.core.names import key as _key
from compiler.diagnostics import Diagnostic, error
from compiler.driver.output import module_in_memory
from compiler.interpret import Interpreter, LawConflict, LawError, LawGap
from compiler.core.english import value_words
from compiler.core.resolve.context import value_key


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
    """Run every example of a law through the interpreter and compare with what it expects; an
    example that expects a conflict or a gap is also run through the generated module."""
    interpreter = Interpreter(program)
    module: list[Any] = []  # the generated module, compiled once if an example needs it
    results = []
    for example in program.examples:
        diags: list[Diagnostic] = []
        context = f'in the example "{example.name}"'
        deciding: list[str] = []
        expected = {f.decision: f for f in example.failures}
        failed: dict[str, LawError] = {}  # the conflict or gap met in each expected decision
        try:
            case = parse_facts(program, example.facts)
            interpreter.check_in_force(case)  # … dated when the law is in force
            interpreter.check_assumptions(case)  # an example must be a case that can exist
            outcome: dict[str, object] = {}
            for name in program.decisions:  # each decided once: its value and deciding rule
                try:
                    decided = interpreter.outcome(name, case)
                except (LawConflict, LawGap) as exc:
                    if exc.decision not in expected:
                        raise
                    failed.setdefault(exc.decision, exc)
                    continue
                outcome[_key(name)] = to_json(decided.value)
                if decided.rule is not None:
                    deciding.append(decided.rule.citation)
            for expectation in example.expect:  # a named value the example expects
                if expectation.definition is not None:
                    outcome[_key(expectation.decision)] = to_json(
                        named_value(interpreter, expectation.definition, case))
        except (LawError, FactsError) as exc:
            diags.append(error("example-error", f'example "{example.name}" cannot be decided: '
                               f"{exc}", example.span, context=context))
        else:
            diags += _compare(program, example, outcome, failed, context)
            if example.failures and not diags:
                if not module:
                    module.append(module_in_memory(program))
                diags += _compare_generated(example, module[0], context)
        results.append(ExampleResult(example, program, tuple(diags), tuple(deciding)))
    return results


def said(program: c.Program, name: str, value: object) -> str:
    """A decision's or named value's value (in JSON form) as the law writes it: an amount with
    its dollar sign (`$2.00`), a code in quotes, yes or no."""
    t = (program.decisions[name].type if name in program.decisions
         else program.definitions[value_key(name)].type)
    if isinstance(t, c.MoneyT) and isinstance(value, str):
        try:
            return value_words(Decimal(value), t)
        except InvalidOperation:
            pass
    return value_words(value, t)


def named_value(interpreter: Interpreter, key: str, case: Any) -> object:
    """The value of a law's named value (a definition without a parameter) for one case."""
    body = interpreter.program.definitions[key].body
    assert body is not None
    return interpreter.eval(body, case, {})


def _compare(program: c.Program, example: c.Example, outcome: dict[str, object],
             failed: dict[str, LawError], context: str) -> list[Diagnostic]:
    """What the example expects and the interpreter did not give."""
    diags = []
    for expectation in example.expect:
        got = outcome.get(_key(expectation.decision), _UNDECIDED)
        want = to_json(expectation.value.value)
        if got is _UNDECIDED:
            diags.append(error(
                "example-failed", f'example "{example.name}": the {expectation.decision} '
                f"cannot be decided ({next(iter(failed.values()))}), but the example expects "
                f"{said(program, expectation.decision, want)}", expectation.span,
                context=context))
        elif got != want:
            diags.append(error(
                "example-failed", f'example "{example.name}": the {expectation.decision} '
                f"is {said(program, expectation.decision, got)}, but the example expects "
                f"{said(program, expectation.decision, want)}",
                expectation.span, context=context,
                hint="run `lawc explain` on this example to see which provision decided"))
    for f in example.failures:
        exc = failed.get(f.decision)
        wrong = mismatch(f, exc, outcome.get(_key(f.decision), _UNDECIDED))
        if wrong:
            diags.append(error("example-failed", f'example "{example.name}": {wrong}', f.span,
                               context=context,
                               hint="run `lawc explain` on this example to see which "
                                    "provisions decide"))
    return diags


def _compare_generated(example: c.Example, module: Any, context: str) -> list[Diagnostic]:
    """The generated `decide()` must raise the conflict or gap the example expects."""
    runtime = module.rt
    try:
        decided = module.decide(example.facts)
    except (runtime.LawConflict, runtime.LawGap) as exc:
        f = next((f for f in example.failures if f.decision == exc.decision), None)
        wrong = (mismatch(f, exc, None) if f is not None else
                 f"the generated code meets {_said(exc)}, which the example does not expect")
    else:
        unknown = [f for f in example.failures if f.kind == "unknown"]
        wrong = next((w for f in unknown if (w := mismatch(
            f, None, decided.get(_key(f.decision))))), None)
        if len(unknown) < len(example.failures):
            wrong = f"the generated code decides every decision, but the example expects " \
                    f"{expected_words(next(f for f in example.failures if f not in unknown))}"
    if not wrong:
        return []
    return [error("example-failed", f'example "{example.name}": {wrong} (in the generated '
                  "code)", example.span, context=context)]


def expected_words(f: c.ExpectedFailure) -> str:
    """`a conflict between § 5 and § 6 in the penalty`, as an example writes it."""
    if f.kind == "unknown":
        return f"the {f.decision} not known"
    between = f" between {_joined(f.between)}" if f.between else ""
    return f"a {f.kind}{between} in the {f.decision}"


def mismatch(f: c.ExpectedFailure, exc: BaseException | None, got: object) -> str | None:
    """Why `exc` (the conflict or gap met in `f.decision`, or None when it was decided as
    `got`) is not what `f` expects; None when it is."""
    want = expected_words(f)
    if f.kind == "unknown" and exc is None:
        return None if got is None else \
            f"the {f.decision} is {value_words(got)}, but the example expects it not known"
    if exc is None:
        return f"the {f.decision} is {value_words(got)}, but the example expects {want}"
    kind = "conflict" if hasattr(exc, "citations") else "gap"  # either runtime's classes
    if kind != f.kind:
        return f"the law meets {_said(exc)}, but the example expects {want}"
    if kind == "conflict" and f.between:
        cited = sorted(set(getattr(exc, "citations")))
        if cited != sorted(set(f.between)):
            return f"the conflict in the {f.decision} is between {_joined(cited)}, but the " \
                   f"example expects {want}"
    return None


def _said(exc: BaseException) -> str:
    if hasattr(exc, "citations"):
        return f"a conflict between {_joined(sorted(set(getattr(exc, 'citations'))))} in the " \
               f"{getattr(exc, 'decision')}"
    return f"a gap in the {getattr(exc, 'decision')}"


def _joined(cited: Sequence[str]) -> str:
    return " and ".join([", ".join(cited[:-1]), cited[-1]] if len(cited) > 1 else list(cited))


_UNDECIDED = object()


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
    read = {p.citation for p in program.provisions if p.read_from is not None}
    with_rules = sorted({r.citation for d in program.decisions.values() for r in d.rules
                         if r.citation not in read},  # a law read is covered by its own
                        key=[p.citation for p in program.provisions].index)
    decided = {cit for result in results for cit in result.deciding}
    return Coverage(program, tuple(c for c in with_rules if c in decided),
                    tuple(c for c in with_rules if c not in decided))


def run_by_stage(program: c.Program, stages: Sequence[c.Program]) -> list[ExampleResult]:
    """Each example run under the version in force on its day (the first, when none is: its
    run then says so), in the order of the file."""
    versions = [program, *stages]
    picked: list[list[c.Example]] = [[] for _ in versions]
    for number, example in enumerate(program.examples):
        chosen = 0
        for index, version in enumerate(versions):
            try:
                Interpreter(version).check_in_force(parse_facts(version, example.facts))
            except (LawError, FactsError):
                continue
            chosen = index
            break
        picked[chosen].append(versions[chosen].examples[number])  # the same example, there
    results = [r for version, mine in zip(versions, picked) if mine
               for r in run_examples(dataclasses.replace(version, examples=tuple(mine)))]
    order = {(e.name, e.span): i for i, e in enumerate(program.examples)}
    return sorted(results, key=lambda r: order[r.example.name, r.example.span])
