"""Names as laws write them: numbers inside names (`tier 2 penalty`, `section 9-131`) and the
reserved words `to`, `after` and `before` joining two words (`the right to counsel`), kept by
the parser, the printer and the formatter, and turned into distinct Python-safe keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from compiler.core import ast as c
from compiler.core import names
from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.format import format_text
from compiler.surface.parse import parse

LAW = '''law "Names"
  jurisdiction: Nowhere

facts:
  the tier 2 penalty: yes or no
  the section 9-131 request: yes or no
  the right to counsel: yes or no
  the time after release: a number of days
  the article 3 status: one of class 1, class 2
  the request date: a date
  the release date: a date

decision the result: yes or no
  by default: no

§ 1
  the result if all of the following:
    - the tier 2 penalty
    - the right to counsel
    - the article 3 status is class 2
    - the time from the release date to the request date is at least 18 years
    - the request date is within 3 days after the release date
'''

DECLARED = ["tier 2 penalty", "section 9-131 request", "right to counsel", "time after release",
            "article 3 status", "request date", "release date"]


def _fields(tree: s.File) -> list[str]:
    return [f.name for item in tree.items if isinstance(item, s.FactsDecl) for f in item.fields]


def test_names_with_numbers_and_joining_words_parse_whole() -> None:
    tree = parse(LAW, "names.law")
    assert _fields(tree) == DECLARED
    assert "class 2" in surface_print.file(tree)


def test_print_then_parse_gives_the_same_tree() -> None:
    tree = parse(LAW, "names.law")
    printed = surface_print.file(tree)
    assert parse(printed, "printed.law") == tree
    assert surface_print.file(parse(printed, "printed.law")) == printed


@pytest.mark.parametrize("condition, bracketed", [
    ("the time from the release date to (request date) is at least 1 days", "(request date)"),
    ("the request date is within 3 days after (release date)", "(release date)"),
    ("the request date is within 3 days before (release date)", "(release date)"),
])
def test_the_printer_brackets_a_name_that_would_join_on(condition: str, bracketed: str) -> None:
    """Without the brackets `to request date` would join `release date to request date`."""
    text = LAW.replace("    - the tier 2 penalty\n", f"    - {condition}\n")
    tree = parse(text, "names.law")
    printed = surface_print.file(tree)
    assert bracketed in printed
    assert parse(printed, "printed.law") == tree


def test_the_formatter_keeps_the_names() -> None:
    messy = LAW.replace("  the tier 2 penalty: yes or no", "  the   tier 2 penalty :  yes or no")
    formatted = format_text(messy, "names.law")
    assert "  the tier 2 penalty: yes or no\n" in formatted
    assert "the section 9-131 request" in formatted
    assert parse(formatted, "f.law") == parse(LAW, "names.law")
    assert format_text(formatted, "names.law") == formatted


def test_a_name_that_ends_in_a_number_is_not_a_comparison() -> None:
    """`is over 17` stays a syntax error (the wording of another language), not a name."""
    from compiler.diagnostics import DiagnosticError

    text = LAW.replace("the article 3 status is class 2", "the article 3 status is over 17")
    with pytest.raises(DiagnosticError):
        parse(text, "names.law")


@pytest.mark.parametrize("name, key", [
    ("tier 2 penalty", "tier_2_penalty"), ("section 9-131", "section_9_131"),
    ("article 3", "article_3"), ("right to counsel", "right_to_counsel"),
])
def test_keys_of_names_with_numbers_are_identifiers(name: str, key: str) -> None:
    assert names.key(name) == key
    assert key.isidentifier()


def test_the_generated_module_reads_the_names(
        compile_law: Callable[..., tuple[c.Program, str]], generated_package: Any) -> None:
    text = LAW.replace("    - the request date is within 3 days after the release date\n", "")
    program, _ = compile_law(text, name="names")
    module = generated_package.module(program)
    facts = {"tier_2_penalty": True, "section_9_131_request": False, "right_to_counsel": True,
             "time_after_release": 3, "article_3_status": "class 2",
             "request_date": "2030-01-02", "release_date": "2010-01-01"}
    assert module.decide(facts)["result"] is True
    facts["article_3_status"] = "class 1"
    assert module.decide(facts)["result"] is False


def test_names_whose_keys_would_collide_are_an_error(
        compile_law: Callable[..., tuple[c.Program, str]]) -> None:
    """`section 9-131` and `section 9 131` would both be `section_9_131`: refused, not merged."""
    from compiler.diagnostics import DiagnosticError

    text = LAW.replace("  the request date: a date\n",
                       "  the request date: a date\n  the section 9 131 request: yes or no\n")
    with pytest.raises(DiagnosticError) as caught:
        compile_law(text, name="collide")
    assert "duplicate" in [d.code for d in caught.value.diagnostics]
