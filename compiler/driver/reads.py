"""Laws that read other laws: `reads:` in the header.

Takes the `Workspace` and a parsed law whose header says `reads: <path>, …` (other laws, under
the statutes folder, without `.law`); gives a `Reading`: the law's `Source` with the items of
every law it reads (directly or through a law it reads, each once, the deepest first) before
its own, their examples and reported figures left out (they belong to the other law), the
vocabularies the read laws use added to its `uses:`; the laws read; and, for each provision
read, the words explanations write after its citation (`of <the other law's title>`).
`load_program` resolves the result as one law, so the interpreter, the solver, the generated
Python and SQL all see the read definitions and decisions inlined, and a generated module needs
no other. Raises `DiagnosticError`: `unknown-law` (no such law, a path that leaves the statutes
folder, a vocabulary or a file of examples named as a law), `read-cycle` (a chain of reads that
comes back to a law on it, named in full), `name-clash` (a name or citation the law and a law it
reads both declare, or a rule of the law for a decision it reads).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from compiler.core import ast as c
from compiler.core.resolve.context import attribute_key, predicate_key, value_key
from compiler.diagnostics import Diagnostic, DiagnosticError, Diagnostics, error
from compiler.driver.files import Source, Workspace, is_inside_name, real_path
from compiler.span import Span
from compiler.surface import ast as s

__all__ = ["ReadLaw", "Reading", "as_read", "read_laws", "readers_of", "unknown_names_in_reader"]

_HINT = "reads: takes paths of laws under statutes/, without .law (no .., not absolute)"


@dataclass(frozen=True)
class ReadLaw:
    name: str  # as the reading law wrote it: `us/penalty_table_date`
    title: str
    source: Source
    file: Path


@dataclass(frozen=True)
class Reading:
    source: Source  # the reading law, with what it reads after its own items
    laws: tuple[ReadLaw, ...]
    read_from: dict[str, ReadLaw]  # a provision's citation → the law it was read from


def _names(value: str) -> list[str]:
    return [n for n in (u.strip() for u in value.split(",")) if n]


def read_laws(workspace: Workspace, file: Path, source: Source) -> Reading:
    """The law of `source` (read from `file`) with every law it reads merged in after it."""
    if not source.tree.header.get_all("reads"):
        return Reading(source, (), {})
    if source.tree.header.kind is not s.FileKind.LAW:
        raise DiagnosticError([error(
            "wrong-file-kind", "only a law reads other laws", f.span,
            hint="a vocabulary declares facts and definitions of its own; name the law in "
                 "the `reads:` of the laws that use this vocabulary")
            for f in source.tree.header.get_all("reads")])
    laws = _laws_read(workspace, file, source, ((real_path(file), _own_name(workspace, file)),),
                      None)
    _clashes(source.tree, laws)
    read_items = tuple(item for law in laws for item in law.source.tree.items
                       if not isinstance(item, s.Example | s.Reported))
    tree = source.tree
    uses = [n for f in tree.header.get_all("uses") for n in _names(f.value)]
    for law in laws:  # each named as the reading law finds it: under the statutes root
        for f in law.source.tree.header.get_all("uses"):
            for n in _names(f.value):
                target = workspace.find_use(law.file, n)
                uses.append(workspace.statute_path(target) if target is not None else n)
    uses = list(dict.fromkeys(uses))
    fields = tuple(f for f in tree.header.fields if f.key != "uses")
    if uses:
        first = next(iter(tree.header.get_all("uses") or tree.header.get_all("reads")))
        fields += (s.HeaderField(key="uses", value=", ".join(uses), span=first.span),)
    merged = dataclasses.replace(tree, header=dataclasses.replace(tree.header, fields=fields),
                                 items=tree.items + read_items)
    read_from = {item.citation.text: law for law in laws
                 for item in law.source.tree.items if isinstance(item, s.Provision)}
    return Reading(dataclasses.replace(source, tree=merged), tuple(laws), read_from)


def _own_name(workspace: Workspace, file: Path) -> str:
    return workspace.statute_path(file)


def _laws_read(workspace: Workspace, file: Path, source: Source,
               chain: tuple[tuple[Path, str], ...], at: Span | None) -> list[ReadLaw]:
    """Every law `source` reads, directly or not, each once, the deepest first. `chain` is the
    laws whose reads led here (the first is the law being checked); `at` the `reads:` line of
    that first law that led here, where a cycle is reported."""
    from compiler.driver.amendments import consolidated  # amendments imports files, as we do
    from compiler.surface.patches import is_patch

    out: list[ReadLaw] = []
    diags = Diagnostics()
    for header_field in source.tree.header.get_all("reads"):
        for name in _names(header_field.value):
            if not is_inside_name(name):
                diags.add(error("unknown-law", f'"{name}" is not a path inside the statutes '
                                "folder: a law reads only laws inside it", header_field.span,
                                hint=_HINT))
                continue
            target = workspace.find_use(file, name)
            if target is None:
                diags.add(error("unknown-law", f'no law "{name}" (looked for {name}.law)',
                                header_field.span, hint=_HINT))
                continue
            key = real_path(target)
            on_chain = [n for p, n in chain]
            if key in [p for p, _ in chain]:
                start = [p for p, _ in chain].index(key)
                cycle = " reads ".join(on_chain[start:] + [name])
                diags.add(error("read-cycle", f"the laws read one another in a cycle: {cycle}",
                                at or header_field.span,
                                hint="move what both need into a third law that each reads"))
                continue
            read = workspace.read(target)
            kind = read.tree.header.kind
            if kind is not s.FileKind.LAW:
                what = "a vocabulary" if kind is s.FileKind.VOCABULARY else "a file of examples"
                diags.add(error("unknown-law", f'"{name}" is {what}, not a law',
                                header_field.span,
                                hint=f"a vocabulary is named under `uses: {name}`; `reads:` "
                                     "names laws" if kind is s.FileKind.VOCABULARY else
                                     "name the law the examples are for: `reads: "
                                     f"{name.removesuffix('.examples')}`"))
                continue
            if is_patch(read.tree):
                read = consolidated(workspace, target, read)[0]
            try:
                inner = _laws_read(workspace, target, read, chain + ((key, name),),
                                   at or header_field.span)
            except DiagnosticError as exc:
                for d in exc.diagnostics:
                    diags.add(d)
                continue
            for law in inner + [ReadLaw(name, read.tree.header.title, read, target)]:
                if all(law.source.file != o.source.file for o in out):
                    out.append(law)
    diags.raise_if_errors()
    return out


def _declared(tree: s.File) -> Iterator[tuple[str, str, Span]]:
    """(what, key, span) for every name and citation a file declares: `the decision "the
    tier"`, `the provision "§ 1"`."""
    for item in tree.items:
        match item:
            case s.DecisionDecl(name=name, span=span):
                yield f'the decision "{name}"', value_key(name), span
            case s.FactsDecl(fields=fields):
                for f in fields:
                    yield f'the fact "{f.name}"', value_key(f.name), f.span
            case s.RecordDecl(name=name, span=span):
                yield f'the record "{name}"', f"record {name}", span
            case s.Provision(citation=citation, body=body):
                yield f"the provision {citation.text}", f"provision {citation.text}", \
                    citation.span
                yield from _definitions(body)
            case s.PredicateDef() | s.AttributeDef() | s.ValueDef() | s.SetDef() \
                    | s.CalendarDef():
                yield from _definitions([item])
            case _:
                pass


def _definitions(parts: Sequence[object]) -> Iterator[tuple[str, str, Span]]:
    for part in parts:
        match part:
            case s.ValueDef(name=name, span=span) | s.SetDef(name=name, span=span) \
                    | s.CalendarDef(name=name, span=span) | s.DatedFigure(name=name, span=span):
                yield f'"the {name}"', value_key(name), span
            case s.AttributeDef(subject=subject, name=name, span=span):
                yield f"""a {subject}'s "{name}\"""", attribute_key(subject, name), span
            case s.PredicateDef(subject=subject, phrase=phrase, span=span):
                yield f'a {subject} is "{phrase}"', predicate_key(subject, phrase), span
            case _:
                pass


def _clashes(tree: s.File, laws: Sequence[ReadLaw]) -> None:
    """`name-clash` at each declaration of the reading law that a law it reads declares too,
    at each of its rules for a decision it reads, and at its `reads:` line for a name two laws
    it reads both declare."""
    owner: dict[str, ReadLaw] = {}
    diags = Diagnostics()
    reads_line = tree.header.get_all("reads")[0].span
    decisions: dict[str, ReadLaw] = {}
    for law in laws:
        for what, key, _ in _declared(law.source.tree):
            other = owner.setdefault(key, law)
            if other is not law:
                diags.add(error("name-clash", f"{what} is declared by both {other.name} and "
                                f"{law.name}, which this law reads", reads_line,
                                hint="keep it in one of them, and let the other read it"))
            if what.startswith("the decision "):
                decisions[key] = law
    for what, key, span in _declared(tree):
        if key in owner:
            diags.add(error("name-clash", f"{what} is also declared by {owner[key].name} "
                            f'("{owner[key].title}"), which this law reads', span,
                            hint="rename it here, or remove it and use the one this law reads"))
    for item in tree.items:
        if isinstance(item, s.Provision):
            for part in item.body:
                if isinstance(part, s.Rule | s.Table) and value_key(part.decision) in decisions:
                    law = decisions[value_key(part.decision)]
                    diags.add(error(
                        "name-clash", f'"the {part.decision}" is decided by {law.name}, which '
                        "this law reads: a law adds no rules to a decision it reads", part.span,
                        hint="declare a decision of this law's own that reads the other's"))
    diags.raise_if_errors()


def unknown_names_in_reader(diagnostics: Sequence[Diagnostic], reading: Reading
                            ) -> list[Diagnostic]:
    """The resolver's diagnostics, each `unknown-name` of a law that reads others saying that
    the laws it reads do not declare the name either."""
    if not reading.laws:
        return list(diagnostics)
    laws = ", ".join(law.name for law in reading.laws)
    out = []
    for d in diagnostics:
        if d.code == "unknown-name" and d.span.file == reading.source.file and d.hint is None:
            d = dataclasses.replace(d, hint=f"neither this law nor the laws it reads ({laws}) "
                                    "declare it")
        out.append(d)
    return out


def as_read(program: c.Program, reading: Reading) -> c.Program:
    """The program with each provision it read saying so: `Provision.read_from`, the law's
    path, and `Provision.stood`, `of <its title>`, which explanations write after its
    citation."""
    if not reading.read_from:
        return program
    return dataclasses.replace(program, provisions=tuple(
        dataclasses.replace(p, stood=f"of {law.title}", read_from=law.name)
        if (law := reading.read_from.get(p.citation)) is not None and p.stood is None else p
        for p in program.provisions))


def readers_of(changed: Sequence[Path], laws: Sequence[Path]) -> list[Path]:
    """Those of `laws` that read (`reads:`) one of the files `changed`, directly or through
    another law they read, in the order of `laws`: their outcomes may change with it. A law
    that does not parse is left out (its own diff reports it)."""
    workspace = Workspace()
    hit = {real_path(p) for p in changed}
    out: list[Path] = []
    grew = True
    while grew:
        grew = False
        for law in laws:
            if real_path(law) in hit:
                continue
            try:
                header = workspace.read(law).tree.header
            except DiagnosticError:
                continue
            targets = [workspace.find_use(law, name) for f in header.get_all("reads")
                       for name in _names(f.value)]
            if any(t is not None and real_path(t) in hit for t in targets):
                hit.add(real_path(law))
                out.append(law)
                grew = True
    return sorted(out, key=list(laws).index)
