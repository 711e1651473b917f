"""The Jinja2 environments every report is rendered in.

Takes a folder of lawc's templates (`templates/explain`, `templates/diff`) and, optionally, a
folder of the user's own that overrides them; gives a `jinja2.Environment` with `StrictUndefined`
(a misspelt variable is an error, not a blank) and autoescaping for HTML templates (`*.html.j2`,
`html.j2`, `*.html`). Templates a user passes are run in a `jinja2.sandbox.SandboxedEnvironment`:
they may read the values they are given and call the filters, but not reach Python's internals
(`''.__class__`, `cycler.__init__.__globals__`): such an access raises
`jinja2.exceptions.SecurityError`, which the command line reports as a user error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.sandbox

TEMPLATES = Path(__file__).with_name("templates")

SecurityError = jinja2.exceptions.SecurityError


_BY_EXTENSION = jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                         disabled_extensions=(), default_for_string=False,
                                         default=False)


def is_html(name: str | None) -> bool:
    """HTML templates (`html.j2`, `*.html`, `*.html.j2`) are autoescaped."""
    return name == "html.j2" or _BY_EXTENSION(name)


def environment(own: str, user: str | Path | None = None,
                filters: Mapping[str, Callable[..., Any]] | None = None) -> jinja2.Environment:
    """The environment for lawc's templates in `templates/<own>/`, the user's folder first (if
    any, and then sandboxed)."""
    loaders: list[jinja2.BaseLoader] = []
    if user is not None:
        loaders.append(jinja2.FileSystemLoader(str(user)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES / own)))
    kind = jinja2.Environment if user is None else jinja2.sandbox.SandboxedEnvironment
    env = kind(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
               autoescape=is_html,
               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(filters or {})
    return env


__all__ = ["SecurityError", "TEMPLATES", "environment", "is_html"]
