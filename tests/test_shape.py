"""The shape of the compiler's code, read from its source (nothing is imported or run).

- No module of `compiler/` is over 600 lines, and no function over 80, unless it says why: a
  module in its docstring ("past the ~600"), a function in a comment at its top giving its
  length ("(about 130 lines)").
- An exhaustive `match` ends in `assert_never`, so that mypy names a missing case: none ends
  in `case _: raise AssertionError(...)` or is followed by a bare `raise AssertionError`.
- The command line talks to the driver only: the `compiler` modules `compiler/cli/` imports
  are `compiler.driver`, `compiler.diagnostics` and its own.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from pathlib import Path

import pytest

COMPILER = Path(__file__).resolve().parents[1] / "compiler"
MODULE_LINES = 600
FUNCTION_LINES = 80
CLI_MAY_IMPORT = ("compiler.driver", "compiler.diagnostics", "compiler.cli")


def _modules() -> list[Path]:
    return sorted(COMPILER.rglob("*.py"))


@functools.cache
def _tree(path: Path) -> ast.Module:  # each module parsed once for all the checks
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _shown(path: Path) -> str:
    return str(path.relative_to(COMPILER.parent)) if path.is_relative_to(COMPILER) else path.name


def _where(path: Path, node: ast.AST) -> str:
    return f"{_shown(path)}:{getattr(node, 'lineno', 0)}"


def long_modules(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MODULE_LINES and "past the ~600" not in (ast.get_docstring(_tree(path)) or ""):
            found.append(f"{_shown(path)}: {lines} lines")
    return found


def long_functions(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(_tree(path)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        top = "\n".join(source[node.lineno:node.lineno + 6])
        if length > FUNCTION_LINES and not re.search(r"#.*\(about \d+ lines", top):
            found.append(f"{_where(path, node)} {node.name}: {length} lines")
    return found


def _is_assertion_error(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.Raise) or stmt.exc is None:
        return False
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    return isinstance(exc, ast.Name) and exc.id == "AssertionError"


def matches_ending_in_assertion_error(path: Path) -> list[str]:
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Match):
            last = node.cases[-1]
            wildcard = isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None
            if wildcard and last.guard is None and _is_assertion_error(last.body[-1]):
                found.append(f"{_where(path, last)}: `case _: raise AssertionError`")
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if not isinstance(stmts, list):
                continue
            for before, after in zip(stmts, stmts[1:]):
                if isinstance(before, ast.Match) and _is_assertion_error(after):
                    found.append(f"{_where(path, after)}: `raise AssertionError` after a match")
    return found


def cli_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] if node.module != "compiler" else [
                f"compiler.{a.name}" for a in node.names if a.name != "__version__"]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        for module in modules:
            if (module == "compiler" or module.startswith("compiler.")) and not any(
                    module == ok or module.startswith(ok + ".") for ok in CLI_MAY_IMPORT):
                found.append(f"{_where(path, node)}: imports {module}")
    return found


def test_no_module_is_over_600_lines_without_saying_why() -> None:
    assert long_modules(_modules()) == []


def test_no_function_is_over_80_lines_without_saying_why() -> None:
    assert [f for path in _modules() for f in long_functions(path)] == []


def test_every_exhaustive_match_ends_in_assert_never() -> None:
    assert [f for path in _modules() for f in matches_ending_in_assertion_error(path)] == []


def test_the_command_line_imports_only_the_driver() -> None:
    assert [f for path in sorted((COMPILER / "cli").glob("*.py")) for f in cli_imports(path)] == []


@pytest.mark.parametrize("text, check", [
    ("def f(x):\n    match x:\n        case 1:\n            return 1\n        case _:\n"
     "            raise AssertionError(x)\n", matches_ending_in_assertion_error),
    ("def f(x):\n    match x:\n        case 1:\n            return 1\n    raise AssertionError\n",
     matches_ending_in_assertion_error),
    ("def f():\n" + "    x = 1\n" * 81, long_functions),
    ("from compiler.interpret import Interpreter\n", cli_imports),
    ("import compiler.analysis.check\n", cli_imports),
    ("from compiler import runtime\n", cli_imports),
])
def test_each_check_finds_what_it_looks_for(tmp_path: Path, text: str,
                                            check: Callable[[Path], list[str]]) -> None:
    example = tmp_path / "example.py"
    example.write_text(text, encoding="utf-8")
    assert check(example), text
    clean = tmp_path / "clean.py"
    clean.write_text("from compiler import driver\nx = 1\n", encoding="utf-8")
    assert check(clean) == []
