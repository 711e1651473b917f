"""The decision and definition writers of the Python backend: one plain function each.

Takes a `Decision` or a `Definition` of the program (from `backends/to_python.py`'s module
writer, of which `Decisions` is a part); gives its Python function: a definition's `return`
(a loop over a list of the case as a `for` loop), a decision's rules in the order its
semantics (`core/semantics.py`) allows: the first rule that applies decides when the decision
is simple or its rules cannot conflict, else every rule's condition, the exceptions that block
it, and a conflict or a gap raised as the law says. Each body is written with the values it
computes once hoisted (`backends/invariants.py`); `in_order_twins` writes the twins that read
the facts in the law's order, for the explanations.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from compiler.backends import in_force, in_place
from compiler.backends.exclusive import Settled, exclusive
from compiler.backends.to_python_expr import Expressions, _rooted, length_hint, typed_length
from compiler.backends.writer import comment_text, doc_text
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT, walk
from compiler.core.semantics import exceptions_closure, is_simple
from compiler.runtime_explain import words


class Decisions(Expressions):
    """The part of the module writer that writes definitions and decisions."""

    # ---------------------------------------------------------------------------- definitions
    def in_order_twins(self) -> None:
        """For each definition that computes a value ahead of where the law reads it (or
        calls one that does), a twin that reads the facts in the law's order, which the
        explanations call: an explanation lists the facts a condition read, and reading a
        fact early would add one the law did not need."""
        keys = set(self.hoisting)
        grew = True
        while grew:
            grew = False
            for key in self.used_definitions:
                body = self.p.definitions[key].body
                if key not in keys and body is not None and any(
                        isinstance(n, c.DefRef) and n.key in keys for n in walk(body)):
                    keys.add(key)
                    grew = True
        self.twins = {key: "_" + self.names.snake("definition", key) + "_in_order"
                      for key in self.p.definitions if key in keys}
        referred = {n.name for d in self.p.decisions.values() for e in c.decision_exprs(d)
                    for n in walk(e) if isinstance(n, c.DecisionRef)}
        nothing = c.Lit(value=True, type=c.BoolT())  # a definition without a body reads none
        referred |= {n.name for key in self.used_definitions
                     for n in walk(self.p.definitions[key].body or nothing)
                     if isinstance(n, c.DecisionRef)}
        for name in self.p.decisions:  # a decision another refers to: one twin for all
            if name in referred:
                self.twins[name] = "_" + self.names.snake("decision", name) + "_in_order"
        self.in_order = True
        try:
            for key, twin in list(self.twins.items()):
                if key in self.p.decisions:
                    self.decision(self.p.decisions[key], twin=True)
                else:
                    self.definition(self.p.definitions[key], twin=True)
        finally:
            self.in_order = False

    def definition(self, d: c.Definition, twin: bool = False) -> None:
        w = self.w
        fn = self.twins[d.key] if twin else self.names.snake("definition", d.key)
        params = []
        if d.parameter is not None:
            params.append(f"{self.var(d.parameter)}: {self.type_hint(d.parameter.type)}")
        params.append(f"case: {self.record_class(ROOT)}")
        w.line(f"def {fn}({', '.join(params)}) -> {self.type_hint(d.type)}:")
        with w.indented():
            where = f"{doc_text(d.citation)}: " if d.citation else ""
            assert d.body is not None
            body = d.body
            if twin:
                w.line(f'"""{where}{doc_text(_definition_words(d))}, as '
                       f'{self.names.snake("definition", d.key)}() computes it, each fact read '
                       'where the law reads it (for explanations)."""')
                w.line(f"return {self.expr(body)}")
            else:
                w.line(f'"""{where}{doc_text(_definition_words(d))}."""')
                if self.with_invariants([body], lambda: self.definition_body(body)):
                    self.hoisting.add(d.key)
        w.blank(2)

    def definition_body(self, body: c.Expr) -> None:
        """`return …`; a loop over a list of the case first returns its value for an empty
        list, so that what it computes once for the loop is not computed for no record."""
        w = self.w
        if isinstance(body, c.Quant) and body.condition is not None and \
                isinstance(body.collection, c.Field) and _rooted(body.collection):
            empty = {c.QuantKind.ANY: "False", c.QuantKind.EVERY: "True",
                     c.QuantKind.NO: "True", c.QuantKind.COUNT: "0"}[body.kind]
            w.line(f"if not {self._expr(body.collection)}:")
            with w.indented():
                w.line(f"return {empty}")
            if body.kind is not c.QuantKind.COUNT:
                self.loop_body(body)
                return
        if isinstance(body, c.Or) and any(
                isinstance(part, c.Quant) and part.kind is c.QuantKind.ANY and
                part.condition is not None for part in body.operands):
            # `A or any x … or B`: each part in turn, a loop for each `any` (no generator)
            self.first_that_applies(body, "True")
            w.line("return False")
            return
        w.line(f"return {self.expr(body)}")

    def loop_body(self, body: c.Quant) -> None:
        """`any`/`every`/`no` element … such that: a `for` loop that returns at the first
        element that settles it (no generator per call)."""
        w = self.w
        assert body.condition is not None
        settles = "False" if body.kind is c.QuantKind.NO else "True"
        w.line(f"for {self.var(body.var)} in {self._expr(body.collection)}:")
        with w.indented():
            if body.kind is c.QuantKind.EVERY:
                w.line(f"if not {self._expr(body.condition)}:")  # parenthesised unless atomic
                with w.indented():
                    w.line("return False")
            else:
                w.line(f"if {self.expr(body.condition, top=True)}:")
                with w.indented():
                    w.line(f"return {settles}")
        if body.kind is c.QuantKind.ANY:
            w.line("return False")
        else:
            w.line("return True")

    # ---------------------------------------------------------------------------- decisions
    def no_value(self, d: c.Decision) -> str:
        """The line past a decision's last rule with no default: its gap, or, for a decision
        `, if known`, no value."""
        return "return None" if d.optional else f"raise rt.LawGap({d.name!r})"

    def decision(self, d: c.Decision, twin: bool = False) -> None:
        w = self.w
        fn = self.names.snake("decision", d.name)
        result = (length_hint(d.type) or self.type_hint(d.type)) + (" | None" if d.optional
                                                                     else "")
        w.line(f"def {self.twins[d.name] if twin else fn}(case: {self.record_class(ROOT)}"
               f"{'' if twin else in_force.parameter(self)}) -> {result}:")
        with w.indented():
            w.line('"""' + doc_text(d.question or f"The {d.name}."))
            w.blank()
            if twin:
                w.line(f"As {fn}() decides it, each fact read where the law reads it (for "
                       "explanations).")
                w.blank()
            if d.default is not None:
                w.line(f"By default: {doc_text(self.value_text(d.default))}.")
            for rule in d.rules:
                w.line(f"{doc_text(rule.citation)}: {doc_text(self.value_text(rule.value))}"
                       + (" (an exception)" if rule.overrides else "") + ".")
            w.line('"""')
            if twin:
                self.decision_body(d)
            else:
                in_force.guard(self)
                self.with_invariants([rule.condition for rule in d.rules],
                                     lambda: self.decision_body(d))
        w.blank(2)

    def decision_body(self, d: c.Decision) -> None:
        w = self.w
        figure = next((f for f in self.p.figures if f.name == d.name), None)
        if figure is not None:
            dated_figure_body(self, figure, d)
            return
        if True:
            # an in-order twin evaluates every rule in the law's order, as the interpreter
            # does (an explanation lists what the conditions read), unless the first decides
            chain = exclusive(self, d)
            if is_simple(d) or (chain and not self.in_order):
                self.chain_body(d, chain)
                return
            closure = exceptions_closure(d)
            order = None if self.in_order else _first_decides_order(d, closure)
            if order is not None:
                self.ordered_decision_body(d, order)
                return
            applies = [f"_r{rule.index}" for rule in d.rules]
            for rule in d.rules:
                w.line(f"# {comment_text(rule.citation)}")
                w.line(f"{applies[rule.index]} = {self.expr(rule.condition, top=True)}")
            decides: list[str] = []
            for rule in d.rules:
                blockers = closure[rule.index]
                if blockers:
                    name = f"_d{rule.index}"
                    others = " or ".join(applies[b] for b in blockers)
                    w.line(f"{name} = {applies[rule.index]} and not ({others})")
                    decides.append(name)
                else:
                    decides.append(applies[rule.index])
            if c.is_computed(d):
                self.computed_body(d, decides)
                return
            groups: dict[object, list[int]] = {}
            for rule in d.rules:
                groups.setdefault(c.value_key(rule.value), []).append(rule.index)
            group_vars: list[tuple[str, object]] = []
            for value, indices in groups.items():
                cond = " or ".join(decides[i] for i in indices)
                if len(groups) == 1:
                    group_vars.append((cond, value))
                    continue
                name = f"_v{len(group_vars)}"
                w.line(f"{name} = {cond}")
                group_vars.append((name, value))
            if len(groups) > 1:
                w.line(f"if {' + '.join(name for name, _ in group_vars)} > 1:")
                with w.indented():
                    pairs = ", ".join(f"({rule.citation!r}, {decides[rule.index]}, "
                                      f"{self.result(rule.value)})" for rule in d.rules)
                    w.line(f"raise rt.conflict({d.name!r}, [{pairs}])")
            for name, value in group_vars:
                w.line(f"if {name}:")
                with w.indented():
                    w.line(f"return {self.value(c.Lit(value=value, type=d.type))}")  # type: ignore[arg-type]
            if d.default is not None:
                w.line(f"return {self.result(d.default)}")
            else:
                w.line(self.no_value(d))

    def chain_body(self, d: c.Decision, chain: bool) -> None:
        """One value (or rules no case makes apply together), no exceptions: the first rule
        that applies decides (`chain_rules`); past every rule, the default or the gap."""
        w = self.w
        hoisted = self.hoist_decisions(d.rules[0].condition) if chain else {}

        def returned(number: int, comment: str) -> None:
            w.line(f"return {self.result(d.rules[number].value)}{comment}")

        if not self.chain_rules(d.rules, returned):
            if d.default is not None:
                w.line(f"return {self.result(d.default)}")
            else:
                w.line(self.no_value(d))
        for text in hoisted:
            del self.hoisted[text]

    def chain_rules(self, rules: Sequence[c.Rule], returned: Callable[[int, str], None]) -> bool:
        """The rules as a chain, the first that applies returning (`returned(number, comment)`
        writes the return of rule `number`); the tests the rules above settle are not written
        again (`exclusive.Settled`). True when a rule applies wherever it is reached (nothing
        after it is)."""
        w = self.w
        settled = Settled(self, self.hoisted, self.expr)
        for number, rule in enumerate(rules):
            w.line(f"# {comment_text(rule.citation)}")
            condition = rule.condition if self.in_order else settled.reduce(rule.condition)
            always = isinstance(condition, c.Lit) and condition.value is True
            if condition is None or always:  # its tests hold wherever the rules above fail
                returned(number, "  # " + (
                    "the rule has no condition" if always else "every test of the rule "
                    "holds here: the rules above did not apply"))
                for later in rules[number + 1:]:
                    w.line(f"# {comment_text(later.citation)}: not reached (the "
                           "rules above cover every case)")
                return True
            self.first_that_applies(condition, functools.partial(returned, number, ""))
            settled.failed(condition)
        return False

    def figure_lookup(self, name: str) -> str | None:
        """`<FIGURE>_VALUES[bisect_right(<FIGURE>_DAYS, <its date>)]` (or, for a figure of two
        or three values, `(B if <its date> >= D else A)`), the figure's function written where
        it is read, for a figure whose first value holds from the beginning (so the lookup
        cannot fail); not in an in-order twin (explanations read the figure where the law does)
        nor in the figure's own function."""
        if self.in_order or isinstance(self.p.decisions[name].type, c.DurationT):
            return None  # a length: its function gives it typed (`typed_length`), read back
        figure = in_place.table_figure(self, name) or in_place.short_figure(self, name)
        if figure is None:
            return None
        by = figure.by
        placed = in_place.placed(self, by) if isinstance(by, c.DecisionRef) else None
        day = placed or self.expr(by, top=True)
        if len(figure.entries) <= 3:  # from the newest value: `B if day >= D else A`
            if placed is not None and len(figure.entries) > 2:
                return None  # the day written in place once, not once a comparison
            text = self.result(figure.entries[0].value)
            for entry in figure.entries[1:]:
                assert entry.start is not None  # `short_figure`: every later value has a day
                start = self.value(c.Lit(value=entry.start, type=c.DateT()))
                text = f"{self.result(entry.value)} if {day} >= {start} else {text}"
            return f"({text})"
        days, values = figure_tables(self, figure)
        return f"{values}[bisect_right({days}, {day})]"

    def hoist_decisions(self, condition: c.Expr) -> dict[str, str]:
        """The decisions the first rule of a chain reads, each called once into a local before
        it (the rules after it read no others: `exclusive`), or written there in place where it
        is a short chain over facts (`in_place`); not in an in-order twin, which reads each
        value where the law does."""
        if self.in_order:
            return {}
        found: dict[str, str] = {}
        for node in walk(condition):
            if isinstance(node, c.DecisionRef):
                optional = self.p.decisions[node.name].optional  # its value, None if unknown
                text = self.decision_call(node.name) if optional else self.expr(node)
                if text not in found and text not in self.hoisted:
                    found[text] = f"__{names.key(node.name)}"
                    written = None if optional else in_place.placed(self, node)
                    self.w.line(f"{found[text]} = {written or text}" + (
                        f"  # the {comment_text(node.name)}, in place" if written else ""))
        self.hoisted.update(found)
        return found

    def computed_body(self, d: c.Decision, decides: list[str]) -> None:
        """The end of a decision that computes its value: each deciding rule's value is
        computed, the values must agree (`rt.agree`), and with none the default decides."""
        w = self.w
        w.line(f"__found: list[tuple[str, {length_hint(d.type) or self.type_hint(d.type)}]] = []")
        for rule in d.rules:
            w.line(f"if {decides[rule.index]}:")
            with w.indented():
                w.line(f"__found.append(({rule.citation!r}, {self.result(rule.value)}))")
        w.line("if __found:")
        with w.indented():
            w.line(f"return rt.agree({d.name!r}, __found)")
        if d.default is not None:
            w.line(f"return {self.result(d.default)}")
        else:
            w.line(self.no_value(d))

    def ordered_decision_body(self, d: c.Decision, order: list[c.Rule]) -> None:
        """A decision whose rules cannot conflict (of any two rules with different values, one
        is an exception to the other), written as a chain: each rule after the exceptions to
        it, and the first that applies decides, so the rules after it are not evaluated. A
        rule whose condition can raise is evaluated first, in the law's order, as the reference
        interpreter evaluates every rule: the same error, or none, either way; one that can
        raise only by moving a date of the case out of the calendar is evaluated first only
        for a date near the calendar's ends (`calendar_guard`)."""
        w = self.w
        # an in-order twin evaluates each rule in its turn, as the explanation reads the law
        fallible = set() if self.in_order else {
            rule.index for rule in d.rules if self.can_fail(rule.condition)}
        for rule in d.rules:
            if rule.index not in fallible:
                continue
            w.line(f"# {comment_text(rule.citation)}")
            guard = self.calendar_guard(rule.condition)
            if guard is None:
                w.line(f"_r{rule.index} = {self.expr(rule.condition, top=True)}")
                continue
            # it can raise only for a date near the calendar's ends: evaluated first only
            # there, and in its turn in the chain below (where it cannot raise)
            fallible.discard(rule.index)
            w.line(f"if {guard}:  # a date it moves may leave the calendar: the law's error")
            saved = self.hoisted, self.invariants
            self.hoisted, self.invariants = {}, {}  # the rare case: computed there, in full
            try:
                text = self.expr(rule.condition, top=True)
            finally:
                self.hoisted, self.invariants = saved
            with w.indented():
                w.line(f"_r{rule.index} = {text}")
        for rule in order:
            w.line(f"# {comment_text(rule.citation)}")
            if rule.index in fallible:
                w.line(f"if _r{rule.index}:")
                with w.indented():
                    w.line(f"return {self.result(rule.value)}")
            elif isinstance(rule.condition, c.Lit) and rule.condition.value is True:
                w.line(f"return {self.result(rule.value)}")  # it always applies: the rest is
                return  # never reached
            else:
                self.first_that_applies(rule.condition, self.result(rule.value))
        if d.default is not None:
            w.line(f"return {self.result(d.default)}")
        else:
            w.line(self.no_value(d))

    def first_that_applies(self, condition: c.Expr, result: str | Callable[[], None]) -> None:
        """`if A or B or any x …: return R`, written as the loops a programmer would write:
        the same order of evaluation, without building a generator per call. `result` is R,
        or what writes the return (with the lines it needs before it) where it is reached."""
        w = self.w
        write: Callable[[], None] = (functools.partial(w.line, f"return {result}")
                                     if isinstance(result, str) else result)
        parts = condition.operands if isinstance(condition, c.Or) else (condition,)
        for part in parts:
            if isinstance(part, c.And) and self.guarded(part, write):
                continue
            if isinstance(part, c.Quant) and part.kind is c.QuantKind.ANY and \
                    part.condition is not None:
                hoisted = {} if self.invariants or self.in_order else \
                    self.hoist_fields(part.condition)
                for text, local in hoisted.items():
                    w.line(f"{local} = {text}")
                self.hoisted.update(hoisted)
                try:
                    w.line(f"for {self.var(part.var)} in {self._expr(part.collection)}:")
                    with w.indented():
                        w.line(f"if {self.expr(part.condition, top=True)}:")
                        with w.indented():
                            write()
                finally:
                    for text in hoisted:
                        del self.hoisted[text]
            else:
                w.line(f"if {self.expr(part, top=True)}:")
                with w.indented():
                    write()

    def guarded(self, part: c.And, result: Callable[[], None]) -> bool:
        """`A and any x …`: `if A:` first, the loop inside it, and what only the loop needs
        computed inside the `if` too (not for the cases A already settles)."""
        k = 0
        while k < len(part.operands) and _loop_free(part.operands[k]):
            k += 1
        if k == 0 or k == len(part.operands):
            return False
        rest = part.operands[k:]
        w = self.w
        w.line(f"if {' and '.join(self.expr(op) for op in part.operands[:k])}:")
        with w.indented():
            self.guard_count += 1
            self.guards.append((self.guard_count, w.level))
            try:
                self.first_that_applies(rest[0] if len(rest) == 1 else c.And(operands=rest),
                                        result)
            finally:
                self.guards.pop()
        return True

    def result(self, e: c.Expr) -> str:
        """Python for a rule's value: a constant when written out, else the computation."""
        text = self.value(e) if isinstance(e, c.Lit) else self.expr(e, top=True)
        return typed_length(e.type, text)

    def value_text(self, e: c.Expr) -> str:
        """A rule's value in the words of a docstring."""
        if isinstance(e, c.Lit):
            return words(e.value)
        return self.english.noun(e)


def dated_figure_body(part: "Decisions", figure: c.DatedFigure, d: c.Decision) -> None:
    """A dated figure's body: its date read once, then its value: with more than three
    values, found by bisection in two module-level tuples (the first day of each value, the
    values), as a programmer keeps a table; else its values from the newest, each returned on
    or after its day (the decision's rules, whose periods do not overlap: the resolver checks
    the history); before a first day, the gap."""
    w = part.w
    w.line(f"__day = {part.expr(figure.by, top=True)}")
    if len(figure.entries) > 3:
        days, values = figure_tables(part, figure)
        if figure.entries[0].start is None:  # the first value holds before every day
            w.line(f"return {values}[bisect_right({days}, __day)]")
            return
        w.line(f"__index = bisect_right({days}, __day)")
        w.line("if __index:")
        with w.indented():
            w.line(f"return {values}[__index - 1]")
        w.line(f"raise rt.LawGap({d.name!r})")
        return
    for entry in reversed(figure.entries):
        value = part.result(entry.value)
        if entry.start is None:
            w.line(f"return {value}")
            return
        day = part.value(c.Lit(value=entry.start, type=c.DateT()))
        w.line(f"if __day >= {day}:")
        with w.indented():
            w.line(f"return {value}")
    w.line(f"raise rt.LawGap({d.name!r})")


def figure_tables(part: "Decisions", figure: c.DatedFigure) -> tuple[str, str]:
    """The module-level constants of a dated figure: the tuple of the days its values take
    effect (oldest first; a first value in force from the beginning has none) and the tuple of
    its values, the value of day `i` at `i` (or `i + 1` after a first value without a day)."""
    days = [part.value(c.Lit(value=e.start, type=c.DateT()))
            for e in figure.entries if e.start is not None]
    values = [part.value(e.value) for e in figure.entries]
    day_names = part.constant(f"{figure.name} days", _tuple(days))
    value_names = part.constant(f"{figure.name} values", _tuple(values))
    return day_names, value_names


def _tuple(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _loop_free(e: c.Expr) -> bool:
    """Whether `e` reads facts only (no loop, definition or decision: cheap to test first)."""
    return not any(isinstance(node, (c.Quant, c.Aggregate, c.DefRef, c.DecisionRef))
                   for node in walk(e))


def _first_decides_order(d: c.Decision, closure: list[list[int]]) -> list[c.Rule] | None:
    """The rules with every exception to a rule before it, when no two rules can conflict
    (of two rules with different values, one is an exception to the other, so at most one
    value decides); None otherwise. An exception's own exceptions are fewer than those of the
    rule it overrides (the closure is transitive and has no cycle), hence the order."""
    for a in d.rules:
        for b in d.rules:
            if c.value_key(a.value) != c.value_key(b.value) and \
                    b.index not in closure[a.index] and a.index not in closure[b.index]:
                return None
    return sorted(d.rules, key=lambda r: (len(closure[r.index]), r.index))


def _definition_words(d: c.Definition) -> str:
    if d.kind is c.DefKind.PREDICATE:
        return f"whether a {d.subject} is {d.name}"
    if d.kind is c.DefKind.ATTRIBUTE:
        return f"a {d.subject}'s {d.name}"
    return f"the {d.name}"
