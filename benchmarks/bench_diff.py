"""Benchmark of `lawc diff` on synthetic versions: time against provisions and facts.

Not a test: prints figures. Two versions of a synthetic law over F yes/no facts with P provisions
(one rule each: a value if two or three literals hold; the new version rewrites every tenth rule);
both read the same facts, so every share is exact.

    .venv/bin/python benchmarks/bench_diff.py      # every size
    .venv/bin/python benchmarks/bench_diff.py 3    # the first three sizes

Times are CPU seconds of the diff alone (`time.process_time`), loading not counted.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compiler.analysis.diff import diff_programs  # noqa: E402
from compiler.driver.versions import load_with_tree  # noqa: E402


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
        old, old_tree = load_with_tree(root / "old.law")
        new, new_tree = load_with_tree(root / "new.law")
        start = time.process_time()
        diff_programs(old, new, old_tree=old_tree, new_tree=new_tree)
        return time.process_time() - start


SIZES = [(50, 40), (100, 40), (200, 40), (200, 20), (200, 80)]


def main() -> None:
    sizes = SIZES[: int(sys.argv[1])] if len(sys.argv) > 1 else SIZES
    print(f"{'provisions':>10} {'facts':>6} {'CPU s':>8}")
    for provisions, facts in sizes:
        print(f"{provisions:>10} {facts:>6} {run(provisions, facts):>8.2f}", flush=True)


if __name__ == "__main__":
    main()
