"""The check of a `unique` decision table: no two of its rows may apply to one case.

Takes the `Analyser` of a law (its solver and its encoding) and one decision; gives a
`table-overlap` error at the second row of each pair of rows of one unique table that can
both apply, whatever values they give, with a case that shows it (re-run through the
reference interpreter: each row's condition must hold for it, or `WitnessError`). Two rows of
one unique table are not also reported as a conflict (`same_unique_table`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.diagnostics import Diagnostic, Label, error

if TYPE_CHECKING:
    from compiler.analysis.check import Analyser


def same_unique_table(a: c.Rule, b: c.Rule) -> bool:
    """Whether two rules are rows of one table whose hit policy is `unique`."""
    return (a.rows is not None and b.rows is not None and a.rows.table == b.rows.table
            and a.rows.policy == "unique")


def overlaps(analyser: Analyser, decision: c.Decision, dead: set[int]) -> list[Diagnostic]:
    """A `table-overlap` error for each pair of rows of one unique table that can both apply."""
    from compiler.analysis.check import WitnessError, witness_notes

    out: list[Diagnostic] = []
    rows = [r for r in decision.rules if r.rows is not None and r.rows.policy == "unique"
            and r.index not in dead]
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if not same_unique_table(a, b):
                continue
            analyser.asking = f"whether two rows of the table in {a.citation} overlap"
            model = analyser.model(analyser.law.applies(decision.name, a.index),
                                   analyser.law.applies(decision.name, b.index))
            if model is None:
                continue
            facts = analyser.facts(model)
            case = parse_facts(analyser.program, facts)
            for rule in (a, b):
                if analyser.interpreter.eval(rule.condition, case, {}) is not True:
                    raise WitnessError(f"witness of an overlap of {a.rows} and {b.rows} does "
                                       f"not reproduce: {facts}")
            assert a.rows is not None and b.rows is not None
            out.append(error(
                "table-overlap", f"{b.rows.words()} and {a.rows.words()} of this table (hit "
                f'policy: unique) can both apply to one case of "{decision.name}"', b.span,
                context=f"in {b.citation}", labels=[Label(a.span, f"{a.rows.words()} applies too")],
                notes=witness_notes(analyser.program, facts),
                hint="narrow one row's cells so that no case meets both, or say "
                "\"hit policy: first\" if the first row that applies should decide"))
    return out
