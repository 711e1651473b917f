"""`lawc explain`: why a decision came out as it did for one case, and what would change it.

Takes a statute (a `.law` file, or its path under statutes/ without `.law`), the facts of one
case (`--facts CASE.json`, or `--example NAME` for one of the law's own examples), and gives the
explanation of each decision (or of `--decision NAME`) as text, Markdown, HTML or JSON, rendered
by Jinja2 templates that `--templates DIR` can override (run in a sandbox). `--why-not` adds the
smallest changes to the facts that would give each other outcome, each checked by deciding the
changed case. Exit codes as for every lawc command: 0, 1 (bad facts, a law that cannot decide
the case, a template that fails or is refused), 2 (usage), 123 (internal error).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statute, fail, load_json, statute_file
from compiler.diagnostics import DiagnosticError
from compiler.driver import render


@click.command()
@click.argument("statute")
@click.option("--facts", "facts_file", help="A JSON file with the facts of the case (- for stdin).")
@click.option("--example", "example_name", help="Explain one of the law's examples, by name.")
@click.option("--decision", help="The decision to explain (default: every decision of the law).")
@click.option("--format", "fmt", type=click.Choice(render.EXPLAIN_FORMATS), default="text",
              show_default=True)
@click.option("--why-not", "--counterfactual", "why_not", is_flag=True,
              help="Add the smallest changes to the facts that would change the outcome.")
@click.option("--until", "until", metavar="CONDITION",
              help='The smallest changes to the facts that make CONDITION hold, in the law\'s '
                   'words (e.g. "the minimum penalty is at least $5,000").')
@click.option("--templates", type=click.Path(exists=True, file_okay=False),
              help="A folder of templates (text.j2, markdown.j2, html.j2) that override lawc's.")
def explain(statute: str, facts_file: str | None, example_name: str | None,
            decision: str | None, fmt: str, why_not: bool, until: str | None,
            templates: str | None) -> None:
    """Explain the decisions of STATUTE for one case: the provision that decided, its words,
    the facts it relied on, the exceptions, and the provisions that did not apply.

    \b
    Example:
      lawc explain statutes/nyc/local_law_62_2011.law --facts examples/case.json --why-not
      lawc explain us/penalties_1324a --facts case.json --until "the minimum penalty is at least $5,000"
    """
    if bool(facts_file) == bool(example_name):
        raise click.UsageError("give exactly one of --facts and --example")
    program = checked_statute(statute_file(statute))
    facts: object
    if example_name is not None:
        facts = driver.example_facts(program, example_name)
        if facts is None:
            raise click.BadParameter(f"the law has no example {example_name!r}",
                                     param_hint="--example")
    else:
        assert facts_file is not None
        facts = load_json(facts_file)
    if not isinstance(facts, dict):
        fail("bad facts: expected an object with the facts of a case")
    condition = None if until is None else _until(statute, until)
    if condition is not None and decision is None:  # the decision the condition names first
        decision = next(iter(driver.threshold.decisions_read(condition[0])), None)
        if decision is None:
            raise click.BadParameter("the condition names no decision of the law: give "
                                     "--decision", param_hint="--until")
    wanted = driver.decisions_named(program, decision)
    if wanted is None:
        raise click.BadParameter(f"the law has no decision {decision!r} (it has: "
                                 f"{driver.decision_names(program)})", param_hint="--decision")
    if not wanted:
        fail("the law decides nothing")
    if fmt == "html" and len(wanted) > 1:
        raise click.UsageError(f"--format html explains one decision: give --decision (this "
                               f"law decides: {', '.join(wanted)})")
    try:
        out = driver.explain(program, facts, wanted, why_not=why_not, until=condition)
    except driver.CASE_ERRORS as exc:
        fail(f"bad facts: {exc}" if not isinstance(exc, driver.LAW_ERRORS) else str(exc))
    try:
        click.echo(render.explanations(out, fmt, templates), nl=False)
    except render.TemplateProblem as exc:
        fail(str(exc))


def _until(statute: str, words: str) -> tuple[Any, str]:
    """`--until`'s condition, read in the law's words; its mistakes printed, exit 1."""
    workspace = driver.Workspace()
    try:
        return driver.threshold.until_condition(workspace, statute_file(statute), words), words
    except DiagnosticError as exc:
        Reporter("human", {}).report_error(workspace, exc)
        sys.exit(1)


__all__ = ["explain"]
