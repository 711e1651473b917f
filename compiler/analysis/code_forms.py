"""Codes with a form, for the solver.

Takes the forms of a law's code facts (`a code of the form "digits.digits[-letter]"`) and the
codes its rules name; gives, for each set of forms, one more code that fits the forms and is
none of those named (`sample_code`), and which codes a fact of those forms may hold
(`fitting`). The solver encodes a code as the index of a known code (`compiler.analysis.space`):
a fact without a form may also be "any other code", a fact with a form only a named code that
fits its form or the sample, which stands for every other code of that form. A rule reads a
code only by comparing it with named codes, so the sample decides every rule as any other code
of the form would, and every witness is a code `decide()` accepts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from compiler import runtime as rt
from compiler.core import ast as c

_WORDS = re.compile(r"digits|digit|letters|letter|\](?:\.\.\.|\u2026)|[\[\]]|.", re.S)
_MAX_OPTIONAL = 8  # optional parts tried in every combination; beyond, all in or all out
_MAX_TRIES = 200


def forms_of(program: c.Program) -> set[tuple[str, ...]]:
    """The forms of the program's code facts (each fact's tuple of forms)."""
    fields = [f for record in program.records.values() for f in record.fields.values()]
    fields += list(program.facts.fields.values())
    return {f.type.forms for f in fields if isinstance(f.type, c.CodeT) and f.type.forms}


def fitting(codes: Iterable[str], forms: tuple[str, ...]) -> list[int]:
    """The indices of the codes that fit the forms."""
    regex = rt.code_regex(forms)
    return [i for i, code in enumerate(codes) if regex.fullmatch(code) is not None]


def sample_code(forms: tuple[str, ...], taken: set[str]) -> str | None:
    """A code of one of the forms that is not in `taken`, or None when the forms allow no
    other code (a form without digits or letters, whose every code the law names)."""
    regex = rt.code_regex(forms)
    for candidate in itertools.islice(_candidates(forms), _MAX_TRIES):
        if candidate not in taken and regex.fullmatch(candidate) is not None:
            return candidate
    return None


def _candidates(forms: tuple[str, ...]) -> Iterator[str]:
    for n in itertools.count(1):
        produced = False
        for form in forms:
            for choice in _choices(form):
                produced = True
                yield _fill(form, choice, n)
        if not produced or n > _MAX_TRIES:
            return


def _choices(form: str) -> Iterator[tuple[bool, ...]]:
    """Which top-level optional parts to keep: every combination of a few, else none or all."""
    count = _optional_parts(form)
    if count <= _MAX_OPTIONAL:
        yield from itertools.product((False, True), repeat=count)
    else:
        yield from ((False,) * count, (True,) * count)


def _optional_parts(form: str) -> int:
    depth = count = 0
    for word in _WORDS.findall(form):
        if word == "[":
            count += depth == 0
            depth += 1
        elif word.startswith("]"):
            depth -= 1
    return count


def _fill(form: str, keep: tuple[bool, ...], n: int) -> str:
    """The form with the optional parts `keep` names, its words filled in from `n`."""
    out: list[str] = []
    depth = part = 0
    kept = True
    for word in _WORDS.findall(form):
        if word == "[":
            if depth == 0:
                kept = keep[part]
                part += 1
            depth += 1
            continue
        if word.startswith("]"):
            depth -= 1
            continue
        if depth and not kept:
            continue
        out.append(_word(word, n))
    return "".join(out)


def _word(word: str, n: int) -> str:
    if word == "digits":
        return str(n)
    if word == "digit":
        return str(n % 10)
    if word == "letters":
        return _letters(n)
    if word == "letter":
        return chr(ord("a") + (n - 1) % 26)
    return word


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
