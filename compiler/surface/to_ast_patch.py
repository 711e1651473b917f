"""The AST builders of amendments (`grammar/law.lark`'s `amendment` rule).

Takes the tokens and built children of one `amend_*` alternative; gives its
`compiler.surface.patches.Amendment`. `ToAst` (compiler/surface/to_ast.py) inherits these.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from compiler.surface import ast as s
from compiler.surface.ast import AmendKind, Amendment
from compiler.surface.to_ast_expr import Builder


def _cite(token: Token) -> str:
    return "§ " + str(token)[1:].strip()


class AmendmentRules(Builder):
    """`§ … is amended to read:`, `§ … is amended to define:`, `insert after § …:`,
    `§ … is repealed`."""

    def _amendment(self, kind: AmendKind, raw: list[Any]) -> Amendment:
        span, c = self._split(raw)
        target = s.Citation(text=_cite(c[0]), span=self._tok(c[0]))
        rest = tuple(c[1:])
        day = rest[0] if rest and isinstance(rest[0], Token) and rest[0].type == "DATE" else None
        if day is not None:
            rest = rest[1:]
        provisions = tuple(x for x in rest if isinstance(x, s.Provision))
        definitions = tuple(x for x in rest if not isinstance(x, s.Provision))
        return Amendment(kind=kind, target=target, provisions=provisions,
                         definitions=definitions, span=span,
                         start=str(day) if day is not None else None,
                         start_span=self._tok(day) if day is not None else None)

    def amend_to_read(self, raw: list[Any]) -> Amendment:
        return self._amendment(AmendKind.READ, raw)

    def amend_to_define(self, raw: list[Any]) -> Amendment:
        return self._amendment(AmendKind.DEFINE, raw)

    def amend_insert(self, raw: list[Any]) -> Amendment:
        return self._amendment(AmendKind.INSERT, raw)

    def amend_repeal(self, raw: list[Any]) -> Amendment:
        return self._amendment(AmendKind.REPEAL, raw)
