"""Cases to decide: facts from CSV rows, and a statute to decide them with.

Takes a checked `Program` (or the name of a generated module) and cases as JSON-like facts or CSV
rows (columns are fact paths such as `person.date_of_birth`, lists as JSON cells or indexed
columns `person.convictions.0.class`); gives the facts of each row (`row_to_facts`, typed by
`leaf_types`) and a `Decider` whose `decide` gives the JSON outcome of one case or raises one of
`CASE_ERRORS` (bad facts, a conflict or a gap) with a message in the user's words.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError
from compiler.interpret import Interpreter, LawError

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


def leaf_types(program: c.Program) -> dict[str, c.Type]:
    """Column path (`person.date_of_birth`; in a list, without the index:
    `person.convictions.class`) → type, for reading CSV cells."""
    out: dict[str, c.Type] = {}

    def visit(record: str, prefix: str, depth: int) -> None:
        fields = program.facts.fields if record == "case" else program.records[record].fields
        for f in fields.values():
            path = f"{prefix}{names.key(f.name)}"
            out[path] = f.type
            if isinstance(f.type, c.RecordT) and depth < 4:
                visit(f.type.name, path + ".", depth + 1)
            elif isinstance(f.type, c.ListT) and depth < 4:
                visit(f.type.element, path + ".", depth + 1)

    visit("case", "", 0)
    return out


def _cell(value: str, t: c.Type | None) -> object:
    text = value.strip()
    if isinstance(t, c.BoolT):
        lowered = text.lower()
        if lowered in ("yes", "true", "1", "y"):
            return True
        if lowered in ("no", "false", "0", "n"):
            return False
        return text
    if isinstance(t, c.ListT) or (text.startswith(("[", "{")) and not isinstance(t, c.CodeT)):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def row_to_facts(row: dict[str, str], types: dict[str, c.Type]) -> dict[str, object]:
    facts: dict[str, object] = {}
    for column, value in row.items():
        if column is None or value is None or value.strip() == "":
            continue
        parts = column.strip().split(".")
        node: Any = facts
        for i, part in enumerate(parts[:-1]):
            nxt = parts[i + 1]
            if part.isdigit():
                index = int(part)
                while len(node) <= index:
                    node.append({})
                node = node[index]
                continue
            node = node.setdefault(part, [] if nxt.isdigit() else {})
        last = parts[-1]
        base = ".".join(p for p in parts if not p.isdigit())
        converted = _cell(value, types.get(base))
        if last.isdigit():
            while len(node) <= int(last):
                node.append({})
            node[int(last)] = converted
        else:
            node[last] = converted
    return facts


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
