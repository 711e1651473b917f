"""Derived codes for the solver: `the section of X` and `X starts with "…"` over codes encoded
as the index of a known code (`compiler.analysis.space`).

Takes the programs a `FactSpace` is built over and the codes it knows; gives the codes to add
so that every derived code is a known one (`samples`: for each named code a subdivision of it,
`160.10` → `160.10(1)`, and a code after each prefix, `160.` → `160.0`; `sections`: the section
of every known code), and the terms of the two operations over an index (`term`): a prefix
match is the disjunction of the indices of the known codes with that prefix, a section the
index of the known code that is its section (the "other code" index, a code the laws do not
name, stays itself: its section is no named code either, since every named code's subdivision
is a known code of its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import z3

from compiler.core import ast as c
from compiler.runtime import code_section


def operations(programs: Iterable[c.Program]) -> list[c.CodeOp]:
    """Every derived code the programs' definitions, decisions and assumptions compute."""
    out: list[c.CodeOp] = []
    for program in programs:
        exprs: list[c.Expr] = [d.body for d in program.definitions.values() if d.body is not None]
        for decision in program.decisions.values():
            exprs.extend(c.decision_exprs(decision))
        exprs.extend(a.condition for a in program.assumptions)
        out.extend(node for e in exprs for node in c.walk(e) if isinstance(node, c.CodeOp))
    return out


def samples(ops: Sequence[c.CodeOp], named: set[str]) -> set[str]:
    """Codes that make each derived code take its values: a subdivision of each named code
    (when a section is taken) and a code after each prefix."""
    out: set[str] = set()
    if any(op.kind is c.CodeOpKind.SECTION for op in ops):
        out.update(f"{code}(1)" for code in named if "(" not in code)
    out.update(op.prefix + "0" for op in ops if op.kind is c.CodeOpKind.STARTS_WITH)
    return out


def sections(ops: Sequence[c.CodeOp], codes: set[str]) -> set[str]:
    """The section of every code, when some law takes one."""
    if not any(op.kind is c.CodeOpKind.SECTION for op in ops):
        return set()
    return {code_section(code) for code in codes}


def term(op: c.CodeOp, index: Any, codes: Sequence[str], code_index: dict[str, int],
         ctx: z3.Context) -> Any:
    """The derived code (an index) or the prefix match (a formula) of the code `index`."""
    if op.kind is c.CodeOpKind.STARTS_WITH:
        hits = [i for i, code in enumerate(codes) if code.startswith(op.prefix)]
        return z3.Or(*[index == i for i in hits]) if hits else z3.BoolVal(False, ctx)
    out = index
    for i, code in enumerate(codes):
        section = code_section(code)
        if section != code:
            out = z3.If(index == i, z3.IntVal(code_index[section], ctx), out)
    return out
