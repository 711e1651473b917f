"""The parse alone: the fast loop (`compiler.surface.lalr`) against Lark's public LALR parser.

Both run the same grammar, tables, lexers and AST builders (`compiler.surface.parse._parse`
with `fast=True` and `fast=False`), interleaved, the cycle collector paused as `parse` pauses
it; the minimum of --repeats is kept. Two inputs: every shipped statute under `statutes/`
(one pass over all of them), and a synthetic law of --provisions provisions
(`benchmarks/synthetic.law_text`). This is what decides whether the fast loop earns its place
(docs/architecture.md, "Parsing has two engines").

    python benchmarks/bench_parse.py                  # shipped statutes, 1,000 provisions
    python benchmarks/bench_parse.py --provisions 5000 --repeats 3
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import law_text  # noqa: E402

from compiler.surface import parse  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def timed(texts: list[tuple[str, str]], fast: bool) -> float:
    gc.collect()
    with parse.without_cycle_collector():
        start = time.perf_counter()
        for file, text in texts:
            parse._parse(text, file, fast=fast)
        return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provisions", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    parse.parser()
    if parse.fast_parser() is None:
        print("this Lark release gives no fast loop: Lark parses everything")
        return 1
    shipped = [(str(p), parse.normalize_source(p.read_text(encoding="utf-8")))
               for p in sorted((REPO / "statutes").rglob("*.law"))]
    synthetic = [("synthetic.law", parse.normalize_source(law_text(args.provisions)))]
    for name, texts in ((f"{len(shipped)} shipped statutes", shipped),
                        (f"a law of {args.provisions:,} provisions", synthetic)):
        fast, lark = [], []
        for _ in range(args.repeats):
            fast.append(timed(texts, True))
            lark.append(timed(texts, False))
        f, lk = min(fast), min(lark)
        print(f"{name}: fast loop {f * 1000:.0f} ms, Lark's parser {lk * 1000:.0f} ms "
              f"(saves {(lk - f) * 1000:.0f} ms, {lk / f:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
