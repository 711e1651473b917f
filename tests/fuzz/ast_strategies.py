"""Hypothesis strategies for random surface trees: every construct of `compiler.surface.ast`.

Takes nothing; gives `files()`, random `s.File` trees that `compiler.surface.print.file` prints
and `parse` reads back to an equal tree (property tests print trees rather than glue grammar
strings together). Trees are shaped as the parser builds them (no `Paren` node, articles where
the parser keeps them), and names are drawn from words that are neither reserved nor keywords,
in several scripts, with the joiners `of`, `a`, `an` and `the` inside. They need not make sense:
the checker must reject nonsense with diagnostics, never crash.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from compiler.surface import ast as s

GRAMMAR = Path(__file__).resolve().parents[2] / "grammar" / "law.lark"
KEYWORDS = set(re.findall(r'"([a-z]+)"', GRAMMAR.read_text(encoding="utf-8"))) | {
    "a", "after", "all", "an", "and", "any", "are", "at", "before", "divided", "every", "from",
    "has", "if", "is", "it", "its", "less", "means", "minus", "more", "no", "none", "not",
    "number", "of", "one", "or", "plus", "such", "that", "the", "there", "times", "to",
    "unless", "with", "within", "yes"}
WORDS = [w for w in (
    "flag", "person", "conviction", "income", "borrower", "loan", "charge", "agency", "hold",
    "request", "release", "Straße", "naïve", "e-reader", "DC", "x1", "offence_code", "\u0441lass",
    "日本", "Ωmega", "class", "def", "import", "print", "lambda", "None", "True", "init__",
    "self", "decide", "Enum", "case", "warrant", "felony", "misdemeanor", "review", "share")
    if w.lower() not in KEYWORDS]
JOINERS = ["of", "a", "an", "the", "of a"]


@st.composite
def names(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    out = [words[0]]
    for word in words[1:]:
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(JOINERS)))
        out.append(word)
    return " ".join(out)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
line_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
                     min_size=1, max_size=30).map(str.strip).filter(
    lambda t: t != "" and " --" not in t and not t.startswith("--"))
citations = st.builds(
    lambda parts: s.Citation(text="§ " + "".join(parts)),
    st.lists(st.sampled_from(["1", "9-131", "24-211.07", "(a)", "(b)", "(ii)", "(2)", ".3",
                              "/x", "–4"]), min_size=1, max_size=4).filter(
        lambda p: p[0][0].isalnum()))
numbers = st.one_of(st.integers(0, 10**6).map(str),
                    st.decimals(0, 1000, places=2).map(lambda d: format(d, "f")))
moneys = st.one_of(st.integers(0, 10**7).map(lambda n: f"${n:,}"),
                   st.integers(0, 10**5).map(lambda n: f"${n}.{n % 100:02d}"))
dates = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999),
                  st.integers(0, 99), st.integers(0, 99))

# ----------------------------------------------------------------------------- expressions

# the operators whose both sides are any expression (`for each` counts a name, a rounding names
# its unit)
_BINARY = [s.Arith.PLUS, s.Arith.MINUS, s.Arith.TIMES, s.Arith.DIVIDED_BY, *s.EXTREMES]
percents = numbers.map(lambda n: n + "%")

literals = st.one_of(
    st.builds(s.BoolLit, value=st.booleans()),
    st.builds(s.NumberLit, text=numbers),
    st.builds(s.NumberLit, text=percents),
    st.builds(s.MoneyLit, text=moneys),
    st.builds(s.DateLit, text=dates),
    st.builds(s.DurationLit, amount=st.integers(0, 99).map(str), unit=names()),
    st.builds(s.StringLit, value=texts),
)
references = st.one_of(
    st.builds(s.TheRef, name=names()),
    st.builds(s.ItsRef, name=names()),
    st.just(s.ItRef()),
)
atoms = st.one_of(literals, references, st.builds(s.BareName, name=names(), article=st.none()))


def _starts_with_bare_name(e: s.Expr) -> bool:
    """`any X of felony …` would read `X of felony` as one name: owners after `of` must not."""
    match e:
        case s.BareName():
            return True
        case s.Possessive(owner=owner, of_form=False):
            return _starts_with_bare_name(owner)
    return False


def _postfix(children: st.SearchStrategy[s.Expr]) -> st.SearchStrategy[s.Expr]:
    return st.builds(s.Possessive, owner=children, name=names(), of_form=st.just(False))


def _compound(children: st.SearchStrategy[s.Expr]) -> st.SearchStrategy[s.Expr]:
    owners = children.filter(lambda e: not _starts_with_bare_name(e))
    conditions = st.one_of(st.none(), children)
    return st.one_of(
        _postfix(children),
        st.builds(s.Possessive, owner=owners, name=names(), of_form=st.just(True)),
        st.builds(s.Count, element=names(), owner=owners, such_that=conditions),
        st.builds(s.Quantified, quantifier=st.sampled_from(s.Quantifier), element=names(),
                  owner=owners, such_that=conditions),
        st.builds(s.TimeSpan, start=children, end=children),
        st.builds(s.Call, name=names(), argument=children),
        st.builds(s.Aggregate, kind=st.sampled_from(s.AggregateKind), measure=names(),
                  items=owners, such_that=conditions),
        st.builds(s.Arithmetic, op=st.just(s.Arith.PERCENT_OF),
                  left=st.sampled_from(["20%", "7.5%"]).map(lambda t: s.NumberLit(text=t)),
                  right=owners),
        st.builds(s.Arithmetic, op=st.sampled_from(_BINARY), left=children, right=children),
        st.builds(s.Arithmetic, op=st.just(s.Arith.FOR_EACH),
                  left=st.builds(s.MoneyLit, text=moneys),
                  right=st.builds(s.BareName, name=names(), article=st.none())),
        st.builds(s.Arithmetic, op=st.sampled_from(s.ROUNDINGS), left=children,
                  right=st.builds(s.BareName, name=st.sampled_from(["dollar", "cent", "number"]),
                                  article=st.none())),
        st.sampled_from(s.Relation).flatmap(lambda rel: st.builds(
            s.Compare, subject=children, relation=st.just(rel),
            # `starts with` has no negated form in the language (`not` before a condition)
            negated=st.just(False) if rel is s.Relation.STARTS_WITH else st.booleans(),
            operands=st.lists(children, min_size=_arity(rel)[0], max_size=_arity(rel)[1]
                              ).map(tuple))),
        st.builds(lambda owner, name, negated, article: s.Has(
            owner=owner, name=name, negated=negated, article=None if negated else article),
            st.one_of(st.none(), children), names(), st.booleans(),
            st.sampled_from([None, "a", "an"])),
        st.builds(s.Not, operand=children),
        st.integers(2, 4).flatmap(lambda n: st.builds(
            s.Chain, operands=st.lists(children.filter(lambda e: not isinstance(e, s.Chain)),
                                       min_size=n, max_size=n).map(tuple),
            connectives=st.lists(st.sampled_from(s.Connective), min_size=n - 1,
                                 max_size=n - 1).map(tuple))),
    )


def _arity(rel: s.Relation) -> tuple[int, int]:
    if rel is s.Relation.KNOWN:  # `X is known` has no operand
        return 0, 0
    if rel is s.Relation.ONE_OF:
        return 1, 3
    if rel in (s.Relation.WITHIN_BEFORE, s.Relation.WITHIN_AFTER, s.Relation.WITHIN_OF):
        return 2, 2
    return 1, 1


expressions: st.SearchStrategy[s.Expr] = st.recursive(atoms, _compound, max_leaves=12)
sums = expressions  # the printer adds the parentheses a place needs


def _conditions(depth: int = 0) -> st.SearchStrategy[s.Expr]:
    if depth >= 3:
        return expressions
    return st.one_of(expressions, expressions, st.builds(
        s.ListCondition, kind=st.sampled_from(s.ListKind),
        items=st.lists(st.deferred(lambda: _conditions(depth + 1)), min_size=1,
                       max_size=3).map(tuple)))


conditions = _conditions()

# ---------------------------------------------------------------------------------- types

_decimals = st.decimals(-1000, 1000, places=2)
_money_bounds = st.one_of(st.integers(0, 10**6).map(Decimal),
                          st.integers(0, 10**6).map(lambda n: Decimal(n) / 100))


def _bounds(values: st.SearchStrategy[Decimal]) -> st.SearchStrategy[s.Bounds | None]:
    return st.one_of(st.none(), st.builds(s.Bounds, low=values, high=values),
                     st.builds(s.Bounds, low=values, high=st.none()),
                     st.builds(s.Bounds, low=st.none(), high=values))


enum_values = st.lists(st.one_of(names(), texts.filter(bool)), min_size=1, max_size=4,
                       unique=True).map(tuple)
types: st.SearchStrategy[s.TypeExpr] = st.one_of(
    st.just(s.BoolType()),
    st.builds(s.IntType, bounds=_bounds(_decimals)),
    st.builds(s.DecimalType, bounds=_bounds(_decimals)),
    st.builds(s.MoneyType, bounds=_bounds(_money_bounds)),
    st.just(s.DateType()),
    st.just(s.CodeType()),
    st.builds(s.DurationType, unit=names(), bounds=_bounds(_decimals)),
    st.builds(s.EnumType, values=enum_values),
    st.builds(s.NamedType, name=names()),
)
fields = st.builds(s.FieldDecl, article=st.sampled_from([None, "a", "an", "the"]), name=names(),
                   type=types)

# ---------------------------------------------------------------------------------- items

definitions = st.one_of(
    st.builds(s.PredicateDef, article=st.just("a"), subject=names(), phrase_article=st.none(),
              phrase=names(), condition=conditions),
    st.builds(s.AttributeDef, article=st.just("a"), subject=names(), name=names(),
              value=expressions),
    st.builds(s.ValueDef, name=names(), value=conditions),
    st.builds(s.SetDef, name=names(),
              members=st.lists(st.builds(s.StringLit, value=texts), min_size=1,
                               max_size=3).map(tuple)),
)
overrides = st.one_of(st.none(), st.builds(
    s.Override, kind=st.sampled_from(s.OverrideKind),
    citations=st.lists(citations, min_size=1, max_size=3).map(tuple)))
rules = st.one_of(
    st.builds(s.Rule, override=overrides, decision=names(), value=sums,
              form=st.sampled_from([s.RuleForm.IF, s.RuleForm.UNLESS]), condition=conditions),
    st.builds(s.Rule, override=overrides, decision=names(), value=st.none(),
              form=st.just(s.RuleForm.IF), condition=conditions),
    st.builds(s.Rule, override=overrides, decision=names(), value=sums,
              form=st.just(s.RuleForm.ALWAYS), condition=st.none()),
)
quotes = st.builds(s.Quote, text=st.text(st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=40).map(str.strip))
provisions = st.builds(
    s.Provision, citation=citations, title=st.one_of(st.none(), texts),
    body=st.lists(st.one_of(quotes, definitions, rules), max_size=4).map(tuple))
decisions = st.builds(
    s.DecisionDecl, name=names(),
    type=st.one_of(st.just(s.BoolType()), st.builds(s.EnumType, values=enum_values),
                   st.builds(s.OutcomeRecordType,
                             fields=st.lists(names(), min_size=2, max_size=3).map(tuple))),
    default=st.one_of(st.none(), sums), question=st.one_of(st.none(), texts))
postfixes = st.recursive(references | st.builds(s.BareName, name=names(), article=st.none()),
                         _postfix, max_leaves=3)


def _givens(depth: int = 0) -> st.SearchStrategy[s.Given]:
    flags = st.builds(
        lambda owner, name, value, article: s.GivenFlag(
            owner=owner, name=name, value=value, article=article if value else None),
        st.one_of(st.none(), postfixes), names(), st.booleans(),
        st.sampled_from([None, "a", "an"]))
    values = st.builds(s.GivenValue, target=postfixes, value=sums)
    if depth >= 2:
        return st.one_of(values, flags)
    return st.one_of(values, flags, st.builds(
        s.GivenRecord, owner=postfixes, article=st.just("a"), element=names(),
        facts=st.lists(st.deferred(lambda: _givens(depth + 1)), min_size=1,
                       max_size=3).map(tuple)))


examples = st.builds(
    s.Example, name=texts, under=st.lists(citations, max_size=2).map(tuple),
    given=st.lists(_givens(), min_size=1, max_size=3).map(tuple),
    expect=st.lists(st.builds(s.Expectation, decision=names(), value=sums), min_size=1,
                    max_size=2).map(tuple),
    failures=st.lists(st.one_of(
        st.builds(s.ExpectedFailure, kind=st.just("gap"), decision=names()),
        st.builds(s.ExpectedFailure, kind=st.just("conflict"), decision=names(),
                  between=st.lists(citations, max_size=3).map(tuple))), max_size=2).map(tuple))
records = st.builds(s.RecordDecl, article=st.just("a"), name=names(),
                    fields=st.lists(fields, min_size=1, max_size=3).map(tuple))
facts_blocks = st.builds(s.FactsDecl, fields=st.lists(fields, min_size=1, max_size=3).map(tuple))
items = st.one_of(records, facts_blocks, decisions, provisions, definitions, examples)

_HEADER_KEYS = ["jurisdiction", "enacts", "amends", "citation", "uses", "summary"]
header_fields = st.one_of(
    st.builds(s.HeaderField, key=st.sampled_from(_HEADER_KEYS), value=line_texts),
    st.builds(s.HeaderField, key=st.sampled_from(["in force from", "in force until"]),
              value=dates))


@st.composite
def files(draw: st.DrawFn) -> s.File:
    kind = draw(st.sampled_from(s.FileKind))
    min_fields = 1 if kind is s.FileKind.LAW else 0
    header = s.Header(kind=kind, title=draw(texts),
                      fields=tuple(draw(st.lists(header_fields, min_size=min_fields,
                                                 max_size=3))))
    return s.File(header=header, items=tuple(draw(st.lists(items, max_size=5))))
