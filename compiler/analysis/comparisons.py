"""What `lawc report` compares: from a manifest beside the statutes, or from the statutes' headers.

Takes either a manifest (`reports.toml`, read with `tomllib`) or the loaded laws themselves; gives
a `ReportPlan`: the report's title, its introduction, and named comparisons, each a list of
(old, new) pairs of statute paths (as `Program.path`: `nyc/local_law_62_2011`).

The manifest (docs/diff.md):

    title = "Civil immigration detainers: how the laws differ"
    intro = "The NYC timeline …"
    population = "../data/synthetic_detainer_requests_2013q3.csv"   # counted in every comparison
    [[comparison]]
    name = "New York City, Department of Correction"
    kind = "timeline"            # consecutive versions: a → b, b → c, …
    statutes = ["nyc/before_local_law_62", "nyc/local_law_62_2011"]
    [[comparison]]
    kind = "timeline"            # or the versions of a section, from the laws' headers
    section = "Administrative Code § 14-154"
    [[comparison]]
    kind = "side by side"        # every pair, in the order given: a → b, a → c, b → c
    statutes = ["nyc/local_law_22_2013", "chicago/welcoming_city_2012"]

Without one, from the headers: laws of one `jurisdiction:` make a timeline, ordered by
`in force from:` (a law without it first), each law paired with the latest earlier one that
decides something it decides; laws of different jurisdictions that use the same vocabulary (the
first `uses:`) and share a decision are compared side by side, each jurisdiction by its latest
version in force on the latest date on which every one of them has a version in force.
A manifest that cannot be read, or names no statute, raises `ManifestError`.
"""

from __future__ import annotations

import datetime
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from compiler.core import ast as c
from compiler.surface import ast as s

MANIFEST = "reports.toml"
KINDS = ("timeline", "side by side")
_END = datetime.date.max


class ManifestError(Exception):
    """A `reports.toml` that is not a list of comparisons lawc can run."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    name: str
    kind: str  # one of KINDS
    pairs: tuple[tuple[str, str], ...]
    # a timeline given by the section its versions enact or amend (`section = "…"`), whose
    # pairs are read from the headers of the laws beside the manifest
    section: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportPlan:
    title: str
    intro: str
    comparisons: tuple[Comparison, ...]
    population: Path | None = None  # the cases counted in every comparison (`population =`)

    def pairs(self) -> list[tuple[str, str]]:
        """Every (old, new) pair, in the report's order."""
        return [p for comparison in self.comparisons for p in comparison.pairs]


def _pairs(kind: str, statutes: Sequence[str]) -> tuple[tuple[str, str], ...]:
    if kind == "timeline":
        return tuple(zip(statutes, statutes[1:]))
    return tuple((a, b) for i, a in enumerate(statutes) for b in statutes[i + 1:])


def read_manifest(path: Path) -> ReportPlan:
    """The plan a `reports.toml` gives (statute paths relative to its folder, without `.law`)."""
    try:
        with path.open("rb") as handle:
            manifest = tomllib.load(handle)
    except OSError as exc:
        raise ManifestError(f"cannot read {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: not TOML: {exc}") from None
    entries = manifest.get("comparison", [])
    title, intro = manifest.get("title", "How the laws differ"), manifest.get("intro", "")
    if not isinstance(title, str) or not isinstance(intro, str) or not isinstance(entries, list):
        raise ManifestError(f"{path}: title and intro are text, [[comparison]] a list of tables")
    comparisons = []
    for k, entry in enumerate(entries, start=1):
        kind = entry.get("kind", "timeline") if isinstance(entry, dict) else None
        section = _section(path, k, entry, kind)
        if section is not None:
            comparisons.append(Comparison(
                name=str(entry.get("name", section)), kind="timeline", section=section,
                pairs=_pairs("timeline", _section_versions(path.parent, section,
                                                          f"{path}: comparison {k}"))))
            continue
        statutes = entry.get("statutes") if isinstance(entry, dict) else None
        if kind not in KINDS or not isinstance(statutes, list) or len(statutes) < 2 \
                or not all(isinstance(s, str) for s in statutes):
            raise ManifestError(f"{path}: comparison {k}: give kind (\"timeline\" or \"side by "
                                "side\") and statutes, a list of two or more statute paths")
        name = entry.get("name", " → ".join(statutes))
        comparisons.append(Comparison(name=str(name), kind=kind, pairs=_pairs(kind, statutes)))
    if not comparisons:
        raise ManifestError(f"{path}: no [[comparison]]")
    population = manifest.get("population")
    if population is not None and not isinstance(population, str):
        raise ManifestError(f"{path}: population is the path of a CSV of cases")
    table = None if population is None else Path(os.path.normpath(path.parent / population))
    if table is not None and not table.is_file():
        raise ManifestError(f"{path}: no population {population!r} (looked for {table})")
    return ReportPlan(title=title, intro=intro, comparisons=tuple(comparisons),
                      population=table)


def _section(path: Path, k: int, entry: object, kind: object) -> str | None:
    """A timeline comparison's `section = "Administrative Code § 9-131"`, or None."""
    if not isinstance(entry, dict) or "section" not in entry:
        return None
    section = entry["section"]
    if kind != "timeline" or not isinstance(section, str) or not section.strip() \
            or "statutes" in entry:
        raise ManifestError(f"{path}: comparison {k}: section names the section a timeline "
                            "follows (kind = \"timeline\", no statutes)")
    return section.strip()


def _section_versions(folder: Path, section: str, where: str) -> list[str]:
    """The statute paths of a section's timeline under `folder`, read from the laws' headers
    as `core/timeline.timelines` reads them: the laws whose `enacts:` or `amends:` names the
    section word for word (a law stated as patches is not another version, unless it staggers
    its patches: then each of its versions is, `path@YYYY-MM-DD` for its `in force from`
    and for each later day), in the order they take effect. Raises `ManifestError` unless
    one enacts it and another amends it."""
    from compiler.diagnostics import DiagnosticError
    from compiler.surface.parse import parse
    from compiler.surface.patches import patch_days

    found: list[tuple[datetime.date, str, bool]] = []
    for file in sorted(folder.rglob("*.law")):
        if file.name.endswith(".examples.law") or not file.is_file():
            continue
        try:
            tree = parse(file.read_text(encoding="utf-8"), str(file))
            header = tree.header
        except (DiagnosticError, OSError, UnicodeDecodeError):
            continue  # `lawc check` reports it; a report of other laws goes on
        amends = header.get("amends")
        days = patch_days(tree) if header.get("patches") is not None else []
        if header.kind is not s.FileKind.LAW or (header.get("patches") is not None
                                                 and not days) or (
                amends or header.get("enacts")) != section:
            continue
        name = file.relative_to(folder).with_suffix("").as_posix()
        first = header.get("in force from")
        found.append((_day(first), f"{name}@{first}" if days and first else name,
                      amends is not None))
        found += [(_day(day), f"{name}@{day}", True) for day in days]
    found.sort()
    if not any(a for _, _, a in found) or all(a for _, _, a in found):
        raise ManifestError(f"{where}: no timeline of {section!r}: no law under {folder} "
                            "enacts it and another amends it")
    return [path for _, path, _ in found]


def _day(text: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return datetime.date.min


# --------------------------------------------------------------------------- from headers
def _date(program: c.Program, key: str) -> datetime.date | None:
    text = program.header.get(key)
    try:
        return datetime.date.fromisoformat(text.strip()) if text else None
    except ValueError:
        return None


def _start(program: c.Program) -> datetime.date:
    return _date(program, "in force from") or datetime.date.min


def _in_force(program: c.Program, day: datetime.date) -> bool:
    return _start(program) <= day <= (_date(program, "in force until") or _END)


def _shares_decision(a: c.Program, b: c.Program) -> bool:
    return bool(set(a.decisions) & set(b.decisions))


def _timelines(laws: Sequence[c.Program]) -> list[Comparison]:
    by_place: dict[str, list[c.Program]] = {}
    for law in laws:
        by_place.setdefault(law.header.get("jurisdiction", ""), []).append(law)
    out = []
    for place, versions in by_place.items():
        ordered = sorted(versions, key=lambda p: (_start(p), p.path))
        pairs = []
        for k, law in enumerate(ordered):
            earlier = [p for p in ordered[:k] if _start(p) < _start(law)
                       and _shares_decision(p, law) and set(p.uses) & set(law.uses)]
            if earlier:
                pairs.append((earlier[-1].path, law.path))
        if pairs:
            out.append(Comparison(name=f"{place or 'No jurisdiction'}: the versions in order",
                                  kind="timeline", pairs=tuple(pairs)))
    return out


def _common_day(groups: Sequence[Sequence[c.Program]]) -> datetime.date | None:
    """The latest day on which every group has a version in force."""
    days = {_END} | {_start(p) for g in groups for p in g}
    days |= {d for g in groups for p in g if (d := _date(p, "in force until")) is not None}
    for day in sorted(days, reverse=True):
        if all(any(_in_force(p, day) for p in g) for g in groups):
            return day
    return None


def _side_by_side(laws: Sequence[c.Program]) -> list[Comparison]:
    families: dict[str, list[c.Program]] = {}
    for law in laws:
        if law.uses:
            families.setdefault(law.uses[0], []).append(law)
    out = []
    for vocabulary, members in families.items():
        places: dict[str, list[c.Program]] = {}
        for law in members:
            places.setdefault(law.header.get("jurisdiction", ""), []).append(law)
        if len(places) < 2:
            continue
        day = _common_day(list(places.values()))
        if day is None:
            continue
        chosen = []
        for versions in places.values():
            others = [p for p in members if p not in versions]
            candidates = sorted((p for p in versions if _in_force(p, day)
                                 and any(_shares_decision(p, o) for o in others)),
                                key=lambda p: (_start(p), p.path))
            if candidates:
                chosen.append(candidates[-1])
        if len(chosen) >= 2:
            when = "the latest versions" if day == _END else f"the versions in force on {day}"
            out.append(Comparison(name=f"{vocabulary}: {when}, side by side",
                                  kind="side by side",
                                  pairs=_pairs("side by side", [p.path for p in chosen])))
    return out


def from_headers(programs: Sequence[c.Program]) -> ReportPlan:
    """The plan the statutes' own headers give (their order: as given, e.g. sorted by path)."""
    laws = [p for p in programs if p.kind is s.FileKind.LAW
            and "patches" not in p.header]  # a law in patches: the same version, another form
    comparisons = tuple(_timelines(laws) + _side_by_side(laws))
    intro = "; ".join(k.name for k in comparisons) + "." if comparisons else ""
    return ReportPlan(title="How the laws differ", intro=intro, comparisons=comparisons)


__all__ = ["Comparison", "KINDS", "MANIFEST", "ManifestError", "ReportPlan", "from_headers",
           "read_manifest"]
