"""A law that reads another law's definitions and decisions (`reads:` in the header,
compiler/driver/reads.py): the header round trips and `lawc fmt` keeps it; the read names
resolve, decide and explain with the other law's citation; the solver finds conflicts and gaps
across the boundary; the generated module is one module on its own and agrees with the
interpreter; and the penalty laws that read statutes/us/penalty_table_date.law decide as they
did when each wrote the rule out. The errors (unknown law, a path out of the folder, a
vocabulary, a cycle, a clash, a name neither law declares) are in tests/errors/reads_*.law."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from pathlib import Path

import pytest

from compiler import driver
from compiler.diagnostics import DiagnosticError
from compiler.interpret import Interpreter
from compiler.surface import print as surface_print
from compiler.surface.parse import parse

ROOT = Path(__file__).resolve().parents[1]

TIERS = """law "Tiers Act"
  jurisdiction: Nowhere
  citation: Tiers Act of 2020

facts:
  the applicant age: a whole number from 0 to 130

decision the tier: one of low, high
  by default: low

§ 3 "High tier"
  > An applicant over 64 is in the high tier.
  the senior cutoff means 64
  the tier is high if the applicant age is more than the senior cutoff

example "not read by the laws that read this one"
  given:
    the applicant age is 70
  expect:
    the tier is high
"""

FEES = """law "Fees Act"
  jurisdiction: Nowhere
  reads: tiers
  summary: a fee by the tier of the Tiers Act

decision the fee: money

§ 1 "Fees"
  > The fee is $10 in the low tier and $5 in the high tier.
  the fee is $10 if the tier is low
  the fee is $5 if the tier is high and the applicant age is at least the senior cutoff
"""


def _laws(tmp_path: Path, **files: str) -> Path:
    root = tmp_path / "statutes"
    root.mkdir()
    for name, text in files.items():
        (root / f"{name}.law").write_text(text, encoding="utf-8")
    return root


def _load(root: Path, name: str) -> driver.Program:
    return driver.load_program(driver.Workspace(root), root / f"{name}.law")


def test_the_header_prints_back_and_fmt_keeps_it() -> None:
    tree = parse(FEES, "fees.law")
    assert tree.header.get("reads") == "tiers"
    printed = surface_print.file(tree)
    assert "  reads: tiers\n" in printed
    assert parse(printed, "fees.law") == tree
    assert driver.canonical(FEES, "fees.law") == FEES


def test_a_law_decides_with_what_it_reads(tmp_path: Path) -> None:
    program = _load(_laws(tmp_path, tiers=TIERS, fees=FEES), "fees")
    assert list(program.decisions) == ["fee", "tier"]  # its own first, then what it reads
    assert "the senior cutoff" in program.definitions
    assert program.examples == ()  # the other law's examples are its own
    decide = Interpreter(program).decide
    assert decide({"applicant_age": 30}) == {"fee": "10", "tier": "low"}
    assert decide({"applicant_age": 70}) == {"fee": "5", "tier": "high"}


def test_an_explanation_names_the_other_law(tmp_path: Path) -> None:
    program = _load(_laws(tmp_path, tiers=TIERS, fees=FEES), "fees")
    (data,) = driver.explain(program, {"applicant_age": 70}, ["tier"])
    rules = data["decided_by"]
    assert isinstance(rules, list) and rules[0]["stood"] == "of Tiers Act"
    text = driver.module_in_memory(program).explain_tier({"applicant_age": 70}).text()
    assert 'Decided by § 3 "High tier" (of Tiers Act)' in text
    assert "> An applicant over 64 is in the high tier." in text


def test_the_generated_module_stands_alone_and_agrees(tmp_path: Path) -> None:
    program = _load(_laws(tmp_path, tiers=TIERS, fees=FEES), "fees")
    text = driver.compile_module(program)
    assert "tiers" not in [line.split()[1] for line in text.splitlines()
                           if line.startswith(("import ", "from "))]
    module = driver.module_in_memory(program)
    assert module.STATUTE["reads"] == ["tiers"]
    interpreter = Interpreter(program)
    for age in range(0, 131):
        facts = {"applicant_age": age}
        assert module.decide(facts) == interpreter.decide(facts), age


def test_the_solver_sees_across_the_boundary(tmp_path: Path) -> None:
    """The fee's second rule needs the other law's cutoff: with a cutoff of 64 a tier-high
    applicant is over it, complete; a reader that leaves the high tier out has a gap whose
    witness is over 64, and one that gives a second fee to the over-60s a conflict."""
    root = _laws(tmp_path, tiers=TIERS, fees=FEES)
    assert not [d for d in driver.analyse(_load(root, "fees"), 3).diagnostics
                if d.code in ("gap", "conflict")]
    (root / "gap.law").write_text(FEES.replace('"Fees Act"', '"Gap Act"').replace(
        "\n  the fee is $5 if the tier is high and the applicant age is at least the senior "
        "cutoff", ""), encoding="utf-8")
    (gap,) = [d for d in driver.analyse(_load(root, "gap"), 3).diagnostics if d.code == "gap"]
    assert "applicant age" in gap.message or any("applicant" in n for n in gap.notes)
    (root / "conflict.law").write_text(FEES.replace('"Fees Act"', '"Conflict Act"').replace(
        "cutoff\n", "cutoff\n  the fee is $7 if the applicant age is more than 60\n"),
        encoding="utf-8")
    codes = {d.code for d in driver.analyse(_load(root, "conflict"), 3).diagnostics}
    assert "conflict" in codes


def test_each_law_is_read_once_through_two_paths(tmp_path: Path) -> None:
    both = (FEES.replace('"Fees Act"', '"Both Act"').replace("reads: tiers", "reads: tiers, fees")
            .replace("the fee", "the total").replace("§ 1", "§ 2"))
    program = _load(_laws(tmp_path, tiers=TIERS, fees=FEES, both=both), "both")
    assert list(program.decisions) == ["total", "tier", "fee"]  # the deepest first


def test_a_clash_between_two_laws_read_is_at_the_reads_line(tmp_path: Path) -> None:
    other = TIERS.replace('"Tiers Act"', '"Other Tiers Act"').replace("§ 3", "§ 4")
    reader = FEES.replace("reads: tiers", "reads: tiers, other")
    root = _laws(tmp_path, tiers=TIERS, other=other, fees=reader)
    with pytest.raises(DiagnosticError) as caught:
        _load(root, "fees")
    found = {(d.code, d.span.line) for d in caught.value.diagnostics}
    assert found == {("name-clash", 3)}
    assert any("declared by both tiers and other" in d.message for d in caught.value.diagnostics)


def _dates() -> list[datetime.date]:
    days = ["2008-03-26", "2015-11-02", "2015-11-03", "2016-07-31", "2016-08-01", "2024-06-29"]
    return [datetime.date.fromisoformat(d) for d in days]


@pytest.mark.parametrize("law,count", [("penalties_1324a", "unauthorized_alien_count"),
                                       ("penalties_1324a_e5", "individual_count"),
                                       ("penalties_1324d", "day_count")])
def test_the_penalty_laws_read_one_table_date(law: str, count: str) -> None:
    """Each penalty law reads the table date of statutes/us/penalty_table_date.law; its
    module, compiled alone, decides as the interpreter does and as the table-date law does."""
    program = driver.load_program(driver.Workspace(), ROOT / f"statutes/us/{law}.law")
    table = driver.load_program(driver.Workspace(),
                                ROOT / "statutes/us/penalty_table_date.law")
    assert program.header["reads"] == "us/penalty_table_date"
    module = driver.module_in_memory(program)
    interpreter, shared = Interpreter(program), Interpreter(table)
    for violation, assessment in itertools.product(_dates(), _dates()):
        if assessment < violation:
            continue
        dates = {"violation_date": violation.isoformat(),
                 "assessment_date": assessment.isoformat()}
        facts = {**dates, count: 3, "prior_order_count": 1}
        if law != "penalties_1324a":
            del facts["prior_order_count"]
        if law != "penalties_1324d":  # (e)(4), (e)(5): DHS's or DOJ's days (I-US-40, -41)
            facts["assessing_department"] = "DOJ"
        got = module.decide(facts)
        assert got == interpreter.decide(facts)
        assert got["table_date"] == shared.decide(dates)["table_date"]


def test_the_sql_holds_what_the_law_reads(tmp_path: Path) -> None:
    """The reader's query (DuckDB) decides the decisions it reads, inlined, as the
    interpreter does."""
    pytest.importorskip("duckdb")
    from compiler.engines.engines import run_duckdb, run_python
    from compiler.engines.tables import facts_table

    program = _load(_laws(tmp_path, tiers=TIERS, fees=FEES), "fees")
    table = facts_table(program, [{"applicant_age": age} for age in (0, 64, 65, 130)])

    def outcomes(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(r["_row"], r["tier"], Decimal(str(r["fee"])), r["facts_error"])
                for r in sorted(rows, key=lambda r: str(r["_row"]).zfill(9))]

    got = outcomes(run_duckdb(program, table).to_pylist())
    assert got == outcomes(run_python(program, table).to_pylist())
    assert [(tier, fee) for _, tier, fee, _ in got] == [
        ("low", Decimal(10)), ("low", Decimal(10)), ("high", Decimal(5)), ("high", Decimal(5))]


def test_coverage_counts_the_laws_own_provisions(tmp_path: Path) -> None:
    """The rules read are covered by the other law's examples, not the reader's: § 3 of the
    Tiers Act is neither covered nor uncovered in the Fees Act, and no condition of it is."""
    reader = FEES + '''
example "a young applicant"
  given:
    the applicant age is 30
  expect:
    the fee is $10
'''
    program = _load(_laws(tmp_path, tiers=TIERS, fees=reader), "fees")
    coverage = driver.law_coverage(program, driver.run_examples(program))
    assert (coverage.covered, coverage.uncovered) == (("§ 1",), ())
    assert {b.citation for b in coverage.branches} == {"§ 1"}
    assert [p.read_from for p in program.provisions] == [None, "tiers"]


def test_diff_since_compares_the_laws_that_read_a_changed_law(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the Tiers Act changes (the cutoff from 64 to 60): `lawc diff --since` compares the
    Fees Act, which reads it, too, and finds the fees of 61- to 64-year-olds changed."""
    import subprocess

    from click.testing import CliRunner

    from compiler.cli import main

    repo = tmp_path / "repo"
    root = repo / "statutes"
    root.mkdir(parents=True)
    (root / "tiers.law").write_text(TIERS, encoding="utf-8")
    (root / "fees.law").write_text(FEES, encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "v1"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=repo, check=True, capture_output=True)
    (root / "tiers.law").write_text(TIERS.replace("means 64", "means 60"), encoding="utf-8")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["diff", "--since", "HEAD", "--samples", "30", "-q"])
    assert result.exit_code == 0, result.output
    compared = [line for line in result.output.splitlines() if line.startswith("lawc diff: ")]
    assert [line.split(" → ")[-1] for line in compared[1:]] == ["Tiers Act", "Fees Act"]


def test_a_vocabulary_beside_the_law_read_is_found_from_the_reader(tmp_path: Path) -> None:
    """The Tiers Act in `state/` uses `ages`, a vocabulary beside it; the Fees Act in `city/`
    reads `state/tiers` and so uses `state/ages`, found from the Tiers Act's folder."""
    root = tmp_path / "statutes"
    (root / "state").mkdir(parents=True)
    (root / "city").mkdir()
    (root / "state" / "ages.law").write_text(
        'vocabulary "Ages"\n\nfacts:\n  the applicant age: a whole number from 0 to 130\n',
        encoding="utf-8")
    (root / "state" / "tiers.law").write_text(TIERS.replace(
        "  citation: Tiers Act of 2020\n", "  citation: Tiers Act of 2020\n  uses: ages\n").replace(
        "facts:\n  the applicant age: a whole number from 0 to 130\n\n", ""), encoding="utf-8")
    (root / "city" / "fees.law").write_text(FEES.replace("reads: tiers", "reads: state/tiers"),
                                            encoding="utf-8")
    program = driver.load_program(driver.Workspace(root), root / "city" / "fees.law")
    assert program.uses == ("state/ages",)
    assert Interpreter(program).decide({"applicant_age": 70}) == {"fee": "5", "tier": "high"}
