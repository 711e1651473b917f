"""Examples: the facts they give, as the JSON-like facts `decide()` takes, and what they expect.

Takes a `Context` whose vocabulary is declared, with the `Expressions` and `Decisions` over it,
and a surface example; gives a core `Example`. A yes/no fact not given is no, a list not given
is empty; a value given is checked against its fact's type and bounds.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from compiler.core import ast as c
from compiler.core import names
from compiler.core import typecheck as tc
from compiler.core.resolve import parameters
from compiler.core.resolve.context import Context, Scope, prefixes, value_key
from compiler.core.resolve.decisions import Decisions
from compiler.core.resolve.expressions import Expressions
from compiler.diagnostics import did_you_mean
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface import print as printer

# the JSON object of a record in an example's facts, and the record's type
_Holder = tuple[dict[str, object], str]


class Examples:
    """The examples of one law, resolved over its `Context`."""

    def __init__(self, ctx: Context, expressions: Expressions, decisions: Decisions,
                 citations: Sequence[str]) -> None:
        self.ctx = ctx
        self.x = expressions
        self.decisions = decisions
        self.citations = citations
        self.cited = {prefix for x in citations for prefix in prefixes(x)}
        self.seen: set[str] = set()

    def example(self, ex: s.Example) -> c.Example:
        ctx = self.ctx
        scope = Scope(context=f'in the example "{ex.name}"')
        if ex.name in self.seen:
            ctx.err("duplicate", f'two examples are called "{ex.name}"', ex.span)
        self.seen.add(ex.name)
        for cit in ex.under:
            if cit.text not in self.cited:
                ctx.err("unknown-citation", f"no provision of this law is cited {cit.text}",
                        cit.span, scope=scope, hint=did_you_mean(cit.text, self.citations))
        facts = self.defaults(c.ROOT)
        for given in ex.given:
            self.given(given, facts, c.ROOT, scope)
        expect: list[c.Expectation] = []
        for expectation in ex.expect:
            named = self.named_value(expectation.decision)
            if named is not None:
                value = self.named_value_for(named, expectation, scope)
            elif self.decisions.decision_name(expectation.decision, expectation.span, scope):
                value = self.decisions.value_for(expectation.decision, expectation.value, scope)
            else:
                continue
            if value is not None and not isinstance(value, c.Lit):
                self.ctx.err("type-mismatch", "an example expects a value written out, not a "
                             "computation", expectation.value.span, scope=scope,
                             hint='write the amount itself, e.g. "the penalty is $2,148"')
                value = None
            if value is not None:
                expect.append(c.Expectation(decision=expectation.decision, value=value,
                                            definition=named, span=expectation.span))
        failures = tuple(self.failure(f, scope) for f in ex.failures
                         if self.decisions.decision_name(f.decision, f.span, scope))
        return c.Example(name=ex.name, under=tuple(x.text for x in ex.under), facts=facts,
                         expect=tuple(expect), failures=failures, span=ex.span)

    def named_value(self, name: str) -> str | None:
        """The key of the named value (not a decision) an example may expect, if `name` is
        one: a definition without a parameter, or a dated figure."""
        k = value_key(name)
        if name in self.ctx.decisions or k not in self.ctx.surface_defs \
                or parameters.is_parameterised(self.ctx, name):
            return None
        return k

    def named_value_for(self, k: str, expectation: s.Expectation, scope: Scope) -> c.Expr | None:
        """The value an example expects of a named value, of the named value's type."""
        t = self.x.definition(k)
        value = self.x.expr(expectation.value, scope, expected=t)
        if tc.is_error(t) or tc.is_error(value.type):
            return None
        if not tc.same_kind(t, value.type):
            self.ctx.err("type-mismatch", f'"the {expectation.decision}" is {t}, but this is '
                         f"{value.type}", expectation.value.span, scope=scope)
            return None
        return value

    def failure(self, f: s.ExpectedFailure, scope: Scope) -> c.ExpectedFailure:
        """`a conflict between § 5 and § 6 in the penalty`: the cited provisions must be this
        law's (one is enough when two rules of one provision conflict)."""
        for cit in f.between:
            if cit.text not in self.cited:
                self.ctx.err("unknown-citation", f"no provision of this law is cited {cit.text}",
                             cit.span, scope=scope, hint=did_you_mean(cit.text, self.citations))
        decl = self.ctx.decisions.get(f.decision)
        if f.kind == "unknown" and decl is not None and not decl.optional:
            self.ctx.err("always-known", f'"the {f.decision}" always has a value: it is not '
                         'declared ", if known"', f.span, scope=scope,
                         hint=f'expect its value ("the {f.decision} is …"), or declare it '
                              '", if known"')
        return c.ExpectedFailure(kind=f.kind, decision=f.decision,
                                 between=tuple(x.text for x in f.between), span=f.span)

    def given(self, g: s.Given, obj: dict[str, object], record: str, scope: Scope) -> None:
        """Add one `given:` line to `obj`, the facts of a `record`."""
        match g:
            case s.GivenFlag():
                self.given_flag(g, obj, record, scope)
            case s.GivenValue():
                self.given_value(g, obj, record, scope)
            case s.GivenRecord():
                self.given_record(g, obj, record, scope)

    def given_flag(self, g: s.GivenFlag, obj: dict[str, object], record: str, scope: Scope
                   ) -> None:
        """`the person has X`, `… has no X`: a yes/no fact, or an empty list."""
        target = self.given_owner(g.owner, obj, record, scope) if g.owner else (obj, c.ROOT)
        if target is None:
            return
        holder, holder_record = target
        fields = self.ctx.fields(holder_record)
        f = fields.get(g.name)
        if f is None:
            self.ctx.err("unknown-field", f'{names.article(holder_record)} {holder_record} has no "{g.name}"', g.span,
                         scope=scope, hint=did_you_mean(g.name, fields))
        elif isinstance(f.type, c.BoolT):
            holder[names.key(g.name)] = g.value
        elif isinstance(f.type, c.ListT) and not g.value:
            holder[names.key(g.name)] = []
        else:
            self.ctx.err("type-mismatch", f'"{g.name}" is {f.type}, not yes or no', g.span,
                         scope=scope, hint=f"give its value: \"… {g.name} is …\"")

    def given_value(self, g: s.GivenValue, obj: dict[str, object], record: str, scope: Scope
                    ) -> None:
        """`the person's age is 17`: a value, checked against the fact's type and bounds."""
        ctx = self.ctx
        target_expr, value_expr = g.target, g.value
        if not isinstance(target_expr, (s.Possessive, s.ItsRef, s.TheRef)):
            ctx.err("syntax", "a fact is given as \"the <record>'s <fact> is <value>\"", g.span,
                    scope=scope)
            return
        owned = s.owned_name(target_expr)
        if owned is not None and record == c.ROOT and owned in ctx.facts:
            target_expr = s.TheRef(name=owned, span=target_expr.span)  # the claimant's age
        name = target_expr.name
        holder_target: _Holder | None
        if isinstance(target_expr, s.TheRef):
            if record != c.ROOT:
                ctx.err("syntax", "inside a record, give its facts with \"its\"", g.span,
                        scope=scope)
                return
            holder_target = (obj, c.ROOT)
        elif isinstance(target_expr, s.ItsRef):
            holder_target = (obj, record)
        else:
            holder_target = self.given_owner(target_expr.owner, obj, record, scope)
        if holder_target is None:
            return
        holder, holder_record = holder_target
        fields = ctx.fields(holder_record)
        f = fields.get(name)
        if f is None:
            ctx.err("unknown-field", f'{names.article(holder_record)} {holder_record} has no "{name}"', target_expr.span,
                    scope=scope, hint=did_you_mean(name, fields))
            return
        if tc.is_error(f.type):  # its type is wrong, and reported where it is declared
            return
        if value_expr is None:  # `… is not known`
            if not f.optional:
                ctx.err("always-known", f'"{printer.expr(target_expr)}" always has a value: it '
                        'is not declared ", if known"', g.span, scope=scope, hint="give its value")
            holder[names.key(name)] = None
            return
        given_value = self.x.expr(value_expr, scope, expected=f.type)
        if tc.is_error(given_value.type):
            return
        if not isinstance(given_value, c.Lit) or not tc.same_kind(f.type, given_value.type):
            ctx.err("type-mismatch", f'"{name}" is {f.type}', value_expr.span, scope=scope)
            return
        if not tc.fits(given_value.value, f.type):
            ctx.err("out-of-bounds", f'{given_value.value} is outside the bounds of "{name}"',
                    value_expr.span, scope=scope)
            return
        holder[names.key(name)] = self.to_json(given_value.value, f.type, value_expr.span, scope)

    def given_record(self, g: s.GivenRecord, obj: dict[str, object], record: str,
                     scope: Scope) -> None:
        """`the person has a conviction:` and its facts: one more record in a list."""
        target = self.given_owner(g.owner, obj, record, scope)
        if target is None:
            return
        holder, holder_record = target
        fields = self.ctx.fields(holder_record)
        element = g.element
        lists = [f for f in fields.values() if isinstance(f.type, c.ListT) and (
            f.name == element or f.type.element in names.singulars(element) + [element])]
        if len(lists) != 1:
            self.ctx.err("not-a-list", f'{names.article(holder_record)} {holder_record} has no list of "{element}"', g.span,
                         scope=scope,
                         hint=did_you_mean(element, [f.name for f in fields.values()]))
            return
        lf = lists[0]
        assert isinstance(lf.type, c.ListT)
        item = self.defaults(lf.type.element)
        for inner in g.facts:
            self.given(inner, item, lf.type.element, scope)
        existing = holder.setdefault(names.key(lf.name), [])
        assert isinstance(existing, list)
        existing.append(item)

    def given_owner(self, owner: s.Expr, obj: dict[str, object], record: str, scope: Scope
                    ) -> _Holder | None:
        """The JSON object that `owner` names in an example's facts, created if need be."""
        ctx = self.ctx
        if isinstance(owner, s.ItRef):
            return (obj, record)
        if isinstance(owner, s.TheRef):
            if record != c.ROOT:
                ctx.err("syntax", "inside a record, give its facts with \"its\"", owner.span,
                        scope=scope)
                return None
            f = ctx.facts.get(owner.name)
            if f is None or not isinstance(f.type, c.RecordT):
                ctx.err("unknown-name", f'no fact of the case called "the {owner.name}" is a '
                        "record", owner.span, scope=scope, hint=did_you_mean(owner.name, ctx.facts))
                return None
            child = obj.setdefault(names.key(owner.name), self.defaults(f.type.name))
            assert isinstance(child, dict)
            return (child, f.type.name)
        if isinstance(owner, (s.Possessive, s.ItsRef)):
            if isinstance(owner, s.ItsRef):
                parent: _Holder | None = (obj, record)
            else:
                parent = self.given_owner(owner.owner, obj, record, scope)
            if parent is None:
                return None
            holder, holder_record = parent
            f = ctx.fields(holder_record).get(owner.name)
            if f is None or not isinstance(f.type, c.RecordT):
                ctx.err("unknown-field", f'{names.article(holder_record)} {holder_record} has no record "{owner.name}"',
                        owner.span, scope=scope)
                return None
            child = holder.setdefault(names.key(owner.name), self.defaults(f.type.name))
            assert isinstance(child, dict)
            return (child, f.type.name)
        ctx.err("syntax", "a fact is given about \"the <record>\" or \"its <record>\"",
                owner.span, scope=scope)
        return None

    def defaults(self, record: str) -> dict[str, object]:
        """In an example, a yes/no fact not given is no, a list not given is empty, and a record
        of the case not mentioned holds its own defaults."""
        out: dict[str, object] = {}
        for f in self.ctx.fields(record).values():
            if isinstance(f.type, c.BoolT):
                out[names.key(f.name)] = False
            elif isinstance(f.type, c.ListT):
                out[names.key(f.name)] = []
            elif isinstance(f.type, c.RecordT) and f.type.name != record:
                out[names.key(f.name)] = self.defaults(f.type.name)
        return out

    def to_json(self, value: c.Value, t: c.Type, span: Span, scope: Scope) -> object:
        """A value as the facts file gives it (a length of time in the fact's own unit)."""
        if isinstance(value, datetime.datetime):
            return value.isoformat(timespec="minutes")
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, c.Duration):
            assert isinstance(t, c.DurationT)
            _, factor = c.UNITS[t.unit]
            if value.amount % factor:
                self.ctx.err("type-mismatch", f"this fact is given in {t.unit}", span,
                             scope=scope)
            return value.amount // factor
        if isinstance(value, Decimal):
            return str(value)
        return value
