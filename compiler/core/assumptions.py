"""Which assumptions about facts a law checks, what facts each names, and the check itself.

Takes a resolved `Program` (its `assumptions`, declared with `assume … because: …` in the law or
a vocabulary it uses); gives `applicable(program)`: the assumptions whose every fact the law's
decisions read (an assumption about a fact the law never reads is not the law's to check, and
`decide()` does not ask for facts it does not read), `fact_paths(program, assumption)`: the
facts it names, as `decide()`'s JSON paths (`person.convictions[].release_date`), and
`broken_message`: the words of a `FactsError` for a case that breaks one. The interpreter, the
generated `decide()` and every analysis of `compiler.analysis` read these.
"""

from __future__ import annotations

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import read_fields_of


def _visit(program: c.Program, e: c.Expr, env: dict[str, str], paths: list[str],
           fields: set[tuple[str, str]], seen: set[str]) -> str | None:
    """The JSON path of `e` if it is a fact or a record of the case; facts read go to `paths`
    and `fields`."""
    match e:
        case c.Root():
            return ""
        case c.Var(name=name):
            return env.get(name)
        case c.Field(owner=owner, record=record, name=name):
            fields.add((record, name))
            base = _visit(program, owner, env, paths, fields, seen)
            path = names.key(name) if not base else f"{base}.{names.key(name)}"
            if not isinstance(e.type, c.RecordT | c.ListT) and path not in paths:
                paths.append(path)
            return path
        case c.Quant(collection=collection, var=var, condition=condition):
            base = _visit(program, collection, env, paths, fields, seen)
            if condition is not None:
                inner = {**env, var.name: f"{base}[]"} if base is not None else env
                _visit(program, condition, inner, paths, fields, seen)
            return None
        case c.Aggregate(collection=collection, var=var, measure=measure, condition=condition):
            base = _visit(program, collection, env, paths, fields, seen)
            inner = {**env, var.name: f"{base}[]"} if base is not None else env
            for part in (measure,) if condition is None else (condition, measure):
                _visit(program, part, inner, paths, fields, seen)
            return None
        case c.DefRef(key=key, argument=argument):
            definition = program.definitions[key]
            inner_env: dict[str, str] = {}
            if argument is not None:
                base = _visit(program, argument, env, paths, fields, seen)
                if definition.parameter is not None and base is not None:
                    inner_env[definition.parameter.name] = base
            visit_key = repr((key, sorted(inner_env.items())))
            if definition.body is not None and visit_key not in seen:
                seen.add(visit_key)
                _visit(program, definition.body, inner_env, paths, fields, seen)
            return None
    for child in c.children(e):
        _visit(program, child, env, paths, fields, seen)
    return None


def fact_paths(program: c.Program, assumption: c.Assumption) -> list[str]:
    """The facts the assumption names, in the order it names them."""
    paths: list[str] = []
    _visit(program, assumption.condition, {}, paths, set(), set())
    return paths


def _fields(program: c.Program, assumption: c.Assumption) -> set[tuple[str, str]]:
    fields: set[tuple[str, str]] = set()
    _visit(program, assumption.condition, {}, [], fields, set())
    return fields


def applicable(program: c.Program,
               read: dict[str, set[str]] | None = None) -> tuple[c.Assumption, ...]:
    """The assumptions whose every fact is read (by the law's decisions, or as `read` says)."""
    if not program.assumptions:
        return ()
    read = read_fields_of(program) if read is None else read
    return tuple(a for a in program.assumptions
                 if all(name in read.get(record, ()) for record, name in _fields(program, a)))


def broken_message(assumption: c.Assumption) -> str:
    """What a `FactsError` says of a case that breaks the assumption."""
    return (f"these facts break an assumption about every real case: {assumption.words}, "
            f"because {assumption.reason}")
