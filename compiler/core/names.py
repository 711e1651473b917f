"""Names: how a drafter's multi-word names become JSON keys and match plurals.

Takes names as written in a law; gives `key` (the snake_case key used in facts files, CSV columns
and `decide()`), and `singular_forms` (so that `a list of convictions` finds `a conviction`).
"""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.cache  # a law repeats its names; each is worked out once per process
def key(name: str) -> str:
    """The snake_case key of a name: `pending criminal case` → `pending_criminal_case`.

    Letters outside ASCII are transliterated where Unicode gives a plain letter (é → e) and
    spelled as their code point otherwise, so two different names give two different keys
    unless they differ only in case, spacing or punctuation (which the checker reports).

    >>> key("date of birth")
    'date_of_birth'
    >>> key("Penal Law section")
    'penal_law_section'
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", name):
        if ch.isascii():
            out.append(ch.lower() if ch.isalnum() else "_")
            continue
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        if plain and plain.isalpha():
            out.append(plain.lower())
        elif ch.isalnum():
            out.append(f"u{ord(ch):04x}")
        else:
            out.append("_")
    text = re.sub(r"_+", "_", "".join(out)).strip("_")
    if not text:
        text = "name"
    if text[0].isdigit():
        text = "n_" + text
    return text


def singular_forms(word: str) -> list[str]:
    """Possible singulars of a (last) word: convictions → conviction; charges → charge."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def singulars(name: str) -> list[str]:
    """Singulars of a multi-word name, changing its last word: pending charges → pending charge."""
    head, _, last = name.rpartition(" ")
    prefix = head + " " if head else ""
    return [prefix + form for form in singular_forms(last)]


_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")  # a silent h
_A_BEFORE = ("uni", "use", "usu", "usa", "uti", "eu", "ewe", "one", "once", "ure", "uro")


def article(word: str) -> str:
    """"a" or "an" before `word`, by its sound: a vowel letter, but "a union", "a user", "a
    one-off", and "an hour", "an heir".

    >>> [article(w) for w in ("owner", "person", "union", "hour", "example")]
    ['an', 'a', 'a', 'an', 'an']
    """
    lower = word.lower()
    if lower.startswith(_AN_BEFORE):
        return "an"
    if lower.startswith(_A_BEFORE):
        return "a"
    return "an" if lower[:1] in ("a", "e", "i", "o", "u") else "a"
