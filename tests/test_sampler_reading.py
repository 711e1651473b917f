"""The seeded uniform sample of a diff (`shares.Sampler`) reads each drawn case once, as typed
values, instead of parsing its JSON facts for each version: on shipped versions (money, dates,
codes with a form, lists of records) each version's reading is what `parse_facts` gives for the
JSON facts kept, and a version that declares the drawn facts differently is parsed as before.
The atoms' values over the sample, kept as a bit per case and evaluated when a cube first reads
them (`atom_columns`), count the cases in a cube as the values case by case do."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from compiler.analysis.regions import decision_atoms
from compiler.analysis.shares import Sampler, in_cube
from compiler.analysis.smt import LawEncoding
from compiler.analysis.space import FactSpace
from compiler.core.facts import parse_facts
from tests.conftest import load

STATUTES = Path(__file__).resolve().parents[1] / "statutes"


def _sample(old: str, new: str, count: int) -> tuple[Sampler, list]:
    programs = [load(STATUTES / old), load(STATUTES / new)]
    return Sampler(FactSpace(programs), programs, 2011, count), programs


def test_typed_reading_is_what_parse_facts_gives() -> None:
    sampler, programs = _sample("nyc/local_law_22_2013.law", "dc/detainer_act_2012.law", 150)
    assert sampler._declared_alike()
    assert len(sampler.cases) == 150
    for version, program in enumerate(programs):
        for k, case in enumerate(sampler.cases):
            assert sampler.parsed[version][k] == parse_facts(program, case), (version, case)


def test_the_sample_is_seeded() -> None:
    a, _ = _sample("nyc/local_law_21_2013.law", "nyc/local_law_59_2014.law", 40)
    b, _ = _sample("nyc/local_law_21_2013.law", "nyc/local_law_59_2014.law", 40)
    assert a.cases == b.cases and a.parsed == b.parsed


LAW = '''law "{title}"
  jurisdiction: Test
  summary: a small law

facts:
  a red light: yes or no
{more}
decision the verdict: one of pass, fail
  by default: pass

§ 1 "Red"
  the verdict is fail if {rule}
'''


def test_versions_declaring_facts_apart_parse_them(compile_law: Any) -> None:
    old, _ = compile_law(LAW.format(title="Old", more="", rule="there is a red light"),
                         name="old")
    new, _ = compile_law(LAW.format(title="New", more="  a blue light: yes or no\n",
                                    rule="there is a blue light"), name="new")
    sampler = Sampler(FactSpace([old, new]), [old, new], 2011, 5)
    assert not sampler._declared_alike()  # the old version has no blue light: parsed, refused
    assert sampler.cases == []


def test_atom_columns_count_as_atom_values_do() -> None:
    programs = [load(STATUTES / "nyc/local_law_62_2011.law"),
                load(STATUTES / "nyc/local_law_22_2013.law")]
    space = FactSpace(programs)
    laws = [LawEncoding(p, space) for p in programs]
    atoms = decision_atoms(programs, laws, "hold")
    sampler = Sampler(space, programs, 2011, 120)
    values = sampler.atom_values(atoms)
    columns = sampler.atom_columns(atoms)
    rng = random.Random(5)
    for _ in range(40):
        cube = tuple(sorted((i, rng.random() < 0.5)
                            for i in rng.sample(range(len(atoms)), rng.randint(0, 3))))
        assert columns.count(cube) == sum(1 for v in values if in_cube(v, cube)), cube
    assert columns.total == len(values) == 120
    assert any(columns.count(((i, True),)) not in (0, 120) for i in range(len(atoms)))


def test_the_inline_draws_make_randints_and_choices_calls() -> None:
    """`draws` draws a whole number below n as `Random._randbelow` does: the same numbers as
    `randint` and `choice` from the same seed, and the generator left in the same state."""
    from compiler.analysis.draws import _integers, _pick

    for seed in range(20):
        spec = random.Random(seed)
        lows = [spec.randint(-50, 50) for _ in range(6)]
        bounds = [(low, low + spec.choice([0, 1, 2, 5, 99, 1439, 73413])) for low in lows]
        values = [list(range(spec.randint(1, 40)))]
        a, b = random.Random(seed), random.Random(seed)
        for _ in range(50):
            for low, high in bounds:
                assert _integers(low, high)(a) == b.randint(low, high)
            for v in values:
                assert _pick(v)(a) == b.choice(v)
        assert a.getstate() == b.getstate()
