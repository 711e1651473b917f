"""Local Law 22 of 2013's hold as an OpenFisca model (benchmarks/openfisca_ll22.py) decides, case
by case, what the generated module's `decide()` decides on the benchmark's records."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import script

pytest.importorskip("numpy", reason="the benchmark's generator needs numpy (the bench extra)")
pytest.importorskip("openfisca_core", reason="OpenFisca is not installed (the bench extra: "
                    "pip install -e '.[bench]')")

REPO = Path(__file__).resolve().parents[1]


def test_the_openfisca_model_decides_as_the_generated_module() -> None:
    import datetime

    import numpy as np

    from compiler import driver
    from compiler.engines.engines import _json_case

    model = script("openfisca_ll22", REPO / "benchmarks" / "openfisca_ll22.py")
    generator = script("generate_population", REPO / "benchmarks" / "generate_population.py")
    # request dates over Local Law 22's years, so that old misdemeanours and felonies both occur
    table = generator.table(1_000, np.random.default_rng(22), datetime.date(2013, 7, 16),
                            datetime.date(2014, 12, 13))
    program = driver.load_program(driver.Workspace(),
                                  REPO / "statutes" / "nyc" / "local_law_22_2013.law")
    decide = driver.module_in_memory(program).decide
    want = [decide(_json_case(case))["hold"] == "may be honored"
            for case in table.drop(["_row"]).to_pylist()]
    got = model.may_be_honored(table)
    assert got.tolist() == want
    assert 0 < sum(want) < len(want)
