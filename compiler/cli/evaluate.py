"""`lawc evaluate STATUTE (--facts CASE.json | --csv CASES.csv | --engine E --input F --output G)`:
decide cases.

Takes a statute (a `.law` file, run by the interpreter, or a generated module name, run by its
`decide()`) and one case as JSON or a case per CSV row; gives the decisions as JSON (or, for a
CSV, a JSON or CSV table with counts per outcome). Bad facts are exit 1 with the field named; in
a CSV, the row is named and the other rows are still decided. With `--engine duckdb|spark|python`
a whole population (CSV or Parquet) is decided through the statute's SQL (docs/sql.md) and
written to `--output`, with the count of each outcome.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from compiler import driver
from compiler.cli.common import Reporter, checked_statute, fail, load_json
from compiler.diagnostics import DiagnosticError


def _decider(statute: str) -> driver.Decider:
    workspace = driver.Workspace()
    try:
        decider = driver.evaluate(workspace, statute)
    except DiagnosticError as exc:
        reporter = Reporter("human", {})
        reporter.report_error(workspace, exc)
        reporter.finish()
        sys.exit(1)
    if decider is None:
        raise click.BadParameter(f"no statute file or generated module {statute!r}",
                                 param_hint="STATUTE")
    return decider


@click.command()
@click.argument("statute")
@click.option("--facts", "facts_file", help="A JSON file with the facts of one case (- for stdin).")
@click.option("--csv", "csv_file", help="A CSV file with a case per row; columns are fact paths "
              "(person.date_of_birth), lists as JSON cells or indexed columns.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True, help="Output format for --csv.")
@click.option("--engine", type=click.Choice(["duckdb", "spark", "python"]),
              help="Decide a population from --input into --output with this engine "
              "(default: duckdb for an input of 10 MB or more whose law it compiles, else "
              "python).")
@click.option("--input", "input_file", help="A Parquet or CSV file of cases, decided into "
              "--output.")
@click.option("--output", "output_file", help="With --input: the Parquet or CSV file to write.")
@click.option("--ignore-in-force", is_flag=True,
              help="Decide a case dated outside the law's period in force all the same.")
def evaluate(statute: str, facts_file: str | None, csv_file: str | None, fmt: str,
             engine: str | None, input_file: str | None, output_file: str | None,
             ignore_in_force: bool) -> None:
    """Decide cases under STATUTE (a .law file or a generated module name).

    \b
    Examples:
      lawc evaluate statutes/nyc/local_law_62_2011.law --facts examples/case.json
      lawc evaluate generated.nyc.local_law_62_2011 --csv data/synthetic_detainer_requests.csv
      lawc evaluate statutes/nyc/local_law_62_2011.law --engine duckdb \\
          --input data/synthetic_detainer_requests.csv --output decided.parquet
    """
    if engine is not None or input_file is not None:
        _evaluate_population(statute, engine, input_file, output_file, ignore_in_force)
        return
    if bool(facts_file) == bool(csv_file):
        raise click.UsageError("give exactly one of --facts and --csv")
    law = _decider(statute)
    if facts_file:
        facts = load_json(facts_file)
        try:
            result = law.decide(facts, ignore_in_force=ignore_in_force)
        except driver.NotInForce as exc:
            fail(f"not in force: {exc.message} (--ignore-in-force decides it under this "
                 "version all the same)")
        except driver.CASE_ERRORS as exc:
            fail(f"bad facts: {exc}" if not isinstance(exc, driver.LAW_ERRORS) else str(exc))
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    assert csv_file is not None
    _evaluate_csv(law, csv_file, fmt, ignore_in_force)


def _rows(reader: Iterator[list[str]], failures: list[str]) -> Iterator[list[str]]:
    """The reader's rows, up to a line it cannot read (a cell over the csv module's 131,072
    characters, text that is not UTF-8), which ends the reading as a failure naming the line."""
    try:
        yield from reader
    except UnicodeDecodeError:  # decoded in blocks: the line is not known
        failures.append("not UTF-8 text: the rows from the first byte that is not are not read")
    except csv.Error as exc:
        failures.append(f"line {getattr(reader, 'line_num', 0)} and after, not read: {exc}")


def _evaluate_csv(law: driver.Decider, csv_file: str, fmt: str, ignore_in_force: bool) -> None:
    """Decide each row through the generated module, writing its result as it goes (memory
    stays flat in the number of rows): JSON as `json.dumps(..., indent=2)` of the whole table
    would print it, or CSV; the counts and the failed rows at the end."""
    try:
        handle = sys.stdin if csv_file == "-" else open(csv_file, encoding="utf-8", newline="")
    except OSError as exc:
        raise click.BadParameter(f"cannot read {csv_file}: {exc.strerror}",
                                 param_hint="--csv") from None
    module = law.bulk
    decide, errors = module.decide, law.errors
    failures: list[str] = []
    counts: dict[str, Counter[object]] = {}
    out = sys.stdout
    written = 0
    writer: Any = None
    nested: set[str] | None = None  # the keys of records of outputs, once a row is decided
    with handle:
        reader = csv.reader(handle)
        rows = _rows(reader, failures)
        header = next(rows, None)
        read = law.row_reader(header) if header is not None else None
        width = len(header) if header is not None else 0
        if fmt == "json":
            out.write('{\n  "rows": [')
        number = 1
        for cells in rows:
            if not cells:  # csv.DictReader's rule: a blank line is not a row
                continue
            number += 1
            if len(cells) > width:
                failures.append(f"row {number}: more cells than columns")
                continue
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            assert read is not None
            try:
                result = decide(read(cells), ignore_in_force=ignore_in_force)
            except errors as exc:
                failures.append(f"row {number}: {exc}")
                continue
            if fmt == "json":
                text = json.dumps({"row": number, **result}, indent=2, ensure_ascii=False,
                                  default=str)
                out.write(("\n    " if not written else ",\n    ")
                          + text.replace("\n", "\n    "))
            if nested is None:  # a record of outputs: its outputs are columns of their own
                nested = {key for key, value in result.items() if type(value) is dict}
            if nested:
                result = {key: value for key, value in result.items() if key not in nested}
            if fmt != "json":
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=["row", *result],
                                            lineterminator="\n")
                    writer.writeheader()
                writer.writerow({"row": number, **result})
            written += 1
            for key, value in result.items():
                counter = counts.get(key)
                if counter is None:
                    counter = counts[key] = Counter()
                counter[value] += 1
    summary = {key: dict(sorted(counter.items(), key=lambda item: json.dumps(item[0])))
               for key, counter in counts.items()}
    if fmt == "json":
        rest = json.dumps({"counts": summary, "failures": failures}, indent=2,
                          ensure_ascii=False, default=str)
        out.write(("\n  ],\n" if written else "],\n") + rest[2:] + "\n")
    else:
        if writer is None:
            out.write("row\n")
        for key, values in summary.items():
            shown = ", ".join(f"{v}: {n}" for v, n in values.items())
            click.echo(f"{key}: {shown}", err=True)
    out.flush()
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        click.echo(f"{len(failures)} of {len(failures) + written} rows failed", err=True)
        sys.exit(1)


# an input this large is decided on DuckDB unless --engine says otherwise: below it, starting the
# engine and the bulk reader cost more than the generated module's row-by-row loop
ENGINE_DEFAULT_BYTES = 10_000_000


def _default_engine(program: driver.Program, source: Path) -> str:
    """The engine for `--input` without `--engine`: DuckDB for a large input, when installed
    and when the law has no decision it cannot compile (a form it refuses); the
    generated module's loop otherwise. Says which on stderr."""
    size = source.stat().st_size
    if size < ENGINE_DEFAULT_BYTES:
        return "python"
    if not driver.sql_compiles(program):
        click.echo("engine: python (the law has a form the SQL engines do not compile)",
                   err=True)
        return "python"
    if not driver.has_extra("duckdb"):
        click.echo("engine: python (duckdb is not installed: pip install 'lawc[population]')",
                   err=True)
        return "python"
    click.echo(f"engine: duckdb (the input is {size / 1e6:.0f} MB; --engine python to "
               "choose the loop)", err=True)
    return "duckdb"


def _evaluate_population(statute: str, engine: str | None, input_file: str | None,
                         output_file: str | None, ignore_in_force: bool) -> None:
    if not input_file or not output_file:
        raise click.UsageError("--engine needs --input FILE and --output FILE")
    source, target = Path(input_file), Path(output_file)
    if not source.is_file():
        raise click.BadParameter(f"cannot read {input_file}", param_hint="--input")
    if source.suffix.lower() not in (".csv", ".parquet") or target.suffix.lower() not in (
            ".csv", ".parquet"):
        raise click.UsageError("--input and --output must end in .csv or .parquet")
    if not (statute.endswith(".law") and driver.is_file(Path(statute))):
        raise click.BadParameter(f"no statute file {statute!r} (give the .law file)",
                                 param_hint="STATUTE")
    program = checked_statute(Path(statute))
    if engine is None:
        engine = _default_engine(program, source)
    period = driver.period_in_force(program)
    if period is not None and not ignore_in_force:
        click.echo(f"note: the {engine} engine decides every row under {program.title} whatever "
                   f"its date: the period in force ({period}) is not checked here, as with "
                   "--ignore-in-force (--csv refuses a row dated outside it)", err=True)
    try:
        counts = driver.evaluate_population(program, source, target, engine)
    except driver.MissingExtra as exc:
        extra = "lawc[population,spark]" if engine == "spark" else "lawc[population]"
        fail(f"the {engine} engine needs `pip install '{extra}'` ({exc} is not installed)")
    except driver.PopulationError as exc:
        fail(str(exc))
    except DiagnosticError as exc:  # the engine cannot compile the law (computed values)
        reporter = Reporter("human", {})
        reporter.report_error(driver.Workspace(), exc)
        reporter.finish()
        sys.exit(1)
    if not any(n for values in counts.values() for n in values.values()):
        fail(f"--input {input_file}: no cases in it (a header of fact paths, then a case a "
             "row)")
    click.echo(f"wrote {output_file}", err=True)
    for key, values in counts.items():
        shown = ", ".join(f"{v}: {n}" for v, n in values.items())
        click.echo(f"{key}: {shown}", err=True)
