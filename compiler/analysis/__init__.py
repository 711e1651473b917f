"""The analysis: exact reasoning about laws with the SMT solver (z3).

Takes checked `Program`s (the core IR); gives typed results, never text for people:

- `space.py`: the fact space, one z3 variable per fact in a `z3.Context` of its own, and models
  read back as JSON-like facts; `smt.py`: a law's rules, outcomes and exceptions as formulas;
- `check.py`: conflicts, gaps, dead rules, redundant exceptions, unused definitions (each with
  a witness re-run through the interpreter), within a time limit (`lawc check`);
- `regions.py`, `shares.py`, `diff.py`, `diff_result.py`, `diff_structure.py`: the exact diff
  of two versions (regions of cases whose outcome changes as cubes of the laws' atoms, their
  shares of all cases, exact or sampled, and witnesses, the provisions whose words changed) as
  frozen dataclasses with one JSON serialisation; `shared_solver.py`: the one z3 solver every
  question of a diff is asked of, each asker a guarded view of it; `draws.py`: the seeded
  sample's draws; `diff_shared.py`: what a report's diffs share (each version's interpreter, a
  small population's rows and labels); `diff_case.py`: one case under both versions;
- `comparisons.py`: what a report compares (a manifest or the statutes' headers);
- `witness.py`: a witness written as the `given` lines of an example.

Rendering is `compiler.reports`' job; nothing here imports click or Jinja2.
"""
