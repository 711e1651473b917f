"""The value checks of a generated record's `__post_init__`, beyond the type of each field.

Takes a field's core type and the Python expression of its value (`self.household_size`), already
known to be of the field's Python type; gives the lines that refuse a value the law's type does
not allow although Python's does: a whole number, a duration, a decimal or a sum of money
outside the bounds the vocabulary declares (`a whole number from 1 to 12`), and a decimal that is
not finite (`Decimal('Infinity')`, `Decimal('NaN')`). Each raises `ValueError` naming
`Record.field` through `runtime.out_of_bounds`, as `decide()` refuses the same values in JSON.
The type test itself (`type(x) is T`) stays with the writer of the record
(`backends/to_python.py`).

>>> value_checks(c.IntT(low=1, high=12), "self.size", "size")
[('not 1 <= self.size <= 12', "rt.out_of_bounds(self, 'size', 1, 12)")]
"""

from __future__ import annotations

from decimal import Decimal

from compiler.core import ast as c


def value_checks(t: c.Type, value: str, attribute: str) -> list[tuple[str, str]]:
    """(condition, statement) for each `if condition: statement` a field of type `t` needs
    (none when the type allows every value of its Python type)."""
    match t:
        case c.IntT(low=low, high=high) | c.DurationT(low=low, high=high):
            return _bounds(value, attribute, low, high)
        case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
            finite = (f"not {value}.is_finite()",
                      f"rt.out_of_bounds(self, {attribute!r}, None, None)")
            return [finite, *_bounds(value, attribute, _decimal(low), _decimal(high))]
        case _:
            return []


def _bounds(value: str, attribute: str, low: int | str | None, high: int | str | None
            ) -> list[tuple[str, str]]:
    if low is None and high is None:
        return []
    if low is not None and high is not None:
        test = f"{low} <= {value} <= {high}"
    elif low is not None:
        test = f"{value} >= {low}"
    else:
        test = f"{value} <= {high}"
    return [(f"not {test}", f"rt.out_of_bounds(self, {attribute!r}, {low}, {high})")]


def _decimal(bound: Decimal | None) -> str | None:
    """A decimal bound as the check writes it: a whole number as an `int` (compared with a
    `Decimal` exactly, and built once), another as `Decimal('1.5')`."""
    if bound is None:
        return None
    if bound == bound.to_integral_value():
        return str(int(bound))
    return f"Decimal({str(bound)!r})"
