"""Benchmark of `lawc report` on the shipped corpus, with the time of each diff split by phase.

Not a test: prints figures. Runs the comparisons of `statutes/reports.toml` over the shipped
population, as `lawc report` does, and times each phase of each diff by wrapping the diff's own
methods: loading, the solver's regions (covers, emptiness, overlap), witnesses (the readable model
and its re-run), uniform sampling (the footnote's shares), the population, the structural words,
and rendering. The whole report and the slowest single diff are the two figures to watch
(targets: 15 s and 5 s).

    .venv/bin/python benchmarks/bench_report.py            # every comparison
    .venv/bin/python benchmarks/bench_report.py --pairs 2  # the first two (a quicker look)
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compiler.analysis import diff as diff_module  # noqa: E402
from compiler.analysis import regions  # noqa: E402
from compiler.driver import render, versions  # noqa: E402

PHASES: dict[str, float] = defaultdict(float)
_DEPTH: list[str] = []


def _timed(phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _DEPTH:  # time a phase once, not again inside another timed phase
            return fn(*args, **kwargs)
        _DEPTH.append(phase)
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            PHASES[phase] += time.perf_counter() - start
            _DEPTH.pop()
    return wrapper


def _instrument() -> None:
    vd = diff_module.VersionDiff
    vd.witness = _timed("witnesses", vd.witness)  # type: ignore[method-assign]
    vd.rerun = _timed("witnesses", vd.rerun)  # type: ignore[method-assign]
    vd.sampler = _timed("uniform sampling", vd.sampler)  # type: ignore[method-assign]
    vd._sampled_outcomes = _timed("uniform sampling",  # type: ignore[method-assign]
                                  vd._sampled_outcomes)
    vd.run_population = _timed("population", vd.run_population)  # type: ignore[method-assign]
    vd._atom_rows = _timed("population", vd._atom_rows)  # type: ignore[method-assign]
    cov = regions.Coverer
    cov.cover = _timed("regions (solver)", cov.cover)  # type: ignore[method-assign]
    cov.is_empty = _timed("regions (solver)", cov.is_empty)  # type: ignore[method-assign]
    cov.overlapping = _timed("regions (solver)", cov.overlapping)  # type: ignore[method-assign]
    diff_module.structure = _timed("structure", diff_module.structure)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pairs", type=int, default=0, help="only the first N comparisons")
    args = parser.parse_args()
    _instrument()
    plan, files = versions.report_plan([], None)
    pairs = plan.pairs()[: args.pairs or None]
    total = time.perf_counter()
    results, per_diff = [], []
    for a, b in pairs:
        start = time.perf_counter()
        load = time.perf_counter()
        old, new = versions.load_with_tree(files[a]), versions.load_with_tree(files[b])
        PHASES["load"] += time.perf_counter() - load
        results.append(versions.diff_loaded(old, new, population=plan.population))
        per_diff.append((f"{a} → {b}", time.perf_counter() - start))
    start = time.perf_counter()
    render.report(results, plan.title, plan.intro, "markdown")
    render.report(results, plan.title, plan.intro, "html")
    PHASES["render (markdown + html)"] += time.perf_counter() - start
    whole = time.perf_counter() - total
    print(f"lawc report, {len(pairs)} comparisons: {whole:.1f} s")
    for name, seconds in per_diff:
        print(f"  {seconds:6.1f} s  {name}")
    print("by phase:")
    for phase, seconds in sorted(PHASES.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:6.1f} s  {phase}")
    print(f"slowest single diff: {max(s for _, s in per_diff):.1f} s")


if __name__ == "__main__":
    main()
