"""Printing and parsing: `parse(print(tree)) == tree` and printing is stable, for every `.law`
file under statutes/ (and the test laws), whatever drafters have added."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.parse import parse
from conftest import STATUTES, TEST_STATUTES, file_id, law_files

FILES = law_files(STATUTES) + law_files(TEST_STATUTES)


@pytest.mark.parametrize("file", FILES, ids=file_id)
def test_print_parses_back_to_the_same_tree(file: Path) -> None:
    tree = parse(file.read_text(encoding="utf-8"), str(file))
    printed = surface_print.file(tree)
    assert parse(printed, str(file)) == tree


@pytest.mark.parametrize("file", FILES, ids=file_id)
def test_printing_is_stable(file: Path) -> None:
    printed = surface_print.file(parse(file.read_text(encoding="utf-8"), str(file)))
    assert surface_print.file(parse(printed, str(file))) == printed


def test_the_tree_equality_sees_a_change() -> None:
    """The round trip would prove nothing if trees compared equal whatever they held."""
    a = parse('vocabulary "V"\n\nfacts:\n  a flag: yes or no\n', "a.law")
    b = parse('vocabulary "V"\n\nfacts:\n  a banner: yes or no\n', "b.law")
    moved = parse('vocabulary "V"\n\n\nfacts:\n    a flag: yes or no\n', "c.law")
    assert a != b
    assert a == moved  # positions do not count


@pytest.mark.parametrize("length", [
    s.NumberLit(text="5%"),
    s.TheRef(name="grace period"),
    s.Arithmetic(op=s.Arith.PLUS, left=s.DurationLit(amount="2", unit="days"),
                 right=s.NumberLit(text="5%")),
])
def test_a_length_before_of_that_of_would_join_is_printed_in_parentheses(length: s.Expr) -> None:
    """`within 5% of X` would read `5% of X` as a percentage of X (and `the p of X` as X's p)."""
    within = s.Compare(subject=s.TheRef(name="request date"), relation=s.Relation.WITHIN_OF,
                       negated=False, operands=(length, s.TheRef(name="release date")))
    tree = s.File(header=s.Header(kind=s.FileKind.EXAMPLES, title="t", fields=()), items=(
        s.Example(name="e", under=(), given=(s.GivenFlag(owner=None, name="x", value=True,
                                                          article=None),),
                  expect=(s.Expectation(decision="flag", value=within),), failures=()),))
    printed = surface_print.file(tree)
    assert parse(printed, "t.law") == tree, printed
