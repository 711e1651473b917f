"""The same SQL on Spark (local mode) gives what the interpreter and `decide()` give, for every
shipped statute, on random populations. Slow: one Spark session for the module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import file_id, load, statute_laws
from population_checks import assert_same, refused_by_sql, rows
from strategies import facts_for

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("java") is None,
                                 reason="Spark needs a Java runtime and none is on PATH")]
pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from compiler.engines import spark as engine

    yield engine.session()
    engine.stop()


@pytest.mark.parametrize("file", statute_laws(), ids=file_id)
def test_spark_agrees_with_the_interpreter_and_decide(file: Path, spark: Any) -> None:
    from compiler.engines.spark import run_spark
    from compiler.engines.tables import facts_table

    program = load(file)
    if refused_by_sql(program, lambda: run_spark(program, facts_table(program, []), spark)):
        return

    @settings(max_examples=1, phases=[Phase.explicit, Phase.generate], deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(cases=st.lists(facts_for(program), min_size=1, max_size=80))
    def check(cases: list[dict[str, Any]]) -> None:
        got = rows(run_spark(program, facts_table(program, cases), spark))
        assert_same(program, cases, got)

    check()
