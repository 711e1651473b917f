"""Decisions and their rules: values, conditions, exceptions by citation, and the checks on them.

Takes a `Context` whose vocabulary is declared and the `Expressions` over it; gives the core
`Decision`s of the law's provisions, each rule with the rules it is an exception to
(`notwithstanding § X`, `except as provided in § X`, resolved by citation and sub-provision).
Reports unknown decisions and citations, overrides with nothing to override, exceptions in a
circle, decisions that depend on one another in a circle, and conditions nested too deep for a
compiled law.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from compiler.core import ast as c
from compiler.core import typecheck as tc
from compiler.core.resolve import computations
from compiler.core.resolve.context import Context, Scope, prefixes
from compiler.core.resolve.expressions import Expressions
from compiler.core.resolve.outcome_records import record_hint
from compiler.core.resolve.tables import LoweredRule, TableLowering, first_overrides
from compiler.diagnostics import did_you_mean
from compiler.span import Span
from compiler.surface import ast as s

MAX_DEPTH = 180  # Python's parser refuses more than 200 nested parentheses

# a rule as first resolved (no overrides yet), with where it was written
_Entry = tuple[c.Rule, s.Rule, s.Provision]


class Decisions:
    """The decisions of one law, resolved over its `Context`."""

    def __init__(self, ctx: Context, expressions: Expressions) -> None:
        self.ctx = ctx
        self.x = expressions
        self.tables = TableLowering(ctx)
        self.table_overrides: dict[str, list[tuple[int, int]]] = {}  # `first`: row over row

    def value_for(self, decision: str, e: s.Expr, scope: Scope) -> c.Expr | None:
        """A value the decision `decision` can take: written out (`eligible`, `yes`), or, for a
        decision of a number, money, a date or a length of time, computed (`$250 times …`)."""
        t = self.ctx.decision_types[decision]
        value = self.x.expr(e, scope, expected=t)
        if tc.is_error(value.type):
            return None
        computable = tc.is_computable(t)
        if not tc.same_kind(t, value.type) or not (computable or isinstance(value, c.Lit)):
            self.ctx.err("type-mismatch", f'the decision "{decision}" is {t}, but this is '
                         f"{value.type}" if computable else f'the decision "{decision}" is {t}',
                         e.span, scope=scope, hint=self.values_hint(decision))
            return None
        if isinstance(t, c.MoneyT) and not isinstance(value, c.Lit):
            places = computations.cent_places(value)
            if places is None or places > 2:
                self.ctx.err("needs-rounding", "this amount of money can have fractions of a "
                             "cent, and the law states no rounding", e.span, scope=scope,
                             hint='state it as the law does: "…, rounded to the nearest cent" '
                             'or "…, rounded down to the whole dollar"')
                return None
        if isinstance(t, c.IntT) and not isinstance(value.type, c.IntT):
            self.ctx.err("type-mismatch", f'the decision "{decision}" is a whole number, but '
                         "this can have a fraction", e.span, scope=scope,
                         hint='round it: "… rounded down to the whole number"')
            return None
        return value

    def values_hint(self, decision: str) -> str:
        t = self.ctx.decision_types[decision]
        if isinstance(t, c.EnumT):
            return "its values are: " + ", ".join(self.ctx.enums[t.name].values)
        if tc.is_computable(t):
            return f"give it {t}, written out or computed"
        return "its values are: yes, no"

    def decision_name(self, name: str, span: Span, scope: Scope) -> bool:
        if name in self.ctx.decisions:
            return True
        record = record_hint(self.ctx, name)
        if record is not None:
            self.ctx.err("type-mismatch", record, span, scope=scope,
                         hint="each is decided by its own rules")
            return False
        self.ctx.err("unknown-decision", f'no decision is called "{name}"', span, scope=scope,
                     hint=did_you_mean(name, self.ctx.decisions) or (
                         'declare it: "decision the ' + name + ': yes or no"'))
        return False

    def resolve(self, provisions: Sequence[s.Provision]) -> dict[str, c.Decision]:
        """Every decision of the law, with the rules `provisions` give it."""
        rules: dict[str, list[_Entry]] = {n: [] for n in self.ctx.decisions}
        for provision in provisions:
            scope = Scope(context=f"in {provision.citation.text}")
            for part in provision.body:
                if isinstance(part, s.Rule):
                    self.rule(part, provision, scope, rules)
                elif isinstance(part, s.Table):
                    self.table(part, provision, scope, rules)
        out: dict[str, c.Decision] = {}
        citations = [p.citation.text for p in provisions]
        cited = {prefix for x in citations for prefix in prefixes(x)}
        for name, decl in self.ctx.decisions.items():
            out[name] = self.decision(name, decl, rules[name], cited, citations)
        return out

    def rule(self, part: s.Rule, provision: s.Provision, scope: Scope,
             rules: dict[str, list[_Entry]]) -> None:
        """Resolve one rule and add it to its decision's (its errors reported, it is left out)."""
        if not self.decision_name(part.decision, part.span, scope):
            if part.condition is not None:
                self.x.expr(part.condition, scope)
            return
        value: c.Expr | None
        if part.value is None:
            if not isinstance(self.ctx.decision_types[part.decision], (c.BoolT, c.ErrorT)):
                self.ctx.err("type-mismatch", f'"the {part.decision} if …" is for a yes-or-no '
                             f'decision; this one needs a value', part.span, scope=scope,
                             hint=f'write "the {part.decision} is <value> if …"; '
                             + self.values_hint(part.decision))
                value = None
            else:
                value = c.Lit(value=True, type=c.BoolT(), span=part.span)
        else:
            value = self.value_for(part.decision, part.value, scope)
        condition: c.Expr = c.Lit(value=True, type=c.BoolT(), span=part.span)
        if part.condition is not None:
            condition = self.x.condition(part.condition, scope)
            if part.form is s.RuleForm.UNLESS:
                condition = c.Not(operand=condition, span=part.condition.span)
        if value is None:
            return
        entries = rules[part.decision]
        entries.append((c.Rule(
            index=len(entries), decision=part.decision, value=value, condition=condition,
            citation=provision.citation.text, overrides=(), source=part, span=part.span),
            part, provision))

    def table(self, part: s.Table, provision: s.Provision, scope: Scope,
              rules: dict[str, list[_Entry]]) -> None:
        """Resolve the rules a decision table stands for (`core/resolve/tables.py`), each
        with its rows; under `first`, each row an exception to the rows below it."""
        if not self.decision_name(part.decision, part.span, scope):
            return
        entries = rules[part.decision]
        placed: list[tuple[int, LoweredRule]] = []
        for lowered in self.tables.rules(part, scope):
            before = len(entries)
            self.rule(lowered.rule, provision, scope, rules)
            if len(entries) > before:
                rule, source, where = entries[-1]
                entries[-1] = (dataclasses.replace(rule, rows=lowered.rows), source, where)
                placed.append((rule.index, lowered))
        self.table_overrides.setdefault(part.decision, []).extend(first_overrides(placed))

    def decision(self, name: str, decl: s.DecisionDecl, entries: list[_Entry],
                 cited: set[str], citations: list[str]) -> c.Decision:
        overrides = self.overrides(name, entries, cited, citations)
        cycle = find_cycle(overrides)
        if cycle:
            first = entries[cycle[0]][0]
            self.ctx.err("override-cycle", "these rules are exceptions to one another in a "
                         "circle: " + " → ".join(entries[k][0].citation for k in cycle),
                         first.span)
        final = tuple(
            c.Rule(index=r.index, decision=r.decision, value=r.value, condition=r.condition,
                   citation=r.citation, overrides=tuple(sorted(overrides[i])),
                   source=r.source, span=r.span, rows=r.rows)
            for i, (r, _, _) in enumerate(entries))
        default = None
        if decl.default is not None:
            default = self.value_for(name, decl.default, Scope(
                context=f'in the decision "{name}"'))
            if decl.optional:
                self.ctx.err("known-with-default", f'the decision "{name}" is declared '
                             '", if known" but has a default, so it always has a value',
                             decl.default.span, hint='drop ", if known" or the default')
        return c.Decision(name=name, type=self.ctx.decision_types[name], default=default,
                          question=decl.question, rules=final, span=decl.span,
                          optional=decl.optional)

    def overrides(self, name: str, entries: list[_Entry], cited: set[str],
                  citations: list[str]) -> dict[int, set[int]]:
        """Rule index → the indices of the rules it is a direct exception to."""
        overrides: dict[int, set[int]] = {i: set() for i in range(len(entries))}
        for exception, overridden in self.table_overrides.get(name, ()):
            overrides[exception].add(overridden)
        under: dict[str, list[int]] = {}  # citation or prefix → the rules it covers
        for j, (other, _, _) in enumerate(entries):
            for prefix in prefixes(other.citation):
                under.setdefault(prefix, []).append(j)
        for i, (_, part, provision) in enumerate(entries):
            if part.override is None:
                continue
            scope = Scope(context=f"in {provision.citation.text}")
            for cit in part.override.citations:
                targets = [j for j in under.get(cit.text, ()) if j != i]
                if cit.text not in cited:
                    self.ctx.err("unknown-citation", f"no provision of this law is cited "
                                 f"{cit.text}", cit.span, scope=scope,
                                 hint=did_you_mean(cit.text, citations))
                elif not targets:
                    self.ctx.err("bad-override", f'{cit.text} has no rule for "{name}" for this '
                                 "rule to override", cit.span, scope=scope)
                for j in targets:
                    if part.override.kind is s.OverrideKind.NOTWITHSTANDING:
                        overrides[i].add(j)
                    else:
                        overrides[j].add(i)
        return overrides

    # ------------------------------------------------------------------ whole-program checks
    def depth_limit(self, e: c.Expr, span: Span, context: str | None) -> None:
        """Python refuses source nested more than about 200 parentheses deep."""
        depth = _depth(e)
        if depth > MAX_DEPTH:
            self.ctx.err("too-deep", f"this condition is nested {depth} levels deep; a compiled "
                         f"law allows at most {MAX_DEPTH}", span, context=context,
                         hint="name the inner parts as definitions, or write the list flatter")

    def decision_cycles(self, decisions: dict[str, c.Decision]) -> None:
        """Report decisions whose rules read one another in a circle (through definitions)."""
        uses: dict[str, set[str]] = {}
        for name, decision in decisions.items():
            found: set[str] = set()
            for rule in decision.rules:
                self._collect_decision_refs(rule.condition, found, set())
                self._collect_decision_refs(rule.value, found, set())
            if decision.default is not None:
                self._collect_decision_refs(decision.default, found, set())
            uses[name] = found
        order = sorted(uses)
        index = {n: i for i, n in enumerate(order)}
        cycle = find_cycle({index[n]: {index[m] for m in uses[n] if m in index} for n in order})
        if cycle:
            self.ctx.err("definition-cycle", "decisions depend on one another in a circle: "
                         + " → ".join(order[i] for i in cycle), decisions[order[cycle[0]]].span)

    def _collect_decision_refs(self, e: c.Expr, found: set[str], seen_defs: set[str]) -> None:
        for node in c.walk(e):
            if isinstance(node, c.DecisionRef):
                found.add(node.name)
            elif isinstance(node, c.DefRef) and node.key not in seen_defs:
                seen_defs.add(node.key)
                d = self.ctx.definitions.get(node.key)
                if d is not None and d.body is not None:
                    self._collect_decision_refs(d.body, found, seen_defs)


def find_cycle(edges: dict[int, set[int]]) -> list[int] | None:
    """A circle in a graph (the first found in the order of the nodes), or None."""
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
            case c.Aggregate(collection=collection, measure=measure, condition=condition):
                stack += [(collection, level + 1), (measure, level + 2)]
                if condition is not None:
                    stack.append((condition, level + 2))
    return deepest
