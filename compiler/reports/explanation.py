"""Explanations rendered: an explanation (its `to_dict()`) → text, Markdown, HTML or JSON.

Takes the dict an `Explanation` gives (optionally with `counterfactuals`, a list, and
`counterfactual_note`) and an optional folder of templates that override lawc's own
(`text.j2`, `markdown.j2`, `html.j2`, each found first in that folder, and run sandboxed);
gives the rendered text. The text and Markdown templates (`templates/explain/`) say what
`Explanation.text()` and `.markdown()` say, byte for byte.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from compiler import runtime_explain as rt
from compiler.reports.environment import environment

FORMATS = ("text", "markdown", "html", "json")
TEMPLATE_FILES = {"text": "text.j2", "markdown": "markdown.j2", "html": "html.j2"}
FILTERS: dict[str, Callable[..., str]] = {"md": rt.markdown_escape,
                                          "provision": rt.provision_words,
                                          "because": rt.because}


def render(explanation: Mapping[str, Any], fmt: str = "text",
           templates: str | Path | None = None) -> str:
    """The explanation in one of FORMATS. A user's template that reaches for Python internals
    raises `jinja2.sandbox.SecurityError`; any other template mistake a `jinja2.TemplateError`."""
    if fmt == "json":
        return json.dumps(explanation, indent=2, ensure_ascii=False) + "\n"
    e = {"counterfactuals": None, "counterfactual_note": "", **explanation}
    env = _lawc_templates() if templates is None else environment("explain", templates, FILTERS)
    return env.get_template(TEMPLATE_FILES[fmt]).render(e=e)


@functools.cache
def _lawc_templates() -> jinja2.Environment:
    """lawc's own explanation templates, compiled once per process (not once per explanation:
    a law's examples are explained by the hundred)."""
    return environment("explain", None, FILTERS)


__all__ = ["FORMATS", "TEMPLATE_FILES", "render"]
