"""Values that may be missing: facts, fields and decisions declared `, if known`.

`the release time is known` resolves here to a core `Known`; what is not declared `, if known`
always has a value, and asking is `error[always-known]`. Then `check` reads every rule,
default, definition and assumption once resolved: a value that may be missing is read only
where it is known to be there, because a condition before it says so. What counts as before:

- in `A and B` (or `all of the following:`), what `A` says is known holds in `B`;
- in `A or B`, what `A` being false says is known holds in `B` (`the release time is not known
  or the release time is before …`);
- a rule's value and its exceptions' reading are guarded by the rule's own condition
  (`the hold end is the release time plus 48 hours if the release time is known`).

A definition of the case (`the hold end means the release time plus 48 hours`) may read a fact
that may be missing: each of its uses then needs the same guard. A definition of a record's
item (`its release date`) must guard its own reads. Anything else is `error[maybe-unknown]` at
the words that read it, with the guard to write as the hint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface import print as printer

if TYPE_CHECKING:
    from compiler.core.resolve.expressions import Expressions

Target = tuple[str, ...]
"""What may be missing, as a key: ("fact", name), ("decision", name), or a field and its
owner's key ("field", <owner's key…>, name), the owner a fact or a quantifier's variable
("var", name)."""


def known(x: Expressions, e: s.Compare, scope: Scope) -> c.Expr:
    """`X is known`: X a fact, a field or a decision declared `, if known`."""
    subject = x.expr(e.subject, scope)
    if isinstance(subject.type, c.ErrorT):
        return subject
    if optional(x.ctx, subject):
        return c.Known(subject=subject, span=e.span)
    named = f'"{printer.expr(e.subject)}"'
    hint = 'declare it ", if known" where a case may have no value for it'
    if isinstance(subject.type, c.EnumT) and "known" in x.ctx.enums[subject.type.name].values:
        hint = 'to compare it with its value known, write "known" in quotes'
    return x.ctx.err_expr("always-known", f"{named} always has a value: it is not declared "
                          '", if known"', e.span, scope, hint=hint)


def optional(ctx: Context, e: c.Expr) -> bool:
    """Whether `e` reads a value declared `, if known`."""
    match e:
        case c.Field(record=record, name=name):
            field = ctx.fields(record).get(name)
            return field is not None and field.optional
        case c.DecisionRef(name=name):
            decision = ctx.decisions.get(name)
            return decision is not None and decision.optional
    return False


def target(e: c.Expr) -> Target | None:
    """The key of what a read reads (None for what is no fact, field or decision)."""
    match e:
        case c.Field(owner=c.Root(), name=name):
            return ("fact", name)
        case c.Var(name=var):
            return ("var", var)
        case c.Field(owner=owner, name=name):
            inner = target(owner)
            return None if inner is None else ("field", *inner, name)
        case c.DecisionRef(name=name):
            return ("decision", name)
    return None


def implied(e: c.Expr, holds: bool) -> frozenset[Target]:
    """What is known to be there when `e` is `holds` (true or false)."""
    match e:
        case c.Known(subject=subject) if holds:
            key = target(subject)
            return frozenset() if key is None else frozenset({key})
        case c.Not(operand=operand):
            return implied(operand, not holds)
        case c.And(operands=operands) if holds:
            return frozenset().union(*(implied(o, True) for o in operands))
        case c.Or(operands=operands) if not holds:
            return frozenset().union(*(implied(o, False) for o in operands))
    return frozenset()


class Reads:
    """The reads of values that may be missing, where nothing says they are there."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.needs: dict[str, frozenset[Target]] = {}  # a definition's key → what it needs
        self.open: set[str] = set()

    def unguarded(self, e: c.Expr, known: frozenset[Target]) -> Iterator[tuple[Target, Span]]:
        match e:
            case c.Known(subject=c.Field(owner=owner)):
                yield from self.unguarded(owner, known)
                return
            case c.Known():
                return
            case c.And(operands=operands) | c.Or(operands=operands):
                holds = isinstance(e, c.And)
                for o in operands:
                    yield from self.unguarded(o, known)
                    known = known | implied(o, holds)
                return
            case c.DefRef(key=key, argument=argument):
                if argument is not None:
                    yield from self.unguarded(argument, known)
                for need in sorted(self.definition(key) - known):
                    yield need, e.span
                return
        if optional(self.ctx, e):
            read = target(e)
            if read is not None and read not in known:
                yield read, e.span
        for child in c.children(e):
            yield from self.unguarded(child, known)

    def definition(self, key: str) -> frozenset[Target]:
        """What a definition of the case reads that may be missing (its uses guard it)."""
        if key in self.needs or key in self.open:
            return self.needs.get(key, frozenset())
        d = self.ctx.definitions.get(key)
        if d is None or d.body is None:
            return frozenset()
        self.open.add(key)
        found = list(self.unguarded(d.body, frozenset()))
        self.open.discard(key)
        local = [(t, span) for t, span in found if t[0] == "field" and not _of_case(t)]
        for t, span in local:
            self._report(t, span, f'in the definition of "{d.name}"')
        self.needs[key] = frozenset(t for t, _ in found if _of_case(t))
        return self.needs[key]

    def check(self, e: c.Expr, known: frozenset[Target], context: str) -> None:
        seen: set[tuple[Target, Span]] = set()
        for t, span in self.unguarded(e, known):
            if (t, span) not in seen:
                seen.add((t, span))
                self._report(t, span, context)

    def _report(self, t: Target, span: Span, context: str) -> None:
        words = _words(t)
        self.ctx.err("maybe-unknown", f'"{words}" may not be known here: it is declared '
                     '", if known", and nothing before this says it is', span,
                     hint=f'read it under a condition that says so: "… if {words} is known"',
                     context=context)


def _of_case(t: Target) -> bool:
    """Whether a key reads from the case (a fact, a decision, a field of a fact)."""
    return t[0] in ("fact", "decision") or (t[0] == "field" and _of_case(t[1:-1]))


def _words(t: Target) -> str:
    if t[0] in ("fact", "decision"):
        return f"the {t[1]}"
    if t[0] == "field" and t[1] == "var":
        return f"its {t[-1]}"
    return f"{_words(t[1:-1])}'s {t[-1]}"


def check(ctx: Context, decisions: Iterable[c.Decision],
          others: Iterable[tuple[c.Expr, str]]) -> None:
    """Report every read of a value that may be missing where nothing says it is there: in
    the decisions' rules and defaults, in the definitions, and in `others` (each with the
    context its message names)."""
    reads = Reads(ctx)
    for key in ctx.definitions:
        reads.definition(key)
    for d in decisions:
        for r in d.rules:
            where = f"in {r.citation}"
            reads.check(r.condition, frozenset(), where)
            reads.check(r.value, implied(r.condition, True), where)
        if d.default is not None:
            reads.check(d.default, frozenset(), f'in the default of "{d.name}"')
    for e, context in others:
        reads.check(e, frozenset(), context)
