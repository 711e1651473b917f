"""Rule plans: each rule's condition split into the conditions an explanation reports.

Takes core rules and types; gives, for a rule, its kind (`always`, `one`, `all`, `any`, `none`)
and its top-level conditions, each said in English when it holds and when it does not; and, for
a fact's type, how its value is written (`how_of`: yes/no, enum, code, date, number, money,
`unit:years`, `list:conviction`, record). The Python backend emits the same plans into generated
modules that `compiler.explain.build` uses with the interpreter, so both explain alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core import ast as c
from compiler.core.english import English


@dataclass(frozen=True)
class RulePlan:
    kind: str
    parts: tuple[c.Expr, ...]


def rule_plan(rule: c.Rule) -> RulePlan:
    """`all of the following` → all; `any of` → any; `none of` → none; a single condition."""
    cond = rule.condition
    match cond:
        case c.Lit(value=True):
            return RulePlan("always", ())
        case c.And(operands=operands) if len(operands) > 1:
            return RulePlan("all", operands)
        case c.Or(operands=operands) if len(operands) > 1:
            return RulePlan("any", operands)
        case c.Not(operand=c.Or(operands=operands)) if len(operands) > 1:
            return RulePlan("none", operands)
    return RulePlan("one", (cond,))


def part_texts(english: English, kind: str, part: c.Expr) -> tuple[str, str]:
    """The condition said when it holds and when it does not (in a `none` list, a part that
    holds is what keeps the rule from applying, so it is said positively either way)."""
    return english.sentence(part), english.sentence(part, negated=True)


def outcome_how(t: c.Type) -> str:
    """How a decision's value is written: a length of time in the law's words (`5 years`,
    `runtime.length_words`), any other as a fact of its type (`how_of`)."""
    if isinstance(t, c.DurationT):
        return f"length:{t.kind.value}"
    return how_of(t)


def how_of(t: c.Type) -> str:
    """How a fact of this type is written in an explanation (see `runtime.words`)."""
    match t:
        case c.BoolT():
            return "yes/no"
        case c.EnumT():
            return "enum"
        case c.CodeT():
            return "code"
        case c.DateT() | c.DateTimeT():
            return "date"
        case c.MoneyT():
            return "money"
        case c.DurationT(unit=unit):
            return f"unit:{unit}"
        case c.ListT(element=element):
            return f"list:{element}"
        case c.RecordT():
            return "record"
    return "number"


_PROVISIONS: dict[int, tuple[c.Program, dict[str, c.Provision]]] = {}


def provision_of(program: c.Program, citation: str) -> c.Provision | None:
    """The provision cited so (looked up in a table made once per program)."""
    entry = _PROVISIONS.get(id(program))
    if entry is None or entry[0] is not program:
        if len(_PROVISIONS) >= 64:
            _PROVISIONS.clear()
        table: dict[str, c.Provision] = {}
        for provision in program.provisions:
            table.setdefault(provision.citation, provision)
        entry = (program, table)
        _PROVISIONS[id(program)] = entry
    return entry[1].get(citation)


def exception_targets(decision: c.Decision, rule: c.Rule) -> tuple[str, ...]:
    """The citations of the rules this one is an exception to, each once."""
    return tuple(dict.fromkeys(decision.rules[i].citation for i in rule.overrides))
