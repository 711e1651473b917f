"""The law in force, in a version's generated module: the check that refuses a case dated outside
the version's period.

Takes the module writer of `backends/to_python.py` (its `Writer`, the program and its
expression writer); gives the lines it calls for: `_check_in_force(case)`, which raises
`rt.NotInForce` naming the date, the period and the law, the keyword-only parameter
`ignore_in_force` of `decide()`, of each decision function and of each explanation, the guard
at the top of each, and the argument that a call from one decision to another passes (the case
was checked, or is to be decided regardless, by the caller). A law that names no `dated by`
date, or whose period is open at both ends, takes the parameter and checks nothing.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from compiler.backends.writer import Writer, doc_text
from compiler.core import ast as c
from compiler.core.ast import ROOT
from compiler.core.timeline import Version, fact_path, version_of


class _Module(Protocol):
    p: c.Program
    w: Writer

    def expr(self, e: c.Expr, top: bool = False) -> str: ...

    def record_class(self, record: str) -> str: ...


def _version(m: _Module) -> Version | None:
    v = version_of(m.p)
    return v if v.checked else None


def parameter(m: _Module) -> str:
    """The keyword-only parameter of a public function (`, *, ignore_in_force: bool = False`):
    every module takes it, so that a caller comparing versions passes it to each; a law with no
    period to check ignores it."""
    return ", *, ignore_in_force: bool = False"


def passed(m: _Module) -> str:
    """What a call to a decision function passes when its caller has settled the question
    (nothing for a law that checks no period)."""
    return ", ignore_in_force=True" if _version(m) else ""


def guard(m: _Module) -> None:
    """`if not ignore_in_force and <the date is outside the period>: _check_in_force(case)`,
    at the top of a public function: a case in the period pays for one or two comparisons
    with the module's constants, not for a call."""
    v = _version(m)
    if v is None or v.dated_by is None:  # a checked version has its date: for the type checker
        return
    day = m.expr(v.dated_by, top=True)
    if v.start is not None and v.end is not None:  # the date read once
        test = f"not (_IN_FORCE_FROM <= {day} <= _IN_FORCE_TO)"
    else:
        test = f"{day} < _IN_FORCE_FROM" if v.start is not None else f"{day} > _IN_FORCE_TO"
    m.w.line(f"if not ignore_in_force and {test}:")
    m.w.line("    _check_in_force(case)")


def _literal(day: datetime.date | None) -> str:
    return "None" if day is None else f"datetime.date({day.year}, {day.month}, {day.day})"


def checker(m: _Module) -> None:
    """`_check_in_force(case)`: rt.NotInForce unless the case is dated in the version's
    period."""
    v = _version(m)
    if v is None or v.dated_by is None:
        return
    w = m.w
    if v.start is not None:
        w.line(f"_IN_FORCE_FROM: Final = {_literal(v.start)}")
    if v.end is not None:
        w.line(f"_IN_FORCE_TO: Final = {_literal(v.end)}")
    w.blank(2)
    w.line(f"def _check_in_force(case: {m.record_class(ROOT)}) -> None:")
    with w.indented():
        w.line(f'"""rt.NotInForce unless {doc_text(v.dated_by_words or "the date")} is '
               f"{doc_text(v.period)}.")
        w.line()
        w.line(f"The period of {doc_text(v.title)}: a case dated outside it is decided by "
               "another")
        w.line("version (or by none); `ignore_in_force=True` decides it under this one.")
        w.line('"""')
        w.line(f"rt.check_in_force({m.expr(v.dated_by, top=True)},")
        with w.indented():
            w.line(f"{'_IN_FORCE_FROM' if v.start is not None else 'None'}, "
                   f"{'_IN_FORCE_TO' if v.end is not None else 'None'},")
            w.line(f"{v.title!r}, {fact_path(v.dated_by)!r})")
    w.blank(2)
