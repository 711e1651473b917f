"""The expression rules of the AST builder, and the span-finding every rule shares.

Takes the tokens and built children of one grammar rule of `grammar/law.lark` as Lark (or
`compiler.surface.lalr`'s loop) reduces it; gives the node, with the span from the rule's first
word to its last. `Builder` holds the spans (`_split`: the span and the children that count;
parentheses that widen a node's span), `ExpressionRules` the rules of conditions and values:
chains of `and`/`or`, comparisons, `has`, arithmetic and roundings, possessives, counts and
quantifiers, references and literals. `compiler.surface.to_ast.ToAst` adds the declarations,
provisions, rules and examples on top of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lark import Token, Transformer

from compiler.span import Span
from compiler.surface import ast as s

# Lark calls the methods below while it parses (`Lark(transformer=…)`): each grammar rule, when
# reduced, becomes its AST node at once, with no parse tree in between and no second pass (a
# tree and a transform of it took half the time of a check). Each method receives every token
# of its rule (`keep_all_tokens=True`), keywords included, so a node's span runs from its first
# word to its last; `_split` gives that span and the children the node is made of.

KEPT = frozenset({"AND", "OR", "POSS", "CITATION", "QUOTE", "TEXT", "STRING", "DATE", "MONEY",
                  "NUMBER", "NAME", "VALUE_CODE", "PERCENT", "EXTREME", "AGGREGATE", "CONFLICT",
                  "GAP", "IN_THE", "WHICHEVER", "DATETIME", "DECIDED_BY_TABLE",
                  "BUSINESS_DAYS_AFTER", "IF_KNOWN", "KNOWN"})
"""The grammar's named terminals: the tokens a node is made of. Every other token (keywords,
punctuation, line ends, indentation) only marks where a node starts and ends."""

_LAYOUT = frozenset({"_NL", "_INDENT", "_DEDENT"})
"""Tokens that are not words: a node's span neither starts nor ends at one."""


@dataclass(frozen=True, slots=True)
class _Rounding:
    """`down to the whole dollar`, as read, before it joins the amount it rounds."""

    op: s.Arith
    unit: str
    span: Span


def _fold(name: str) -> str:
    return " ".join(name.split())


class _Part:
    """A piece of syntax the AST has no node for (a relation and its operands, a list of
    citations, the body of a rule…), carried to the node around it with the span of its words."""

    __slots__ = ("value", "span")

    def __init__(self, value: Any, span: Span) -> None:
        self.value = value
        self.span = span


class Builder(Transformer[Token, Any]):
    """What every rule's builder uses: the file being parsed and the spans of its words."""

    def __init__(self) -> None:
        super().__init__()
        self.file = "<none>"
        # nodes written in parentheses: id → (node, the span with the parentheses), so that
        # `not (a or b)` ends at the `)`
        self._parens: dict[int, tuple[Any, Span]] = {}

    def begin(self, file: str) -> None:
        self.file = file
        self._parens.clear()
    # spans
    def _split(self, raw: list[Any]) -> tuple[Span, list[Any]]:
        """The span from the first word of a rule to its last, and its significant children."""
        kept: list[Any] = []
        first: Any = None
        last: Any = None
        for x in raw:
            if x.__class__ is Token:
                kind = x.type
                if kind in _LAYOUT:
                    continue
                if kind in KEPT:
                    kept.append(x)
            else:
                kept.append(x)
            if first is None:
                first = x
            last = x
        if first is None:
            return Span(self.file, 1, 1, 1, 1), kept
        if first.__class__ is Token:
            line, column = first.line or 1, first.column or 1
        else:
            span = self._outer(first)
            line, column = span.line, span.column
        if last.__class__ is Token:
            end_line, end_column = last.end_line or 1, last.end_column or 1
        else:
            span = self._outer(last)
            end_line, end_column = span.end_line, span.end_column
        return Span(self.file, line, column, end_line, end_column), kept

    def _outer(self, node: Any) -> Span:
        if self._parens:
            entry = self._parens.get(id(node))
            if entry is not None and entry[0] is node:
                return entry[1]
        return node.span  # type: ignore[no-any-return]

    def _tok(self, token: Token) -> Span:
        return Span(self.file, token.line or 1, token.column or 1, token.end_line or 1,
                    token.end_column or 1)

    @staticmethod
    def _article_before(raw: list[Any], name: Token) -> str | None:
        """`a` or `an` if one is written just before the name (`has a disability`)."""
        for i, x in enumerate(raw):
            if x is name:
                before = raw[i - 1] if i else None
                if before is not None and before.__class__ is Token and before.type in ("A", "AN"):
                    return str(before)
                return None
        return None

    def _flag(self, raw: list[Any], owned: bool, no: bool
              ) -> tuple[Span, Any, str, str | None]:
        """`X has [a|no] NAME` (owned) or `there is [a|no] NAME`: the span, the owner, the name
        and the article written before it (none after `no`)."""
        span, c = self._split(raw)
        owner, name = (c[0], c[1]) if owned else (None, c[0])
        return span, owner, _fold(name), None if no else self._article_before(raw, name)


class ExpressionRules(Builder):
    """Grammar rules of conditions and values → surface AST expressions."""

    def chain(self, raw: list[Any]) -> s.Chain:
        span, c = self._split(raw)
        tokens = c[1::2]
        return s.Chain(operands=tuple(c[0::2]),
                       connectives=tuple(s.Connective(str(t)) for t in tokens),
                       connective_spans=tuple(self._tok(t) for t in tokens),
                       span=span)

    def negate(self, raw: list[Any]) -> s.Not:
        span, c = self._split(raw)
        return s.Not(operand=c[0], span=span)

    def is_(self, raw: list[Any]) -> s.Compare:
        span, c = self._split(raw)
        relation, operands = c[1].value
        return s.Compare(subject=c[0], relation=relation, negated=False, operands=operands,
                         span=span)

    def is_not(self, raw: list[Any]) -> s.Compare:
        span, c = self._split(raw)
        relation, operands = c[1].value
        return s.Compare(subject=c[0], relation=relation, negated=True, operands=operands,
                         span=span)

    def is_known(self, raw: list[Any]) -> s.Compare:
        span, c = self._split(raw)
        return s.Compare(subject=c[0], relation=s.Relation.KNOWN, negated=False, operands=(),
                         span=span)

    def is_not_known(self, raw: list[Any]) -> s.Compare:
        span, c = self._split(raw)
        return s.Compare(subject=c[0], relation=s.Relation.KNOWN, negated=True, operands=(),
                         span=span)

    def starts_with(self, raw: list[Any]) -> s.Compare:
        span, c = self._split(raw)
        return s.Compare(subject=c[0], relation=s.Relation.STARTS_WITH, negated=False,
                         operands=(c[-1],), span=span)

    def _has(owned: bool, negated: bool) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> s.Has:
            span, owner, name, article = self._flag(raw, owned, negated)
            return s.Has(owner=owner, name=name, article=article, negated=negated, span=span)
        return method

    has = _has(owned=True, negated=False)
    has_no = _has(owned=True, negated=True)
    there_is = _has(owned=False, negated=False)
    there_is_no = _has(owned=False, negated=True)

    def _relation(relation: s.Relation, last_only: bool = False) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> _Part:
            span, c = self._split(raw)
            return _Part((relation, (c[-1],) if last_only else tuple(c)), span)
        return method

    rel_equal = _relation(s.Relation.EQUAL)
    rel_one_of = _relation(s.Relation.ONE_OF)
    rel_at_least = _relation(s.Relation.AT_LEAST)
    rel_at_most = _relation(s.Relation.AT_MOST)
    rel_more_than = _relation(s.Relation.MORE_THAN)
    rel_less_than = _relation(s.Relation.LESS_THAN)
    rel_before = _relation(s.Relation.BEFORE)
    rel_after = _relation(s.Relation.AFTER)
    rel_on_or_before = _relation(s.Relation.ON_OR_BEFORE, last_only=True)  # `on or before`
    rel_on_or_after = _relation(s.Relation.ON_OR_AFTER, last_only=True)
    rel_within_before = _relation(s.Relation.WITHIN_BEFORE)
    rel_within_after = _relation(s.Relation.WITHIN_AFTER)
    rel_within_of = _relation(s.Relation.WITHIN_OF)

    def _arith(op: s.Arith) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> s.Arithmetic:
            span, c = self._split(raw)
            return s.Arithmetic(op=op, left=c[0], right=c[-1], span=span)
        return method

    plus = _arith(s.Arith.PLUS)
    minus = _arith(s.Arith.MINUS)
    times = _arith(s.Arith.TIMES)
    divided_by = _arith(s.Arith.DIVIDED_BY)

    def extreme(self, raw: list[Any]) -> s.Arithmetic:
        span, c = self._split(raw)
        op = s.Arith("the " + str(c[0]) + " of")  # c[0] is the word: greater, later, …
        return s.Arithmetic(op=op, left=c[1], right=c[-1], span=span)  # c[2] is "and"

    def whichever(self, raw: list[Any]) -> s.Arithmetic:
        """`A or B, whichever is later`: the same as `the later of A and B`."""
        span, c = self._split(raw)
        op = s.Arith("the " + str(c[-1]).split()[-1] + " of")
        return s.Arithmetic(op=op, left=c[0], right=c[2], span=span)  # c[1] is "or", c[3] ","

    def percent_of(self, raw: list[Any]) -> s.Arithmetic:
        span, c = self._split(raw)
        return s.Arithmetic(op=s.Arith.PERCENT_OF, left=s.NumberLit(text=str(c[0]),
                                                                    span=self._tok(c[0])),
                            right=c[1], span=span)

    def excluding(self, raw: list[Any]) -> s.Arithmetic:
        """`A plus 48 hours excluding Saturdays, Sundays and holidays`."""
        span, c = self._split(raw)
        days: _Part = c[-1]
        return s.Arithmetic(op=s.Arith.EXCLUDING, left=c[0], right=s.BareName(
            name=days.value, article=None, span=days.span), span=span)

    def business_days_after(self, raw: list[Any]) -> s.Arithmetic:
        """`2 business days after the release date`."""
        span, c = self._split(raw)
        count = s.NumberLit(text=str(c[0]), span=self._tok(c[0]))
        return s.Arithmetic(op=s.Arith.BUSINESS_DAYS_AFTER, left=count, right=c[-1], span=span)

    def excluded_days(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        words = [_fold(str(x)) for x in c if x.type == "NAME"]
        text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        return _Part(text, span)

    def for_each(self, raw: list[Any]) -> s.Arithmetic:
        span, c = self._split(raw)
        name = c[-1]
        return s.Arithmetic(op=s.Arith.FOR_EACH, left=s.MoneyLit(text=str(c[0]),
                                                                 span=self._tok(c[0])),
                            right=s.BareName(name=_fold(name), article=None, span=self._tok(name)),
                            span=span)

    def rounded(self, raw: list[Any]) -> s.Arithmetic:
        span, c = self._split(raw)
        how: _Rounding = c[-1]
        return s.Arithmetic(op=how.op, left=c[0], right=s.BareName(
            name=how.unit, article=None, span=how.span), span=span)

    def paren_rounded(self, raw: list[Any]) -> s.Arithmetic:
        """`(A, rounded …)`: the rounding, in parentheses that keep no node of their own."""
        inner: s.Arithmetic = self.atom([raw[0], self.rounded(raw[1:-1]), raw[-1]])
        return inner

    def _rounding(self, op: s.Arith, raw: list[Any]) -> _Rounding:
        span, _ = self._split([x for x in raw if x.__class__ is Token])
        unit = next(x for x in raw if x.__class__ is str)
        return _Rounding(op, unit, span)

    def round_down(self, raw: list[Any]) -> _Rounding:
        return self._rounding(s.Arith.ROUND_DOWN, raw)

    def round_up(self, raw: list[Any]) -> _Rounding:
        return self._rounding(s.Arith.ROUND_UP, raw)

    def round_nearest(self, raw: list[Any]) -> _Rounding:
        half = [x for x in raw if isinstance(x, s.Arith)]
        return self._rounding(half[0] if half else s.Arith.ROUND_NEAREST, raw)

    def unit_dollar(self, raw: list[Any]) -> str:
        return "dollar"

    def unit_cent(self, raw: list[Any]) -> str:
        return "cent"

    def unit_number(self, raw: list[Any]) -> str:
        return "number"

    def half_up(self, raw: list[Any]) -> s.Arith:
        return s.Arith.ROUND_HALF_UP

    def half_even(self, raw: list[Any]) -> s.Arith:
        return s.Arith.ROUND_HALF_EVEN

    def the_of(self, raw: list[Any]) -> s.Possessive:
        span, c = self._split(raw)
        return s.Possessive(owner=c[1], name=_fold(c[0]), of_form=True, span=span)

    def possessive(self, raw: list[Any]) -> s.Possessive:
        span, c = self._split(raw)
        return s.Possessive(owner=c[0], name=_fold(c[2]), span=span)

    def count(self, raw: list[Any]) -> s.Count:
        span, c = self._split(raw)
        return s.Count(element=_fold(c[0]), owner=c[1], such_that=c[2] if len(c) > 2 else None,
                       span=span)

    def call(self, raw: list[Any]) -> s.Call:
        span, c = self._split(raw)
        return s.Call(name=_fold(c[0]), argument=c[1], span=span)

    def owned_call(self, raw: list[Any]) -> s.Call:
        """`the claimant's penalty for (2)`: a call of the owned name, one name however many
        `'s` it has; another owner is kept for the resolver to refuse."""
        span, c = self._split(raw)
        name = _fold(c[2])
        owned = s.owned_name(s.Possessive(owner=c[0], name=name))
        if owned is not None:
            return s.Call(name=owned, argument=c[3], span=span)
        return s.Call(name=name, argument=c[3], owner=c[0], span=span)

    def aggregate(self, raw: list[Any]) -> s.Aggregate:
        span, c = self._split(raw)
        return s.Aggregate(kind=s.AggregateKind(str(c[0])), measure=_fold(c[1]), items=c[2],
                           such_that=c[3] if len(c) > 3 else None, span=span)

    def _quantifier(q: s.Quantifier) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> s.Quantified:
            span, c = self._split(raw)
            return s.Quantified(quantifier=q, element=_fold(c[0]), owner=c[1],
                                such_that=c[2] if len(c) > 2 else None, span=span)
        return method

    any_quantifier = _quantifier(s.Quantifier.ANY)
    every_quantifier = _quantifier(s.Quantifier.EVERY)
    no_quantifier = _quantifier(s.Quantifier.NO)

    def such_that(self, raw: list[Any]) -> Any:
        return raw[-1]

    def time_span(self, raw: list[Any]) -> s.TimeSpan:
        span, c = self._split(raw)
        return s.TimeSpan(start=c[0], end=c[1], span=span)

    def the_ref(self, raw: list[Any]) -> s.TheRef:
        span, c = self._split(raw)
        return s.TheRef(name=_fold(c[0]), span=span)

    def its_ref(self, raw: list[Any]) -> s.ItsRef:
        span, c = self._split(raw)
        return s.ItsRef(name=_fold(c[0]), span=span)

    def it_ref(self, raw: list[Any]) -> s.ItRef:
        return s.ItRef(span=self._tok(raw[0]))

    def bare_name(self, raw: list[Any]) -> s.BareName:
        span, c = self._split(raw)
        return s.BareName(name=_fold(c[-1]), article=None, span=span)

    def atom(self, raw: list[Any]) -> Any:  # `( expr )` keeps no node of its own
        span, c = self._split(raw)
        inner = c[0]
        self._parens[id(inner)] = (inner, span)
        return inner

    def yes(self, raw: list[Any]) -> s.BoolLit:
        return s.BoolLit(value=True, span=self._tok(raw[0]))

    def no(self, raw: list[Any]) -> s.BoolLit:
        return s.BoolLit(value=False, span=self._tok(raw[0]))

    def number(self, raw: list[Token]) -> s.NumberLit:
        return s.NumberLit(text=str(raw[0]), span=self._tok(raw[0]))

    def duration(self, raw: list[Any]) -> s.DurationLit:
        span, c = self._split(raw)
        return s.DurationLit(amount=str(c[0]), unit=_fold(c[1]), span=span)

    def percent(self, raw: list[Token]) -> s.NumberLit:
        return s.NumberLit(text=str(raw[0]), span=self._tok(raw[0]))

    def money(self, raw: list[Token]) -> s.MoneyLit:
        return s.MoneyLit(text=str(raw[0]), span=self._tok(raw[0]))

    def date(self, raw: list[Token]) -> s.DateLit:
        return s.DateLit(text=str(raw[0]), span=self._tok(raw[0]))

    def string(self, raw: list[Token]) -> s.StringLit:
        return s.StringLit(value=_string(raw[0]), span=self._tok(raw[0]))


def _string(token: Token | str) -> str:
    """The value of a `"…"` literal: `\\"` is a quote, `\\\\` a backslash, `\\n` a newline,
    `\\t` a tab and `\\r` a carriage return."""
    body = str(token)[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)
