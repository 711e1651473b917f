"""Syntax errors in a drafter's words.

Takes a Lark `UnexpectedInput` and the text it came from; gives one `Diagnostic` that names what
was found, what could have come there (in words, not terminal names), and, for the mistakes
drafters make most, a curated message and hint.
"""

from __future__ import annotations

import re

import lark

from compiler.diagnostics import Diagnostic, error
from compiler.span import Span
from compiler.surface.name_errors import keyword_read_into_name, reserved_word_in_declaration

RESERVED = frozenset("""a after all an and any are at before divided every excluding from has
if is it its less means minus more no none not number of one or plus rounded such that the
there times to unless with within yes""".split())

_WORDS: dict[str, str] = {
    "NAME": "a name",
    "STRING": 'a quoted text ("…")',
    "NUMBER": "a number",
    "DATE": "a date (YYYY-MM-DD)",
    "MONEY": "an amount ($100)",
    "CITATION": "a citation (§ …)",
    "QUOTE": "a quoted line of the law (> …)",
    "TEXT": "some text",
    "POSS": "'s",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
    "COLON": '":"',
    "COMMA": '","',
    "LPAR": '"("',
    "RPAR": '")"',
    "MINUS": '"-"',
    "AND": '"and"',
    "OR": '"or"',
}

# Operators from programming languages, and the words the language uses for them.
_OPERATORS = {
    ">=": '"is at least"', "<=": '"is at most"', ">": '"is more than"', "<": '"is less than"',
    "==": '"is"', "!=": '"is not"', "=": '"is"', "&&": '"and"', "||": '"or"', "&": '"and"',
    "|": '"or"', "!": '"not"', "+": '"plus"', "*": '"times"', "/": '"divided by"',
}


def _describe(terminal: str, parser: lark.Lark | None = None) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    if parser is not None:
        try:
            pattern = parser.get_terminal(terminal).pattern
            if pattern.type == "str":
                return f'"{pattern.value}"'
        except KeyError:
            pass
    return terminal.lower()


def _expected_words(expected: set[str]) -> list[str]:
    from compiler.surface.parse import parser

    words = sorted({_describe(t, parser()) for t in expected if not t.startswith("__")})
    return words


def _token_text(token: lark.Token) -> str:
    if token.type == "_NL":
        return "the end of the line"
    if token.type == "_INDENT":
        return "an indented line"
    if token.type == "_DEDENT":
        return "the end of an indented block"
    if token.type == "$END":
        return "the end of the file"
    return f'"{token}"'


def explain_syntax_error(exc: lark.exceptions.UnexpectedInput, text: str, file: str
                         ) -> Diagnostic:
    lines = text.split("\n")
    if isinstance(exc, lark.exceptions.UnexpectedCharacters):
        line, column = exc.line, exc.column
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        rest = source_line[column - 1:]
        span = Span(file, line, column, line, column + 1)
        for op, word in sorted(_OPERATORS.items(), key=lambda kv: -len(kv[0])):
            if rest.startswith(op):
                span = Span(file, line, column, line, column + len(op))
                return error("syntax", f'"{op}" is not a word of the language', span,
                             hint=f"write {word}")
        char = rest[:1]
        if char and (ord(char) < 32 or 0x200B <= ord(char) <= 0x206F or ord(char) == 0xFEFF):
            return error("bad-text", f"invisible control character U+{ord(char):04X}", span,
                         hint="delete it; it may hide what the line really says")
        if char == "'":
            return error("syntax", "an apostrophe is only allowed as 's (the person's age)", span)
        word_match = re.match(r"[^\W\d_][\w-]*", rest)
        if word_match and word_match.group(0) in RESERVED:
            word = word_match.group(0)
            span = Span(file, line, column, line, column + len(word))
            return error("syntax", f'"{word}" is a reserved word and cannot stand here', span,
                         hint=_reserved_hint(word))
        if word_match:
            word = word_match.group(0)
            span = Span(file, line, column, line, column + len(word))
            allowed = _expected_words(set(exc.allowed or ()))
            return error("syntax", f'unexpected word "{word}"', span,
                         hint=_expected_hint(allowed))
        shown = char if char.isprintable() else f"U+{ord(char):04X}"
        return error("syntax", f'unexpected character "{shown}"', span,
                     hint=_expected_hint(_expected_words(set(exc.allowed or ()))))
    if isinstance(exc, lark.exceptions.UnexpectedToken):
        token = exc.token
        expected = set(exc.expected)
        line = token.line or exc.line or len(lines)
        column = token.column or exc.column or 1
        if token.type in ("_NL", "_DEDENT", "$END"):
            # point just past the last word of the line that ended too early
            line, column = _end_of_previous_word(lines, token, line, column)
            span = Span(file, line, column, line, column + 1)
        else:
            span = Span(file, line, column, token.end_line or line,
                        token.end_column or column + max(1, len(str(token))))
        return _curated(token, expected, span, lines) or error(
            "syntax", f"unexpected {_token_text(token)}", span,
            hint=_expected_hint(_expected_words(expected)))
    if isinstance(exc, lark.exceptions.UnexpectedEOF):
        line = len(lines)
        return error("syntax", "the file ends in the middle of a statement",
                     Span(file, line, 1, line, 2),
                     hint=_expected_hint(_expected_words(set(exc.expected))))
    return error("syntax", str(exc).splitlines()[0], Span(file, 1, 1, 1, 2))


def _end_of_previous_word(lines: list[str], token: lark.Token, line: int, column: int
                          ) -> tuple[int, int]:
    if token.type == "_NL":
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        stripped = text.split(" --")[0].rstrip()
        return line, max(1, len(stripped) + 1)
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1].split(" --")[0].rstrip()
        if text.strip() and not text.strip().startswith("--"):
            return number, len(text) + 1
    return line, column


def _expected_hint(expected: list[str]) -> str | None:
    if not expected:
        return None
    if len(expected) == 1:
        return f"expected {expected[0]}"
    if len(expected) > 12:
        return "expected one of: " + ", ".join(expected[:12]) + ", …"
    return "expected one of: " + ", ".join(expected)


def _reserved_hint(word: str) -> str:
    return (f'"{word}" is one of the language\'s reserved words, which cannot be part of a name; '
            'rephrase the name (docs/language.md lists the reserved words)')


def _indented_line(span: Span, lines: list[str]) -> Span:
    """The line an indent token opens (the first line with words after the token's, which
    is at the end of the line above), its indentation underlined."""
    for number in range(span.line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("--"):
            width = len(text) - len(text.lstrip(" "))
            return Span(span.file, number, 1, number, max(2, width + 1))
    return span


def _rounded_without_comma(span: Span, before: str, line_text: str) -> Diagnostic:
    """`the levy is X rounded to the nearest cent`: the comma before a rounding is missing."""
    word_span = Span(span.file, span.line, span.column, span.line, span.column + len("rounded"))
    rest = line_text[span.column - 1:].split(" --")[0].strip()
    fixed = f"{before.strip()}, {rest}"
    return error("syntax", 'a comma is missing before "rounded"', word_span,
                 hint=f'a rounding follows the amount after a comma: "{fixed}"; inside a '
                      "condition or a longer computation, put the rounded amount in "
                      'parentheses: "(the income times 7.5%, rounded to the nearest cent)"')


def _line_before(line_text: str, span: Span) -> str:
    return line_text[:span.column - 1].split(" --")[0].strip()


def _curated(token: lark.Token, expected: set[str], span: Span, lines: list[str]
             ) -> Diagnostic | None:
    """The messages for the mistakes drafters make most."""
    # A table of the curated messages, one `if` per mistake (about 120 lines): read as a list.
    value = str(token)
    line_text = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    stripped = line_text.strip()
    read_into_name = keyword_read_into_name(expected, span, line_text[:span.column - 1],
                                            RESERVED)
    if read_into_name is not None:
        return read_into_name
    if token.type in ("_NL", "_DEDENT", "$END"):
        if re.search(r"\bis( not)?$", stripped.split(" --")[0].rstrip()):
            return error("syntax", "the comparison stops after \"is\"", span,
                         hint="say what it is compared with, e.g. \"is at least 18\" or "
                              "\"is felony\"")
        if "COLON" in expected and len(expected) <= 3:
            return error("syntax", 'a ":" is missing at the end of this line', span,
                         hint='a line that opens a block ends with ":"')
        if re.search(r"\b(and|or)$", stripped.split(" --")[0].rstrip()):
            word = stripped.split(" --")[0].split()[-1]
            return error("syntax", f'the line ends with "{word}"', span,
                         hint="a condition is one line: finish it here, or write it as a list "
                              f'("{"all" if word == "and" else "any"} of the following:" and '
                              'one "- " line for each part)')
        if "_INDENT" in expected:
            return error("syntax", "an indented block should follow this line", span,
                         hint="indent the lines that belong to it by two spaces")
        if stripped.startswith("§"):
            return None
        if ("IF" in expected or "UNLESS" in expected) and token.type == "_NL":
            return error("syntax", 'a rule needs a condition: "… if <condition>"', span,
                         hint='write "the <decision> is <value> if <condition>", '
                              'or "… unless <condition>"')
    if re.search(r"\bdecided\s+by\s+this\s+table\s*$", line_text[:span.column - 1]):
        return error("syntax", "a decision table states its hit policy", span,
                     hint="write \"… decided by this table (hit policy: unique):\" (or first, "
                          "collect sum, collect minimum, collect maximum, collect count)")
    if stripped.startswith("|") and token.type in ("_NL", "$END", "_DEDENT"):
        return error("syntax", "a row of a decision table ends with \"|\"", span,
                     hint="close the last cell: | 0 | $250 |")
    whichever = re.match(r",[ \t]*whichever[ \t]+is[ \t]+(greater|lesser|later|earlier)\b",
                         line_text[span.column - 1:])
    if whichever is not None:
        word = whichever.group(1)
        return error("syntax", f'"…, whichever is {word}" stands only as a rule\'s value or a '
                     "default: in a condition, `or` joins two conditions", span,
                     hint=f"write `the {word} of A and B`, or compute it as a decision "
                          f"(`by default: A or B, whichever is {word}`)")
    if token.type == "CITATION" and re.search(r"\ban? conflict in the .* between$", _line_before(
            line_text, span)):
        return error("syntax", "the provisions of an expected conflict go before its decision",
                     span, hint="write `a conflict between § 5 and § 6 in the <decision>` (after "
                                "`in the`, `between` would be read as part of the name)")
    first_match = re.match(r"[^\W\d_][\w-]*", value)
    first_word = first_match.group(0) if first_match else ""
    before = line_text[:span.column - 1].split(" --")[0]
    if value.startswith(".") and not value[1:2].isdigit():
        dot = Span(span.file, span.line, span.column, span.line, span.column + 1)
        return error("syntax", "a line of a law does not end with a full stop", dot,
                     hint='delete the "."')
    in_declaration = reserved_word_in_declaration(value, expected, span, before, line_text,
                                                  RESERVED)
    if in_declaration is not None:
        return in_declaration
    if first_word in RESERVED and re.search(r"\bone[ \t]+of:?[ \t]+(?:[^,\n]+,[ \t]*)*$",
                                            before):
        at = Span(span.file, span.line, span.column, span.line, span.column + len(first_word))
        return error("syntax", f'"{first_word}" is a reserved word, so it cannot be a value of '
                     "a list as it is", at, hint=f'write it in quotes: "{first_word}"')
    if "COLON" in expected and token.type not in ("_NL", "_DEDENT", "$END"):
        keyword = before.strip().split()[-1] if before.strip() else ""
        end = len(before.rstrip()) + 1
        return error("syntax", f'a ":" is missing after "{keyword}"',
                     Span(span.file, span.line, end, span.line, end + 1),
                     hint=f'write "{keyword}:"')
    if token.type in ("TEXT", "NAME") and first_word in ("if", "unless") \
            and not before.strip():
        return error("syntax", f'a rule does not start with "{first_word}"',
                     Span(span.file, span.line, span.column, span.line,
                          span.column + len(first_word)),
                     hint=f'write the decision first and the condition after it: "the '
                          f'<decision> is <value> {first_word} <condition>"')
    if token.type == "NAME" and "THE" in expected and before.strip() == "decision":
        return error("syntax", 'a decision is named with "the"', span,
                     hint=f'write "decision the {value}"')
    wording = _COMPARISON_WORDING.search(before)
    if wording and token.type in ("NUMBER", "MONEY", "DATE", "STRING", "AND", "NAME", "THE"):
        phrase = wording.group(1)
        start = len(before) - len(before[wording.start(1):])
        phrase_span = Span(span.file, span.line, start + 1, span.line, start + 1 + len(phrase))
        return error("syntax", f'"is {phrase}" is not a comparison of the language',
                     phrase_span, hint=_COMPARISONS_HINT)
    if token.type in ("BEFORE", "AFTER") and re.search(r"\bis\s+\d+\s+\w+\s*$", before):
        return error("syntax", f'a length of time {value} a date is written with "within"',
                     span, hint=f'write "is within <length> {value} <date>" (both ends '
                                f'included), or compare with "is {value} <date> minus <length>"')
    operator = _operator_at(value) if token.type in ("TEXT", "QUOTE", "NAME") else None
    if operator is not None and not (token.type == "QUOTE" and _starts_line(token, line_text)):
        op_span = Span(span.file, span.line, span.column, span.line, span.column + len(operator))
        return error("syntax", f'"{operator}" is not a word of the language', op_span,
                     hint=f"write {_OPERATORS[operator]}")
    if value in _JOINERS and token.type != "TEXT":
        after = _word_after(line_text, span)
        if after is not None and after[0] in RESERVED:
            word, column = after
            word_span = Span(span.file, span.line, column, span.line, column + len(word))
            return error("syntax", f'"{word}" is a reserved word, so it cannot end a name '
                         f'joined by "{value}"', word_span, hint=_reserved_hint(word))
    if first_word == "rounded" and not before.rstrip().endswith(","):
        return _rounded_without_comma(span, before, line_text)
    if ({"IF", "UNLESS"} & expected and token.type in ("TEXT", "NAME")
            and re.match(r"(notwithstanding|except|the)\b", stripped)
            and not re.search(r"\b(if|unless)\b", before)):
        word = first_word or value.split()[0]
        word_span = Span(span.file, span.line, span.column, span.line, span.column + len(word))
        return error("syntax", 'the condition of a rule starts with "if" or "unless"', word_span,
                     hint=_missing_if_hint(line_text, span))
    if token.type in ("NAME", "TEXT") and first_word in RESERVED:
        word_span = Span(span.file, span.line, span.column, span.line,
                         span.column + len(first_word))
        return error("syntax", f'"{first_word}" is a reserved word and cannot stand here',
                     word_span, hint=_reserved_hint(first_word))
    if token.type == "NAME" and value in RESERVED:
        return error("syntax", f'"{value}" is a reserved word and cannot stand here', span,
                     hint=_reserved_hint(value))
    if token.type in ("NAME", "TEXT") and "NAME" not in expected and value.split():
        first = value.split()[0]
        if first in ("The", "Its", "It", "A", "An", "If", "Unless", "Notwithstanding", "Except"):
            first_span = Span(span.file, span.line, span.column, span.line,
                              span.column + len(first))
            return error("syntax", f'"{first}" must be written in lower case', first_span,
                         hint=f'the words of the language are lower case: write "{first.lower()}"')
    if token.type == "NUMBER" and "NAME" in expected \
            and re.search(r"\b(the|a|an)\s*$", before):
        return error("syntax", "a name starts with a word, not a number", span,
                     hint='a number may stand inside a name after its first word ("tier 2 '
                          'penalty", "article 3")')
    if token.type == "_INDENT":
        return error("bad-indent", "this line is indented more than the line above it",
                     _indented_line(span, lines),
                     hint="only a line that ends with \":\" opens an indented block")
    if token.type == "QUOTE":
        quoted = value.split("  --")[0].rstrip()
        quote_span = Span(span.file, span.line, span.column, span.line,
                          span.column + max(1, len(quoted)))
        return error("syntax", "a quoted line of the law (> …) can only stand in a provision",
                     quote_span, hint="put it in a provision, indented under its citation "
                                      "(§ …), before the provision's rules")
    if token.type == "CITATION" and "NAME" in expected:
        return error("syntax", "a citation cannot stand inside a condition", span,
                     hint="citations head provisions and follow \"notwithstanding\"")
    return None


_JOINERS = ("of", "a", "an", "the")

# Comparison wordings from ordinary English that the language spells otherwise.
_COMPARISON_WORDING = re.compile(
    r"\bis\s+(?:not\s+)?((?:greater|bigger|larger|higher|fewer|smaller|lower|older|younger)"
    r"\s+than|equal\s+to|over|under|above|below|between|exceeding)\s*$")
_COMPARISONS_HINT = ('write "is at least", "is at most", "is more than" or "is less than" '
                     '(for a range, a list: "all of the following:" with one bound a line)')


def _operator_at(text: str) -> str | None:
    """The programming-language operator `text` starts with, if any (`>=`, `==`, …)."""
    for op in sorted(_OPERATORS, key=len, reverse=True):
        if text.startswith(op):
            return op
    return None


def _starts_line(token: lark.Token, line_text: str) -> bool:
    indent = len(line_text) - len(line_text.lstrip())
    return (token.column or 1) == indent + 1


def _word_after(line_text: str, span: Span) -> tuple[str, int] | None:
    """The word after the token at `span` on its line, with its column."""
    rest = line_text[span.end_column - 1:] if span.end_line == span.line else ""
    match = re.match(r"([ \t]+)([^\W\d_][\w-]*)", rest)
    if not match:
        return None
    return match.group(2), span.end_column + len(match.group(1))


def _missing_if_hint(line_text: str, span: Span) -> str:
    head = line_text[:span.column - 1].strip()
    tail = line_text[span.column - 1:].split(" --")[0].strip()
    return (f'write "{head} if {tail}" (or "unless"); a rule that always applies is written '
            '"the <decision> is <value>" alone on its line')
