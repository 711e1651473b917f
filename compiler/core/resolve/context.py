"""What every part of the resolver shares: the program being built, its name tables, diagnostics.

Takes the parsed law and the parsed files it uses; gives `Context`, which holds the records,
enums, facts, definitions and decisions found so far (the name tables the other parts look names
up in) and collects every diagnostic; `Scope`, what `it` and `the conviction` mean at a point of
an expression; and the small functions on names and spans the parts have in common.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from compiler.core import ast as c
from compiler.core import names
from compiler.diagnostics import Diagnostics, error
from compiler.span import Span
from compiler.surface import ast as s


@dataclass
class Scope:
    """What `it`, `its` and `the conviction` mean at a point of an expression."""

    vars: list[c.Var] = field(default_factory=list)
    context: str | None = None


class Context:
    """The program as it is resolved, and the errors found in it so far."""

    def __init__(self, main: s.File, used: Sequence[s.File], path: str, sources: dict[str, str]
                 ) -> None:
        self.main = main
        self.used = list(used)
        self.path = path
        self.sources = sources
        self.diags = Diagnostics()
        self.records: dict[str, c.Record] = {}
        self.record_spans: dict[str, Span] = {}
        self.enums: dict[str, c.EnumDecl] = {}
        self.facts: dict[str, c.FieldDecl] = {}
        # key ("the look-back start", "conviction is for a covered crime") → (definition, citation)
        self.surface_defs: dict[str, tuple[s.Definition, str | None]] = {}
        self.definitions: dict[str, c.Definition] = {}
        self.def_types: dict[str, c.Type] = {}
        self.calendars: dict[str, c.Calendar] = {}  # `the holidays are the days:`, by name
        self.decisions: dict[str, s.DecisionDecl] = {}
        self.decision_types: dict[str, c.Type] = {}
        self.outcome_records: dict[str, s.DecisionDecl] = {}  # `a record of the X and the Y`
        self.var_counter = 0

    # ------------------------------------------------------------------------ diagnostics
    def err(self, code: str, message: str, span: Span, *, hint: str | None = None,
            scope: Scope | None = None, context: str | None = None) -> c.ErrorT:
        self.diags.add(error(code, message, span, hint=hint,
                             context=context or (scope.context if scope else None)))
        return c.ErrorT()

    def err_expr(self, code: str, message: str, span: Span, scope: Scope, *,
                 hint: str | None = None) -> c.Expr:
        self.err(code, message, span, hint=hint, scope=scope)
        return error_expr(span)

    # ------------------------------------------------------------------------- name tables
    def all_files(self) -> list[s.File]:
        return self.used + [self.main]

    def fields(self, record: str) -> dict[str, c.FieldDecl]:
        """A record's fields; none for a record that was not declared (reported where named)."""
        if record == c.ROOT:
            return self.facts
        declared = self.records.get(record)
        return declared.fields if declared is not None else {}

    def value_defs(self) -> list[s.ValueDef | s.SetDef]:
        return [d for d, _ in self.surface_defs.values() if isinstance(d, (s.ValueDef,
                                                                           s.SetDef))]

    def fresh_var(self, record: str, span: Span) -> c.Var:
        self.var_counter += 1
        return c.Var(name=f"{names.key(record)}_{self.var_counter}", type=c.RecordT(record),
                     span=span)


def value_key(name: str) -> str:
    return f"the {name}"


def attribute_key(subject: str, name: str) -> str:
    return f"{subject}'s {name}"


def predicate_key(subject: str, phrase: str) -> str:
    return f"{subject} is {phrase}"


def prefixes(citation: str) -> list[str]:
    """The citations `citation` is within: `§ 9-131(b)(1)` → `§ 9-131`, `§ 9-131(b)`, itself."""
    return [citation[:i] for i, ch in enumerate(citation) if ch == "("] + [citation]


def error_expr(span: Span) -> c.Expr:
    """An expression standing for one that has an error (already reported)."""
    return c.Lit(value=False, type=c.ErrorT(), span=span)


def tail(span: Span, name: str) -> Span:
    """The part of a one-line span that holds the name at its end (`the person's [age]`)."""
    if span.line != span.end_line or span.end_column - len(name) < span.column:
        return span
    return Span(span.file, span.line, span.end_column - len(name), span.end_line,
                span.end_column)
