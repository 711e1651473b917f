"""`lawc explain`: why a decision came out as it did for one case, and what would change it.

Takes a statute (a `.law` file, or its path under statutes/ without `.law`), the facts of one
case (`--facts CASE.json`, or `--example NAME` for one of the law's own examples), and gives the
explanation of each decision (or of `--decision NAME`) as text, Markdown, HTML or JSON, rendered
by Jinja2 templates that `--templates DIR` can override. `--why-not` adds the smallest changes to
the facts that would give each other outcome, each checked by deciding the changed case.
Exit codes as for every lawc command: 0, 1 (bad facts, a law that cannot decide the case),
2 (usage), 123 (internal error, e.g. a counterfactual that does not check).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import jinja2

from compiler import driver
from compiler.cli_input import fail, load_json
from compiler.core import names
from compiler.core.facts import FactsError
from compiler.diagnostics import DiagnosticError, SourceCache, render_human
from compiler.explain.build import Explainer
from compiler.reports.environment import SecurityError
from compiler.reports.explanation import FORMATS, render
from compiler.interpret import LawError


def _statute_file(statute: str) -> Path:
    path = Path(statute)
    if driver.is_file(path):
        return path
    candidate = Path(driver.STATUTES) / f"{statute.removesuffix('.law')}.law"
    if driver.is_file(candidate):
        return candidate
    raise click.BadParameter(f"no statute file {statute!r} (nor {candidate})",
                             param_hint="STATUTE")


@click.command()
@click.argument("statute")
@click.option("--facts", "facts_file", help="A JSON file with the facts of the case (- for stdin).")
@click.option("--example", "example_name", help="Explain one of the law's examples, by name.")
@click.option("--decision", help="The decision to explain (default: every decision of the law).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--why-not", "--counterfactual", "why_not", is_flag=True,
              help="Add the smallest changes to the facts that would change the outcome.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False),
              help="A folder of templates (text.j2, markdown.j2, html.j2) that override lawc's.")
def explain(statute: str, facts_file: str | None, example_name: str | None,
            decision: str | None, fmt: str, why_not: bool, templates: str | None) -> None:
    """Explain the decisions of STATUTE for one case: the provision that decided, its words,
    the facts it relied on, the exceptions, and the provisions that did not apply."""
    if bool(facts_file) == bool(example_name):
        raise click.UsageError("give exactly one of --facts and --example")
    workspace = driver.Workspace()
    try:
        program = driver.load_program(workspace, _statute_file(statute))
    except DiagnosticError as exc:
        cache = SourceCache(dict(workspace.sources))
        for d in exc.diagnostics:
            click.echo(render_human(d, cache, color=sys.stderr.isatty()) + "\n", err=True)
        sys.exit(1)
    if example_name is not None:
        found = [e for e in program.examples if e.name == example_name]
        if not found:
            raise click.BadParameter(f"the law has no example {example_name!r}",
                                     param_hint="--example")
        facts: object = found[0].facts
    else:
        assert facts_file is not None
        facts = load_json(facts_file)
    if not isinstance(facts, dict):
        fail("bad facts: expected an object with the facts of a case")
    wanted = list(program.decisions)
    if decision is not None:
        matches = [d for d in program.decisions if names.key(d) == names.key(decision)]
        if not matches:
            raise click.BadParameter(f"the law has no decision {decision!r} (it has: "
                                     f"{', '.join(program.decisions)})", param_hint="--decision")
        wanted = matches
    if not wanted:
        fail("the law decides nothing")
    if fmt == "html" and len(wanted) > 1:
        raise click.UsageError(f"--format html explains one decision: give --decision (this "
                               f"law decides: {', '.join(wanted)})")
    explainer = Explainer(program)
    out: list[dict[str, object]] = []
    try:
        for name in wanted:
            out.append(explainer.explain(name, facts).to_dict())
    except FactsError as exc:
        fail(f"bad facts: {exc}")
    except LawError as exc:
        fail(str(exc))
    if why_not:
        from compiler.explain.counterfactual import Finder

        with Finder(program) as finder:
            for name, e in zip(wanted, out):
                search = finder.find(name, facts)
                e["counterfactuals"] = [cf.to_dict() for cf in search.counterfactuals]
                e["counterfactual_note"] = search.note
    if fmt == "json":
        shown: object = out[0] if len(out) == 1 else out
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    try:
        click.echo("\n".join(render(e, fmt, templates) for e in out), nl=False)
    except SecurityError as exc:
        fail(f"template error: the template reaches outside the values it is given ({exc}); "
             "templates may read the explanation and use the filters, nothing else")
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(
            exc, jinja2.TemplateSyntaxError) else ""
        fail(f"template error{where}: {exc}")
