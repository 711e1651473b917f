"""The Python backend: core IR → one importable module per law.

Takes a `Program`; gives the text of `generated/<path>.py`: the vocabulary the law reads as enums
and frozen dataclasses, one plain function per decision (straight Python, no tracing), one
function per definition, `decide(facts)` for JSON-like input with checks that name the bad field,
`STATUTE` metadata and `SCHEMA` (the JSON Schema of the facts and the result,
`backends/schema.py`). Each record dataclass has `from_dict` (through `decide()`'s readers) and
`to_dict`; `__all__` lists the public names. The module imports only the standard library and
the package's `_runtime` (emitted at the package's top, imported relatively, so the package may
have any name). Output is deterministic: the same program gives the same bytes.

The module writer `_Module` is one class in parts, one module each, sharing its namer, its
constants and the values it hoists: `to_python_expr.py` (names of the vocabulary, expressions;
the base of the others), `to_python_decisions.py` (definitions and decisions),
`to_python_readers.py` (`decide()` and the fact readers), `to_python_explain.py` (the
explanations), `invariants.py` (values computed once per call) and `schema.py` (`SCHEMA`). This
module writes the rest: the module's docstring and imports, `STATUTE`, `__all__`, enums, record
classes with their type checks and `from_dict`/`to_dict`, sets of codes, the constants.
"""

from __future__ import annotations

from compiler import __version__
from compiler.backends import outcome_records
from compiler.backends.schema import statute_schema
from compiler.backends.type_checks import value_checks
from compiler.backends.to_python_decisions import Decisions
from compiler.backends.to_python_explain import Explanations
from compiler.backends.to_python_readers import Readers
from compiler.backends.writer import Namer, Writer, comment_text, doc_text
from compiler.core import ast as c
from compiler.core import names
from compiler.core.assumptions import applicable
from compiler.core.ast import ROOT
from compiler.core.english import English
from compiler.core.facts import read_fields, used_definitions

RUNTIME_MODULE = "generated._runtime"


def runtime_import(path: str) -> str:
    """The line importing the runtime into the module of the statute at `path`: relative, one
    dot per level up to the package's top (`nyc/local_law_58_2014` → `from .. import ...`)."""
    return f"from {'.' * (path.count('/') + 1)} import _runtime as rt"


class _Module(Decisions, Readers, Explanations):
    """The writer of one module: its parts share the namer, the constants and the hoisted values."""

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
        if any(len(f.entries) > 3 for f in p.figures):
            w.line("from bisect import bisect_right")
        w.line("from collections.abc import Mapping")
        w.line("from dataclasses import dataclass")
        w.line("from decimal import Decimal")
        w.line("from enum import Enum")
        w.line("from typing import Any, Final" + (", NamedTuple" if p.outcome_records else ""))
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
        if self.p.outcome_records:
            outcome_records.constructor(self)
        for outcome in self.p.outcome_records.values():
            outcome_records.write(self, outcome)
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
            if "reads" in p.header:  # the laws it reads, inlined below (driver/reads.py)
                w.line(f'"reads": {[n.strip() for n in p.header["reads"].split(",")]!r},')
            w.line(f'"source": {"statutes/" + p.path + ".law"!r},')
            w.line(f'"source_sha256": {p.source_hash!r},')
            w.line(f'"compiler": {"lawc " + __version__!r},')
            w.line('"decisions": {')
            with w.indented():
                for name, decision in p.decisions.items():
                    values = (list(self.p.enums[decision.type.name].values)
                              if isinstance(decision.type, c.EnumT) else [True, False]
                              if isinstance(decision.type, c.BoolT) else [])
                    w.line(f"{names.key(name)!r}: {{\"name\": {name!r}, \"function\": "
                           f"{self.names.snake('decision', name)!r}, \"values\": {values!r}, "
                           f"\"question\": {decision.question!r}}},")
            w.line("},")
            if p.outcome_records:
                w.line('"records": {')
                with w.indented():
                    for name, record in p.outcome_records.items():
                        fields = [names.key(f) for f in record.fields]
                        w.line(f"{names.key(name)!r}: {{\"name\": {name!r}, \"function\": "
                               f"{self.names.snake('decision', name)!r}, \"fields\": "
                               f"{fields!r}, \"question\": {record.question!r}}},")
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
                known = " | None" if fields[name].optional else ""  # `, if known`
                w.line(f"{self.field_name(record, name)}: {self.type_hint(t)}{known}{unit}")
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
                if fields[name].optional:  # `, if known`: None where the case has no value
                    test = f"{value} is not None and {test}"
                w.line(f"if {test}:")
                with w.indented():
                    w.line(f"rt.wrong_type(self, {attribute!r}, {expected})")
                for check, refusal in value_checks(t, value, attribute):  # bounds, finite
                    if fields[name].optional:
                        check = f"{value} is not None and ({check})"
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
        public += outcome_records.public(self)
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
                    out = _to_json(fields[name].type, value)
                    if fields[name].optional and out != value:
                        out = f"None if {value} is None else {out}"
                    w.line(f"{names.key(name)!r}: {out},")
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

    def constants_block(self) -> None:
        if not self.constants:
            return
        w = self.w
        w.blank(2)
        w.line("# Values the functions above compare with, built once when the module is "
               "imported.")
        for text, name in self.constants.items():
            w.line(f"{name}: Final = {text}")


def _to_json(t: c.Type, value: str) -> str:
    """Python turning the field `value` of type `t` into its JSON-like form."""
    match t:
        case c.EnumT():
            return f"{value}.value"
        case c.DateTimeT():
            return f"{value}.isoformat(timespec='minutes')"
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


def to_python(program: c.Program) -> str:
    """The generated module's text."""
    return _Module(program).render()
