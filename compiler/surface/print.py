"""Printing: surface AST → `.law` text in the canonical layout.

Takes a `File` or an expression; gives text that parses back to an equal tree
(`parse(print(tree)) == tree`, tested over every statute) and that prints the same again. Used for
`lawc fmt`, `lawc ir --stage surface`, and to quote a drafter's condition back in a hint.
Parentheses are added only where the grammar needs them. Comments are not part of the tree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import assert_never

from compiler.surface import ast as s

INDENT = "  "

# Precedence of the places an expression can stand, lowest first.
_CHAIN, _NOT, _COMPARISON, _SUM, _PRODUCT, _PRIMARY, _POSTFIX = range(7)
# `the total of the X` starts an aggregate, so a field of that name is printed `the X's total`
_AGGREGATE_WORDS = frozenset(kind.value for kind in s.AggregateKind)


def _level(e: s.Expr) -> int:
    match e:
        case s.Chain() | s.ListCondition():
            return _CHAIN
        case s.Not():
            return _NOT
        case s.Compare() | s.Has():
            return _COMPARISON
        case s.Arithmetic(op=op):
            if op in s.EXTREMES or op in (s.Arith.FOR_EACH, s.Arith.PERCENT_OF):
                return _PRIMARY
            if op in s.ROUNDINGS:  # printed in parentheses of its own, but as a rule's value
                return _POSTFIX + 1
            return _SUM if op in (s.Arith.PLUS, s.Arith.MINUS) else _PRODUCT
        case s.Count() | s.Aggregate() | s.Call() | s.Quantified() | s.TimeSpan():
            return _PRIMARY
        case s.Possessive(of_form=True, name=name) if name not in _AGGREGATE_WORDS:
            return _PRIMARY
        case s.Possessive():
            return _POSTFIX
        case s.Paren(inner=inner):
            return _level(inner)
    return _POSTFIX + 1


def _open_ended(e: s.Expr) -> bool:
    """Whether the expression ends with `such that …`, which runs on to the end of the line."""
    match e:
        case s.Count(such_that=cond) | s.Aggregate(such_that=cond) | s.Quantified(such_that=cond):
            return cond is not None
        case s.Chain(operands=operands):
            return _open_ended(operands[-1])
        case s.Not(operand=operand):
            return _open_ended(operand)
        case s.Compare(operands=operands) if operands:  # `is known` has none: ends there
            return _open_ended(operands[-1])
        case s.Arithmetic(op=op) if op in s.EXTREMES:
            return True  # `the greater of A and B plus C` adds C to B
        case s.Arithmetic(right=right):
            return _open_ended(right)
        case s.Has(owner=owner):
            return False if owner is None else False
    return False


def _at(e: s.Expr, level: int, *, tail: bool) -> str:
    """Print `e` where the grammar wants `level`; `tail` if nothing follows it on the line."""
    text = expr(e)
    if _level(e) < level or (not tail and _open_ended(e)):
        return f"({text})"
    return text


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\t", "\\t").replace("\r", "\\r")
    return f'"{escaped}"'


def _call(e: s.Call) -> str:
    """`the penalty for (2)`, `the employer's penalty for (2)` (one owned name), and the call
    on another value that the resolver refuses, as written."""
    head = "the" if e.owner is None else f"{_at(e.owner, _POSTFIX, tail=False)}'s"
    return f"{head} {e.name} ({expr(e.argument)})"


def expr(e: s.Expr) -> str:
    """One expression on one line (a list condition is printed by `condition`)."""
    match e:
        case s.BoolLit(value=v):
            return "yes" if v else "no"
        case s.NumberLit(text=t) | s.MoneyLit(text=t) | s.DateLit(text=t):
            return t
        case s.DurationLit(amount=a, unit=u):
            return f"{a} {u}"
        case s.StringLit(value=v):
            return _string(v)
        case s.TheRef(name=n):
            return f"the {n}"
        case s.ItsRef(name=n):
            return f"its {n}"
        case s.ItRef():
            return "it"
        case s.BareName(name=n):
            return n
        case s.Possessive(owner=owner, name=n, of_form=True) if n not in _AGGREGATE_WORDS:
            return f"the {n} of {_at(owner, _POSTFIX, tail=True)}"
        case s.Possessive(owner=owner, name=n):
            return f"{_at(owner, _POSTFIX, tail=False)}'s {n}"
        case s.Count(element=el, owner=owner, such_that=cond):
            text = f"the number of {el} of {_at(owner, _POSTFIX, tail=cond is None)}"
            return text + (f" such that {expr(cond)}" if cond is not None else "")
        case s.Call():
            return _call(e)
        case s.Aggregate(kind=kind, measure=m, items=items, such_that=cond):
            text = f"the {kind.value} of the {m} of {_at(items, _POSTFIX, tail=cond is None)}"
            return text + (f" such that {expr(cond)}" if cond is not None else "")
        case s.Quantified(quantifier=q, element=el, owner=owner, such_that=cond):
            text = f"{q.value} {el} of {_at(owner, _POSTFIX, tail=cond is None)}"
            return text + (f" such that {expr(cond)}" if cond is not None else "")
        case s.TimeSpan(start=a, end=b):
            # `to`, like `of`, joins a name before it to a name after it (`birth to release`)
            end = f"({expr(b)})" if _starts_with_name(b) else _at(b, _POSTFIX, tail=True)
            return f"the time from {_at(a, _POSTFIX, tail=False)} to {end}"
        case s.Arithmetic(op=op, left=left, right=right) if op in s.EXTREMES:
            return f"{op.value} {_at(left, _SUM, tail=False)} and {_at(right, _SUM, tail=True)}"
        case s.Arithmetic(op=s.Arith.PERCENT_OF, left=left, right=right):
            return f"{expr(left)} of {_at(right, _POSTFIX, tail=True)}"
        case s.Arithmetic(op=s.Arith.FOR_EACH, left=left, right=right):
            assert isinstance(right, s.BareName)
            return f"{expr(left)} for each {right.name}"
        case s.Arithmetic(op=op) if op in s.ROUNDINGS:
            return f"({_rounded(e)})"
        case s.Arithmetic(op=s.Arith.EXCLUDING | s.Arith.BUSINESS_DAYS_AFTER):
            return _counted(e)
        case s.Arithmetic(op=op, left=left, right=right):
            if op in (s.Arith.PLUS, s.Arith.MINUS):
                return f"{_at(left, _SUM, tail=False)} {op.value} {_at(right, _PRODUCT, tail=True)}"
            return f"{_at(left, _PRODUCT, tail=False)} {op.value} {_at(right, _PRIMARY, tail=True)}"
        case s.Compare(subject=subject, relation=s.Relation.STARTS_WITH, operands=operands):
            return (f"{_at(subject, _SUM, tail=False)} starts with "
                    f"{_at(operands[0], _SUM, tail=True)}")
        case s.Compare(subject=subject, relation=s.Relation.KNOWN, negated=negated):
            return f"{_at(subject, _SUM, tail=False)} is{' not' if negated else ''} known"
        case s.Compare(subject=subject, relation=rel, negated=negated, operands=operands):
            head = f"{_at(subject, _SUM, tail=False)} is" + (" not" if negated else "")
            return f"{head} {_relation(rel, operands)}"
        case s.Has(owner=None, name=n, negated=negated, article=article):
            return f"there is {_determiner(negated, article)}{n}"
        case s.Has(owner=owner, name=n, negated=negated, article=article):
            assert owner is not None
            return f"{_at(owner, _SUM, tail=False)} has {_determiner(negated, article)}{n}"
        case s.Not(operand=operand):
            return f"not {_at(operand, _NOT, tail=True)}"
        case s.Chain(operands=operands, connectives=connectives):
            parts = [_at(operands[0], _NOT, tail=False)]
            for i, (connective, operand) in enumerate(zip(connectives, operands[1:])):
                last = i == len(connectives) - 1
                parts.append(f"{connective.value} {_at(operand, _NOT, tail=last)}")
            return " ".join(parts)
        case s.Paren(inner=inner):
            return f"({expr(inner)})"
        case s.ListCondition():
            raise ValueError("a list condition is printed on lines of its own")
        case _:
            assert_never(e)


def _counted(e: s.Arithmetic) -> str:
    """Time counted on some days, only a rule's value (so never in parentheses): `A plus 48
    hours excluding Saturdays, Sundays and holidays`, `2 business days after A`."""
    if e.op is s.Arith.BUSINESS_DAYS_AFTER:
        assert isinstance(e.left, s.NumberLit)
        days = "day" if e.left.text == "1" else "days"
        return f"{e.left.text} business {days} after {_at(e.right, _SUM, tail=True)}"
    assert isinstance(e.right, s.BareName)
    return f"{_at(e.left, _SUM, tail=False)} excluding {e.right.name}"


def _rounded(e: s.Arithmetic) -> str:
    """`A, rounded down to the whole dollar`, without the parentheses (a rule's value)."""
    assert isinstance(e.right, s.BareName)
    return f"{_at(e.left, _SUM, tail=False)}, {_rounding(e.op, e.right.name)}"


def _rounding(op: s.Arith, unit: str) -> str:
    """`rounded down to the whole dollar`, `rounded to the nearest cent, half even`."""
    if op in (s.Arith.ROUND_DOWN, s.Arith.ROUND_UP):
        return f"{op.value} {unit}"
    half = {s.Arith.ROUND_HALF_UP: ", half up", s.Arith.ROUND_HALF_EVEN: ", half even"}
    return f"rounded to the nearest {unit}{half.get(op, '')}"


def _value(e: s.Expr) -> str:
    """A value where the grammar wants a sum (a given or an expected value)."""
    return _at(e, _SUM, tail=True)


def _rule_value(e: s.Expr) -> str:
    """A rule's value or a default: a sum, or a rounded sum without parentheses."""
    if isinstance(e, s.Arithmetic) and e.op in s.ROUNDINGS:
        return _rounded(e)
    return _value(e)


def _starts_with_name(e: s.Expr) -> bool:
    """Whether the printed expression starts with a bare name, which `of` would join on to."""
    match e:
        case s.BareName():
            return True
        case s.Possessive(owner=owner, of_form=False):
            return _starts_with_name(owner)
        case s.Arithmetic(op=op) if op in s.EXTREMES:
            return False
        case s.Arithmetic(left=left) | s.Compare(subject=left) | s.Has(owner=left):
            return left is not None and _level(left) >= _SUM and _starts_with_name(left)
        case s.Chain(operands=operands):
            return _starts_with_name(operands[0])
    return False


def _relation(rel: s.Relation, operands: tuple[s.Expr, ...]) -> str:
    def op(i: int, tail: bool = True) -> str:
        return _at(operands[i], _SUM, tail=tail)

    match rel:
        case s.Relation.EQUAL:
            return op(0)
        case s.Relation.ONE_OF:
            return "one of " + ", ".join(op(i, i == len(operands) - 1)
                                         for i in range(len(operands)))
        case s.Relation.WITHIN_BEFORE | s.Relation.WITHIN_AFTER:
            # `3 days after release` would read as one name, as with `of` below
            word = "before" if rel is s.Relation.WITHIN_BEFORE else "after"
            second = f"({expr(operands[1])})" if _starts_with_name(operands[1]) else op(1)
            return f"within {op(0, False)} {word} {second}"
        case s.Relation.WITHIN_OF:
            # `the x of y` would read as y's x, `5% of y` as a percentage of y, and `2 years of
            # felony` as one name: only a plain literal stands bare before `of`
            bare = (isinstance(operands[0], (s.DurationLit, s.MoneyLit, s.DateLit, s.BoolLit))
                    or isinstance(operands[0], s.NumberLit) and not operands[0].text.endswith("%"))
            first = op(0, False) if bare else f"({expr(operands[0])})"
            second = f"({expr(operands[1])})" if _starts_with_name(operands[1]) else op(1)
            return f"within {first} of {second}"
    words = {s.Relation.AT_LEAST: "at least", s.Relation.AT_MOST: "at most",
             s.Relation.MORE_THAN: "more than", s.Relation.LESS_THAN: "less than",
             s.Relation.BEFORE: "before", s.Relation.AFTER: "after",
             s.Relation.ON_OR_BEFORE: "on or before", s.Relation.ON_OR_AFTER: "on or after"}
    return f"{words[rel]} {op(0)}"


def condition(e: s.Expr, depth: int) -> list[str]:
    """A condition after `if`/`means`/`- `: inline, or a list block on the following lines.

    The first element is the text that goes on the current line; the rest are whole lines.
    """
    if isinstance(e, s.ListCondition):
        lines = [f"{e.kind.value} of the following:"]
        for item in e.items:
            inner = condition(item, depth + 1)
            lines.append(f"{INDENT * (depth + 1)}- {inner[0]}")
            lines.extend(inner[1:])
        return lines
    return [expr(e)]


def _type(t: s.TypeExpr) -> str:
    match t:
        case s.BoolType():
            return "yes or no"
        case s.IntType(bounds=b):
            return "a whole number" + _bounds(b)
        case s.DecimalType(bounds=b):
            return "a decimal number" + _bounds(b)
        case s.MoneyType(bounds=b):
            return "money" + _bounds(b, money=True)
        case s.DateType():
            return "a date"
        case s.DateTimeType():
            return "a date and time"
        case s.CodeType(forms=forms):
            return "a code" + (" of the form " + " or ".join(map(_string, forms)) if forms else "")
        case s.DurationType(unit=unit, bounds=b):
            return f"a number of {unit}" + _bounds(b)
        case s.EnumType(values=values, codes=codes):
            named = codes or (None,) * len(values)
            return "one of " + ", ".join(_enum_value(v) + (f" as {k}" if k else "")
                                         for v, k in zip(values, named))
        case s.NamedType(name=name):
            return f"{_article(name)} {name}"
        case s.OutcomeRecordType(fields=fields):
            outputs = [f"the {f}" for f in fields]
            return "a record of " + ", ".join(outputs[:-1]) + " and " + outputs[-1]
        case _:
            assert_never(t)


def _enum_value(value: str) -> str:
    from compiler.surface.parse import parser

    try:
        tokens = list(parser().lex(value + "\n"))
    except Exception:  # noqa: BLE001 - anything that does not lex as one name is quoted
        return _string(value)
    if (len(tokens) >= 1 and tokens[0].type == "NAME" and str(tokens[0]) == value
            and " ".join(value.split()) == value):  # a name's spaces fold to one
        return value
    return _string(value)


def _bound(value: Decimal, money: bool) -> str:
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    if money and "." in text:  # amounts have two decimals: $1.90, not $1.9
        whole, cents = text.split(".")
        text = f"{whole}.{cents:0<2}"
    return f"{sign}${text}" if money else f"{sign}{text}"


def _bounds(b: s.Bounds | None, money: bool = False) -> str:
    if b is None:
        return ""
    if b.low is not None and b.high is not None:
        return f" from {_bound(b.low, money)} to {_bound(b.high, money)}"
    if b.low is not None:
        return f" at least {_bound(b.low, money)}"
    assert b.high is not None
    return f" at most {_bound(b.high, money)}"


def _determiner(negated: bool, article: str | None) -> str:
    """`no `, `a `, `an ` or nothing, before the name in `has …` and `there is …`."""
    if negated:
        return "no "
    return f"{article} " if article else ""


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def _field(f: s.FieldDecl, depth: int) -> str:
    article = f"{f.article} " if f.article else ""
    known = ", if known" if f.optional else ""
    return f"{INDENT * depth}{article}{f.name}: {_type(f.type)}{known}"


def _definition(d: s.Definition, depth: int) -> list[str]:
    pad = INDENT * depth
    match d:
        case s.PredicateDef(subject=subject, phrase=phrase, phrase_article=article,
                            condition=cond):
            lines = condition(cond, depth)
            said = f"{article} {phrase}" if article else phrase
            return [f"{pad}{_article(subject)} {subject} is {said} if {lines[0]}"] + lines[1:]
        case s.AttributeDef(subject=subject, name=name, value=value):
            return [f"{pad}{_article(subject)} {subject}'s {name} is {expr(value)}"]
        case s.ValueDef(name=name, value=value):
            lines = condition(value, depth)
            return [f"{pad}the {name} means {lines[0]}"] + lines[1:]
        case s.SetDef(name=name, members=members):
            return [f"{pad}the {name} are: " + ", ".join(_string(m.value) for m in members)]
        case s.CalendarDef(name=name, holidays=holidays, observed=observed):
            inner = pad + INDENT
            return [f"{pad}the {name} are the days:"] + [
                f"{inner}{_string(h.name)}: {h.day}" for h in holidays] + [
                f"{inner}observed: {o.day}" for o in observed]
        case _:
            assert_never(d)


def _rule(r: s.Rule, depth: int) -> list[str]:
    pad = INDENT * depth
    lines: list[str] = []
    if r.override is not None:
        cits = ", ".join(c.text for c in r.override.citations)
        lines.append(f"{pad}{r.override.kind.value} {cits},")
        depth += 1
        pad = INDENT * depth
    head = f"{pad}the {r.decision}"
    if r.form is s.RuleForm.ALWAYS:
        assert r.value is not None
        lines.append(f"{head} is {_rule_value(r.value)}")
        return lines
    assert r.condition is not None
    cond = condition(r.condition, depth)
    word = "if" if r.form is s.RuleForm.IF else "unless"
    value = "" if r.value is None else f" is {_at(r.value, _SUM, tail=False)}"
    if isinstance(r.value, s.Arithmetic) and r.value.op in s.ROUNDINGS:
        value = f" is {_rounded(r.value)}"  # `if` cannot join on to its unit
    elif isinstance(r.value, s.Arithmetic) and r.value.op in s.EXTREMES and not _open_ended(
            r.value.right):
        value = f" is {expr(r.value)}"  # nor on to a sum
    lines.append(f"{head}{value} {word} {cond[0]}")
    lines.extend(cond[1:])
    return lines


def _table(t: s.Table, depth: int) -> list[str]:
    """A decision table: its line, then its header and rows with the columns aligned."""
    from compiler.surface.table_layout import aligned_rows

    pad = INDENT * depth
    lines: list[str] = []
    if t.override is not None:
        cits = ", ".join(c.text for c in t.override.citations)
        lines.append(f"{pad}{t.override.kind.value} {cits},")
        depth += 1
        pad = INDENT * depth
    lines.append(f"{pad}the {t.decision} is decided by this table (hit policy: {t.policy.value}):")
    rows = [[_at(column, _SUM, tail=True) for column in t.columns]]
    rows += [[_cell(cell) for cell in row.cells] for row in t.rows]
    lines.extend(f"{pad}{INDENT}{line}" for line in aligned_rows(rows))
    return lines


def _cell(cell: s.AnyCell | s.TableCell) -> str:
    """`-`, or what the column's fact is compared with (`at least 1`, `not one of a, b`)."""
    if isinstance(cell, s.AnyCell):
        return "-"
    if cell.relation is s.Relation.EQUAL and not cell.negated:
        return _rule_value(cell.operands[0])
    return ("not " if cell.negated else "") + _relation(cell.relation, cell.operands)


def _dated_figure(f: s.DatedFigure) -> list[str]:
    head = [f"{INDENT}figure the {f.name}:",
            f"{INDENT * 2}dated by: {_at(f.by, _POSTFIX, tail=True)}"]
    return head + [f"{INDENT * 2}{_value(e.value)}" + (f" from {e.start}" if e.start else "")
                     for e in f.entries]


def _given(g: s.Given, depth: int) -> list[str]:
    pad = INDENT * depth
    match g:
        case s.GivenValue(target=target, value=None):
            return [f"{pad}{_at(target, _POSTFIX, tail=False)} is not known"]
        case s.GivenValue(target=target, value=value):
            assert value is not None
            return [f"{pad}{_at(target, _POSTFIX, tail=False)} is {_value(value)}"]
        case s.GivenFlag(owner=None, name=name, value=value, article=article):
            return [f"{pad}there is {_determiner(not value, article)}{name}"]
        case s.GivenFlag(owner=owner, name=name, value=value, article=article):
            assert owner is not None
            return [f"{pad}{_at(owner, _POSTFIX, tail=False)} has "
                    f"{_determiner(not value, article)}{name}"]
        case s.GivenRecord(owner=owner, element=element, facts=facts):
            lines = [f"{pad}{_at(owner, _POSTFIX, tail=False)} has {_article(element)} "
                     f"{element} with:"]
            for inner in facts:
                lines.extend(_given(inner, depth + 1))
            return lines
        case _:
            assert_never(g)


def file(f: s.File) -> str:
    """The whole file in the canonical layout."""
    out: list[str] = []
    h = f.header
    if h.kind is s.FileKind.EXAMPLES:
        out.append(f"examples for {_string(h.title)}")
    else:
        out.append(f"{h.kind.value} {_string(h.title)}")
    for hf in h.fields:
        out.append(f"{INDENT}{hf.key}: {hf.value}")
    for item in f.items:
        out.append("")
        out.extend(_item(item))
    return "\n".join(out) + "\n"


def _item(item: s.Item) -> list[str]:
    match item:
        case s.RecordDecl(name=name, fields=fields):
            return [f"{_article(name)} {name} has:"] + [_field(x, 1) for x in fields]
        case s.FactsDecl(fields=fields):
            return ["facts:"] + [_field(x, 1) for x in fields]
        case s.DecisionDecl(name=name, type=t, default=default, question=question):
            known = ", if known" if item.optional else ""
            lines = [f"decision the {name}: {_type(t)}{known}"]
            if question is not None:
                lines.append(f"{INDENT}question: {_string(question)}")
            if default is not None:
                lines.append(f"{INDENT}by default: {_rule_value(default)}")
            return lines
        case s.Provision(citation=cit, title=title, body=body):
            lines = [cit.text + (f" {_string(title)}" if title is not None else "")]
            for part in body:
                if isinstance(part, s.Quote):
                    lines.append(f"{INDENT}> {part.text}".rstrip())
                elif isinstance(part, s.Rule):
                    lines.extend(_rule(part, 1))
                elif isinstance(part, s.Table):
                    lines.extend(_table(part, 1))
                elif isinstance(part, s.DatedFigure):
                    lines.extend(_dated_figure(part))
                else:
                    lines.extend(_definition(part, 1))
            return lines
        case s.Assumption(condition=condition, reason=reason):
            return [f"assume {expr(condition)}", f"{INDENT}because: {reason}"]
        case s.Reported():
            return [f"reported {_string(item.title)}", f"{INDENT}source: {item.source}",
                    f"{INDENT}period: {item.start} to {item.end} by {expr(item.date)}",
                    f"{INDENT}outcome: the {item.decision} is {_value(item.value)}",
                    f"{INDENT}count: {item.count} of {item.total}",
                    f"{INDENT}tolerance: {item.tolerance} percentage points"]
        case s.Example(name=name, under=under, given=given, expect=expect, failures=failures):
            lines = [f"example {_string(name)}"]
            if under:
                lines.append(f"{INDENT}under " + ", ".join(c.text for c in under))
            lines.append(f"{INDENT}given:")
            for g in given:
                lines.extend(_given(g, 2))
            said = [f"the {e.decision} is {_value(e.value)}" for e in expect]
            said += [_failure(f) for f in failures]
            if len(said) == 1:
                lines.append(f"{INDENT}expect: {said[0]}")
            else:
                lines.append(f"{INDENT}expect:")
                lines.extend(f"{INDENT * 2}{line}" for line in said)
            return lines
        case s.PredicateDef() | s.AttributeDef() | s.ValueDef() | s.SetDef() | s.CalendarDef():
            return _definition(item, 0)
        case s.Amendment():
            return _amendment(item)
        case _:
            assert_never(item)


def _amendment(a: s.Amendment) -> list[str]:
    """`§ … is amended to read:` and the new provisions (one blank line between two), `§ … is
    amended to define:` and the definitions, `insert after § …:`, `§ … is repealed`."""
    day = f", in force from {a.start}" if a.start is not None else ""
    if a.kind is s.AmendKind.REPEAL:
        return [f"{a.target.text} is repealed{day}"]
    head = (f"insert after {a.target.text}{day}:" if a.kind is s.AmendKind.INSERT
            else f"{a.target.text} {a.kind.value}{day}:")
    lines = [head]
    if a.kind is s.AmendKind.DEFINE:
        for d in a.definitions:
            lines.extend(_definition(d, 1))
        return lines
    for n, p in enumerate(a.provisions):
        if n:
            lines.append("")
        lines.extend(f"{INDENT}{line}" if line else "" for line in _item(p))
    return lines


def _failure(f: s.ExpectedFailure) -> str:
    """`a conflict between § 5 and § 6 in the penalty`, `a gap in the penalty`, `the latest
    hold end is not known`."""
    if f.kind == "unknown":
        return f"the {f.decision} is not known"
    cited = [c.text for c in f.between]
    joined = " and ".join([", ".join(cited[:-1]), cited[-1]] if len(cited) > 1 else cited)
    between = f" between {joined}" if cited else ""
    return f"a {f.kind}{between} in the {f.decision}"
