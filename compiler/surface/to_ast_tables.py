"""The AST builder of decision tables: the grammar rules `table`, `hit_policy`, `table_header`,
`table_row` and `table_cell` of `grammar/law.lark` → `surface.ast.Table` and its rows and cells.

Takes the tokens and built children of one rule as the parser reduces it (as the rest of
`compiler.surface.to_ast`); gives the node with the span of its words. `ToAst` inherits these
rules, so that a table is built during the parse like every other construct.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from compiler.surface import ast as s
from compiler.surface.to_ast_expr import ExpressionRules, _fold, _Part


class TableRules(ExpressionRules):
    """Grammar rules of decision tables → surface AST nodes."""

    def table(self, raw: list[Any]) -> s.Table:
        span, c = self._split(raw)
        override = None
        if c[0].__class__ is s.Override:
            override, c = c[0], c[1:]
        name, _decided_by_this_table, policy, header, *rows = c
        return s.Table(override=override, decision=_fold(name), policy=policy,
                       columns=header.value, rows=tuple(rows), span=span)

    def _policy(policy: s.HitPolicy) -> Any:  # type: ignore[misc]
        def method(self: Any, raw: list[Any]) -> s.HitPolicy:
            return policy
        return method

    policy_unique = _policy(s.HitPolicy.UNIQUE)
    policy_first = _policy(s.HitPolicy.FIRST)
    policy_sum = _policy(s.HitPolicy.SUM)
    policy_minimum = _policy(s.HitPolicy.MINIMUM)
    policy_maximum = _policy(s.HitPolicy.MAXIMUM)
    policy_count = _policy(s.HitPolicy.COUNT)

    def table_header(self, raw: list[Any]) -> _Part:
        span, c = self._split(raw)
        return _Part(tuple(c), span)

    def table_row(self, raw: list[Any]) -> s.TableRow:
        span, c = self._split(raw)
        return s.TableRow(cells=tuple(c), span=span)

    def any_cell(self, raw: list[Any]) -> s.AnyCell:
        token = next(x for x in raw if x.__class__ is Token)
        return s.AnyCell(span=self._tok(token))

    def relation_cell(self, raw: list[Any]) -> s.TableCell:
        span, (part,) = self._split(raw)
        relation, operands = part.value
        return s.TableCell(relation=relation, negated=False, operands=operands, span=span)

    def not_cell(self, raw: list[Any]) -> s.TableCell:
        span, (part,) = self._split(raw)
        relation, operands = part.value
        return s.TableCell(relation=relation, negated=True, operands=operands, span=span)

    def rounded_cell(self, raw: list[Any]) -> s.TableCell:
        value = self.rounded(raw)
        return s.TableCell(relation=s.Relation.EQUAL, negated=False, operands=(value,),
                           span=value.span)

    def whichever_cell(self, raw: list[Any]) -> s.TableCell:
        value = self.whichever(raw)
        return s.TableCell(relation=s.Relation.EQUAL, negated=False, operands=(value,),
                           span=value.span)
