"""Benchmark of `lawc diff` on synthetic versions: time against provisions and facts.

Not a test: prints figures. Two versions of a synthetic law over F yes/no facts with P provisions
(one rule each: a value if two or three literals hold; the new version rewrites every tenth rule);
both read the same facts, so every share is exact.

    .venv/bin/python benchmarks/bench_diff.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compiler import driver  # noqa: E402
from compiler.analysis.diff import diff_programs  # noqa: E402


def _name(i: int) -> str:
    return "fact " + "".join("bdfgklprvz"[int(d)] + "aeiou"[int(d) % 5] for d in f"{i:03d}")


def law_text(title: str, provisions: int, facts: int, seed: int, changed_every: int) -> str:
    rng = random.Random(seed)
    lines = [f'law "{title}"', "  jurisdiction: Test", "  summary: synthetic", "", "facts:"]
    lines += [f"  a {_name(i)}: yes or no" for i in range(facts)]
    lines += ["", "decision the outcome: one of granted, refused", "  by default: refused", ""]
    for k in range(provisions):
        lits = rng.sample(range(facts), 3 if k % 2 else 2)
        signs = [rng.random() < 0.7 for _ in lits]
        if changed_every and k % changed_every == 0:
            signs[0] = not signs[0]
        lines.append(f'§ {k + 1} "Rule {k + 1}"')
        lines.append("  the outcome is granted if all of the following:")
        lines += [f"    - there is {'a' if s else 'no'} {_name(i)}" for i, s in zip(lits, signs)]
    return "\n".join(lines) + "\n"


def run(provisions: int, facts: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "statutes"
        root.mkdir()
        (root / "old.law").write_text(law_text("Old", provisions, facts, 7, 0))
        (root / "new.law").write_text(law_text("New", provisions, facts, 7, 10))
        old = driver.load_program(driver.Workspace(), root / "old.law")
        new = driver.load_program(driver.Workspace(), root / "new.law")
        start = time.perf_counter()
        diff_programs(old, new, old_text=(root / "old.law").read_text(),
                      new_text=(root / "new.law").read_text())
        return time.perf_counter() - start


def main() -> None:
    print(f"{'provisions':>10} {'facts':>6} {'seconds':>8}")
    for provisions, facts in [(50, 40), (100, 40), (200, 40), (200, 20), (200, 80)]:
        print(f"{provisions:>10} {facts:>6} {run(provisions, facts):>8.2f}", flush=True)


if __name__ == "__main__":
    main()
