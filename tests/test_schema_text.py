"""The patterns of `compiler/backends/schema_text.py` match exactly the text the runtime's
readers take: every short string over the characters a number is written with (and many
longer ones), for bounds of each shape, money and not; and every day of years that test the
leap rules, with months and days just outside the calendar."""

from __future__ import annotations

import itertools
import random
import re
from decimal import Decimal

import pytest

from compiler import runtime
from compiler.backends.schema_text import DATE, decimal_pattern, whole_pattern


def _strings(alphabet: str, longer: int, seed: int) -> list[str]:
    out = {"".join(t) for n in range(4) for t in itertools.product(alphabet, repeat=n)}
    rng = random.Random(seed)
    while len(out) < len(alphabet) ** 3 + longer:
        out.add("".join(rng.choice(alphabet) for _ in range(rng.randint(4, 9))))
    long = ["0" * 101, "0" + "9" * 100, "9" * 100, "9" * 101, "-" + "9" * 100, "-0" + "9" * 100,
            "." + "9" * 100, "9" * 50 + "." + "9" * 50, " " * 30 + "7" + "\n" * 30,
            "$" + "1," * 60, "0." + "0" * 98 + "1", "-" + "0" * 100 + "5"]
    return sorted(out) + long


WHOLE = _strings("0123456789- \n", 3000, 1)
DECIMAL = _strings("0123456789-., $", 3000, 2)


def _takes(read: object, *args: object) -> bool:
    try:
        read(*args)  # type: ignore[operator]
        return True
    except runtime.FactsError:
        return False


@pytest.mark.parametrize("low,high", [(None, None), (0, None), (0, 60), (1, 20), (-5, 13),
                                      (-120, -7), (None, 5), (3, None), (100, 1_000_000),
                                      (None, -3), (7, 7)])
def test_whole_pattern(low: int | None, high: int | None) -> None:
    pattern = whole_pattern(low, high)
    assert pattern is not None
    matches = re.compile(pattern).search
    taken = 0
    for s in WHOLE:
        reader = _takes(runtime.read_int, s, "", low, high, "n")
        assert reader == bool(matches(s)), (s, reader)
        taken += reader
    assert 0 < taken < len(WHOLE)


@pytest.mark.parametrize("money", [False, True])
@pytest.mark.parametrize("low,high", [
    (None, None), ("0", "500"), ("0", None), ("0", "1"), ("0.25", "2.75"), ("-3.5", "-0.05"),
    ("-12", "7.125"), (None, "0.3"), ("1.05", None), ("5", "5"), ("0", "100000")])
def test_decimal_pattern(low: str | None, high: str | None, money: bool) -> None:
    lo = None if low is None else Decimal(low)
    hi = None if high is None else Decimal(high)
    matches = re.compile(decimal_pattern(lo, hi, money)).search
    taken = 0
    for s in DECIMAL:
        reader = _takes(runtime.read_decimal, s, "", lo, hi, "n", money)
        assert reader == bool(matches(s)), (s, reader)
        taken += reader
    assert 0 < taken < len(DECIMAL)


def test_date_pattern() -> None:
    matches = re.compile(DATE).search
    for year in (0, 1, 4, 100, 400, 1900, 1999, 2000, 2012, 2013, 2100, 2400, 9999):
        for month in range(0, 14):
            for day in range(0, 33):
                s = f"{year:04d}-{month:02d}-{day:02d}"
                assert _takes(runtime.read_date, s, "") == bool(matches(s)), s
    for s in ["2013-01-01\n", " 2013-01-01", "2013-1-01", "١٢٣٤-01-01", "2013-01-01T00"]:
        assert not _takes(runtime.read_date, s, "")
        assert not matches(s) or len(s) != 10  # the schema's length 10 refuses the rest
