"""Regular expressions of the text `decide()` reads as a number or a date, for the JSON Schema.

Takes the bounds of a whole number, a decimal or money (and whether it is money); gives a
pattern (ECMA-262 as JSON Schema writes it, within the subset JSON Schema recommends: classes,
groups, alternation, quantifiers, `(?=…)`, `(?!…)`) that matches exactly the text the readers
`read_int` and `read_decimal` of `compiler/runtime.py` take for that type: the spaces they strip
on either side, at most `MAX_DIGITS + 1` characters of number, and the value within the bounds
(money: an optional `$` first and commas anywhere after it, which the reader drops). A bound is
compared digit by digit, so the pattern is exact for any bound. `DATE` matches exactly the
`YYYY-MM-DD` text of a day that exists (years 0001 to 9999, 29 February in leap years), so a
validator that does not check `format` still agrees with `read_date`.

Every pattern is anchored with `^…$` and ends in `[ \\t\\r\\n]*$` (or has a fixed length beside
it), so Python's `re.search`, where `$` also matches before a final newline, agrees with
ECMA-262's `$`.
"""

from __future__ import annotations

from decimal import Decimal

from compiler.runtime import MAX_DIGITS

SPACE = "[ \\t\\r\\n]*"  # what the readers strip around a number's text
_LONGEST = 10 ** (MAX_DIGITS + 1) - 1  # the largest number a text of MAX_DIGITS + 1 digits holds
_MOST = 10 ** MAX_DIGITS - 1  # the largest whole number `read_int` takes

_YEAR = "(?!0000)[0-9]{4}"
_LEAP = ("(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
         "-02-29")
DATE = ("^(?:" + _YEAR + "-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
        "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|" + _LEAP + ")$")


class _Text:
    """Builds patterns over the characters of a number, each followed by `sep` (`,*` for
    money, whose reader drops every comma; empty otherwise)."""

    def __init__(self, money: bool) -> None:
        self.sep = ",*" if money else ""

    def one(self, cls: str) -> str:
        """One character of the class (or the literal)."""
        return cls + self.sep

    def many(self, cls: str, low: int, high: int | None = None) -> str:
        """`low` to `high` (no upper limit: None) characters of the class."""
        unit = f"(?:{cls}{self.sep})" if self.sep else cls
        if high is None:
            return unit + ("*" if low == 0 else "+" if low == 1 else f"{{{low},}}")
        if low == high:
            return unit if low == 1 else unit + f"{{{low}}}"
        return unit + f"{{{low},{high}}}"

    def dot(self) -> str:
        return self.one("\\.")

    def digits(self, text: str) -> str:
        return "".join(self.one(d) for d in text)

    # ------------------------------------------------------------------ whole numbers

    def natural(self, low: int, high: int) -> str:
        """The digits of a whole number in `low`..`high` (0 <= low <= high), leading zeros
        allowed."""
        parts: list[str] = []
        shortest, longest = len(str(low)), len(str(high))
        if longest > shortest and high == 10 ** longest - 1:  # every longer number: one part
            parts.append(self.one("[1-9]") + self.many("[0-9]", shortest, longest - 1))
            longest = shortest
            high = 10 ** shortest - 1
        for n in range(shortest, longest + 1):
            lo = max(low, 10 ** (n - 1) if n > 1 else 0)
            hi = min(high, 10 ** n - 1)
            if lo <= hi:
                parts.extend(self._same_length(str(lo), str(hi)))
        return self.many("0", 0) + _group(parts)

    def _same_length(self, lo: str, hi: str) -> list[str]:
        """Patterns of the digit strings of lo's length between lo and hi."""
        if lo == hi:
            return [self.digits(lo)]
        i = 0
        while lo[i] == hi[i]:
            i += 1
        head, lo, hi = self.digits(lo[:i]), lo[i:], hi[i:]
        rest = len(lo) - 1
        if rest == 0:
            return [head + self.one(_range(lo[0], hi[0]))]
        low_full, high_full = lo[1:] == "0" * rest, hi[1:] == "9" * rest
        out: list[str] = []
        first, last = int(lo[0]), int(hi[0])
        if not low_full:
            out += [head + self.one(lo[0]) + p for p in self._same_length(lo[1:], "9" * rest)]
            first += 1
        tail: list[str] = []
        if not high_full:
            tail = [head + self.one(hi[0]) + p for p in self._same_length("0" * rest, hi[1:])]
            last -= 1
        if first <= last:
            out.append(head + self.one(_range(str(first), str(last))) +
                       self.many("[0-9]", rest, rest))
        return out + tail

    # ---------------------------------------------------------------- decimal numbers

    def fraction_at_most(self, digits: str) -> str:
        """Fraction digits f (maybe none) with 0.f <= 0.`digits` (no trailing zeros)."""
        if not digits:
            return self.many("0", 0)
        d = int(digits[0])
        options = [self.one(digits[0]) + self.fraction_at_most(digits[1:])]
        if d > 0:
            options.append(self.one(_range("0", str(d - 1))) + self.many("[0-9]", 0))
        return f"(?:{'|'.join(options)})?"

    def fraction_at_least(self, digits: str) -> str:
        """Fraction digits f with 0.f >= 0.`digits` (no trailing zeros); none when digits is
        empty."""
        if not digits:
            return self.many("[0-9]", 0)
        d = int(digits[0])
        options = [self.one(digits[0]) + self.fraction_at_least(digits[1:])]
        if d < 9:
            options.append(self.one(_range(str(d + 1), "9")) + self.many("[0-9]", 0))
        return _group(options)

    def _fraction(self, pattern: str, empty: bool) -> str:
        """A point and fraction digits matching `pattern` (which matches none when `empty`)."""
        return f"(?:{self.dot()}{pattern})?" if empty else self.dot() + pattern

    def unsigned(self) -> str:
        """Any unsigned plain decimal: `12`, `12.`, `12.5`, `.5`."""
        d = "[0-9]"
        return (f"(?:{self.many(d, 1)}(?:{self.dot()}{self.many(d, 0)})?"
                f"|{self.dot()}{self.many(d, 1)})")

    def at_most(self, bound: Decimal) -> str:
        """Unsigned plain decimals of value at most `bound` (>= 0)."""
        whole, fraction = _split(bound)
        equal = self._equal_whole(whole, self.fraction_at_most(fraction), True)
        if whole == 0:
            return equal
        d = "[0-9]"
        below = (f"(?:{self.natural(0, whole - 1)}(?:{self.dot()}"
                 f"{self.many(d, 0)})?|{self.dot()}{self.many(d, 1)})")
        return f"(?:{below}|{equal})"

    def at_least(self, bound: Decimal) -> str:
        """Unsigned plain decimals of value at least `bound` (> 0)."""
        whole, fraction = _split(bound)
        above = (f"{self.natural(whole + 1, _LONGEST)}(?:{self.dot()}"
                 f"{self.many('[0-9]', 0)})?")
        equal = self._equal_whole(whole, self.fraction_at_least(fraction), not fraction)
        return f"(?:{above}|{equal})"

    def _equal_whole(self, whole: int, fraction: str, empty: bool) -> str:
        """Plain decimals whose whole part is `whole` and fraction matches `fraction` (which
        may match no digits when `empty`)."""
        if whole > 0:
            return self.many("0", 0) + self.digits(str(whole)) + self._fraction(fraction, empty)
        if not empty:
            return self.many("0", 0) + self._fraction(fraction, False)
        # no whole digits is 0 too, but then the fraction has a digit
        return (f"(?:{self.many('0', 1)}{self._fraction(fraction, True)}"
                f"|{self.dot()}(?=,*[0-9]){fraction})")


def _group(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def _range(a: str, b: str) -> str:
    return a if a == b else f"[{a}-{b}]"


def _split(value: Decimal) -> tuple[int, str]:
    """A non-negative decimal's whole part and its fraction digits, without trailing zeros."""
    whole = int(value)
    text = format(value - whole, "f")
    fraction = text.partition(".")[2].rstrip("0")
    return whole, fraction


def whole_pattern(low: int | None, high: int | None) -> str | None:
    """The text `read_int` takes as a whole number in `low`..`high`: ASCII digits, an optional
    minus, at most `MAX_DIGITS` digits of value and `MAX_DIGITS + 1` characters. None when no
    text is in the range."""
    t = _Text(False)
    lo = -_MOST if low is None else max(low, -_MOST)
    hi = _MOST if high is None else min(high, _MOST)
    if lo > hi:
        return None
    parts: list[str] = []
    if hi >= 0:
        parts.append(t.natural(max(lo, 0), hi))
    if lo < 0:
        parts.append("-" + t.natural(max(-hi, 1), -lo))
    if lo <= 0 <= hi:
        parts.append("-0+")
    return f"^{SPACE}(?=[-0-9]{{1,{MAX_DIGITS + 1}}}{SPACE}$){_group(parts)}{SPACE}$"


def decimal_pattern(low: Decimal | None, high: Decimal | None, money: bool) -> str:
    """The text `read_decimal` takes as a decimal (money: `money`) in `low`..`high`."""
    t = _Text(money)
    sep = t.sep
    end = f"{sep}{SPACE}$"
    unsigned = t.unsigned()
    checks = [f"(?=(?:{sep}[-.0-9]){{1,{MAX_DIGITS + 1}}}{end})" if money else
              f"(?=[-.0-9]{{1,{MAX_DIGITS + 1}}}{end})"]
    minus = t.one("-")
    if low is not None:  # value >= low
        ge = (f"(?:{unsigned}|{minus}{t.at_most(-low)})" if low <= 0 else t.at_least(low))
        checks.append(f"(?={sep}{ge}{end})")
    if high is not None:  # value <= high
        le = (f"(?:{minus}{unsigned}|{t.at_most(high)})" if high >= 0 else
              minus + t.at_least(-high))
        checks.append(f"(?={sep}{le}{end})")
    dollar = "\\$?" if money else ""
    return f"^{SPACE}{dollar}{''.join(checks)}{sep}(?:{minus})?{unsigned}{end}"


__all__ = ["DATE", "SPACE", "decimal_pattern", "whole_pattern"]
