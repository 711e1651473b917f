"""How long the commands a drafter repeats take, each a new process timed from the outside.

Runs, as `python -m compiler.cli …` from the repository's root (start-up, imports, reading,
checking and printing included), each command --repeats times and keeps the minimum of its
wall-clock time and, separately, of its CPU time (user + system, from the child's resource
usage: on a shared machine the wall clock also counts time spent waiting for a core):

- `python -c pass`, the bare interpreter: the baseline, measured in the same run;
- `lawc --version`: start-up alone;
- `lawc check statutes/` warm: the caches (`.lawc_cache/analysis/`, `.lawc_cache/parse/`, in a
  temporary `$LAWC_CACHE_DIR`) and Python's bytecode caches filled by one run before the timed
  ones, as when a drafter checks again after the first time;
- `lawc explain STATUTE --example NAME --why-not` for every shipped law, on its first example.

Each line gives the minimum, its difference from the bare interpreter and its ratio to it;
the targets (issue 16: `lawc check statutes/` under 1 s, `lawc explain --why-not` under 0.5 s
for every shipped statute) are judged on the minimum wall time and said beside it.

    python benchmarks/bench_cli.py                # 5 repeats
    python benchmarks/bench_cli.py --repeats 9 --only check
    python benchmarks/bench_cli.py --only explain --statutes nyc/local_law_62_2011
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"check": 1.0, "explain": 0.5}


def timed(command: list[str], env: dict[str, str], repeats: int) -> tuple[float, float]:
    """The minimum wall and CPU (user + system) seconds of `command` over `repeats` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{error}")
        if process.stderr:
            process.stderr.close()
    return min(walls), min(cpus)


def first_examples() -> list[tuple[str, str]]:
    """(statute path, name of its first example) for every shipped law with examples."""
    sys.path.insert(0, str(REPO))
    from compiler import driver

    out = []
    workspace = driver.Workspace()
    for file in driver.statutes_named([str(REPO / "statutes")]):
        program = driver.check(workspace, file)
        if driver.is_law(program) and program.examples:
            out.append((program.path, program.examples[0].name))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="runs per command; minimum kept")
    ap.add_argument("--only", choices=["check", "explain"], help="time only these commands")
    ap.add_argument("--statutes", nargs="+", metavar="PATH",
                    help="explain only these laws (e.g. nyc/local_law_62_2011)")
    args = ap.parse_args()

    cache = tempfile.mkdtemp(prefix="lawc-bench-cli-")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "LAWC_NO_CACHE")}
    env["LAWC_CACHE_DIR"] = cache  # bytecode caches are written: a drafter's machine has them
    lawc = [sys.executable, "-m", "compiler.cli"]
    commands: list[tuple[str, str, list[str]]] = [
        ("base", "python -c pass", [sys.executable, "-c", "pass"]),
        ("base", "lawc --version", [*lawc, "--version"])]
    if args.only in (None, "check"):
        commands.append(("check", "lawc check statutes/ (warm)", [*lawc, "check", "statutes/"]))
    if args.only in (None, "explain"):
        for statute, example in first_examples():
            if args.statutes and statute not in args.statutes:
                continue
            commands.append(("explain", f"lawc explain {statute} --why-not",
                             [*lawc, "explain", statute, "--example", example, "--why-not"]))

    load = os.getloadavg()
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} cores; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; repeats {args.repeats} (minimum kept)")
    print(f"{'command':<58} {'wall':>7} {'cpu':>7} {'+wall':>7} {'×wall':>6}  target")
    bare = None
    missed = []
    for kind, label, command in commands:
        timed(command, env, 1)  # fills the caches (analysis, parse, bytecode); not counted
        wall, cpu = timed(command, env, args.repeats)
        if bare is None:
            bare = wall
        target = TARGETS.get(kind)
        verdict = "" if target is None else (
            f"< {target} s: {'yes' if wall < target else 'NO'}")
        if target is not None and wall >= target:
            missed.append(label)
        print(f"{label:<58} {wall:7.3f} {cpu:7.3f} {wall - bare:+7.3f} {wall / bare:6.1f}"
              f"  {verdict}")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if missed:
        print(f"{len(missed)} command(s) over their target: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
