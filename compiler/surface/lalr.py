"""A faster run of the parser Lark builds from `grammar/law.lark`.

Takes the `Lark` parser of `compiler.surface.parse` (its LALR tables, the lexer of each parser
state, the AST builders) and a `.law` text; gives the AST, or `FAILED` when the text has a
syntax error. On `FAILED` the caller parses the text again with Lark itself, whose exception
carries everything the syntax-error messages need: this module only ever decides *valid* input,
and tests hold it to giving the same AST as Lark on every statute, every file of the error
corpus and generated and mutated laws (`tests/test_parse_driver.py`).

Why it exists: Lark's LALR loop is general (a lexer thread, a post-lexer and generators between
them, a turn of the loop for every run of blanks, a function call per token), and on a law of
1,000 provisions its overhead was most of `lawc check`. Here one loop does what Lark's contextual lexer, our
indentation post-lexer (`LawIndenter`, with lines joined after a comma) and Lark's parser do
together, with the same regular expressions and the same tables, read from the `Lark` object
once. Every private object of Lark this module reads (`Token._future_new`, the tables, the
callbacks, each state's compiled lexer) is read in `Driver.build`, for every state at once; if a
Lark release arranges those objects differently, `build` gives None and parsing goes through
Lark alone, slower but the same. And should the loop still fail on some text (a Lark callback
that behaves differently), `parse` gives `FAILED` and Lark parses that text: a Lark upgrade never
turns valid text into an internal error. The Lark versions this is tested on are pinned in
`pyproject.toml`; CI runs the parse tests on the oldest as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from lark import Lark, Token

from compiler.diagnostics import DiagnosticError

FAILED: Final = object()
"""The text is not valid: parse it with Lark for the diagnostic."""

_Actions = dict[str, Any]
"""A state's actions, by terminal or rule name: the next state (an int) to shift to, or a
reduction `(size, rule name, builder)`, whose builder is None when the rule only passes its one
child on (`?sum: product`), so the value stays and only the state changes."""


class Driver:
    """The LALR(1) loop with the lexing and the indentation done inline."""

    def __init__(self, actions: list[_Actions], contextual: Any, start: int, end: int,
                 indenter: Any, new: Callable[..., Token]) -> None:
        self.actions = actions    # by state
        self.new = new  # Token(...) without keyword checks
        # by state: the terminals the state accepts, in Lark's order, and Lark's callbacks on
        # tokens (a NAME that is exactly a keyword becomes the keyword)
        self.lexers: list[re.Pattern[str] | _FirstOf] = []
        self.retypes: list[dict[str, Callable[[Token], Token]]] = []
        self.ignore: set[str] = set()
        compiled: dict[int, tuple[re.Pattern[str] | _FirstOf, dict[str, Any]]] = {}
        for state in range(len(actions)):  # Lark compiles its lexers on first use: all of them here
            pattern, retypes = self._lexer(contextual.lexers[state], compiled)
            self.lexers.append(pattern)
            self.retypes.append(retypes)
        self.start = start
        self.end = end
        self.nl_type: str = indenter.NL_type
        self.continue_after: str = indenter.CONTINUE_AFTER_type
        self.indent_type: str = indenter.INDENT_type
        self.dedent_type: str = indenter.DEDENT_type
        self.open_types = frozenset(indenter.OPEN_PAREN_types)
        self.close_types = frozenset(indenter.CLOSE_PAREN_types)
        self.tab_len: int = indenter.tab_len

    @classmethod
    def build(cls, lark: Lark, start: str = "start") -> Driver | None:
        """The driver for this Lark parser (LALR, contextual lexer, an `Indenter` post-lexer),
        or None when Lark's objects are not laid out as this module expects."""
        try:
            from lark.parse_tree_builder import ExpandSingleChild
            from lark.parsers.lalr_analysis import Shift

            frontend = lark.parser
            indenter = frontend.lexer.postlexer
            contextual = frontend.lexer.lexer
            lalr = frontend.parser.parser
            table = lalr.parse_table
            callbacks = lalr.callbacks
            if any(isinstance(key, str) for key in callbacks):
                return None  # callbacks on tokens: not needed by our AST builders
            count = len(table.states)
            if sorted(table.states) != list(range(count)):
                return None
            actions: list[_Actions] = [{} for _ in range(count)]
            for number, row in table.states.items():
                for symbol, (action, arg) in row.items():
                    if action is Shift:
                        actions[number][symbol] = arg
                        continue
                    builder = callbacks[arg]  # keyed by rules equal to the table's
                    size = len(arg.expansion)
                    passes_on = (size == 1 and isinstance(builder, ExpandSingleChild)
                                 and not arg.expansion[0].name.startswith("_"))
                    actions[number][symbol] = (size, arg.origin.name,
                                               None if passes_on else builder)
            # Token(...) without keyword checks; Lark's public constructor where it is gone
            new = getattr(Token, "_future_new", Token)
            return cls(actions, contextual, table.start_states[start], table.end_states[start],
                       indenter, new)
        except (AttributeError, KeyError, TypeError, ValueError, ImportError, IndexError):
            return None

    def _lexer(self, lexer: Any,
               compiled: dict[int, tuple[re.Pattern[str] | _FirstOf, dict[str, Any]]]
               ) -> tuple[re.Pattern[str] | _FirstOf, dict[str, Any]]:
        """Read a state's lexer: its compiled terminals and its callbacks (states that accept
        the same terminals share one lexer, compiled once)."""
        if id(lexer) not in compiled:
            scanner = lexer.scanner  # built on first use, and with it lexer.callback
            patterns: list[re.Pattern[str]] = scanner._mres
            pattern: re.Pattern[str] | _FirstOf
            if len(patterns) == 1:
                pattern = patterns[0]
            else:  # more terminals than one expression can name: not in our grammar
                pattern = _FirstOf(patterns)
            if not all(isinstance(p, re.Pattern) for p in patterns):
                raise TypeError("a lexer without compiled expressions")
            compiled[id(lexer)] = (pattern, dict(lexer.callback))
            self.ignore.update(lexer.ignore_types)
        return compiled[id(lexer)]

    def parse(self, text: str) -> Any:
        """The AST of `text`, or FAILED (a syntax error, or anything this loop did not expect
        of Lark's objects: then Lark parses the text itself, and says what is wrong if it is)."""
        try:
            return self._run(text)
        except DiagnosticError:
            raise  # a mistake in the text, found by an AST builder: Lark would find it too
        except Exception:  # anything else: Lark gives the answer, or the real error
            return FAILED

    def _run(self, text: str) -> Any:
        # One function on purpose (about 130 lines): it is the hot loop of every parse, with the
        # indenter inline and the tables in locals; split into calls, it would lose the speed
        # it exists for.
        actions = self.actions
        lexers = self.lexers
        retypes = self.retypes
        ignore = self.ignore
        nl_type, indent_type, dedent_type = self.nl_type, self.indent_type, self.dedent_type
        continue_after = self.continue_after
        open_types, close_types = self.open_types, self.close_types
        tab_len = self.tab_len
        new = self.new

        state = self.start  # the top of state_stack
        end_state = self.end
        state_stack = [state]
        value_stack: list[Any] = []
        pos = 0
        line = 1
        line_start = 0
        length = len(text)
        levels = [0]
        parens = 0
        previous = ""
        last: Token | None = None
        queue: list[Token] = []  # tokens made by the indentation, to shift next
        token: Token | None
        kind: Any  # a terminal's name (Lark's Match.lastgroup: never None here)
        while True:
            if queue:
                token = queue.pop()
                kind = token.type
            elif pos < length:
                # -- the next token, lexed in the context of the parser's state
                pattern = lexers[state]
                match = pattern.match(text, pos)
                if match is None:
                    return FAILED
                kind = match.lastgroup
                while kind in ignore:  # blanks between words
                    value = match.group()
                    if "\n" in value:
                        line += value.count("\n")
                        line_start = pos + value.rindex("\n") + 1
                    pos = match.end()
                    match = pattern.match(text, pos) if pos < length else None
                    if match is None:
                        break
                    kind = match.lastgroup
                if match is None:
                    if pos < length:
                        return FAILED
                    continue  # blanks at the end of the text
                value = match.group()
                end = match.end()
                if end == pos or kind is None:
                    return FAILED
                column = pos - line_start + 1
                start_line = line
                if "\n" in value:
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                token = new(kind, value, pos, start_line, column, line, end - line_start + 1,
                            end)
                pos = end
                retype = retypes[state].get(kind)
                if retype is not None:
                    token = retype(token)
                    kind = token.type

                # -- indentation, as LawIndenter does it
                if kind == nl_type:
                    if previous == continue_after:  # a line that ends with a comma goes on
                        continue
                    previous = kind
                    last = token
                    if parens:
                        continue
                    indent_str = value.rsplit("\n", 1)[1]
                    indent = indent_str.count(" ") + indent_str.count("\t") * tab_len
                    if indent > levels[-1]:
                        levels.append(indent)
                        queue.append(_borrow(new, indent_type, indent_str, token))
                    else:
                        while indent < levels[-1]:
                            levels.pop()
                            queue.append(_borrow(new, dedent_type, indent_str, token))
                        if indent != levels[-1]:
                            return FAILED
                        queue.reverse()  # popped from the end
                else:
                    previous = kind
                    last = token
                    if kind in open_types:
                        parens += 1
                    elif kind in close_types:
                        parens -= 1
                        if parens < 0:
                            return FAILED
            elif len(levels) > 1:  # the end of the input closes every open block
                queue = [_borrow(new, dedent_type, "", last) for _ in levels[1:]]
                del levels[1:]
                continue
            else:  # the end of the input: reduce until the start rule is complete
                kind = "$END"
                token = None

            # -- shift the token, after the reductions it brings
            while True:
                action = actions[state].get(kind)
                if action is None:
                    return FAILED
                if action.__class__ is int:
                    if token is None:
                        return FAILED
                    state = action
                    state_stack.append(state)
                    value_stack.append(token)
                    break
                size, origin, builder = action
                if builder is None:  # `?rule` passing its one child on: only the state changes
                    state = state_stack[-1] = actions[state_stack[-2]][origin]
                else:
                    if size:
                        children = value_stack[-size:]
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        children = []
                    value_stack.append(builder(children))
                    state = actions[state_stack[-1]][origin]
                    state_stack.append(state)
                if state == end_state and token is None:
                    return value_stack[-1]


class _FirstOf:
    """Several compiled expressions tried in turn, as Lark's scanner does when a lexer has more
    terminals than one Python expression can hold."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        for pattern in self.patterns:
            found = pattern.match(text, pos)
            if found is not None:
                return found
        return None


def _borrow(new: Callable[..., Token], kind: str, value: str, token: Token | None) -> Token:
    """A token made by the indentation, at the position of the token that caused it."""
    if token is None:
        return new(kind, value, 0, 0, 0, 0, 0, 0)
    return new(kind, value, token.start_pos, token.line, token.column, token.end_line,
               token.end_column, token.end_pos)
