"""The pass chain: files on disk → parsed → resolved → checked → compiled, written, tested.

Takes paths to `.law` files (or folders of them); gives `Program`s, generated module texts,
example results and diagnostics. The CLI talks only to this module. One function per stage:
`parse_file`, `load_program`, `compile_module`, `write_generated`, `run_examples`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from compiler.backends.to_python import to_python
from compiler.core import ast as c
from compiler.core.facts import FactsError, parse_facts, to_json
from compiler.core.from_surface import from_surface
from compiler.diagnostics import Diagnostic, DiagnosticError, Diagnostics, error
from compiler.interpret import Interpreter, LawError
from compiler.span import Span
from compiler.surface import ast as s
from compiler.surface.parse import normalize_source, parse, without_cycle_collector

STATUTES = "statutes"
GENERATED = "generated"
EXAMPLES_SUFFIX = ".examples.law"

# The passes recurse a few frames per level of nesting; 500 levels of `not`, of lists or of
# `plus` must compile, and deeper nesting is reported as an error (`_too_deep`), never a crash.
RECURSION_LIMIT = 8_000
if sys.getrecursionlimit() < RECURSION_LIMIT:
    sys.setrecursionlimit(RECURSION_LIMIT)


@dataclass(frozen=True)
class Source:
    file: str  # as the user named it (for messages)
    text: str
    tree: s.File


class Workspace:
    """Where statutes live, and a cache of the files read so far."""

    def __init__(self, statutes_root: Path | None = None) -> None:
        self.root = statutes_root
        self.cache: dict[Path, Source] = {}
        self.sources: dict[str, str] = {}

    def root_for(self, file: Path) -> Path:
        if self.root is not None:
            return self.root
        for parent in file.resolve().parents:
            if parent.name == STATUTES:
                return parent
        return file.resolve().parent

    def statute_path(self, file: Path) -> str:
        """`statutes/nyc/local_law_62_2011.law` → `nyc/local_law_62_2011`."""
        root = self.root_for(file)
        try:
            rel = file.resolve().relative_to(root)
        except ValueError:
            rel = Path(file.name)
        return rel.with_suffix("").as_posix()

    def read(self, file: Path, display: str | None = None) -> Source:
        key = file.resolve()
        if key in self.cache:
            return self.cache[key]
        name = display or _display(file)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise DiagnosticError([error("io", f"cannot read {name}: {exc.strerror}",
                                         Span(name, 1, 1, 1, 1))]) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise DiagnosticError([error("bad-text", "the file is not UTF-8 text",
                                         Span(name, line, column, line, column + 1),
                                         hint="save it as UTF-8")]) from None
        text = normalize_source(text)
        self.sources[name] = text
        source = Source(name, text, parse(text, name))
        self.cache[key] = source
        return source

    def resolve_uses(self, file: Path, source: Source, chain: tuple[Path, ...] = ()
                     ) -> list[Source]:
        """Every vocabulary `file` uses, directly or not, each once, the deepest first."""
        out: list[Source] = []
        diags = Diagnostics()
        for header_field in source.tree.header.get_all("uses"):
            for name in (u.strip() for u in header_field.value.split(",")):
                if not name:
                    continue
                target = self.find_use(file, name)
                if target is None:
                    diags.add(error("unknown-vocabulary", f'no vocabulary "{name}" '
                                    f"(looked for {name}.law)", header_field.span,
                                    hint="uses: takes paths under statutes/, without .law"))
                    continue
                if target.resolve() in chain or target.resolve() == file.resolve():
                    diags.add(error("definition-cycle", f'"{name}" uses this file in turn',
                                    header_field.span))
                    continue
                used = self.read(target)
                for inner in self.resolve_uses(target, used, chain + (file.resolve(),)):
                    if all(inner.file != o.file for o in out):
                        out.append(inner)
                if all(used.file != o.file for o in out):
                    out.append(used)
        diags.raise_if_errors()
        return out

    def find_use(self, file: Path, name: str) -> Path | None:
        for base in (file.parent, self.root_for(file)):
            candidate = base / f"{name}.law"
            if is_file(candidate):
                return candidate
        return None


def is_file(path: Path) -> bool:
    """Whether a file is there; False, not an exception, for a name no file can have (too
    long, or with a NUL in it), as a drafter's `uses:` or a title may give."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _display(file: Path) -> str:
    try:
        return os.path.relpath(file)
    except ValueError:
        return str(file)


def find_statutes(paths: Sequence[str | Path]) -> list[Path]:
    """The `.law` files named, with folders searched (sorted, so output order is stable)."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(x for x in path.rglob("*.law") if x.is_file()))
        else:
            out.append(path)
    return out


def is_companion(file: Path) -> bool:
    return file.name.endswith(EXAMPLES_SUFFIX)


def load_program(workspace: Workspace, file: Path) -> c.Program:
    """Parse, resolve and type-check one law (or vocabulary) with what it uses."""
    try:
        return _load_program(workspace, file)
    except RecursionError:
        raise DiagnosticError([_too_deep(workspace, file)]) from None


def _too_deep(workspace: Workspace, file: Path) -> Diagnostic:
    """Nesting beyond what the passes can follow, pointed at the most deeply nested line."""
    name = _display(file)
    text = workspace.sources.get(name, "")
    lines = text.split("\n") or [""]

    def depth(line: str) -> int:
        return (len(line) - len(line.lstrip(" "))) // 2 + line.count("(") + len(line.split())

    number = max(range(len(lines)), key=lambda i: depth(lines[i])) + 1 if text else 1
    return error("syntax", "this law nests conditions or expressions more deeply than lawc can "
                 "follow", Span(name, number, 1, number, min(81, max(2, len(lines[number - 1]) + 1))
                             if text else 2),
                 hint="name a part of the condition with a definition (`the … means …`) "
                      "and use the name")


def _load_program(workspace: Workspace, file: Path) -> c.Program:
    source = workspace.read(file)
    if source.tree.header.kind is s.FileKind.EXAMPLES:
        target = workspace.find_use(file, source.tree.header.title)
        if target is None:
            raise DiagnosticError([error("unknown-vocabulary", f'no law "'
                                         f'{source.tree.header.title}" for these examples',
                                         source.tree.header.span)])
        return _load_program(workspace, target)
    used = workspace.resolve_uses(file, source)
    tree = source.tree
    companion = file.with_name(file.name[:-len(".law")] + EXAMPLES_SUFFIX)
    if companion.is_file() and not is_companion(file):
        extra = workspace.read(companion)
        for item in extra.tree.items:
            if not isinstance(item, s.Example):
                raise DiagnosticError([error("wrong-file-kind", "a companion file holds only "
                                             "examples", item.span)])
        tree = dataclasses.replace(tree, items=tree.items + extra.tree.items)
    with without_cycle_collector():
        return from_surface(tree, [u.tree for u in used], path=workspace.statute_path(file),
                            file=source.file, source=source.text)


def compile_module(program: c.Program) -> str:
    with without_cycle_collector():
        return to_python(program)


def runtime_text() -> str:
    """The text of `compiler/runtime.py`, copied to `generated/_runtime.py` (read, not
    imported: compiling needs the file, not the module)."""
    return (Path(__file__).resolve().parent / "runtime.py").read_text(encoding="utf-8")


def generated_path(out_dir: Path, program: c.Program) -> Path:
    return out_dir / f"{program.path}.py"


def planned_files(out_dir: Path, programs: Iterable[c.Program]) -> dict[Path, str]:
    """Every file `lawc compile` writes: modules, the runtime and package markers."""
    files: dict[Path, str] = {out_dir / "__init__.py": '"""Modules generated by lawc from '
                              'statutes/; do not edit."""\n',
                              out_dir / "_runtime.py": runtime_text()}
    for program in programs:
        if program.kind is not s.FileKind.LAW:
            continue
        target = generated_path(out_dir, program)
        files[target] = compile_module(program)
        parent = target.parent
        while parent != out_dir and out_dir in parent.parents:
            files.setdefault(parent / "__init__.py", "")
            parent = parent.parent
    return files


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def stale_files(files: dict[Path, str]) -> list[Path]:
    out = []
    for path, text in files.items():
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            out.append(path)
    return out


# ------------------------------------------------------------------------------- examples


@dataclass(frozen=True)
class ExampleResult:
    example: c.Example
    program: c.Program
    diagnostics: tuple[Diagnostic, ...]
    deciding: tuple[str, ...] = ()  # citations of the rules that decided, one per decision

    @property
    def passed(self) -> bool:
        return not self.diagnostics


def run_examples(program: c.Program) -> list[ExampleResult]:
    """Run every example of a law through the interpreter and compare with what it expects."""
    interpreter = Interpreter(program)
    results = []
    for example in program.examples:
        diags: list[Diagnostic] = []
        context = f'in the example "{example.name}"'
        deciding: list[str] = []
        try:
            case = parse_facts(program, example.facts)
            outcome: dict[str, object] = {}
            for name in program.decisions:  # each decided once: its value and deciding rule
                decided = interpreter.outcome(name, case)
                outcome[_key(name)] = to_json(decided.value)
                if decided.rule is not None:
                    deciding.append(decided.rule.citation)
        except (LawError, FactsError) as exc:
            diags.append(error("example-error", f'example "{example.name}" cannot be decided: '
                               f"{exc}", example.span, context=context))
        else:
            for expectation in example.expect:
                got = outcome[_key(expectation.decision)]
                want = to_json(expectation.value.value)
                if got != want:
                    diags.append(error(
                        "example-failed", f'example "{example.name}": the {expectation.decision} '
                        f"is {_word(got)}, but the example expects {_word(want)}",
                        expectation.span, context=context,
                        hint="run `lawc explain` on this example to see which provision decided"))
        results.append(ExampleResult(example, program, tuple(diags), tuple(deciding)))
    return results


@dataclass(frozen=True)
class Coverage:
    """Which provisions with rules decided at least one example."""

    program: c.Program
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]

    @property
    def share(self) -> float:
        total = len(self.covered) + len(self.uncovered)
        return len(self.covered) / total if total else 1.0


def provision_coverage(program: c.Program, results: Sequence[ExampleResult]) -> Coverage:
    with_rules = sorted({r.citation for d in program.decisions.values() for r in d.rules},
                        key=[p.citation for p in program.provisions].index)
    decided = {cit for result in results for cit in result.deciding}
    return Coverage(program, tuple(c for c in with_rules if c in decided),
                    tuple(c for c in with_rules if c not in decided))


def _key(name: str) -> str:
    from compiler.core.names import key

    return key(name)


def _word(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
