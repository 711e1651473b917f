"""Amendments as enacted: a law's changes to another law's text, applied to its surface AST.

Takes the parsed text a law amends (a `File`, itself perhaps the consolidation of earlier
amendments) and the parsed amending law, whose header says `patches:` that text and whose items
are `Amendment`s (`§ 9-131(a)(2) is amended to read:`, `§ 9-131(a)(3) is amended to define:`,
`insert after § 9-131(a)(6):`, `§ 9-131(a)(4) is repealed`) with, optionally, decisions it
declares or redeclares, assumptions, examples and reported figures; gives the consolidated
`File`: the amended law's text with every patch applied, under the amending law's header, which
the resolver reads like any law. Also gives each provision's `Stood` (the law that last wrote
it and the day that took effect), and the diagnostics of patches that cannot apply:
`amendment-target-missing` (the citation is not in the text on that day, or the provision
defines no such name) and `double-amendment` (two patches of one provision in one law, which
take effect on one day). Consolidation is done on the surface AST so that every later pass, and
every diagnostic of the consolidated law, sees provisions exactly as the drafter wrote them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import assert_never

from compiler.diagnostics import Diagnostic, error
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.ast import AmendKind, Amendment

__all__ = ["AmendKind", "Amendment", "Consolidated", "Stood", "apply_patches", "is_patch",
           "stood_words"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Stood:
    """A provision as it stood: `how` is "enacted", "amended" or "added", by the law `by`, in force
    from `start` (None when that law states no date)."""

    how: str
    by: str
    start: str | None


def stood_words(stood: Stood) -> str:
    """`as amended by Local Law 22 of 2013, in force from 2013-07-16`, which follows the
    provision's citation wherever it is named."""
    since = f", in force from {stood.start}" if stood.start else ""
    return f"as {stood.how} by {stood.by}{since}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Consolidated:
    tree: s.File
    stood: dict[str, Stood]  # by citation, every provision of `tree`
    diagnostics: tuple[Diagnostic, ...]


def is_patch(tree: s.File) -> bool:
    """Whether a parsed file is a law that patches another's text."""
    return tree.header.kind is s.FileKind.LAW and tree.header.get("patches") is not None


def _within(citation: str, target: str) -> bool:
    """`§ 9-131(a)(2)(i)` is within `§ 9-131(a)(2)`, and so is `§ 9-131(a)(2)` itself;
    `§ 9-131(a)(20)` is not."""
    return citation == target or citation.startswith(target + "(")


def _defines(d: s.Definition) -> str:
    """The name a definition gives, as the resolver keys it (case and spacing folded)."""
    match d:
        case s.PredicateDef():
            name = f"{d.subject} is {d.phrase}"
        case s.AttributeDef():
            name = f"{d.subject}'s {d.name}"
        case s.ValueDef() | s.SetDef() | s.CalendarDef():
            name = d.name
        case _:
            assert_never(d)
    return " ".join(name.lower().split())


class _Patching:
    """The text being patched: its provisions in order, each with how it stood."""

    def __init__(self, base: s.File, stood: dict[str, Stood], law: str, start: str | None,
                 day: str) -> None:
        self.provisions = [i for i in base.items if isinstance(i, s.Provision)]
        self.stood = {p.citation.text: stood.get(p.citation.text, Stood(
            how="enacted", by=base.header.title, start=base.header.get("in force from")))
            for p in self.provisions}
        self.now = Stood(how="amended", by=law, start=start)
        self.base_title = base.header.title
        self.section = base.header.get("enacts") or base.header.get("amends") or "the law"
        self.day = day
        self.diagnostics: list[Diagnostic] = []
        self.touched: dict[tuple[str, str | None], Span] = {}

    def _missing(self, target: s.Citation, what: str) -> None:
        self.diagnostics.append(error(
            "amendment-target-missing", f"{target.text} {what} in {self.section} as "
            f"{self.base_title} left it, the text this law amends from {self.day}", target.span,
            hint="cite a provision of the amended text (`lawc ir --stage surface` of it lists "
                 "them), or insert the new one after an existing provision"))

    def _touch(self, citations: Iterable[str], at: s.Citation, detail: str | None = None
               ) -> None:
        """Mark provisions patched (`detail`: one definition of it, or what follows it, rather
        than the whole); a provision patched twice, in whole or in one part, is reported."""
        for citation in citations:
            earlier = next((span for (cited, part), span in self.touched.items()
                            if cited == citation and (part == detail or (
                                "after" not in (part, detail) and None in (part, detail)))),
                           None)
            if earlier is not None:
                self.diagnostics.append(error(
                    "double-amendment", f"{citation} is amended twice on {self.day}: two "
                    f"patches of one provision on one day", at.span,
                    hint=f"state both changes in one patch (the other is at line "
                         f"{earlier.line})"))
                return
        for citation in citations:
            self.touched[citation, detail] = at.span

    def _family(self, target: str) -> list[int]:
        return [i for i, p in enumerate(self.provisions) if _within(p.citation.text, target)]

    def _new(self, provisions: Sequence[s.Provision], at: s.Citation,
             replaced: Iterable[str] = (), how: str = "amended") -> list[s.Provision]:
        kept = {p.citation.text for p in self.provisions}
        fresh = [p.citation.text for p in provisions if p.citation.text not in set(replaced)]
        for p in provisions:
            if p.citation.text in kept:
                self.diagnostics.append(error(
                    "duplicate", f"{p.citation.text} is already in {self.base_title}: amend it "
                    "to read anew instead of inserting it", p.citation.span))
            self.stood[p.citation.text] = dataclasses.replace(self.now, how=how)
        self._touch(fresh, at)
        return list(provisions)

    def apply(self, a: Amendment) -> None:
        family = self._family(a.target.text)
        if not family:
            self._missing(a.target, "is not")
            return
        if a.kind is AmendKind.DEFINE:
            self._define(a, family[0])
            return
        if a.kind is AmendKind.INSERT:
            self._touch([a.target.text], a.target, "after")
            new = self._new(a.provisions, a.target, how="added")
            self.provisions[family[-1] + 1:family[-1] + 1] = new
            return
        self._touch([self.provisions[i].citation.text for i in family], a.target)
        removed = {self.provisions[i].citation.text for i in family}
        self.provisions = [p for i, p in enumerate(self.provisions) if i not in set(family)]
        for citation in removed:
            self.stood.pop(citation, None)
        if a.kind is AmendKind.READ:
            self.provisions[family[0]:family[0]] = self._new(a.provisions, a.target, removed)

    def _define(self, a: Amendment, index: int) -> None:
        provision = self.provisions[index]
        if provision.citation.text != a.target.text:
            self._missing(a.target, "is not a provision of its own")
            return
        body = list(provision.body)
        for d in a.definitions:
            name = _defines(d)
            spot = next((i for i, part in enumerate(body) if not isinstance(
                part, s.Quote | s.Rule | s.Table | s.DatedFigure) and _defines(part) == name), None)
            if spot is None:
                self._missing(a.target, f'defines no "{name}"')
                continue
            self._touch([a.target.text], a.target, name)
            body[spot] = d
        self.provisions[index] = dataclasses.replace(provision, body=tuple(body))
        self.stood[a.target.text] = self.now


def apply_patches(base: s.File, base_stood: dict[str, Stood], patch: s.File,
                  uses: str | None) -> Consolidated:
    """The text `base` with the amendments of `patch` applied, in order, under `patch`'s
    header (its `uses:` replaced by `uses`, the union of both laws' vocabularies). The base's
    examples and reported figures are left out (they belong to its own period); its records,
    facts, assumptions and definitions outside provisions stay; a decision the patch declares
    replaces the base's of that name."""
    start = patch.header.get("in force from")
    state = _Patching(base, base_stood, patch.header.title, start, start or "the day it "
                      "takes effect")
    decisions = {d.name: d for d in patch.items if isinstance(d, s.DecisionDecl)}
    for item in patch.items:
        if isinstance(item, Amendment):
            state.apply(item)
        elif not isinstance(item, s.DecisionDecl | s.Assumption | s.Example | s.Reported):
            state.diagnostics.append(error(
                "wrong-file-kind", "a law that patches another states its changes as "
                "amendments (`§ … is amended to read:`, `insert after § …:`, `§ … is "
                "repealed`)", item.span))
    items: list[s.Item] = []
    for item in base.items:
        if isinstance(item, s.Example | s.Reported | s.Provision):
            continue
        if isinstance(item, s.DecisionDecl) and item.name in decisions:
            item = decisions.pop(item.name)
        items.append(item)
    items += decisions.values()
    items += [i for i in patch.items if isinstance(i, s.Assumption)]
    items += state.provisions
    items += [i for i in patch.items if isinstance(i, s.Example | s.Reported)]
    fields = tuple(f for f in patch.header.fields if f.key != "uses")
    if uses:
        fields += (s.HeaderField(key="uses", value=uses, span=patch.header.span),)
    header = dataclasses.replace(patch.header, fields=fields)
    tree = s.File(header=header, items=tuple(items), span=patch.span)
    stood = {p.citation.text: state.stood[p.citation.text] for p in state.provisions}
    return Consolidated(tree=tree, stood=stood, diagnostics=tuple(state.diagnostics))
