"""A value's name in code (`one of may be honored as HONORED, …`): parsed, printed back, laid
out by `lawc fmt`, checked (two values may not share one) and used as the generated enum's
member; without it, a long value's member is its first words, numbered when two coincide."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from compiler import driver
from compiler.diagnostics import DiagnosticError
from compiler.surface import ast as s
from compiler.surface import print as surface_print
from compiler.surface.parse import parse

LAW = '''law "Detainer Hold Act"
  jurisdiction: City of Exampleton

a request has:
  a judicial warrant: yes or no
  a kind: one of treated as adult, "treated as minor" as MINOR

facts:
  the request: a request

decision the hold: one of may be honored as HONORED, {long} as HOLD_48H, must be declined
  by default: must be declined

decision the notice: one of {first}, {second}, silence
  by default: silence

§ 1 "Holds"
  the hold is may be honored if the request has a judicial warrant
  the notice is {first} if the request's kind is treated as adult
'''
LONG = '"may be held up to 48 hours pending a judicial warrant"'
FIRST = "notice sent by certified mail in three days"
SECOND = "notice sent by certified mail in ten days"


def _text(long: str = LONG) -> str:
    return LAW.format(long=long, first=FIRST, second=SECOND)


def _compile(tmp_path: Path, text: str) -> tuple[driver.Program, ModuleType]:
    root = tmp_path / "statutes"
    (root / "demo").mkdir(parents=True)
    file = root / "demo" / "hold.law"
    file.write_text(text, encoding="utf-8")
    program = driver.check(driver.Workspace(root), file)
    out = tmp_path / "out"
    driver.write(driver.compile(out, [program], [root], package="demo_laws"))
    spec = importlib.util.spec_from_file_location(
        "demo_laws", out / "demo_laws" / "__init__.py",
        submodule_search_locations=[str(out / "demo_laws")])
    assert spec and spec.loader
    import sys
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module("demo_laws.demo.hold")
    finally:
        sys.path.remove(str(out))
    return program, module


def _enum(tree: s.File, name: str) -> s.EnumType:
    for node in tree.items:
        if isinstance(node, s.DecisionDecl) and node.name == name:
            assert isinstance(node.type, s.EnumType)
            return node.type
    raise AssertionError(name)


def test_parsed_into_the_surface_tree() -> None:
    tree = parse(_text(), "hold.law")
    hold = _enum(tree, "hold")
    assert hold.codes == ("HONORED", "HOLD_48H", None)
    assert hold.values[1] == LONG.strip('"')
    assert _enum(tree, "notice").codes == ()


def test_printed_back_and_parsed_again() -> None:
    tree = parse(_text(), "hold.law")
    printed = surface_print.file(tree)
    assert "may be honored as HONORED" in printed and " as HOLD_48H" in printed
    assert parse(printed, "hold.law") == tree
    assert surface_print.file(parse(printed, "hold.law")) == printed


def test_the_formatter_keeps_it() -> None:
    text = _text().replace("  by default: must be declined", "      by default: must be declined")
    laid_out = driver.canonical(text, "hold.law")
    assert laid_out == _text()


def test_a_lower_case_word_after_as_stays_in_the_value() -> None:
    tree = parse(_text(), "hold.law")
    (record,) = [n for n in tree.items if isinstance(n, s.RecordDecl)]
    kind = [f for f in record.fields if f.name == "kind"][0].type
    assert isinstance(kind, s.EnumType)
    assert kind.values == ("treated as adult", "treated as minor")
    assert kind.codes == (None, "MINOR")


def test_members_named_by_the_law_or_by_their_first_words(tmp_path: Path) -> None:
    _, module = _compile(tmp_path, _text())
    assert module.Hold.HOLD_48H.value == LONG.strip('"')
    assert module.Hold.HONORED.value == "may be honored"
    assert module.Hold.MUST_BE_DECLINED.value == "must be declined"
    members = list(module.Notice.__members__)
    assert members[0] == "NOTICE_SENT_BY_CERTIFIED"
    assert members[1] != members[0] and members[1].startswith("NOTICE_SENT_BY_CERTIFIED")
    assert module.RequestKind.MINOR.value == "treated as minor"
    facts = {"request": {"judicial_warrant": True, "kind": "treated as adult"}}
    assert module.decide(facts) == {"hold": "may be honored", "notice": FIRST}


def test_two_values_may_not_share_a_name(tmp_path: Path) -> None:
    text = _text().replace("must be declined\n  by default", "must be declined as HONORED\n"
                           "  by default", 1)
    with pytest.raises(DiagnosticError) as caught:
        _compile(tmp_path, text)
    assert "same name in code" in str(caught.value)


def test_the_new_york_laws_name_their_48_hour_hold(generated_package: Any) -> None:
    # every New York City version names the long value alike, so code reads one member in all
    laws = ["before_local_law_62", "local_law_62_2011", "local_law_21_2013", "local_law_22_2013",
            "local_law_58_2014", "local_law_59_2014"]
    modules = [generated_package.module(driver.load_program(
        driver.Workspace(), Path("statutes/nyc") / f"{law}.law")) for law in laws]
    for module in modules:
        assert module.Hold.HOLD_48H.value.startswith("may be held up to 48 hours"), module
        assert not hasattr(module.Hold, "MAY_BE_HELD_UP_TO_48")
