"""Rendering: an explanation (its `to_dict()`) → text, Markdown, HTML or JSON.

Takes the dict an `Explanation` gives (optionally with `counterfactuals`, a list, and
`counterfactual_note`) and an optional folder of templates that override lawc's own
(`text.j2`, `markdown.j2`, `html.j2`, each found first in that folder); gives the rendered text.
Templates are Jinja2 with `StrictUndefined`, so a misspelt variable is an error, not a blank.
The text and Markdown templates say what `Explanation.text()` and `.markdown()` say.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from compiler import runtime as rt

FORMATS = ("text", "markdown", "html", "json")
TEMPLATE_FILES = {"text": "text.j2", "markdown": "markdown.j2", "html": "html.j2"}
PACKAGE_TEMPLATES = Path(__file__).with_name("templates")


def _is_html(name: str | None) -> bool:
    """HTML templates (`html.j2`, `*.html`, `*.html.j2`) are autoescaped."""
    return name is not None and (name == "html.j2" or name.endswith((".html", ".html.j2")))


def environment(templates: str | Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the user's folder first (if any), then lawc's templates."""
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                             autoescape=_is_html,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = rt._md
    env.filters["provision"] = rt._provision
    env.filters["because"] = rt._because
    return env


def render(explanation: Mapping[str, Any], fmt: str = "text",
           templates: str | Path | None = None) -> str:
    """The explanation in one of FORMATS."""
    if fmt == "json":
        return json.dumps(explanation, indent=2, ensure_ascii=False) + "\n"
    e = {"counterfactuals": None, "counterfactual_note": "", **explanation}
    template = environment(templates).get_template(TEMPLATE_FILES[fmt])
    return template.render(e=e)
