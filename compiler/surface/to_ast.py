"""The AST builder: each grammar rule of `grammar/law.lark` → its surface AST node.

Takes the tokens and built children of one rule as Lark (or `compiler.surface.lalr`'s loop)
reduces it; gives the node, with the span from the rule's first word to its last. `TO_AST` is
the one instance the parser of `compiler.surface.parse` is built with; `KEPT` names the
grammar's terminals a node is made of. The rules of expressions, and the span-finding all rules
share, are `compiler.surface.to_ast_expr`, whose `ExpressionRules` `ToAst` extends.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import lark
from lark import Token

from compiler.surface import ast as s
from compiler.surface import print as printer
from compiler.surface.to_ast_expr import KEPT, ExpressionRules, _fold, _Part, _string
from compiler.surface.to_ast_patch import AmendmentRules
from compiler.surface.to_ast_tables import TableRules

__all__ = ["KEPT", "TO_AST", "ToAst"]


class ToAst(AmendmentRules, TableRules):
    """Grammar rules → surface AST nodes: the declarations, provisions, rules and examples
    here, the expressions in `ExpressionRules`. The one instance, `TO_AST`, serves the parser;
    `file` is set for each parse (under `compiler.surface.parse`'s lock)."""

    def __default__(self, data: str, children: list[Any], meta: Any) -> Any:
        if data.startswith("_"):  # an inlined rule (`_article`): Lark splices its children
            return lark.Tree(data, children)
        raise AssertionError(f"no AST builder for grammar rule {data!r}")

    # -- file and header
    def start(self, raw: list[Any]) -> s.File:
        span, c = self._split(raw)
        return s.File(header=c[0], items=tuple(c[1:]), span=span)

    def _header(self, kind: s.FileKind, raw: list[Any]) -> s.Header:
        span, c = self._split(raw)
        return s.Header(kind=kind, title=_string(c[0]), fields=tuple(c[1:]), span=span)

    def law_header(self, raw: list[Any]) -> s.Header:
        return self._header(s.FileKind.LAW, raw)

    def vocabulary_header(self, raw: list[Any]) -> s.Header:
        return self._header(s.FileKind.VOCABULARY, raw)

    def examples_header(self, raw: list[Any]) -> s.Header:
        return self._header(s.FileKind.EXAMPLES, raw)

    def _field(key: str) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> s.HeaderField:
            span, c = self._split(raw)
            value = str(c[0])
            if " --" in value:
                value = value.split(" --", 1)[0]
            return s.HeaderField(key=key, value=value.strip(), span=span)
        return method

    jurisdiction = _field("jurisdiction")
    enacts = _field("enacts")
    amends = _field("amends")
    citation_field = _field("citation")
    in_force_from = _field("in force from")
    in_force_until = _field("in force until")
    uses = _field("uses")
    reads = _field("reads")
    summary = _field("summary")
    patches = _field("patches")

    def dated_by(self, raw: list[Any]) -> s.HeaderField:
        span, (date,) = self._split(raw)
        return s.HeaderField(key="dated by", value=printer.expr(date), expr=date, span=span)

    # -- vocabulary
    def record(self, raw: list[Any]) -> s.RecordDecl:
        span, c = self._split(raw)
        return s.RecordDecl(article="a", name=_fold(c[0]), fields=tuple(c[1:]), span=span)

    def facts(self, raw: list[Any]) -> s.FactsDecl:
        span, c = self._split(raw)
        return s.FactsDecl(fields=tuple(c), span=span)

    def field(self, raw: list[Any]) -> s.FieldDecl:
        span, c = self._split(raw)
        optional = _if_known(c)
        article = c[0].value if len(c) == 3 else None
        return s.FieldDecl(article=article, name=_fold(c[-2]), type=c[-1], span=span,
                           optional=optional)

    def owned_name(self, raw: list[Token]) -> Token:
        """`claimant's age`: one NAME token, the apostrophe as `s.owned_name` spells it."""
        words = [_fold(str(t)) for t in raw if t.type == "NAME"]
        first, last = raw[0], raw[-1]
        return Token("NAME", "'s ".join(words), start_pos=first.start_pos, line=first.line,
                     column=first.column, end_line=last.end_line, end_column=last.end_column,
                     end_pos=last.end_pos)

    def field_article(self, raw: list[Token]) -> _Part:
        return _Part(str(raw[0]), self._tok(raw[0]))

    def _simple_type(cls: Any) -> Any:
        def method(self: Any, raw: list[Any]) -> Any:
            span, _ = self._split(raw)
            return cls(span=span)
        return method

    bool_type = _simple_type(s.BoolType)
    date_type = _simple_type(s.DateType)
    datetime_type = _simple_type(s.DateTimeType)

    def outcome_record_type(self, raw: list[Any]) -> s.OutcomeRecordType:
        span, c = self._split(raw)
        return s.OutcomeRecordType(fields=tuple(_fold(str(t)) for t in c if t.type == "NAME"),
                                   span=span)

    def code_type(self, raw: list[Any]) -> s.CodeType:
        span, c = self._split(raw)
        forms = tuple(_string(t) for t in c if t.__class__ is Token and t.type == "STRING")
        return s.CodeType(forms=forms, span=span)

    def _bounded_type(cls: Any) -> Any:
        def method(self: Any, raw: list[Any]) -> Any:
            span, c = self._split(raw)
            return cls(bounds=c[0] if c else None, span=span)
        return method

    int_type = _bounded_type(s.IntType)
    decimal_type = _bounded_type(s.DecimalType)
    money_type = _bounded_type(s.MoneyType)

    def duration_type(self, raw: list[Any]) -> s.DurationType:
        span, c = self._split(raw)
        return s.DurationType(unit=_fold(c[0]), bounds=c[1] if len(c) > 1 else None, span=span)

    def enum_type(self, raw: list[Any]) -> s.EnumType:
        span, c = self._split(raw)
        values = tuple(part.value[0] for part in c)
        codes = tuple(part.value[1] for part in c)
        return s.EnumType(values=values, codes=codes if any(codes) else (), span=span)

    def named_type(self, raw: list[Any]) -> s.NamedType:
        span, c = self._split(raw)
        return s.NamedType(name=_fold(c[0]), span=span)

    def enum_value(self, raw: list[Token]) -> _Part:
        token = raw[0]
        value = _string(token) if token.type == "STRING" else _fold(token)
        code = str(raw[-1]) if len(raw) > 1 else None
        return _Part((value, code), self._tok(token))

    def bounds_from_to(self, raw: list[Any]) -> s.Bounds:
        span, c = self._split(raw)
        return s.Bounds(low=c[0].value, high=c[1].value, span=span)

    def bounds_at_least(self, raw: list[Any]) -> s.Bounds:
        span, c = self._split(raw)
        return s.Bounds(low=c[0].value, high=None, span=span)

    def bounds_at_most(self, raw: list[Any]) -> s.Bounds:
        span, c = self._split(raw)
        return s.Bounds(low=None, high=c[0].value, span=span)

    def positive_bound(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(Decimal(str(c[0])), span)

    def negative_bound(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(-Decimal(str(c[-1])), span)

    def money_bound(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(Decimal(str(c[0]).lstrip("$").replace(",", "")), span)

    # -- decisions
    def decision(self, raw: list[Any]) -> s.DecisionDecl:
        span, c = self._split(raw)
        optional = _if_known(c)
        default = None
        question = None
        for part in c[2:]:
            kind, value = part.value
            if kind == "default":
                default = value
            else:
                question = value
        return s.DecisionDecl(name=_fold(c[0]), type=c[1], default=default, question=question,
                              span=span, optional=optional)

    def default(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(("default", c[0]), span)

    def question(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(("question", _string(c[0])), span)

    # -- provisions
    def provision(self, raw: list[Any]) -> s.Provision:
        span, c = self._split(raw)
        citation = s.Citation(text=_citation(c[0]), span=self._tok(c[0]))
        rest = c[1:]
        title = None
        if rest and rest[0].__class__ is Token and rest[0].type == "STRING":
            title = _string(rest[0])
            rest = rest[1:]
        return s.Provision(citation=citation, title=title, body=tuple(rest), span=span)

    def dated_figure(self, raw: list[Any]) -> s.DatedFigure:
        span, (name, by, *entries) = self._split(raw)
        return s.DatedFigure(name=_fold(name), by=by, entries=tuple(entries), span=span)

    def figure_entry(self, raw: list[Any]) -> s.FigureEntry:
        span, c = self._split(raw)
        return s.FigureEntry(value=c[0], start=str(c[1]) if len(c) > 1 else None, span=span)

    def quote(self, raw: list[Any]) -> s.Quote:
        token = raw[0]
        text = str(token)[1:]
        if text.startswith(" "):
            text = text[1:]
        return s.Quote(text=text.rstrip(), span=self._tok(token))

    def predicate_definition(self, raw: list[Any]) -> s.PredicateDef:
        span, (subject, phrase, condition) = self._split(raw)
        return s.PredicateDef(article="a", subject=_fold(subject),
                              phrase_article=self._article_before(raw, phrase),
                              phrase=_fold(phrase), condition=condition, span=span)

    def attribute_definition(self, raw: list[Any]) -> s.AttributeDef:
        span, (subject, _poss, name, value) = self._split(raw)
        return s.AttributeDef(article="a", subject=_fold(subject), name=_fold(name), value=value,
                              span=span)

    def value_definition(self, raw: list[Any]) -> s.ValueDef:
        span, c = self._split(raw)
        return s.ValueDef(name=_fold(c[0]), value=c[1], span=span)

    def set_definition(self, raw: list[Any]) -> s.SetDef:
        span, c = self._split(raw)
        return s.SetDef(name=_fold(c[0]), members=tuple(c[1:]), span=span)

    def calendar_definition(self, raw: list[Any]) -> s.CalendarDef:
        span, c = self._split(raw)
        lines: list[s.HolidayLine] = c[1:]
        return s.CalendarDef(name=_fold(c[0]), holidays=tuple(x for x in lines if x.name),
                             observed=tuple(x for x in lines if not x.name), span=span)

    def holiday_line(self, raw: list[Any]) -> s.HolidayLine:
        span, c = self._split(raw)
        return s.HolidayLine(name=_string(c[0]), day=_fold(str(c[1]).split(" --", 1)[0]),
                             span=span)

    def observed_line(self, raw: list[Any]) -> s.HolidayLine:
        span, c = self._split(raw)
        return s.HolidayLine(name="", day=_fold(str(c[0]).split(" --", 1)[0]), span=span)

    def set_member(self, raw: list[Token]) -> s.StringLit:
        return s.StringLit(value=_string(raw[0]), span=self._tok(raw[0]))

    def rule(self, raw: list[Any]) -> s.Rule:
        span, c = self._split(raw)
        override = None
        if c[0].__class__ is s.Override:
            override, c = c[0], c[1:]
        name, body = c
        form, value, condition = body.value
        return s.Rule(override=override, decision=_fold(name), value=value, form=form,
                      condition=condition, span=span)

    def notwithstanding(self, raw: list[Any]) -> s.Override:
        span, c = self._split(raw)
        return s.Override(kind=s.OverrideKind.NOTWITHSTANDING, citations=c[0].value, span=span)

    def except_as_provided(self, raw: list[Any]) -> s.Override:
        span, c = self._split(raw)
        return s.Override(kind=s.OverrideKind.EXCEPT_AS_PROVIDED_IN, citations=c[0].value,
                          span=span)

    def citations(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        head: tuple[s.Citation, ...] = c[0].value if c[0].__class__ is _Part else ()
        last = c[-1]
        return _Part(head + (s.Citation(text=_citation(last), span=self._tok(last)),), span)

    def _rule_body(form: s.RuleForm, has_value: bool, has_condition: bool) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> _Part:
            span, c = self._split(raw)
            value = c[0] if has_value else None
            condition = c[-1] if has_condition else None
            return _Part((form, value, condition), span)
        return method

    rule_if = _rule_body(s.RuleForm.IF, True, True)
    rule_yes_if = _rule_body(s.RuleForm.IF, False, True)
    rule_unless = _rule_body(s.RuleForm.UNLESS, True, True)
    rule_always = _rule_body(s.RuleForm.ALWAYS, True, False)

    def inline_condition(self, raw: list[Any]) -> Any:
        return raw[0]

    def list_condition(self, raw: list[Any]) -> s.ListCondition:
        span, c = self._split(raw)
        return s.ListCondition(kind=c[0].value, items=tuple(c[1:]), span=span)

    def _list_head(kind: s.ListKind) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Token]) -> _Part:
            return _Part(kind, self._tok(raw[0]))
        return method

    all_of = _list_head(s.ListKind.ALL)
    any_of = _list_head(s.ListKind.ANY)
    none_of = _list_head(s.ListKind.NONE)

    def bullet(self, raw: list[Any]) -> Any:
        return raw[-1]

    # -- assumptions
    def assumption(self, raw: list[Any]) -> s.Assumption:
        span, (condition, reason) = self._split(raw)
        text = str(reason).split(" --", 1)[0].strip()
        return s.Assumption(condition=condition, reason=text, span=span)

    def reported(self, raw: list[Any]) -> s.Reported:
        span, (title, source, start, end, date, decision, value, count, total, tolerance) = \
            self._split(raw)
        return s.Reported(title=_string(title), source=str(source).split(" --", 1)[0].strip(),
                          start=str(start), end=str(end), date=date, decision=_fold(decision),
                          value=value, count=int(float(count)), total=int(float(total)),
                          tolerance=str(tolerance), span=span)

    # -- examples
    def example(self, raw: list[Any]) -> s.Example:
        span, c = self._split(raw)
        name = _string(c[0])
        under: tuple[s.Citation, ...] = ()
        rest = c[1:]
        if rest and rest[0].__class__ is _Part:
            under, rest = rest[0].value, rest[1:]
        said = rest[-1].value
        return s.Example(name=name, under=under, given=tuple(rest[:-1]),
                         expect=tuple(e for e in said if isinstance(e, s.Expectation)),
                         failures=tuple(e for e in said if isinstance(e, s.ExpectedFailure)),
                         span=span)

    def example_under(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(tuple(c[0].value), span)

    def expect_one(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(tuple(c), span)

    expect_many = expect_one

    def expectation(self, raw: list[Any]) -> s.Expectation:
        span, c = self._split(raw)
        return s.Expectation(decision=_fold(c[0]), value=c[1], span=span)

    def expect_conflict(self, raw: list[Any]) -> s.ExpectedFailure:
        span, c = self._split(raw)
        parts = [x for x in c if x.__class__ is _Part]
        between: tuple[s.Citation, ...] = parts[0].value if parts else ()
        return s.ExpectedFailure(kind="conflict", decision=_fold(c[-1]), between=between,
                                 span=span)

    def expect_unknown(self, raw: list[Any]) -> s.ExpectedFailure:
        span, c = self._split(raw)
        return s.ExpectedFailure(kind="unknown", decision=_fold(c[0]), span=span)

    def expect_gap(self, raw: list[Any]) -> s.ExpectedFailure:
        span, c = self._split(raw)
        return s.ExpectedFailure(kind="gap", decision=_fold(c[-1]), span=span)

    def given_unknown(self, raw: list[Any]) -> s.GivenValue:
        span, c = self._split(raw)
        return s.GivenValue(target=c[0], value=None, span=span)

    def given_value(self, raw: list[Any]) -> s.GivenValue:
        span, c = self._split(raw)
        return s.GivenValue(target=c[0], value=c[1], span=span)

    def given_record(self, raw: list[Any]) -> s.GivenRecord:
        span, c = self._split(raw)
        return s.GivenRecord(owner=c[0], article="a", element=_fold(c[1]), facts=tuple(c[2:]),
                             span=span)

    def _given_flag(owned: bool, value: bool) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> s.GivenFlag:
            span, owner, name, article = self._flag(raw, owned, not value)
            return s.GivenFlag(owner=owner, name=name, article=article, value=value, span=span)
        return method

    given_yes = _given_flag(owned=True, value=True)
    given_no = _given_flag(owned=True, value=False)
    given_there_is = _given_flag(owned=False, value=True)
    given_there_is_no = _given_flag(owned=False, value=False)


TO_AST = ToAst()



def _if_known(children: list[Any]) -> bool:
    """Whether a declaration ends `, if known` (its value may be missing); the word is taken
    out of `children`."""
    for i, x in enumerate(children):
        if x.__class__ is Token and x.type == "IF_KNOWN":
            del children[i]
            return True
    return False


def _citation(token: Token | str) -> str:
    text = str(token)
    return "§ " + text[1:].strip()
