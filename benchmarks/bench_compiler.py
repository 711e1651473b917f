"""How the compiler's time grows with the size of a statute.

Writes synthetic statutes (benchmarks/synthetic.py) of 100, 1,000 and 10,000 provisions into a
temporary `statutes/` folder and times, in this process, through `compiler.driver`:

- parser construction: the first calls to `compiler.surface.parse.parser()` (Lark building the
  LALR tables from grammar/law.lark, or loading them from its cache) and `fast_parser()` (our
  loop over those tables), measured once, before anything else parses;
- check: `driver.load_program` on a fresh `Workspace` (read, parse, resolve, type-check), as
  `lawc check` does;
- codegen: `driver.planned_files` on the checked program (the Python module text, the runtime
  and the package markers), which `lawc compile` does after checking;
- compile = check + codegen of the same repeat (what `lawc compile` does, without writing);
- for sizes up to 1,000, the parse alone by our loop (`compiler.surface.lalr`) and by Lark's
  own LALR loop on the same text (the same tables, lexers and AST builders): the baseline in
  the same run, as a ratio.

Each size is run --repeats times and the minimum is kept. Results are reported per provision and
as growth factors between consecutive sizes (10x more provisions: 10.0 is linear growth). The
generated module is compiled with Python's `compile()` once per size to check that it is valid.

Then, for the 1,000-provision law, the commands as a drafter types them, each a new process
timed from the outside (start-up, imports and writing included; minimum of --repeats):
`lawc --version` (start-up alone), `lawc check --no-analysis` and `lawc compile` (run as
`python -m compiler.cli`). `lawc check` without `--no-analysis` also runs the solver's analysis,
whose time depends on the law's logic, not its length; it is not timed here.

    python benchmarks/bench_compiler.py                 # 100, 1000, 10000
    python benchmarks/bench_compiler.py --sizes 100 1000 --repeats 5
    python benchmarks/bench_compiler.py --profile 1000  # cProfile of one check of that size
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

TARGET_SIZE = 1000
TARGET_SECONDS = 1.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000],
                    help="numbers of provisions (default: 100 1000 10000)")
    ap.add_argument("--repeats", type=int, default=5, help="runs per size; the minimum is kept")
    ap.add_argument("--profile", type=int, metavar="N",
                    help="also print a cProfile of one check of a statute of N provisions")
    args = ap.parse_args()

    # Parser construction first, before any other import can build the parser.
    from compiler.surface import parse as parse_module

    start = time.perf_counter()
    parse_module.parser()
    parse_module.fast_parser()
    parser_first = time.perf_counter() - start
    start = time.perf_counter()
    parse_module.parser()
    parse_module.fast_parser()
    parser_again = time.perf_counter() - start

    from compiler import driver

    print(f"python {sys.version.split()[0]}; repeats {args.repeats} (minimum kept)")
    print(f"parser construction (first parser() and fast_parser()): {parser_first:.3f} s "
          f"(cached call afterwards: {parser_again * 1e6:.1f} us)")
    print()

    rows = []
    with tempfile.TemporaryDirectory(prefix="lawc-bench-") as tmp:
        root = Path(tmp) / "statutes"
        out_dir = Path(tmp) / "generated"
        for n in args.sizes:
            law = synthetic.write_statutes(root, n)
            text = law.read_text(encoding="utf-8")
            check_times, codegen_times = [], []
            module_text = ""
            for _ in range(args.repeats):
                gc.collect()
                workspace = driver.Workspace()
                t0 = time.perf_counter()
                program = driver.load_program(workspace, law)
                t1 = time.perf_counter()
                files = driver.planned_files(out_dir, [program])
                t2 = time.perf_counter()
                check_times.append(t1 - t0)
                codegen_times.append(t2 - t1)
                module_text = files[driver.generated_path(out_dir, program)]
                del program, files, workspace
            compile(module_text, f"law_{n}.py", "exec")  # the output is valid Python
            check = min(check_times)
            codegen = min(codegen_times)
            compile_ = min(a + b for a, b in zip(check_times, codegen_times))
            rows.append((n, len(text.splitlines()), check, codegen, compile_))
            print(f"{n:>6} provisions ({rows[-1][1]:>6} lines): check {check:8.3f} s  "
                  f"codegen {codegen:7.3f} s  compile {compile_:8.3f} s  "
                  f"= {compile_ / n * 1e3:6.3f} ms/provision", flush=True)
            if n <= TARGET_SIZE:
                fast, lark = parse_against_lark(parse_module, text, str(law), args.repeats)
                print(f"{'':>28}parse: ours {fast:6.3f} s, Lark's own loop {lark:6.3f} s "
                      f"(ours / Lark {fast / lark:4.2f})", flush=True)

        print()
        print("growth between sizes (time ratio / size ratio; 1.00 = linear):")
        for (n0, _, ch0, cg0, co0), (n1, _, ch1, cg1, co1) in zip(rows, rows[1:]):
            k = n1 / n0
            print(f"  {n0:>6} -> {n1:<6} (x{k:g}): check x{ch1 / ch0:6.2f} ({ch1 / ch0 / k:4.2f})"
                  f"  codegen x{cg1 / cg0:6.2f} ({cg1 / cg0 / k:4.2f})"
                  f"  compile x{co1 / co0:6.2f} ({co1 / co0 / k:4.2f})")
        for n, _, _, _, co in rows:
            if n == TARGET_SIZE:
                verdict = "within" if co < TARGET_SECONDS else "over"
                print(f"\n{TARGET_SIZE} provisions compile in {co:.3f} s: {verdict} the "
                      f"{TARGET_SECONDS:g} s target")
                command_line(Path(tmp), root / "synth" / f"law_{n}.law", args.repeats)

        if args.profile:
            law = synthetic.write_statutes(root, args.profile)
            profiler = cProfile.Profile()
            workspace = driver.Workspace()
            profiler.enable()
            driver.load_program(workspace, law)
            profiler.disable()
            buffer = io.StringIO()
            stats = pstats.Stats(profiler, stream=buffer)
            stats.sort_stats("tottime").print_stats(25)
            print(f"\ncProfile of one check of {args.profile} provisions (by own time):")
            print(buffer.getvalue())
    return 0


def parse_against_lark(parse_module: Any, text: str, file: str, repeats: int
                       ) -> tuple[float, float]:
    """The parse alone, by `compiler.surface.lalr` and by Lark's own LALR loop (the same
    grammar, lexers and AST builders), interleaved; minimum of each."""
    source = parse_module.normalize_source(text)
    fast, lark = [], []
    for _ in range(repeats):
        for fast_path, times in ((True, fast), (False, lark)):
            gc.collect()
            with parse_module.without_cycle_collector():
                start = time.perf_counter()
                parse_module._parse(source, file, fast=fast_path)
                times.append(time.perf_counter() - start)
    return min(fast), min(lark)


def command_line(folder: Path, law: Path, repeats: int) -> None:
    """`lawc` itself on one law, each run a new process: start-up and writing included."""
    runs = {
        "lawc --version (start-up)": ["--version"],
        "lawc check --no-analysis": ["check", "--no-analysis", str(law)],
        "lawc compile": ["compile", "--out", str(folder / "cli-generated"), str(law)],
    }
    print(f"\ncommand line, {law.name} (new process each run, minimum of {repeats}):")
    for label, arguments in runs.items():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "compiler.cli", *arguments], cwd=folder,
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"  {label:<28} {min(times):6.3f} s")


if __name__ == "__main__":
    sys.exit(main())
