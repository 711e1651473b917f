"""The one solver of a diff (`analysis/shared_solver.py`): each view answers as a solver of its
own would, whatever the other views hold; a popped scope or a closed view constrains nothing
after; unsat cores never name a guard; a solver made again after the retired limit keeps the
formulas of the views still open; a space without constraints gives fresh solvers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import z3

from compiler.analysis import shared_solver
from compiler.analysis.shared_solver import FreshView, SharedSolver, View
from compiler.analysis.smt import LawEncoding
from compiler.analysis.space import FactSpace
from tests.conftest import load

LAW = Path(__file__).resolve().parents[1] / "statutes" / "nyc" / "local_law_62_2011.law"


@pytest.fixture
def shared() -> SharedSolver:
    program = load(LAW)
    space = FactSpace([program])
    LawEncoding(program, space).outcome("hold")  # the law's variables and their constraints
    assert any(space.constraint_lists())
    return SharedSolver(space, 10000)


def _bools(shared: SharedSolver, *names: str) -> list[z3.BoolRef]:
    return [z3.Bool(n, shared.space.ctx) for n in names]


def test_views_do_not_see_each_other(shared: SharedSolver) -> None:
    a, b = _bools(shared, "a", "b")
    one, two = shared.view(), shared.view()
    assert isinstance(one, View)
    one.add(a, z3.Not(b))
    two.add(b)
    assert two.check() == z3.sat
    assert one.check() == z3.sat  # the model read is that of the last question asked
    assert z3.is_false(one.model().eval(b, model_completion=True))
    assert one.check(b) == z3.unsat
    assert [str(x) for x in one.unsat_core()] == ["b"]  # the view's own guard is not named


def test_pop_and_close_take_formulas_back(shared: SharedSolver) -> None:
    (a,) = _bools(shared, "a")
    view = shared.view()
    view.push()
    view.add(z3.Not(a))
    assert view.check(a) == z3.unsat
    view.pop()
    assert view.check(a) == z3.sat
    view.add(z3.Not(a))
    view.close()
    other = shared.view()
    assert other.check(a) == z3.sat


def test_made_again_keeps_open_views(shared: SharedSolver,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_solver, "RETIRED_LIMIT", 2)
    a, b = _bools(shared, "a", "b")
    kept = shared.view()
    kept.add(a)
    kept.push()
    kept.add(b)
    first = shared.solver
    for _ in range(2):
        shared.view().close()
    shared.view()  # past the limit: a new solver, the open views asserted in it again
    assert shared.solver is not first
    assert kept.check(z3.Not(b)) == z3.unsat and kept.check(z3.Not(a)) == z3.unsat
    kept.pop()
    assert kept.check(z3.Not(b)) == z3.sat


def test_a_space_without_constraints_gives_fresh_solvers(compile_law: Any) -> None:
    program, _ = compile_law('law "Lights"\n  jurisdiction: Test\n  summary: a small law\n\nfacts:\n'
                     '  a red light: yes or no\n\ndecision the verdict: one of pass, fail\n'
                     '  by default: pass\n\n§ 1 "Red"\n  the verdict is fail if there is a red '
                     'light\n')
    space = FactSpace([program])
    LawEncoding(program, space).outcome("verdict")
    view = SharedSolver(space, 1000).view()
    assert isinstance(view, FreshView)
    (a,) = [z3.Bool("a", space.ctx)]
    view.add(a)
    assert view.check(z3.Not(a)) == z3.unsat
