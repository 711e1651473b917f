"""Resolution: surface AST (a law and the vocabularies it uses) → typed core IR.

Takes the parsed law and the parsed files it `uses`; gives a `compiler.core.ast.Program`, or
raises `DiagnosticError` with every error found (unknown names with a did-you-mean, type
mismatches, `and` mixed with `or`, unknown citations, cycles). Each diagnostic names the
provision, decision or example it is in.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from compiler.core import ast as c
from compiler.core import names
from compiler.core import typecheck as tc
from compiler.diagnostics import Diagnostic, DiagnosticError, Diagnostics, did_you_mean, error
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface import print as surface_print

ROOT = c.ROOT
walk = c.walk


@dataclass
class _Scope:
    """What `it`, `its` and `the conviction` mean at a point of an expression."""

    vars: list[c.Var] = field(default_factory=list)
    context: str | None = None


class _Resolver:
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
        self.surface_defs: dict[str, tuple[s.Definition, str | None]] = {}
        self.definitions: dict[str, c.Definition] = {}
        self.def_types: dict[str, c.Type] = {}
        self.in_progress: list[str] = []
        self.decisions: dict[str, s.DecisionDecl] = {}
        self.decision_types: dict[str, c.Type] = {}
        self.var_counter = 0
        self.cited: set[str] | None = None

    # ------------------------------------------------------------------------ diagnostics
    def err(self, code: str, message: str, span: Span, *, hint: str | None = None,
            scope: _Scope | None = None, context: str | None = None) -> c.ErrorT:
        self.diags.add(error(code, message, span, hint=hint,
                             context=context or (scope.context if scope else None)))
        return c.ErrorT()

    # -------------------------------------------------------------------------- declarations
    def all_files(self) -> list[s.File]:
        return self.used + [self.main]

    def declare(self) -> None:
        files = self.all_files()
        surface_records: list[s.RecordDecl] = []
        for file in files:
            for item in file.items:
                if isinstance(item, s.RecordDecl):
                    if item.name in self.record_spans:
                        self.err("duplicate", f'the record "{item.name}" is declared twice',
                                 item.span)
                        continue
                    self.record_spans[item.name] = item.span
                    surface_records.append(item)
        for record in surface_records:
            self.records[record.name] = c.Record(
                name=record.name, fields=self.declare_fields(record.name, record.fields),
                span=record.span)
        fact_fields: list[s.FieldDecl] = []
        for file in files:
            for item in file.items:
                if isinstance(item, s.FactsDecl):
                    fact_fields.extend(item.fields)
        self.facts = self.declare_fields(ROOT, tuple(fact_fields))
        # definitions, in every file; provisions give them their citation
        for file in files:
            for item in file.items:
                if isinstance(item, s.Provision):
                    for part in item.body:
                        if isinstance(part, (s.PredicateDef, s.AttributeDef, s.ValueDef,
                                             s.SetDef)):
                            self.declare_definition(part, item.citation.text)
                elif isinstance(item, (s.PredicateDef, s.AttributeDef, s.ValueDef, s.SetDef)):
                    self.declare_definition(item, None)
        for item in self.main.items:
            if isinstance(item, s.DecisionDecl):
                if item.name in self.decisions:
                    self.err("duplicate", f'the decision "{item.name}" is declared twice',
                             item.span)
                    continue
                if item.name in self.facts or _value_key(item.name) in self.surface_defs:
                    self.err("duplicate", f'"{item.name}" is already the name of a fact or '
                             "definition", item.span)
                self.decisions[item.name] = item
                if isinstance(item.type, s.EnumType):
                    self.enums[item.name] = c.EnumDecl(name=item.name, values=item.type.values,
                                                       span=item.type.span)
                    self.decision_types[item.name] = c.EnumT(item.name)
                else:
                    t = self.type_of(item.type, item.name)
                    if not tc.decision_type_ok(t):
                        self.err("type-mismatch", f"a decision is yes or no, or one of a list "
                                 f"of values, but this one is {t}", item.type.span)
                        t = c.ErrorT()
                    self.decision_types[item.name] = t

    def declare_fields(self, owner: str, fields: Sequence[s.FieldDecl]
                       ) -> dict[str, c.FieldDecl]:
        out: dict[str, c.FieldDecl] = {}
        keys: dict[str, str] = {}
        for f in fields:
            if f.name in out:
                self.err("duplicate", f'"{f.name}" is declared twice'
                         + ("" if owner == ROOT else f' in "{owner}"'), f.span)
                continue
            k = names.key(f.name)
            if k in keys:
                self.err("duplicate", f'"{f.name}" and "{keys[k]}" would have the same key '
                         f'"{k}" in facts files', f.span, hint="rename one of them")
                continue
            keys[k] = f.name
            enum_name = f.name if owner == ROOT else f"{owner} {f.name}"
            out[f.name] = c.FieldDecl(name=f.name, type=self.type_of(f.type, enum_name),
                                      span=f.span)
        return out

    def type_of(self, t: s.TypeExpr, enum_name: str) -> c.Type:
        match t:
            case s.BoolType():
                return c.BoolT()
            case s.IntType(bounds=b):
                low, high = _bounds(b)
                for bound in (low, high):
                    if bound is not None and bound != int(bound):
                        self.err("type-mismatch", "the bounds of a whole number are whole",
                                 t.span)
                return c.IntT(None if low is None else int(low),
                              None if high is None else int(high))
            case s.DecimalType(bounds=b):
                return c.DecimalT(*_bounds(b))
            case s.MoneyType(bounds=b):
                return c.MoneyT(*_bounds(b))
            case s.DateType():
                return c.DateT()
            case s.CodeType():
                return c.CodeT()
            case s.DurationType(unit=unit, bounds=b):
                if unit not in c.UNITS:
                    self.err("unknown-type", f'"{unit}" is not a unit of time', t.span,
                             hint="use days, weeks, months or years")
                    return c.ErrorT()
                kind, _ = c.UNITS[unit]
                low, high = _bounds(b)
                return c.DurationT(kind, unit if unit.endswith("s") else unit + "s",
                                   None if low is None else int(low),
                                   None if high is None else int(high))
            case s.EnumType(values=values):
                if len(set(values)) != len(values):
                    self.err("duplicate", "a value is listed twice", t.span)
                value_keys = [names.key(v) for v in values]
                if len(set(value_keys)) != len(value_keys):
                    self.err("duplicate", "two values differ only in case or punctuation",
                             t.span)
                self.enums[enum_name] = c.EnumDecl(name=enum_name, values=values, span=t.span)
                return c.EnumT(enum_name)
            case s.NamedType(name=name):
                if name in self.record_spans:
                    return c.RecordT(name)
                if name.startswith("list of "):
                    element = name[len("list of "):]
                    for form in names.singulars(element):
                        if form in self.record_spans:
                            return c.ListT(form)
                    self.err("unknown-type", f'no record type "{element}" is declared',
                             t.span, hint=did_you_mean(element, self.record_spans))
                    return c.ErrorT()
                builtin = {"yes or no": "yes or no", "integer": "a whole number",
                           "number": "a whole number", "string": "a code", "text": "a code",
                           "boolean": "yes or no"}.get(name)
                hint = (f'write "{builtin}"' if builtin else did_you_mean(
                    name, list(self.record_spans) + ["date", "code", "whole number",
                                                     "decimal number"]))
                self.err("unknown-type", f'"{name}" is not a type', t.span, hint=hint)
                return c.ErrorT()
        raise AssertionError(t)

    def declare_definition(self, d: s.Definition, citation: str | None) -> None:
        match d:
            case s.ValueDef(name=name) | s.SetDef(name=name):
                k = _value_key(name)
                clash = name in self.facts
            case s.AttributeDef(subject=subject, name=name):
                k = _attribute_key(subject, name)
                record = self.records.get(subject)
                clash = record is not None and name in record.fields
                if subject not in self.records:
                    self.err("unknown-type", f'no record type "{subject}" is declared', d.span,
                             hint=did_you_mean(subject, self.records))
            case s.PredicateDef(subject=subject, phrase=phrase):
                k = _predicate_key(subject, phrase)
                record = self.records.get(subject)
                clash = record is not None and phrase in record.fields
                if subject not in self.records:
                    self.err("unknown-type", f'no record type "{subject}" is declared', d.span,
                             hint=did_you_mean(subject, self.records))
        if k in self.surface_defs or clash:
            self.err("duplicate", f'"{k}" is defined twice, or is also the name of a fact',
                     d.span, context=f"in {citation}" if citation else None)
            return
        self.surface_defs[k] = (d, citation)

    # ---------------------------------------------------------------------------- definitions
    def definition(self, k: str) -> c.Type:
        """Resolve the definition `k` (once) and give its type; report cycles."""
        if k in self.def_types:
            return self.def_types[k]
        d, citation = self.surface_defs[k]
        if k in self.in_progress:
            cycle = self.in_progress[self.in_progress.index(k):] + [k]
            self.err("definition-cycle", "a definition depends on itself: "
                     + " → ".join(cycle), d.span)
            return c.ErrorT()
        self.in_progress.append(k)
        scope = _Scope(context=f"in {citation}" if citation else None)
        param: c.Var | None = None
        body: c.Expr | None = None
        members: tuple[str, ...] = ()
        match d:
            case s.ValueDef(name=name, value=value):
                kind, subject = c.DefKind.VALUE, None
                body = self.expr(value, scope)
                t = body.type
            case s.SetDef(name=name, members=lits):
                kind, subject = c.DefKind.SET, None
                members = tuple(m.value for m in lits)
                if len(set(members)) != len(members):
                    dup = next(m for m in lits if members.count(m.value) > 1)
                    self.err("duplicate", f'"{dup.value}" is listed twice', dup.span,
                             scope=scope)
                t = c.SetT()
            case s.AttributeDef(subject=subject, name=name, value=value):
                kind = c.DefKind.ATTRIBUTE
                param = self.fresh_var(subject, d.span)
                scope.vars.append(param)
                body = self.expr(value, scope)
                t = body.type
            case s.PredicateDef(subject=subject, phrase=name, condition=condition):
                kind = c.DefKind.PREDICATE
                param = self.fresh_var(subject, d.span)
                scope.vars.append(param)
                body = self.condition(condition, scope)
                t = c.BoolT()
        self.in_progress.pop()
        self.def_types[k] = t
        self.definitions[k] = c.Definition(
            key=k, kind=kind, name=name, subject=subject, parameter=param, body=body,
            members=members, type=t, citation=citation, source=d, span=d.span)
        return t

    def fresh_var(self, record: str, span: Span) -> c.Var:
        self.var_counter += 1
        return c.Var(name=f"{names.key(record)}_{self.var_counter}", type=c.RecordT(record),
                     span=span)

    # ---------------------------------------------------------------------------- expressions
    def condition(self, e: s.Expr, scope: _Scope) -> c.Expr:
        out = self.expr(e, scope)
        if not tc.is_bool(out.type):
            self.err("type-mismatch", f"a condition must be yes or no, but this is {out.type}",
                     e.span, scope=scope, hint=self.condition_hint(out))
            return _error_expr(e.span)
        return out

    def condition_hint(self, out: c.Expr) -> str | None:
        if isinstance(out.type, c.RecordT):
            return 'say what must be true of it, e.g. "… is <something>" or "… has <a fact>"'
        return "compare it with something, e.g. \"… is at least 18\""

    def expr(self, e: s.Expr, scope: _Scope, expected: c.Type | None = None) -> c.Expr:
        match e:
            case s.BoolLit(value=v):
                return c.Lit(value=v, type=c.BoolT(), span=e.span)
            case s.NumberLit(text=text):
                if "." in text:
                    return c.Lit(value=Decimal(text), type=c.DecimalT(), span=e.span)
                return c.Lit(value=int(text), type=c.IntT(), span=e.span)
            case s.MoneyLit(text=text):
                return c.Lit(value=Decimal(text.lstrip("$").replace(",", "")), type=c.MoneyT(),
                             span=e.span)
            case s.DateLit(text=text):
                try:
                    return c.Lit(value=datetime.date.fromisoformat(text), type=c.DateT(),
                                 span=e.span)
                except ValueError:
                    self.err("bad-literal", f"{text} is not a date that exists", e.span,
                             scope=scope, hint="dates are written YYYY-MM-DD")
                    return _error_expr(e.span)
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
                    return self.err_expr("type-mismatch", f'write "{"yes" if name == "true" else "no"}"'
                                         f' instead of "{name}"', e.span, scope)
                return self.unknown_bare_name(name, e.span, scope)
            case s.TheRef(name=name):
                return self.the_ref(name, e.span, scope)
            case s.ItsRef(name=name):
                if not scope.vars:
                    return self.err_expr("no-its", f'"its {name}": there is no record here for '
                                         '"its" to refer to', e.span, scope,
                                         hint=f'write "the <record>\'s {name}"')
                return self.member(scope.vars[-1], name, e.span, scope)
            case s.ItRef():
                if not scope.vars:
                    return self.err_expr("no-its", '"it": there is no record here for "it" to '
                                         "refer to", e.span, scope)
                return scope.vars[-1]
            case s.Possessive(owner=owner, name=name):
                return self.member(self.expr(owner, scope), name, e.span, scope)
            case s.Count(element=element, owner=owner, such_that=cond):
                return self.quantifier(c.QuantKind.COUNT, element, owner, cond, e.span, scope)
            case s.Quantified(quantifier=q, element=element, owner=owner, such_that=cond):
                kind = {s.Quantifier.ANY: c.QuantKind.ANY, s.Quantifier.EVERY: c.QuantKind.EVERY,
                        s.Quantifier.NO: c.QuantKind.NO}[q]
                return self.quantifier(kind, element, owner, cond, e.span, scope)
            case s.TimeSpan():
                return self.err_expr("type-mismatch", '"the time from A to B" can only be '
                                     "compared with a length of time", e.span, scope,
                                     hint='e.g. "the time from A to B is at least 18 years"')
            case s.Arithmetic(op=op, left=left, right=right):
                return self.arithmetic(op, left, right, e.span, scope)
            case s.Compare():
                return self.compare(e, scope)
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
        raise AssertionError(e)

    def err_expr(self, code: str, message: str, span: Span, scope: _Scope, *,
                 hint: str | None = None) -> c.Expr:
        self.err(code, message, span, hint=hint, scope=scope)
        return _error_expr(span)

    def mixed_and_or(self, e: s.Chain, scope: _Scope) -> c.Expr:
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
        return self.err_expr("mixed-and-or", "\"and\" and \"or\" are mixed on one line, so it is "
                             "not clear which goes first", first_or, scope, hint=hint)

    def duration_literal(self, amount: str, unit: str, span: Span, scope: _Scope) -> c.Expr:
        if unit not in c.UNITS:
            return self.err_expr("bad-literal", f'"{unit}" is not a unit of time', span, scope,
                                 hint="use days, weeks, months or years")
        if "." in amount:
            return self.err_expr("bad-literal", "a length of time is a whole number of "
                                 "days, weeks, months or years", span, scope)
        kind, factor = c.UNITS[unit]
        return c.Lit(value=c.Duration(int(amount) * factor, kind),
                     type=c.DurationT(kind, unit if unit.endswith("s") else unit + "s"),
                     span=span)

    def enum_value(self, name: str, t: c.EnumT, span: Span, scope: _Scope) -> c.Expr:
        values = self.enums[t.name].values
        if name in values:
            return c.Lit(value=name, type=t, span=span)
        return self.err_expr("unknown-value", f'"{name}" is not one of the values of '
                             f'"{t.name}"', span, scope,
                             hint=did_you_mean(name, values) or
                             "the values are: " + ", ".join(values))

    def unknown_bare_name(self, name: str, span: Span, scope: _Scope) -> c.Expr:
        candidates = list(self.facts) + [d.name for d in self._value_defs()] + list(
            self.decisions)
        if name in candidates:
            return self.err_expr("unknown-name", f'"{name}" needs "the" in front of it', span,
                                 scope, hint=f'write "the {name}"')
        hint = did_you_mean(name, candidates)
        return self.err_expr("unknown-name", f'"{name}" is not a value here', span, scope,
                             hint=hint or "a bare name is a value of a list of values "
                             "(\"is felony\") or a defined phrase (\"is for a covered crime\")")

    def _value_defs(self) -> list[s.ValueDef | s.SetDef]:
        return [d for d, _ in self.surface_defs.values() if isinstance(d, (s.ValueDef,
                                                                           s.SetDef))]

    def the_ref(self, name: str, span: Span, scope: _Scope) -> c.Expr:
        for var in reversed(scope.vars):
            if isinstance(var.type, c.RecordT) and var.type.name == name:
                return c.Var(name=var.name, type=var.type, span=span)
        if name in self.facts:
            return c.Field(owner=c.Root(span=span), record=ROOT, name=name,
                           type=self.facts[name].type, span=span)
        k = _value_key(name)
        if k in self.surface_defs:
            t = self.definition(k)
            if isinstance(t, c.SetT):
                return c.DefRef(key=k, argument=None, type=t, span=span)
            return c.DefRef(key=k, argument=None, type=t, span=span)
        if name in self.decisions:
            return c.DecisionRef(name=name, type=self.decision_types[name], span=span)
        candidates = (list(self.facts) + [d.name for d in self._value_defs()]
                      + list(self.decisions)
                      + [v.type.name for v in scope.vars if isinstance(v.type, c.RecordT)])
        hint = did_you_mean(name, candidates)
        if hint is None and " of " in name:
            hint = ('if this is a field of a record, write "the <record>\'s <field>"; note that '
                    '"of" joins the words around it into one name')
        return self.err_expr("unknown-name", f'nothing is called "the {name}"', span, scope,
                             hint=hint)

    def member(self, owner: c.Expr, name: str, span: Span, scope: _Scope) -> c.Expr:
        t = owner.type
        if tc.is_error(t):
            return _error_expr(span)
        if not isinstance(t, c.RecordT):
            return self.err_expr("type-mismatch", f'"{name}": only a record has fields, and this '
                                 f"is {t}", span, scope)
        if t.name != ROOT and t.name not in self.records:
            return _error_expr(span)  # an undeclared record, reported where it is named
        record = self.records[t.name] if t.name != ROOT else None
        if record is not None and name in record.fields:
            return c.Field(owner=owner, record=t.name, name=name, type=record.fields[name].type,
                           span=span)
        k = _attribute_key(t.name, name)
        if k in self.surface_defs:
            return c.DefRef(key=k, argument=owner, type=self.definition(k), span=span)
        candidates = list(record.fields) if record else []
        candidates += [d.name for d, _ in self.surface_defs.values()
                       if isinstance(d, s.AttributeDef) and d.subject == t.name]
        return self.err_expr("unknown-field", f'a {t.name} has no "{name}"', _tail(span, name),
                             scope,
                             hint=did_you_mean(name, candidates) or (
                                 "its facts are: " + ", ".join(candidates) if candidates
                                 else None))

    def list_field(self, owner: c.Expr, element: str, span: Span, scope: _Scope
                   ) -> tuple[c.Expr, str] | None:
        """`conviction of the person` or `convictions of the person`: the list and its type."""
        t = owner.type
        if tc.is_error(t):
            return None
        if not isinstance(t, c.RecordT):
            self.err("not-a-list", f'"{element} of …" needs a record that has a list, but this '
                     f"is {t}", span, scope=scope)
            return None
        if t.name != ROOT and t.name not in self.records:
            return None  # an undeclared record, reported where it is named
        fields = self.records[t.name].fields if t.name != ROOT else self.facts
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
            self.err("ambiguous-name", f'a {t.name} has several lists of {element} records: '
                     + ", ".join(f.name for f in matches), span, scope=scope,
                     hint="name the list instead, e.g. \"any of the "
                     f"{matches[0].name} of …\"")
            return None
        lists = [f.name for f in fields.values() if isinstance(f.type, c.ListT)]
        self.err("not-a-list", f'a {t.name} has no list of "{element}"', span, scope=scope,
                 hint=did_you_mean(element, lists) or (
                     "its lists are: " + ", ".join(lists) if lists else None))
        return None

    def quantifier(self, kind: c.QuantKind, element: str, owner: s.Expr, cond: s.Expr | None,
                   span: Span, scope: _Scope) -> c.Expr:
        owner_expr = self.expr(owner, scope)
        found = self.list_field(owner_expr, element, span, scope)
        if found is None:
            if cond is not None:
                self.expr(cond, _Scope(vars=list(scope.vars), context=scope.context))
            return _error_expr(span)
        collection, record = found
        var = self.fresh_var(record, span)
        body: c.Expr | None = None
        if cond is not None:
            inner = _Scope(vars=scope.vars + [var], context=scope.context)
            body = self.condition(cond, inner)
        t: c.Type = c.IntT(0, None) if kind is c.QuantKind.COUNT else c.BoolT()
        return c.Quant(kind=kind, collection=collection, var=var, condition=body, type=t,
                       span=span)

    def arithmetic(self, op: s.Arith, left: s.Expr, right: s.Expr, span: Span, scope: _Scope
                   ) -> c.Expr:
        core_op = {s.Arith.PLUS: c.ArithOp.ADD, s.Arith.MINUS: c.ArithOp.SUB,
                   s.Arith.TIMES: c.ArithOp.MUL, s.Arith.DIVIDED_BY: c.ArithOp.DIV}[op]
        a = self.expr(left, scope)
        b = self.expr(right, scope)
        t = tc.arithmetic(core_op, a.type, b.type)
        if isinstance(t, str):
            return self.err_expr("type-mismatch", t, span, scope)
        return c.Arith(op=core_op, left=a, right=b, type=t, span=span)

    def has(self, e: s.Has, scope: _Scope) -> c.Expr:
        if e.owner is None:
            owner: c.Expr = c.Root(span=e.span)
            record_fields = self.facts
            owner_name = "case"
        else:
            owner = self.expr(e.owner, scope)
            if tc.is_error(owner.type):
                return _error_expr(e.span)
            if not isinstance(owner.type, c.RecordT):
                return self.err_expr("type-mismatch", f'"has" needs a record, but this is '
                                     f"{owner.type}", e.span, scope)
            owner_name = owner.type.name
            record_fields = self._fields(owner_name)
        f = record_fields.get(e.name)
        result: c.Expr
        if f is not None and isinstance(f.type, c.BoolT):
            result = c.Field(owner=owner, record=owner_name if e.owner else ROOT, name=e.name,
                             type=f.type, span=e.span)
        else:
            k = _attribute_key(owner_name, e.name)
            if e.owner is not None and k in self.surface_defs and tc.is_bool(self.definition(k)):
                result = c.DefRef(key=k, argument=owner, type=c.BoolT(), span=e.span)
            else:
                lists = [x for x in record_fields.values() if isinstance(x.type, c.ListT) and (
                    x.name == e.name or x.type.element in names.singulars(e.name) + [e.name])]
                if len(lists) == 1:
                    lf = lists[0]
                    assert isinstance(lf.type, c.ListT)
                    collection = c.Field(owner=owner, record=owner_name, name=lf.name,
                                         type=lf.type, span=e.span)
                    result = c.Quant(kind=c.QuantKind.ANY, collection=collection,
                                     var=self.fresh_var(lf.type.element, e.span), condition=None,
                                     type=c.BoolT(), span=e.span)
                else:
                    flags = [x.name for x in record_fields.values()
                             if isinstance(x.type, (c.BoolT, c.ListT))]
                    subject = "the case" if e.owner is None else f"a {owner_name}"
                    if f is not None:
                        return self.err_expr("type-mismatch", f'"{e.name}" is {f.type}, not yes '
                                             "or no", e.span, scope,
                                             hint=f'compare it: "… \'s {e.name} is …"')
                    return self.err_expr("unknown-field", f'{subject} has no yes-or-no fact or '
                                         f'list called "{e.name}"', _tail(e.span, e.name), scope,
                                         hint=did_you_mean(e.name, flags))
        return c.Not(operand=result, span=e.span) if e.negated else result

    def compare(self, e: s.Compare, scope: _Scope) -> c.Expr:
        out = self.compare_positive(e, scope)
        return c.Not(operand=out, span=e.span) if e.negated and not tc.is_error(out.type) \
            else out

    def compare_positive(self, e: s.Compare, scope: _Scope) -> c.Expr:
        rel = e.relation
        if isinstance(e.subject, s.TimeSpan):
            return self.compare_time_span(e, e.subject, scope)
        subject = self.expr(e.subject, scope)
        st = subject.type
        if rel is s.Relation.EQUAL:
            operand = e.operands[0]
            if isinstance(st, c.RecordT) and isinstance(operand, s.BareName):
                return self.record_phrase(subject, operand, scope)
            value = self.expr(operand, scope, expected=st)
            if isinstance(value.type, c.SetT):
                return self.err_expr("type-mismatch", "a set of codes is compared with \"is one "
                                     "of\"", operand.span, scope, hint="write \"is one of the …\"")
            if not tc.same_kind(st, value.type):
                return self.err_expr("type-mismatch", f"{_describe(subject)} is {st}, but it is "
                                     f"compared with {value.type}", e.span, scope)
            return c.Cmp(op=c.CmpOp.EQ, left=subject, right=value, span=e.span)
        if rel is s.Relation.ONE_OF:
            return self.one_of(subject, e.operands, e.span, scope)
        if rel in (s.Relation.AT_LEAST, s.Relation.AT_MOST, s.Relation.MORE_THAN,
                   s.Relation.LESS_THAN):
            value = self.expr(e.operands[0], scope, expected=st)
            problem = tc.ordered(st, value.type)
            if problem:
                return self.err_expr("type-mismatch", problem, e.span, scope)
            op = {s.Relation.AT_LEAST: c.CmpOp.GE, s.Relation.AT_MOST: c.CmpOp.LE,
                  s.Relation.MORE_THAN: c.CmpOp.GT, s.Relation.LESS_THAN: c.CmpOp.LT}[rel]
            return c.Cmp(op=op, left=subject, right=value, span=e.span)
        if rel in (s.Relation.BEFORE, s.Relation.AFTER, s.Relation.ON_OR_BEFORE,
                   s.Relation.ON_OR_AFTER):
            value = self.expr(e.operands[0], scope)
            problem = tc.dates(st, value.type)
            if problem:
                return self.err_expr("type-mismatch", problem, e.span, scope)
            op = {s.Relation.BEFORE: c.CmpOp.LT, s.Relation.AFTER: c.CmpOp.GT,
                  s.Relation.ON_OR_BEFORE: c.CmpOp.LE, s.Relation.ON_OR_AFTER: c.CmpOp.GE}[rel]
            return c.Cmp(op=op, left=subject, right=value, span=e.span)
        # within D before/after/of Y
        length = self.expr(e.operands[0], scope)
        anchor = self.expr(e.operands[1], scope)
        problem = (tc.duration(length.type) or tc.dates(st, anchor.type))
        if problem:
            return self.err_expr("type-mismatch", problem, e.span, scope)
        earliest: c.Expr = anchor
        latest: c.Expr = anchor
        if rel in (s.Relation.WITHIN_BEFORE, s.Relation.WITHIN_OF):
            earliest = c.Arith(op=c.ArithOp.SUB, left=anchor, right=length, type=c.DateT(),
                               span=e.span)
        if rel in (s.Relation.WITHIN_AFTER, s.Relation.WITHIN_OF):
            latest = c.Arith(op=c.ArithOp.ADD, left=anchor, right=length, type=c.DateT(),
                             span=e.span)
        return c.And(operands=(c.Cmp(op=c.CmpOp.GE, left=subject, right=earliest, span=e.span),
                               c.Cmp(op=c.CmpOp.LE, left=subject, right=latest, span=e.span)),
                      span=e.span)

    def compare_time_span(self, e: s.Compare, ts: s.TimeSpan, scope: _Scope) -> c.Expr:
        start = self.expr(ts.start, scope)
        end = self.expr(ts.end, scope)
        problem = tc.dates(start.type, end.type)
        if problem:
            return self.err_expr("type-mismatch", problem, ts.span, scope)
        ops = {s.Relation.AT_LEAST: c.CmpOp.LE, s.Relation.AT_MOST: c.CmpOp.GE,
               s.Relation.MORE_THAN: c.CmpOp.LT, s.Relation.LESS_THAN: c.CmpOp.GT,
               s.Relation.EQUAL: c.CmpOp.EQ}
        if e.relation not in ops:
            return self.err_expr("type-mismatch", "the time from A to B is compared with \"is at "
                                 "least\", \"is at most\", \"is more than\" or \"is less than\"",
                                 e.span, scope)
        length = self.expr(e.operands[0], scope)
        problem = tc.duration(length.type)
        if problem:
            return self.err_expr("type-mismatch", problem, e.operands[0].span, scope)
        moved = c.Arith(op=c.ArithOp.ADD, left=start, right=length, type=c.DateT(), span=e.span)
        return c.Cmp(op=ops[e.relation], left=moved, right=end, span=e.span)

    def record_phrase(self, subject: c.Expr, phrase: s.BareName, scope: _Scope) -> c.Expr:
        """`the person is a known gang member`: a predicate, or a yes/no fact of the record."""
        assert isinstance(subject.type, c.RecordT)
        record = subject.type.name
        k = _predicate_key(record, phrase.name)
        if k in self.surface_defs:
            self.definition(k)
            return c.DefRef(key=k, argument=subject, type=c.BoolT(), span=phrase.span)
        fields = self._fields(record)
        f = fields.get(phrase.name)
        if f is not None and isinstance(f.type, c.BoolT):
            return c.Field(owner=subject, record=record, name=phrase.name, type=f.type,
                           span=phrase.span)
        candidates = [d.phrase for d, _ in self.surface_defs.values()
                      if isinstance(d, s.PredicateDef) and d.subject == record]
        candidates += [n for n, f in fields.items() if isinstance(f.type, c.BoolT)]
        return self.err_expr("unknown-name", f'nothing defines when a {record} is '
                             f'"{phrase.name}"', phrase.span, scope,
                             hint=did_you_mean(phrase.name, candidates) or (
                                 f'define it: "a {record} is {phrase.name} if …"'))

    def one_of(self, subject: c.Expr, operands: Sequence[s.Expr], span: Span, scope: _Scope
               ) -> c.Expr:
        st = subject.type
        if len(operands) == 1 and isinstance(operands[0], s.TheRef):
            ref = self.expr(operands[0], scope)
            if isinstance(ref, c.DefRef) and isinstance(ref.type, c.SetT):
                if not isinstance(st, (c.CodeT, c.ErrorT)):
                    return self.err_expr("type-mismatch", f"a set of codes holds codes, but this "
                                         f"is {st}", span, scope)
                members = self.definitions[ref.key].members
                return c.InSet(subject=subject, members=members, set_name=ref.key, span=span)
            if tc.is_error(ref.type):
                return _error_expr(span)
        values: list[c.Value] = []
        for operand in operands:
            if isinstance(operand, s.TheRef):
                ref = self.expr(operand, scope)
                if isinstance(ref.type, c.SetT) and isinstance(ref, c.DefRef):
                    values.extend(self.definitions[ref.key].members)
                    continue
                if not tc.is_error(ref.type):
                    self.err("type-mismatch", "\"is one of\" lists values, or names one set of "
                             "codes", operand.span, scope=scope)
                continue
            value = self.expr(operand, scope, expected=st)
            if tc.is_error(value.type):
                continue
            if not isinstance(value, c.Lit):
                self.err("type-mismatch", "\"is one of\" lists values written out, such as "
                         "felony or \"120.05\"", operand.span, scope=scope)
                continue
            if not tc.same_kind(st, value.type):
                self.err("type-mismatch", f"{_describe(subject)} is {st}, but "
                         f"{surface_print.expr(operand)} is {value.type}", operand.span,
                         scope=scope)
                continue
            values.append(value.value)
        return c.InSet(subject=subject, members=tuple(values), set_name=None, span=span)

    # ---------------------------------------------------------------------- decisions, rules
    def value_for(self, decision: str, e: s.Expr, scope: _Scope) -> c.Lit | None:
        t = self.decision_types[decision]
        value = self.expr(e, scope, expected=t)
        if tc.is_error(value.type):
            return None
        if not isinstance(value, c.Lit) or not tc.same_kind(t, value.type):
            self.err("type-mismatch", f'the decision "{decision}" is {t}', e.span, scope=scope,
                     hint=self.values_hint(decision))
            return None
        return value

    def values_hint(self, decision: str) -> str:
        t = self.decision_types[decision]
        if isinstance(t, c.EnumT):
            return "its values are: " + ", ".join(self.enums[t.name].values)
        return "its values are: yes, no"

    def decision_name(self, name: str, span: Span, scope: _Scope) -> bool:
        if name in self.decisions:
            return True
        self.err("unknown-decision", f'no decision is called "{name}"', span, scope=scope,
                 hint=did_you_mean(name, self.decisions) or (
                     'declare it: "decision the ' + name + ': yes or no"'))
        return False

    def resolve_decisions(self, provisions: Sequence[s.Provision]
                          ) -> dict[str, c.Decision]:
        rules: dict[str, list[tuple[c.Rule, s.Rule, s.Provision]]] = {n: [] for n in
                                                                      self.decisions}
        for provision in provisions:
            scope = _Scope(context=f"in {provision.citation.text}")
            for part in provision.body:
                if not isinstance(part, s.Rule):
                    continue
                if not self.decision_name(part.decision, part.span, scope):
                    if part.condition is not None:
                        self.expr(part.condition, scope)
                    continue
                value: c.Lit | None
                if part.value is None:
                    if not isinstance(self.decision_types[part.decision], (c.BoolT, c.ErrorT)):
                        self.err("type-mismatch", f'"the {part.decision} if …" is for a yes-or-'
                                 f'no decision; this one needs a value', part.span, scope=scope,
                                 hint=f'write "the {part.decision} is <value> if …"; '
                                 + self.values_hint(part.decision))
                        value = None
                    else:
                        value = c.Lit(value=True, type=c.BoolT(), span=part.span)
                else:
                    value = self.value_for(part.decision, part.value, scope)
                condition: c.Expr = c.Lit(value=True, type=c.BoolT(), span=part.span)
                if part.condition is not None:
                    condition = self.condition(part.condition, scope)
                    if part.form is s.RuleForm.UNLESS:
                        condition = c.Not(operand=condition, span=part.condition.span)
                if value is None:
                    continue
                index = len(rules[part.decision])
                rules[part.decision].append((c.Rule(
                    index=index, decision=part.decision, value=value, condition=condition,
                    citation=provision.citation.text, overrides=(), source=part, span=part.span),
                    part, provision))
        out: dict[str, c.Decision] = {}
        citations = [p.citation.text for p in provisions]
        cited = {prefix for x in citations for prefix in _prefixes(x)}
        for name, decl in self.decisions.items():
            entries = rules[name]
            overrides: dict[int, set[int]] = {i: set() for i in range(len(entries))}
            under: dict[str, list[int]] = {}  # citation or prefix → the rules it covers
            for j, (other, _, _) in enumerate(entries):
                for prefix in _prefixes(other.citation):
                    under.setdefault(prefix, []).append(j)
            for i, (rule, part, provision) in enumerate(entries):
                if part.override is None:
                    continue
                scope = _Scope(context=f"in {provision.citation.text}")
                for cit in part.override.citations:
                    targets = [j for j in under.get(cit.text, ()) if j != i]
                    if cit.text not in cited:
                        self.err("unknown-citation", f"no provision of this law is cited "
                                 f"{cit.text}", cit.span, scope=scope,
                                 hint=did_you_mean(cit.text, citations))
                    elif not targets:
                        self.err("bad-override", f'{cit.text} has no rule for "{name}" for this '
                                 "rule to override", cit.span, scope=scope)
                    for j in targets:
                        if part.override.kind is s.OverrideKind.NOTWITHSTANDING:
                            overrides[i].add(j)
                        else:
                            overrides[j].add(i)
            cycle = _find_cycle(overrides)
            if cycle:
                first = entries[cycle[0]][0]
                self.err("override-cycle", "these rules are exceptions to one another in a "
                         "circle: " + " → ".join(entries[k][0].citation for k in cycle),
                         first.span)
            final = tuple(
                c.Rule(index=r.index, decision=r.decision, value=r.value, condition=r.condition,
                       citation=r.citation, overrides=tuple(sorted(overrides[i])),
                       source=r.source, span=r.span)
                for i, (r, _, _) in enumerate(entries))
            default = None
            if decl.default is not None:
                default = self.value_for(name, decl.default, _Scope(
                    context=f'in the decision "{name}"'))
            out[name] = c.Decision(name=name, type=self.decision_types[name], default=default,
                                   question=decl.question, rules=final, span=decl.span)
        return out

    # ---------------------------------------------------------------------------- examples
    def example(self, ex: s.Example, seen: set[str], citations: Sequence[str]) -> c.Example:
        scope = _Scope(context=f'in the example "{ex.name}"')
        if ex.name in seen:
            self.err("duplicate", f'two examples are called "{ex.name}"', ex.span)
        seen.add(ex.name)
        if self.cited is None:
            self.cited = {prefix for x in citations for prefix in _prefixes(x)}
        cited = self.cited
        for cit in ex.under:
            if cit.text not in cited:
                self.err("unknown-citation", f"no provision of this law is cited {cit.text}",
                         cit.span, scope=scope, hint=did_you_mean(cit.text, citations))
        facts = _defaults(self, ROOT)
        for given in ex.given:
            self.given(given, facts, ROOT, scope)
        expect: list[c.Expectation] = []
        for expectation in ex.expect:
            if not self.decision_name(expectation.decision, expectation.span, scope):
                continue
            value = self.value_for(expectation.decision, expectation.value, scope)
            if value is not None:
                expect.append(c.Expectation(decision=expectation.decision, value=value,
                                            span=expectation.span))
        return c.Example(name=ex.name, under=tuple(x.text for x in ex.under), facts=facts,
                         expect=tuple(expect), span=ex.span)

    def given(self, g: s.Given, obj: dict[str, object], record: str, scope: _Scope) -> None:
        match g:
            case s.GivenFlag(owner=owner, name=name, value=value):
                target = self.given_owner(owner, obj, record, scope) if owner else (obj, ROOT)
                if target is None:
                    return
                holder, holder_record = target
                fields = self._fields(holder_record)
                f = fields.get(name)
                if f is None:
                    self.err("unknown-field", f'a {holder_record} has no "{name}"', g.span,
                             scope=scope, hint=did_you_mean(name, fields))
                elif isinstance(f.type, c.BoolT):
                    holder[names.key(name)] = value
                elif isinstance(f.type, c.ListT) and not value:
                    holder[names.key(name)] = []
                else:
                    self.err("type-mismatch", f'"{name}" is {f.type}, not yes or no', g.span,
                             scope=scope, hint=f"give its value: \"… {name} is …\"")
            case s.GivenValue(target=target_expr, value=value_expr):
                if not isinstance(target_expr, (s.Possessive, s.ItsRef, s.TheRef)):
                    self.err("syntax", "a fact is given as \"the <record>'s <fact> is <value>\"",
                             g.span, scope=scope)
                    return
                if isinstance(target_expr, s.TheRef):
                    holder_target: tuple[dict[str, object], str] | None = (obj, ROOT) \
                        if record == ROOT else None
                    name = target_expr.name
                    if holder_target is None:
                        self.err("syntax", "inside a record, give its facts with \"its\"",
                                 g.span, scope=scope)
                        return
                elif isinstance(target_expr, s.ItsRef):
                    holder_target = (obj, record)
                    name = target_expr.name
                else:
                    holder_target = self.given_owner(target_expr.owner, obj, record, scope)
                    name = target_expr.name
                if holder_target is None:
                    return
                holder, holder_record = holder_target
                fields = self._fields(holder_record)
                f = fields.get(name)
                if f is None:
                    self.err("unknown-field", f'a {holder_record} has no "{name}"',
                             target_expr.span, scope=scope, hint=did_you_mean(name, fields))
                    return
                if tc.is_error(f.type):  # its type is wrong, and reported where it is declared
                    return
                given_value = self.expr(value_expr, scope, expected=f.type)
                if tc.is_error(given_value.type):
                    return
                if not isinstance(given_value, c.Lit) or not tc.same_kind(f.type,
                                                                          given_value.type):
                    self.err("type-mismatch", f'"{name}" is {f.type}', value_expr.span,
                             scope=scope)
                    return
                if not tc.fits(given_value.value, f.type):
                    self.err("out-of-bounds",
                             f'{given_value.value} is outside the bounds of "{name}"',
                             value_expr.span, scope=scope)
                    return
                holder[names.key(name)] = _to_json(given_value.value, f.type, self,
                                                   value_expr.span,
                                                   scope)
            case s.GivenRecord(owner=owner, element=element, facts=facts):
                target = self.given_owner(owner, obj, record, scope)
                if target is None:
                    return
                holder, holder_record = target
                fields = self._fields(holder_record)
                lists = [f for f in fields.values() if isinstance(f.type, c.ListT) and (
                    f.name == element or f.type.element in names.singulars(element) + [element])]
                if len(lists) != 1:
                    self.err("not-a-list", f'a {holder_record} has no list of "{element}"',
                             g.span, scope=scope,
                             hint=did_you_mean(element, [f.name for f in fields.values()]))
                    return
                lf = lists[0]
                assert isinstance(lf.type, c.ListT)
                item = _defaults(self, lf.type.element)
                for inner in facts:
                    self.given(inner, item, lf.type.element, scope)
                existing = holder.setdefault(names.key(lf.name), [])
                assert isinstance(existing, list)
                existing.append(item)

    def given_owner(self, owner: s.Expr, obj: dict[str, object], record: str, scope: _Scope
                    ) -> tuple[dict[str, object], str] | None:
        """The JSON object that `owner` names in an example's facts, created if need be."""
        if isinstance(owner, s.ItRef):
            return (obj, record)
        if isinstance(owner, s.TheRef):
            if record != ROOT:
                self.err("syntax", "inside a record, give its facts with \"its\"", owner.span,
                         scope=scope)
                return None
            f = self.facts.get(owner.name)
            if f is None or not isinstance(f.type, c.RecordT):
                self.err("unknown-name", f'no fact of the case called "the {owner.name}" is a '
                         "record", owner.span, scope=scope,
                         hint=did_you_mean(owner.name, self.facts))
                return None
            child = obj.setdefault(names.key(owner.name), _defaults(self, f.type.name))
            assert isinstance(child, dict)
            return (child, f.type.name)
        if isinstance(owner, (s.Possessive, s.ItsRef)):
            if isinstance(owner, s.ItsRef):
                parent: tuple[dict[str, object], str] | None = (obj, record)
            else:
                parent = self.given_owner(owner.owner, obj, record, scope)
            if parent is None:
                return None
            holder, holder_record = parent
            f = self._fields(holder_record).get(owner.name)
            if f is None or not isinstance(f.type, c.RecordT):
                self.err("unknown-field", f'a {holder_record} has no record "{owner.name}"',
                         owner.span, scope=scope)
                return None
            child = holder.setdefault(names.key(owner.name), _defaults(self, f.type.name))
            assert isinstance(child, dict)
            return (child, f.type.name)
        self.err("syntax", "a fact is given about \"the <record>\" or \"its <record>\"",
                 owner.span, scope=scope)
        return None

    def depth_limit(self, e: c.Expr, span: Span, context: str | None) -> None:
        """Python refuses source nested more than about 200 parentheses deep."""
        depth = _depth(e)
        if depth > MAX_DEPTH:
            self.err("too-deep", f"this condition is nested {depth} levels deep; a compiled law "
                     f"allows at most {MAX_DEPTH}", span, context=context,
                     hint="name the inner parts as definitions, or write the list flatter")

    def _fields(self, record: str) -> dict[str, c.FieldDecl]:
        """A record's fields; none for a record that was not declared (reported where named)."""
        if record == ROOT:
            return self.facts
        declared = self.records.get(record)
        return declared.fields if declared is not None else {}


def _defaults(resolver: _Resolver, record: str) -> dict[str, object]:
    """In an example, a yes/no fact not given is no, a list not given is empty, and a record
    of the case not mentioned holds its own defaults."""
    out: dict[str, object] = {}
    for f in resolver._fields(record).values():
        if isinstance(f.type, c.BoolT):
            out[names.key(f.name)] = False
        elif isinstance(f.type, c.ListT):
            out[names.key(f.name)] = []
        elif isinstance(f.type, c.RecordT) and f.type.name != record:
            out[names.key(f.name)] = _defaults(resolver, f.type.name)
    return out


def _to_json(value: c.Value, t: c.Type, resolver: _Resolver, span: Span, scope: _Scope
             ) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, c.Duration):
        assert isinstance(t, c.DurationT)
        _, factor = c.UNITS[t.unit]
        if value.amount % factor:
            resolver.err("type-mismatch", f"this fact is given in {t.unit}", span, scope=scope)
        return value.amount // factor
    if isinstance(value, Decimal):
        return str(value)
    return value


def _bounds(b: s.Bounds | None) -> tuple[Decimal | None, Decimal | None]:
    if b is None:
        return (None, None)
    return (b.low, b.high)


def _value_key(name: str) -> str:
    return f"the {name}"


def _attribute_key(subject: str, name: str) -> str:
    return f"{subject}'s {name}"


def _predicate_key(subject: str, phrase: str) -> str:
    return f"{subject} is {phrase}"


MAX_DEPTH = 180  # Python's parser refuses more than 200 nested parentheses


def _depth(e: c.Expr) -> int:
    """How deeply an expression nests (without recursion: laws can nest thousands deep)."""
    deepest = 0
    stack: list[tuple[c.Expr, int]] = [(e, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        match node:
            case c.Field(owner=owner):
                stack.append((owner, level))
            case c.DefRef(argument=argument) if argument is not None:
                stack.append((argument, level))
            case c.Not(operand=operand):
                stack.append((operand, level + 1))
            case c.And(operands=operands) | c.Or(operands=operands):
                stack.extend((o, level + 1) for o in operands)
            case c.Cmp(left=left, right=right) | c.Arith(left=left, right=right):
                stack += [(left, level + 1), (right, level + 1)]
            case c.InSet(subject=subject):
                stack.append((subject, level + 1))
            case c.Quant(collection=collection, condition=condition):
                stack.append((collection, level + 1))
                if condition is not None:
                    stack.append((condition, level + 2))
    return deepest


def _tail(span: Span, name: str) -> Span:
    """The part of a one-line span that holds the name at its end (`the person's [age]`)."""
    if span.line != span.end_line or span.end_column - len(name) < span.column:
        return span
    return Span(span.file, span.line, span.end_column - len(name), span.end_line,
                span.end_column)


def _prefixes(citation: str) -> list[str]:
    """The citations `citation` is within: `§ 9-131(b)(1)` → `§ 9-131`, `§ 9-131(b)`, itself."""
    return [citation[:i] for i, ch in enumerate(citation) if ch == "("] + [citation]


def _describe(e: c.Expr) -> str:
    if isinstance(e, c.Field):
        return f'"{e.name}"'
    if isinstance(e, c.DefRef):
        return f'"{e.key}"'
    return "this"


def _error_expr(span: Span) -> c.Expr:
    return c.Lit(value=False, type=c.ErrorT(), span=span)


def _find_cycle(edges: dict[int, set[int]]) -> list[int] | None:
    state: dict[int, int] = {}
    stack: list[int] = []

    def visit(node: int) -> list[int] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _decision_cycles(resolver: _Resolver, decisions: dict[str, c.Decision]) -> None:
    uses: dict[str, set[str]] = {}
    for name, decision in decisions.items():
        found: set[str] = set()
        for rule in decision.rules:
            _collect_decision_refs(rule.condition, resolver, found, set())
        uses[name] = found
    order = sorted(uses)
    index = {n: i for i, n in enumerate(order)}
    cycle = _find_cycle({index[n]: {index[m] for m in uses[n] if m in index} for n in order})
    if cycle:
        resolver.err("definition-cycle", "decisions depend on one another in a circle: "
                     + " → ".join(order[i] for i in cycle), decisions[order[cycle[0]]].span)


def _collect_decision_refs(e: c.Expr, resolver: _Resolver, found: set[str],
                           seen_defs: set[str]) -> None:
    for node in walk(e):
        if isinstance(node, c.DecisionRef):
            found.add(node.name)
        elif isinstance(node, c.DefRef) and node.key not in seen_defs:
            seen_defs.add(node.key)
            d = resolver.definitions.get(node.key)
            if d is not None and d.body is not None:
                _collect_decision_refs(d.body, resolver, found, seen_defs)


def from_surface(main: s.File, used: Sequence[s.File], *, path: str, file: str, source: str,
                 sources: dict[str, str] | None = None) -> c.Program:
    """Resolve and type-check one law with the vocabularies it uses.

    `path` is the statute's name under statutes/ (`nyc/local_law_62_2011`); `source` its text,
    hashed into the program so generated code can say exactly what it was compiled from.
    """
    r = _Resolver(main, used, path, sources or {})
    r.declare()
    if main.header.kind is s.FileKind.VOCABULARY:
        for item in main.items:
            if isinstance(item, (s.DecisionDecl, s.Example)) or (
                    isinstance(item, s.Provision) and any(isinstance(p, s.Rule)
                                                          for p in item.body)):
                r.err("wrong-file-kind", "a vocabulary declares facts and definitions; decisions, "
                      "rules and examples belong in a law", item.span)
    for k in list(r.surface_defs):
        r.definition(k)
    provisions_surface: list[s.Provision] = []
    seen_citations: dict[str, Span] = {}
    for tree in r.all_files():
        for item in tree.items:
            if isinstance(item, s.Provision):
                if tree is main:
                    if item.citation.text in seen_citations:
                        r.err("duplicate", f"two provisions are cited {item.citation.text}",
                              item.citation.span)
                    seen_citations[item.citation.text] = item.citation.span
                    provisions_surface.append(item)
    decisions = r.resolve_decisions(provisions_surface)
    for decision in decisions.values():
        for rule in decision.rules:
            r.depth_limit(rule.condition, rule.span, f"in {rule.citation}")
    for d in r.definitions.values():
        if d.body is not None:
            r.depth_limit(d.body, d.span, f"in {d.citation}" if d.citation else None)
    _decision_cycles(r, decisions)
    citations = [p.citation.text for p in provisions_surface]
    seen: set[str] = set()
    examples = tuple(r.example(item, seen, citations) for item in main.items
                     if isinstance(item, s.Example))
    r.diags.raise_if_errors()
    provisions = tuple(
        c.Provision(citation=p.citation.text, title=p.title,
                    quote=tuple(q.text for q in p.body if isinstance(q, s.Quote)), span=p.span)
        for p in provisions_surface)
    header = {f.key: f.value for f in main.header.fields}
    uses = tuple(u.strip() for f in main.header.get_all("uses") for u in f.value.split(","))
    return c.Program(
        path=path, file=file, kind=main.header.kind, title=main.header.title, header=header,
        uses=uses, records=r.records, enums=r.enums,
        facts=c.Record(name=ROOT, fields=r.facts, span=main.span), definitions=dict(
            sorted(r.definitions.items())), decisions=decisions, provisions=provisions,
        examples=examples, source_hash=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        span=main.span)


def diagnostics_of(exc: DiagnosticError) -> Sequence[Diagnostic]:
    return exc.diagnostics
