"""`lawc schema` and the generated `SCHEMA`: the JSON Schema of a law's facts accepts exactly
the facts its `decide()` accepts, validated by `jsonschema` with format checks and without
them: a property test on generated and mutated facts (hypothesis), and every odd value (NaN,
infinities, huge and tiny numbers, long floats, money as text, booleans, days that do not
exist, look-alike Unicode) put in every place of a case, one at a time, for the shipped laws and
a law that reads a number of every kind; the result schema accepts what `decide()` gives."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver, runtime
from compiler.cli import main
from compiler.analysis.code_forms import sample_code
from compiler.core import ast as c
from compiler.core import names
from compiler.core.ast import ROOT
from compiler.core.facts import read_fields

ROOT_DIR = Path(__file__).resolve().parents[1]
LAWS = ["nyc/local_law_58_2014", "nyc/local_law_62_2011", "chicago/welcoming_city_2012",
        "dc/detainer_act_2012", "examples/tour"]


def _program(path: str) -> driver.Program:
    return driver.check(driver.Workspace(), ROOT_DIR / "statutes" / f"{path}.law")


def _validator(schema: dict[str, object]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


# ------------------------------------------------------------------------ facts, and mutants

_JUNK = st.sampled_from([None, [], {}, "", "yes", 1.5, -1, True])
_SPACE = st.sampled_from(["", " ", "\t", "\n", " \r\n"])
Pair = tuple[st.SearchStrategy[object], st.SearchStrategy[object]]  # (valid, invalid) values


def _rarely(pair: Pair) -> st.SearchStrategy[object]:
    """Mostly a valid value, one time in forty an invalid one (so that most cases are valid
    but for one fact, where the schema and decide() are most likely to part)."""
    valid, invalid = pair

    @st.composite
    def rarely(draw: st.DrawFn) -> object:
        return draw(invalid if draw(st.integers(0, 39)) == 0 else valid)

    return rarely()


def _whole_text(n: int) -> st.SearchStrategy[object]:
    body = str(abs(n))
    return st.tuples(_SPACE, st.sampled_from(["", "0", "00"]), _SPACE).map(
        lambda t: f"{t[0]}{'-' if n < 0 else ''}{t[1]}{body}{t[2]}")


_HUGE = 10 ** runtime.MAX_DIGITS
# numbers at the edges of what a reader takes: NaN and infinities (not JSON, but Python's json
# reads them), floats whose plain digits are long, huge integers, booleans, near-numbers as text
ODD_NUMBERS: list[object] = [
    float("nan"), float("inf"), -float("inf"), 0.1 + 0.2, 1e-200, 1e-80, 9.99e-81, -1e-80,
    -0.0, 1e100, 9.999999999999999e99, -9.999999999999999e99, -1e100, 5e100, 1e16, 2.0 ** 70,
    _HUGE, _HUGE - 1, -_HUGE + 1, -_HUGE, 10 ** 200, True, False, "1e3", "1,0", " 2", "+5",
    "٥", "５", "5 0", "1_000", "0x10", "", "-", ".", "-.", "1.2.3", "$-5", "-$5", "$$5", ",5",
    "5,", "$1,234.50", "$ 5", "5\n", "\t-0.0 ", "9" * 101, "9" * 102, "0" + "9" * 100,
    "-" + "9" * 100, "-0" + "9" * 100, "0." + "0" * 98 + "1", "." + "1" * 101]
_ODD_NUMBERS = st.sampled_from(ODD_NUMBERS)


def _whole(low: int | None, high: int | None) -> Pair:
    lo = -50 if low is None else low
    hi = 50 if high is None else high
    inside = st.integers(lo, hi)
    outside = st.sampled_from([lo - 1, lo - 2, hi + 1, hi + 2])
    edges = st.sampled_from([10 ** runtime.MAX_DIGITS, 10 ** runtime.MAX_DIGITS - 1,
                             "1" * 101, "0" + "1" * 100, "-" + "9" * 100, "0" * 101, "-0",
                             "12a", "1.0", 2.5, False])
    @st.composite
    def forms(draw: st.DrawFn, numbers: st.SearchStrategy[int]) -> object:
        n = draw(numbers)
        return draw(st.sampled_from([n, float(n), None])) or draw(_whole_text(n))

    return forms(inside), st.one_of(forms(outside), edges, _ODD_NUMBERS, _JUNK)


def _decimal_text(values: st.SearchStrategy[Decimal], money: bool) -> st.SearchStrategy[object]:
    """A value written as text a reader may take (or nearly): spaces, leading and trailing
    zeros, a trailing point; money with `$` and commas."""

    @st.composite
    def text(draw: st.DrawFn) -> object:
        value = draw(values)
        sign, digits = ("-", format(-value, "f")) if value < 0 else ("", format(value, "f"))
        whole, _, fraction = digits.partition(".")
        w = draw(st.sampled_from(["", "0", "00"])) + whole
        if w == "0" and fraction and draw(st.booleans()):
            w = ""
        f = fraction + draw(st.sampled_from(["", "0", "000"]))
        body = f"{w}.{f}" if f else draw(st.sampled_from([w, w + "."]))
        if money and draw(st.booleans()):
            body = ",".join(body[i:i + 3] for i in range(0, len(body), 3))
        dollar = "$" if money and draw(st.booleans()) else ""
        return f"{draw(_SPACE)}{dollar}{sign}{body}{draw(_SPACE)}"

    return text()


def _decimal(t: c.DecimalT | c.MoneyT) -> Pair:
    def inside(x: float) -> bool:
        return (t.low is None or x >= t.low) and (t.high is None or x <= t.high)

    money = isinstance(t, c.MoneyT)
    quarters: list[float] = [i / 4 for i in range(-12, 41)] + list(range(-3, 4))
    n = st.sampled_from([x for x in quarters if inside(x)])
    near = [b + d for b in (t.low, t.high) if b is not None
            for d in (Decimal(0), Decimal("1e-90"), -Decimal("1e-90"), Decimal("0.01"))]
    outside = st.sampled_from([x for x in quarters if not inside(x)] or [1e100])
    odd = [outside, _ODD_NUMBERS, _decimal_text(st.sampled_from(near or [Decimal(1)]), money),
           _decimal_text(outside.map(lambda x: Decimal(repr(x))), money)]
    return (st.one_of(n, _decimal_text(n.map(lambda x: Decimal(repr(x))), money)),
            st.one_of(*odd))


ODD_DATES: list[object] = [
    "2020-02-30", "2020-1-01", "2021-01-01\n", "0000-01-01", "٢٠٢٠-01-01", "2020-01-01T00:00", 20200101, None,
                                 "2013-02-30", "2013-02-29", "2012-02-29", "1900-02-29",
                                 "2000-02-29", "2100-02-29", "2400-02-29", "9999-12-31",
                                 "0001-01-01", "2013-04-31", "2013-06-31", "2013-13-01",
                                 "2013-00-10", "2013-01-00", "2013-01-32", "+013-01-01",
                                 " 2013-01-01", "2013-01-01 ", "2013/01/01", "20130101",
                                 "2013-W01-1", "2013-001", "２０１３-01-01"]
_DATES: Pair = (st.dates().map(lambda d: d.isoformat()), st.sampled_from(ODD_DATES))

_MANY = runtime.MAX_TEXT
# codes: text JSON can carry that a code must take (or refuse) as Python and JSON Schema count it
ODD_CODES: list[object] = [
    "x" * _MANY, "\U0001d7d8" * _MANY, "e\u0301", "\ud800", "\udfff", "\u200b", "\x00",
    "\u202e", "\ufeff", "\U0010ffff", "é" * _MANY, "\r\n", "x" * (_MANY + 1),
    "\U0001d7d8" * (_MANY + 1), "e\u0301" * (_MANY // 2 + 1), 0, 3, True, None, ["x"]]
_CODES: Pair = (st.text(max_size=5), st.sampled_from(ODD_CODES))


def _choices(values: list[str]) -> Pair:
    """The values of a list of values, and near misses: another case, spacing, Unicode forms
    that look the same (no-break spaces, decomposed accents, full-width letters, a zero-width
    space), another type."""
    return st.sampled_from(values), st.one_of(st.sampled_from(odd_choices(values)), _JUNK)


def odd_choices(values: list[str]) -> list[object]:
    """Near misses of each value of a list of values."""
    odd: list[Callable[[str], str]] = [
        str.upper, str.title, lambda v: v + " ", lambda v: " " + v,
        lambda v: v.replace(" ", "\u00a0"), lambda v: v.replace("e", "e\u0301"),
        lambda v: v + "\u200b", lambda v: unicodedata.normalize("NFKD", v),
        lambda v: "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in v)]
    return [f(v) for v in values for f in odd]


def _facts(program: c.Program, read: dict[str, set[str]], t: c.Type, depth: int = 0) -> Pair:
    match t:
        case c.BoolT():
            return st.booleans(), _JUNK
        case c.IntT(low=low, high=high) | c.DurationT(low=low, high=high):
            return _whole(low, high)
        case c.DecimalT() | c.MoneyT():
            return _decimal(t)
        case c.DateT():
            return _DATES
        case c.CodeT():
            return _CODES
        case c.EnumT(name=name):
            return _choices(list(program.enums[name].values))
        case c.RecordT(name=name):
            return _record(program, read, name, depth)
        case c.ListT(element=element):
            valid, invalid = _record(program, read, element, depth + 1)
            items = st.lists(_rarely((valid, invalid)), max_size=2)
            return items, _JUNK
    raise AssertionError(t)


def _record(program: c.Program, read: dict[str, set[str]], record: str, depth: int) -> Pair:
    fields = program.fields_of(record)
    used = [n for n in fields if n in read.get(record, set())]
    valid = st.fixed_dictionaries({names.key(n): _rarely(_facts(program, read, fields[n].type,
                                                                depth)) for n in used})
    unread = [names.key(n) for n in fields if n not in used]

    @st.composite
    def mutated(draw: st.DrawFn) -> object:
        facts: Any = draw(valid)
        choice = draw(st.integers(0, 3))
        if choice == 0 and facts:
            del facts[draw(st.sampled_from(sorted(facts)))]
        elif choice == 1:
            facts["no such fact"] = 1
        elif choice == 2 and unread:
            facts[draw(st.sampled_from(unread))] = draw(_JUNK)  # allowed, and not read
        else:
            return draw(_JUNK)
        return facts

    return valid, mutated()


NUMBERS = """law "Numbers Act"
  jurisdiction: Nowhere
  summary: a law that reads a number of every kind, for the schema's tests

facts:
  a rate: a decimal number
  a ratio: a decimal number from -2.5 to 7.25
  a fee: money at least $1
  a grant: money from $0 to $100,000
  a count: a whole number
  a score: a whole number from -40 to 100000
  a wait: a number of days at least 0
  a limit: a whole number from 3 to 12

decision the flag: yes or no
  by default: no

§ 1 "Numbers"
  the flag if all of the following:
    - the rate is more than 0
    - the ratio is more than 0
    - the fee is more than $2
    - the grant is more than $3
    - the count is more than 0
    - the score is more than 0
    - the wait is more than 0 days
    - the limit is more than 4
"""


def _without_assumptions(module: Any) -> Callable[[object], Any]:
    """The module's decide() with its assumption check left out, put back after each call, and
    its period in force ignored (a JSON Schema describes each fact, not the law's period)."""
    def decide(facts: object) -> Any:
        check = getattr(module, "_check_assumptions", None)
        if check is None:
            return module.decide(facts, ignore_in_force=True)
        module._check_assumptions = lambda case: None
        try:
            return module.decide(facts, ignore_in_force=True)
        finally:
            module._check_assumptions = check
    return decide


class Agreement:
    """A law's module and its schemas: `check(facts)` asserts that the schema and `decide()`
    accept or refuse the facts alike, and counts which."""

    def __init__(self, program: c.Program, module: Any) -> None:
        self.module = module
        # A JSON Schema describes each fact, not how facts relate: the assumptions a law makes
        # between facts (a date of birth before the request) are checked after the facts are
        # read, and tested in test_assumptions.py. Here decide() reads facts as if none held.
        self.decide = _without_assumptions(module)
        self.facts = _validator(module.SCHEMA["facts"])
        # a validator that skips `format` (as many do) must agree too: the patterns suffice
        self.plain = jsonschema.Draft202012Validator(module.SCHEMA["facts"])
        self.result = _validator(module.SCHEMA["result"])
        self.seen = {"accepted": 0, "refused": 0}

    def check(self, facts: object) -> None:
        errors = list(self.facts.iter_errors(facts))
        assert bool(errors) == any(True for _ in self.plain.iter_errors(facts)), \
            "the schema's answer depends on checking formats"
        try:
            out = self.decide(facts)
        except runtime.FactsError as exc:
            assert errors, f"decide() refuses what the schema accepts: {exc}"
            self.seen["refused"] += 1
            return
        except runtime.LawError:
            out = None
        assert not errors, f"the schema refuses what decide() accepts: {errors[0].message}"
        self.seen["accepted"] += 1
        if out is not None:
            self.result.validate(out)


@pytest.fixture(scope="module")
def numbers(tmp_path_factory: pytest.TempPathFactory) -> c.Program:
    root = tmp_path_factory.mktemp("numbers") / "statutes"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "numbers.law").write_text(NUMBERS, encoding="utf-8")
    return driver.check(driver.Workspace(root), root / "demo" / "numbers.law")


def _law(path: str, numbers: c.Program) -> c.Program:
    return numbers if path == "demo/numbers" else _program(path)


@pytest.mark.parametrize("path", LAWS + ["demo/numbers"])
def test_schema_and_decide_agree(path: str, numbers: c.Program, generated_package: Any) -> None:
    program = _law(path, numbers)
    agreement = Agreement(program, generated_package.module(program))
    read = read_fields(program)

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(_rarely(_facts(program, read, c.RecordT(name=ROOT))))
    def agree(facts: object) -> None:
        agreement.check(facts)

    # a law of many fields is refused by most draws (each draw spoils a field rarely, but there
    # are many): draw again, up to four rounds, until both sides are seen ten times
    seen = agreement.seen
    for _ in range(4):
        agree()
        if seen["accepted"] >= 10 and seen["refused"] >= 10:
            break
    assert seen["accepted"] >= 10 and seen["refused"] >= 10, seen


# ----------------------------------------------- every odd value in every place, one at a time


def _base(program: c.Program, read: dict[str, set[str]], t: c.Type) -> object:
    """Facts the schema and decide() take: each value the least its type allows."""
    match t:
        case c.BoolT():
            return False
        case c.IntT(low=low) | c.DurationT(low=low):
            return 0 if low is None else low
        case c.DecimalT(low=low) | c.MoneyT(low=low):
            return 0 if low is None else float(low)
        case c.DateT():
            return "2014-12-14"
        case c.CodeT(forms=forms) if forms:
            fit = sample_code(forms, set())
            assert fit is not None, forms
            return fit
        case c.CodeT():
            return "x"
        case c.EnumT(name=name):
            return program.enums[name].values[0]
        case c.RecordT(name=name):
            fields = program.fields_of(name)
            return {names.key(n): _base(program, read, fields[n].type)
                    for n in fields if n in read.get(name, set())}
        case c.ListT(element=element):
            return [_base(program, read, c.RecordT(name=element))]
    raise AssertionError(t)


def _places(program: c.Program, read: dict[str, set[str]], t: c.Type,
            at: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], c.Type]]:
    """The path of each value in the base facts, with its type."""
    if isinstance(t, c.ListT):
        return [(at, t)] + _places(program, read, c.RecordT(name=t.element), at + (0,))
    if isinstance(t, c.RecordT):
        fields = program.fields_of(t.name)
        out: list[tuple[tuple[str | int, ...], c.Type]] = [(at, t)]
        for n in fields:
            if n in read.get(t.name, set()):
                out += _places(program, read, fields[n].type, at + (names.key(n),))
        return out
    return [(at, t)]


def _odd_values(program: c.Program, t: c.Type) -> list[object]:
    common: list[object] = [None, [], {}, "", True, False, 0, 1.5, -1, "yes"]
    match t:
        case c.IntT(low=low, high=high) | c.DurationT(low=low, high=high):
            edges = [b + d for b in (low, high) if b is not None for d in (-1, 0, 1)]
            return common + ODD_NUMBERS + edges + [str(e) for e in edges] + [
                float(e) for e in edges]
        case c.DecimalT(low=low, high=high) | c.MoneyT(low=low, high=high):
            near = [b + d for b in (low, high) if b is not None
                    for d in (Decimal(0), Decimal("1e-90"), -Decimal("1e-90"), Decimal(1))]
            texts = [format(e, "f") for e in near]
            return common + ODD_NUMBERS + texts + [" $" + x for x in texts] + [
                float(e) for e in near]
        case c.DateT():
            return common + ODD_DATES
        case c.CodeT():
            return common + ODD_CODES
        case c.EnumT(name=name):
            return common + odd_choices(list(program.enums[name].values))
        case c.RecordT() | c.ListT():
            return common + [{"no such fact": 1}, [{}], [None]]
    return common


def _put(facts: Any, at: tuple[str | int, ...], value: object) -> Any:
    if not at:
        return value
    copy = dict(facts) if isinstance(facts, dict) else list(facts)
    copy[at[0]] = _put(facts[at[0]], at[1:], value)  # type: ignore[index]
    return copy


@pytest.mark.parametrize("path", LAWS + ["demo/numbers"])
def test_every_odd_value_in_every_place(path: str, numbers: c.Program,
                                        generated_package: Any) -> None:
    program = _law(path, numbers)
    agreement = Agreement(program, generated_package.module(program))
    read = read_fields(program)
    root = c.RecordT(name=ROOT)
    base = _base(program, read, root)
    agreement.check(base)
    assert agreement.seen["accepted"] == 1, "the base facts are refused"
    for at, t in _places(program, read, root):
        for value in _odd_values(program, t):
            agreement.check(_put(base, at, value))
        if isinstance(t, c.RecordT) and at:
            agreement.check(_put(base, at[:-1], {k: v for k, v in
                                                  _put(base, at, None).items() if k != at[-1]}))
    assert agreement.seen["refused"] > 10 * len(_places(program, read, root)), agreement.seen


def test_the_edges_named(numbers: c.Program, generated_package: Any) -> None:
    """The cases that parted the two before: both refuse NaN, infinities, a float too small
    for its digits, a text above a bound and a day that does not exist; both take money as
    text and a long float."""
    module = generated_package.module(numbers)
    schema = _validator(module.SCHEMA["facts"])
    base = {"rate": 1, "ratio": 1, "fee": 3, "grant": 4, "count": 1, "score": 1, "wait": 1,
            "limit": 5}
    taken = [("fee", "$1,234.50"), ("grant", " $100,000.00 "), ("grant", 0.1 + 0.2),
             ("ratio", "-2.5"), ("score", "100000"), ("rate", 1e-80), ("rate", "12.")]
    refused = [("rate", float("nan")), ("fee", float("inf")), ("rate", -float("inf")),
               ("rate", 1e-200), ("rate", 1e100), ("grant", "$100,000.01"), ("ratio", "7.2501"),
               ("score", "100001"), ("count", 10 ** 100), ("count", True), ("rate", " 1e3"),
               ("limit", 2.5), ("extra", 1)]
    for key, value in taken:
        facts = {**base, key: value}
        assert not list(schema.iter_errors(facts)), (key, value)
        assert set(module.decide(facts)) == {"flag"}, (key, value)
    for key, value in refused:
        facts = {**base, key: value}
        assert list(schema.iter_errors(facts)), (key, value)
        with pytest.raises(runtime.FactsError, match=f"^{key}"):
            module.decide(facts)


def test_generated_schema_is_the_printed_schema(generated_package: Any) -> None:
    result = CliRunner().invoke(main, ["schema", "statutes/nyc/local_law_58_2014.law"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    m = generated_package.module(_program("nyc/local_law_58_2014"))

    assert printed == m.SCHEMA
    hold = printed["result"]["properties"]["hold"]
    assert "may be honored" in hold["enum"]
    assert printed["facts"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_decision_narrows_the_result() -> None:
    result = CliRunner().invoke(main, ["schema", "nyc/local_law_58_2014", "--decision", "hold"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.output)["result"]["properties"]) == ["hold"]
    bad = CliRunner().invoke(main, ["schema", "nyc/local_law_58_2014", "--decision", "nope"])
    assert bad.exit_code == 2 and "has no decision 'nope'" in bad.output


def test_missing_statute_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["schema", "no/such_law"])
    assert result.exit_code == 2 and "no statute file" in result.output


def test_missing_enum_lists_the_values(generated_package: Any) -> None:
    m = generated_package.module(_program("nyc/local_law_58_2014"))

    with pytest.raises(Exception, match="agency: missing \\(one of 'Department of Correction'"):
        m.decide({})
