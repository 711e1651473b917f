"""The Python backend: core IR → one importable module per law.

Takes a `Program`; gives the text of `generated/<path>.py`: the vocabulary the law reads as enums
and frozen dataclasses, one plain function per decision (straight Python, no tracing), one
function per definition, `decide(facts)` for JSON-like input with checks that name the bad field,
`STATUTE` metadata and `SCHEMA` (the JSON Schema of the facts and the result,
`backends/schema.py`). Each record dataclass has `from_dict` (through `decide()`'s readers) and
`to_dict`; `__all__` lists the public names. The module imports only the standard library and
the package's `_runtime` (emitted at the package's top, imported relatively, so the package may
have any name). Output is deterministic: the same program gives the same bytes.

This module is over 1,100 lines, past the ~600 the codebase aims at: `_Module` is one writer
of one module whose parts (records and their checks, fact readers, decisions, explanations)
share its namer, its constants and the invariants it hoists; `backends/invariants.py` and
`backends/schema.py` are the parts already moved out, and the fact readers and the
explanation writer are the next to go.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import assert_never

from compiler import __version__
from compiler.backends import in_force
from compiler.backends.invariants import Invariants
from compiler.backends.schema import statute_schema
from compiler.backends.type_checks import value_checks
from compiler.backends.writer import Namer, Writer, comment_text, doc_text
from compiler.core import ast as c
from compiler.core import names
from compiler.core.english import English
from compiler.core.assumptions import applicable, broken_message, fact_paths
from compiler.core.facts import read_fields, used_definitions
from compiler.core.ast import ROOT, walk
from compiler.explain.plan import exception_targets, how_of, part_texts, provision_of, rule_plan
from compiler.core.semantics import exceptions_closure, is_simple

RUNTIME_MODULE = "generated._runtime"
# an enum member longer than this is named by its first words (`MAY_BE_HELD_UP_TO_48`)
MEMBER_LENGTH = 24


def runtime_import(path: str) -> str:
    """The line importing the runtime into the module of the statute at `path`: relative, one
    dot per level up to the package's top (`nyc/local_law_58_2014` → `from .. import ...`)."""
    return f"from {'.' * (path.count('/') + 1)} import _runtime as rt"


class _Module(Invariants):
    def __init__(self, program: c.Program) -> None:
        self.p = program
        self.w = Writer()
        self.names = Namer()
        self.read = read_fields(program)
        self.used_definitions = used_definitions(program)
        self.assumptions = applicable(program)
        self.used_records = self._used_records()
        self.used_enums = self._used_enums()
        # names, in a fixed order, so that the same law always gets the same identifiers
        for enum in self.used_enums:
            self.names.camel("enum", enum)
        for record in self.used_records:
            self.names.camel("record", record)
        for key, d in program.definitions.items():
            if d.kind is c.DefKind.SET:
                self.names.upper("set", key)
            else:
                self.names.snake("definition", key)
        for name in program.decisions:
            self.names.snake("decision", name)
        for name in program.decisions:
            self.names.snake("explain", "explain " + name)
        self.fields: dict[str, Namer] = {}
        self.constants: dict[str, str] = {}  # Python text of a value → the constant holding it
        self.constant_names: set[str] = set()
        self.subst: dict[str, str] = {}  # a definition's subject → its argument, when inlined
        self.hoisted: dict[str, str] = {}  # a fact read before a loop → the local holding it
        self.invariants: dict[str, str] = {}  # a value computed once per call → its local
        # → (line of the first use, uses, whether one is in a loop)
        self.invariant_uses: dict[str, tuple[int, int, bool]] = {}
        self.body_level = 0
        self.fallible: dict[str, bool] = {}  # definition key → whether it can raise
        self.local_names: set[str] = set()
        self.loop_depth = 0  # generator expressions being written around the current one
        self.guards: list[tuple[int, int]] = []  # `if` blocks of a rule's first conditions
        self.guard_count = 0
        self.pinned: set[str] = set()
        self.unsafe: set[str] = set()
        self.invariant_place: dict[str, tuple[tuple[int, ...], int]] = {}
        self.hoisting: set[str] = set()  # definitions whose function computes values early
        self.twins: dict[str, str] = {}  # … and of those that call them: their twins
        self.in_order = False  # writing explanations: calls go to the twins
        self.english = English(program)

    # ------------------------------------------------------------------------ what is used
    def _used_records(self) -> list[str]:
        """The case, and every record a read field holds (even one none of whose fields are
        read: `the number of claims of the person` still parses each claim)."""
        reached = {ROOT}
        stack = [ROOT]
        while stack:
            record = stack.pop()
            fields = self._fields_of(record)
            for name in self.read.get(record, ()):
                t = fields[name].type
                inner = t.name if isinstance(t, c.RecordT) else (
                    t.element if isinstance(t, c.ListT) else None)
                if inner is not None and inner not in reached:
                    reached.add(inner)
                    stack.append(inner)
        return [ROOT] + [r for r in self.p.records if r in reached or self.read.get(r)]

    def _used_enums(self) -> list[str]:
        out: list[str] = []
        for record in self.used_records:
            for name in sorted(self.read.get(record, ())):
                t = self._fields_of(record)[name].type
                if isinstance(t, c.EnumT) and t.name not in out:
                    out.append(t.name)
        for decision in self.p.decisions.values():
            if isinstance(decision.type, c.EnumT) and decision.type.name not in out:
                out.append(decision.type.name)
        for d in self.p.definitions.values():
            if isinstance(d.type, c.EnumT) and d.type.name not in out:
                out.append(d.type.name)
        return out

    def _fields_of(self, record: str) -> dict[str, c.FieldDecl]:
        return self.p.fields_of(record)

    def field_name(self, record: str, name: str) -> str:
        namer = self.fields.get(record)
        if namer is None:
            namer = self.fields[record] = Namer({"amount", "from_dict", "to_dict"})
        return namer.snake("field", name)

    def record_class(self, record: str) -> str:
        return self.names.camel("record", record)

    def enum_class(self, enum: str) -> str:
        return self.names.camel("enum", enum)

    def enum_member(self, enum: str, value: str) -> str:
        namer = self.fields.get("enum " + enum)
        if namer is None:
            namer = self.fields["enum " + enum] = Namer({"name", "value"})
        decl = self.p.enums[enum]
        code = dict(zip(decl.values, decl.codes)).get(value)
        return namer.upper("member", value, code or _member_base(value))

    # ---------------------------------------------------------------------------- the module
    def render(self) -> str:
        w = self.w
        p = self.p
        w.line('"""' + doc_text(p.title) + ".")
        w.line()
        w.line(f"Generated by lawc {__version__} from statutes/{doc_text(p.path)}.law; do not "
               "edit: change the")
        w.line("statute and run `lawc compile`.")
        for key in ("jurisdiction", "enacts", "amends", "in force from", "in force until"):
            if key in p.header:
                w.line(f"{key.capitalize()}: {doc_text(p.header[key])}.")
        if p.decisions:
            w.line()
            w.line("Decisions:")
            for name, decision in p.decisions.items():
                w.line(f"    {self.names.snake('decision', name)}(case) -> "
                       f"{self.type_hint(decision.type)}")
            for name in p.decisions:
                w.line(f"    {self.names.snake('explain', 'explain ' + name)}(facts or case) -> "
                       "rt.Explanation: why, by which provision")
            w.line("    decide(facts) -> dict, for JSON-like facts")
        w.line('"""')
        w.blank()
        w.line("# A law may test a case that an earlier condition already settled; mypy's strict")
        w.line("# equality would call that an error, so it is turned off for this module.")
        w.line('# mypy: disable-error-code="comparison-overlap"')
        w.blank()
        w.line("from __future__ import annotations")
        w.blank()
        w.line("import datetime")
        w.line("from collections.abc import Mapping")
        w.line("from dataclasses import dataclass")
        w.line("from decimal import Decimal")
        w.line("from enum import Enum")
        w.line("from typing import Any, Final")
        w.blank()
        w.line(runtime_import(p.path))
        w.blank()
        self.public_names()
        w.blank(2)
        self.statute()
        self.schema()
        for enum in self.used_enums:
            self.enum(enum)
        for record in reversed(self.used_records):
            self.record(record)
        for key, d in self.p.definitions.items():
            if d.kind is c.DefKind.SET and self._definition_used(key):
                self.set_constant(d)
        for key, d in self.p.definitions.items():
            if d.kind is not c.DefKind.SET and self._definition_used(key):
                self.definition(d)
        for decision in self.p.decisions.values():
            self.decision(decision)
        self.decide()
        if self.p.decisions:
            self.in_order_twins()
            self.explain_fields()
            self.in_order = True
            for i, decision in enumerate(self.p.decisions.values()):
                self.explain(i, decision)
            self.in_order = False
        self.constants_block()
        return w.text()

    def _definition_used(self, key: str) -> bool:
        """Whether a decision reads the definition (a vocabulary may define more)."""
        return key in self.used_definitions

    def statute(self) -> None:
        w = self.w
        p = self.p
        w.line("STATUTE: Final[dict[str, object]] = {")
        with w.indented():
            w.line(f'"title": {p.title!r},')
            w.line(f'"kind": {p.kind.value!r},')
            for key in ("jurisdiction", "enacts", "amends", "citation", "summary"):
                if key in p.header:
                    w.line(f'"{key}": {p.header[key]!r},')
            for key in ("in force from", "in force until", "dated by"):
                if key in p.header:
                    w.line(f'"{names.key(key)}": {p.header[key]!r},')
            w.line(f'"uses": {list(p.uses)!r},')
            w.line(f'"source": {"statutes/" + p.path + ".law"!r},')
            w.line(f'"source_sha256": {p.source_hash!r},')
            w.line(f'"compiler": {"lawc " + __version__!r},')
            w.line('"decisions": {')
            with w.indented():
                for name, decision in p.decisions.items():
                    values = (list(self.p.enums[decision.type.name].values)
                              if isinstance(decision.type, c.EnumT) else [True, False])
                    w.line(f"{names.key(name)!r}: {{\"name\": {name!r}, \"function\": "
                           f"{self.names.snake('decision', name)!r}, \"values\": {values!r}, "
                           f"\"question\": {decision.question!r}}},")
            w.line("},")
            w.line('"provisions": [')
            with w.indented():
                for provision in p.provisions:
                    w.line(f"{provision.citation!r},")
            w.line("],")
        w.line("}")
        w.blank(2)

    def enum(self, enum: str) -> None:
        w = self.w
        decl = self.p.enums[enum]
        w.line(f"class {self.enum_class(enum)}(Enum):")
        with w.indented():
            w.line(f'"""The values of "{doc_text(enum)}", as the law writes them."""')
            w.blank()
            for value in decl.values:
                w.line(f"{self.enum_member(enum, value)} = {value!r}")
        w.blank(2)

    def type_hint(self, t: c.Type) -> str:
        match t:
            case c.BoolT():
                return "bool"
            case c.IntT() | c.DurationT():
                return "int"
            case c.DecimalT() | c.MoneyT():
                return "Decimal"
            case c.DateT():
                return "datetime.date"
            case c.CodeT():
                return "str"
            case c.EnumT(name=name):
                return self.enum_class(name)
            case c.RecordT(name=name):
                return self.record_class(name)
            case c.ListT(element=element):
                return f"tuple[{self.record_class(element)}, ...]"
            case c.SetT() | c.SpanT() | c.ErrorT():  # no fact has such a type
                raise AssertionError(t)
            case _:
                assert_never(t)

    def record(self, record: str) -> None:
        w = self.w
        fields = self._fields_of(record)
        read = sorted(self.read.get(record, ()), key=list(fields).index)
        w.line("@dataclass(frozen=True, slots=True)")
        w.line(f"class {self.record_class(record)}:")
        with w.indented():
            what = "The facts of a case" if record == ROOT else f'A {doc_text(record)}'
            w.line(f'"""{what}, as far as this law reads them."""')
            w.blank()
            for name in read:
                t = fields[name].type
                unit = f"  # in {t.unit}" if isinstance(t, c.DurationT) else ""
                w.line(f"{self.field_name(record, name)}: {self.type_hint(t)}{unit}")
            if read:
                self.type_checks(record, read)
            self.dict_methods(record, read)
        w.blank(2)

    def type_checks(self, record: str, read: list[str]) -> None:
        """`__post_init__`: a value of the wrong type is a TypeError naming the field (a bool
        is not a whole number, a value of another module's enum is not this module's)."""
        w = self.w
        fields = self._fields_of(record)
        w.blank()
        w.line("def __post_init__(self) -> None:")
        with w.indented():
            for name in read:
                t = fields[name].type
                attribute = self.field_name(record, name)
                value = f"self.{attribute}"
                if isinstance(t, c.ListT):
                    element = self.record_class(t.element)
                    # the types of the items, compared as a set (no generator per record)
                    test = (f"type({value}) is not tuple or not {{{element}}}.issuperset("
                            f"map(type, {value}))")
                    expected = repr(f"a tuple of {element}")
                else:
                    expected = self.type_hint(t)
                    test = f"type({value}) is not {expected}"
                w.line(f"if {test}:")
                with w.indented():
                    w.line(f"rt.wrong_type(self, {attribute!r}, {expected})")
                for check, refusal in value_checks(t, value, attribute):  # bounds, finite
                    w.line(f"if {check}:")
                    with w.indented():
                        w.line(refusal)

    # ------------------------------------------------------- the application's interface
    def public_names(self) -> None:
        """`__all__`: what a program may import (constants, classes and functions of the law,
        not the standard library's names nor the module's own helpers)."""
        public = ["STATUTE", "SCHEMA"]
        public += [self.enum_class(e) for e in self.used_enums]
        public += [self.record_class(r) for r in self.used_records]
        for key, d in self.p.definitions.items():
            if self._definition_used(key):
                public.append(self.names.upper("set", key) if d.kind is c.DefKind.SET
                              else self.names.snake("definition", key))
        public += [self.names.snake("decision", name) for name in self.p.decisions]
        public.append("decide")
        public += [self.names.snake("explain", "explain " + name) for name in self.p.decisions]
        self.w.line("__all__ = [")
        with self.w.indented():
            for name in public:
                self.w.line(f"{name!r},")
        self.w.line("]")

    def schema(self) -> None:
        """`SCHEMA`: the JSON Schema of the facts `decide()` takes and of what it gives."""
        w = self.w
        lines = _literal(statute_schema(self.p)).splitlines()
        w.line(f"SCHEMA: Final[dict[str, object]] = {lines[0]}")
        for line in lines[1:]:
            w.line(line)
        w.blank(2)

    def dict_methods(self, record: str, read: list[str]) -> None:
        """`from_dict(facts)`, read as `decide()` reads them (the same errors, naming the
        field), and `to_dict()`, the JSON-like facts `from_dict` reads back."""
        w = self.w
        cls = self.record_class(record)
        fields = self._fields_of(record)
        w.blank()
        w.line("@classmethod")
        w.line(f"def from_dict(cls, facts: Mapping[str, object]) -> {cls}:")
        with w.indented():
            w.line(f'"""A {cls} from JSON-like facts, read and checked as decide() reads them."""')
            w.line(f'return _parse_{names.key(record)}(facts, "")')
        w.blank()
        w.line("def to_dict(self) -> dict[str, object]:")
        with w.indented():
            w.line('"""The JSON-like facts from_dict() reads back (dates as ISO text, decimals as '
                   'text)."""')
            if not read:
                w.line("return {}")
                return
            w.line("return {")
            with w.indented():
                for name in read:
                    value = f"self.{self.field_name(record, name)}"
                    w.line(f"{names.key(name)!r}: {_to_json(fields[name].type, value)},")
            w.line("}")

    def set_constant(self, d: c.Definition) -> None:
        w = self.w
        where = f"  # {comment_text(d.citation)}" if d.citation else ""
        w.line(f"{self.names.upper('set', d.key)}: Final[frozenset[str]] = frozenset({{{where}")
        with w.indented():
            for member in sorted(d.members):
                w.line(f"{member!r},")
        w.line("})")
        w.blank(2)

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
        referred |= {n.name for key in self.used_definitions
                     for n in walk(self.p.definitions[key].body or c.Lit(value=True, type=c.BoolT()))
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
            assert d.subject is not None
            params.append(f"{self.var(d.parameter)}: {self.record_class(d.subject)}")
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

    def var(self, v: c.Var) -> str:
        return self.subst.get(v.name, f"_{v.name}")

    def constant(self, base: str, text: str) -> str:
        """A module-level constant for `text` (built once, not on every call)."""
        if text not in self.constants:
            name = "_" + re.sub(r"[^0-9A-Za-z]+", "_", base).strip("_").upper()
            candidate, n = name, 2
            while candidate in self.constant_names:
                candidate = f"{name}_{n}"
                n += 1
            self.constant_names.add(candidate)
            self.constants[text] = candidate
        return self.constants[text]

    def constants_block(self) -> None:
        if not self.constants:
            return
        w = self.w
        w.blank(2)
        w.line("# Values the functions above compare with, built once when the module is "
               "imported.")
        for text, name in self.constants.items():
            w.line(f"{name}: Final = {text}")

    # ---------------------------------------------------------------------------- decisions
    def decision(self, d: c.Decision, twin: bool = False) -> None:
        w = self.w
        fn = self.names.snake("decision", d.name)
        result = self.type_hint(d.type)
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
        if True:
            if is_simple(d):  # one value, no exceptions: the first rule that applies decides
                for rule in d.rules:
                    w.line(f"# {comment_text(rule.citation)}")
                    self.first_that_applies(rule.condition, self.result(rule.value))
                if d.default is not None:
                    w.line(f"return {self.result(d.default)}")
                else:
                    w.line(f"raise rt.LawGap({d.name!r})")
                return
            closure = exceptions_closure(d)
            order = _first_decides_order(d, closure)
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
                w.line(f"raise rt.LawGap({d.name!r})")

    def computed_body(self, d: c.Decision, decides: list[str]) -> None:
        """The end of a decision that computes its value: each deciding rule's value is
        computed, the values must agree (`rt.agree`), and with none the default decides."""
        w = self.w
        w.line(f"__found: list[tuple[str, {self.type_hint(d.type)}]] = []")
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
            w.line(f"raise rt.LawGap({d.name!r})")

    def result(self, e: c.Expr) -> str:
        """Python for a rule's value: a constant when written out, else the computation."""
        return self.value(e) if isinstance(e, c.Lit) else self.expr(e, top=True)

    def raw_value(self, e: c.Expr) -> bool | str:
        return _raw(e.value) if isinstance(e, c.Lit) else self.english.noun(e)

    def words_value(self, e: c.Expr) -> str:
        return _words(e.value) if isinstance(e, c.Lit) else self.english.noun(e)

    def value_text(self, e: c.Expr) -> str:
        """A rule's value in the words of a docstring."""
        if isinstance(e, c.Lit):
            return str(_show(e.value))
        return self.english.noun(e)

    # -------------------------------------------------------------------------- explanations
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
        w.line(f"{info}_DECISION: Final = ({self.p.title!r}, {d.name!r}, {d.question!r}, "
               f"{default!r}, {default_words!r})")
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
                    w.line(f"), {exception_targets(d, rule)!r},")
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
            w.line(f"__decision = rt.decision_info({info}_DECISION, {values})")
            w.line(f"__rules = rt.rule_infos({info}_RULES, {values})")
            w.line("__log = rt.FactLog(_FIELDS)")
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
                how = "money" if isinstance(d.type, c.MoneyT) else how_of(d.type)
                w.line(f"return rt.with_value(rt.explain(__decision, __results, {info}_CLOSURE), "
                       f"{self.names.snake('decision', d.name)}(case{in_force.passed(self)}), "
                       f"{how!r})")
            else:
                w.line(f"return rt.explain(__decision, __results, {info}_CLOSURE)")

    # -------------------------------------------------------------------------- expressions
    def value(self, lit: c.Lit) -> str:
        v = lit.value
        t = lit.type
        if isinstance(t, c.EnumT):
            assert isinstance(v, str)
            cls, member = self.enum_class(t.name), self.enum_member(t.name, v)
            camel = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", cls)
            return self.constant(f"{camel}_{member}", f"{cls}.{member}")
        if isinstance(v, bool):
            return "True" if v else "False"
        if isinstance(v, c.Duration):
            return str(v.amount)
        if isinstance(v, Decimal):
            return self.constant(f"decimal_{v}", f"Decimal({str(v)!r})")
        if isinstance(v, datetime.date):
            return self.constant(f"date_{v.isoformat()}",
                                 f"datetime.date({v.year}, {v.month}, {v.day})")
        if isinstance(v, int):
            return repr(v)
        return repr(v)

    def ordered_decision_body(self, d: c.Decision, order: list[c.Rule]) -> None:
        """A decision whose rules cannot conflict (of any two rules with different values, one
        is an exception to the other), written as a chain: each rule after the exceptions to
        it, and the first that applies decides, so the rules after it are not evaluated. A
        rule whose condition can raise is evaluated first, in the law's order, as the reference
        interpreter evaluates every rule: the same error, or none, either way."""
        w = self.w
        fallible = {rule.index for rule in d.rules if self.can_fail(rule.condition)}
        for rule in d.rules:
            if rule.index in fallible:
                w.line(f"# {comment_text(rule.citation)}")
                w.line(f"_r{rule.index} = {self.expr(rule.condition, top=True)}")
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
            w.line(f"raise rt.LawGap({d.name!r})")

    def first_that_applies(self, condition: c.Expr, result: str) -> None:
        """`if A or B or any x …: return R`, written as the loops a programmer would write:
        the same order of evaluation, without building a generator per call."""
        w = self.w
        parts = condition.operands if isinstance(condition, c.Or) else (condition,)
        for part in parts:
            if isinstance(part, c.And) and self.guarded(part, result):
                continue
            if isinstance(part, c.Quant) and part.kind is c.QuantKind.ANY and \
                    part.condition is not None:
                hoisted = {} if self.invariants else self.hoist_fields(part.condition)
                for text, local in hoisted.items():
                    w.line(f"{local} = {text}")
                self.hoisted.update(hoisted)
                try:
                    w.line(f"for {self.var(part.var)} in {self._expr(part.collection)}:")
                    with w.indented():
                        w.line(f"if {self.expr(part.condition, top=True)}:")
                        with w.indented():
                            w.line(f"return {result}")
                finally:
                    for text in hoisted:
                        del self.hoisted[text]
            else:
                w.line(f"if {self.expr(part, top=True)}:")
                with w.indented():
                    w.line(f"return {result}")

    def guarded(self, part: c.And, result: str) -> bool:
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

    def hoist_fields(self, e: c.Expr) -> dict[str, str]:
        """Facts of the case read inside a loop body, read once before the loop instead."""
        found: dict[str, str] = {}
        seen: set[str] = set()

        def visit(x: c.Expr) -> None:
            for node in walk(x):
                if isinstance(node, c.Field) and _rooted(node) and \
                        not isinstance(node.type, (c.RecordT, c.ListT)):
                    text = self._expr(node)
                    if text not in found:
                        found[text] = f"_{names.key(node.name)}_{len(self.hoisted) + len(found)}"
                elif isinstance(node, c.DefRef) and node.key not in seen:
                    seen.add(node.key)
                    body = self.p.definitions[node.key].body
                    if body is not None:
                        visit(body)

        visit(e)
        return found

    def inline(self, d: c.Definition, argument: c.Expr) -> str | None:
        """A short definition of a list element written in place (no call per element)."""
        if not isinstance(argument, c.Var) or d.parameter is None or d.body is None:
            return None
        self.subst[d.parameter.name] = self.var(argument)
        uses = dict(self.invariant_uses)
        try:
            text = self._expr(d.body)
        finally:
            del self.subst[d.parameter.name]
        if len(text) > 400:
            self.invariant_uses = uses  # not written: what it would have used is not needed
            return None
        return text

    def expr(self, e: c.Expr, top: bool = False) -> str:
        """Python for an expression; at the top of a line, without the parentheses around it."""
        text = self._expr(e)
        if top and text.startswith("(") and _balanced_outer(text):
            return text[1:-1]
        return text

    def _expr(self, e: c.Expr) -> str:
        # One `match` over every kind of core expression (about 85 lines), ending in assert_never.
        match e:
            case c.Lit():
                return self.value(e)
            case c.Root():
                return "case"
            case c.Var():
                return self.var(e)
            case c.Field(owner=owner, record=record, name=name, type=t):
                text = f"{self._expr(owner)}.{self.field_name(record, name)}"
                text = self.hoisted.get(text) or self.use_invariant(text) or text
                if isinstance(t, c.DurationT):
                    _, factor = c.UNITS[t.unit]
                    if factor != 1:
                        return f"({text} * {factor})"
                return text
            case c.DefRef(key=key, argument=argument):
                d = self.p.definitions[key]
                if d.kind is c.DefKind.SET:
                    return self.names.upper("set", key)
                fn = self.names.snake("definition", key)
                if self.in_order and key in self.twins:
                    fn = self.twins[key]
                if argument is None:
                    return self.use_invariant(f"{fn}(case)") or f"{fn}(case)"
                inline = self.inline(d, argument)
                if inline is not None:
                    return inline
                return f"{fn}({self._expr(argument)}, case)"
            case c.DecisionRef(name=name):
                if self.in_order and name in self.twins:
                    return f"{self.twins[name]}(case)"
                return f"{self.names.snake('decision', name)}(case{in_force.passed(self)})"
            case c.Not(operand=c.Cmp(op=op, left=left, right=right)) if op in _NEGATED:
                return self._expr(c.Cmp(op=_NEGATED[op], left=left, right=right))
            case c.Not(operand=operand):
                return f"(not {self._expr(operand)})"
            case c.And(operands=operands):
                return "(" + " and ".join(self._expr(o) for o in operands) + ")"
            case c.Or(operands=operands):
                return "(" + " or ".join(self._expr(o) for o in operands) + ")"
            case c.Cmp(op=op, left=left, right=right):
                if isinstance(left.type, c.EnumT) and op in (c.CmpOp.EQ, c.CmpOp.NE):
                    word = "is" if op is c.CmpOp.EQ else "is not"  # members are singletons
                    return f"({self._expr(left)} {word} {self._expr(right)})"
                return f"({self._expr(left)} {op.value} {self._expr(right)})"
            case c.InSet(subject=subject, members=members, set_name=set_name):
                if set_name is not None:
                    return f"({self._expr(subject)} in {self.names.upper('set', set_name)})"
                t = subject.type
                shown = ", ".join(self.value(c.Lit(value=m, type=t)) for m in members)
                if len(members) == 1:
                    return f"({self._expr(subject)} == {shown})"
                base = (re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", self.enum_class(t.name))
                        + "_values") if isinstance(t, c.EnumT) else "codes"
                values = self.constant(base, f"frozenset({{{shown}}})")
                return f"({self._expr(subject)} in {values})"
            case c.Arith(op=op, left=left, right=right, type=t):
                if self.invariants and isinstance(t, c.DateT):
                    saved = self.hoisted, self.invariants
                    self.hoisted, self.invariants = {}, {}
                    try:
                        text = self._expr(e)  # the key: the date as computed from the case
                    finally:
                        self.hoisted, self.invariants = saved
                    local = self.use_invariant(text)
                    if local is not None:
                        return local
                a, b = self._expr(left), self._expr(right)
                if op in (c.ArithOp.MAX, c.ArithOp.MIN):
                    return f"{op.value}({a}, {b})"
                if op in _ROUNDING:
                    rounded = f"rt.round_to({a}, {b}, {_ROUNDING[op]!r})"
                    return f"int({rounded})" if isinstance(t, c.IntT) else rounded
                if isinstance(t, c.DateT):
                    assert isinstance(right.type, c.DurationT)
                    sign = "" if op is c.ArithOp.ADD else "-"
                    fn = "add_months" if right.type.kind is c.DurationKind.MONTHS else "add_days"
                    return f"rt.{fn}({a}, {sign}{b})"
                if op is c.ArithOp.DIV:
                    return f"rt.divide({a}, {b})"
                if isinstance(t, (c.DecimalT, c.MoneyT)) and isinstance(left.type, c.IntT) \
                        and isinstance(right.type, c.IntT):
                    return f"Decimal({a} {op.value} {b})"
                return f"({a} {op.value} {b})"
            case c.Quant(kind=kind, collection=collection, var=var, condition=cond):
                items = self._expr(collection)
                v = self.var(var)
                if cond is None:
                    if kind is c.QuantKind.COUNT:
                        return f"len({items})"
                    if kind is c.QuantKind.EVERY:
                        return "True"
                    return f"(len({items}) > 0)" if kind is c.QuantKind.ANY else \
                        f"(len({items}) == 0)"
                self.loop_depth += 1
                try:
                    body = self.expr(cond, top=True)
                finally:
                    self.loop_depth -= 1
                if kind is c.QuantKind.COUNT:
                    return f"sum(1 for {v} in {items} if {body})"
                if kind is c.QuantKind.ANY:
                    return f"any({body} for {v} in {items})"
                if kind is c.QuantKind.EVERY:
                    return f"all({body} for {v} in {items})"
                return f"(not any({body} for {v} in {items}))"
            case _:
                assert_never(e)

    # ------------------------------------------------------------------------------ decide()
    def decide(self) -> None:
        w = self.w
        for record in self.used_records:
            self.reader(record)
        for record in self.used_records:
            self.parser(record)
        self.check_assumptions()
        in_force.checker(self)
        w.line(f"def decide(facts: Mapping[str, object]{in_force.parameter(self)}) -> "
               "dict[str, object]:")
        with w.indented():
            w.line('"""Every decision of this law for the facts of one case, in JSON-like form.')
            w.line()
            w.line("Keys are the facts' names in snake_case; records are objects, lists are "
                   "arrays, dates are")
            w.line("ISO strings and values of a list of values are written as in the law. "
                   "Raises")
            w.line("rt.FactsError naming the field that is missing or wrong.")
            w.line('"""')
            root = names.key(ROOT)
            w.line("try:")
            with w.indented():
                w.line(f"case = _read_{root}(facts)")
            w.line("except rt.UNREAD:  # not as it should be: read again, naming what is wrong")
            with w.indented():
                w.line(f'case = _parse_{root}(facts, "")')
            in_force.guard(self)
            if self.assumptions:
                w.line("_check_assumptions(case)")
            w.line("return {")
            with w.indented():
                for name, d in self.p.decisions.items():
                    fn = self.names.snake("decision", name)
                    out = f"{fn}(case{in_force.passed(self)})"
                    if isinstance(d.type, c.EnumT):
                        out += ".value"
                    elif isinstance(d.type, (c.DecimalT, c.MoneyT)):
                        out = f"str({out})"  # money and decimals as strings of digits
                    elif isinstance(d.type, c.DateT):
                        out += ".isoformat()"
                    w.line(f"{names.key(name)!r}: {out},")
            w.line("}")

    def check_assumptions(self) -> None:
        """`_check_assumptions(case)`, which `decide()` calls: rt.FactsError naming the facts
        of the first assumption about facts (`assume …`) the case breaks."""
        if not self.assumptions:
            return
        w = self.w
        w.line(f"def _check_assumptions(case: {self.record_class(ROOT)}) -> None:")
        with w.indented():
            w.line('"""What every real case meets, as the law and its vocabularies assume."""')
            for a in self.assumptions:
                w.line(f"if not ({self.expr(a.condition)}):")
                with w.indented():
                    w.line(f"raise rt.FactsError({', '.join(fact_paths(self.p, a))!r},")
                    w.line(f"                    {broken_message(a)!r})")
        w.blank(2)

    def reader(self, record: str) -> None:
        """`_read_<record>(value)`: the record from facts that are as they should be, each
        fact checked inline by its type; anything else raises one of `rt.UNREAD`, and
        `_parse_<record>` reads the facts again to say which one is wrong and where."""
        w = self.w
        fields = self._fields_of(record)
        read = sorted(self.read.get(record, ()), key=list(fields).index)
        cls = self.record_class(record)
        known = sorted(names.key(n) for n in fields)
        keys = self.constant(f"{names.key(record)}_keys",
                             "frozenset({" + ", ".join(map(repr, known)) + "})")
        w.line(f"def _read_{names.key(record)}(value: Any) -> {cls}:")
        with w.indented():
            w.line(f"if type(value) is not dict or not {keys}.issuperset(value):")
            with w.indented():
                w.line("raise TypeError(value)")
            checks: list[str] = []
            arguments: list[str] = []
            for name in read:
                t = fields[name].type
                local = self.field_name(record, name)
                w.line(f"{local} = value[{names.key(name)!r}]")
                check, argument = self.fast_read(t, local)
                if check:
                    checks.append(check)
                arguments.append(f"{local}={argument},")
            if checks:
                w.line(f"if {' or '.join(checks)}:")
                with w.indented():
                    w.line("raise TypeError(value)")
            w.line(f"return {cls}(")
            with w.indented():
                for argument in arguments:
                    w.line(argument)
            w.line(")")
        w.blank(2)

    def fast_read(self, t: c.Type, local: str) -> tuple[str, str]:
        """For a fact in `local`: the test that it is not as it should be (or ""), and the
        value the record gets (an error in it is one of `rt.UNREAD` as well)."""
        match t:
            case c.BoolT():
                return f"type({local}) is not bool", local
            case c.IntT(low=low, high=high) | c.DurationT(low=low, high=high):
                lo = "-rt.LIMIT" if low is None else repr(low)
                hi = "rt.LIMIT" if high is None else repr(high)
                op_lo = "<" if low is None else "<="
                op_hi = "<" if high is None else "<="
                return (f"type({local}) is not int or not {lo} {op_lo} {local} {op_hi} {hi}",
                        local)
            case c.DecimalT(low=low, high=high):
                return "", (f"rt.read_decimal({local}, '', {_dec(low)}, {_dec(high)}, "
                            "'a decimal number', False)")
            case c.MoneyT(low=low, high=high):
                return "", (f"rt.read_decimal({local}, '', {_dec(low)}, {_dec(high)}, "
                            "'money', True)")
            case c.DateT():
                return (f"type({local}) is not str or len({local}) != 10 or "
                        f"not {local}.isascii() or {local}[4] != '-' or {local}[7] != '-'",
                        f"datetime.date.fromisoformat({local})")
            case c.CodeT(forms=forms) if forms:
                return (f"type({local}) is not str or len({local}) > rt.MAX_TEXT or "
                        f"rt.code_regex({forms!r}).fullmatch({local}) is None", local)
            case c.CodeT():
                return f"type({local}) is not str or len({local}) > rt.MAX_TEXT", local
            case c.EnumT(name=name):
                cls = self.enum_class(name)
                camel = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", cls)
                table = self.constant(f"{camel}_by_value",
                                      f"{{member.value: member for member in {cls}}}")
                return "", f"{table}[{local}]"
            case c.RecordT(name=name):
                return "", f"_read_{names.key(name)}({local})"
            case c.ListT(element=element):
                return (f"type({local}) is not list or len({local}) > rt.MAX_ITEMS",
                        f"tuple([_read_{names.key(element)}(item) for item in {local}])")
        raise AssertionError(t)

    def parser(self, record: str) -> None:
        w = self.w
        fields = self._fields_of(record)
        read = sorted(self.read.get(record, ()), key=list(fields).index)
        cls = self.record_class(record)
        w.line(f"def _parse_{names.key(record)}(value: object, path: str) -> {cls}:")
        with w.indented():
            known = sorted(names.key(n) for n in fields)
            keys = self.constant(f"{names.key(record)}_keys",
                                 "frozenset({" + ", ".join(map(repr, known)) + "})")
            w.line(f"facts = rt.record(value, path, {record!r}, {keys})")
            w.line(f"return {cls}(")
            with w.indented():
                for name in read:
                    t = fields[name].type
                    k = names.key(name)
                    w.line(f"{self.field_name(record, name)}="
                           f"{self.parse_call(t, k)},")
            w.line(")")
        w.blank(2)

    def parse_call(self, t: c.Type, k: str) -> str:
        args = f"facts, {k!r}, path"
        match t:
            case c.BoolT():
                return f"rt.get_bool({args})"
            case c.IntT(low=low, high=high):
                return f"rt.get_int({args}, {low!r}, {high!r}, 'a whole number')"
            case c.DurationT(low=low, high=high, unit=unit):
                return f"rt.get_int({args}, {low!r}, {high!r}, {'a number of ' + unit!r})"
            case c.DecimalT(low=low, high=high):
                return (f"rt.get_decimal({args}, {_dec(low)}, {_dec(high)}, "
                        "'a decimal number', False)")
            case c.MoneyT(low=low, high=high):
                return f"rt.get_decimal({args}, {_dec(low)}, {_dec(high)}, 'money', True)"
            case c.DateT():
                return f"rt.get_date({args})"
            case c.CodeT(forms=forms) if forms:
                return f"rt.get_code({args}, {forms!r})"
            case c.CodeT():
                return f"rt.get_code({args})"
            case c.EnumT(name=name):
                return f"rt.get_enum({args}, {self.enum_class(name)})"
            case c.RecordT(name=name):
                return f"rt.get_record({args}, _parse_{names.key(name)})"
            case c.ListT(element=element):
                return f"rt.get_list({args}, _parse_{names.key(element)}, {element!r})"
            case c.SetT() | c.SpanT() | c.ErrorT():  # no fact has such a type
                raise AssertionError(t)
            case _:
                assert_never(t)


def _loop_free(e: c.Expr) -> bool:
    """Whether `e` reads facts only (no loop, definition or decision: cheap to test first)."""
    return not any(isinstance(node, (c.Quant, c.DefRef, c.DecisionRef)) for node in walk(e))


def _first_decides_order(d: c.Decision, closure: list[list[int]]) -> list[c.Rule] | None:
    """The rules with every exception to a rule before it, when no two rules can conflict
    (of two rules with different values, one is an exception to the other, so at most one
    value decides); None otherwise. An exception's own exceptions are fewer than those of the
    rule it overrides (the closure is transitive and has no cycle), hence the order."""
    for a in d.rules:
        for b in d.rules:
            if c.value_key(a.value) != c.value_key(b.value) and b.index not in closure[a.index] and \
                    a.index not in closure[b.index]:
                return None
    return sorted(d.rules, key=lambda r: (len(closure[r.index]), r.index))


def _to_json(t: c.Type, value: str) -> str:
    """Python turning the field `value` of type `t` into its JSON-like form."""
    match t:
        case c.EnumT():
            return f"{value}.value"
        case c.DateT():
            return f"{value}.isoformat()"
        case c.DecimalT() | c.MoneyT():
            return f"format({value}, 'f')"
        case c.RecordT():
            return f"{value}.to_dict()"
        case c.ListT():
            return f"[item.to_dict() for item in {value}]"
    return value


def _literal(value: object, indent: str = "") -> str:
    """A JSON-like value as a Python literal, an item of a dict or a long list per line."""
    inner = indent + "    "
    if isinstance(value, dict) and value:
        items = [f"{inner}{k!r}: {_literal(v, inner)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and len(repr(value)) > 80:
        items = [f"{inner}{_literal(v, inner)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{indent}]"
    return repr(value)


def _member_base(value: str) -> str:
    """An enum member's name: the value in upper snake case, or, when that is longer than
    `MEMBER_LENGTH`, its first words (`Namer.unique` numbers any that then coincide)."""
    full = names.key(value).upper()
    if len(full) <= MEMBER_LENGTH:
        return full
    words = [w for w in full.split("_") if w]
    short = words[0]
    for word in words[1:]:
        if len(short) + 1 + len(word) > MEMBER_LENGTH:
            break
        short += "_" + word
    return short


def _rooted(e: c.Expr) -> bool:
    """Whether a field is read from the case itself (not from a list element)."""
    while isinstance(e, c.Field):
        e = e.owner
    return isinstance(e, c.Root)


_NEGATED = {c.CmpOp.EQ: c.CmpOp.NE, c.CmpOp.NE: c.CmpOp.EQ, c.CmpOp.LT: c.CmpOp.GE,
            c.CmpOp.GE: c.CmpOp.LT, c.CmpOp.GT: c.CmpOp.LE, c.CmpOp.LE: c.CmpOp.GT}


def _dec(value: Decimal | None) -> str:
    return "None" if value is None else f"Decimal({str(value)!r})"


_ROUNDING = {c.ArithOp.FLOOR: "floor", c.ArithOp.CEILING: "ceiling",
             c.ArithOp.HALF_UP: "half up", c.ArithOp.HALF_EVEN: "half even"}


def _show(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _raw(value: object) -> bool | str:
    """A decision's value as a literal: yes/no as a bool, a value of a list as its words."""
    return value if isinstance(value, bool) else str(value)


def _words(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_SPECIAL = re.compile(r"""[()'"\\]""")


def _balanced_outer(text: str) -> bool:
    """Whether the first "(" of `text` closes at its last character."""
    depth = 0
    quote: str | None = None
    skip_to = -1  # the character after a backslash in a string
    last = len(text) - 1
    for match in _SPECIAL.finditer(text):
        i = match.start()
        if i < skip_to:
            continue
        ch = text[i]
        if quote:
            if ch == "\\":
                skip_to = i + 2
            elif ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != last:
                return False
    return True


def _definition_words(d: c.Definition) -> str:
    if d.kind is c.DefKind.PREDICATE:
        return f"whether a {d.subject} is {d.name}"
    if d.kind is c.DefKind.ATTRIBUTE:
        return f"a {d.subject}'s {d.name}"
    return f"the {d.name}"


def to_python(program: c.Program) -> str:
    """The generated module's text."""
    return _Module(program).render()
