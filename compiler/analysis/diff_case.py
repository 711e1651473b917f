"""One case under both versions of a diff: each version's deciding provision, side by side.

Takes a version's program, its interpreter, a decision and the case (its record and its facts);
gives the `diff_result.CaseSide` of `lawc diff --facts`: the outcome, the rule that decided it
(its citation, its condition in English, the provision's quoted words) and the whole
explanation `lawc explain` gives.
"""

from __future__ import annotations

from typing import Any

from compiler.analysis.diff_result import CaseSide
from compiler.core import ast as c
from compiler.core.english import English
from compiler.interpret import Interpreter, LawConflict, LawError
from compiler.runtime_explain import words


def explain_side(program: c.Program, interpreter: Interpreter, name: str, case: Any,
                 facts: dict[str, object]) -> CaseSide:
    """One version's side of the case view: its outcome, deciding provision and quote."""
    explanation = _full_explanation(program, name, facts)
    try:
        outcome = interpreter.outcome(name, case)
    except LawError as exc:
        return CaseSide(outcome="conflict" if isinstance(exc, LawConflict) else "gap",
                        citation=None, because=str(exc), quote=(), explanation=explanation)
    rule = outcome.rule
    if rule is None:
        return CaseSide(outcome=words(outcome.value), citation=None,
                        because="no rule applies: the default", quote=(),
                        explanation=explanation)
    quote = next((p.quote for p in program.provisions if p.citation == rule.citation), ())
    return CaseSide(outcome=words(outcome.value), citation=rule.citation,
                    because=English(program).sentence(rule.condition), quote=quote,
                    explanation=explanation)


def _full_explanation(program: c.Program, name: str, facts: dict[str, object]) -> str:
    """The whole explanation `lawc explain` gives, for the side-by-side view of one case."""
    from compiler.explain.build import Explainer

    try:
        return Explainer(program).explain(name, facts).text()
    except LawError as exc:
        return str(exc)


__all__ = ["explain_side"]
