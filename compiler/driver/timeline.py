"""The timeline checks of `lawc check`, and a section's timeline for `lawc ir --stage core`.

Takes the checked laws of one run (and the `Workspace` they were read into, for the spans of
their header lines); gives diagnostics at the header line they are about: a version whose
`in force until` is before its `in force from` (`bad-period`), two versions of one section in
force on the same day (`overlapping-versions`), days between two versions of a section that no
version covers (`timeline-hole`), an amendment in force before the law that enacts the section
(`amendment-before-law`). `section_timeline` gives the timeline of the section a statute
enacts or amends, from the laws in its folder.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from compiler.core import ast as c
from compiler.core.timeline import Timeline, Version, timelines, version_of
from compiler.diagnostics import Diagnostic, DiagnosticError, error
from compiler.driver.files import Workspace, is_companion
from compiler.span import Span
from compiler.surface import ast as s


def _span(workspace: Workspace, program: c.Program, key: str) -> Span:
    """The header line `key:` of the program's file (its first line when it has none)."""
    header = workspace.read(Path(program.file)).tree.header
    found = next((f for f in header.fields if f.key == key), None)
    return found.span if found is not None else header.span


def timeline_problems(workspace: Workspace, programs: Sequence[c.Program]) -> list[Diagnostic]:
    """Every timeline check on the laws of one run (see the module's docstring)."""
    laws = [p for p in programs if p.kind is s.FileKind.LAW]
    out: list[Diagnostic] = []
    by_section: dict[str, list[tuple[Version, c.Program]]] = {}
    for program in laws:
        v = version_of(program)
        if v.start is not None and v.end is not None and v.end < v.start:
            out.append(error("bad-period", f"{v.title} is in force until {v.end}, before it "
                             f"is in force from {v.start}", _span(workspace, program,
                                                                   "in force until"),
                             hint="copy the two dates from the law again"))
            continue
        if v.section is not None and "patches" not in program.header:  # see core/timeline.py
            by_section.setdefault(v.section, []).append((v, program))
    for section, versions in sorted(by_section.items()):
        out += _section_problems(workspace, section, versions)
    from compiler.driver.amendments import same_day_patches

    return out + same_day_patches(workspace, laws)


def _section_problems(workspace: Workspace, section: str,
                      versions: list[tuple[Version, c.Program]]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    ordered = sorted(versions, key=lambda vp: (vp[0].start or datetime.date.min, vp[0].path))
    enacting = [vp for vp in ordered if not vp[0].amends]
    for v, program in ordered:
        if v.amends and enacting and (v.start or datetime.date.min) < (
                enacting[0][0].start or datetime.date.min):
            out.append(error("amendment-before-law", f"{v.title} amends {section} from "
                             f"{v.start or 'a date not stated'}, before {enacting[0][0].title} "
                             f"enacts it (in force from {enacting[0][0].start})",
                             _span(workspace, program, "in force from"),
                             hint="an amendment takes effect on or after the law it amends"))
    for (before, _), (after, program) in zip(ordered, ordered[1:]):
        end = before.end or datetime.date.max
        start = after.start or datetime.date.min
        if start <= end:
            out.append(error("overlapping-versions", f"{before.title} and {after.title} are "
                             f"both in force on {start}: two versions of {section} on one day",
                             _span(workspace, program, "in force from"),
                             hint=f"end {before.title} the day before ({_before(start)}), or "
                                  "start this one the day after the other ends"))
        elif end < datetime.date.max and start > end + datetime.timedelta(days=1):
            out.append(error("timeline-hole", f"no version of {section} is in force from "
                             f"{end + datetime.timedelta(days=1)} until {_before(start)}, "
                             f"between {before.title} and {after.title}",
                             _span(workspace, program, "in force from"),
                             hint=f"start {after.title} on {end + datetime.timedelta(days=1)}"
                                  ", or end the earlier version on its day before"))
    return out


def _before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1) if day > datetime.date.min else day


def section_timeline(workspace: Workspace, program: c.Program) -> Timeline | None:
    """The timeline of the section the program enacts or amends, from the laws of its folder
    that check (None when it is not a version of an amended section)."""
    from compiler.driver import load_program

    folder = Path(program.file).parent
    programs = [program]
    for file in sorted(folder.glob("*.law")):
        if is_companion(file) or file.as_posix() == Path(program.file).as_posix():
            continue
        try:
            programs.append(load_program(workspace, file))
        except DiagnosticError:
            continue
    mine = version_of(program).section
    return next((t for t in timelines(programs) if t.section == mine), None)
