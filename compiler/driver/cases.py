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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError
from compiler.interpret import Interpreter, LawError, NotInForce
from compiler.population import leaf_types, row_to_facts

CASE_ERRORS: tuple[type[Exception], ...] = (FactsError, LawError)
LAW_ERRORS: tuple[type[Exception], ...] = (LawError,)  # the law cannot decide: not bad facts


class Decider:
    """A statute to run: a checked program (the interpreter for one case; its generated module,
    compiled in memory, for a table of cases) or a generated module (its `decide()`, with the
    statute it names as its source read for the types of CSV cells, when it is there)."""

    def __init__(self, program: c.Program | None = None, module: Any = None) -> None:
        assert (program is None) != (module is None)
        self.program = program
        self.module = module
        self.interpreter = Interpreter(program) if program is not None else None
        self._bulk: Any = module
        self._types: dict[str, c.Type] | None = None

    def decide(self, facts: object, *, ignore_in_force: bool = False) -> dict[str, object]:
        """The case's outcome; one dated outside the law's period is refused (`NotInForce`, a
        `FactsError`) unless `ignore_in_force`."""
        if self.interpreter is not None:
            if not isinstance(facts, dict):
                raise FactsError("", f"expected an object with the facts of a case, got {facts!r}")
            return self.interpreter.decide(facts, ignore_in_force=ignore_in_force)
        own = getattr(getattr(self.module, "rt", None), "FactsError", FactsError)
        try:
            result: dict[str, object] = self.module.decide(facts,
                                                           ignore_in_force=ignore_in_force)
        except own as exc:  # a module's own runtime (generated/_runtime.py) raises its own class
            if type(exc).__name__ == "NotInForce":
                refused: Any = exc
                raise NotInForce(refused.path, refused.day, refused.start, refused.end,
                                 refused.law) from None
            raise FactsError(exc.path, exc.message) from None
        return result

    @property
    def bulk(self) -> Any:
        """The generated module that decides a table of cases (for a `.law` file: compiled and
        run in memory, no file written)."""
        if self._bulk is None:
            from compiler.driver.output import module_in_memory

            assert self.program is not None
            self._bulk = module_in_memory(self.program)
        return self._bulk

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """What `decide` raises for a case it cannot decide: the compiler's `CASE_ERRORS` and
        those of the runtime the generated module uses (a copy, with classes of its own)."""
        rt = self.bulk.rt
        return CASE_ERRORS + (rt.FactsError, rt.LawError)

    def leaf_types(self) -> dict[str, c.Type]:
        """Column path → type for the cells of a CSV: the program's, or for a module those of
        the statute its `STATUTE["source"]` names, checked (none if it is not there)."""
        if self._types is None:
            program = self.program
            if program is None:
                program = _source_program(self.module)
            self._types = leaf_types(program) if program is not None else {}
        return self._types

    def row_to_facts(self, row: dict[str, str]) -> dict[str, object]:
        """The facts of a CSV row, cells read by the law's types (see `leaf_types`)."""
        return row_to_facts(row, self.leaf_types())

    def row_reader(self, header: list[str]) -> Callable[[list[str]], dict[str, object]]:
        """A function from the cells of one CSV row (under `header`) to its facts: what
        `row_to_facts` gives for the row as a mapping, with the work that depends only on the
        header (the path of each column, how its cells are read) done once."""
        return row_reader(header, self.leaf_types())


def _source_program(module: Any) -> c.Program | None:
    """The checked statute a generated module was compiled from, if it is in the working
    folder and still the text the module was made from."""
    statute = getattr(module, "STATUTE", None)
    if not isinstance(statute, dict):
        return None
    source = statute.get("source")
    if not isinstance(source, str) or not Path(source).is_file():
        return None
    from compiler.driver import Workspace, check
    from compiler.diagnostics import DiagnosticError

    try:
        program = check(Workspace(), Path(source))
    except DiagnosticError:
        return None
    return program if program.source_hash == statute.get("source_sha256") else None


def row_reader(header: list[str], types: dict[str, c.Type]
               ) -> Callable[[list[str]], dict[str, object]]:
    """`Decider.row_reader`, for the column types `types`."""
    columns: list[tuple[int, tuple[str, ...], Callable[[str], object]]] = []
    for i, column in enumerate(header):
        parts = tuple(column.strip().split("."))
        if any(p.isdigit() for p in parts):  # indexed columns: the general reading
            def general(cells: list[str]) -> dict[str, object]:
                return row_to_facts(dict(zip(header, cells)), types)
            return general
        columns.append((i, parts, _reader(types.get(".".join(parts)))))
    paths = [parts for _, parts, _ in columns]
    prefixes = {parts[:n] for parts in paths for n in range(1, len(parts))}
    if len(set(header)) != len(header) or any(parts in prefixes for parts in paths):
        # a repeated column, or one that is also a record: the general reading
        return lambda cells: row_to_facts(dict(zip(header, cells)), types)

    def read(cells: list[str]) -> dict[str, object]:
        facts: dict[str, object] = {}
        for i, parts, cell in columns:
            value = cells[i]
            if not value or value.isspace():
                continue
            node: Any = facts
            for part in parts[:-1]:
                inner = node.get(part)
                if inner is None:
                    inner = node[part] = {}
                node = inner
            node[parts[-1]] = cell(value)
        return facts
    return read


def _reader(t: c.Type | None) -> Callable[[str], object]:
    """How a non-empty cell of a column of type `t` is read (population._cell's rules)."""
    if isinstance(t, c.BoolT):
        def yes_no(value: str) -> object:
            text = value.strip()
            return _YES_NO.get(text.lower(), text)
        return yes_no
    if isinstance(t, c.CodeT):
        return str.strip
    is_list = isinstance(t, c.ListT)

    def other(value: str) -> object:
        text = value.strip()
        if is_list or text.startswith(("[", "{")):
            try:
                return json.loads(text)
            except (ValueError, RecursionError):  # not JSON, 4,300+ digits, too deep
                return text
        return text
    return other


_YES_NO: dict[str, object] = {"yes": True, "true": True, "1": True, "y": True,
                              "no": False, "false": False, "0": False, "n": False}


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
        "decisions": [{"name": d.name, "key": names.key(d.name), "type": str(d.type),
                       "values": _values(p, d), "optional": d.optional}  # `, if known`
                      for d in p.decisions.values()],
        "records": [{"name": r.name, "key": names.key(r.name), "outputs": list(r.fields)}
                    for r in p.outcome_records.values()],
        "provisions": len(p.provisions),
        "examples": len(p.examples),
    }


def _values(p: c.Program, d: c.Decision) -> list[object]:
    """The values a decision of a list of values or yes/no takes (none for one it computes)."""
    if isinstance(d.type, c.EnumT):
        return list(p.enums[d.type.name].values)
    return [True, False] if isinstance(d.type, c.BoolT) else []
