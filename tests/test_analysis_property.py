"""The analysis agrees with brute force: random small laws over small finite domains.

Each law reads two yes/no facts, a whole number from 0 to 3, a list of values and a list of
claims (each of one of two kinds) of at most 1 or 2 records, and has random rules (one per
provision, some under `all of`/`any of`), exceptions (`notwithstanding`, `except as provided
in`, nested) and maybe a default. Every case of that finite space is run through the reference
interpreter; the analysis, with the same list bound, must report a conflict between exactly the
pairs of rules some case shows deciding differently, a gap exactly when some case has none,
exactly the rules no case lets decide as dead, and exactly the exceptions whose removal changes
no case's outcome as redundant.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import driver
from compiler.analysis.check import analyse
from compiler.core import ast as c
from compiler.core.facts import parse_facts
from compiler.core.semantics import exceptions_closure
from compiler.interpret import Interpreter, LawError
from test_analysis import own_z3_context

VALUES = {"yes/no": ("yes", "no"), "colour": ("red", "green", "blue")}
ATOMS = [
    "the person has a disability", "the person has no disability",
    "the person has a pension", "the person has no pension",
    "the person's age is at least {k}", "the person's age is less than {k}",
    "the person's age is {k}", "the person's age is more than {k}",
    "the person's status is {s}", "the person's status is not {s}",
    "the person's status is one of resident, student",
    "any claim of the person such that its kind is medical",
    "no claim of the person such that its kind is housing",
    "every claim of the person such that its kind is housing",
    "the number of claims of the person is more than {n}",
    "the number of claims of the person such that its kind is medical is at least {n}",
]
HEADER = """law "Random law"
  jurisdiction: Nowhere

a claim has:
  a kind: one of medical, housing

a person has:
  a disability: yes or no
  a pension: yes or no
  an age: a whole number from 0 to 3
  a status: one of resident, visitor, student
  claims: a list of claims

facts:
  the person: a person

"""
CONFLICT = "conflict"
GAP = "gap"


@st.composite
def atoms(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(ATOMS))
    return template.format(k=draw(st.integers(0, 4)),
                           s=draw(st.sampled_from(["resident", "visitor", "student"])),
                           n=draw(st.integers(0, 2)))


@st.composite
def conditions(draw: st.DrawFn) -> list[str]:
    """The lines of a rule's condition, after `if` (one line, or a list of bullets)."""
    shape = draw(st.sampled_from(["one", "one", "all", "any", "none"]))
    if shape == "one":
        return [draw(atoms())]
    items = draw(st.lists(atoms(), min_size=2, max_size=3))
    words = {"all": "all", "any": "any", "none": "none"}[shape]
    return [f"{words} of the following:"] + [f"  - {item}" for item in items]


@st.composite
def laws(draw: st.DrawFn) -> tuple[str, int]:
    kind = draw(st.sampled_from(["yes/no", "colour"]))
    values = VALUES[kind]
    count = draw(st.integers(1, 5))
    lines = [HEADER]
    if kind == "yes/no":
        lines.append("decision the outcome: yes or no")
    else:
        lines.append("decision the outcome: one of red, green, blue")
    if draw(st.booleans()):
        lines.append(f"  by default: {draw(st.sampled_from(values))}")
    lines.append("")
    for k in range(1, count + 1):
        lines.append(f"§ {k}")
        indent = "  "
        # exceptions point from later provisions to earlier ones, so they never form a circle
        before = list(range(1, k))
        after = list(range(k + 1, count + 1))
        form = draw(st.sampled_from(["plain", "plain", "notwithstanding", "except"]))
        if form == "notwithstanding" and before:
            targets = draw(st.lists(st.sampled_from(before), min_size=1, max_size=2, unique=True))
            lines.append(f"  notwithstanding {' and '.join(f'§ {t}' for t in targets)},")
            indent = "    "
        elif form == "except" and after:
            targets = draw(st.lists(st.sampled_from(after), min_size=1, max_size=2, unique=True))
            lines.append(f"  except as provided in {', '.join(f'§ {t}' for t in targets)},")
            indent = "    "
        value = draw(st.sampled_from(values))
        condition = draw(conditions())
        head = f"the outcome is {value}"
        if len(condition) == 1:
            lines.append(f"{indent}{head} if {condition[0]}")
        else:
            lines.append(f"{indent}{head} if {condition[0]}")
            lines += [f"{indent}  {line}" for line in condition[1:]]
        lines.append("")
    return "\n".join(lines), draw(st.integers(1, 2))


def every_case(bound: int) -> list[dict[str, object]]:
    claims: list[list[dict[str, object]]] = []
    for n in range(bound + 1):
        claims += [[{"kind": k} for k in kinds]
                   for kinds in itertools.product(["medical", "housing"], repeat=n)]
    return [{"person": {"disability": d, "pension": p, "age": a, "status": s, "claims": cl}}
            for d in (False, True) for p in (False, True) for a in range(4)
            for s in ("resident", "visitor", "student") for cl in claims]


def outcome(d: c.Decision, applies: list[bool], closure: list[list[int]]) -> object:
    winners = [r for r in d.rules if applies[r.index]
               and not any(applies[x] for x in closure[r.index])]
    values = {r.value.value for r in winners}
    if len(values) > 1:
        return CONFLICT
    if values:
        return values.pop()
    return d.default.value if d.default is not None else GAP


def pruned_closure(d: c.Decision, without: int) -> list[list[int]]:
    rules = tuple(r for r in d.rules if r.index != without)
    direct: dict[int, set[int]] = {r.index: set() for r in d.rules}
    for r in rules:
        for target in r.overrides:
            direct[target].add(r.index)
    out = []
    for r in d.rules:
        seen: set[int] = set()
        stack = list(direct[r.index])
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                stack.extend(direct[x])
        out.append(sorted(seen))
    return out


def brute_force(program: c.Program, bound: int) -> dict[str, object]:
    (d,) = program.decisions.values()
    interpreter = Interpreter(program)
    closure = exceptions_closure(d)
    exceptions = [r.index for r in d.rules if r.overrides]
    without = {i: pruned_closure(d, i) for i in exceptions}
    decides: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    gap = False
    changes: set[int] = set()
    for facts in every_case(bound):
        case = parse_facts(program, facts)
        applies = [bool(interpreter.eval(r.condition, case, {})) for r in d.rules]
        winners = [r for r in d.rules if applies[r.index]
                   and not any(applies[x] for x in closure[r.index])]
        decides.update(r.index for r in winners)
        for a, b in itertools.combinations(winners, 2):
            if a.value.value != b.value.value:
                pairs.add((a.index, b.index))
        here = outcome(d, applies, closure)
        gap = gap or here == GAP
        for i in exceptions:
            masked = [x and k != i for k, x in enumerate(applies)]
            if outcome(d, masked, without[i]) != here:
                changes.add(i)
    dead = {r.index for r in d.rules} - decides
    redundant = {i for i in exceptions if i not in changes and i not in dead}
    return {"dead": dead, "pairs": pairs, "gap": gap, "redundant": redundant}


def verdicts(program: c.Program, bound: int) -> dict[str, object]:
    (d,) = program.decisions.values()
    by_line = {r.span.line: r.index for r in d.rules}
    analysis = analyse(program, list_bound=bound)
    out: dict[str, object] = {"dead": set(), "pairs": set(), "gap": False, "redundant": set()}
    for diag in analysis.diagnostics:
        if diag.code == "dead-rule":
            out["dead"].add(by_line[diag.span.line])  # type: ignore[attr-defined]
        elif diag.code == "redundant-exception":
            out["redundant"].add(by_line[diag.span.line])  # type: ignore[attr-defined]
        elif diag.code == "conflict":
            a = by_line[diag.span.line]
            b = by_line[diag.labels[0].span.line]
            out["pairs"].add((min(a, b), max(a, b)))  # type: ignore[attr-defined]
        elif diag.code == "gap":
            out["gap"] = True
    assert "could not be decided" not in analysis.summary
    return out


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(law=laws())
def test_analysis_agrees_with_brute_force(law: tuple[str, int]) -> None:
    text, bound = law
    with own_z3_context(), tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "statutes"
        root.mkdir()
        (root / "random.law").write_text(text, encoding="utf-8")
        try:
            program = driver.load_program(driver.Workspace(), root / "random.law")
        except Exception as exc:  # the generator writes only valid laws
            raise AssertionError(f"{exc}\n{text}") from exc
        try:
            expected = brute_force(program, bound)
        except LawError as exc:  # no arithmetic: nothing can fail to evaluate
            raise AssertionError(exc) from exc
        assert verdicts(program, bound) == expected, text
