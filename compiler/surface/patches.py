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
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import assert_never

from compiler.diagnostics import Diagnostic, error
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.ast import AmendKind, Amendment

__all__ = ["AmendKind", "Amendment", "Consolidated", "Stood", "apply_patches", "is_patch",
           "patch_days", "stood_words"]


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


def patch_days(patch: s.File) -> list[str]:
    """The days on which a law that staggers its patches changes the text after its own
    `in force from` (each a day some patch names, later than the law's, in order); empty for
    a law whose patches all take effect with it."""
    start = patch.header.get("in force from") or ""
    return sorted({a.start for a in patch.items if isinstance(a, Amendment)
                   and a.start is not None and a.start > start})


def _day_problems(patch: s.File) -> list[Diagnostic]:
    """`patch-before-law` (a patch's own day before its law is in force, or in a law that
    states no day) and `patch-after-law` (after the law's `in force until`)."""
    start, end = patch.header.get("in force from"), patch.header.get("in force until")
    title = patch.header.title
    out: list[Diagnostic] = []
    for a in (i for i in patch.items if isinstance(i, Amendment)):
        if a.start is None or a.start_span is None:
            continue
        try:
            datetime.date.fromisoformat(a.start)
        except ValueError:
            out.append(error("bad-literal", f"{a.start} is not a day of the calendar",
                             a.start_span, hint="write the day the patch takes effect as "
                             "YYYY-MM-DD"))
            continue
        if start is None or a.start < start:
            since = f"is in force from {start}" if start else "states no `in force from:`"
            out.append(error(
                "patch-before-law", f"{a.target.text} is patched from {a.start}, but "
                f"{title} {since}: a patch takes effect on or after the law that makes it",
                a.start_span, hint="give the law its `in force from:` day and date each "
                "patch on or after it (a patch without a day takes effect with its law)"))
        elif end is not None and a.start > end:
            out.append(error(
                "patch-after-law", f"{a.target.text} is patched from {a.start}, after "
                f"{title} is in force (until {end})", a.start_span,
                hint="date the patch within its law's period, or state it in the law "
                     "that follows"))
    return out


def apply_patches(base: s.File, base_stood: dict[str, Stood], patch: s.File,
                  uses: str | None, on: str | None = None) -> Consolidated:
    """The text `base` with the amendments of `patch` applied under `patch`'s header (its
    `uses:` replaced by `uses`, the union of both laws' vocabularies): those that take effect
    with the law, in order, then, for a law that staggers them, those of each later day up to
    `on` (None: the law's own day), day by day. The base's examples and reported figures are
    left out (they belong to its own period); its records, facts, assumptions and definitions
    outside provisions stay; a decision the patch declares replaces the base's of that
    name."""
    start = patch.header.get("in force from")
    state = _Patching(base, base_stood, patch.header.title, start, start or "the day it "
                      "takes effect")
    state.diagnostics += _day_problems(patch)
    decisions = {d.name: d for d in patch.items if isinstance(d, s.DecisionDecl)}
    days = patch_days(patch)
    later = [day for day in days if on is not None and day <= on]
    for item in patch.items:
        if isinstance(item, Amendment):
            if item.start not in days:  # with the law (a day before it is reported above)
                state.apply(item)
        elif not isinstance(item, s.DecisionDecl | s.Assumption | s.Example | s.Reported):
            state.diagnostics.append(error(
                "wrong-file-kind", "a law that patches another states its changes as "
                "amendments (`§ … is amended to read:`, `insert after § …:`, `§ … is "
                "repealed`)", item.span))
    for day in later:  # a law that staggers its patches: each later day's, in order
        state.now, state.day, state.touched = Stood(how="amended", by=patch.header.title,
                                                    start=day), day, {}
        state.base_title = patch.header.title  # the text as the law's earlier days left it
        for item in patch.items:
            if isinstance(item, Amendment) and item.start == day:
                state.apply(item)
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
