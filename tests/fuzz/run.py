"""The standalone fuzz run: `python -m tests.fuzz.run --inputs 100000`.

Takes a number of inputs (or a time budget), a seed and a number of worker processes; gives, on
standard output, how many inputs were run of each kind and every input that broke a promise
(saved under `--keep`, default `fuzz-findings/`, to replay with `lawc check`). Exit 0 when none
did, 1 otherwise. Inputs: mutations of every statute file (most), printed random trees, nesting
from 1 to 600 levels, and, every `--analysis-every` inputs, a run with the analysis.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from . import harness

DEFAULT_KEEP = "fuzz-findings"


def _random_tree(rng: random.Random) -> bytes:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from compiler.surface import print as surface_print

    from . import ast_strategies

    out: list[bytes] = []

    @settings(max_examples=1, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(st.randoms(use_true_random=False), ast_strategies.files())
    def draw(_: random.Random, tree: object) -> None:
        out.append(surface_print.file(tree).encode())  # type: ignore[arg-type]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        draw()
    return out[0]


def _one(box: harness.Sandbox, rng: random.Random, analysis: bool
         ) -> tuple[str, str, bytes, harness.Verdict]:
    roll = rng.random()
    if roll < 0.80:
        rel = rng.choice(box.files)
        data, how = harness.mutate(box.originals[rel], rng)
        kind = "mutation"
    elif roll < 0.97:
        rel, data, how, kind = "statutes/fuzz/random.law", _random_tree(rng), "tree", "tree"
    else:
        depth = rng.randint(1, 600)
        shape = rng.choice(harness.DEEP_KINDS)
        rel, data, how, kind = "statutes/fuzz/deep.law", harness.deep(shape, depth), \
            f"{shape} × {depth}", "nesting"
    compile_too = kind != "nesting"  # the backend's nesting limit is reported separately
    return kind, how, data, box.run(rel, data, analysis=analysis, compile_too=compile_too)


def _worker(args: tuple[int, int, float, int, str]) -> tuple[Counter[str], list[str]]:
    seed, inputs, deadline, analysis_every, keep = args
    rng = random.Random(seed)
    box = harness.Sandbox()
    counts: Counter[str] = Counter()
    findings: list[str] = []
    try:
        for i in range(inputs):
            if time.time() > deadline:
                break
            analysis = analysis_every > 0 and i % analysis_every == analysis_every - 1
            kind, how, data, verdict = _one(box, rng, analysis)
            counts[kind] += 1
            counts["with analysis"] += analysis
            if verdict.crashed:
                folder = Path(keep)
                folder.mkdir(parents=True, exist_ok=True)
                name = folder / f"seed{seed}-{i}.law"
                name.write_bytes(data)
                findings.append(f"{name} ({kind}: {how}{', analysis' if analysis else ''}): "
                                f"{(verdict.problem or '').strip().splitlines()[-1]}")
    finally:
        box.close()
    return counts, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__)
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to run in all")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: no "
                        "limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--analysis-every", type=int, default=50,
                        help="run the analysis on every Nth input (0: never)")
    parser.add_argument("--keep", default=DEFAULT_KEEP, help="folder for inputs that broke a "
                        "promise")
    options = parser.parse_args(argv)
    deadline = time.time() + options.seconds if options.seconds else float("inf")
    share = -(-options.inputs // options.jobs)
    started = time.time()
    tasks = [(options.seed * 1000 + j, share, deadline, options.analysis_every, options.keep)
             for j in range(options.jobs)]
    with multiprocessing.Pool(options.jobs) as pool:
        results = pool.map(_worker, tasks)
    counts: Counter[str] = Counter()
    findings: list[str] = []
    for c, f in results:
        counts.update(c)
        findings.extend(f)
    total = sum(v for k, v in counts.items() if k != "with analysis")
    print(f"{total} inputs in {time.time() - started:.0f} s: "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    for finding in findings:
        print(f"finding: {finding}")
    print(f"{len(findings)} inputs broke a promise")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
