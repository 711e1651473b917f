"""The fact readers of the Python backend: `decide(facts)` and what reads its facts.

Takes the records the law reads (from `backends/to_python.py`'s module writer, of which
`Readers` is a part); gives, for each record, `_read_<record>` (the facts checked inline by
their type, the fast path: anything not as it should be raises one of `rt.UNREAD`) and
`_parse_<record>` (the same facts read again through the runtime's `get_*` checks, which
name the field that is missing or wrong); `_check_assumptions` for the law's `assume …`; and
`decide(facts)`, every decision for JSON-like facts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import assert_never

from compiler.backends import in_force, outcome_records
from compiler.backends.to_python_expr import Expressions
from compiler.core import ast as c
from compiler.core import names
from compiler.core.assumptions import broken_message, fact_paths
from compiler.core.ast import ROOT


class Readers(Expressions):
    """The part of the module writer that writes `decide()` and the readers of the facts."""

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
            for name, d in self.p.decisions.items():
                if d.optional:  # `, if known`: decided once, null where no rule gives it
                    fn = self.names.snake("decision", name)
                    w.line(f"__{fn} = {fn}(case{in_force.passed(self)})")
            records = bool(self.p.outcome_records)
            w.line("decided: dict[str, object] = {" if records else "return {")
            with w.indented():
                for name, d in self.p.decisions.items():
                    fn = self.names.snake("decision", name)
                    out = f"__{fn}" if d.optional else f"{fn}(case{in_force.passed(self)})"
                    if isinstance(d.type, c.EnumT):
                        out += "._value_"  # the member's value, without Enum's descriptor
                    elif isinstance(d.type, (c.DecimalT, c.MoneyT)):
                        out = f"str({out})"  # money and decimals as strings of digits
                    elif isinstance(d.type, c.DateTimeT):
                        out += ".isoformat(timespec='minutes')"
                    elif isinstance(d.type, c.DateT):
                        out += ".isoformat()"
                    elif isinstance(d.type, c.DurationT):  # ISO 8601: "P10Y", "PT48H"
                        out = f"rt.length_json({out}, {d.type.kind.value!r})"
                    if d.optional:
                        out = f"None if __{fn} is None else {out}"
                    w.line(f"{names.key(name)!r}: {out},")
            w.line("}")
            if records:
                outcome_records.decided(self)
                w.line("return decided")
        w.blank(2)

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
        fill = self.unchecked_class(record, read)
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
                optional = fields[name].optional  # `, if known`: left out, or null
                w.line(f"{local} = value{'.get' if optional else ''}"
                       f"{'(' if optional else '['}{names.key(name)!r}{')' if optional else ']'}")
                check, argument = self.fast_read(t, local)
                if optional:
                    check = check and f"({local} is not None and ({check}))"
                    if argument != local:
                        argument = f"None if {local} is None else {argument}"
                if check:
                    checks.append(check)
                arguments.append(f"{self.field_name(record, name)} = {argument}")
            if checks:
                w.line(f"if {' or '.join(checks)}:")
                with w.indented():
                    w.line("raise TypeError(value)")
            # every fact is checked: the record is filled without its __post_init__ checks
            w.line(f"record = {fill}()")
            for argument in arguments:
                w.line(f"record.{argument}")
            w.line(f"record.__class__ = {cls}  # type: ignore[assignment]")
            w.line("return record  # type: ignore[return-value]")
        w.blank(2)

    def unchecked_class(self, record: str, read: list[str]) -> str:
        """`_Unchecked<Record>`: a plain class of the record's slots, in the dataclass's order,
        which `_read_<record>` fills with facts it has checked and then makes a `<Record>` by
        assigning `__class__` (the layouts are the same): a frozen dataclass's `__init__` and
        `__post_init__` cost several times what the facts' own checks do."""
        w = self.w
        cls = self.record_class(record)
        fill = f"_Unchecked{cls}"
        fields = self._fields_of(record)
        attributes = [self.field_name(record, name) for name in read]
        w.line(f"class {fill}:")
        with w.indented():
            w.line(f'"""The slots of a {cls}, as _read_{names.key(record)}() fills them."""')
            w.blank()
            slots = ", ".join(map(repr, attributes)) + ("," if len(attributes) == 1 else "")
            w.line(f"__slots__ = ({slots})")
            for name, attribute in zip(read, attributes):
                known = " | None" if fields[name].optional else ""
                w.line(f"{attribute}: {self.type_hint(fields[name].type)}{known}")
        w.blank(2)
        return fill

    def fast_read(self, t: c.Type, local: str) -> tuple[str, str]:
        """For a fact in `local`: the test that it is not as it should be (or ""), and the
        value the record gets (an error in it is one of `rt.UNREAD` as well)."""
        match t:
            case c.BoolT():  # the two singletons, without a call to type()
                return f"{local} is not True and {local} is not False", local
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
                # of the ISO forms fromisoformat() reads, only YYYY-MM-DD has 10 characters
                # and a '-' at [7] (not YYYY-Www-D); its digits are ASCII ones, checked by it
                return (f"type({local}) is not str or len({local}) != 10 or {local}[7] != '-'",
                        f"datetime.date.fromisoformat({local})")
            case c.DateTimeT():
                return "", f"rt.read_datetime({local}, '')"
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
                        f"tuple(map(_read_{names.key(element)}, {local})) if {local} else ()")
            case c.SetT() | c.SpanT() | c.ErrorT():  # no fact has such a type
                raise AssertionError(t)
            case _:
                assert_never(t)

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
                    call = self.parse_call(t, k)
                    if fields[name].optional:  # `, if known`: left out, or null
                        call = f"None if facts.get({k!r}) is None else {call}"
                    w.line(f"{self.field_name(record, name)}={call},")
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
            case c.DateTimeT():
                return f"rt.get_datetime({args})"
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


def _dec(value: Decimal | None) -> str:
    return "None" if value is None else f"Decimal({str(value)!r})"
