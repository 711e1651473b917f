"""The explanation writers of the Python backend: `explain_<decision>(facts or case)`.

Takes the program's decisions (from `backends/to_python.py`'s module writer, of which
`Explanations` is a part); gives `_FIELDS` (for each record class, attribute → JSON key, name
in the law, how the value is written) and, per decision, the constant tables of its rules
(citation, title, quoted words, value, the parts of its condition in words, the exceptions it
makes) and the function that traces a case through each rule's parts and hands the results to
the runtime's `rt.explain`, which builds the `rt.Explanation`.
"""

from __future__ import annotations

from decimal import Decimal

from compiler.backends import in_force
from compiler.backends.to_python_computation import Steps
from compiler.backends.to_python_expr import Expressions
from compiler.backends.writer import comment_text, doc_text

from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT
from compiler.core.semantics import exceptions_closure
from compiler.explain.compute import amount_how
from compiler.explain.plan import (exception_targets, how_of, outcome_how, part_texts,
                                   provision_of, rule_plan)
from compiler.runtime_explain import money_words, words


class Explanations(Expressions):
    """The part of the module writer that writes the explanations."""

    def raw_value(self, e: c.Expr) -> bool | str:
        return _raw(e.value) if isinstance(e, c.Lit) else self.english.noun(e)

    def words_value(self, e: c.Expr) -> str:
        if isinstance(e, c.Lit):
            if isinstance(e.type, c.MoneyT) and isinstance(e.value, Decimal):
                return money_words(e.value)
            return words(e.value)
        return self.english.noun(e)

    def explain_fields(self) -> None:
        """`_FIELDS`: for each record class, attribute → (JSON key, name in the law, how the
        value is written), so that a traced case can log each fact it reads."""
        w = self.w
        w.blank()
        w.line("_FIELDS: Final[dict[str, dict[str, tuple[str, str, str]]]] = {")
        with w.indented():
            for record in self.used_records:
                fields = self._fields_of(record)
                read = sorted(self.read.get(record, ()), key=list(fields).index)
                if not read:
                    continue
                w.line(f"{self.record_class(record)!r}: {{")
                with w.indented():
                    for name in read:
                        entry = (names.key(name), name, how_of(fields[name].type))
                        w.line(f"{self.field_name(record, name)!r}: {entry!r},")
                w.line("},")
        w.line("}")

    def explain(self, index: int, d: c.Decision) -> None:
        w = self.w
        info = f"_EXPLAIN_{index}"
        w.blank(2)
        default = None if d.default is None else self.raw_value(d.default)
        default_words = None if d.default is None else self.words_value(d.default)
        known = ", True" if d.optional else ""  # `, if known`: with no rule, not known
        w.line(f"{info}_DECISION: Final = ({self.p.title!r}, {d.name!r}, {d.question!r}, "
               f"{default!r}, {default_words!r}{known})")
        w.line(f"{info}_RULES: Final = (")
        with w.indented():
            for rule in d.rules:
                plan = rule_plan(rule)
                provision = provision_of(self.p, rule.citation)
                title = provision.title if provision else None
                quote = provision.quote if provision else ()
                w.line("(")
                with w.indented():
                    w.line(f"{rule.citation!r}, {title!r}, {tuple(quote)!r},")
                    w.line(f"{self.raw_value(rule.value)!r}, {self.words_value(rule.value)!r}, "
                           f"{plan.kind!r},")
                    w.line("(")
                    with w.indented():
                        for part in plan.parts:
                            w.line(f"{part_texts(self.english, plan.kind, part)!r},")
                    stood = f" {provision.stood!r}," if provision and provision.stood else ""
                    w.line(f"), {exception_targets(d, rule)!r},{stood}")
                w.line("),")
        w.line(")")
        w.line(f"{info}_CLOSURE: Final = {tuple(tuple(x) for x in exceptions_closure(d))!r}")
        w.blank(2)
        fn = self.names.snake("explain", "explain " + d.name)
        # locals start with "__": no name from the law (functions, list elements `_x`) does
        root = self.record_class(ROOT)
        w.line(f"def {fn}(facts: Mapping[str, object] | {root}{in_force.parameter(self)}) -> "
               "rt.Explanation:")
        with w.indented():
            w.line(f'"""Why the {doc_text(d.name)} is what it is for a case: the provision that '
                   "decided it,")
            w.line("its words, the facts it relied on, the exceptions that overrode other rules "
                   "and the")
            w.line("provisions that did not apply, each with the condition that failed. Takes "
                   "the facts as")
            w.line(f"`decide()` does, or a {root}; `.text()`, `.markdown()`, `.to_dict()` render "
                   "it.")
            w.line('"""')
            w.line(f'case = facts if isinstance(facts, {root}) else _parse_{names.key(ROOT)}('
                   'facts, "")')
            in_force.guard(self)
            values = self.enum_class(d.type.name) if isinstance(d.type, c.EnumT) else "None"
            # the explanation half of the runtime, once (not a module __getattr__ a name)
            w.line("__explain = rt.explanation()")
            w.line(f"__decision = __explain.decision_info({info}_DECISION, {values})")
            w.line(f"__rules = __explain.rule_infos({info}_RULES, {values})")
            w.line("__log = __explain.FactLog(_FIELDS)")
            w.line("__traced = __log.trace(case)")
            w.line("__results = (")
            with w.indented():
                for rule in d.rules:
                    plan = rule_plan(rule)
                    w.line(f"__log.rule(__rules[{rule.index}], __traced, (  # "
                           f"{comment_text(rule.citation)}")
                    with w.indented():
                        for part in plan.parts:
                            w.line(f"lambda case: {self.expr(part, top=True)},")
                    w.line(")),")
            w.line(")")
            if c.is_computed(d):  # the value computed for the case, not the rule's words
                self.explain_computed(d, info)
            else:
                w.line(f"return __explain.explain(__decision, __results, {info}_CLOSURE)")


    def explain_computed(self, d: c.Decision, info: str) -> None:
        """The end of a computed decision's explanation: each rule that applies with the value
        it computes, the default's value, and the computation of the one that decided, as
        `compiler/explain/build.py` gives them."""
        w = self.w
        figures = {f.name: f for f in self.p.figures}
        steps = Steps(lambda e: self.expr(e, top=True), figures, self.aggregate_loop)
        shown = amount_how(d.type)
        w.line("__results = __explain.computed_results(__results, (")
        with w.indented():
            for rule in d.rules:
                w.line(f"lambda case: {self.expr(rule.value, top=True)},")
        w.line(f"), case, {shown!r})")
        if d.default is not None:
            w.line(f"__decision = __explain.computed_default(__decision, "
                   f"{self.expr(d.default, top=True)}, {shown!r})")
        how = "money" if isinstance(d.type, c.MoneyT) else outcome_how(d.type)
        w.line(f"__explained = __explain.with_value(__explain.explain(__decision, __results, {info}_CLOSURE), "
               f"{self.names.snake('decision', d.name)}(case{in_force.passed(self)}), {how!r})")
        figure = figures.get(d.name)
        w.line("return __explain.with_computation(__explained, (")
        with w.indented():
            for rule in d.rules:
                text = (steps.figure(figure, d.type, False) if figure is not None
                        else steps.show(rule.value, top=True))
                w.line(f"lambda case: {text},")
        default = "None" if d.default is None else (
            f"lambda case: {steps.show(d.default, top=True)}")
        w.line(f"), {default}, case, {shown!r}, {figure is not None!r})")


def _raw(value: object) -> bool | str:
    """A decision's value as a literal: yes/no as a bool, a value of a list as its words."""
    return value if isinstance(value, bool) else str(value)
