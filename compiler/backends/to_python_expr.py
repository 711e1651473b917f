"""The expression writer of the Python backend: core expressions → Python expressions.

Takes a core expression (with the program and the names the module writer chose); gives its
Python text: a field of the case, a call to a definition or a decision (or its in-order twin,
for explanations), a short definition of a list element written in place, a comparison, an
arithmetic with the runtime's calendar and decimal functions, a quantifier as a generator.
Constants (dates, decimals, enum members, sets of values) become module-level names built once.
`Expressions` is the base part of `backends/to_python.py`'s module writer: it holds the names
of the vocabulary (records, fields, enums) that every other part writes with, and the state
they all share, declared here and set by `to_python._Module.__init__`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import assert_never

from compiler.backends import in_force
from compiler.backends.invariants import Invariants, unknowable
from compiler.backends.writer import Namer
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import walk
from compiler.core.english import English

# an enum member longer than this is named by its first words (`MAY_BE_HELD_UP_TO_48`)
MEMBER_LENGTH = 24


class Expressions(Invariants):
    """The part of the module writer that names the vocabulary and writes expressions."""

    read: dict[str, set[str]]  # record → the fields the law's decisions read
    used_definitions: set[str]
    assumptions: tuple[c.Assumption, ...]
    used_records: list[str]
    used_enums: list[str]
    fields: dict[str, Namer]  # record (or "enum <name>") → the namer of its members
    constants: dict[str, str]  # Python text of a value → the constant holding it
    constant_names: set[str]
    subst: dict[str, str]  # a definition's subject → its argument, when inlined
    hoisting: set[str]  # definitions whose function computes values early
    twins: dict[str, str]  # … and of those that call them: their twins
    in_order: bool  # writing explanations: calls go to the twins
    english: English

    # ------------------------------------------------------------------ names of the vocabulary
    def _fields_of(self, record: str) -> dict[str, c.FieldDecl]:
        return self.p.fields_of(record)

    def field_name(self, record: str, name: str) -> str:
        namer = self.fields.get(record)
        if namer is None:
            namer = self.fields[record] = Namer({"amount", "from_dict", "to_dict"})
        return namer.snake("field", name)

    def figure_lookup(self, name: str) -> str | None:
        """A dated figure's value looked up in its tables where it is read (the `Decisions`
        part writes it); None: the figure's function is called."""
        return None

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
            case c.DateTimeT():
                return "datetime.datetime"
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

    # -------------------------------------------------------------------------- expressions
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
        if isinstance(v, datetime.datetime):
            return self.constant(f"moment_{v.isoformat(timespec='minutes')}",
                                 f"datetime.datetime({v.year}, {v.month}, {v.day}, {v.hour}, "
                                 f"{v.minute})")
        if isinstance(v, datetime.date):
            return self.constant(f"date_{v.isoformat()}",
                                 f"datetime.date({v.year}, {v.month}, {v.day})")
        if isinstance(v, int):
            return repr(v)
        return repr(v)

    def hoist_fields(self, e: c.Expr) -> dict[str, str]:
        """Facts of the case read inside a loop body, read once before the loop instead."""
        found: dict[str, str] = {}
        seen: set[str] = set()

        def visit(x: c.Expr) -> None:
            for node in walk(x):
                if isinstance(node, c.Field) and _rooted(node) and \
                        not unknowable(self.p, node) and \
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
        # One `match` over every kind of core expression, ending in assert_never; arithmetic and
        # quantifiers have methods of their own.
        match e:
            case c.Lit():
                return self.value(e)
            case c.Root():
                return "case"
            case c.Var():
                return self.var(e)
            case c.Field():
                return self.field(e)
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
            case c.DecisionRef():
                return self.decision_ref(e)
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
            case c.Arith():
                return self.arith(e)
            case c.Quant():
                return self.quant(e)
            case c.CodeOp(kind=c.CodeOpKind.SECTION, subject=subject):
                return f"rt.code_section({self._expr(subject)})"
            case c.CodeOp(subject=subject, prefix=prefix):
                return f"{self._expr(subject)}.startswith({prefix!r})"
            case c.Known():
                return self.known(e)
            case c.Aggregate():
                return self.aggregate(e)
            case _:
                assert_never(e)

    def field(self, e: c.Field) -> str:
        """A field of a record; one given `, if known` read through rt.known, which stops the
        case where it is not known (the resolver lets no unguarded read through)."""
        text = f"{self._expr(e.owner)}.{self.field_name(e.record, e.name)}"
        text = self.hoisted.get(text) or self.use_invariant(text) or text
        if self._fields_of(e.record)[e.name].optional:
            text = f"rt.known({text}, {e.name!r})"
        if isinstance(e.type, c.DurationT):
            _, factor = c.UNITS[e.type.unit]
            if factor != 1:
                return f"({text} * {factor})"
        return text

    def decision_ref(self, e: c.DecisionRef) -> str:
        """Another decision's value: its twin in a loop, its dated figure's table in place, or
        its function; one decided `, if known` read through rt.known."""
        name, t = e.name, e.type
        optional = self.p.decisions[name].optional
        if self.in_order and name in self.twins:
            text = f"{self.twins[name]}(case)"
            return length_amount(t, f"rt.known({text}, {name!r})" if optional else text)
        text = self.decision_call(name)
        if text not in self.hoisted and (lookup := self.figure_lookup(name)):
            return lookup  # a dated figure's table, looked up in place
        text = self.hoisted.get(text, text)
        return length_amount(t, f"rt.known({text}, {name!r})" if optional else text)

    def decision_call(self, name: str) -> str:
        """The call of a decision's function from another's."""
        return f"{self.names.snake('decision', name)}(case{in_force.passed(self)})"

    def known(self, e: c.Known) -> str:
        """`X is known`: the field or decision's raw value is not None."""
        s = e.subject
        if isinstance(s, c.Field):
            text = f"{self._expr(s.owner)}.{self.field_name(s.record, s.name)}"
            text = self.hoisted.get(text) or self.use_invariant(text) or text
        elif isinstance(s, c.DecisionRef) and self.in_order and s.name in self.twins:
            text = f"{self.twins[s.name]}(case)"
        elif isinstance(s, c.DecisionRef):
            text = self.decision_call(s.name)
            text = self.hoisted.get(text, text)
        else:  # resolution gives no other subject
            raise TypeError(f"`is known` of {type(s).__name__}")
        return f"({text} is not None)"

    def arith(self, e: c.Arith) -> str:
        """Arithmetic: the runtime's calendar and decimal functions where Python's would differ
        (months added, a division, a rounding); a moved date a loop compares with, computed once."""
        op, left, right, t = e.op, e.left, e.right, e.type
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
        if op is c.ArithOp.ADD_EXCLUDING:
            return self.counted_later(e, a, b)
        if isinstance(t, c.DateTimeT):
            assert isinstance(right.type, c.DurationT)
            sign = "" if op is c.ArithOp.ADD else "-"
            days = right.type.kind is c.DurationKind.DAYS
            return f"rt.add_minutes({a}, {sign}{b}{' * 1440' if days else ''})"
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

    def counted_later(self, e: c.Arith, a: str, b: str) -> str:
        """`A plus 48 hours excluding …`: the runtime's count over the law's calendar, whose
        holidays are a module constant."""
        days = e.excluding
        assert days is not None and isinstance(e.right.type, c.DurationT)
        calendar = days.calendar
        rules, observed = "()", "()"
        if calendar is not None:
            def day(d: datetime.date | None) -> str:
                return "None" if d is None else f"datetime.date({d.year}, {d.month}, {d.day})"
            text = ", ".join(f"({m}, {d}, {w}, {n}, {day(one)}, {day(start)}, {day(end)})"
                             for m, d, w, n, one, start, end in calendar.rules())
            rules = self.constant(f"{calendar.name}_rules", f"({text},)")
            observed = repr(calendar.observed)
        fn = "counted_minutes" if e.right.type.kind is c.DurationKind.MINUTES else "counted_days"
        return f"rt.{fn}({a}, {b}, {days.weekdays!r}, {rules}, {observed})"

    def quant(self, e: c.Quant) -> str:
        """`any`/`every`/`no`/the number of elements of a list (such that …), as a generator."""
        kind, collection, var, cond = e.kind, e.collection, e.var, e.condition
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

    def aggregate(self, e: c.Aggregate) -> str:
        """A total (`sum`, from 0) or the greatest or least (`rt.extreme`, which raises the
        interpreter's error for no element) of a list's measures, as a generator."""
        loop = self.aggregate_loop(e)
        if e.kind is c.AggKind.TOTAL:
            if isinstance(e.type, c.IntT):
                return f"sum({loop})"
            return f"sum(({loop}), {self.value(c.Lit(value=Decimal(0), type=e.type))})"
        greatest = e.kind is c.AggKind.GREATEST
        return f"rt.extreme(({loop}), {greatest}, {self.english.noun(e)!r})"

    def aggregate_loop(self, e: c.Aggregate) -> str:
        """`<measure> for <element> in <list> [if <condition>]`, the aggregate's generator."""
        items, v = self._expr(e.collection), self.var(e.var)
        self.loop_depth += 1
        try:
            measure = self.expr(e.measure, top=True)
            cond = None if e.condition is None else self.expr(e.condition, top=True)
        finally:
            self.loop_depth -= 1
        return f"{measure} for {v} in {items}" + ("" if cond is None else f" if {cond}")


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


_ROUNDING = {c.ArithOp.FLOOR: "floor", c.ArithOp.CEILING: "ceiling",
             c.ArithOp.HALF_UP: "half up", c.ArithOp.HALF_EVEN: "half even"}


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


def length_amount(t: c.Type, text: str) -> str:
    """A decision's value as the law's arithmetic takes it: a length of time (a timedelta or
    an `rt.Months`, `typed_length`) as its whole days, minutes or months; any other as is."""
    if not isinstance(t, c.DurationT):
        return text
    if t.kind is c.DurationKind.MONTHS:
        return f"{text}.months"
    return f"{text}.days" if t.kind is c.DurationKind.DAYS else f"rt.minutes_in({text})"


def typed_length(t: c.Type, text: str) -> str:
    """A length of time the law computed (whole days, minutes or months) as a decision
    returns it: `datetime.timedelta` for days and minutes, `rt.Months` for months."""
    if not isinstance(t, c.DurationT):
        return text
    if t.kind is c.DurationKind.MONTHS:
        return f"rt.Months({text})"
    return f"rt.length_{t.kind.value}({text})"


def length_hint(t: c.Type) -> str | None:
    """The Python type a decision of a length of time returns (`typed_length`), else None."""
    if not isinstance(t, c.DurationT):
        return None
    return "rt.Months" if t.kind is c.DurationKind.MONTHS else "datetime.timedelta"

