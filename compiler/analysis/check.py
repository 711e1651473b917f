"""Exact analysis of one law: conflicts, gaps, dead rules, redundant exceptions, unused names.

Takes a `Program`; gives diagnostics, each problem with a witness (the facts of a concrete case,
in the language's words and as JSON) where one exists, and a one-line summary for a clean law.
Every witness is run through the reference interpreter before it is reported; one that does not
reproduce the problem raises `WitnessError` (an internal error: the translation is wrong).
Claims of absence ("no conflict") hold for lists of at most `list_bound` records, and say so.
Each query's own budget is counted in z3's resource units (`rlimit`), not in seconds, so what
is decided does not depend on how busy the machine is: `timeout_ms` is turned into
`RLIMIT_PER_MS` units a millisecond, about the work z3 does in that time on an idle machine here.
The whole analysis of a law is bounded by `time_limit` seconds of wall-clock time: each query's
z3 timeout is what is left of it, no query is asked once it is spent, and every check left
undecided (by a query's budget or by the limit) is named in an `undecided` warning on its
decision.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import z3

from compiler.analysis.smt import LawEncoding
from compiler.analysis.table_check import overlaps, same_unique_table
from compiler.analysis.space import DATE_MAX, DATE_MIN, DEFAULT_LIST_BOUND, FactSpace
from compiler.analysis.witness import given_lines
from compiler.core import ast as c
from compiler.surface.ast import FileKind
from compiler.diagnostics import Diagnostic, Label, error, warning
from compiler.interpret import Interpreter, LawConflict, LawError, LawGap
from compiler.core.facts import parse_facts, read_fields, used_definitions
from compiler.core.ast import ROOT
from compiler.runtime_explain import words as value_words


def counts_excluding(program: c.Program) -> bool:
    """Whether the law counts time excluding days (`A plus 48 hours excluding …`) anywhere."""
    exprs = [e for d in program.decisions.values() for e in c.decision_exprs(d)]
    exprs += [d.body for d in program.definitions.values() if d.body is not None]
    return any(isinstance(n, c.Arith) and n.op is c.ArithOp.ADD_EXCLUDING
               for e in exprs for n in c.walk(e))


class WitnessError(AssertionError):
    """A witness the solver found does not reproduce the problem: a bug in lawc."""


@dataclass(frozen=True)
class Analysis:
    diagnostics: tuple[Diagnostic, ...]
    summary: str



def as_stood(program: c.Program, diags: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Each diagnostic `in § …` naming the provision as it stood, where the law says
    (`in § 9-131(b), as amended by Local Law 58 of 2014, in force from 2014-12-14`)."""
    stood = {p.citation: p.stood for p in program.provisions if p.stood}
    out = []
    for d in diags:
        cited = d.context[len("in "):] if d.context and d.context.startswith("in ") else None
        if cited is not None and cited in stood:
            d = dataclasses.replace(d, context=f"{d.context}, {stood[cited]}")
        out.append(d)
    return tuple(out)


def _conflict_hint(a: c.Rule, b: c.Rule) -> str:
    """How to settle a conflict: across provisions, an exception by citation; within one
    provision (which cannot cite itself), one rule, or a condition narrowed."""
    if a.citation == b.citation:
        return (f"both rules are in {a.citation}: merge them into one rule, or narrow one "
                f"condition with `unless …` (an exception by citation names another "
                f"provision)")
    return (f"make one an exception to the other: \"notwithstanding {a.citation},\" before "
            f"the rule in {b.citation}, or narrow a condition")


def witness_notes(program: c.Program, facts: dict[str, object]) -> tuple[str, ...]:
    lines = given_lines(program, facts, depth=1)
    return ("a case that shows it:\ngiven:\n" + "\n".join(lines),
            "as JSON: " + json.dumps(facts, ensure_ascii=False, sort_keys=True))


def _bound_words(program: c.Program, bound: int, dates: bool = False) -> str:
    """The bounds a claim of absence depends on: the list bound, if the law has lists, and with
    `dates` the range of dates searched, if the law reads dates."""
    fields = list(program.facts.fields.values()) + [f for r in program.records.values()
                                                     for f in r.fields.values()]
    parts = []
    if any(isinstance(f.type, c.ListT) for f in fields):
        parts.append(f"lists of up to {bound} records")
    if dates and any(isinstance(f.type, c.DateT) for f in fields):
        parts.append(f"dates from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}")
    return f" ({', '.join(parts)})" if parts else ""


DEFAULT_TIME_LIMIT = 60.0  # seconds for the whole analysis of one law
# z3 resource units a millisecond of a query's budget stands for. The heaviest query of a
# shipped law (Local Law 59 of 2014) takes about 2.1 million units, 0.4 s on this machine
# under load; 2,000 ms give 20 million.
RLIMIT_PER_MS = 10_000


class Analyser:
    def __init__(self, program: c.Program, list_bound: int = DEFAULT_LIST_BOUND,
                 timeout_ms: int = 2000, time_limit: float = DEFAULT_TIME_LIMIT) -> None:
        self.program = program
        self.bound = list_bound
        self.space = FactSpace([program], list_bound)
        self.law = LawEncoding(program, self.space)
        self.interpreter = Interpreter(program)
        self.solver = z3.Solver(ctx=self.space.ctx)
        self.synced: tuple[int, ...] = (0, 0, 0)
        self.timeout_ms = timeout_ms
        self.deadline = time.monotonic() + time_limit
        self.undecided = 0
        self.approximate = counts_excluding(program)
        self.asking = ""  # the check the next queries decide, in words
        self.not_decided: list[str] = []  # the checks of this decision left undecided

    def _left_ms(self) -> int:
        """What is left of the time limit, in milliseconds (0 or less: no query is asked)."""
        return int((self.deadline - time.monotonic()) * 1000)

    def _undecided(self) -> None:
        self.undecided += 1
        if self.asking and self.asking not in self.not_decided:
            self.not_decided.append(self.asking)

    def _sync(self) -> None:
        """Add the domain constraints of variables created since the last check."""
        lists = self.space.constraint_lists()
        for i, constraints in enumerate(lists):
            self.solver.add(*constraints[self.synced[i]:])
        self.synced = tuple(len(x) for x in lists)

    @contextmanager
    def _asked(self, budget: int, formulas: tuple[Any, ...]) -> Iterator[Any]:
        """The solver's answer for the formulas within `budget` ms worth of z3's work (a count,
        the same however busy the machine is) and what is left of the time limit, its model
        readable inside the block; the formulas are taken back after it."""
        self._sync()
        self.solver.push()
        try:
            self.solver.set("rlimit", budget * RLIMIT_PER_MS)
            self.solver.set("timeout", max(1, self._left_ms()))
            self.solver.add(*formulas)
            yield self.solver.check()
        finally:
            self.solver.pop()

    def check(self, *formulas: Any, timeout_ms: int | None = None, count: bool = True) -> Any:
        """sat, unsat or unknown (a timeout: then nothing is claimed, and with `count` the
        summary says how many checks could not be decided)."""
        if self._left_ms() <= 0:
            if count:
                self._undecided()
            return z3.unknown
        with self._asked(timeout_ms or self.timeout_ms, formulas) as result:
            if result == z3.unknown and count:
                self._undecided()
            return result

    def model(self, *formulas: Any) -> z3.ModelRef | None:
        """A readable model of the formulas, or None if there is none (or none was found)."""
        if self._left_ms() <= 0:
            self._undecided()
            return None
        with self._asked(self.timeout_ms, formulas) as result:
            if result != z3.sat:
                if result == z3.unknown:
                    self._undecided()
                return None
            plain = self.solver.model()
        readable = min(4000, self._left_ms())  # a wall-clock timeout, cut to the time limit
        return (readable > 0 and self.space.readable_model(formulas, readable)) or plain

    def facts(self, model: z3.ModelRef) -> dict[str, object]:
        return self.space.facts(model, [self.program])

    def begin(self) -> None:
        """New variables and a new solver for the next decision: each decision is analysed
        with the constraints of its own facts only (with one solver for the whole law, every
        query carried the constraints of every decision before it, and a law of 1,000
        provisions took minutes)."""
        self.space = self.space.fresh()
        self.law = LawEncoding(self.program, self.space)
        self.solver = z3.Solver(ctx=self.space.ctx)
        self.synced = (0, 0, 0)
        self.not_decided = []

    def run(self) -> Analysis:
        diags: list[Diagnostic] = []
        dead_count = 0
        for decision in self.program.decisions.values():
            self.begin()
            # build every term first: creating variables adds their domain constraints
            for rule in decision.rules:
                self.law.applies(decision.name, rule.index)
            dead: set[int] = set()
            for rule in decision.rules:
                self.asking = f"whether {rule.citation} can apply and decide"
                problem = self.dead(decision, rule)
                if problem is not None:
                    diags.append(problem)
                    dead.add(rule.index)
            dead_count += len(dead)
            self.asking = f'whether the rules of "{decision.name}" can conflict'
            diags.extend(overlaps(self, decision, dead))
            diags.extend(self.conflicts(decision, dead))
            self.asking = f'whether "{decision.name}" has a gap'
            gap = self.gap(decision)
            if gap is not None:
                diags.append(gap)
            for rule in decision.rules:
                if rule.overrides and rule.index not in dead:
                    self.asking = f"whether the exception in {rule.citation} is redundant"
                    redundant = self.redundant(decision, rule)
                    if redundant is not None:
                        diags.append(redundant)
            if self.not_decided:
                diags.append(self.undecided_warning(decision))
        diags.extend(self.unused())
        return Analysis(as_stood(self.program, diags), self.summary(diags, dead_count))

    def undecided_warning(self, decision: c.Decision) -> Diagnostic:
        n = len(self.not_decided)
        spent = time.monotonic() >= self.deadline
        return warning("undecided", f'{n} check{"s" if n != 1 else ""} of "{decision.name}" '
                       f"could not be decided "
                       f"{'within the time limit' if spent else 'in time'}: nothing is claimed "
                       "about them", decision.span, notes=tuple(self.not_decided),
                       hint="give lawc check a longer --time-limit" if spent else
                       "nonlinear arithmetic? simplify the condition, or bound its facts")

    def summary(self, diags: list[Diagnostic], dead: int) -> str:
        n = len(self.program.decisions)
        problems = [d for d in diags if d.code in ("conflict", "gap", "table-overlap")]
        conflicts = sum(1 for d in problems if d.code == "conflict")
        overlaps = sum(1 for d in problems if d.code == "table-overlap")
        gaps = len(problems) - conflicts - overlaps
        state = "complete and consistent" if not problems else " and ".join(
            [f"{conflicts} conflict{'s' if conflicts != 1 else ''}"] * bool(conflicts)
            + [f"{overlaps} overlap{'s' if overlaps != 1 else ''} of table rows"] * bool(overlaps)
            + [f"{gaps} gap{'s' if gaps != 1 else ''}"] * bool(gaps))
        if self.undecided and not problems:
            why = ("within the time limit" if time.monotonic() >= self.deadline else
                   "in time (nonlinear arithmetic?)")
            state = (f"no conflict or gap found, but {self.undecided} check"
                     f"{'s' if self.undecided != 1 else ''} could not be decided {why}")
        provisions = len(self.program.provisions)
        dead_words = "none dead" if dead == 0 else f"{dead} dead rule{'s' if dead != 1 else ''}"
        return (f"{self.program.path}: {n} decision{'s' if n != 1 else ''}: {state}; "
                f"{provisions} provision{'s' if provisions != 1 else ''}, {dead_words}"
                f"{_bound_words(self.program, self.bound)}")

    # ------------------------------------------------------------------------------ checks
    def dead(self, decision: c.Decision, rule: c.Rule) -> Diagnostic | None:
        context = f"in {rule.citation}"
        applies = self.law.applies(decision.name, rule.index)
        if self.check(applies) == z3.unsat:
            return warning("dead-rule", f"this rule can never apply: no case within the "
                           f"declared types meets its condition"
                           f"{_bound_words(self.program, self.bound, dates=True)}",
                           rule.span, context=context,
                           hint="check the condition for a contradiction or an impossible bound")
        if self.check(self.law.decides(decision.name, rule.index)) == z3.unsat:
            closure = self.law.closure(decision.name)[rule.index]
            by = ", ".join(sorted({decision.rules[i].citation for i in closure}))
            return warning("dead-rule", f"this rule never decides: whenever it applies, an "
                           f"exception to it applies too ({by})"
                           f"{_bound_words(self.program, self.bound, dates=True)}", rule.span,
                           context=context)
        return None

    def conflicts(self, decision: c.Decision, dead: set[int]) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        values = {c.value_key(r.value) for r in decision.rules if r.index not in dead}
        if len(values) < 2:
            return out
        # one query for the whole decision first: a consistent decision needs no pair queries
        if self.check(self.law.conflict(decision.name), count=False) == z3.unsat:
            return out
        rules = [r for r in decision.rules if r.index not in dead]
        for i, a in enumerate(rules):
            for b in rules[i + 1:]:
                if c.value_key(a.value) == c.value_key(b.value) or same_unique_table(a, b):
                    continue
                model = self.model(self.law.decides(decision.name, a.index),
                                   self.law.decides(decision.name, b.index),
                                   self.law.evaluable(decision.name,
                                                      self.law.differ(a.value, b.value)))
                if model is None:
                    continue
                facts = self.facts(model)
                if not self.verify(decision.name, facts, LawConflict):
                    continue
                out.append(error(
                    "conflict", f'{a.citation} and {b.citation} can both apply and give different '
                    f'values for "{decision.name}" ({self.gives(a, facts)} and '
                    f"{self.gives(b, facts)})", a.span, context=f"in {a.citation}",
                    labels=[Label(b.span, f"gives {self.gives(b, facts)}")],
                    notes=witness_notes(self.program, facts),
                    hint=_conflict_hint(a, b)))
        return out

    def gap(self, decision: c.Decision) -> Diagnostic | None:
        if decision.default is not None or decision.optional:  # `, if known`: not known
            return None
        model = self.model(self.law.gap(decision.name))
        if model is None:
            return None
        facts = self.facts(model)
        if not self.verify(decision.name, facts, LawGap):
            return None
        return error("gap", f'a case where no rule decides "{decision.name}" and there is no '
                     "default", decision.span, notes=witness_notes(self.program, facts),
                     hint="add \"by default: …\" to the decision, or a rule for this case")

    def redundant(self, decision: c.Decision, rule: c.Rule) -> Diagnostic | None:
        # not only where the exception applies: without it, the exceptions that override it
        # no longer reach (through it) the rules it overrides
        differs = self.law.outcome(decision.name) != self.law.outcome(decision.name,
                                                                        without=rule.index)
        if self.check(differs) != z3.unsat:
            return None
        return warning("redundant-exception", "this exception never changes the outcome: the "
                       "law decides every case the same without it"
                       f"{_bound_words(self.program, self.bound, dates=True)}", rule.span,
                       context=f"in {rule.citation}",
                       hint="remove it, or check that it gives the value you meant")

    def unused(self) -> list[Diagnostic]:
        used = used_definitions(self.program)
        out = self.unused_facts()
        for key, d in self.program.definitions.items():
            if key in used or d.span.file != self.program.file:
                continue
            out.append(warning("unused", f'no decision reads "{d.name}"', d.span,
                               context=f"in {d.citation}" if d.citation else None,
                               hint="remove it, or use it in a rule"))
        return out

    def unused_facts(self) -> list[Diagnostic]:
        """Facts and record fields declared in this law's own file that no decision reads (a
        shared vocabulary declares facts for many laws: those are not reported)."""
        read = read_fields(self.program)
        out = []
        records = [(ROOT, self.program.facts)] + list(self.program.records.items())
        for record, decl in records:
            for name, f in decl.fields.items():
                if f.span.file != self.program.file or name in read.get(record, set()):
                    continue
                owner = "" if record == ROOT else f" of a {record}"
                out.append(warning("unused", f'no decision reads the fact "{name}"{owner}',
                                   f.span, hint="remove it, or use it in a rule"))
        return out

    def gives(self, rule: c.Rule, facts: dict[str, object]) -> str:
        """The value a rule gives, in words: written out, or computed for the witness
        (`$750, computed`)."""
        if isinstance(rule.value, c.Lit):
            return value_words(rule.value.value)
        case = parse_facts(self.program, facts)
        return f"{value_words(self.interpreter.eval(rule.value, case, {}))} as computed"

    # ---------------------------------------------------------------------------- verify
    def verify(self, decision: str, facts: dict[str, object], expected: type[LawError]) -> bool:
        """Whether the witness shows the problem. In a law that counts time excluding days,
        whose encoding over-approximates the count (`LawEncoding.excluding`), one that does
        not is left out and the check counted undecided; elsewhere it is a `WitnessError`."""
        case = parse_facts(self.program, facts)
        try:
            self.interpreter.evaluate(decision, case)
        except expected:
            return True
        except LawError as exc:
            raise WitnessError(f"witness for {expected.__name__} raised {exc!r}") from None
        if self.approximate:
            self._undecided()
            return False
        raise WitnessError(f"witness for {expected.__name__} in {decision!r} does not "
                           f"reproduce: {facts}")


def analyse(program: c.Program, list_bound: int = DEFAULT_LIST_BOUND,
            timeout_ms: int = 2000, time_limit: float = DEFAULT_TIME_LIMIT) -> Analysis:
    """Every check of this module on one law, in at most about `time_limit` seconds."""
    if program.kind is not FileKind.LAW:
        return Analysis((), f"{program.path}: a vocabulary")
    return Analyser(program, list_bound, timeout_ms, time_limit).run()
