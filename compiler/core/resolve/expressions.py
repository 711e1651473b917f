"""Expressions: names, possessives, lists and quantifiers, `has`, and the definitions they use.

Takes a `Context` whose vocabulary is declared; gives `Expressions`, which turns a surface
expression into a typed core expression (`expr`, `condition`), resolving each definition the
first time it is used (`definition`, which reports definitions that depend on themselves).
Comparisons, `is one of` and arithmetic, with their sugar lowered, are in `comparisons.py`; the
typing rules are those of `core/typecheck.py`. A mistake is reported and gives an expression of
type `ErrorT`, so that one mistake is reported once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import assert_never

from compiler.core import ast as c
from compiler.core import names
from compiler.core import typecheck as tc
from compiler.core.resolve import aggregates, comparisons, derived_codes, parameters
from compiler.core.resolve.context import (Context, Scope, attribute_key, error_expr, tail,
                                           value_key)
from compiler.core.resolve.outcome_records import record_hint
from compiler.diagnostics import did_you_mean
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface import print as surface_print

# the kinds of expression `expr` hands to `literal` and to `reference`
_Written = (s.BoolLit | s.NumberLit | s.MoneyLit | s.DateLit | s.DurationLit | s.StringLit
            | s.BareName)
_Reference = s.TheRef | s.ItsRef | s.ItRef | s.Possessive | s.Count | s.Quantified

_QUANTIFIERS = {s.Quantifier.ANY: c.QuantKind.ANY, s.Quantifier.EVERY: c.QuantKind.EVERY,
                s.Quantifier.NO: c.QuantKind.NO}


class Expressions:
    """Surface expressions → core expressions, over the names of one `Context`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.in_progress: list[str] = []  # the definitions being resolved, outermost first
        self.parameter_names: dict[str, str] = {}  # a parameter's variable → its written name
        self.owned_names: bool | None = None  # whether any name is declared with 's, once known

    # ---------------------------------------------------------------------------- definitions
    def definition(self, k: str) -> c.Type:
        """Resolve the definition `k` (once) and give its type; report cycles."""
        ctx = self.ctx
        if k in ctx.def_types:
            return ctx.def_types[k]
        d, citation = ctx.surface_defs[k]
        if k in self.in_progress:
            cycle = self.in_progress[self.in_progress.index(k):] + [k]
            ctx.err("definition-cycle", "a definition depends on itself: " + " → ".join(cycle),
                    d.span)
            return c.ErrorT()
        self.in_progress.append(k)
        scope = Scope(context=f"in {citation}" if citation else None)
        param: c.Var | None = None
        body: c.Expr | None = None
        members: tuple[str, ...] = ()
        match d:
            case s.ValueDef(name=name, value=value):
                kind, subject = c.DefKind.VALUE, None
                param = self.parameter(name, d.span, scope)
                body = self.expr(value, scope)
                t = body.type
            case s.SetDef(name=name, members=lits):
                kind, subject = c.DefKind.SET, None
                members = tuple(m.value for m in lits)
                if len(set(members)) != len(members):
                    dup = next(m for m in lits if members.count(m.value) > 1)
                    ctx.err("duplicate", f'"{dup.value}" is listed twice', dup.span, scope=scope)
                t = c.SetT()
            case s.AttributeDef(subject=subject, name=name, value=value):
                kind = c.DefKind.ATTRIBUTE
                param = ctx.fresh_var(subject, d.span)
                scope.vars.append(param)
                body = self.expr(value, scope)
                t = body.type
            case s.PredicateDef(subject=subject, phrase=name, condition=condition):
                kind = c.DefKind.PREDICATE
                param = ctx.fresh_var(subject, d.span)
                scope.vars.append(param)
                body = self.condition(condition, scope)
                t = c.BoolT()
        self.in_progress.pop()
        ctx.def_types[k] = t
        ctx.definitions[k] = c.Definition(
            key=k, kind=kind, name=name, subject=subject, parameter=param, body=body,
            members=members, type=t, citation=citation, source=d, span=d.span)
        return t

    def parameter(self, name: str, span: Span, scope: Scope) -> c.Var | None:
        """The parameter of `the penalty for a tier means …`, put in scope (None if the name
        has none): `the tier` in the body is it (`parameters.py`)."""
        t = parameters.parameter_type(self.ctx, name)
        parts = parameters.split(name)
        if t is None or parts is None:
            return None
        var = self.ctx.fresh_var(parts[1], span)
        var = c.Var(name=var.name, type=t, span=span)
        self.parameter_names[var.name] = parts[1]
        scope.vars.append(var)
        return var

    # ---------------------------------------------------------------------------- expressions
    def condition(self, e: s.Expr, scope: Scope) -> c.Expr:
        out = self.expr(e, scope)
        if not tc.is_bool(out.type):
            self.ctx.err("type-mismatch", f"a condition must be yes or no, but this is "
                         f"{out.type}", e.span, scope=scope, hint=_condition_hint(out))
            return error_expr(e.span)
        return out

    def expr(self, e: s.Expr, scope: Scope, expected: c.Type | None = None) -> c.Expr:
        match e:
            case (s.BoolLit() | s.NumberLit() | s.MoneyLit() | s.DateLit() | s.DurationLit()
                  | s.StringLit() | s.BareName()):
                return self.literal(e, scope, expected)
            case (s.TheRef() | s.ItsRef() | s.ItRef() | s.Possessive() | s.Count()
                  | s.Quantified()):
                return self.reference(e, scope)
            case s.Aggregate():
                return aggregates.aggregate(self, e, scope)
            case s.Call():
                return parameters.call(self, e, scope)
            case s.TimeSpan():
                return self.ctx.err_expr("type-mismatch", '"the time from A to B" can only be '
                                         "compared with a length of time", e.span, scope,
                                         hint='e.g. "the time from A to B is at least 18 years"')
            case s.Arithmetic(op=op, left=left, right=right):
                return comparisons.arithmetic(self, op, left, right, e.span, scope)
            case s.Compare():
                return comparisons.compare(self, e, scope)
            case s.Has():
                return self.has(e, scope)
            case s.Not(operand=operand):
                return c.Not(operand=self.condition(operand, scope), span=e.span)
            case s.Chain(operands=operands, connectives=connectives):
                if len(set(connectives)) > 1:
                    return self.mixed_and_or(e, scope)
                parts = tuple(self.condition(o, scope) for o in operands)
                if connectives[0] is s.Connective.AND:
                    return c.And(operands=parts, span=e.span)
                return c.Or(operands=parts, span=e.span)
            case s.Paren(inner=inner):
                return self.expr(inner, scope, expected)
            case s.ListCondition(kind=kind, items=items):
                parts = tuple(self.condition(i, scope) for i in items)
                if kind is s.ListKind.ALL:
                    return c.And(operands=parts, span=e.span)
                if kind is s.ListKind.ANY:
                    return c.Or(operands=parts, span=e.span)
                return c.Not(operand=c.Or(operands=parts, span=e.span), span=e.span)
            case _:
                assert_never(e)

    def literal(self, e: _Written, scope: Scope, expected: c.Type | None) -> c.Expr:
        """A value written out; a string or bare name is a value of the enum `expected`."""
        match e:
            case s.BoolLit(value=v):
                return c.Lit(value=v, type=c.BoolT(), span=e.span)
            case s.NumberLit(text=text):
                if text.endswith("%"):  # 20% is the decimal 0.20
                    return c.Lit(value=Decimal(text[:-1]) / 100, type=c.DecimalT(), span=e.span,
                                 percent=True)
                if "." in text:
                    return c.Lit(value=Decimal(text), type=c.DecimalT(), span=e.span)
                return c.Lit(value=int(text), type=c.IntT(), span=e.span)
            case s.MoneyLit(text=text):
                return c.Lit(value=Decimal(text.lstrip("$").replace(",", "")), type=c.MoneyT(),
                             span=e.span)
            case s.DateLit(text=text) if "T" in text:  # 2024-07-01T14:30
                try:
                    return c.Lit(value=datetime.datetime.fromisoformat(text),
                                 type=c.DateTimeT(), span=e.span)
                except ValueError:
                    return self.ctx.err_expr("bad-literal", f"{text} is not a date and time "
                                             "that exists", e.span, scope,
                                             hint="write YYYY-MM-DDTHH:MM, e.g. "
                                             "2025-05-23T17:00")
            case s.DateLit(text=text):
                try:
                    return c.Lit(value=datetime.date.fromisoformat(text), type=c.DateT(),
                                 span=e.span)
                except ValueError:
                    return self.ctx.err_expr("bad-literal", f"{text} is not a date that exists",
                                             e.span, scope, hint="dates are written YYYY-MM-DD")
            case s.DurationLit(amount=amount, unit=unit):
                return self.duration_literal(amount, unit, e.span, scope)
            case s.StringLit(value=v):
                if isinstance(expected, c.EnumT):
                    return self.enum_value(v, expected, e.span, scope)
                return c.Lit(value=v, type=c.CodeT(), span=e.span)
            case s.BareName(name=name):
                if isinstance(expected, c.EnumT):
                    return self.enum_value(name, expected, e.span, scope)
                if isinstance(expected, c.BoolT) and name in ("true", "false"):
                    yes_no = "yes" if name == "true" else "no"
                    return self.ctx.err_expr("type-mismatch", f'write "{yes_no}" instead of '
                                             f'"{name}"', e.span, scope)
                return self.unknown_bare_name(name, e.span, scope)
            case _:
                assert_never(e)

    def reference(self, e: _Reference, scope: Scope) -> c.Expr:
        """`the X`, `its X`, `it`, `A's X`, and the quantifiers over a list."""
        match e:
            case s.TheRef(name=name):
                return self.the_ref(name, e.span, scope)
            case s.ItsRef(name=name):
                if not scope.vars:
                    return self.ctx.err_expr("no-its", f'"its {name}": there is no record here '
                                             'for "its" to refer to', e.span, scope,
                                             hint=f'write "the <record>\'s {name}"')
                return self.member(scope.vars[-1], name, e.span, scope)
            case s.ItRef():
                if not scope.vars:
                    return self.ctx.err_expr("no-its", '"it": there is no record here for "it" '
                                             "to refer to", e.span, scope)
                return scope.vars[-1]
            case s.Possessive(owner=owner, name=name):
                owned = s.owned_name(e)
                if owned is not None and (self.declares(owned)  # `the claimant's age`
                                          or not self.names_owner(owned, scope)):
                    return self.the_ref(owned, e.span, scope)
                resolved = self.expr(owner, scope)
                if name == derived_codes.SECTION and isinstance(resolved.type, c.CodeT):
                    return derived_codes.section_of(resolved, e.span)
                return self.member(resolved, name, e.span, scope)
            case s.Count(element=element, owner=owner, such_that=cond):
                return self.quantifier(c.QuantKind.COUNT, element, owner, cond, e.span, scope)
            case s.Quantified(quantifier=q, element=element, owner=owner, such_that=cond):
                return self.quantifier(_QUANTIFIERS[q], element, owner, cond, e.span, scope)
            case _:
                assert_never(e)

    def mixed_and_or(self, e: s.Chain, scope: Scope) -> c.Expr:
        first_or = e.connective_spans[e.connectives.index(s.Connective.OR)] \
            if e.connective_spans else e.span
        groups: list[list[s.Expr]] = [[e.operands[0]]]
        for op, operand in zip(e.connectives, e.operands[1:]):
            if op is s.Connective.OR:
                groups.append([operand])
            else:
                groups[-1].append(operand)
        lines = ["any of the following:"]
        for group in groups:
            if len(group) == 1:
                lines.append(f"  - {surface_print.expr(group[0])}")
            else:
                lines.append("  - all of the following:")
                lines.extend(f"    - {surface_print.expr(g)}" for g in group)
        hint = ("if \"and\" binds first, as in most laws, write it as a list:\n"
                + "\n".join(lines))
        return self.ctx.err_expr("mixed-and-or", "\"and\" and \"or\" are mixed on one line, so "
                                 "it is not clear which goes first", first_or, scope, hint=hint)

    def duration_literal(self, amount: str, unit: str, span: Span, scope: Scope) -> c.Expr:
        if unit not in c.UNITS:
            return self.ctx.err_expr("bad-literal", f'"{unit}" is not a unit of time', span,
                                     scope, hint="use days, weeks, months, years, hours or "
                                     "minutes")
        if "." in amount:
            return self.ctx.err_expr("bad-literal", "a length of time is a whole number of "
                                     "days, weeks, months or years", span, scope)
        kind, factor = c.UNITS[unit]
        return c.Lit(value=c.Duration(int(amount) * factor, kind),
                     type=c.DurationT(kind, unit if unit.endswith("s") else unit + "s"),
                     span=span)

    def enum_value(self, name: str, t: c.EnumT, span: Span, scope: Scope) -> c.Expr:
        values = self.ctx.enums[t.name].values
        if name in values:
            return c.Lit(value=name, type=t, span=span)
        return self.ctx.err_expr("unknown-value", f'"{name}" is not one of the values of '
                                 f'"{t.name}"', span, scope,
                                 hint=did_you_mean(name, values) or
                                 "the values are: " + ", ".join(values))

    # ---------------------------------------------------------------------------------- names
    def unknown_bare_name(self, name: str, span: Span, scope: Scope) -> c.Expr:
        ctx = self.ctx
        candidates = list(ctx.facts) + [d.name for d in ctx.value_defs()] + list(ctx.decisions)
        if name in candidates:
            return ctx.err_expr("unknown-name", f'"{name}" needs "the" in front of it', span,
                                scope, hint=f'write "the {name}"')
        hint = did_you_mean(name, candidates)
        return ctx.err_expr("unknown-name", f'"{name}" is not a value here', span, scope,
                            hint=hint or "a bare name is a value of a list of values "
                            "(\"is felony\") or a defined phrase (\"is for a covered crime\")")

    def declares(self, name: str) -> bool:
        """Whether the law has a fact, a definition or a decision of that name."""
        ctx = self.ctx
        return name in ctx.facts or value_key(name) in ctx.surface_defs or name in ctx.decisions

    def names_owner(self, owned: str, scope: Scope) -> bool:
        """Whether the first word of `claimant's age` names something here (so a misspelt
        owned name is reported whole, with its nearest declared name, only where it does not)."""
        ctx = self.ctx
        if self.owned_names is None:
            declared = [*ctx.facts, *ctx.decisions, *(d.name for d in ctx.value_defs())]
            self.owned_names = any("'s " in name for name in declared)
        if not self.owned_names:
            return True  # a law without owned names: `the persn's age` is about "the persn"
        root = owned.split("'s ", 1)[0]
        return self.declares(root) or any(
            (isinstance(v.type, c.RecordT) and v.type.name == root)
            or self.parameter_names.get(v.name) == root for v in scope.vars)

    def the_ref(self, name: str, span: Span, scope: Scope) -> c.Expr:
        ctx = self.ctx
        for var in reversed(scope.vars):
            if (isinstance(var.type, c.RecordT) and var.type.name == name) or \
                    self.parameter_names.get(var.name) == name:
                return c.Var(name=var.name, type=var.type, span=span)
        if name in ctx.facts:
            return c.Field(owner=c.Root(span=span), record=c.ROOT, name=name,
                           type=ctx.facts[name].type, span=span)
        k = value_key(name)
        if k in ctx.surface_defs and parameters.is_parameterised(ctx, name):
            return parameters.missing_argument(ctx, name, span, scope)
        if k in ctx.surface_defs:
            return c.DefRef(key=k, argument=None, type=self.definition(k), span=span)
        if name in ctx.decisions:
            return c.DecisionRef(name=name, type=ctx.decision_types[name], span=span)
        record = record_hint(ctx, name)
        if record is not None:
            return ctx.err_expr("type-mismatch", record, span, scope)
        candidates = (list(ctx.facts) + [d.name for d in ctx.value_defs()]
                      + list(ctx.decisions)
                      + [v.type.name for v in scope.vars if isinstance(v.type, c.RecordT)])
        hint = did_you_mean(name, candidates)
        if hint is None and " of " in name:
            hint = ('if this is a field of a record, write "the <record>\'s <field>"; note that '
                    '"of" joins the words around it into one name')
        return ctx.err_expr("unknown-name", f'nothing is called "the {name}"', span, scope,
                            hint=hint)

    def member(self, owner: c.Expr, name: str, span: Span, scope: Scope) -> c.Expr:
        ctx = self.ctx
        t = owner.type
        if tc.is_error(t):
            return error_expr(span)
        if not isinstance(t, c.RecordT):
            return ctx.err_expr("type-mismatch", f'"{name}": only a record has fields, and this '
                                f"is {t}", span, scope)
        if t.name != c.ROOT and t.name not in ctx.records:
            return error_expr(span)  # an undeclared record, reported where it is named
        record = ctx.records[t.name] if t.name != c.ROOT else None
        if record is not None and name in record.fields:
            return c.Field(owner=owner, record=t.name, name=name, type=record.fields[name].type,
                           span=span)
        k = attribute_key(t.name, name)
        if k in ctx.surface_defs:
            return c.DefRef(key=k, argument=owner, type=self.definition(k), span=span)
        candidates = list(record.fields) if record else []
        candidates += [d.name for d, _ in ctx.surface_defs.values()
                       if isinstance(d, s.AttributeDef) and d.subject == t.name]
        return ctx.err_expr("unknown-field", f'{names.article(t.name)} {t.name} has no "{name}"', tail(span, name),
                            scope,
                            hint=did_you_mean(name, candidates) or (
                                "its facts are: " + ", ".join(candidates) if candidates
                                else None))

    # ---------------------------------------------------------------------------------- lists
    def list_field(self, owner: c.Expr, element: str, span: Span, scope: Scope
                   ) -> tuple[c.Expr, str] | None:
        """`conviction of the person` or `convictions of the person`: the list and its type."""
        ctx = self.ctx
        t = owner.type
        if tc.is_error(t):
            return None
        if not isinstance(t, c.RecordT):
            ctx.err("not-a-list", f'"{element} of …" needs a record that has a list, but this '
                    f"is {t}", span, scope=scope)
            return None
        if t.name != c.ROOT and t.name not in ctx.records:
            return None  # an undeclared record, reported where it is named
        fields = ctx.fields(t.name)
        by_name = fields.get(element)
        if by_name is not None and isinstance(by_name.type, c.ListT):
            return (c.Field(owner=owner, record=t.name, name=element, type=by_name.type,
                            span=span), by_name.type.element)
        matches = [f for f in fields.values() if isinstance(f.type, c.ListT)
                   and f.type.element in names.singulars(element) + [element]]
        if len(matches) == 1:
            f = matches[0]
            assert isinstance(f.type, c.ListT)
            return (c.Field(owner=owner, record=t.name, name=f.name, type=f.type, span=span),
                    f.type.element)
        if len(matches) > 1:
            ctx.err("ambiguous-name", f'{names.article(t.name)} {t.name} has several lists of {element} records: '
                    + ", ".join(f.name for f in matches), span, scope=scope,
                    hint="name the list instead, e.g. \"any of the "
                    f"{matches[0].name} of …\"")
            return None
        lists = [f.name for f in fields.values() if isinstance(f.type, c.ListT)]
        ctx.err("not-a-list", f'{names.article(t.name)} {t.name} has no list of "{element}"', span, scope=scope,
                hint=did_you_mean(element, lists) or (
                    "its lists are: " + ", ".join(lists) if lists else None))
        return None

    def quantifier(self, kind: c.QuantKind, element: str, owner: s.Expr, cond: s.Expr | None,
                   span: Span, scope: Scope) -> c.Expr:
        owner_expr = self.expr(owner, scope)
        found = self.list_field(owner_expr, element, span, scope)
        if found is None:
            if cond is not None:
                self.expr(cond, Scope(vars=list(scope.vars), context=scope.context))
            return error_expr(span)
        collection, record = found
        var = self.ctx.fresh_var(record, span)
        body: c.Expr | None = None
        if cond is not None:
            inner = Scope(vars=scope.vars + [var], context=scope.context)
            body = self.condition(cond, inner)
        t: c.Type = c.IntT(0, None) if kind is c.QuantKind.COUNT else c.BoolT()
        return c.Quant(kind=kind, collection=collection, var=var, condition=body, type=t,
                       span=span)

    # ------------------------------------------------------------------------------------ has
    def has(self, e: s.Has, scope: Scope) -> c.Expr:
        """`A has X`: a yes/no fact, a yes/no attribute, or "the list of X is not empty"."""
        if e.owner is None:
            owner: c.Expr = c.Root(span=e.span)
            owner_name = c.ROOT
        else:
            owner = self.expr(e.owner, scope)
            if tc.is_error(owner.type):
                return error_expr(e.span)
            if not isinstance(owner.type, c.RecordT):
                return self.ctx.err_expr("type-mismatch", f'"has" needs a record, but this is '
                                         f"{owner.type}", e.span, scope)
            owner_name = owner.type.name
        result = self.has_positive(e, owner, owner_name, scope)
        if tc.is_error(result.type):
            return result
        return c.Not(operand=result, span=e.span) if e.negated else result

    def has_positive(self, e: s.Has, owner: c.Expr, owner_name: str, scope: Scope) -> c.Expr:
        record_fields = self.ctx.fields(owner_name)
        f = record_fields.get(e.name)
        if f is not None and isinstance(f.type, c.BoolT):
            return c.Field(owner=owner, record=owner_name, name=e.name, type=f.type,
                           span=e.span)
        k = attribute_key(owner_name, e.name)
        if e.owner is not None and k in self.ctx.surface_defs and tc.is_bool(self.definition(k)):
            return c.DefRef(key=k, argument=owner, type=c.BoolT(), span=e.span)
        lists = [x for x in record_fields.values() if isinstance(x.type, c.ListT) and (
            x.name == e.name or x.type.element in names.singulars(e.name) + [e.name])]
        if len(lists) == 1:
            lf = lists[0]
            assert isinstance(lf.type, c.ListT)
            collection = c.Field(owner=owner, record=owner_name, name=lf.name, type=lf.type,
                                 span=e.span)
            return c.Quant(kind=c.QuantKind.ANY, collection=collection,
                           var=self.ctx.fresh_var(lf.type.element, e.span), condition=None,
                           type=c.BoolT(), span=e.span)
        flags = [x.name for x in record_fields.values() if isinstance(x.type, (c.BoolT, c.ListT))]
        subject = "the case" if e.owner is None else f"{names.article(owner_name)} {owner_name}"
        if f is not None:
            return self.ctx.err_expr("type-mismatch", f'"{e.name}" is {f.type}, not yes or no',
                                     e.span, scope, hint=f'compare it: "… \'s {e.name} is …"')
        return self.ctx.err_expr("unknown-field", f'{subject} has no yes-or-no fact or list '
                                 f'called "{e.name}"', tail(e.span, e.name), scope,
                                 hint=did_you_mean(e.name, flags))


def _condition_hint(out: c.Expr) -> str | None:
    if isinstance(out.type, c.RecordT):
        return 'say what must be true of it, e.g. "… is <something>" or "… has <a fact>"'
    return "compare it with something, e.g. \"… is at least 18\""
