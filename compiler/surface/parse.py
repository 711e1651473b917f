"""Parsing: `.law` text → surface AST.

Takes the text of one file and its path; gives a `compiler.surface.ast.File`, or raises
`DiagnosticError` with a syntax diagnostic that points at the word (file:line:column, a caret,
and what was expected in plain words). The grammar is `grammar/law.lark` (LALR, Lark's contextual
lexer, Python-style indentation). The transformer below only maps syntax to the AST.
"""

from __future__ import annotations

import functools
import gc
import importlib.resources
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token, v_args
from lark.visitors import Transformer_NonRecursive
from lark.indenter import Indenter

from compiler.diagnostics import DiagnosticError, error
from compiler.span import Span
from compiler.surface import ast as s

GRAMMAR_NAME = "law.lark"


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, from `grammar/`."""
    try:
        resource = importlib.resources.files("compiler.grammar").joinpath(GRAMMAR_NAME)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    return (Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_NAME).read_text(
        encoding="utf-8")


class IndentationError_(Exception):
    def __init__(self, token: Token, message: str) -> None:
        super().__init__(message)
        self.token = token
        self.message = message


class LawIndenter(Indenter):
    """Python-style blocks; a newline right after a comma continues the line."""

    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR"]
    CLOSE_PAREN_types = ["RPAR"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8

    def handle_NL(self, token: Token) -> Iterator[Token]:
        if self.paren_level > 0:
            return
        yield token
        indent_str = token.rsplit("\n", 1)[1]
        indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len
        if indent > self.indent_level[-1]:
            self.indent_level.append(indent)
            yield Token.new_borrow_pos(self.INDENT_type, indent_str, token)
        else:
            while indent < self.indent_level[-1]:
                self.indent_level.pop()
                yield Token.new_borrow_pos(self.DEDENT_type, indent_str, token)
            if indent != self.indent_level[-1]:
                raise IndentationError_(token, (
                    f"this line is indented by {indent} spaces, which matches no block above it"))

    def _process(self, stream: Iterator[Token]) -> Iterator[Token]:
        yield from super()._process(_join_after_commas(stream))  # type: ignore[no-untyped-call]


def _join_after_commas(stream: Iterator[Token]) -> Iterator[Token]:
    previous_type = ""
    for token in stream:
        if token.type == "_NL" and previous_type == "COMMA":
            continue
        previous_type = token.type
        yield token


@functools.cache
def parser() -> Lark:
    """The parser, built once per process; Lark keeps the LALR tables of this exact grammar in
    the system's temporary folder (`cache=True`), which makes building it ten times faster."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", postlex=LawIndenter(),
                propagate_positions=True, maybe_placeholders=False, cache=True)


# ----------------------------------------------------------------------------- transformer


def _fold(name: str) -> str:
    return " ".join(name.split())


class _ToAst(Transformer_NonRecursive[Token, Any]):  # iterative: deep nesting cannot overflow the stack
    def __init__(self, file: str, text: str = "") -> None:
        super().__init__()
        self.file = file
        self.lines = text.split("\n")

    def _article_before(self, name: Token) -> str | None:
        """`a` or `an` if the source has one just before the name (`has a disability`)."""
        if not name.line or not name.column or name.line > len(self.lines):
            return None
        words = self.lines[name.line - 1][:name.column - 1].split()
        return words[-1] if words and words[-1] in ("a", "an") else None

    # spans
    def _span(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.file, 1, 1, 1, 1)
        end_line, end_column = meta.end_line, meta.end_column
        # a span that takes in the line end after it ends, for readers, on its own line
        while end_column == 1 and end_line > meta.line:
            end_line -= 1
            text = self.lines[end_line - 1] if 0 < end_line <= len(self.lines) else ""
            end_column = len(text.split(" --")[0].rstrip()) + 1
        return Span(self.file, meta.line, meta.column, end_line, end_column)

    def _tok(self, token: Token) -> Span:
        return Span(self.file, token.line or 1, token.column or 1, token.end_line or 1,
                    token.end_column or 1)

    # -- file and header
    @v_args(meta=True)
    def start(self, meta: Any, children: list[Any]) -> s.File:
        return s.File(header=children[0], items=tuple(children[1:]), span=self._span(meta))

    def _header(self, kind: s.FileKind, meta: Any, children: list[Any]) -> s.Header:
        return s.Header(kind=kind, title=_string(children[0]), fields=tuple(children[1:]),
                        span=self._span(meta))

    @v_args(meta=True)
    def law_header(self, meta: Any, children: list[Any]) -> s.Header:
        return self._header(s.FileKind.LAW, meta, children)

    @v_args(meta=True)
    def vocabulary_header(self, meta: Any, children: list[Any]) -> s.Header:
        return self._header(s.FileKind.VOCABULARY, meta, children)

    @v_args(meta=True)
    def examples_header(self, meta: Any, children: list[Any]) -> s.Header:
        return self._header(s.FileKind.EXAMPLES, meta, children)

    def _field(self, key: str, meta: Any, children: list[Any]) -> s.HeaderField:
        value = str(children[0])
        if " --" in value:
            value = value.split(" --", 1)[0]
        return s.HeaderField(key=key, value=value.strip(), span=self._span(meta))

    @v_args(meta=True)
    def jurisdiction(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("jurisdiction", meta, c)

    @v_args(meta=True)
    def enacts(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("enacts", meta, c)

    @v_args(meta=True)
    def amends(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("amends", meta, c)

    @v_args(meta=True)
    def citation_field(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("citation", meta, c)

    @v_args(meta=True)
    def in_force_from(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("in force from", meta, c)

    @v_args(meta=True)
    def in_force_until(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("in force until", meta, c)

    @v_args(meta=True)
    def uses(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("uses", meta, c)

    @v_args(meta=True)
    def summary(self, meta: Any, c: list[Any]) -> s.HeaderField:
        return self._field("summary", meta, c)

    # -- vocabulary
    @v_args(meta=True)
    def record(self, meta: Any, c: list[Any]) -> s.RecordDecl:
        return s.RecordDecl(article="a", name=_fold(c[0]), fields=tuple(c[1:]),
                            span=self._span(meta))

    @v_args(meta=True)
    def facts(self, meta: Any, c: list[Any]) -> s.FactsDecl:
        return s.FactsDecl(fields=tuple(c), span=self._span(meta))

    @v_args(meta=True)
    def field(self, meta: Any, c: list[Any]) -> s.FieldDecl:
        article = c[0] if isinstance(c[0], str) and len(c) == 3 else None
        return s.FieldDecl(article=article, name=_fold(c[-2]), type=c[-1], span=self._span(meta))

    def field_article(self, c: list[Token]) -> str:
        return str(c[0])

    @v_args(meta=True)
    def bool_type(self, meta: Any, c: list[Any]) -> s.BoolType:
        return s.BoolType(span=self._span(meta))

    @v_args(meta=True)
    def int_type(self, meta: Any, c: list[Any]) -> s.IntType:
        return s.IntType(bounds=c[0] if c else None, span=self._span(meta))

    @v_args(meta=True)
    def decimal_type(self, meta: Any, c: list[Any]) -> s.DecimalType:
        return s.DecimalType(bounds=c[0] if c else None, span=self._span(meta))

    @v_args(meta=True)
    def money_type(self, meta: Any, c: list[Any]) -> s.MoneyType:
        return s.MoneyType(bounds=c[0] if c else None, span=self._span(meta))

    @v_args(meta=True)
    def date_type(self, meta: Any, c: list[Any]) -> s.DateType:
        return s.DateType(span=self._span(meta))

    @v_args(meta=True)
    def code_type(self, meta: Any, c: list[Any]) -> s.CodeType:
        return s.CodeType(span=self._span(meta))

    @v_args(meta=True)
    def duration_type(self, meta: Any, c: list[Any]) -> s.DurationType:
        return s.DurationType(unit=_fold(c[0]), bounds=c[1] if len(c) > 1 else None,
                              span=self._span(meta))

    @v_args(meta=True)
    def enum_type(self, meta: Any, c: list[Any]) -> s.EnumType:
        return s.EnumType(values=tuple(c), span=self._span(meta))

    @v_args(meta=True)
    def named_type(self, meta: Any, c: list[Any]) -> s.NamedType:
        return s.NamedType(name=_fold(c[0]), span=self._span(meta))

    def enum_value(self, c: list[Token]) -> str:
        token = c[0]
        return _string(token) if token.type == "STRING" else _fold(token)

    @v_args(meta=True)
    def bounds_from_to(self, meta: Any, c: list[Any]) -> s.Bounds:
        return s.Bounds(low=c[0], high=c[1], span=self._span(meta))

    @v_args(meta=True)
    def bounds_at_least(self, meta: Any, c: list[Any]) -> s.Bounds:
        return s.Bounds(low=c[0], high=None, span=self._span(meta))

    @v_args(meta=True)
    def bounds_at_most(self, meta: Any, c: list[Any]) -> s.Bounds:
        return s.Bounds(low=None, high=c[0], span=self._span(meta))

    def positive_bound(self, c: list[Token]) -> Any:
        from decimal import Decimal
        return Decimal(str(c[0]))

    def negative_bound(self, c: list[Token]) -> Any:
        from decimal import Decimal
        return -Decimal(str(c[-1]))

    def money_bound(self, c: list[Token]) -> Any:
        from decimal import Decimal
        return Decimal(str(c[0]).lstrip("$").replace(",", ""))

    # -- decisions
    @v_args(meta=True)
    def decision(self, meta: Any, c: list[Any]) -> s.DecisionDecl:
        default = None
        question = None
        for line in c[2:]:
            if line[0] == "default":
                default = line[1]
            else:
                question = line[1]
        return s.DecisionDecl(name=_fold(c[0]), type=c[1], default=default, question=question,
                              span=self._span(meta))

    def default(self, c: list[Any]) -> tuple[str, Any]:
        return ("default", c[0])

    def question(self, c: list[Any]) -> tuple[str, Any]:
        return ("question", _string(c[0]))

    # -- provisions
    @v_args(meta=True)
    def provision(self, meta: Any, c: list[Any]) -> s.Provision:
        citation = s.Citation(text=_citation(c[0]), span=self._tok(c[0]))
        rest = c[1:]
        title = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            title = _string(rest[0])
            rest = rest[1:]
        return s.Provision(citation=citation, title=title, body=tuple(rest),
                           span=self._span(meta))

    @v_args(meta=True)
    def quote(self, meta: Any, c: list[Token]) -> s.Quote:
        text = str(c[0])[1:]
        if text.startswith(" "):
            text = text[1:]
        return s.Quote(text=text.rstrip(), span=self._tok(c[0]))

    @v_args(meta=True)
    def predicate_definition(self, meta: Any, c: list[Any]) -> s.PredicateDef:
        subject, phrase, condition = c
        return s.PredicateDef(article="a", subject=_fold(subject),
                              phrase_article=self._article_before(phrase),
                              phrase=_fold(phrase), condition=condition, span=self._span(meta))

    @v_args(meta=True)
    def attribute_definition(self, meta: Any, c: list[Any]) -> s.AttributeDef:
        subject, _poss, name, value = c
        return s.AttributeDef(article="a", subject=_fold(subject), name=_fold(name), value=value,
                              span=self._span(meta))

    @v_args(meta=True)
    def value_definition(self, meta: Any, c: list[Any]) -> s.ValueDef:
        return s.ValueDef(name=_fold(c[0]), value=c[1], span=self._span(meta))

    @v_args(meta=True)
    def set_definition(self, meta: Any, c: list[Any]) -> s.SetDef:
        return s.SetDef(name=_fold(c[0]), members=tuple(c[1:]), span=self._span(meta))

    @v_args(meta=True)
    def set_member(self, meta: Any, c: list[Token]) -> s.StringLit:
        return s.StringLit(value=_string(c[0]), span=self._tok(c[0]))

    @v_args(meta=True)
    def rule(self, meta: Any, c: list[Any]) -> s.Rule:
        override = None
        if isinstance(c[0], s.Override):
            override, c = c[0], c[1:]
        name, (form, value, condition) = c
        return s.Rule(override=override, decision=_fold(name), value=value, form=form,
                      condition=condition, span=self._span(meta))

    @v_args(meta=True)
    def notwithstanding(self, meta: Any, c: list[Any]) -> s.Override:
        return s.Override(kind=s.OverrideKind.NOTWITHSTANDING, citations=c[0],
                          span=self._span(meta))

    @v_args(meta=True)
    def except_as_provided(self, meta: Any, c: list[Any]) -> s.Override:
        return s.Override(kind=s.OverrideKind.EXCEPT_AS_PROVIDED_IN, citations=c[0],
                          span=self._span(meta))

    def citations(self, c: list[Any]) -> tuple[s.Citation, ...]:
        head: tuple[s.Citation, ...] = c[0] if isinstance(c[0], tuple) else ()
        last = c[-1]
        if isinstance(last, tuple):
            return last
        return head + (s.Citation(text=_citation(last), span=self._tok(last)),)

    def rule_if(self, c: list[Any]) -> tuple[s.RuleForm, Any, Any]:
        return (s.RuleForm.IF, c[0], c[1])

    def rule_yes_if(self, c: list[Any]) -> tuple[s.RuleForm, Any, Any]:
        return (s.RuleForm.IF, None, c[0])

    def rule_unless(self, c: list[Any]) -> tuple[s.RuleForm, Any, Any]:
        return (s.RuleForm.UNLESS, c[0], c[1])

    def rule_always(self, c: list[Any]) -> tuple[s.RuleForm, Any, Any]:
        return (s.RuleForm.ALWAYS, c[0], None)

    def inline_condition(self, c: list[Any]) -> Any:
        return c[0]

    @v_args(meta=True)
    def list_condition(self, meta: Any, c: list[Any]) -> s.ListCondition:
        return s.ListCondition(kind=c[0], items=tuple(c[1:]), span=self._span(meta))

    def all_of(self, c: list[Any]) -> s.ListKind:
        return s.ListKind.ALL

    def any_of(self, c: list[Any]) -> s.ListKind:
        return s.ListKind.ANY

    def none_of(self, c: list[Any]) -> s.ListKind:
        return s.ListKind.NONE

    def bullet(self, c: list[Any]) -> Any:
        return c[0]

    # -- examples
    @v_args(meta=True)
    def example(self, meta: Any, c: list[Any]) -> s.Example:
        name = _string(c[0])
        under: tuple[s.Citation, ...] = ()
        rest = c[1:]
        if rest and isinstance(rest[0], tuple) and rest[0] and isinstance(rest[0][0], s.Citation):
            under, rest = rest[0], rest[1:]
        givens = tuple(x for x in rest[:-1])
        return s.Example(name=name, under=under, given=givens, expect=rest[-1],
                         span=self._span(meta))

    def example_under(self, c: list[Any]) -> tuple[s.Citation, ...]:
        return tuple(c[0])

    def expect_one(self, c: list[Any]) -> tuple[s.Expectation, ...]:
        return tuple(c)

    def expect_many(self, c: list[Any]) -> tuple[s.Expectation, ...]:
        return tuple(c)

    @v_args(meta=True)
    def expectation(self, meta: Any, c: list[Any]) -> s.Expectation:
        return s.Expectation(decision=_fold(c[0]), value=c[1], span=self._span(meta))

    @v_args(meta=True)
    def given_value(self, meta: Any, c: list[Any]) -> s.GivenValue:
        return s.GivenValue(target=c[0], value=c[1], span=self._span(meta))

    @v_args(meta=True)
    def given_record(self, meta: Any, c: list[Any]) -> s.GivenRecord:
        return s.GivenRecord(owner=c[0], article="a", element=_fold(c[1]), facts=tuple(c[2:]),
                             span=self._span(meta))

    @v_args(meta=True)
    def given_yes(self, meta: Any, c: list[Any]) -> s.GivenFlag:
        return s.GivenFlag(owner=c[0], name=_fold(c[1]), article=self._article_before(c[1]),
                           value=True, span=self._span(meta))

    @v_args(meta=True)
    def given_no(self, meta: Any, c: list[Any]) -> s.GivenFlag:
        return s.GivenFlag(owner=c[0], name=_fold(c[1]), article=None, value=False,
                           span=self._span(meta))

    @v_args(meta=True)
    def given_there_is(self, meta: Any, c: list[Any]) -> s.GivenFlag:
        return s.GivenFlag(owner=None, name=_fold(c[0]), article=self._article_before(c[0]),
                           value=True, span=self._span(meta))

    @v_args(meta=True)
    def given_there_is_no(self, meta: Any, c: list[Any]) -> s.GivenFlag:
        return s.GivenFlag(owner=None, name=_fold(c[0]), article=None, value=False,
                           span=self._span(meta))

    # -- expressions
    @v_args(meta=True)
    def chain(self, meta: Any, c: list[Any]) -> s.Chain:
        operands = tuple(c[0::2])
        tokens = c[1::2]
        return s.Chain(operands=operands,
                       connectives=tuple(s.Connective(str(t)) for t in tokens),
                       connective_spans=tuple(self._tok(t) for t in tokens),
                       span=self._span(meta))

    @v_args(meta=True)
    def negate(self, meta: Any, c: list[Any]) -> s.Not:
        return s.Not(operand=c[0], span=self._span(meta))

    @v_args(meta=True)
    def is_(self, meta: Any, c: list[Any]) -> s.Compare:
        relation, operands = c[1]
        return s.Compare(subject=c[0], relation=relation, negated=False, operands=operands,
                         span=self._span(meta))

    @v_args(meta=True)
    def is_not(self, meta: Any, c: list[Any]) -> s.Compare:
        relation, operands = c[1]
        return s.Compare(subject=c[0], relation=relation, negated=True, operands=operands,
                         span=self._span(meta))

    @v_args(meta=True)
    def has(self, meta: Any, c: list[Any]) -> s.Has:
        return s.Has(owner=c[0], name=_fold(c[1]), article=self._article_before(c[1]),
                     negated=False, span=self._span(meta))

    @v_args(meta=True)
    def has_no(self, meta: Any, c: list[Any]) -> s.Has:
        return s.Has(owner=c[0], name=_fold(c[1]), article=None, negated=True,
                     span=self._span(meta))

    @v_args(meta=True)
    def there_is(self, meta: Any, c: list[Any]) -> s.Has:
        return s.Has(owner=None, name=_fold(c[0]), article=self._article_before(c[0]),
                     negated=False, span=self._span(meta))

    @v_args(meta=True)
    def there_is_no(self, meta: Any, c: list[Any]) -> s.Has:
        return s.Has(owner=None, name=_fold(c[0]), article=None, negated=True,
                     span=self._span(meta))

    def _relation(relation: s.Relation) -> Any:  # type: ignore[misc]
        def method(self: Any, c: list[Any]) -> tuple[s.Relation, tuple[Any, ...]]:
            return (relation, tuple(c))
        return method

    rel_equal = _relation(s.Relation.EQUAL)
    rel_one_of = _relation(s.Relation.ONE_OF)
    rel_at_least = _relation(s.Relation.AT_LEAST)
    rel_at_most = _relation(s.Relation.AT_MOST)
    rel_more_than = _relation(s.Relation.MORE_THAN)
    rel_less_than = _relation(s.Relation.LESS_THAN)
    rel_before = _relation(s.Relation.BEFORE)
    rel_after = _relation(s.Relation.AFTER)

    def rel_on_or_before(self, c: list[Any]) -> tuple[s.Relation, tuple[Any, ...]]:
        return (s.Relation.ON_OR_BEFORE, (c[-1],))

    def rel_on_or_after(self, c: list[Any]) -> tuple[s.Relation, tuple[Any, ...]]:
        return (s.Relation.ON_OR_AFTER, (c[-1],))

    rel_within_before = _relation(s.Relation.WITHIN_BEFORE)
    rel_within_after = _relation(s.Relation.WITHIN_AFTER)
    rel_within_of = _relation(s.Relation.WITHIN_OF)

    def _arith(op: s.Arith) -> Any:  # type: ignore[misc]
        @v_args(meta=True)
        def method(self: Any, meta: Any, c: list[Any]) -> s.Arithmetic:
            return s.Arithmetic(op=op, left=c[0], right=c[-1], span=self._span(meta))
        return method

    plus = _arith(s.Arith.PLUS)
    minus = _arith(s.Arith.MINUS)
    times = _arith(s.Arith.TIMES)
    divided_by = _arith(s.Arith.DIVIDED_BY)

    @v_args(meta=True)
    def the_of(self, meta: Any, c: list[Any]) -> s.Possessive:
        return s.Possessive(owner=c[1], name=_fold(c[0]), of_form=True, span=self._span(meta))

    @v_args(meta=True)
    def possessive(self, meta: Any, c: list[Any]) -> s.Possessive:
        return s.Possessive(owner=c[0], name=_fold(c[2]), span=self._span(meta))

    @v_args(meta=True)
    def count(self, meta: Any, c: list[Any]) -> s.Count:
        return s.Count(element=_fold(c[0]), owner=c[1], such_that=c[2] if len(c) > 2 else None,
                       span=self._span(meta))

    def _quantifier(q: s.Quantifier) -> Any:  # type: ignore[misc]
        @v_args(meta=True)
        def method(self: Any, meta: Any, c: list[Any]) -> s.Quantified:
            return s.Quantified(quantifier=q, element=_fold(c[0]), owner=c[1],
                                such_that=c[2] if len(c) > 2 else None, span=self._span(meta))
        return method

    any_quantifier = _quantifier(s.Quantifier.ANY)
    every_quantifier = _quantifier(s.Quantifier.EVERY)
    no_quantifier = _quantifier(s.Quantifier.NO)

    def such_that(self, c: list[Any]) -> Any:
        return c[0]

    @v_args(meta=True)
    def time_span(self, meta: Any, c: list[Any]) -> s.TimeSpan:
        return s.TimeSpan(start=c[0], end=c[1], span=self._span(meta))

    @v_args(meta=True)
    def the_ref(self, meta: Any, c: list[Any]) -> s.TheRef:
        return s.TheRef(name=_fold(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def its_ref(self, meta: Any, c: list[Any]) -> s.ItsRef:
        return s.ItsRef(name=_fold(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def it_ref(self, meta: Any, c: list[Any]) -> s.ItRef:
        return s.ItRef(span=self._span(meta))

    @v_args(meta=True)
    def bare_name(self, meta: Any, c: list[Any]) -> s.BareName:
        return s.BareName(name=_fold(c[-1]), article=None, span=self._span(meta))

    @v_args(meta=True)
    def yes(self, meta: Any, c: list[Any]) -> s.BoolLit:
        return s.BoolLit(value=True, span=self._span(meta))

    @v_args(meta=True)
    def no(self, meta: Any, c: list[Any]) -> s.BoolLit:
        return s.BoolLit(value=False, span=self._span(meta))

    @v_args(meta=True)
    def number(self, meta: Any, c: list[Token]) -> s.NumberLit:
        return s.NumberLit(text=str(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def duration(self, meta: Any, c: list[Token]) -> s.DurationLit:
        return s.DurationLit(amount=str(c[0]), unit=_fold(c[1]), span=self._span(meta))

    @v_args(meta=True)
    def money(self, meta: Any, c: list[Token]) -> s.MoneyLit:
        return s.MoneyLit(text=str(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def date(self, meta: Any, c: list[Token]) -> s.DateLit:
        return s.DateLit(text=str(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def string(self, meta: Any, c: list[Token]) -> s.StringLit:
        return s.StringLit(value=_string(c[0]), span=self._span(meta))

    def expr(self, c: list[Any]) -> Any:  # `( expr )` keeps no node of its own
        return c[0]


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


def _citation(token: Token | str) -> str:
    text = str(token)
    return "§ " + text[1:].strip()


# ------------------------------------------------------------------------------- entry point


def normalize_source(text: str) -> str:
    """Line ends folded to `\\n`, a byte-order mark dropped, a final newline added."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text


def parse(text: str, file: str) -> s.File:
    """Parse one `.law` file; raise DiagnosticError on a syntax error."""
    text = normalize_source(text)
    with without_cycle_collector():
        return _parse(text, file)


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector: a parse builds hundreds of thousands of objects and none
    of them in cycles, and the collector's passes over them made large laws take more than
    linear time (a 5,000-provision law: 12 s with it, 6 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(text: str, file: str) -> s.File:
    from compiler.surface.syntax_errors import explain_syntax_error

    try:
        tree = parser().parse(text)
    except IndentationError_ as exc:
        token = exc.token
        line = (token.line or 1) + str(token).count("\n")
        span = Span(file, line, 1, line, max(2, len(str(token).rsplit("\n", 1)[1]) + 1))
        raise DiagnosticError([error("bad-indent", exc.message, span,
                                     hint="indent a block by the same amount on every line"
                                     )]) from None
    except lark.exceptions.UnexpectedInput as exc:
        raise DiagnosticError([explain_syntax_error(exc, text, file)]) from None
    return _ToAst(file, text).transform(tree)  # type: ignore[no-any-return]
