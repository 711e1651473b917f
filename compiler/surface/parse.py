"""Parsing: `.law` text → surface AST.

Takes the text of one file and its path; gives a `compiler.surface.ast.File`, or raises
`DiagnosticError` with a syntax diagnostic that points at the word (file:line:column, a caret,
and what was expected in plain words). The grammar is `grammar/law.lark` (LALR, Lark's contextual
lexer, Python-style indentation). `compiler.surface.to_ast` maps each grammar rule to its AST
node as the rule is reduced. Valid text is parsed by `compiler.surface.lalr` (a faster loop over
the tables and lexers Lark built); text it rejects is parsed again by Lark, for the syntax error.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import cast

import lark
from lark import Lark, Token
from lark.indenter import Indenter

from compiler.diagnostics import DiagnosticError, error
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.lalr import FAILED, Driver
from compiler.surface.source import (GRAMMAR_NAME, grammar_text, normalize_source,
                                     without_cycle_collector)
from compiler.surface.to_ast import TO_AST

__all__ = ["GRAMMAR_NAME", "LawIndenter", "fast_parser", "grammar_text", "normalize_source",
           "parse", "parser", "without_cycle_collector"]


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
    CONTINUE_AFTER_type = "COMMA"  # a line that ends with one goes on to the next

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
                    f"this line is indented by {indent} space{'' if indent == 1 else 's'}, "
                    "which matches no block above it"))

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        # Lark's public entry of a post-lexer (its private `_process` is left alone)
        joined = _join_after_commas(stream, self.NL_type, self.CONTINUE_AFTER_type)
        tokens: Iterator[Token] = super().process(joined)  # type: ignore[no-untyped-call]
        return tokens


def _join_after_commas(stream: Iterator[Token], nl_type: str, comma_type: str
                       ) -> Iterator[Token]:
    previous_type = ""
    for token in stream:
        if token.type == nl_type and previous_type == comma_type:
            continue
        previous_type = token.type
        yield token


@functools.cache
def parser() -> Lark:
    """The parser, built once per process; Lark keeps the LALR tables of this exact grammar in
    the system's temporary folder (`cache=True`), which makes building it ten times faster.
    It gives AST nodes, not a parse tree: `to_ast.ToAst` builds each node as its rule is
    reduced."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", postlex=LawIndenter(),
                transformer=TO_AST, keep_all_tokens=True, maybe_placeholders=False,
                cache=True)


_PARSE_LOCK = threading.Lock()  # one transformer, told the file of each parse


# ------------------------------------------------------------------------------- entry point


def parse(text: str, file: str) -> s.File:
    """Parse one `.law` file; raise DiagnosticError on a syntax error."""
    text = normalize_source(text)
    with without_cycle_collector():
        return _parse(text, file)


@functools.cache
def fast_parser() -> Driver | None:
    """The loop of `compiler.surface.lalr` over this parser's tables, built once per process
    (None if this Lark release lays its parser out differently: then Lark parses everything)."""
    return Driver.build(parser())


def _parse(text: str, file: str, fast: bool = True) -> s.File:
    """The AST of the text. Valid text is parsed by `compiler.surface.lalr` (fast); text it
    rejects, and any text when `fast` is False, by Lark itself, whose exception the syntax
    error is made from."""
    from compiler.surface.syntax_errors import explain_syntax_error

    driver = fast_parser() if fast else None
    try:
        with _PARSE_LOCK:
            TO_AST.begin(file)
            if driver is not None:
                result = driver.parse(text)
                if result is not FAILED:
                    return result  # type: ignore[no-any-return]
            return cast(s.File, parser().parse(text))
    except IndentationError_ as exc:
        token = exc.token
        line = (token.line or 1) + str(token).count("\n")
        span = Span(file, line, 1, line, max(2, len(str(token).rsplit("\n", 1)[1]) + 1))
        raise DiagnosticError([error("bad-indent", exc.message, span,
                                     hint="indent a block by the same amount on every line"
                                     )]) from None
    except lark.exceptions.UnexpectedInput as exc:
        raise DiagnosticError([explain_syntax_error(exc, text, file)]) from None
