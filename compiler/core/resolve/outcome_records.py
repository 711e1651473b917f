"""Decisions that are records of outputs: `decision the penalty range: a record of the minimum
penalty and the maximum penalty`.

Takes the record decisions `declarations.py` set aside (`Context.outcome_records`) once every
decision is declared; gives each as a `c.OutcomeRecord` naming its outputs, the law's decisions.
A record has no rules nor default of its own: each output keeps its decision's default logic, so
conflicts, gaps, explanations and diffs are those of the outputs, and a rule or an example about
the record itself is told to name an output.
"""

from __future__ import annotations

from compiler.core import ast as c
from compiler.core.resolve.context import Context
from compiler.diagnostics import did_you_mean
from compiler.surface import ast as s


def resolve_outcome_records(ctx: Context) -> dict[str, c.OutcomeRecord]:
    out: dict[str, c.OutcomeRecord] = {}
    for name, item in ctx.outcome_records.items():
        assert isinstance(item.type, s.OutcomeRecordType)
        fields = item.type.fields
        ok = True
        for field in fields:
            if field in ctx.outcome_records:
                ctx.err("type-mismatch", f'"the {field}" is itself a record of decisions; a '
                        "record gathers decisions that have values", item.type.span)
                ok = False
            elif field not in ctx.decisions:
                ctx.err("unknown-decision", f'no decision is called "{field}"', item.type.span,
                        hint=did_you_mean(field, ctx.decisions)
                        or f'declare it: "decision the {field}: …"')
                ok = False
        repeated = sorted({f for f in fields if fields.count(f) > 1})
        if repeated:
            ctx.err("duplicate", f'"the {repeated[0]}" is named twice in the record',
                    item.type.span)
            ok = False
        if item.default is not None:
            ctx.err("type-mismatch", "a record of decisions has no default of its own",
                    item.default.span, hint="give each of its decisions its default")
            ok = False
        if ok:
            out[name] = c.OutcomeRecord(name=name, fields=fields, question=item.question,
                                        span=item.span)
    return out


def record_hint(ctx: Context, name: str) -> str | None:
    """What to write where a rule, an example or an expression names a record of decisions."""
    item = ctx.outcome_records.get(name)
    if item is None or not isinstance(item.type, s.OutcomeRecordType):
        return None
    named = [f'"the {f}"' for f in item.type.fields]
    parts = ", ".join(named[:-1]) + " or " + named[-1]
    return f'"the {name}" is a record of decisions: name one of them, {parts}'
