"""A pytest plugin: `pytest statutes/` runs the examples of every law as test items.

Takes the `.law` files pytest is pointed at (a law's examples live in the law and in its
companion `.examples.law`); gives one `ExampleItem` per example, named by the example's title,
and, for a law that does not check, one failing `CheckItem` named `lawc check` that shows the
diagnostics as `lawc check` prints them. A failed example shows the example as written, the
outcome it expects, the outcome the law gives and the explanation of that outcome (as
`lawc explain` renders it). Node ids are `file::title`, so `-k`, `-x`, `--lf` and xdist work as
for Python tests.

Registered through the `pytest11` entry point `lawc`. So that a project's own `pytest` run
(its `testpaths`) is not changed by the plugin, `.law` files are collected only when they are
under a path named on the command line that is not inside one of `testpaths`, or everywhere
with `--lawc` (or the ini option `lawc_collect = true`). `-p no:lawc` turns the plugin off.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the compiler is imported when a .law file is collected, not before
    from compiler import driver
    from compiler.core import ast as c
    from compiler.diagnostics import Diagnostic

CHECK_ITEM = "lawc check"
EXAMPLES_SUFFIX = ".examples.law"  # as driver.EXAMPLES_SUFFIX
_WORKSPACE = pytest.StashKey["driver.Workspace"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lawc", "examples of .law statutes")
    group.addoption("--lawc", action="store_true", default=False,
                    help="Collect the examples of every .law file pytest finds, also under "
                         "testpaths (by default only under paths named on the command line).")
    parser.addini("lawc_collect", "Collect every .law file pytest finds (as --lawc).",
                  type="bool", default=False)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".law" or not _wanted(parent.config, file_path):
        return None
    if file_path.name.endswith(EXAMPLES_SUFFIX):
        law = file_path.with_name(file_path.name[:-len(EXAMPLES_SUFFIX)] + ".law")
        if law.is_file() and not _named(parent.config, file_path):
            return None  # collected with its law
    return LawFile.from_parent(parent, path=file_path)


def _wanted(config: pytest.Config, file_path: Path) -> bool:
    if config.getoption("lawc") or config.getini("lawc_collect"):
        return True
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return False
    roots = [config.rootpath / p for p in config.getini("testpaths")]
    for arg in _arg_paths(config):
        if any(arg == root or root in arg.parents for root in roots):
            continue
        if file_path == arg or arg in file_path.parents:
            return True
    return False


def _named(config: pytest.Config, file_path: Path) -> bool:
    return file_path in _arg_paths(config)


def _arg_paths(config: pytest.Config) -> list[Path]:
    base = config.invocation_params.dir
    return [(base / str(arg).split("::")[0]).resolve() for arg in config.args]


def _workspace(config: pytest.Config) -> driver.Workspace:
    """One workspace for the run, so that a vocabulary is read once for all its laws."""
    from compiler import driver

    if _WORKSPACE not in config.stash:
        config.stash[_WORKSPACE] = driver.Workspace()
    return config.stash[_WORKSPACE]


class LawFile(pytest.File):
    """A `.law` file: its examples, or one failing item when the law does not check."""

    def collect(self) -> Iterator[pytest.Item]:
        from compiler import driver
        from compiler.diagnostics import DiagnosticError

        workspace = _workspace(self.config)
        try:
            program = driver.load_program(workspace, self.path)
        except DiagnosticError as exc:
            yield CheckItem.from_parent(self, name=CHECK_ITEM, diagnostics=exc.diagnostics,
                                        sources=dict(workspace.sources))
            return
        for example in program.examples:
            yield ExampleItem.from_parent(self, name=example.name, program=program,
                                          example=example, sources=dict(workspace.sources))


class LawCheckFailed(Exception):
    """The law did not parse, resolve or type-check."""


class ExampleFailed(Exception):
    """An example's outcome is not what it expects, or it cannot be decided."""

    def __init__(self, result: driver.ExampleResult) -> None:
        super().__init__(result.example.name)
        self.result = result


class CheckItem(pytest.Item):
    def __init__(self, *, diagnostics: Sequence[Diagnostic], sources: dict[str, str],
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.diagnostics = tuple(diagnostics)
        self.sources = sources

    def runtest(self) -> None:
        raise LawCheckFailed(self.path)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if not isinstance(excinfo.value, LawCheckFailed):
            return str(super().repr_failure(excinfo))
        from compiler.diagnostics import SourceCache, render_human

        cache = SourceCache(self.sources)
        count = len(self.diagnostics)
        head = f"the law does not check: {count} error{'s' if count != 1 else ''}"
        return "\n\n".join([head] + [render_human(d, cache) for d in self.diagnostics])

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.diagnostics[0].span.line - 1 if self.diagnostics else None
        return self.path, line, CHECK_ITEM


class ExampleItem(pytest.Item):
    def __init__(self, *, program: c.Program, example: c.Example, sources: dict[str, str],
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.program = program
        self.example = example
        self.sources = sources

    def runtest(self) -> None:
        from compiler import driver

        only = dataclasses.replace(self.program, examples=(self.example,))
        (result,) = driver.run_examples(only)
        if not result.passed:
            raise ExampleFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if not isinstance(excinfo.value, ExampleFailed):
            return str(super().repr_failure(excinfo))
        return describe_failure(self.program, excinfo.value.result, self.sources)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, self.example.span.line - 1, f"example: {self.example.name}"


def describe_failure(program: c.Program, result: driver.ExampleResult,
                     sources: dict[str, str]) -> str:
    """What a drafter needs to see: the example, expected and actual outcome, and why."""
    from compiler.core.facts import to_json
    from compiler.diagnostics import SourceCache, render_human
    from compiler.driver.examples import expected_words

    example = result.example
    cache = SourceCache(sources)
    parts = [f'example "{example.name}" ({example.span.file}:{example.span.line})\n'
             + _example_text(example, cache)]
    actual = _actual(program, example)
    if isinstance(actual, str):
        parts.append(f"expected: {_expected(program, example)}\n"
                     f"actual:   cannot be decided: {actual}")
        parts += [render_human(d, cache) for d in result.diagnostics]
        return "\n\n".join(parts)
    wrong = [e for e in example.expect if to_json(e.value.value) != actual[e.decision]]

    def said(decision: str, value: object) -> str:
        return _value_words(program, decision, value)

    lines = []
    for expectation in wrong:
        lines.append(f"expected: the {expectation.decision} is "
                     f"{said(expectation.decision, to_json(expectation.value.value))}")
        lines.append(f"actual:   the {expectation.decision} is "
                     f"{said(expectation.decision, actual[expectation.decision])}")
    for failure in example.failures:  # a conflict or gap expected where the law decides
        lines.append(f"expected: {expected_words(failure)}")
        lines.append(f"actual:   the {failure.decision} is "
                     f"{said(failure.decision, actual[failure.decision])}")
    parts.append("\n".join(lines))
    parts += [render_human(d, cache) for d in result.diagnostics]
    for expectation in wrong:
        parts.append(f"why the {expectation.decision} is "
                     f"{said(expectation.decision, actual[expectation.decision])}:\n"
                     + _explanation(program, expectation.decision, example.facts))
    return "\n\n".join(parts)


def _example_text(example: c.Example, cache: Any) -> str:
    lines = []
    for number in range(example.span.line, example.span.end_line + 1):
        text = cache.line(example.span.file, number)
        if text is None:
            break
        lines.append(f"  {number:>4} | {text}")
    while lines and lines[-1].endswith("| "):
        lines.pop()
    return "\n".join(lines)


def _actual(program: c.Program, example: c.Example) -> dict[str, object] | str:
    """Each decision's value for the example's facts, or why it cannot be decided."""
    from compiler.core.facts import FactsError, parse_facts, to_json
    from compiler.interpret import Interpreter, LawError

    interpreter = Interpreter(program)
    try:
        from compiler.driver.examples import named_value

        case = parse_facts(program, example.facts)
        actual = {name: to_json(interpreter.outcome(name, case).value)
                  for name in program.decisions}
        for e in example.expect:  # a named value the example expects
            if e.definition is not None:
                actual[e.decision] = to_json(named_value(interpreter, e.definition, case))
        return actual
    except (LawError, FactsError) as exc:
        return str(exc)


def _expected(program: c.Program, example: c.Example) -> str:
    from compiler.core.facts import to_json

    from compiler.driver.examples import expected_words

    return "; ".join([f"the {e.decision} is "
                      f"{_value_words(program, e.decision, to_json(e.value.value))}"
                      for e in example.expect] + [expected_words(f) for f in example.failures])


def _explanation(program: c.Program, decision: str, facts: dict[str, object]) -> str:
    from compiler.core.facts import FactsError
    from compiler.explain.build import Explainer
    from compiler.reports.explanation import render
    from compiler.interpret import LawError

    try:
        explanation = Explainer(program).explain(decision, facts)
    except (LawError, FactsError) as exc:
        return f"  (no explanation: {exc})"
    text = render(explanation.to_dict(), "text").rstrip("\n")
    return "\n".join(f"  {line}" if line else "" for line in text.split("\n"))



def _value_words(program: c.Program, decision: str, value: object) -> str:
    from compiler.driver.examples import said

    return said(program, decision, value)


__all__ = ["CHECK_ITEM", "CheckItem", "ExampleItem", "LawFile", "describe_failure"]
