"""Printing the core IR, for `lawc ir --stage core`: what the compiler understood.

Takes a `Program`; gives a readable text in which every reference is resolved and every piece of
sugar lowered, so a drafter can check how a sentence was read (`is within 10 years before D`
shows as two date comparisons).
"""

from __future__ import annotations

from typing import assert_never

from compiler.core import ast as c


def expr(e: c.Expr) -> str:
    match e:
        case c.Lit(value=v):
            if isinstance(v, bool):
                return "yes" if v else "no"
            return repr(v) if isinstance(v, str) else str(v)
        case c.Root():
            return "case"
        case c.Var(name=name):
            return name
        case c.Field(owner=owner, name=name):
            return f"{expr(owner)}.[{name}]"
        case c.DefRef(key=key, argument=argument):
            return f"<{key}>" + (f"({expr(argument)})" if argument is not None else "")
        case c.DecisionRef(name=name):
            return f"decision<{name}>"
        case c.Not(operand=operand):
            return f"not {expr(operand)}"
        case c.And(operands=operands):
            return "(" + " and ".join(expr(o) for o in operands) + ")"
        case c.Or(operands=operands):
            return "(" + " or ".join(expr(o) for o in operands) + ")"
        case c.Cmp(op=op, left=left, right=right):
            return f"({expr(left)} {op.value} {expr(right)})"
        case c.InSet(subject=subject, members=members, set_name=set_name):
            shown = f"<{set_name}>" if set_name else "{" + ", ".join(map(repr, members)) + "}"
            return f"({expr(subject)} in {shown})"
        case c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=left, right=right, excluding=days):
            assert days is not None
            return f"({expr(left)} plus {expr(right)} excluding {days.words})"
        case c.Arith(op=op, left=left, right=right):
            return f"({expr(left)} {op.value} {expr(right)})"
        case c.CodeOp(kind=c.CodeOpKind.SECTION, subject=subject):
            return f"section({expr(subject)})"
        case c.CodeOp(subject=subject, prefix=prefix):
            return f"({expr(subject)} starts with {prefix!r})"
        case c.Known(subject=subject):
            return f"known({expr(subject)})"
        case c.Quant(kind=kind, collection=collection, var=var, condition=cond):
            body = f" such that {expr(cond)}" if cond is not None else ""
            return f"{kind.value} {var.name} in {expr(collection)}{body}"
        case c.Aggregate(kind=kind, collection=collection, var=var, measure=measure,
                         condition=cond):
            body = f" such that {expr(cond)}" if cond is not None else ""
            return f"{kind.value} {expr(measure)} for {var.name} in {expr(collection)}{body}"
        case _:
            assert_never(e)


def program(p: c.Program) -> str:
    lines = [f"program {p.path} ({p.kind.value}): {p.title}"]
    for key, value in p.header.items():
        lines.append(f"  {key}: {value}")
    for record in [p.facts, *p.records.values()]:
        lines.append(f"record {record.name}")
        for f in record.fields.values():
            lines.append(f"  {f.name}: {f.type}" + (", if known" if f.optional else ""))
    for enum in p.enums.values():
        lines.append(f"enum {enum.name}: {', '.join(enum.values)}")
    for d in p.definitions.values():
        where = f" [{d.citation}]" if d.citation else ""
        if d.kind is c.DefKind.SET:
            lines.append(f"set <{d.key}>{where}: {', '.join(d.members)}")
        else:
            param = f"({d.parameter.name})" if d.parameter else ""
            assert d.body is not None
            lines.append(f"define <{d.key}>{param}{where}: {d.type} = {expr(d.body)}")
    for decision in p.decisions.values():
        lines.append(f"decision {decision.name}: {decision.type}"
                     + (", if known" if decision.optional else ""))
        if decision.default is not None:
            lines.append(f"  default {expr(decision.default)}")
        for rule in decision.rules:
            over = f" overrides {list(rule.overrides)}" if rule.overrides else ""
            where = f", table {rule.rows.table} {rule.rows.words()}" if rule.rows else ""
            lines.append(f"  rule {rule.index} [{rule.citation}{where}]{over}: {expr(rule.value)} "
                         f"if {expr(rule.condition)}")
    for example in p.examples:
        lines.append(f"example {example.name!r}: {example.facts} expect "
                     + ", ".join([f"{e.decision} = {expr(e.value)}" for e in example.expect]
                                 + [f"{f.decision} = {f.kind}" + (f" {list(f.between)}"
                                    if f.between else "") for f in example.failures]))
    return "\n".join(lines) + "\n"
