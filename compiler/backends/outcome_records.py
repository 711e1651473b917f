"""Records of outputs in the generated module: `decision the penalty range: a record of the
minimum penalty and the maximum penalty`.

Takes the module writer (`to_python._Module`, as its `Decisions` part) and the law's
`c.OutcomeRecord`s; writes, per record, a `typing.NamedTuple` with one typed field per output
and a public function that gives it: one chain of the outputs' common conditions where they
test the same ones (`joint`: a case's tests made once), else each output from its own decision
function; and the lines of `decide()` that add the record, an object of its outputs' JSON
values, to what it gives.
"""

from __future__ import annotations

from compiler.backends import in_force, in_place
from compiler.backends.exclusive import exclusive
from compiler.backends.to_python_decisions import Decisions, figure_tables
from compiler.backends.to_python_expr import Expressions, length_hint
from compiler.backends.writer import comment_text, doc_text
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT, walk
from compiler.core.semantics import is_simple


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


def constructor(m: Expressions) -> None:
    """`_new_tuple`, which makes a record from its values at C speed."""
    m.w.line("# a record of outputs made from a tuple of its values, without the NamedTuple's "
             "Python-level __new__")
    m.w.line("_new_tuple: Final = tuple.__new__")
    m.w.blank(2)


def write(m: Decisions, record: c.OutcomeRecord) -> None:
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
        if joint(m, decisions):
            w.line("Its outputs' rules test the same conditions, so the first rule that applies "
                   "gives every")
            w.line("output: " + ", ".join(f"{m.names.snake('decision', d.name)}()"
                                          for d in decisions) + " decide the same.")
            w.line('"""')
            in_force.guard(m)
            m.with_invariants([r.condition for r in decisions[0].rules],
                              lambda: _joint_body(m, cls, decisions))
        else:
            w.line("Each output as its own decision gives it: "
                   + ", ".join(f"{m.names.snake('decision', d.name)}()" for d in decisions)
                   + ".")
            w.line('"""')
            w.line(f"return _new_tuple({cls}, (")
            with w.indented():
                for d in decisions:
                    w.line(f"{m.names.snake('decision', d.name)}(case, "
                           "ignore_in_force=ignore_in_force),")
            w.line("))")
    w.blank(2)


def joint(m: Decisions, decisions: list[c.Decision]) -> bool:
    """Whether the outputs can be decided by one chain: each has rules that the first that
    applies decides (one value, or rules no case makes apply together), none is a dated figure,
    and all test the same conditions in the same order (the tiers of a penalty, each giving a
    minimum and a maximum)."""
    first = decisions[0]
    return bool(first.rules) and all(
        in_place.figure_named(m, d.name) is None and len(d.rules) == len(first.rules)
        and all(_shape(r.condition) == _shape(f.condition) for r, f in zip(d.rules, first.rules))
        and (is_simple(d) or exclusive(m, d)) for d in decisions)


def _shape(e: c.Expr) -> str:
    """A condition up to the names of its variables (two rules' `any loan of the borrower
    such that …` are the same test, each with a variable numbered its own way)."""
    text = repr(e)
    variables = dict.fromkeys(n.name for n in walk(e) if isinstance(n, c.Var))
    for number, name in enumerate(variables):
        text = text.replace(repr(name), f"'#{number}'")
    return text


def _joint_body(m: Decisions, cls: str, decisions: list[c.Decision]) -> None:
    """The chain of the first output's conditions (`Decisions.chain_rules`), each rule
    returning every output's value for it; where none applies, each output's default, or the
    gap of the first without one (as the outputs' own functions, called in order, would raise
    it)."""
    first = decisions[0]
    hoisted = m.hoist_decisions(first.rules[0].condition)

    def returned(number: int, comment: str) -> None:
        _returned(m, cls, [d.rules[number].value for d in decisions], comment)

    if not m.chain_rules(first.rules, returned):
        gap = next((d for d in decisions if d.default is None), None)
        if gap is not None:
            m.w.line(f"raise rt.LawGap({gap.name!r})")
        else:
            _returned(m, cls, [d.default for d in decisions if d.default is not None], "")
    for text in hoisted:
        del m.hoisted[text]


def _returned(m: Decisions, cls: str, values: list[c.Expr], comment: str) -> None:
    """`return` the record of `values`, made with `tuple.__new__` (a NamedTuple's own
    constructor is a Python function, three times slower); the dated figures they read that
    are tables looked up by the same day (a penalty's minimum and maximum of one tier) share
    the day and the index, computed once into locals just before."""
    w = m.w
    shared: dict[str, str] = {}  # a figure's call → its value, looked up at a shared index
    days_read: dict[str, str] = {}  # the text of a day → its local
    index_of: dict[tuple[str, str], str] = {}  # (day local, days constant) → the index local
    for v in values:
        for node in walk(v):
            figure = None if not isinstance(node, c.DecisionRef) else \
                in_place.table_figure(m, node.name)
            if figure is None:
                continue
            call = f"{m.names.snake('decision', figure.name)}(case{in_force.passed(m)})"
            if call in shared:  # the key `Expressions` looks a figure's call up by
                continue
            day_text = m.expr(figure.by, top=True)
            if day_text not in days_read:
                days_read[day_text] = f"__day_{len(days_read) + 1}" if days_read else "__day"
                placed = in_place.placed(m, figure.by)
                w.line(f"{days_read[day_text]} = {placed or day_text}"
                       + (f"  # {comment_text(_named(figure.by))}, in place" if placed else ""))
            days, table = figure_tables(m, figure)
            key = (days_read[day_text], days)
            if key not in index_of:
                index_of[key] = "__index" + (f"_{len(index_of) + 1}" if index_of else "")
                w.line(f"{index_of[key]} = bisect_right({days}, {key[0]})")
            shared[call] = f"{table}[{index_of[key]}]"
    m.hoisted.update(shared)
    made = ", ".join(m.result(v) for v in values)
    w.line(f"return _new_tuple({cls}, ({made})){comment}")
    for call in shared:
        del m.hoisted[call]


def _named(e: c.Expr) -> str:
    return f"the {e.name}" if isinstance(e, c.DecisionRef) else "the day"


def decided(m: Expressions) -> None:
    """In `decide()`, after the decisions' values (`decided`): each record's, an object of its
    outputs' values under their keys."""
    for record in m.p.outcome_records.values():
        parts = ", ".join(f"{names.key(f)!r}: decided[{names.key(f)!r}]" for f in record.fields)
        m.w.line(f"decided[{names.key(record.name)!r}] = {{{parts}}}")
