"""What reading a `.law` file needs before (and without) the parser: the grammar's text, the
source normalised, and the cycle collector paused around a parse.

Takes nothing; gives `grammar_text`, `normalize_source` and `without_cycle_collector`, which
`compiler.surface.parse` re-exports. They live apart from it so that a command whose files are
all in the parse cache (`compiler.parse_cache`) does not import Lark at all.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GRAMMAR_NAME = "law.lark"


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, from `grammar/`."""
    packaged = Path(__file__).resolve().parents[1] / "grammar" / GRAMMAR_NAME
    if packaged.is_file():  # an installed package's own file: what importlib.resources reads
        return packaged.read_text(encoding="utf-8")
    import importlib.resources  # a package in a zip file, say

    try:
        resource = importlib.resources.files("compiler.grammar").joinpath(GRAMMAR_NAME)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    return (Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_NAME).read_text(
        encoding="utf-8")


def normalize_source(text: str) -> str:
    """Line ends folded to `\\n`, a byte-order mark dropped, a final newline added."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector: a parse builds hundreds of thousands of objects and none
    of them in cycles, and the collector's passes over them made large laws take more than
    linear time (a 5,000-provision law: 12 s with it, 6 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
