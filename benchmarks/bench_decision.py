"""The generated decision function of NYC Local Law 62 of 2011 against the same logic by hand.

Compiles statutes/nyc/local_law_62_2011.law (and the vocabulary it uses) through
`compiler.driver` into a temporary `generated` package, imports it, and builds --records seeded
random cases once: as JSON-like facts, and as the generated module's typed dataclasses (read by
its own parser, outside the timing). Then, with `time.perf_counter`, --repeats times each
(in chunks of 1,000 records, the functions interleaved; the minimum of each chunk is
kept), it times only the decision calls over all cases:

- generated: the module's `hold(case)` (the function named in its STATUTE metadata);
- hand: `benchmarks/handwritten_nyc_2011.py`'s `hold(case)` on the same instances;
- loop: a function that returns at once, to show what the loop and the call cost by themselves;
- decide: the module's `decide(facts)` on the JSON-like facts (reading and checking the facts,
  then every decision);
- decide without checks: the same with the records' `__post_init__` type checks made no-ops
  (interleaved with the others), to show what the typed API's checks cost (decide()'s fast
  reader does not run them, so this is close to decide() unless facts fall back to the parser);
- hand decide, for a statute in `handwritten.DECIDE_TWINS`: `decide(facts)` written by hand over
  the same dicts (dates converted, nothing validated); the ratio decide() / hand decide has the
  target 3.

It checks that generated and hand agree on every case, and that `decide()` gives the same hold.
Results are ratios against the hand-written baseline measured in the same run:

    generated / hand          (target: at most 1.2)
    (generated - loop) / (hand - loop)   the same without the cost of the loop and the call

    python benchmarks/bench_decision.py                    # 100,000 records, 7 repeats
    python benchmarks/bench_decision.py --records 20000 --repeats 3 --seed 7
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gc
import importlib
import inspect
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATUTE = ROOT / "statutes" / "nyc" / "local_law_62_2011.law"
TARGET_RATIO = 1.2
TARGET_DECIDE_RATIO = 3.0  # decide(facts) against the hand-written one over the dicts
CHUNK = 1000  # records timed together

# ------------------------------------------------------------------------------ random cases

_FIRST_DAY = datetime.date(2012, 2, 20)  # the days the law is in force
_LAST_DAY = datetime.date(2013, 7, 15)
_CODES = ("120.00", "120.05", "125.25", "130.35", "140.25", "155.25", "155.30", "160.10",
          "160.15", "220.03", "220.39", "230.00", "240.20", "240.37", "265.02(3)", "DC robbery",
          "NJ 2C:15-1", "PA 18-3921", "IL 720-5/19-1", "VA 18.2-58")
_WEIGHTS: dict[str, dict[str, float]] = {  # for the values of some facts; others are uniform
    "agency": {"Department of Correction": 0.8, "Police Department": 0.1, "other agency": 0.1},
    "class": {"felony": 0.25, "misdemeanor": 0.35, "violation": 0.25, "infraction": 0.15},
    "jurisdiction": {"New York": 0.7, "District of Columbia": 0.05, "other state": 0.2,
                     "federal": 0.05},
    "inchoate_form": {"none": 0.85, "attempt": 0.1, "conspiracy": 0.04, "solicitation": 0.01},
}
_YES: dict[str, float] = {  # the chance that a yes/no fact is yes; others: 0.05
    "youthful_offender_adjudication": 0.15,
    "conditional_discharge": 0.1,
    "served_sentence_of_incarceration": 0.4,
    "written_ice_request": 0.9,
    "accompanying_judicial_warrant": 0.05,
    "authorised_sentence_over_a_year": 0.3,
    "written_reimbursement_agreement": 0.5,
}
_LIST_SIZES: dict[str, tuple[float, int]] = {  # chance of an empty list; else 1..max elements
    "convictions": (0.5, 4),
    "pending_charges": (0.85, 2),
}


class CaseMaker:
    """Random JSON-like facts for the vocabulary a program uses (every fact it declares)."""

    def __init__(self, program: Any, seed: int, list_size: int | None = None,
                 in_force: bool = False) -> None:
        from compiler.core import ast as c
        from compiler.core import names

        self.c = c
        self.key = names.key
        self.p = program
        self.rng = random.Random(seed)
        self.request_date = _FIRST_DAY
        self.list_size = list_size  # None: the sizes of _LIST_SIZES
        # the request dates: Local Law 62 of 2011's days, or with `in_force` as many days of
        # the law's own period in force (`in_force_days`)
        self.days = in_force_days(program) if in_force else None
        self.first_day, self.last_day = self.days or (_FIRST_DAY, _LAST_DAY)

    def case(self) -> dict[str, object]:
        fields = self.p.facts.fields
        # the request first: the dates of convictions are drawn around its date
        order = sorted(fields, key=lambda n: self.key(n) != "request")
        out: dict[str, object] = {}
        for n in order:  # the facts drawn so far: a date may be drawn after another
            out[self.key(n)] = self.value(fields[n].type, self.key(n), out)
        return {self.key(n): out[self.key(n)] for n in fields}

    def record(self, name: str) -> dict[str, object]:
        fields = self.p.records[name].fields
        out: dict[str, object] = {}
        for field_name, decl in fields.items():
            k = self.key(field_name)
            out[k] = self.value(decl.type, k, out)
        return out

    def value(self, t: Any, k: str, siblings: dict[str, object] | None = None) -> object:
        c, rng = self.c, self.rng
        if isinstance(t, c.BoolT):
            return rng.random() < _YES.get(k, 0.05)
        if isinstance(t, c.EnumT):
            values = self.p.enums[t.name].values
            weights = _WEIGHTS.get(k)
            if weights and set(weights) == set(values):
                return rng.choices(list(weights), weights=list(weights.values()))[0]
            return rng.choice(values)
        if isinstance(t, c.DateT):
            return self.date(k, siblings or {}).isoformat()
        if isinstance(t, c.DateTimeT):  # a day, then a minute of it
            minute = rng.randint(0, 24 * 60 - 1)
            return datetime.datetime.combine(self.date(k, siblings or {}), datetime.time(
                minute // 60, minute % 60)).isoformat(timespec="minutes")
        if isinstance(t, c.CodeT):
            return rng.choice(_CODES) if k in ("offence_code", "penal_law_section") else ""
        if isinstance(t, c.RecordT):
            return self.record(t.name)
        if isinstance(t, c.ListT):
            empty, most = _LIST_SIZES.get(k, (0.7, 2))
            count = 0 if rng.random() < empty else rng.randint(1, most)
            if self.list_size is not None:
                count = self.list_size
            return [self.record(t.element) for _ in range(count)]
        if isinstance(t, (c.IntT, c.DurationT)):
            low = t.low if t.low is not None else 0
            high = t.high if t.high is not None else low + 100
            return rng.randint(int(low), int(high))
        if isinstance(t, (c.DecimalT, c.MoneyT)):
            low = float(t.low) if t.low is not None else 0.0
            high = float(t.high) if t.high is not None else low + 1000.0
            return f"{rng.uniform(low, high):.2f}"
        raise TypeError(f"no random value for a fact of type {t!r}")

    def date(self, k: str, siblings: dict[str, object]) -> datetime.date:
        rng = self.rng
        if k == "request_date":
            span = (self.last_day - self.first_day).days
            self.request_date = self.first_day + datetime.timedelta(days=rng.randint(0, span))
            return self.request_date
        if k == "instant_arrest_date":
            return self.request_date - datetime.timedelta(days=rng.randint(0, 90))
        if k == "date_of_birth":
            return datetime.date(rng.randint(1945, 1995), rng.randint(1, 12), rng.randint(1, 28))
        if k == "judgment_date":  # up to 20 years before the request, a few after it
            return self.request_date - datetime.timedelta(days=rng.randint(-120, 20 * 365))
        if k == "release_date" and isinstance(siblings.get("judgment_date"), str):
            judged = datetime.date.fromisoformat(siblings["judgment_date"])  # type: ignore[arg-type]
            return judged + datetime.timedelta(days=rng.randint(0, 6 * 365))
        if k in ("violation_date", "release_time"):  # the penalty tables' years, 1990 to 2025
            return datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randint(0, 13148))
        if k == "assessment_date" and isinstance(siblings.get("violation_date"), str):
            violated = datetime.date.fromisoformat(str(siblings["violation_date"]))
            return violated + datetime.timedelta(days=rng.randint(0, 3 * 365))
        return self.request_date - datetime.timedelta(days=rng.randint(0, 30 * 365))


# ---------------------------------------------------------------------------------- timing


def _time_calls(fn: Callable[[Any], object], items: Sequence[object]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def _nothing(case: object) -> None:
    return None


def _post_inits(module: Any) -> list[tuple[type, Any]]:
    """Each record class of `module` with its `__post_init__` (the typed API's type checks)."""
    return [(c, vars(c)["__post_init__"]) for c in vars(module).values()
            if isinstance(c, type) and "__post_init__" in vars(c)]


def _set_checks(checks: list[tuple[type, Any]], on: bool) -> None:
    for c, check in checks:
        setattr(c, "__post_init__", check if on else _nothing)


def compile_statute(statute: Path, out_root: Path) -> tuple[Any, Any]:
    """Compile `statute` into `out_root/generated` and import it; (program, module)."""
    from compiler import driver

    workspace = driver.Workspace()
    program = driver.load_program(workspace, statute)
    if not driver.is_law(program):
        raise SystemExit(f"bench_decision.py: {statute} is not a law (a vocabulary, or data "
                         "other laws read): it compiles to no module with decisions to time")
    out_dir = out_root / driver.GENERATED
    for path, text in driver.planned_files(out_dir, [program]).items():
        driver.write_atomically(path, text)
    for name in [m for m in sys.modules if m == "generated" or m.startswith("generated.")]:
        del sys.modules[name]
    sys.path.insert(0, str(out_root))
    importlib.invalidate_caches()
    module = importlib.import_module(f"{driver.GENERATED}.{program.path.replace('/', '.')}")
    if not Path(module.__file__).resolve().is_relative_to(out_root.resolve()):
        raise RuntimeError(f"imported {module.__file__}, not the module just compiled")
    return program, module


def in_force_days(program: Any) -> tuple[datetime.date, datetime.date] | None:
    """The first and last request dates of a law dated by its request date (`dated by: the
    request's request date`), as many days as Local Law 62 of 2011's period from the start of
    its own (a law in force without end) or up to its end; None for a law dated otherwise or
    not at all."""
    from compiler.core.timeline import fact_path, version_of

    version = version_of(program)
    if version.dated_by is None or fact_path(version.dated_by).rsplit(".", 1)[-1] != \
            "request_date":
        return None
    span = _LAST_DAY - _FIRST_DAY
    first = version.start or (version.end - span if version.end else _FIRST_DAY)
    last = min(version.end, first + span) if version.end else first + span
    return first, last


def twin_path(path: str) -> str:
    """The statute whose twin a law is timed against: its own, or for an amendment stated as
    patches (`nyc/amendments/…`) its restatement's (tests/test_amendments.py holds the two to
    the same outcomes)."""
    prefix = "nyc/amendments/"
    return "nyc/" + path[len(prefix):] if path.startswith(prefix) else path


def real_cases(maker: CaseMaker, module: Any, n: int) -> tuple[list[dict[str, object]], int]:
    """`n` drawn cases that meet the law's assumptions about every real case (`assume …`:
    D.C.'s convictions after the age of seven), and how many were drawn again: a case that
    breaks one is refused by decide() and has no decision to time. Gives up (SystemExit) when
    nearly every draw breaks one."""
    facts: list[dict[str, object]] = []
    redrawn = 0
    while len(facts) < n:
        f = maker.case()
        try:
            module.decide(f, ignore_in_force=True)
        except module.rt.FactsError:
            redrawn += 1
            if redrawn > 20 * n:
                raise SystemExit(f"bench_decision.py: {redrawn} of {redrawn + len(facts)} drawn "
                                 "cases break an assumption of the law") from None
            continue
        facts.append(f)
    return facts, redrawn


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000, help="random cases (default 100000)")
    ap.add_argument("--repeats", type=int, default=7, help="timed runs; the minimum is kept")
    ap.add_argument("--seed", type=int, default=2011, help="seed of the random cases")
    ap.add_argument("--statute", type=Path, default=STATUTE,
                    help="a statute with a hand-written twin (benchmarks/handwritten/)")
    ap.add_argument("--list-size", type=int, default=None,
                    help="every list of the cases holds exactly this many records (0, 3, 30)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="lawc-bench-") as tmp:
        t0 = time.perf_counter()
        from compiler.diagnostics import DiagnosticError

        try:
            program, module = compile_statute(args.statute, Path(tmp))
        except DiagnosticError as exc:  # a statute that is missing or does not compile
            raise SystemExit(f"bench_decision.py: {exc}") from None
        compile_seconds = time.perf_counter() - t0
        sys.path.insert(0, str(HERE))
        from handwritten import DECIDE_TWINS, TWINS

        twin_of = twin_path(program.path)
        if twin_of not in TWINS:
            raise SystemExit(f"bench_decision.py: {program.path} has no hand-written twin "
                             f"(benchmarks/handwritten/__init__.py, TWINS: "
                             f"{', '.join(sorted(TWINS))})")
        twin_module, decision = TWINS[twin_of]
        if twin_of != program.path:
            # the twin reads the restatement's classes: time the restatement, once its
            # decision function is seen to be the amendment's, line for line
            function = module.STATUTE["decisions"][decision]["function"]
            amended = inspect.getsource(getattr(module, function))
            program, module = compile_statute(ROOT / "statutes" / f"{twin_of}.law",
                                              Path(tmp) / "restatement")
            if inspect.getsource(getattr(module, function)) != amended:
                raise SystemExit(f"bench_decision.py: {args.statute} compiles {function}() "
                                 f"otherwise than its restatement {twin_of}, whose twin "
                                 "this would time: no twin of its own")
            print(f"{args.statute}: its {function}() is its restatement's ({twin_of}), line "
                  "for line: timed as the restatement, against the restatement's twin")
        hand_module = importlib.import_module(twin_module)
        hand_decide = (importlib.import_module(DECIDE_TWINS[twin_of]).decide
                       if twin_of in DECIDE_TWINS else None)
        function_name = module.STATUTE["decisions"][decision]["function"]
        # called as an application calls it, on cases of the law's period in force (the
        # generated function tests the request date against it; the twin does not): the
        # keyword `ignore_in_force=True` through `functools.partial` costs about 60 ns a call,
        # more than the whole decision of a small law. Only a law dated by another fact is
        # decided on cases of any date, through the keyword.
        from compiler import driver

        period = driver.period_in_force(program)
        in_period = in_force_days(program) is not None
        dated = period is not None and not in_period
        generated = functools.partial(getattr(module, function_name), ignore_in_force=True) \
            if dated else getattr(module, function_name)
        hand = getattr(hand_module, decision)
        decide = functools.partial(module.decide, ignore_in_force=True) if dated else \
            module.decide
        parse_case = module._parse_case

        n_records = args.records
        maker = CaseMaker(program, args.seed, args.list_size, in_force=in_period)
        facts, redrawn = real_cases(maker, module, args.records)
        cases = [parse_case(f, "") for f in facts]

        # agreement on every record, and decide() against the decision function
        mismatches = []
        outcomes: Counter[str] = Counter()
        for i, (f, case) in enumerate(zip(facts, cases)):
            got, want = generated(case), hand(case)
            value = getattr(got, "value", got)  # an enum member, or a yes/no
            outcomes[str(value)] += 1
            if got != want or decide(f)[decision] != value:
                mismatches.append(i)
            elif hand_decide is not None and hand_decide(f) != decide(f):
                mismatches.append(i)

        # Timed in chunks of CHUNK records: each repeat times every chunk with each function in
        # turn, and the total is the sum of each chunk's best time, so a pause of the process
        # (another program on the machine) spoils one chunk of one repeat, not a whole run.
        # Each function runs over the chunk once untimed first: the records are then in the
        # processor's caches for whichever function is timed (the first of the turn found them
        # cold, and with 30 records a list that was half of a small law's time).
        chunks = [(cases[i:i + CHUNK], facts[i:i + CHUNK]) for i in range(0, n_records, CHUNK)]
        runs = {"generated": generated, "hand": hand, "loop": _nothing, "decide": decide,
                "unchecked": decide}  # decide() with the records' __post_init__ made no-ops
        if hand_decide is not None:
            runs["hand decide"] = hand_decide
        checks = _post_inits(module)
        best_chunk = {k: [float("inf")] * len(chunks) for k in runs}
        gc.collect()
        gc.disable()
        try:
            for _ in range(args.repeats):
                for j, (case_chunk, facts_chunk) in enumerate(chunks):
                    for k, fn in runs.items():
                        items = facts_chunk if k in ("decide", "unchecked", "hand decide") else case_chunk
                        _set_checks(checks, on=k != "unchecked")
                        _time_calls(fn, items)  # untimed: the chunk's records made warm
                        best_chunk[k][j] = min(best_chunk[k][j], _time_calls(fn, items))
        finally:
            gc.enable()
            _set_checks(checks, on=True)
        best = {k: sum(v) for k, v in best_chunk.items()}

    n = args.records
    per = {k: v / n * 1e9 for k, v in best.items()}
    ratio = best["generated"] / best["hand"]
    net = (best["generated"] - best["loop"]) / (best["hand"] - best["loop"])
    print(f"statute: {args.statute.relative_to(ROOT) if args.statute.is_relative_to(ROOT) else args.statute}"
          f" (compiled in {compile_seconds:.3f} s into a temporary generated/)")
    print(f"python {sys.version.split()[0]}; {n} records (seed {args.seed}); "
          f"{args.repeats} repeats, minimum kept")
    if dated:
        print(f"called as {function_name}(case, ignore_in_force=True): in force {period}")
    elif in_period:
        days = f"{maker.first_day} to {maker.last_day}"
        print(f"called as {function_name}(case): in force {period}; requests of {days}")
    else:
        print(f"called as {function_name}(case): the law names no period in force")
    print("outcomes: " + ", ".join(f"{v}: {k}" for k, v in outcomes.most_common()))
    if redrawn:
        print(f"redrawn: {redrawn} drawn cases broke an assumption of the law about every real "
              "case (decide() refuses them) and were drawn again")
    print(f"agreement: {n - len(mismatches)}/{n} records"
          + (f"; FIRST MISMATCHES at {mismatches[:10]}" if mismatches else ""))
    print()
    print(f"  generated {function_name}(case)  {best['generated']:8.4f} s  {per['generated']:8.1f} ns/record")
    print(f"  hand-written {decision}(case) {best['hand']:8.4f} s  {per['hand']:8.1f} ns/record")
    print(f"  empty loop + call       {best['loop']:8.4f} s  {per['loop']:8.1f} ns/record")
    print(f"  decide(facts) (JSON in) {best['decide']:8.4f} s  {per['decide']:8.1f} ns/record")
    checks = per["decide"] - per["unchecked"]
    print(f"  decide() without checks {best['unchecked']:8.4f} s  {per['unchecked']:8.1f} ns/record"
          f"  (the records' __post_init__ type checks: {checks / 1e3:.2f} us,"
          f" {checks / per['decide']:.0%} of decide())")
    if hand_decide is not None:
        print(f"  hand-written decide(facts) {best['hand decide']:8.4f} s  "
              f"{per['hand decide']:8.1f} ns/record")
    print()
    verdict = "within" if ratio <= TARGET_RATIO else "over"
    print(f"ratio generated/hand: {ratio:.3f}  ({verdict} the {TARGET_RATIO} target)")
    print(f"ratio without loop and call, (generated-loop)/(hand-loop): {net:.3f}")
    print(f"ratio decide()/generated {function_name}(): {best['decide'] / best['generated']:.1f}"
          f"  (decide() costs {per['decide'] / 1e3:.2f} us per record)")
    if hand_decide is not None:
        decide_ratio = best["decide"] / best["hand decide"]
        verdict = "within" if decide_ratio <= TARGET_DECIDE_RATIO else "over"
        print(f"ratio decide()/hand-written decide(): {decide_ratio:.2f}"
              f"  ({verdict} the {TARGET_DECIDE_RATIO} target)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
