"""The law in force on a day: each version's period, and each amended section's timeline.

Takes checked `Program`s (their headers: `enacts:` or `amends:` a section, `in force from:`,
`in force until:`, and `dated by:` the date of a case that decides which version applies); gives
a `Version` per law (its period and the date it is dated by), and a `Timeline` per section that
a law amends: its versions in the order they took effect, with the days no version covers. The
generated modules refuse a case dated outside their version's period (`backends/in_force.py`),
`lawc compile` writes a consolidated module per timeline (`backends/consolidated.py`), and
`lawc timeline` prints one (`print_timeline`). A law stated as patches of another's text
(`patches:`, compiler/surface/patches.py) is the same version in another form: it is not a
version of its own in a timeline.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from compiler.core import ast as c
from compiler.core import names
from compiler.runtime import period_words

__all__ = ["Timeline", "Version", "fact_path", "print_timeline", "staggered_timelines",
           "timelines", "version_of"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One law as a version of a section: `section` (what it `enacts` or `amends`, or None),
    the period it is in force (a bound that is None is open), and the date it is dated by."""

    path: str
    title: str
    section: str | None
    amends: bool
    start: datetime.date | None
    end: datetime.date | None
    dated_by: c.Expr | None
    dated_by_words: str | None

    def in_force_on(self, day: datetime.date) -> bool:
        return ((self.start is None or self.start <= day)
                and (self.end is None or day <= self.end))

    @property
    def period(self) -> str:
        """`from 2012-02-20 until 2013-07-15` (the runtime's words, which `NotInForce` uses)."""
        return period_words(self.start, self.end)

    @property
    def checked(self) -> bool:
        """Whether a case can be refused: the law is dated by a date and its period is bounded."""
        return self.dated_by is not None and (self.start is not None or self.end is not None)


def fact_path(date: c.Expr) -> str:
    """The path of the fact a law is dated by (`request.request_date`), or "" for a date
    computed from several facts (an error about it then names no one fact)."""
    parts: list[str] = []
    while isinstance(date, c.Field):
        parts.append(names.key(date.name))
        date = date.owner
    return ".".join(reversed(parts)) if isinstance(date, c.Root) else ""


def _date(program: c.Program, key: str) -> datetime.date | None:
    text = program.header.get(key)
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:  # `lawc check` reports it (compiler.driver.timeline_checks)
        return None


def version_of(program: c.Program) -> Version:
    """The program as a version: its section, period and dating date."""
    amends = program.header.get("amends")
    return Version(path=program.path, title=program.title,
                   section=amends or program.header.get("enacts"), amends=amends is not None,
                   start=_date(program, "in force from"), end=_date(program, "in force until"),
                   dated_by=program.dated_by, dated_by_words=program.header.get("dated by"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """A section's versions in the order they took effect (by `in force from`, one without it
    first), and `holes`: the periods between two versions that no version covers."""

    section: str
    versions: tuple[Version, ...]
    holes: tuple[tuple[datetime.date, datetime.date], ...]
    staggered_by: str | None = None  # the one law whose staggered patches the versions are

    @property
    def module(self) -> str:
        """The consolidated module's path under generated/: the folder of the first version
        and the section in snake case (`nyc/administrative_code_9_131`); for the versions of
        one law that staggers its patches, the law's module and `_consolidated`."""
        if self.staggered_by is not None:
            return f"{self.versions[0].path}_consolidated"
        folder = self.versions[0].path.rpartition("/")[0]
        name = re.sub(r"[^0-9a-z]+", "_", self.section.lower()).strip("_")
        if not name or name[0].isdigit():
            name = "section_" + name
        return f"{folder}/{name}" if folder else name

    def version_on(self, day: datetime.date) -> Version | None:
        """The version in force on `day` (the first of them, if two overlap), or None."""
        return next((v for v in self.versions if v.in_force_on(day)), None)


def _order(v: Version) -> tuple[datetime.date, str]:
    return (v.start or datetime.date.min, v.path)


def timelines(programs: Iterable[c.Program]) -> list[Timeline]:
    """The timeline of every section some law amends and one of `programs` enacts, sorted by
    its module's path. A section only enacted (nothing amends it) has no timeline: its module
    is its own; nor has one whose enacting law is not among `programs` (a compile of some of
    its amendments only)."""
    by_section: dict[str, list[Version]] = {}
    for program in programs:
        if program.kind.value != "law" or "patches" in program.header:
            continue  # a law stated as patches is a form of its version, not another version
        v = version_of(program)
        if v.section is not None:
            by_section.setdefault(v.section, []).append(v)
    out: list[Timeline] = []
    for section, versions in by_section.items():
        if not any(v.amends for v in versions) or all(v.amends for v in versions):
            continue  # enacted only (its module is its own), or its first version not at hand
        ordered = tuple(sorted(versions, key=_order))
        out.append(Timeline(section=section, versions=ordered, holes=_holes(ordered)))
    return sorted(out, key=lambda t: t.module)


def staggered_timelines(programs: Iterable[c.Program]) -> list[Timeline]:
    """The timeline of each law stated as patches that staggers them, whose versions (its
    first, and one per later day, `driver.load_stages`) are among `programs`: one version per
    day its text changes, sorted by its module's path."""
    by_file: dict[str, list[Version]] = {}
    for program in programs:
        if program.kind.value == "law" and "patches" in program.header:
            by_file.setdefault(program.file, []).append(version_of(program))
    out = []
    for versions in by_file.values():
        if len(versions) > 1 and versions[0].section is not None:
            ordered = tuple(sorted(versions, key=_order))
            out.append(Timeline(section=versions[0].section, versions=ordered,
                                holes=_holes(ordered), staggered_by=ordered[0].title))
    return sorted(out, key=lambda t: t.module)


def _holes(versions: tuple[Version, ...]) -> tuple[tuple[datetime.date, datetime.date], ...]:
    holes: list[tuple[datetime.date, datetime.date]] = []
    for before, after in zip(versions, versions[1:]):
        if before.end is None or after.start is None or before.end >= datetime.date.max:
            continue
        first_day = before.end + datetime.timedelta(days=1)
        if after.start > first_day:
            holes.append((first_day, after.start - datetime.timedelta(days=1)))
    return tuple(holes)


def print_timeline(t: Timeline) -> str:
    """The timeline as text (`lawc timeline`, and `lawc ir --stage core` of a version)."""
    by = f" as {t.staggered_by} staggers its changes" if t.staggered_by else ""
    lines = [f"timeline of {t.section}{by} (generated/{t.module}.py)"]
    dated = sorted({v.dated_by_words for v in t.versions if v.dated_by_words})
    lines.append(f"  dated by: {', '.join(dated) if dated else 'no date of a case'}")
    holes = list(t.holes)
    for v in t.versions:
        while holes and v.start is not None and holes[0][1] < v.start:
            start, end = holes.pop(0)
            lines.append(f"  {start} .. {end}  no version in force")
        how = "amends" if v.amends else "enacts"
        span = f"{v.start or 'the beginning'} .. {v.end or 'today'}"
        law = f"statutes/{v.path}.law" if t.staggered_by is None else f"generated/{v.path}.py"
        lines.append(f"  {span}  {v.title} ({how}; {law})")
    return "\n".join(lines) + "\n"
