"""decide()'s fast reader (`_read_<record>`) fills each record's slots with the facts it has
checked and makes it the record by assigning its class, without the dataclass's `__init__` and
`__post_init__`: the records it gives are the ones the checked parser (`_parse_<record>`) gives,
of the same classes, frozen and hashable as they are; the facts it lets through are those the
parser accepts (a date by the shortened check and `fromisoformat`, exactly the dates
`runtime.read_date` reads), and bad facts still fall back to the parser, which names the field."""

from __future__ import annotations

import dataclasses
import datetime
import random
import sys
from typing import Any

import pytest

from compiler import runtime
from conftest import REPO, STATUTES, GeneratedPackage, load

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_decision import CaseMaker  # noqa: E402

LAWS = ["nyc/local_law_22_2013", "dc/detainer_act_2012", "examples/tour"]


def _records(value: Any) -> list[Any]:
    """The value and every record inside it, depth first."""
    out = [value]
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            inner = getattr(value, f.name)
            for item in inner if isinstance(inner, tuple) else (inner,):
                if dataclasses.is_dataclass(item):
                    out += _records(item)
    return out


@pytest.mark.parametrize("law", LAWS)
def test_the_fast_reader_gives_the_parsers_records(law: str,
                                                   generated_package: GeneratedPackage) -> None:
    program = load(STATUTES / f"{law}.law")
    module = generated_package.module(program)
    maker = CaseMaker(program, seed=16, list_size=None)
    for list_size in (None, 0, 3):
        maker.list_size = list_size
        for _ in range(40):
            facts = maker.case()
            fast, checked = module._read_case(facts), module._parse_case(facts, "")
            assert fast == checked and hash(fast) == hash(checked)
            for a, b in zip(_records(fast), _records(checked), strict=True):
                assert type(a) is type(b)
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(fast, dataclasses.fields(fast)[0].name, None)


def _near_dates(rng: random.Random, count: int) -> list[str]:
    """Texts one to three characters away from an ISO date (other digits, signs, spaces,
    week forms, non-ASCII digits)."""
    chars = list("0123456789-+ WT:.Z/") + ["\u0663", "\uff13", "\u00b2", "\ud800"]
    out = ["2012-W01-1", "2012W011", "+012-03-04", "2012-03-4 ", "2012-02-30", "2012-02-29"]
    for _ in range(count):
        text = list("2012-03-04")
        for _ in range(rng.randint(1, 3)):
            text[rng.randrange(10)] = rng.choice(chars)
        out.append("".join(text))
    return out


def test_a_date_passes_the_fast_reader_exactly_when_the_parser_reads_it(
        generated_package: GeneratedPackage) -> None:
    module = generated_package.module(load(STATUTES / "nyc/local_law_22_2013.law"))
    facts = {"request_date": "2013-08-01", "instant_arrest_date": "2013-07-30"}
    for text in _near_dates(random.Random(16), 20_000):
        try:
            want: datetime.date | None = runtime.read_date(text, "request_date")
        except runtime.FactsError:
            want = None
        try:
            got = module._read_detainer_request({**facts, "request_date": text}).request_date
        except runtime.UNREAD:
            got = None
        assert got == want, text


def test_a_bad_fact_is_still_named_by_its_path(generated_package: GeneratedPackage) -> None:
    program = load(STATUTES / "nyc/local_law_22_2013.law")
    module = generated_package.module(program)
    facts = CaseMaker(program, seed=3, list_size=2).case()
    facts["person"]["convictions"][1]["judgment_date"] = "2013-W01-1"  # type: ignore[index]
    with pytest.raises(runtime.FactsError, match=r"person\.convictions\[1\]\.judgment_date"):
        module.decide(facts, ignore_in_force=True)
    facts["person"]["convictions"][1]["judgment_date"] = "2013-01-01"  # type: ignore[index]
    facts["person"]["outstanding_criminal_warrant"] = 0  # type: ignore[index]
    with pytest.raises(runtime.FactsError, match=r"person\.outstanding_criminal_warrant"):
        module.decide(facts, ignore_in_force=True)
