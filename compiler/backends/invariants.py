"""What a generated function computes once per call: loop-invariant values as named locals.

Takes the expressions of one function body (a definition's, a decision's rules') from
`backends/to_python.py`'s module writer, of which `Invariants` is a part; gives the body written
with each value that does not change while it runs computed once, into a named local just
before the statement that first needs it (never inside a loop): a definition without
parameters used in a loop or twice, a fact of the case a loop reads, a moved date a loop
compares with (through `rt.months_later`/`days_later`, which defer an out-of-calendar error to
the comparison that would raise it). Definitions that can raise stay where they are.
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.backends.writer import Namer, Writer
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import walk


def unknowable(program: c.Program, e: c.Expr) -> bool:
    """A field given `, if known`: read where a condition says it is known, so never before."""
    return isinstance(e, c.Field) and program.fields_of(e.record)[e.name].optional


class Invariants:
    """The part of the module writer that finds and places the values computed once."""

    p: c.Program
    w: Writer
    names: Namer
    hoisted: dict[str, str]
    invariants: dict[str, str]
    invariant_uses: dict[str, tuple[int, int, bool]]
    body_level: int
    fallible: dict[str, bool]
    local_names: set[str]
    loop_depth: int
    guards: list[tuple[int, int]]  # the `if` blocks open around the line being written
    guard_count: int
    pinned: set[str]  # values placed at the body's level: used outside the guard first seen
    unsafe: set[str]
    invariant_place: dict[str, tuple[tuple[int, ...], int]]  # key → (guards, level)

    def _expr(self, e: c.Expr) -> str:
        raise NotImplementedError

    def with_invariants(self, exprs: list[c.Expr], body: Callable[[], None]) -> bool:
        """Write a function body (`body`) in which each definition without parameters that is
        used in a loop or more than once, each fact of the case a loop reads and each date a
        loop compares with that does not depend on the element, is computed once, into a
        named local written just before the statement that first needs it (never inside a
        loop). Definitions that can raise are left where they are (the law may not reach
        them); a moved date is computed by `rt.months_later`/`days_later`, which defer the
        error to the comparison that would have raised it."""
        self.local_names = set()
        found = self.loop_invariants(exprs)
        outer = self.w
        self.body_level = outer.level
        self.pinned = set()
        while True:  # once with every candidate, again without those used only once
            self.w = Writer()
            self.w.level = outer.level
            self.invariants = {key: local for key, (local, _) in found.items()}
            self.invariant_uses, self.invariant_place, self.unsafe = {}, {}, set()
            self.guards, self.guard_count = [], 0
            try:
                body()
            finally:
                inner, uses, place = self.w, self.invariant_uses, self.invariant_place
                self.w, self.invariant_uses, self.invariants = outer, {}, {}
            if self.unsafe - self.pinned:  # again, those at the body's level
                self.pinned |= self.unsafe
                continue
            keep = {key for key, (_, count, in_loop) in uses.items() if in_loop or count > 1}
            if keep == set(found):
                break
            found = {key: found[key] for key in found if key in keep}
        inserts = sorted(((uses[key][0], place[key][1], local, text)
                          for key, (local, text) in found.items()), key=lambda x: x[0])
        lines = inner.lines
        for position, level, local, text in reversed(inserts):
            lines.insert(position, f"{'    ' * level}{local} = {text}")
        outer.lines.extend(lines)
        return bool(inserts)

    def use_invariant(self, key: str) -> str | None:
        """The local holding the value `key` (recording where it is first needed), if any."""
        local = self.invariants.get(key)
        if local is None:
            return None
        chain = tuple(guard for guard, _ in self.guards)
        level = self.body_level
        if self.guards and key not in self.pinned:  # inside the `if` that first needs it
            level = self.guards[-1][1]
        in_loop = self.loop_depth > 0 or self.w.level != level
        if key in self.invariant_uses:
            position, count, looped = self.invariant_uses[key]
            self.invariant_uses[key] = (position, count + 1, looped or in_loop)
            first = self.invariant_place[key][0]
            if chain[:len(first)] != first:  # outside the block it was placed in
                self.unsafe.add(key)
            return local
        self.invariant_place[key] = (chain if level != self.body_level else (), level)
        lines = self.w.lines
        position = len(lines)
        if self.w.level != level:  # inside a block: before its first line
            pad = "    " * level
            while position > 0 and not (lines[position - 1].startswith(pad) and
                                        lines[position - 1][len(pad):len(pad) + 1] != " "):
                position -= 1
            position -= 1
            while position > 0 and lines[position - 1].startswith(pad + "#"):
                position -= 1
        self.invariant_uses[key] = (max(position, 0), 1, in_loop)
        return local

    def loop_invariants(self, exprs: list[c.Expr]) -> dict[str, tuple[str, str]]:
        """What a function body computes once: key → (local, Python text computing it)."""
        counts: dict[str, int] = {}
        inside: set[str] = set()
        texts: dict[str, tuple[str, str]] = {}
        saved, self.hoisted = self.hoisted, {}

        def visit(e: c.Expr, in_loop: bool, seen: frozenset[str]) -> None:
            match e:
                case c.DefRef(key=key, argument=None):
                    d = self.p.definitions[key]
                    if d.kind is not c.DefKind.SET and not self.can_fail(d.body):
                        text = self._expr(e)
                        counts[text] = counts.get(text, 0) + 1
                        if in_loop:
                            inside.add(text)
                        if text not in texts:
                            texts[text] = (self.local_name(d.name), text)
                    return
                case c.DefRef(key=key, argument=argument) if argument is not None:
                    visit(argument, in_loop, seen)
                    body = self.p.definitions[key].body
                    if body is not None and key not in seen:
                        visit(body, in_loop, seen | {key})
                    return
                case c.Quant(collection=collection, condition=condition):
                    visit(collection, in_loop, seen)
                    if condition is not None:
                        visit(condition, True, seen)
                    return
                case c.Aggregate(collection=collection, measure=measure, condition=condition):
                    visit(collection, in_loop, seen)
                    visit(measure, True, seen)
                    if condition is not None:
                        visit(condition, True, seen)
                    return
                case c.Field(type=t) if in_loop and _rooted(e) and not unknowable(self.p, e) \
                        and not isinstance(t, (c.RecordT, c.ListT)):
                    text = self._expr(e)
                    inside.add(text)
                    texts.setdefault(text, (self.local_name(e.name), text))
                    return
                case c.Cmp(left=left, right=right) if in_loop:
                    for side in (left, right):
                        if isinstance(side, c.Arith) and isinstance(side.type, c.DateT) and \
                                _element_free(side):
                            text = self._expr(side)
                            inside.add(text)
                            counts[text] = counts.get(text, 0) + 1
                            if text not in texts:
                                texts[text] = (self.local_name(_date_words(side)),
                                               _shifted(text))
                        else:
                            visit(side, in_loop, seen)
                    return
            for child in _children(e):
                visit(child, in_loop, seen)

        try:
            for e in exprs:
                visit(e, False, frozenset())
        finally:
            self.hoisted = saved
        return {text: texts[text] for text in texts
                if text in inside or counts.get(text, 0) > 1}

    def local_name(self, words: str) -> str:
        """A local variable's name, clear of the module's own names and of other locals."""
        base = names.key(words)
        candidate, n = base, 2
        while candidate in self.names.used or candidate in self.local_names:
            candidate = f"{base}_{n}"
            n += 1
        self.local_names.add(candidate)
        return candidate

    def can_fail(self, e: c.Expr | None) -> bool:
        """Whether evaluating `e` can raise (date arithmetic, division, another decision)."""
        if e is None:
            return False
        for node in walk(e):
            if isinstance(node, c.DecisionRef) or unknowable(self.p, node):
                return True  # another decision; a fact `, if known` (rt.known stops where not)
            if isinstance(node, c.Arith) and (isinstance(node.type, c.DateT) or
                                              node.op is c.ArithOp.DIV):
                return True
            if isinstance(node, c.DefRef):
                if node.key not in self.fallible:
                    self.fallible[node.key] = True  # a cycle is refused by the checker
                    self.fallible[node.key] = self.can_fail(self.p.definitions[node.key].body)
                if self.fallible[node.key]:
                    return True
        return False

    def calendar_guard(self, e: c.Expr) -> str | None:
        """Where `e` can raise only by moving a date of the case out of the calendar (`the
        instant arrest date minus 5 years`), the test that a date is near enough to the
        calendar's ends for that (`not 7 < case.request.instant_arrest_date.year < 9993` for 5 years);
        else None (a division, another decision, a date of a list's element, …). The years
        are a bound, not the edge: where the test fails the date cannot leave the calendar."""
        return self._calendar_guard(e, {}, set())

    def _calendar_guard(self, e: c.Expr, spans: dict[str, int], seen: set[str]) -> str | None:
        for node in walk(e):
            if isinstance(node, c.DecisionRef):
                return None
            if isinstance(node, c.DefRef) and node.key not in seen and self.can_fail(node):
                seen.add(node.key)  # the definition's body, as the law evaluates it
                body = self.p.definitions[node.key].body
                if body is None or self._calendar_guard(body, spans, seen) is None:
                    return None
            if not isinstance(node, c.Arith):
                continue
            if node.op is c.ArithOp.DIV:
                return None
            if not isinstance(node.type, c.DateT):
                continue
            amount = node.right.value if isinstance(node.right, c.Lit) else None
            if node.op not in (c.ArithOp.ADD, c.ArithOp.SUB) or not _rooted(node.left) or \
                    not isinstance(amount, c.Duration):
                return None
            n = abs(amount.amount)
            years = n // 12 + 1 if amount.kind is c.DurationKind.MONTHS else n // 365 + 1
            text = self._expr(node.left)
            spans[text] = max(spans.get(text, 0), years)
        if not spans:
            return None
        return " or ".join(f"not {years + 1} < {text}.year < {9999 - years}"
                           for text, years in spans.items())


def _children(e: c.Expr) -> list[c.Expr]:
    match e:
        case c.Field(owner=owner):
            return [owner]
        case c.Not(operand=operand):
            return [operand]
        case c.And(operands=operands) | c.Or(operands=operands):
            return list(operands)
        case c.Cmp(left=left, right=right) | c.Arith(left=left, right=right):
            return [left, right]
        case c.InSet(subject=subject):
            return [subject]
    return []


def _element_free(e: c.Expr) -> bool:
    """Whether `e` reads only the case and literals (no list element, definition, decision)."""
    return all(isinstance(node, (c.Field, c.Root, c.Lit, c.Arith)) for node in walk(e))


def _date_words(e: c.Arith) -> str:
    """`instant arrest date minus 120 months`: the name of a moved date's local."""
    base = e.left.name if isinstance(e.left, c.Field) else "date"
    amount = e.right.value if isinstance(e.right, c.Lit) else None
    if isinstance(amount, c.Duration):
        way = "plus" if e.op is c.ArithOp.ADD else "minus"
        unit = "months" if amount.kind is c.DurationKind.MONTHS else "days"
        return f"{base} {way} {abs(amount.amount)} {unit}"
    return f"{base} moved"


def _shifted(text: str) -> str:
    """`rt.add_months(…)` as its deferred form, which raises only when the date is compared."""
    return text.replace("rt.add_months(", "rt.months_later(", 1).replace(
        "rt.add_days(", "rt.days_later(", 1)


def _rooted(e: c.Expr) -> bool:
    """Whether a field is read from the case itself (not from a list element)."""
    while isinstance(e, c.Field):
        e = e.owner
    return isinstance(e, c.Root)
