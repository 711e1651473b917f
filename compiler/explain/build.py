"""Explanations by the reference interpreter.

Takes a `Program`, a decision's name and JSON-like facts; gives the same `Explanation` (the
runtime's class, `compiler.runtime`) that the generated `explain_<decision>()` gives,
built by evaluating each rule's top-level conditions (`compiler.explain.plan`) with the
interpreter while logging every fact read. Tests hold the two equal; the CLI uses this one, so
it can explain a `.law` file without compiling it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from compiler import runtime_explain as rt
from compiler.core import ast as c
from compiler.core import names
from compiler.core.english import English
from compiler.core.facts import Record, parse_facts
from compiler.core.ast import ROOT
from compiler.core.semantics import exceptions_closure
from compiler.explain.compute import amount, computation, figure_words
from compiler.runtime_explain import computation_text
from compiler.explain.plan import (exception_targets, how_of, outcome_how, part_texts,
                                   provision_of, rule_plan)
from compiler.interpret import Interpreter


class _TracingInterpreter(Interpreter):
    """The interpreter, logging each fact it reads (with its path) into `log`."""

    def __init__(self, program: c.Program) -> None:
        super().__init__(program)
        self.log = rt.FactLog({})
        self.where: dict[int, tuple[str, str, str]] = {}  # id(record) → (path, words, type)

    def locate(self, case: Record) -> None:
        self.where = {}

        def visit(record: Record, kind: str, path: str, words: str) -> None:
            self.where[id(record)] = (path, words, kind)
            fields = self.program.fields_of(kind)
            for name, decl in fields.items():
                value = record.get(name)
                p = f"{path}.{names.key(name)}" if path else names.key(name)
                w = rt.field_words(words, name)
                if isinstance(decl.type, c.RecordT) and isinstance(value, dict):
                    visit(value, decl.type.name, p, w)
                elif isinstance(decl.type, c.ListT) and isinstance(value, tuple):
                    for i, item in enumerate(value):
                        visit(item, decl.type.element, f"{p}[{i}]",
                              rt.item_words(decl.type.element, i))

        visit(case, ROOT, "", "")

    def field_value(self, e: c.Field, case: Record, env: dict[str, object]) -> object:
        """The field's value, its read logged (that of `X is known` too)."""
        record = self.eval(e.owner, case, env)
        assert isinstance(record, dict)
        value = record[e.name]
        path, words, _ = self.where[id(record)]
        how = how_of(e.type)
        if how != "record":
            shown: object = value
            if isinstance(e.type, c.DurationT) and isinstance(value, c.Duration):
                shown = value.amount // c.UNITS[e.type.unit][1]
            elif isinstance(value, tuple):
                shown = len(value)
            self.log.read(f"{path}.{names.key(e.name)}" if path else names.key(e.name),
                          rt.field_words(words, e.name), shown, how)
        return value


class Explainer:
    """Explains the decisions of one program, case after case."""

    def __init__(self, program: c.Program) -> None:
        self.program = program
        self.interpreter = _TracingInterpreter(program)
        english = English(program)
        self.infos: dict[str, tuple[rt.DecisionInfo, tuple[rt.RuleInfo, ...],
                                    list[list[int]]]] = {}
        for name, d in program.decisions.items():
            default = None if d.default is None else _static(english, d.default)
            decision = rt.DecisionInfo(
                program.title, d.name, d.question, default,
                None if d.default is None else _static_words(english, d.default), d.optional)
            rules = []
            for rule in d.rules:
                plan = rule_plan(rule)
                provision = provision_of(program, rule.citation)
                rules.append(rt.RuleInfo(
                    rule.citation, provision.title if provision else None,
                    tuple(provision.quote) if provision else (), _static(english, rule.value),
                    _static_words(english, rule.value), plan.kind,
                    tuple(part_texts(english, plan.kind, p) for p in plan.parts),
                    exception_targets(d, rule), provision.stood if provision else None))
            self.infos[name] = (decision, tuple(rules), exceptions_closure(d))

    def explain(self, decision: str, facts: Mapping[str, object]) -> rt.Explanation:
        """The explanation of one decision for JSON-like facts (FactsError if they are bad)."""
        case = parse_facts(self.program, facts)
        interpreter = self.interpreter
        interpreter.locate(case)
        interpreter.log = rt.FactLog({})
        info, rules, closure = self.infos[decision]
        d = self.program.decisions[decision]
        results = []
        for rule, rule_info in zip(d.rules, rules):
            plan = rule_plan(rule)
            parts = [_part(interpreter, p) for p in plan.parts]
            results.append(interpreter.log.rule(rule_info, case, parts))
        if not c.is_computed(d):
            return rt.explain(info, results, closure)
        return self.computed(d, info, results, closure, case)

    def computed(self, d: c.Decision, info: rt.DecisionInfo, results: list[rt.RuleResult],
                 closure: list[list[int]], case: Record) -> rt.Explanation:
        """The explanation of a decision that computes its value: each rule that applies gives
        the value it computes for this case, and the computation is shown with its numbers."""
        def value(e: c.Expr) -> object:
            return self.interpreter.eval(e, case, {})

        def words(v: object) -> str:
            return amount(v, d.type)

        for i, (rule, result) in enumerate(zip(d.rules, results)):
            if result.applies:
                v = value(rule.value)
                results[i] = replace(result, info=replace(result.info, value=v,
                                                          value_words=words(v)))
        if d.default is not None:
            v = value(d.default)
            info = replace(info, default=v, default_words=words(v))
        explained = rt.explain(info, results, closure)
        decided = [r for r, res in zip(d.rules, explained.rules) if res.decides]
        if not decided and d.default is None:  # `, if known`, and not known
            return explained
        expr = decided[0].value if decided else d.default
        assert expr is not None  # with neither, rt.explain raised the gap
        explained = rt.with_value(explained, explained.value, outcome_how(d.type))
        figure = next((f for f in self.program.figures if f.name == d.name), None)
        day = None if figure is None else value(figure.by)
        if figure is not None and isinstance(day, datetime.date) and decided:
            shown = figure_words(figure, day, d.type, False)
            return replace(explained, computation=computation_text(shown, shown,
                                                                   decided[0].citation))
        return replace(explained, computation=computation(
            expr, value, decided[0].citation if decided else None,
            {f.name: f for f in self.program.figures}))


def _static(english: English, e: c.Expr) -> object:
    """A rule's value as the rule tables hold it: written out, or the words that compute it."""
    return e.value if isinstance(e, c.Lit) else english.noun(e)


def _static_words(english: English, e: c.Expr) -> str:
    """A rule's value in words: an amount of money as a computation shows it (`$100`)."""
    if isinstance(e, c.Lit) and isinstance(e.type, c.MoneyT):
        assert isinstance(e.value, Decimal)
        return rt.money_words(e.value)
    return rt.words(_static(english, e))


def _part(interpreter: Interpreter, e: c.Expr) -> Any:
    return lambda case: interpreter.eval(e, case, {})



def explain(program: c.Program, decision: str, facts: Mapping[str, object]) -> rt.Explanation:
    return Explainer(program).explain(decision, facts)
