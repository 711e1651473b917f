"""The generated penalty computation of 8 U.S.C. § 1324a(e)(4) against the same by hand.

Compiles statutes/us/penalties_1324a.law through `compiler.driver` into a temporary `generated`
package, imports it, and builds --records seeded random cases once, as the module's typed
`Case` records (read by its own parser, outside the timing): counts of aliens and prior orders,
violations from 1990 to 2025, each assessed 0 to 3 years later by DHS or DOJ (half each).
Then, --repeats times, with `time.perf_counter` (chunks of 1,000 cases, the two functions
interleaved, the minimum of each chunk kept), it times only the calls:

- generated: `penalty_range(case)`, the module's record of the minimum and the maximum penalty
  (one chain of the tiers' conditions, each rule giving both amounts; the dated figures each
  computed by their own functions);
- hand: `benchmarks/handwritten_penalty_1324a.py`'s `penalty(case)` (module-level `Decimal`
  constants, the table found by bisection), both amounts at once.

It checks that the two agree on every case and prints the ratio generated / hand (target: at
most 1.2) and the time per case; and, for comparison, the time of `minimum_penalty(case)` and
`maximum_penalty(case)` called apart.

    python benchmarks/bench_penalty.py                     # 100,000 cases, 5 repeats
    python benchmarks/bench_penalty.py --records 20000 --repeats 3 --seed 7
"""

from __future__ import annotations

import argparse
import datetime
import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATUTE = ROOT / "statutes" / "us" / "penalties_1324a.law"
TARGET_RATIO = 1.2
CHUNK = 1000


def random_facts(seed: int, n: int) -> list[dict[str, object]]:
    """`n` seeded cases as JSON-like facts (the assessment never before the violation)."""
    rng = random.Random(seed)
    first = datetime.date(1990, 1, 1).toordinal()
    last = datetime.date(2025, 12, 31).toordinal()
    out = []
    for _ in range(n):
        violation = datetime.date.fromordinal(rng.randint(first, last))
        assessment = violation + datetime.timedelta(days=rng.randint(0, 3 * 365))
        out.append({"unauthorized_alien_count": rng.choice((1, 2, 3, 5, 10, rng.randint(0, 500))),
                    "prior_order_count": rng.choice((0, 0, 0, 1, 1, 2, 3)),
                    "violation_date": violation.isoformat(),
                    "assessment_date": assessment.isoformat(),
                    "assessing_department": rng.choice(("DHS", "DOJ"))})
    return out


def _time_calls(fn: Callable[[Any], object], items: Sequence[object]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def load(tmp: Path) -> tuple[Any, Callable[[Any], object], Callable[[Any], object]]:
    """The compiled module, its penalty computation and the hand-written one."""
    sys.path.insert(0, str(HERE))
    from bench_decision import compile_statute
    from handwritten_penalty_1324a import penalty

    _, module = compile_statute(STATUTE, tmp)
    return module, module.penalty_range, penalty


def separately(module: Any) -> Callable[[Any], object]:
    """The two amounts from their own decision functions, each deciding the tier and the
    table date again (what an application without the record would call)."""
    minimum, maximum = module.minimum_penalty, module.maximum_penalty

    def both(case: Any) -> tuple[object, object]:
        return minimum(case), maximum(case)

    return both


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000, help="random cases (default 100000)")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs; the minimum is kept")
    ap.add_argument("--seed", type=int, default=1324, help="seed of the random cases")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lawc-bench-") as tmp:
        module, generated, hand = load(Path(tmp))
        cases = [module._parse_case(f, "") for f in random_facts(args.seed, args.records)]
        wrong = [i for i, case in enumerate(cases) if generated(case) != hand(case)]
        if wrong:
            print(f"generated and hand disagree on {len(wrong)} cases, e.g. case {wrong[0]}")
            return 1
        chunks = [cases[i:i + CHUNK] for i in range(0, len(cases), CHUNK)]
        both = separately(module)
        timed = (("generated", generated), ("hand", hand), ("separately", both))
        best = {name: [float("inf")] * len(chunks) for name, _ in timed}
        gc.disable()
        try:
            for _ in range(args.repeats):
                for k, chunk in enumerate(chunks):
                    for name, fn in timed:
                        best[name][k] = min(best[name][k], _time_calls(fn, chunk))
        finally:
            gc.enable()
        gen, hnd, sep = sum(best["generated"]), sum(best["hand"]), sum(best["separately"])
        ratio = gen / hnd
        print(f"{args.records:,} cases, {args.repeats} repeats (minimum per chunk of {CHUNK})")
        print(f"generated penalty_range(case): {gen * 1e6 / args.records:.2f} us per case")
        print(f"hand penalty(case):            {hnd * 1e6 / args.records:.2f} us per case")
        print(f"generated / hand: {ratio:.2f} (target: at most {TARGET_RATIO})")
        print(f"minimum_penalty(case), maximum_penalty(case) apart: "
              f"{sep * 1e6 / args.records:.2f} us per case, {sep / hnd:.2f} x hand")
        return 0


if __name__ == "__main__":
    sys.exit(main())
