"""Records of outputs in the generated module: `decision the penalty range: a record of the
minimum penalty and the maximum penalty`.

Takes the module writer (`to_python._Module`, as its `Expressions` part) and the law's `c.OutcomeRecord`s; writes, per
record, a `typing.NamedTuple` with one typed field per output and a public function that gives
it (each output from its own decision function), and the lines of `decide()` that add the
record, an object of its outputs' JSON values, to what it gives.
"""

from __future__ import annotations

from compiler.backends.to_python_expr import Expressions, length_hint
from compiler.backends.writer import doc_text
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT


def class_name(m: Expressions, record: c.OutcomeRecord) -> str:
    return m.names.camel("outcome record", record.name)


def function_name(m: Expressions, record: c.OutcomeRecord) -> str:
    return m.names.snake("decision", record.name)


def public(m: Expressions) -> list[str]:
    """The names `__all__` lists: each record's class and function."""
    out: list[str] = []
    for record in m.p.outcome_records.values():
        out += [class_name(m, record), function_name(m, record)]
    return out


def write(m: Expressions, record: c.OutcomeRecord) -> None:
    """The record's class and the function that gives it."""
    w = m.w
    cls = class_name(m, record)
    decisions = [m.p.decisions[f] for f in record.fields]
    outputs = " and ".join(f"the {f}" for f in record.fields)
    w.line(f"class {cls}(NamedTuple):")
    with w.indented():
        w.line(f'"""{doc_text(record.question or f"The {record.name}.")} A record of '
               f'{doc_text(outputs)}."""')
        w.blank()
        for d in decisions:
            w.line(f"{names.key(d.name)}: {length_hint(d.type) or m.type_hint(d.type)}")
    w.blank(2)
    w.line(f"def {function_name(m, record)}(case: {m.record_class(ROOT)}, *, "
           f"ignore_in_force: bool = False) -> {cls}:")
    with w.indented():
        w.line(f'"""{doc_text(record.question or f"The {record.name}.")}')
        w.blank()
        w.line("Each output as its own decision gives it: "
               + ", ".join(f"{m.names.snake('decision', d.name)}()" for d in decisions) + ".")
        w.line('"""')
        w.line(f"return {cls}(")
        with w.indented():
            for d in decisions:
                w.line(f"{m.names.snake('decision', d.name)}(case, "
                       "ignore_in_force=ignore_in_force),")
        w.line(")")
    w.blank(2)


def decided(m: Expressions) -> None:
    """In `decide()`, after the decisions' values (`decided`): each record's, an object of its
    outputs' values under their keys."""
    for record in m.p.outcome_records.values():
        parts = ", ".join(f"{names.key(f)!r}: decided[{names.key(f)!r}]" for f in record.fields)
        m.w.line(f"decided[{names.key(record.name)!r}] = {{{parts}}}")
