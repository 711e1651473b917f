"""`lawc schema` and the generated `SCHEMA`: the JSON Schema of a law's facts accepts exactly
the facts its `decide()` accepts (a property test on generated and mutated facts, validated by
`jsonschema` with format checks), and the result schema accepts what `decide()` gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver, runtime
from compiler.cli import main
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
    return st.integers(0, 39).flatmap(lambda i: invalid if i == 0 else valid)


def _whole_text(n: int) -> st.SearchStrategy[object]:
    body = str(abs(n))
    return st.tuples(_SPACE, st.sampled_from(["", "0", "00"]), _SPACE).map(
        lambda t: f"{t[0]}{'-' if n < 0 else ''}{t[1]}{body}{t[2]}")


def _whole(low: int | None, high: int | None) -> Pair:
    lo = -50 if low is None else low
    hi = 50 if high is None else high
    inside = st.integers(lo, hi)
    outside = st.sampled_from([lo - 1, lo - 2, hi + 1, hi + 2])
    edges = st.sampled_from([10 ** runtime.MAX_DIGITS, 10 ** runtime.MAX_DIGITS - 1,
                             "1" * 101, "0" + "1" * 100, "-" + "9" * 100, "0" * 101, "-0",
                             "12a", "1.0", 2.5, False])
    forms = (lambda n: st.one_of(st.just(n), st.just(float(n)), _whole_text(n)))
    return inside.flatmap(forms), st.one_of(outside.flatmap(forms), edges, _JUNK)


def _decimal(t: c.DecimalT | c.MoneyT) -> Pair:
    def inside(x: float) -> bool:
        return (t.low is None or x >= t.low) and (t.high is None or x <= t.high)

    quarters = st.integers(-8, 16).map(lambda i: i / 4)
    n = st.one_of(quarters.filter(inside), st.integers(-3, 3).filter(inside))
    odd = [quarters.filter(lambda x: not inside(x)),
           st.sampled_from([True, None, float("inf"), -float("inf")])]  # NaN is not JSON
    if isinstance(t, c.DecimalT) and t.low is None and t.high is None:
        odd.append(st.sampled_from(["1.5", ".5", "5.", "-0.25", "1e3", "1,0", " 2"]))
    return n, st.one_of(*odd)


_DATES: Pair = (st.dates().map(lambda d: d.isoformat()),
                st.sampled_from(["2020-02-30", "2020-1-01", "2021-01-01\n", "0000-01-01",
                                 "٢٠٢٠-01-01", "2020-01-01T00:00", 20200101, None]))


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
            return (st.one_of(st.text(max_size=5), st.just("x" * runtime.MAX_TEXT)),
                    st.one_of(st.just("x" * (runtime.MAX_TEXT + 1)), st.integers(0, 3)))
        case c.EnumT(name=name):
            values = list(program.enums[name].values)
            return st.sampled_from(values), st.one_of(st.sampled_from(values).map(str.upper),
                                                      _JUNK)
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


@pytest.mark.parametrize("path", LAWS)
def test_schema_and_decide_agree(path: str, generated_package: Any) -> None:
    program = _program(path)
    module = generated_package.module(program)
    facts_schema = _validator(module.SCHEMA["facts"])
    result_schema = _validator(module.SCHEMA["result"])
    read = read_fields(program)

    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(_rarely(_facts(program, read, c.RecordT(name=ROOT))))
    def agree(facts: object) -> None:
        errors = list(facts_schema.iter_errors(facts))
        try:
            out = module.decide(facts)
        except runtime.FactsError as exc:
            assert errors, f"decide() refuses what the schema accepts: {exc}"
            seen["refused"] += 1
            return
        except runtime.LawError:
            out = None
        assert not errors, f"the schema refuses what decide() accepts: {errors[0].message}"
        seen["accepted"] += 1
        if out is not None:
            result_schema.validate(out)

    seen = {"accepted": 0, "refused": 0}
    agree()
    assert seen["accepted"] >= 20 and seen["refused"] >= 20, seen


def test_generated_schema_is_the_printed_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "statutes/nyc/local_law_58_2014.law"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    import generated.nyc.local_law_58_2014 as m

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


def test_missing_enum_lists_the_values() -> None:
    import generated.nyc.local_law_58_2014 as m

    with pytest.raises(Exception, match="agency: missing \\(one of 'Department of Correction'"):
        m.decide({})
