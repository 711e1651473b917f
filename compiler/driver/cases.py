"""Cases to decide: facts from CSV rows, and a statute to decide them with.

Takes a checked `Program` (or the name of a generated module) and cases as JSON-like facts or CSV
rows (columns are fact paths such as `person.date_of_birth`, lists as JSON cells or indexed
columns `person.convictions.0.class`); gives the facts of each row (`row_to_facts`, typed by
`leaf_types`) and a `Decider` whose `decide` gives the JSON outcome of one case or raises one of
`CASE_ERRORS` (bad facts, a conflict or a gap) with a message in the user's words.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError
from compiler.interpret import Interpreter, LawError
from compiler.population import leaf_types, row_to_facts

CASE_ERRORS: tuple[type[Exception], ...] = (FactsError, LawError)
LAW_ERRORS: tuple[type[Exception], ...] = (LawError,)  # the law cannot decide: not bad facts


class Decider:
    """A statute to run: a checked program (the interpreter) or a generated module (its
    `decide()`)."""

    def __init__(self, program: c.Program | None = None, module: Any = None) -> None:
        assert (program is None) != (module is None)
        self.program = program
        self.module = module
        self.interpreter = Interpreter(program) if program is not None else None

    def decide(self, facts: object) -> dict[str, object]:
        if self.interpreter is not None:
            if not isinstance(facts, dict):
                raise FactsError("", f"expected an object with the facts of a case, got {facts!r}")
            return self.interpreter.decide(facts)
        result: dict[str, object] = self.module.decide(facts)
        return result

    def row_to_facts(self, row: dict[str, str]) -> dict[str, object]:
        """The facts of a CSV row, cells read by the law's types (a module's are unknown:
        its cells are read as text, JSON for lists)."""
        return row_to_facts(row, leaf_types(self.program) if self.program is not None else {})


def import_generated(ref: str, package: str) -> Any:
    """The generated module `ref` names (`nyc/local_law_62_2011` or
    `generated.nyc.local_law_62_2011`), imported from the working folder; None if there is
    none."""
    module_name = ref.replace("/", ".")
    if not module_name.startswith(package + "."):
        module_name = f"{package}.{module_name}"
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None


def statute_summary(program: c.Program, package: str) -> dict[str, Any]:
    """What `lawc list` shows of a law: title, jurisdiction, dates, module and decisions."""
    p = program
    return {
        "statute": p.path,
        "title": p.title,
        "jurisdiction": p.header.get("jurisdiction"),
        "enacts": p.header.get("enacts"),
        "amends": p.header.get("amends"),
        "citation": p.header.get("citation") or p.header.get("enacts") or p.header.get("amends"),
        "in_force_from": p.header.get("in force from"),
        "in_force_until": p.header.get("in force until"),
        "module": f"{package}." + p.path.replace("/", "."),
        "decisions": [{"name": d.name, "key": names.key(d.name),
                       "values": _values(p, d)} for d in p.decisions.values()],
        "provisions": len(p.provisions),
        "examples": len(p.examples),
    }


def _values(p: c.Program, d: c.Decision) -> list[object]:
    if isinstance(d.type, c.EnumT):
        return list(p.enums[d.type.name].values)
    return [True, False]
