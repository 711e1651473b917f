"""English: core IR conditions → plain sentences a defender or a jail officer can read.

Takes core expressions; gives short English phrases in the law's own words ("the person has an
outstanding criminal warrant", "a conviction's judgment date is on or after 2009-06-02"), and
their negations said positively where English allows ("the person has no outstanding criminal
warrant"). One renderer serves explanations, counterfactuals and the version diff, so a condition
reads the same wherever lawc shows it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from compiler.core import ast as c
from compiler.core import names
from compiler.runtime_explain import words


def value_words(value: object, t: c.Type | None = None) -> str:
    """A value as the law writes it: yes/no, 2012-02-20, $1,000.00, 10 years, felony, "120.05"
    (the runtime's one wording of values, told by `t` whether it is money or a code)."""
    if isinstance(value, c.Duration):
        return str(value)
    how = "money" if isinstance(t, c.MoneyT) else "code" if isinstance(t, c.CodeT) else ""
    return words(value, how)


_BINDING = {c.ArithOp.ADD: 1, c.ArithOp.SUB: 1, c.ArithOp.MUL: 2, c.ArithOp.DIV: 2}
_NOT_ASSOCIATIVE = (c.ArithOp.SUB, c.ArithOp.DIV)


def percent_words(value: Decimal) -> str:
    """A decimal written as a percentage, as the law writes it: 0.015 is `1.5%`."""
    return f"{format((value * 100).normalize(), 'f')}%"


def rounding_words(op: c.ArithOp, unit: c.Expr, t: c.Type) -> str:
    """`rounded down to the whole dollar`, `rounded to the nearest cent, half even`."""
    cent = isinstance(unit, c.Lit) and unit.value == Decimal("0.01")
    name = "cent" if cent else ("dollar" if isinstance(t, c.MoneyT) else "number")
    if op is c.ArithOp.FLOOR:
        return f"rounded down to the whole {name}"
    if op is c.ArithOp.CEILING:
        return f"rounded up to the whole {name}"
    half = "half even" if op is c.ArithOp.HALF_EVEN else "half up"
    return f"rounded to the nearest {name}, {half}"


class English:
    """Renders expressions of one program (definitions are named, not expanded)."""

    def __init__(self, program: c.Program) -> None:
        self.program = program

    # ----------------------------------------------------------------------------- nouns
    def noun(self, e: c.Expr) -> str:
        """A reference as a noun phrase: `the person's date of birth`, `the conviction`."""
        match e:
            case c.Root():
                return "the case"
            case c.Var(type=c.RecordT(name=name)):
                return f"the {name}"
            case c.Var():
                return "it"
            case c.Field(owner=c.Root(), name=name):
                return f"the {name}"
            case c.Field(owner=owner, name=name):
                return f"{self.noun(owner)}'s {name}"
            case c.DefRef(key=key, argument=argument):
                d = self.program.definitions[key]
                if d.kind is c.DefKind.ATTRIBUTE and argument is not None:
                    return f"{self.noun(argument)}'s {d.name}"
                if d.kind is c.DefKind.VALUE and argument is not None:
                    head = d.name[:d.name.rindex(" for ") + len(" for")]
                    return f"the {head} {self.noun(argument)}"
                return f"the {d.name}"
            case c.DecisionRef(name=name):
                return f"the {name}"
            case c.CodeOp(kind=c.CodeOpKind.SECTION, subject=subject):
                return f"the section of {self.noun(subject)}"
            case c.Lit(value=Decimal() as v, percent=True):
                return percent_words(v)
            case c.Lit(value=v, type=t):
                return value_words(v, t)
            case c.Arith(op=c.ArithOp.MAX | c.ArithOp.MIN as op, left=left, right=right):
                moments = isinstance(left.type, c.DateT | c.DateTimeT)
                word = ("later" if op is c.ArithOp.MAX else "earlier") if moments else (
                    "greater" if op is c.ArithOp.MAX else "lesser")
                return f"the {word} of {self.noun(left)} and {self.noun(right)}"
            case c.Arith(op=op, left=left, right=right) if op in c.ROUNDINGS:
                return f"{self.noun(left)}, {rounding_words(op, right, left.type)}"
            case c.Arith(op=c.ArithOp.ADD_EXCLUDING, left=left, right=right, excluding=days):
                assert days is not None
                return f"{self.noun(left)} plus {self.noun(right)} excluding {days.words}"
            case c.Arith(op=op, left=left, right=right):
                word = {c.ArithOp.ADD: "plus", c.ArithOp.SUB: "minus", c.ArithOp.MUL: "times",
                        c.ArithOp.DIV: "divided by"}[op]
                return f"{self._operand(left, op, False)} {word} {self._operand(right, op, True)}"
            case c.Quant(kind=c.QuantKind.COUNT, collection=collection, var=var,
                         condition=cond):
                if cond is None:
                    return f"the number of {self.noun(collection)}"
                relative = self.relative(cond, var)
                if relative is not None:
                    relative = re.sub(r"\bthat is\b", "that are", relative)
                    relative = re.sub(r"\bthat has\b", "that have", relative)
                    return f"the number of {self.noun(collection)} {relative}"
                return f"the number of {self.noun(collection)} such that {self.sentence(cond)}"
            case c.Aggregate():
                return self.aggregate(e)
        return self.sentence(e)

    def aggregate(self, e: c.Aggregate) -> str:
        """`the total of the amounts of the person's incomes whose kind is wages`: as written,
        with a condition on the element as a relative clause where it reads as one."""
        if e.condition is None or " such that " not in e.words:
            return e.words
        relative = self.relative(e.condition, e.var)
        head = e.words[:e.words.index(" such that ")]
        return f"{head} {relative}" if relative is not None else e.words

    def _operand(self, e: c.Expr, op: c.ArithOp, right: bool) -> str:
        """An operand of `op`, in parentheses as the law writes them where the words would
        otherwise read another way: `$4,500 times (the household size minus 1)`."""
        words = self.noun(e)
        if not isinstance(e, c.Arith) or e.op not in _BINDING:
            return words
        looser = _BINDING[e.op] < _BINDING[op]
        same_on_right = right and _BINDING[e.op] == _BINDING[op] and op in _NOT_ASSOCIATIVE
        return f"({words})" if looser or same_on_right else words

    # ------------------------------------------------------------------------- sentences
    def sentence(self, e: c.Expr, negated: bool = False) -> str:
        """A condition as a clause; `negated` says it is false, in positive words if possible."""
        match e:
            case c.Lit(value=v):
                truth = bool(v) != negated
                return "always" if truth else "never"
            case c.Not(operand=operand):
                return self.sentence(operand, not negated)
            case c.And(operands=operands) | c.Or(operands=operands):
                is_and = isinstance(e, c.And) != negated  # De Morgan
                parts = [self.nested(o, negated, is_and) for o in operands]
                if len(parts) == 1:
                    return parts[0]
                joiner = "and" if is_and else "or"
                if len(parts) == 2:
                    return f"{parts[0]} {joiner} {parts[1]}"
                return ", ".join(parts[:-1]) + f", {joiner} {parts[-1]}"
            case c.Field(owner=owner, name=name, type=c.BoolT()):
                if isinstance(owner, c.Root):
                    return f"there is {'no' if negated else 'a'} {name}"
                return f"{self.noun(owner)} has {'no' if negated else _article(name)} {name}"
            case c.DefRef(key=key, argument=argument, type=c.BoolT()):
                d = self.program.definitions[key]
                if d.kind is c.DefKind.PREDICATE and argument is not None:
                    return f"{self.noun(argument)} is {'not ' if negated else ''}{_phrase(d)}"
                head = d.name.split()[0]
                plural = head.endswith("s") and not head.endswith("ss")
                verb = ("do not hold" if plural else "does not hold") if negated else (
                    "hold" if plural else "holds")
                return f"{self.noun(e)} {verb}"
            case c.DecisionRef(name=name, type=c.BoolT()):
                return f"the {name} is {'no' if negated else 'yes'}"
            case c.Cmp(op=op, left=left, right=right):
                return self.comparison(op, left, right, negated)
            case c.Known(subject=subject):
                return f"{self.noun(subject)} is {'not ' if negated else ''}known"
            case c.CodeOp(kind=c.CodeOpKind.STARTS_WITH, subject=subject, prefix=prefix):
                verb = "does not start" if negated else "starts"
                return f'{self.noun(subject)} {verb} with "{prefix}"'
            case c.InSet(subject=subject, members=members, set_name=set_name):
                what = (f"the {self.program.definitions[set_name].name}" if set_name
                        else ", ".join(value_words(m, subject.type) for m in members))
                if not set_name and len(members) == 1:
                    return f"{self.noun(subject)} is {'not ' if negated else ''}{what}"
                return f"{self.noun(subject)} is {'not ' if negated else ''}one of {what}"
            case c.Quant(kind=kind, collection=collection, var=var, condition=cond):
                element = var.type.name if isinstance(var.type, c.RecordT) else "item"
                owner_words = self.noun(collection)
                if cond is None:
                    if kind is c.QuantKind.EVERY:
                        return "never" if negated else "always"
                    has = (kind is c.QuantKind.ANY) != negated
                    return (f"there is at least one {element} in {owner_words}" if has
                            else f"there is no {element} in {owner_words}")
                relative = self.relative(cond, var)
                if relative is not None and isinstance(collection, c.Field):
                    holder = collection.owner
                    haves = ("there is" if isinstance(holder, c.Root)
                             else f"{self.noun(holder)} has")
                    a = _article(element)
                    if kind is c.QuantKind.ANY:
                        return (f"{haves} no {element} {relative}" if negated
                                else f"{haves} {a} {element} {relative}")
                    if kind is c.QuantKind.NO:
                        return (f"{haves} {a} {element} {relative}" if negated
                                else f"{haves} no {element} {relative}")
                body = self.sentence(cond)
                if kind is c.QuantKind.ANY:
                    return (f"no {element} in {owner_words} is such that {body}" if negated else
                            f"some {element} in {owner_words} is such that {body}")
                if kind is c.QuantKind.NO:
                    return (f"some {element} in {owner_words} is such that {body}" if negated else
                            f"no {element} in {owner_words} is such that {body}")
                if kind is c.QuantKind.EVERY:
                    return (f"not every {element} in {owner_words} is such that {body}" if negated
                            else f"every {element} in {owner_words} is such that {body}")
        return ("it is not the case that " if negated else "") + self.noun(e)

    def relative(self, cond: c.Expr, var: c.Var) -> str | None:
        """`that is counted and is a crime`, `whose class is felony`: a condition on the bound
        element as a relative clause, or None when some part is not about the element alone."""
        noun = self.noun(var)
        parts = cond.operands if isinstance(cond, c.And) else (cond,)
        clauses: list[str] = []
        previous = ""
        for part in parts:
            if _mentions(part, var, skip_subject=True):
                return None
            text = self.sentence(part)
            if text.startswith(noun + "'s "):
                clauses.append("whose " + text[len(noun) + 3:])
                previous = "whose"
            elif text.startswith(noun + " "):
                rest = text[len(noun) + 1:]
                clauses.append(rest if previous == "that" else "that " + rest)
                previous = "that"
            else:
                return None
        if len(clauses) <= 2:
            return " and ".join(clauses)
        return ", ".join(clauses[:-1]) + f", and {clauses[-1]}"

    def nested(self, e: c.Expr, negated: bool, outer_and: bool) -> str:
        """An operand of `and`/`or`; a compound one is marked so the grouping stays clear."""
        inner = e.operand if isinstance(e, c.Not) else e
        flip = negated != isinstance(e, c.Not)
        if isinstance(inner, (c.And, c.Or)) and len(inner.operands) > 1:
            inner_and = isinstance(inner, c.And) != flip
            if inner_and != outer_and:
                parts = [self.sentence(o, flip) for o in inner.operands]
                if len(parts) == 2:
                    lead = "both" if inner_and else "either"
                    return f"{lead} {parts[0]} {'and' if inner_and else 'or'} {parts[1]}"
                lead = "all of" if inner_and else "one of"
                return f"{lead}: " + "; ".join(parts) + ";"
        return self.sentence(e, negated)

    def comparison(self, op: c.CmpOp, left: c.Expr, right: c.Expr, negated: bool) -> str:
        if negated:
            op = {c.CmpOp.EQ: c.CmpOp.NE, c.CmpOp.NE: c.CmpOp.EQ, c.CmpOp.LT: c.CmpOp.GE,
                  c.CmpOp.GE: c.CmpOp.LT, c.CmpOp.GT: c.CmpOp.LE, c.CmpOp.LE: c.CmpOp.GT}[op]
        t = left.type
        a, b = self.noun(left), self.noun(right)
        if isinstance(t, c.BoolT) and isinstance(right, c.Lit):
            truth = bool(right.value) == (op is c.CmpOp.EQ)
            return self.sentence(left, not truth)
        if isinstance(t, c.DateT | c.DateTimeT):
            words = {c.CmpOp.EQ: "is", c.CmpOp.NE: "is not", c.CmpOp.LT: "is before",
                     c.CmpOp.LE: "is on or before", c.CmpOp.GT: "is after",
                     c.CmpOp.GE: "is on or after"}
        else:
            words = {c.CmpOp.EQ: "is", c.CmpOp.NE: "is not", c.CmpOp.LT: "is less than",
                     c.CmpOp.LE: "is at most", c.CmpOp.GT: "is more than",
                     c.CmpOp.GE: "is at least"}
        return f"{a} {words[op]} {b}"


def _phrase(d: c.Definition) -> str:
    """A predicate's phrase with the article the law writes: `a crime`, `counted`."""
    article = getattr(d.source, "phrase_article", None)
    return f"{article} {d.name}" if article else d.name


def _mentions(e: c.Expr, var: c.Var, skip_subject: bool = False) -> bool:
    """Whether `var` appears in `e` other than as its subject (the first thing said)."""
    nodes = list(c.walk(e))
    uses = sum(1 for n in nodes if isinstance(n, c.Var) and n.name == var.name)
    return uses > (1 if skip_subject else 0)


def _article(name: str) -> str:
    return names.article(name)
