"""Decision tables → the rules they stand for, before the rules are resolved.

Takes a surface `Table` of a provision (`the D is decided by this table (hit policy: …):`, a
header of the facts compared and the decision, a row per rule); gives surface `Rule`s in the
provision's name, each with the table rows it stands for, so that every later pass (types,
exceptions, the interpreter, the generated code, the solver, SQL) sees ordinary rules:

- a row is a rule whose condition is `all of` its cells, each `<column's fact> is <cell>`
  (`-` adds nothing), and whose value is its last cell;
- `unique`: the rows as they are (two rows that can apply to one case are reported by the
  solver, `analysis/table_check.py`); `first`: each row also an exception to every row below
  it (`TableLowering.first_overrides`), so the first row that applies decides;
- `collect sum|minimum|maximum|count`: a rule for each set of rows that can apply together,
  whose condition is that exactly those rows apply and whose value is the sum, the least or
  the greatest of their values, or their number (so at most `MAX_COLLECT_ROWS` rows). No row
  applying is the decision's default, or a gap.

Mistakes are reported at the row or cell: a row with the wrong number of cells or a header
whose last column is not the decision (`table-shape`), a comparison or `-` where the value
goes (`table-cell`).
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core import ast as c
from compiler.core.resolve.context import Context, Scope
from compiler.span import Span
from compiler.surface import ast as s

MAX_COLLECT_ROWS = 8  # a collect table becomes a rule per set of its rows: 2 ** 8 - 1 at most

_EXTREMES = {  # (policy, the decision is a date) → the operation that folds two values
    (s.HitPolicy.MINIMUM, False): s.Arith.LESSER, (s.HitPolicy.MINIMUM, True): s.Arith.EARLIER,
    (s.HitPolicy.MAXIMUM, False): s.Arith.GREATER, (s.HitPolicy.MAXIMUM, True): s.Arith.LATER,
}


@dataclass(frozen=True, slots=True)
class LoweredRule:
    """A rule a table stands for, with its rows (numbered from 1)."""

    rule: s.Rule
    rows: c.TableRows


class TableLowering:
    """The tables of one law, in order: each gets a number (`TableRows.table`)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.count = 0

    def rules(self, table: s.Table, scope: Scope) -> list[LoweredRule]:
        """The rules of one table; its mistakes are reported, and a row with one is left out
        (a header or a collect table with one leaves out the whole table)."""
        number = self.count
        self.count += 1
        if not self._header(table, scope):
            return []
        rows: list[tuple[s.Expr | None, s.Expr, int]] = []
        for i, row in enumerate(table.rows):
            if not self._width(table, row, scope):
                continue
            value = self._value(table, row, scope)
            if value is not None:
                rows.append((self._condition(table, row), value, i))
        policy = table.policy.value
        if table.policy in (s.HitPolicy.UNIQUE, s.HitPolicy.FIRST):
            return [LoweredRule(self._rule(table, condition, value, table.rows[i].span),
                                c.TableRows(number, (i + 1,), policy))
                    for condition, value, i in rows]
        if len(rows) != len(table.rows):
            return []
        return self._collect(table, [(cond, value, table.rows[i]) for cond, value, i in rows],
                             number)

    def _header(self, table: s.Table, scope: Scope) -> bool:
        last = table.columns[-1]
        if not _names(last, table.decision):
            self.ctx.err("table-shape", f'the last column of a table is its decision, '
                         f'"{table.decision}"', last.span, scope=scope,
                         hint=f'head the last column "{table.decision}"')
            return False
        if (table.policy not in (s.HitPolicy.UNIQUE, s.HitPolicy.FIRST)
                and len(table.rows) > MAX_COLLECT_ROWS):
            self.ctx.err("table-shape", f"a collect table has at most {MAX_COLLECT_ROWS} rows; "
                         f"this one has {len(table.rows)}", table.span, scope=scope,
                         hint="split it into tables of fewer rows, or name parts of it")
            return False
        return True

    def _width(self, table: s.Table, row: s.TableRow, scope: Scope) -> bool:
        width = len(table.columns)
        if len(row.cells) == width:
            return True
        self.ctx.err("table-shape", f"this row has {len(row.cells)} cell"
                     f"{'s' if len(row.cells) != 1 else ''}, but the table has {width} columns",
                     row.span, scope=scope, hint="give each condition column a cell (`-` for "
                     "any value) and the decision's value last")
        return False

    def _value(self, table: s.Table, row: s.TableRow, scope: Scope) -> s.Expr | None:
        cell = row.cells[-1]
        if table.policy is s.HitPolicy.COUNT:
            if isinstance(cell, s.AnyCell):
                return s.NumberLit(text="1", span=cell.span)
            self.ctx.err("table-cell", "a table that collects a count counts the rows that "
                         "apply; their last cell is `-`", cell.span, scope=scope)
            return None
        if isinstance(cell, s.TableCell) and cell.relation is s.Relation.EQUAL and (
                not cell.negated):
            return cell.operands[0]
        self.ctx.err("table-cell", f'the last cell of a row is the value of "{table.decision}" '
                     "it gives, not a comparison", cell.span, scope=scope,
                     hint="write the value itself: `$250`, `eligible`")
        return None

    @staticmethod
    def _condition(table: s.Table, row: s.TableRow) -> s.Expr | None:
        """`all of` the row's comparisons (None for a row of `-`)."""
        compares: list[s.Expr] = [
            s.Compare(subject=column, relation=cell.relation, negated=cell.negated,
                      operands=cell.operands, span=cell.span)
            for column, cell in zip(table.columns[:-1], row.cells[:-1])
            if isinstance(cell, s.TableCell)]
        if not compares:
            return None
        if len(compares) == 1:
            return compares[0]
        return s.ListCondition(kind=s.ListKind.ALL, items=tuple(compares), span=row.span)

    @staticmethod
    def _rule(table: s.Table, condition: s.Expr | None, value: s.Expr, span: Span
              ) -> s.Rule:
        return s.Rule(override=table.override, decision=table.decision, value=value,
                      form=s.RuleForm.ALWAYS if condition is None else s.RuleForm.IF,
                      condition=condition, span=span)

    def _collect(self, table: s.Table, rows: list[tuple[s.Expr | None, s.Expr, s.TableRow]],
                 number: int) -> list[LoweredRule]:
        """A rule per set of rows that apply together: exactly those rows apply."""
        is_date = isinstance(self.ctx.decision_types.get(table.decision), c.DateT)
        out: list[LoweredRule] = []
        for mask in range(1, 2 ** len(rows)):
            chosen = [i for i in range(len(rows)) if mask >> i & 1]
            if any(rows[i][0] is None for i in range(len(rows)) if i not in chosen):
                continue  # a row of `-` always applies
            parts: list[s.Expr] = []
            for i, (condition, _, row) in enumerate(rows):
                if condition is None:
                    continue
                parts.append(condition if i in chosen else s.ListCondition(
                    kind=s.ListKind.NONE, items=(condition,), span=row.span))
            joined: s.Expr | None = None
            if len(parts) == 1:
                joined = parts[0]
            elif parts:
                joined = s.ListCondition(kind=s.ListKind.ALL, items=tuple(parts),
                                         span=table.span)
            value = self._fold(table.policy, [rows[i][1] for i in chosen], is_date)
            span = rows[chosen[-1]][2].span
            out.append(LoweredRule(self._rule(table, joined, value, span),
                                   c.TableRows(number, tuple(i + 1 for i in chosen),
                                               table.policy.value)))
        return out

    @staticmethod
    def _fold(policy: s.HitPolicy, values: list[s.Expr], is_date: bool) -> s.Expr:
        if policy is s.HitPolicy.COUNT:
            n = len(values)
            return s.NumberLit(text=str(n), span=values[-1].span)
        op = s.Arith.PLUS if policy is s.HitPolicy.SUM else _EXTREMES[policy, is_date]
        total = values[0]
        for value in values[1:]:
            total = s.Arithmetic(op=op, left=total, right=value, span=value.span)
        return total


def first_overrides(lowered: list[tuple[int, LoweredRule]]) -> list[tuple[int, int]]:
    """Under `first`, (exception, overridden) pairs of rule indices: each row is an exception
    to every row below it in its table. `lowered` pairs each rule's index with its rows."""
    out: list[tuple[int, int]] = []
    for i, (a, row_a) in enumerate(lowered):
        if row_a.rows.policy != s.HitPolicy.FIRST.value:
            continue
        for b, row_b in lowered[i + 1:]:
            if row_b.rows.table == row_a.rows.table:
                out.append((a, b))
    return out


def _names(column: s.Expr, decision: str) -> bool:
    """Whether a column's head names the decision (`claimant's band`: an owned name, too)."""
    match column:
        case s.BareName(name=name) | s.TheRef(name=name):
            return name == decision
        case s.Possessive(owner=owner, name=name, of_form=False):
            head, _, rest = decision.rpartition("'s ")
            return rest == name and bool(head) and _names(owner, head)
    return False
