"""The parts of resolution (surface AST → core IR), around one shared `context.Context`.

Takes what `compiler.core.from_surface.from_surface` gives it; gives nothing public of its own.
In the order they run: `declarations` (records, fields, types, enums, the names of definitions
and decisions), `expressions` with `comparisons` (names, possessives, lists, comparisons and
their sugar, typed by `core/typecheck.py`; definitions resolved on first use; `computations`
the arithmetic of values), `decisions` (rules, exceptions by citation, cycles, nesting depth),
`assumptions` (the `assume … because: …` items), `figures` (the `reported "…"` figures) and
`examples`.
"""
