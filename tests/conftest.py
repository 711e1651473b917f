"""Shared fixtures: golden files, the statutes to test, and compiling `.law` text.

Takes the statutes under `statutes/` (globbed when the tests are collected, so a statute added
later is covered) and the laws under `tests/data/statutes/` (small laws that exercise every
construct); gives `golden` (compare text with `tests/goldens/<name>`, rewrite it with
`pytest --update-goldens`), loaders for programs and a session-wide generated package to import
compiled modules from.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from compiler import driver, runtime
from compiler.core import ast as c
from compiler.diagnostics import DiagnosticError
from compiler.surface import ast as s
from compiler.surface.parse import parse

REPO = Path(__file__).resolve().parents[1]
STATUTES = REPO / "statutes"
TEST_STATUTES = REPO / "tests" / "data" / "statutes"
GOLDENS = REPO / "tests" / "goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="Rewrite tests/goldens/ with what the compiler gives now.")


# ------------------------------------------------------------------------------ statutes


def script(name: str, path: Path) -> ModuleType:
    """A script of the repository (a benchmark, a data generator) imported by its path, once
    per process under `name`."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def law_files(root: Path) -> list[Path]:
    """Every `.law` file under `root`, companions and vocabularies included, sorted."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.law") if p.is_file())


@functools.cache  # asked by many test modules as they are collected: each file parsed once
def _is_law(file: Path) -> bool:
    """Whether a file is a law (not a vocabulary or a companion file of examples). A file that
    does not parse counts as a law, so that the tests that load it report the error."""
    if driver.is_companion(file):
        return False
    try:
        tree = parse(file.read_text(encoding="utf-8"), str(file))
    except DiagnosticError:
        return True
    return tree.header.kind is s.FileKind.LAW


def laws(root: Path) -> list[Path]:
    return [f for f in law_files(root) if _is_law(f)]


def statute_laws() -> list[Path]:
    """The laws under statutes/ (may be none while drafters write them)."""
    return laws(STATUTES)


def all_laws() -> list[Path]:
    """The laws under statutes/ and the test laws under tests/data/statutes/."""
    return statute_laws() + laws(TEST_STATUTES)


def file_id(file: Path) -> str:
    return file.relative_to(REPO).as_posix()


_PROGRAMS: dict[Path, c.Program] = {}


def load(file: Path) -> c.Program:
    """The program of a law file, loaded once per session; fails the test on a diagnostic."""
    if file not in _PROGRAMS:
        workspace = driver.Workspace()
        try:
            _PROGRAMS[file] = driver.load_program(workspace, file)
        except DiagnosticError as exc:
            pytest.fail(f"{file_id(file)} does not check:\n"
                        + "\n".join(f"{d.span}: {d.message} [{d.code}]"
                                    for d in exc.diagnostics))
    return _PROGRAMS[file]


# ------------------------------------------------------------------------------- goldens


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """`golden(name, text)`: `text` must equal `tests/goldens/<name>`; with `--update-goldens`
    the file is written instead (the reviewer reads the diff)."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        if update:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.is_file():
            pytest.fail(f"no golden file tests/goldens/{name}; run pytest --update-goldens")
        want = path.read_text(encoding="utf-8")
        if want != text:
            diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                f"tests/goldens/{name}", "now"))
            pytest.fail(f"tests/goldens/{name} differs (pytest --update-goldens rewrites it):\n"
                        + diff, pytrace=False)

    return check


@pytest.fixture
def updating_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


# ------------------------------------------------------------------------ compiling text


@pytest.fixture
def compile_law(tmp_path: Path) -> Callable[..., tuple[c.Program, str]]:
    """`compile_law(text, name="law", **others)`: write `.law` files under a tmp `statutes/`
    (the main one as `<name>.law`, each keyword argument as another file, for vocabularies it
    uses), load the main one and give its program and generated module text."""

    def run(text: str, name: str = "law", **others: str) -> tuple[c.Program, str]:
        root = tmp_path / "statutes"
        for other, other_text in others.items():
            target = root / f"{other}.law"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(other_text, encoding="utf-8")
        main = root / f"{name}.law"
        main.parent.mkdir(parents=True, exist_ok=True)
        main.write_text(text, encoding="utf-8")
        program = driver.load_program(driver.Workspace(), main)
        return program, driver.compile_module(program)

    return run


class GeneratedPackage:
    """A `generated/` package in a tmp folder, on sys.path, holding every law's module."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "generated"
        self.programs: dict[str, c.Program] = {}

    def add(self, program: c.Program) -> None:
        files = driver.planned_files(self.out, [program])
        for path, text in files.items():
            if path.name == "__init__.py" and path.exists():
                continue
            driver.write_atomically(path, text)
        self.programs[program.path] = program

    def module(self, program: c.Program) -> ModuleType:
        """The program's generated module; its `generated._runtime` is `compiler.runtime`
        itself (the file `lawc compile` writes is a copy of it, byte for byte), so that what the
        module raises is the very class the interpreter raises."""
        if program.path not in self.programs:
            self.add(program)
        importlib.invalidate_caches()
        package = importlib.import_module("generated")
        sys.modules["generated._runtime"] = runtime
        setattr(package, "_runtime", runtime)
        return importlib.import_module("generated." + program.path.replace("/", "."))


@pytest.fixture(scope="session")
def generated_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedPackage]:
    root = tmp_path_factory.mktemp("package")
    for name in [m for m in sys.modules if m == "generated" or m.startswith("generated.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        yield GeneratedPackage(root)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == "generated" or m.startswith("generated.")]:
            del sys.modules[name]
