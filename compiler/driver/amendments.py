"""Laws that amend by patches: the text a law `patches:`, read and consolidated.

Takes the `Workspace` and a parsed law whose header says `patches: <path>` (the statute whose
text it amends: the enacting law, or an earlier patch law, so a chain of amendments is read
from the first text on); gives the consolidated `Source` (`compiler.surface.patches`: the
amended text with every patch applied, under the amending law's header, its vocabularies the
union of both laws'), which `load_program` resolves like any law, and each provision's `Stood`
(the law that last wrote it), which explanations name. Raises `DiagnosticError` for a
`patches:` that names no law, a chain that comes back to itself, and patches that cannot apply;
`same_day_patches` gives `lawc check` the patches of one provision by two laws on one day.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from pathlib import Path

from compiler.core import ast as c
from compiler.diagnostics import Diagnostic, DiagnosticError, error
from compiler.driver.files import Source, Workspace, is_companion, real_path
from compiler.surface import ast as s
from compiler.surface.ast import Amendment
from compiler.surface.patches import (Consolidated, Stood, apply_patches, is_patch, patch_days,
                                      stood_words)

__all__ = ["as_stood", "consolidated", "consolidated_source", "diagnostics_as_stood",
           "restatement_stood", "same_day_patches", "stage_days", "stray_amendments"]


def _uses(*sources: Source) -> str:
    names: list[str] = []
    for source in sources:
        for f in source.tree.header.get_all("uses"):
            names += [u.strip() for u in f.value.split(",") if u.strip() not in names]
    return ", ".join(n for n in names if n)


def consolidated(workspace: Workspace, file: Path, source: Source,
                 chain: tuple[Path, ...] = (), on: str | None = None
                 ) -> tuple[Source, dict[str, Stood]]:
    """The consolidated text of the patch law `source` (read from `file`), and how each of
    its provisions stood: as the law stands on its own `in force from` day, or, for a law
    that staggers its patches, on the later day `on` (one of `patch_days`), in force from it
    until the day before its next day (the last: until the law's own `in force until`)."""
    header = source.tree.header
    field = next(f for f in header.fields if f.key == "patches")
    target = workspace.find_use(file, field.value)
    if target is None or real_path(target) in chain or real_path(target) == real_path(file):
        why = ("comes back to this law" if target is not None
               else f"names no law (looked for {field.value}.law)")
        raise DiagnosticError([error("unknown-amended-law", f"patches: {why}", field.span,
                                     hint="name the statute whose text this law amends, as a "
                                          "path under statutes/ without .law")])
    base = workspace.read(target)
    _not_before(source, base, file)
    stood: dict[str, Stood] = {}
    if is_patch(base.tree):  # as that text stands when this law takes effect
        base, stood = consolidated(workspace, target, base, chain + (real_path(file),),
                                   _stage_on(base.tree, header.get("in force from")))
    elif base.tree.header.get("amends") is not None:
        how = Stood(how="amended", by=base.tree.header.title,
                    start=base.tree.header.get("in force from"))
        stood = {}
        for item in base.tree.items:
            citation = getattr(getattr(item, "citation", None), "text", None)
            if isinstance(citation, str):
                stood[citation] = how
    result: Consolidated = apply_patches(base.tree, stood, source.tree, _uses(base, source), on)
    if result.diagnostics:
        raise DiagnosticError(list(result.diagnostics))
    tree = _stage_period(result.tree, patch_days(source.tree), on)
    return dataclasses.replace(source, tree=tree), result.stood


def restatement_stood(workspace: Workspace, file: Path, tree: s.File,
                      seen: tuple[Path, ...] = ()) -> dict[str, Stood]:
    """How each provision of a law that restates an amended section in full stood, from the
    section's timeline (the laws beside it that enact or amend the section word for word, not
    as patches): a provision the same, text and rules, as in the version before keeps that
    version's provenance; a changed one is `amended` by this law, a new one `added`, from its
    `in force from`. Empty for a law that amends nothing, or whose section has no version
    before it beside it. A new provision within one of the version before (`§ 9-131(a)(1)`
    where it had `§ 9-131`) is that provision amended."""
    header = tree.header
    section, start = header.get("amends"), header.get("in force from")
    if section is None or start is None or is_patch(tree):
        return {}
    before: tuple[str, Path, s.File] | None = None
    for other in sorted(file.parent.glob("*.law")):
        if is_companion(other) or real_path(other) == real_path(file) or real_path(other) in seen:
            continue
        try:
            theirs = workspace.read(other).tree
        except DiagnosticError:
            continue
        h = theirs.header
        day = h.get("in force from")
        if (h.kind is s.FileKind.LAW and not is_patch(theirs) and day is not None
                and day < start and section in (h.get("amends"), h.get("enacts"))
                and (before is None or day > before[0])):
            before = (day, other, theirs)
    if before is None:
        return {}
    day, other, theirs = before
    earlier = restatement_stood(workspace, other, theirs, seen + (real_path(file),))
    old = {p.citation.text: p for p in theirs.items if isinstance(p, s.Provision)}
    out: dict[str, Stood] = {}
    for p in (i for i in tree.items if isinstance(i, s.Provision)):
        cited = p.citation.text
        if cited in old and _same(old[cited], p):
            out[cited] = earlier.get(cited, Stood(how="enacted", by=theirs.header.title,
                                                  start=day))
        else:  # rewritten, or new within a provision rewritten (`§ 9-131` to read anew)
            within = any(cited == o or cited.startswith(o + "(") for o in old)
            out[cited] = Stood(how="amended" if within else "added", by=header.title,
                               start=start)
    return out


def _same(a: s.Provision, b: s.Provision) -> bool:
    """Whether two provisions say the same, text and rules (as the formatter writes them: the
    spans, which differ between files, are not compared)."""
    from compiler.surface.print import file as printed

    def text(p: s.Provision) -> str:
        return printed(s.File(header=s.Header(kind=s.FileKind.LAW, title="", fields=()),
                              items=(p,)))

    return text(a) == text(b)


def _not_before(source: Source, base: Source, file: Path) -> None:
    """`amendment-before-law`: a law stated as patches in force before the text it patches."""
    mine = source.tree.header.get("in force from")
    theirs = base.tree.header.get("in force from")
    if mine is not None and theirs is not None and mine < theirs:
        span = next(f.span for f in source.tree.header.fields if f.key == "in force from")
        raise DiagnosticError([error(
            "amendment-before-law", f"{source.tree.header.title} patches "
            f"{base.tree.header.title} from {mine}, before that text is in force (from "
            f"{theirs})", span, hint="an amendment takes effect on or after the law it "
            "amends: check its date")])


def _stage_on(tree: s.File, day: str | None) -> str | None:
    """The later day of a staggered law in force on `day` (None: its own first day)."""
    return max((d for d in patch_days(tree) if day is not None and d <= day), default=None)


def _stage_period(tree: s.File, days: list[str], on: str | None) -> s.File:
    """The consolidated law's header with the period of the stage starting `on` (None: the
    law's own day): each stage of a law that staggers its patches is a version of its own."""
    if not days:
        return tree
    header = tree.header
    start = on or header.get("in force from")
    after = [d for d in days if start is not None and d > start]
    end = (str(datetime.date.fromisoformat(after[0]) - datetime.timedelta(days=1)) if after
           else header.get("in force until"))
    fields = [f for f in header.fields if f.key not in ("in force from", "in force until")]
    spans = {f.key: f.span for f in header.fields}
    for key, value in (("in force from", start), ("in force until", end)):
        if value is not None:
            fields.append(s.HeaderField(key=key, value=value, span=spans.get(key, header.span)))
    return dataclasses.replace(tree, header=dataclasses.replace(header, fields=tuple(fields)))


def stage_days(workspace: Workspace, file: Path) -> list[str]:
    """The later days of a law stated as patches that staggers them (empty for any other)."""
    tree = workspace.read(file).tree
    return patch_days(tree) if is_patch(tree) else []


def consolidated_source(workspace: Workspace, file: Path, source: Source) -> Source:
    """The consolidated text alone (see `consolidated`)."""
    return consolidated(workspace, file, source)[0]


def as_stood(program: c.Program, stood: dict[str, Stood]) -> c.Program:
    """The program with each provision as it stood (`Provision.stood`), which explanations
    and diffs name after its citation."""
    if not stood:
        return program
    return dataclasses.replace(program, provisions=tuple(
        dataclasses.replace(p, stood=stood_words(stood[p.citation]))
        if p.citation in stood else p for p in program.provisions))


def diagnostics_as_stood(exc: DiagnosticError, stood: dict[str, Stood]) -> DiagnosticError:
    """The resolver's diagnostics of a consolidated law, each that is `in § …` naming the
    provision as it stood (`in § 9-131(b), as amended by Local Law 58 of 2014, …`)."""
    out = []
    for d in exc.diagnostics:
        cited = d.context[len("in "):] if d.context and d.context.startswith("in ") else None
        if cited in stood:
            d = dataclasses.replace(d, context=f"{d.context}, {stood_words(stood[cited])}")
        out.append(d)
    return DiagnosticError(out)


def stray_amendments(source: Source) -> None:
    """Raise `wrong-file-kind` at each amendment of a file that `patches:` nothing (a law
    restated in full, or a vocabulary), which would otherwise be ignored."""
    stray = [i for i in source.tree.items if isinstance(i, Amendment)]
    if stray and not is_patch(source.tree):
        raise DiagnosticError([error(
            "wrong-file-kind", "an amendment belongs in a law that says which text it "
            "amends", a.span, hint="add `patches: <the amended statute>` to the header")
            for a in stray])


def same_day_patches(workspace: Workspace, programs: Sequence[c.Program]) -> list[Diagnostic]:
    """`double-amendment` where two laws stated as patches of one text take effect on one day
    and patch one provision (or one within the other): at the later one's (by path) patch."""
    groups: dict[tuple[str, str, str], list[c.Program]] = {}
    for p in programs:
        if p.kind is s.FileKind.LAW and "patches" in p.header:
            groups.setdefault((p.header["patches"], p.header.get("in force from", ""),
                               p.header.get("amends", "")), []).append(p)
    out: list[Diagnostic] = []
    for (_, day, _), laws in sorted(groups.items()):
        seen: dict[str, str] = {}  # a citation patched → the law that patched it
        for law in sorted(laws, key=lambda p: p.path):
            tree = workspace.read(Path(law.file)).tree
            for a in (i for i in tree.items if isinstance(i, Amendment)):
                cited = a.target.text
                other = next((title for done, title in seen.items()
                              if done == cited or done.startswith(cited + "(")
                              or cited.startswith(done + "(")), None)
                if other is not None and other != law.title:
                    out.append(error(
                        "double-amendment", f"{cited} is amended by {other} and by "
                        f"{law.title}, both on {day or 'a day not stated'}: two patches of one "
                        "provision on one day", a.target.span,
                        hint="state both changes in one law, or date one of them later"))
                seen.setdefault(cited, law.title)
    return out
