"""Structural changes between two versions: provisions added, removed, changed and moved.

Takes the two versions' `Program`s and, for their words, their surface ASTs (`surface.ast.File`,
as `driver.Workspace.read` keeps them); gives a tuple of `StructuralChange`. A provision's words
are its body as the surface printer writes it (quotes `> …`, definitions and rules), so comments
and layout never count as a change. Provisions are matched by citation first; then a provision
only in the old version is "moved" to one only in the new version with the same words, or with
rules for the same decisions and similar words (a renumbering that also rewords).
Without a surface AST a version's words are its quotes alone (from the core IR).
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import TypedDict

from compiler.analysis.diff_result import StructuralChange, Word
from compiler.core import ast as c
from compiler.surface import ast as s
from compiler.surface import print as surface_print

SIMILAR = 0.3  # the least word similarity for a renumbered provision that was also reworded


def provision_words(program: c.Program, tree: s.File | None) -> dict[str, list[str]]:
    """Citation → the provision's lines (quotes, definitions, rules), as the printer writes
    them."""
    if tree is None:
        return {p.citation: [f"> {q}".rstrip() for q in p.quote] for p in program.provisions}
    out: dict[str, list[str]] = {}
    for item in tree.items:
        if isinstance(item, s.Provision):
            printed = surface_print.file(dataclasses.replace(tree, items=(item,)))
            _, block = printed.split("\n\n", 1)
            out[item.citation.text] = [line.strip() for line in block.splitlines()[1:]
                                       if line.strip()]
    return {p.citation: out.get(p.citation, []) for p in program.provisions}


def word_changes(old: list[str], new: list[str]) -> tuple[Word, ...]:
    """The words kept, removed and added; a long kept run is cut to its ends around `…`."""
    a, b = " ".join(old).split(), " ".join(new).split()
    out: list[Word] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            kept = words if len(words) <= 8 else words[:3] + ["…"] + words[-3:]
            text = " ".join(kept)
            out.append(Word(op="=", text=text))
            continue
        if i2 > i1:
            out.append(Word(op="-", text=" ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Word(op="+", text=" ".join(b[j1:j2])))
    return tuple(out)


CONTEXT = 1  # unchanged lines kept around each changed one


def line_changes(old: list[str], new: list[str], quoted: bool) -> tuple[Word, ...]:
    """The quoted law text (`quoted`: lines `> …`, without the mark) or the rules (every other
    line), diffed line by line: kept lines near a change, removed and added lines; `…` where
    kept lines were left out."""
    def part(lines: list[str]) -> list[str]:
        return [line[1:].strip() if quoted else line for line in lines
                if line.startswith(">") == quoted]
    a, b = part(old), part(new)
    if a == b:
        return ()
    out: list[Word] = []
    groups = difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(CONTEXT)
    for n, group in enumerate(groups):
        if n or group[0][1] > 0:
            out.append(Word(op="=", text="…"))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out += [Word(op="=", text=line) for line in a[i1:i2]]
                continue
            out += [Word(op="-", text=line) for line in a[i1:i2]]
            out += [Word(op="+", text=line) for line in b[j1:j2]]
    return tuple(out)


class _Lines(TypedDict):
    law_text: tuple[Word, ...]
    rules: tuple[Word, ...]


def _lines(a: list[str], b: list[str]) -> _Lines:
    return {"law_text": line_changes(a, b, True), "rules": line_changes(a, b, False)}


def _decisions(program: c.Program, citation: str) -> tuple[str, ...]:
    return tuple(sorted({d.name for d in program.decisions.values() for r in d.rules
                         if r.citation == citation}))


def structure(old: c.Program, new: c.Program, old_tree: s.File | None = None,
              new_tree: s.File | None = None) -> tuple[StructuralChange, ...]:
    """Provisions added, removed, changed and moved (matched by citation, then by their words)."""
    a, b = provision_words(old, old_tree), provision_words(new, new_tree)
    titles = {p.citation: p.title for p in old.provisions}
    titles.update({p.citation: p.title for p in new.provisions})
    out: list[StructuralChange] = []
    removed = [k for k in a if k not in b]
    added = [k for k in b if k not in a]
    for k in list(removed):
        same = [n for n in added if b[n] == a[k]]
        if same:
            removed.remove(k)
            added.remove(same[0])
            out.append(StructuralChange(change="moved", citation=same[0], old_citation=k,
                                        title=titles[same[0]],
                                        decisions=_decisions(new, same[0]), words=()))
    for k in list(removed):
        ds = set(_decisions(old, k))
        best = max(((difflib.SequenceMatcher(None, " ".join(a[k]).split(), " ".join(b[n]).split(),
                                             autojunk=False).ratio(), n) for n in added
                    if set(_decisions(new, n)) == ds), default=(0.0, ""))
        if ds and best[0] >= SIMILAR:
            removed.remove(k)
            added.remove(best[1])
            out.append(StructuralChange(change="moved", citation=best[1], old_citation=k,
                                        title=titles[best[1]], decisions=tuple(sorted(ds)),
                                        words=word_changes(a[k], b[best[1]]),
                                        **_lines(a[k], b[best[1]])))
    for k in a:
        if k in b and a[k] != b[k]:
            out.append(StructuralChange(
                change="changed", citation=k, old_citation=k, title=titles[k],
                decisions=tuple(sorted(set(_decisions(old, k)) | set(_decisions(new, k)))),
                words=word_changes(a[k], b[k]), **_lines(a[k], b[k])))
    for k in removed:
        out.append(StructuralChange(change="removed", citation=None, old_citation=k,
                                    title=titles[k], decisions=_decisions(old, k),
                                    words=(Word(op="-", text=" ".join(a[k])),),
                                    **_lines(a[k], [])))
    for k in added:
        out.append(StructuralChange(change="added", citation=k, old_citation=None,
                                    title=titles[k], decisions=_decisions(new, k),
                                    words=(Word(op="+", text=" ".join(b[k])),),
                                    **_lines([], b[k])))
    return tuple(_as_stood(change, old, new) for change in out)


def _as_stood(change: StructuralChange, old: c.Program, new: c.Program) -> StructuralChange:
    """The change with the provision as it stood (in the new version, or the old for one
    removed), when its law is stated as patches."""
    program, citation = (old, change.old_citation) if change.citation is None else (
        new, change.citation)
    stood = next((p.stood for p in program.provisions if p.citation == citation), None)
    return dataclasses.replace(change, stood=stood) if stood else change


__all__ = ["line_changes", "provision_words", "structure", "word_changes"]
