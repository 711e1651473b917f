"""Benchmark of `lawc report` on the shipped corpus, with the time of each diff split by phase.

Not a test: prints figures. Runs the comparisons of `statutes/reports.toml` over the shipped
population, as `lawc report` does, and times each phase of each diff by wrapping the diff's own
methods: loading, the solver's regions (covers, emptiness, overlap), witnesses (the readable model
and its re-run), uniform sampling (the footnote's shares), the population, the structural words,
and rendering. The whole report and the slowest single diff are the two figures to watch
(targets: 15 s and 5 s).

    .venv/bin/python benchmarks/bench_report.py            # every comparison, computed
    .venv/bin/python benchmarks/bench_report.py --pairs 2  # the first two (a quicker look)
    .venv/bin/python benchmarks/bench_report.py --alone    # each diff as `lawc diff` runs it
    .venv/bin/python benchmarks/bench_report.py --cache /tmp/c  # twice: the second run reads
                                                                # the diffs kept on disk

Times are CPU seconds of the process (`time.process_time`), which a loaded machine moves less
than wall time; the whole run's wall time and the load average are printed beside them.
"""

from __future__ import annotations

import argparse
import functools
import os
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

PHASES: dict[str, float] = defaultdict(float)  # CPU seconds of this process, by phase
_DEPTH: list[str] = []


def _timed(phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _DEPTH:  # time a phase once, not again inside another timed phase
            return fn(*args, **kwargs)
        _DEPTH.append(phase)
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            PHASES[phase] += time.process_time() - start
            _DEPTH.pop()
    return wrapper


def _instrument() -> None:
    vd = diff_module.VersionDiff
    vd.witness = _timed("witnesses", vd.witness)  # type: ignore[method-assign]
    vd.rerun = _timed("witnesses", vd.rerun)  # type: ignore[method-assign]
    vd.sampler = _timed("uniform sampling", vd.sampler)  # type: ignore[method-assign]
    vd._sampled_outcomes = _timed("uniform sampling",  # type: ignore[method-assign]
                                  vd._sampled_outcomes)
    vd.count_population = _timed("population",  # type: ignore[method-assign]
                                 vd.count_population)
    vd.run_population = _timed("population", vd.run_population)  # type: ignore[method-assign]
    vd.__init__ = _timed("the space and both laws' encodings",  # type: ignore[method-assign]
                         vd.__init__)
    diff_module.decision_atoms = _timed("atoms", diff_module.decision_atoms)
    vd._atom_rows = _timed("population", vd._atom_rows)  # type: ignore[method-assign]
    cov = regions.Coverer
    cov.cover = _timed("regions (solver)", cov.cover)  # type: ignore[method-assign]
    cov.is_empty = _timed("regions (solver)", cov.is_empty)  # type: ignore[method-assign]
    cov.overlapping = _timed("regions (solver)", cov.overlapping)  # type: ignore[method-assign]
    cov.inhabited = _timed("which outcomes can change (solver)",  # type: ignore[method-assign]
                           cov.inhabited)
    diff_module.structure = _timed("structure", diff_module.structure)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pairs", type=int, default=0, help="only the first N comparisons")
    parser.add_argument("--alone", action="store_true",
                        help="each diff as `lawc diff` runs it: its own loads, nothing shared")
    parser.add_argument("--save", type=Path, help="write report.md and report.html here")
    parser.add_argument("--cache", type=Path,
                        help="keep diffs in this folder (analysis.diff_cache), as the command "
                             "line does: run twice, the second run reads them back")
    args = parser.parse_args()
    _instrument()
    if args.cache:
        os.environ["LAWC_CACHE_DIR"] = str(args.cache)
    wall, cpu = time.perf_counter(), time.process_time()
    plan, files = versions.report_plan([], None)
    pairs = plan.pairs()[: args.pairs or None]
    results, per_diff = [], []
    loads = versions.ReportLoads(files)
    for a, b in pairs:
        start = time.process_time()
        if args.alone:
            loads = versions.ReportLoads(files)
        loads.load(a), loads.load(b)
        PHASES["load"] += time.process_time() - start
        results.append(loads.diff(a, b, population=plan.population,
                                  use_cache=args.cache is not None))
        per_diff.append((f"{a} → {b}", time.process_time() - start))
    start = time.process_time()
    shown = {fmt: render.report(results, plan.title, plan.intro, fmt)
             for fmt in ("markdown", "html")}
    PHASES["render (markdown + html)"] += time.process_time() - start
    whole, whole_cpu = time.perf_counter() - wall, time.process_time() - cpu
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / "report.md").write_text(shown["markdown"], encoding="utf-8")
        (args.save / "report.html").write_text(shown["html"], encoding="utf-8")
    print(f"lawc report, {len(pairs)} comparisons: {whole_cpu:.1f} s CPU ({whole:.1f} s wall, "
          f"load average {os.getloadavg()[0]:.1f}; imports not counted)")
    print("each diff (CPU):" + (" alone, as `lawc diff` runs it" if args.alone else ""))
    for name, seconds in per_diff:
        print(f"  {seconds:6.1f} s  {name}")
    print("by phase (CPU):")
    for phase, seconds in sorted(PHASES.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:6.1f} s  {phase}")
    print(f"  {whole_cpu - sum(PHASES.values()):6.1f} s  the rest (outcomes' shares, exact "
          "measures, the diff's own steps)")
    print(f"slowest single diff: {max(s for _, s in per_diff):.1f} s CPU")


if __name__ == "__main__":
    main()
