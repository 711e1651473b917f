"""Examples to write: a ready `example` for each provision no example decides, and for each
numeric or date boundary in a rule's condition.

Takes a checked law and the citations its examples leave undecided (`driver/coverage.py`); gives
`Suggestion`s, each the text of an example in the language's own syntax (`under`, `given:` lines
from a solver witness, `witness.given_lines`), expecting the outcome the law gives now, marked
`-- confirm` for the drafter to check against the law's words. A boundary is a comparison with a
number, an amount or a date (`is at least 18`, `is within 5 years before …`, lowered to
comparisons of dates) outside any `any`/`every` over a list: the witness puts the two sides
equal, with the rule applying where the solver finds such a case.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from compiler.analysis.check import Analyser
from compiler.analysis.witness import given_lines, value_words
from compiler.core import ast as c
from compiler.core.facts import parse_facts, to_json
from compiler.interpret import Interpreter, LawError
from compiler.surface.table_layout import table_words

_BOUNDED = (c.IntT, c.DecimalT, c.MoneyT, c.DateT, c.DurationT)


@dataclass(frozen=True)
class Suggestion:
    citation: str
    reason: str  # why it is suggested, in words
    text: str  # the example, ready to paste into the law's companion examples file


def suggest(program: c.Program, undecided: Sequence[str], list_bound: int = 2,
            time_limit: float = 20.0) -> list[Suggestion]:
    """Suggested examples for the provisions in `undecided` (one per rule the solver can make
    decide) and for each boundary of a comparison in a rule's condition."""
    analyser = Analyser(program, list_bound, time_limit=time_limit)
    interpreter = Interpreter(program)
    names: set[str] = {e.name for e in program.examples}
    out: list[Suggestion] = []
    for decision in program.decisions.values():
        analyser.begin()
        for rule in decision.rules:
            if rule.citation in undecided:
                model = analyser.model(analyser.law.decides(decision.name, rule.index))
                if model is not None:
                    reason = f"no example decides {rule.citation}"
                    out.extend(_example(program, interpreter, analyser.facts(model), rule,
                                        reason, names))
            for text, cmp in _boundaries(program, rule.condition):
                equal = analyser.law.boolean(c.Cmp(op=c.CmpOp.EQ, left=cmp.left,
                                                   right=cmp.right), {})
                model = (analyser.model(analyser.law.applies(decision.name, rule.index), equal)
                         or analyser.model(equal))
                if model is not None:
                    reason = f'the boundary of "{text}" in {rule.citation}'
                    out.extend(_example(program, interpreter, analyser.facts(model), rule,
                                        reason, names))
    return out


def _boundaries(program: c.Program, condition: c.Expr) -> Iterator[tuple[str, c.Cmp]]:
    """The comparisons of a number, an amount or a date in a condition (not under a list's
    `any`/`every`), with the law's words for each."""
    for cmp in _comparisons(condition):
        if isinstance(cmp.left.type, _BOUNDED) and isinstance(cmp.right.type, _BOUNDED):
            yield _words(program, cmp), cmp


def _comparisons(e: c.Expr) -> Iterator[c.Cmp]:
    match e:
        case c.Cmp():
            yield e
        case c.Not(operand=operand):
            yield from _comparisons(operand)
        case c.And(operands=operands) | c.Or(operands=operands):
            for operand in operands:
                yield from _comparisons(operand)
        case _:
            return


def _words(program: c.Program, cmp: c.Cmp) -> str:
    try:
        with open(program.file, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        line = lines[cmp.span.line - 1]
    except (OSError, IndexError):
        return "a comparison"
    in_table = table_words(lines, cmp.span)  # a cell of a decision table
    if in_table is not None:
        return in_table
    return line[cmp.span.column - 1:].split("  --")[0].strip().removeprefix("- ")


def _example(program: c.Program, interpreter: Interpreter, facts: dict[str, object],
             rule: c.Rule, reason: str, names: set[str]) -> list[Suggestion]:
    """The example for one witness, expecting what the law gives now; none when the law
    cannot decide the witness (it is then a conflict or gap, which `lawc check` reports)."""
    try:
        outcome = interpreter.outcome(rule.decision, parse_facts(program, facts))
    except LawError:
        return []
    value: Any = to_json(outcome.value)
    words = value_words(value, program.decisions[rule.decision].type)
    name = _fresh(f"suggested: {reason}", names)
    lines = [f"-- suggested ({reason}): a case the solver found; the outcome is the law's",
             "-- now: confirm it against the law's words",
             f'example "{name}"', f"  under {rule.citation}", "  given:",
             *given_lines(program, facts, depth=2),
             f"  expect: the {rule.decision} is {words}  -- confirm"]
    return [Suggestion(rule.citation, reason, "\n".join(lines) + "\n")]


def _fresh(name: str, names: set[str]) -> str:
    candidate, n = name.replace('"', "'"), 2
    while candidate in names:
        candidate, n = f"{name} ({n})", n + 1
    names.add(candidate)
    return candidate


__all__ = ["Suggestion", "suggest"]
