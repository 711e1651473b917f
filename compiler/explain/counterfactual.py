"""Counterfactuals: the smallest changes to a case's facts that would change a decision.

Takes a `Program`, a decision and the facts of one case; gives, for each other value the
decision can take, up to a few `Counterfactual`s: sets of changed facts (as few as possible, and
dates and numbers as close to the given ones as possible), the changed case, the provision that
would decide it, and a sentence ("the hold would be may be honored if conviction 1's judgment
date were 2009-06-02 or later instead of 2008-01-01").

How: the law is encoded over the case's facts (`compiler.analysis.smt`); every fact the decision
reads gets a "changed" indicator; subject to "the decision has the other value", one solver
finds first the fewest changed facts (at most 1, then 2, …: cardinality constraints, and of
those answers one that adds or removes no list record), then the least distance of the changed
dates (in days) and numbers from their given values (a bound on it halved until it is tight).
Plain checks: z3's Optimize, which did both before, took seconds where they take tens of
milliseconds. A list's length counts as one fact: a record may be added at
its end (its facts are then free) or removed from its end; the facts of an added record are
then made easy to read (Optimize's soft constraints). Each answer is blocked (that set of
changes and any set holding it) before the next is sought. The decisions of one explanation
share one search (`find_all`: the law and the case encoded and asserted once), and a goal the
solver proves the same as one answered before, given the law and the case (a figure's value
from 2016-08-01 and another figure's of that day), takes its answers without a search. Every
answer is checked by deciding the changed case with the interpreter and with the generated
module; one that does not check is an internal error (`CounterfactualError`). "or later"/"or
earlier" is said only when the solver proves that moving that one date or number further the
same way keeps the new outcome.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

import z3

from compiler import runtime_explain as rt
from compiler.analysis.smt import LawEncoding
from compiler.analysis.space import FactSpace, SymDate
from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import Record, parse_facts, read_fields, to_json
from compiler.explain.nearest import Descent, Guide, steppable
from compiler.explain.pins import Leaf, Pins, get_at, set_at
from compiler.explain.plan import how_of
from compiler.interpret import Interpreter

if TYPE_CHECKING:
    from compiler.explain.build import Explainer
    from compiler.explain.goals import Goal

PER_OUTCOME = 2
TIMEOUT_MS = 15000


class CounterfactualError(Exception):
    """A counterfactual that does not change the outcome when the changed case is decided."""


@dataclass(frozen=True)
class Change:
    path: str
    name: str
    before: str
    after: str
    direction: str = ""  # "or later", "or earlier", "or more", "or less" when proved
    said: str = ""  # how the change reads, where the default wording would be clumsy

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "name": self.name, "from": self.before, "to": self.after,
                "direction": self.direction}

    def words(self) -> str:
        if self.said:
            return self.said
        after = f"{self.after} {self.direction}" if self.direction else self.after
        return f"{self.name} were {after} instead of {self.before}"


@dataclass(frozen=True)
class Counterfactual:
    decision: str
    outcome: str
    changes: tuple[Change, ...]
    facts: dict[str, object]
    decided_by: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"decision": self.decision, "outcome": self.outcome,
                "changes": [ch.to_dict() for ch in self.changes],
                "decided_by": list(self.decided_by), "text": self.text, "facts": self.facts,
                "verified": True}


@dataclass
class Answered:
    """A goal's formula and the models of its answers (up to `most`)."""

    target: Any
    models: list[Any]
    most: int
    kind: object = None


@dataclass
class Session:
    """One case's search: the law encoded over its facts, the goals' formulas, the pins, the
    solver holding the law and the case (`base`), and the goals answered so far."""

    facts: dict[str, object]
    case: Record
    space: FactSpace
    enc: LawEncoding
    pins: Pins
    base: list[Any]
    solver: z3.Solver
    goals: list[Goal]  # held, so that the identities `targets` is keyed by stay theirs
    targets: dict[int, Any]
    answered: list[Answered] = field(default_factory=list)
    # "or later" of a changed fact of a model, by the model's identity (the model held)
    directions: dict[tuple[int, str], tuple[Any, str]] = field(default_factory=dict)
    _side: z3.Solver | None = None  # the law and the case alone, for the "or later" proofs

    def side(self, timeout_ms: int) -> z3.Solver:
        """A second solver holding the law and the case (`base`), made on first use."""
        if self._side is None:
            self._side = z3.Solver(ctx=self.space.ctx)
            self._side.set("timeout", timeout_ms)
            self._side.add(*self.base)
        return self._side

    def answers_of(self, target: Any, most: int, kind: object) -> list[Any] | None:
        """The models of a goal answered before that the solver proves the same as `target`
        given the law and the case (its answers are then this goal's), or None. Only a goal
        whose answers meet `target` is asked about, those of the same kind first, and only
        if it was asked for as many answers or had fewer."""
        for done in sorted(self.answered, key=lambda done: done.kind != kind):
            if not done.models or (done.most < most and len(done.models) == done.most):
                continue  # a goal no change meets is proved so again in one check
            if not all(z3.is_true(m.eval(target, model_completion=True)) for m in done.models):
                continue
            self.solver.push()
            try:
                self.solver.add(z3.Xor(target, done.target))
                same = self.solver.check() == z3.unsat
            finally:
                self.solver.pop()
            if same:
                return done.models[:most]
        return None


@dataclass
class Search:
    """What a search found, and how long it took."""

    counterfactuals: list[Counterfactual] = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""


def _typed_words(value: object, t: c.Type) -> str:
    if isinstance(value, c.Duration) and isinstance(t, c.DurationT):
        return rt.words(value.amount // c.UNITS[t.unit][1], how_of(t))
    if isinstance(value, tuple):
        return rt.words(len(value), how_of(t))
    return rt.words(value, how_of(t))


def _json_words(value: object, t: c.Type) -> str:
    if value is None:  # a fact given `, if known`, not known
        return rt.words(None)
    if isinstance(t, c.MoneyT):
        return rt.words(Decimal(str(value)), "money")
    return rt.words(value, how_of(t))


def load_generated(program: c.Program) -> ModuleType:
    """The program's generated module, compiled and run in memory (`driver.module_in_memory`:
    no file written, `sys.modules` and `sys.path` untouched)."""
    from compiler import driver

    try:
        return driver.module_in_memory(program)
    except AssertionError as exc:
        raise CounterfactualError(str(exc)) from None


class Finder:
    """Finds counterfactuals for the cases of one program (the generated module is compiled
    once, in memory, to check every answer)."""

    def __init__(self, program: c.Program, per_outcome: int = PER_OUTCOME,
                 timeout_ms: int = TIMEOUT_MS) -> None:
        self.program = program
        self.per_outcome = per_outcome
        self.timeout_ms = timeout_ms
        self.interpreter = Interpreter(program)
        self.guide = Guide(program)  # guides the nearest values; never an answer's check
        self.read = read_fields(program)
        self.module = load_generated(program)
        self._explainer: Explainer | None = None  # made for the first answer, kept

    def close(self) -> None:
        """Nothing to release (the module lives in memory); kept for `with Finder(…)`."""

    def __enter__(self) -> Finder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def values(self, decision: str) -> list[object]:
        d = self.program.decisions[decision]
        if isinstance(d.type, c.EnumT):
            return list(self.program.enums[d.type.name].values)
        return [True, False]

    def find(self, decision: str, facts: dict[str, object]) -> Search:
        """For a yes/no or a list of values, each other value; for a decision that computes
        its value (an amount, a date), each rule that does not decide the case deciding it
        (another tier: `compiler.explain.goals`)."""
        return self.find_all([decision], facts)[decision]

    def find_all(self, decisions: list[str], facts: dict[str, object]) -> dict[str, Search]:
        """`find` for each decision, in one search: the law and the case are encoded and
        asserted once, and a goal the solver proves the same as one already answered (a
        figure's dated value and the table that chooses it) takes that goal's answers."""
        wanted = {d: self._goals(d, facts) for d in decisions}
        session = self._session(facts, [g for goals, _ in wanted.values() for g in goals])
        return {d: self._search(session, d, goals, per_goal)
                for d, (goals, per_goal) in wanted.items()}

    def _goals(self, decision: str, facts: dict[str, object]) -> tuple[list[Goal], int | None]:
        """The goals of `find` for one decision, and how many answers each."""
        from compiler.explain import goals

        if not isinstance(self.program.decisions[decision].type, c.BoolT | c.EnumT):
            # one answer per rule (a figure has a rule per dated value): the nearest
            return goals.other_rules(self, decision, facts), 1
        current = self.interpreter.evaluate(decision, parse_facts(self.program, facts))
        return [goals.value_goal(self, decision, v) for v in self.values(decision)
                if v != current], None

    def search(self, decision: str, facts: dict[str, object], wanted: list[Goal],
               per_goal: int | None = None) -> Search:
        """Up to `per_goal` (else `per_outcome`) smallest changes of facts for each goal
        (`goals.Goal`: a formula over the law's encoding, and a check of the changed case)."""
        return self._search(self._session(facts, wanted), decision, wanted, per_goal)

    def _session(self, facts: dict[str, object], wanted: list[Goal]) -> Session:
        """The law encoded over the case's facts, every goal's formula, the pins and one
        solver holding the law and the case."""
        case = parse_facts(self.program, facts)
        bound = max(1, _longest_list(case) + 1)
        space = FactSpace([self.program], list_bound=bound)
        enc = LawEncoding(self.program, space)
        targets = {id(goal): goal.target(enc) for goal in wanted}  # before the pins: side terms
        space.assume_declared()  # before the pins, so the facts assumptions read are pinned too
        pins = Pins(enc, case)
        base = space.assumptions() + pins.constraints
        solver = z3.Solver(ctx=space.ctx)
        solver.set("timeout", self.timeout_ms)
        solver.add(*base)
        return Session(facts, case, space, enc, pins, base, solver, list(wanted), targets)

    def _search(self, session: Session, decision: str, wanted: list[Goal],
                per_goal: int | None) -> Search:
        start = time.perf_counter()
        search = Search()
        s = session
        most = per_goal or self.per_outcome
        for goal in wanted:
            target = s.targets[id(goal)]
            models = s.answers_of(target, most, goal.kind)
            if models is None:
                models = self._answers(s, goal, target, most, search)
            for model in models:
                search.counterfactuals.append(self._build(decision, goal, s, model, target))
        if not search.counterfactuals and not search.note:
            search.note = (f"no change to the facts this law reads gives the {decision} "
                           "another value" if not wanted or wanted[0].value is not None else
                           f"no change to the facts this law reads makes {wanted[0].label}")
        search.seconds = time.perf_counter() - start
        return search

    def _answers(self, s: Session, goal: Goal, target: Any, most: int, search: Search
                 ) -> list[Any]:
        """Up to `most` models of the goal, each changing as few facts as can be and those
        as little, kept in the session for a goal the same as this one."""
        indicators = s.pins.indicators()
        lists = [x.changed for x in s.pins.lists]
        solver = s.solver
        models: list[Any] = []
        complete = True
        solver.push()
        solver.add(target)
        fewest = 1  # an answer changes at least one fact, and no fewer than the last one
        for _ in range(most):
            result, model, fewest = _fewest_changes(solver, indicators, lists, fewest)
            if result == z3.unknown:
                search.note = "the solver gave up on some outcomes (time limit)"
                complete = False
                break
            if result != z3.sat:
                break
            changed = [x for x in indicators if z3.is_true(model.eval(x, model_completion=True))]
            if not changed:
                raise CounterfactualError("the solver changed no fact, yet the outcome differs")
            models.append(self._closest(solver, model, s.pins, s.base, target, changed,
                                        Descent(solver, s.pins, self.read, s.facts,
                                                goal.holds)))
            solver.add(z3.Not(z3.And(*changed)))  # that set of changes and any holding it
        solver.pop()
        if complete:
            s.answered.append(Answered(target, models, most, goal.kind))
        return models

    def _closest(self, solver: z3.Solver, model: Any, pins: Pins, base: list[Any],
                 target: Any, changed: list[Any], descent: Descent) -> Any:
        """With only the facts of `changed` free (and each of them changed), the values nearest
        the given ones; then facts of new list records that are easy to read."""
        chosen = {id(x) for x in changed}
        free = [leaf for leaf in pins.leaves if id(leaf.changed) in chosen
                and leaf.distance is not None]
        lists = any(id(x.changed) in chosen for x in pins.lists)
        if free and not lists:
            return self._nearest(solver, model, pins, changed, free, descent)
        opt = z3.Optimize(ctx=pins.space.ctx)
        opt.set("timeout", self.timeout_ms)
        keep = [z3.Not(x) for x in pins.indicators() if id(x) not in chosen]
        opt.add(*base, target, *keep, *changed)
        if free:
            distances: list[Any] = [leaf.distance for leaf in free]
            opt.minimize(z3.Sum(*[z3.If(d >= 0, d, -d) for d in distances]))
        if lists:
            for formula, weight in pins.space.soft:
                opt.add_soft(formula, weight)
        elif not free:
            return model
        if opt.check() == z3.sat:
            return opt.model()
        return model

    def _nearest(self, solver: z3.Solver, model: Any, pins: Pins, changed: list[Any],
                 free: list[Leaf], descent: Descent) -> Any:
        """The model whose changed dates and numbers are nearest the given ones (the least sum
        of their distances). Dates, moments and whole numbers are stepped toward the case's
        values by the interpreter and the result proved least in one check
        (`compiler.explain.nearest`); otherwise, or where that fails, by halving a bound on
        that sum in the search's own solver (the law, the case's pins, the goal): every
        distance is a whole number of days, minutes or units, or of cents for money and
        decimals, so the least sum is found in about log2(distance) plain checks. An
        optimisation of the sum (z3's Optimize) took up to seconds an answer where these
        checks take tens of milliseconds."""
        scale = 100 if any(isinstance(leaf.type, c.DecimalT | c.MoneyT) for leaf in free) else 1
        distances: list[Any] = [leaf.distance for leaf in free]
        cost = z3.Sum(*[z3.If(d >= 0, d, -d) for d in distances]) * scale

        def value(m: Any) -> int:
            v = m.eval(cost, model_completion=True)
            return v.as_long() if z3.is_int_value(v) else int(v.as_fraction())

        chosen = {id(x) for x in changed}
        solver.push()
        solver.add(*changed, *[z3.Not(x) for x in pins.indicators() if id(x) not in chosen])
        if steppable(free):
            stepped = descent.nearest(model, free, cost, value)
            if stepped is not None:
                solver.pop()
                return stepped
        low, high = 0, value(model)  # no sum of changed distances is 0; the model's will do
        while high - low > 1:
            middle = (low + high) // 2
            solver.push()
            solver.add(cost <= middle)
            result = solver.check()
            if result == z3.sat:
                model = solver.model()
                high = value(model)
            solver.pop()
            if result == z3.unsat:
                low = middle
            elif result != z3.sat:
                break  # the time limit: the nearest found so far
        solver.pop()
        return model

    # --------------------------------------------------------------------------- answers
    def _build(self, decision: str, goal: Any, session: Session, model: Any, target: Any
               ) -> Counterfactual:
        facts, pins, space = session.facts, session.pins, session.space

        def on(x: Any) -> bool:
            return bool(z3.is_true(model.eval(x, model_completion=True)))

        new = copy.deepcopy(facts)
        changes: list[Change] = []
        lengths: dict[str, int] = {}
        for lst in pins.lists:
            n = model.eval(lst.sym.length, model_completion=True).as_long()
            lengths[lst.path] = n
        for leaf in pins.leaves:
            if not on(leaf.changed) or not _kept(leaf.path, lengths):
                continue
            after = pins.value_in(model, leaf, self.read)
            set_at(new, leaf.path, after)
            # a model serves only goals the solver proved the same: its directions are theirs
            key = (id(model), leaf.path)
            if key not in session.directions:
                session.directions[key] = (model, self._direction(leaf, model, session,
                                                                  target))
            direction = session.directions[key][1]
            changes.append(Change(leaf.path, leaf.name, _typed_words(leaf.before, leaf.type),
                                  _json_words(after, leaf.type), direction,
                                  _known_words(leaf, after) or _yes_no_words(leaf, after)))
        for lst in pins.lists:
            if not on(lst.changed) or not _kept(lst.path, lengths):
                continue
            n = lengths[lst.path]
            items = get_at(new, lst.path)
            assert isinstance(items, list)
            del items[n:]
            how = f"list:{lst.element}"
            for i in range(lst.before, n):
                items.append(space._record_facts(model, lst.sym.items[i], self.read))
            changes.append(Change(lst.path, lst.name, rt.words(lst.before, how),
                                  rt.words(n, how)))
            for i in range(lst.before, n):
                for key, v in items[i].items():
                    t = _field_type(self.program, lst.element, key)
                    if t is None or isinstance(t, (c.ListT, c.RecordT)):
                        continue
                    changes.append(Change(f"{lst.path}[{i}].{key}", rt.field_words(
                        rt.item_words(lst.element, i), _law_name(self.program, lst.element, key)),
                        "(new)", _json_words(v, t)))
        outcome_words = goal.verify(new)
        from compiler.explain.build import Explainer

        if self._explainer is None:
            self._explainer = Explainer(self.program)
        explanation = self._explainer.explain(decision, new)
        decided_by = tuple(r.info.citation for r in explanation.deciding)
        said = " and ".join(ch.words() for ch in changes if ch.before != "(new)")
        added = [ch for ch in changes if ch.before == "(new)"]
        if added:
            said += " (with " + ", ".join(f"{ch.name} {ch.after}" for ch in added) + ")"
        by = (f"decided by {', '.join(decided_by)}" if decided_by else "by default")
        text = f"If {said}, the {decision} would be {outcome_words} ({by}){goal.so}."
        return Counterfactual(decision, outcome_words, tuple(changes), new, decided_by, text)

    def _direction(self, leaf: Leaf, model: Any, session: Session, target: Any) -> str:
        """"or later" when every date after the new one (the other facts as changed) keeps the
        goal (the new outcome), proved by the solver; likewise earlier, more, less."""
        if leaf.distance is None or leaf.before is None:  # a fact become known: no way to go
            return ""
        evaluated = model.eval(leaf.distance, model_completion=True)
        moved = evaluated.as_long() if z3.is_int_value(evaluated) else evaluated.as_fraction()
        if moved == 0:
            return ""
        later = moved > 0
        pins = session.pins
        others = [x.sym for x in pins.leaves if x is not leaf]
        fixed: list[Any] = []
        for sym in others:
            if isinstance(sym, SymDate):
                fixed += [part == model.eval(part, model_completion=True) for part in sym.key()]
            else:
                fixed.append(sym == model.eval(sym, model_completion=True))
        for lst in pins.lists:
            fixed.append(lst.sym.length == model.eval(lst.sym.length, model_completion=True))
        new_value = model.eval(leaf.distance, model_completion=True)
        further = leaf.distance > new_value if later else leaf.distance < new_value
        side = session.side(self.timeout_ms)  # the law asserted once a search
        side.push()
        try:
            side.add(*fixed, further, z3.Not(target))
            if side.check() != z3.unsat:
                return ""
        finally:
            side.pop()
        if isinstance(leaf.type, c.DateT | c.DateTimeT):
            return "or later" if later else "or earlier"
        return "or more" if later else "or less"

    def _verify(self, decision: str, value: object, new: dict[str, object]) -> None:
        key = names.key(decision)
        want = to_json(value)
        # a changed case is decided under this version, whatever its date (the law in force)
        by_interpreter = self.interpreter.decide_one(decision, new, ignore_in_force=True)
        by_module = self.module.decide(new, ignore_in_force=True)[key]
        if by_interpreter != want or by_module != want:
            raise CounterfactualError(
                f"a counterfactual for the {decision} should give {want!r}, but the interpreter "
                f"gives {by_interpreter!r} and the generated module {by_module!r}: {new}")


def _fewest_changes(solver: z3.Solver, indicators: list[Any], lists: list[Any], least: int
                    ) -> tuple[Any, Any, int]:
    """A model of `solver` with as few indicators true as can be, and that number: asked for
    at most `least` changed facts, then one more, and so on (each a plain satisfiability
    check with a cardinality constraint, which z3 answers far faster than an optimisation of
    the count); (unsat, None, least) when no number of changes will do. Of the answers with
    that number of changes, one that leaves every list's length as it is comes first: a fact
    changed reads more simply than a record added or removed."""
    result = solver.check()  # first whether any change will do: most often not, proved once
    if result != z3.sat:
        return result, None, least
    model = solver.model()
    most = sum(z3.is_true(model.eval(x, model_completion=True)) for x in indicators)
    for k in range(least, most + 1):
        solver.push()
        solver.add(z3.AtMost(*indicators, k))
        found = model if k == most else None
        if found is None:
            result = solver.check()
            found = solver.model() if result == z3.sat else None
        if found is not None and any(z3.is_true(found.eval(x, model_completion=True))
                                     for x in lists):
            solver.add(*[z3.Not(x) for x in lists])
            if solver.check() == z3.sat:
                found = solver.model()
        solver.pop()
        if found is not None:
            return z3.sat, found, k
        if result != z3.unsat:
            return result, None, k
    return z3.sat, model, most


def _known_words(leaf: Leaf, after: object) -> str:
    """`the release time were known (for instance 2015-06-12T17:00)`, `… were not known`: a
    fact given `, if known` that becomes known (any value the solver found will do) or not."""
    if leaf.known is None or (leaf.before is None) == (after is None):
        return ""
    if after is None:
        return f"{leaf.name} were not known"
    return f"{leaf.name} were known (for instance {_json_words(after, leaf.type)})"


def _yes_no_words(leaf: Leaf, after: object) -> str:
    """`the person had an outstanding criminal warrant`, `there had been no written …`."""
    if not isinstance(leaf.type, c.BoolT) or after is None or leaf.before is None:
        return ""  # not a yes/no, or one given `, if known` that is or becomes unknown
    name = leaf.path.rsplit(".", 1)[-1].replace("_", " ")
    law_name = leaf.name[len("the "):] if leaf.name.startswith("the ") and "'s " not in \
        leaf.name else leaf.name.rsplit("'s ", 1)[-1]
    if "'s " not in leaf.name and leaf.name.startswith("the "):
        return f"there had been {'a' if after else 'no'} {law_name}" if name else ""
    owner = leaf.name.rsplit("'s ", 1)[0]
    article = "an" if law_name[:1].lower() in "aeiou" else "a"
    return f"{owner} had {article if after else 'no'} {law_name}"


def _longest_list(value: object) -> int:
    if isinstance(value, dict):
        return max([_longest_list(v) for v in value.values()], default=0)
    if isinstance(value, (list, tuple)):
        return max([len(value)] + [_longest_list(v) for v in value])
    return 0


def _kept(path: str, lengths: dict[str, int]) -> bool:
    """Whether a fact inside a list item survives the list's new length."""
    for list_path, n in lengths.items():
        prefix = list_path + "["
        if path.startswith(prefix):
            index = int(path[len(prefix):].split("]", 1)[0])
            if index >= n:
                return False
    return True


def _field_type(program: c.Program, record: str, key: str) -> c.Type | None:
    for name, decl in program.records[record].fields.items():
        if names.key(name) == key:
            return decl.type
    return None


def _law_name(program: c.Program, record: str, key: str) -> str:
    for name in program.records[record].fields:
        if names.key(name) == key:
            return name
    return key


def find(program: c.Program, decision: str, facts: dict[str, object]) -> Search:
    with Finder(program) as finder:
        return finder.find(decision, facts)

