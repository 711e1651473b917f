"""Results rendered for people: the command line's one door to `compiler.reports`.

Takes typed diffs (`analysis.diff_result`) and explanations (`to_dict()`), gives text,
Markdown, HTML or JSON. Template mistakes, and templates of the user's that reach outside the
values they are given (the sandbox refuses them), are `TemplateProblem`s in the user's words, and
so is a Python error a user's template raises (`1/0`, a range past the sandbox's limit, a
template that extends itself).
Jinja2 and the templates are imported only when something is rendered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compiler.analysis.diff_result import Diff, SinceDiffs

DIFF_FORMATS = ("text", "markdown", "json", "html")
EXPLAIN_FORMATS = ("text", "markdown", "html", "json")


class TemplateProblem(Exception):
    """A template that cannot be rendered, or that the sandbox refused."""


def diff(result: Diff, fmt: str, color: bool = False) -> str:
    from compiler.reports import diff as render

    return render.render(result, fmt, color)


def since(result: SinceDiffs, fmt: str, color: bool = False) -> str:
    from compiler.reports import diff as render

    return render.since(result, fmt, color)


def report(results: Sequence[Diff], title: str, intro: str, fmt: str,
           timelines: Sequence[tuple[str, Sequence[Diff]]] = ()) -> str:
    from compiler.reports import diff as render

    return render.report(results, title, intro, fmt, timelines)


def explanations(out: Sequence[Mapping[str, Any]], fmt: str, templates: str | None) -> str:
    """Each explanation in `fmt`; JSON is one object, or a list of them for several."""
    if fmt == "json":
        shown: object = out[0] if len(out) == 1 else list(out)
        return json.dumps(shown, indent=2, ensure_ascii=False) + "\n"
    if fmt == "text" and templates is None:
        return "\n".join(_text(e) for e in out)
    import jinja2

    from compiler.reports.environment import SecurityError
    from compiler.reports.explanation import render

    try:
        return "\n".join(render(e, fmt, templates) for e in out)
    except SecurityError as exc:
        raise TemplateProblem(
            f"template error: the template reaches outside the values it is given ({exc}); "
            "templates may read the explanation and use the filters, nothing else") from None
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(
            exc, jinja2.TemplateSyntaxError) else ""
        raise TemplateProblem(f"template error{where}: {exc}") from None
    except (ArithmeticError, LookupError, ValueError, TypeError, RecursionError) as exc:
        if templates is None:  # lawc's own templates: a bug in lawc
            raise
        raise TemplateProblem(f"template error: the template failed: {type(exc).__name__}: "
                              f"{exc}") from None


def _text(e: Mapping[str, Any]) -> str:
    """One explanation as lawc's own `text.j2` writes it, without Jinja2 (which costs a plain
    `lawc explain` a tenth of a second to import): the runtime's `render_text` (the words of
    `Explanation.text()`, which tests hold equal to the template's) and, when asked for, what
    would change the outcome, as the template adds it (tests hold the two renderings equal)."""
    from compiler.runtime_explain import render_text

    text = render_text(e)
    counterfactuals = e.get("counterfactuals")
    if counterfactuals is None:
        return text
    lines = [f"  - {cf['text']}" for cf in counterfactuals] or [
        f"  - {e.get('counterfactual_note', '')}"]
    return text + "\nWhat would change the outcome:\n" + "\n".join(lines) + "\n"


__all__ = ["DIFF_FORMATS", "EXPLAIN_FORMATS", "TemplateProblem", "diff", "explanations",
           "report", "since"]
