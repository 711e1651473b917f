"""Reported figures checked against a population: `lawc test --population FILE`.

Takes a checked `Program` (its `reported` figures, from the law or its companion examples) and a
CSV of cases (`compiler.population.read_population`); gives one `FigureCheck` per figure: how
many of the population's cases dated in the figure's period the law decides as the figure says,
the published count and total, and whether the two shares are within the stated tolerance
(percentage points). A case the law cannot decide (bad facts, an assumption broken, a conflict)
is counted apart and fails the check: a population that matches a figure must be one the law
can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import parse_facts, to_json
from compiler.interpret import Interpreter, LawError
from compiler.population import read_population
from compiler.runtime import FactsError


@dataclass(frozen=True)
class FigureCheck:
    """One reported figure against the population."""

    figure: c.Reported
    population: str
    cases: int  # the population's cases dated in the period
    matching: int  # of those, decided as the figure says
    undecided: tuple[str, ...]  # "row N: why" for each case the law could not decide

    @property
    def share(self) -> Decimal:
        return Decimal(self.matching) / Decimal(self.cases) if self.cases else Decimal(0)

    @property
    def published(self) -> Decimal:
        return Decimal(self.figure.count) / Decimal(self.figure.total)

    @property
    def passed(self) -> bool:
        gap = abs(self.share - self.published) * 100
        return self.cases > 0 and not self.undecided and gap <= self.figure.tolerance

    def words(self) -> str:
        f = self.figure
        value = to_json(f.value.value)
        head = (f'"{f.title}" ({f.source}): the {f.decision} is {value} for {f.count} of '
                f"{f.total} ({self.published * 100:.1f}%)")
        got = (f"{self.population} gives {self.matching} of {self.cases} cases dated "
               f"{f.start.isoformat()} to {f.end.isoformat()} ({self.share * 100:.1f}%)")
        verdict = ("within" if self.passed else "NOT within") + f" {f.tolerance} percentage points"
        extra = f"; {len(self.undecided)} cases could not be decided, first {self.undecided[0]}" \
            if self.undecided else ""
        return f"{head}; {got}: {verdict}{extra}"


def check_reported(program: c.Program, population: Path, shown: str | None = None
                   ) -> list[FigureCheck]:
    """Each reported figure of the law against the population's cases (`PopulationError` for a
    file that cannot be read)."""
    if not program.reported:
        return []
    rows = read_population(population, program)
    interpreter = Interpreter(program)
    out: list[FigureCheck] = []
    for figure in program.reported:
        key = names.key(figure.decision)
        want = to_json(figure.value.value)
        cases = matching = 0
        undecided: list[str] = []
        for number, facts in rows:
            try:
                case = parse_facts(program, facts)
                day = interpreter.eval(figure.date, case, {})
                if not figure.start <= day <= figure.end:  # type: ignore[operator]
                    continue
                cases += 1
                # the figure's period is the source's, which may start before the law did
                matching += interpreter.decide(facts, ignore_in_force=True)[key] == want
            except (FactsError, LawError, KeyError) as exc:
                why = f"the law does not read {exc}" if isinstance(exc, KeyError) else str(exc)
                undecided.append(f"row {number}: {why}")
        out.append(FigureCheck(figure, shown or str(population), cases, matching,
                               tuple(undecided)))
    return out
