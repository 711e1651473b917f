"""Resolution: surface AST (a law and the vocabularies it uses) → typed core IR.

Takes the parsed law and the parsed files it `uses`; gives a `compiler.core.ast.Program`, or
raises `DiagnosticError` with every error found (unknown names with a did-you-mean, type
mismatches, `and` mixed with `or`, unknown citations, cycles). Each diagnostic names the
provision, decision or example it is in. The passes are in `compiler.core.resolve`; this module
runs them in order over one shared `Context`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from compiler.core import ast as c
from compiler.core.resolve.assumptions import resolve_assumptions
from compiler.core.resolve.calendars import resolve_calendars
from compiler.core.resolve.context import Context
from compiler.core.resolve.dated_figures import declare_figures, lower_figures
from compiler.core.resolve.dating import resolve_dated_by
from compiler.core.resolve.decisions import Decisions
from compiler.core.resolve.declarations import declare
from compiler.core.resolve.figures import resolve_reported
from compiler.core.resolve.known import check as check_known_reads
from compiler.core.resolve.outcome_records import resolve_outcome_records
from compiler.core.resolve.examples import Examples
from compiler.core.resolve.expressions import Expressions
from compiler.diagnostics import Diagnostic, DiagnosticError
from compiler.span import Span
from compiler.surface import ast as s


def from_surface(main: s.File, used: Sequence[s.File], *, path: str, file: str, source: str,
                 sources: dict[str, str] | None = None) -> c.Program:
    """Resolve and type-check one law with the vocabularies it uses.

    `path` is the statute's name under statutes/ (`nyc/local_law_62_2011`); `source` its text,
    hashed into the program so generated code can say exactly what it was compiled from.
    """
    ctx = Context(main, used, path, sources or {})
    declare(ctx)
    ctx.calendars = resolve_calendars(ctx)
    declare_figures(ctx)
    if main.header.kind is s.FileKind.VOCABULARY:
        _only_vocabulary(ctx)
    expressions = Expressions(ctx)
    for k in list(ctx.surface_defs):
        expressions.definition(k)
    provisions_surface = _provisions(ctx)
    provisions_lowered, figures = lower_figures(ctx, expressions, provisions_surface)
    rules = Decisions(ctx, expressions)
    decisions = rules.resolve(provisions_lowered)
    for decision in decisions.values():
        for rule in decision.rules:
            rules.depth_limit(rule.condition, rule.span, f"in {rule.citation}")
            rules.depth_limit(rule.value, rule.span, f"in {rule.citation}")
    for d in ctx.definitions.values():
        if d.body is not None:
            rules.depth_limit(d.body, d.span, f"in {d.citation}" if d.citation else None)
    rules.decision_cycles(decisions)
    assumptions = resolve_assumptions(ctx, expressions)
    reported = resolve_reported(ctx, rules)
    dated_by = resolve_dated_by(ctx, expressions)
    check_known_reads(ctx, decisions.values(), [(a.condition, f"in the assumption {a.words!r}")
                                                for a in assumptions]
                      + ([(dated_by, "in the law's date")] if dated_by is not None else []))
    examples = Examples(ctx, expressions, rules, [p.citation.text for p in provisions_surface])
    examples_core = tuple(examples.example(item) for item in main.items
                          if isinstance(item, s.Example))
    outcome_records = resolve_outcome_records(ctx)
    ctx.diags.raise_if_errors()
    provisions = tuple(
        c.Provision(citation=p.citation.text, title=p.title,
                    quote=tuple(q.text for q in p.body if isinstance(q, s.Quote)), span=p.span)
        for p in provisions_surface)
    header = {f.key: f.value for f in main.header.fields}
    uses = tuple(u.strip() for f in main.header.get_all("uses") for u in f.value.split(","))
    return c.Program(
        path=path, file=file, kind=main.header.kind, title=main.header.title, header=header,
        uses=uses, records=ctx.records, enums=ctx.enums,
        facts=c.Record(name=c.ROOT, fields=ctx.facts, span=main.span), definitions=dict(
            sorted(ctx.definitions.items())), decisions=decisions, provisions=provisions,
        examples=examples_core, assumptions=assumptions,
        reported=reported, dated_by=dated_by, calendars=ctx.calendars, figures=figures,
        outcome_records=outcome_records,
        source_hash=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        span=main.span)


def _only_vocabulary(ctx: Context) -> None:
    """A vocabulary declares; decisions, rules and examples are reported where they stand."""
    for item in ctx.main.items:
        if isinstance(item, (s.DecisionDecl, s.Example, s.Reported)) or (
                isinstance(item, s.Provision) and any(isinstance(p, (s.Rule, s.Table)) for p in item.body)):
            ctx.err("wrong-file-kind", "a vocabulary declares facts and definitions; decisions, "
                    "rules and examples belong in a law", item.span)


def _provisions(ctx: Context) -> list[s.Provision]:
    """The provisions of the law itself (its vocabularies' give definitions only)."""
    out: list[s.Provision] = []
    seen_citations: dict[str, Span] = {}
    for item in ctx.main.items:
        if isinstance(item, s.Provision):
            if item.citation.text in seen_citations:
                ctx.err("duplicate", f"two provisions are cited {item.citation.text}",
                        item.citation.span)
            seen_citations[item.citation.text] = item.citation.span
            out.append(item)
    return out


def diagnostics_of(exc: DiagnosticError) -> Sequence[Diagnostic]:
    return exc.diagnostics
