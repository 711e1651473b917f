"""Local Law 22 of 2013's hold decision as an OpenFisca model, for the population benchmark.

Takes a table of detainer requests in the Parquet layout of `docs/sql.md` (as
`benchmarks/generate_population.py` writes it); gives, per case, whether the hold "may be
honored" (else "must be declined"), computed by OpenFisca's vectorised engine. The model is
written as an OpenFisca user would write it: one person entity, `record` (each conviction and
each pending charge is a record, and each case has one record of its own so that no case is
empty), one group entity, `case`, and a variable per condition of the law, each formula a
numpy expression over the whole population, lists reached through `case.any` over the
members. The rule is `statutes/nyc/local_law_22_2013.law` § 9-131(b) with its definitions
(and the vocabulary's "counted" and "crime"): `tests/test_openfisca_model.py` holds it to the
generated module, case by case. It checks no facts: the generator's rows are all good.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

CLASSES = ["felony", "misdemeanor", "violation", "infraction"]
FELONY, MISDEMEANOR = 0, 1
SELF, CONVICTION, CHARGE = 0, 1, 2
EXCLUDED = ["230.00", "240.37"]  # the covered crime exclusions, § 9-131(a)(3)
PERIOD = "2013"  # every variable is ETERNITY: any period names the one value

Record = build_entity(key="record", plural="records", label="A conviction, a pending charge, or "
                      "the case's own record", is_person=True)
Case = build_entity(key="case", plural="cases", label="A detainer request",
                    roles=[{"key": "member", "plural": "members", "label": "Member"}])


def _input(name: str, entity: Any, kind: type, formula: Any = None) -> type[Variable]:
    """A variable (a class, as OpenFisca models declare them); with `formula`, computed."""
    body = {"value_type": kind, "entity": entity, "definition_period": DateUnit.ETERNITY,
            "label": name}
    if formula is not None:
        body["formula"] = formula
    return type(name, (Variable,), body)


def _years_before(days: np.ndarray, years: int) -> np.ndarray:
    """Dates moved back by whole years; 29 February to the 28th (as `rt.add_months`)."""
    month = days.astype("datetime64[M]")
    day_index = (days - month.astype("datetime64[D]")).astype(np.int64)
    year = month.astype("datetime64[Y]")
    moved = (year - np.timedelta64(years, "Y")).astype("datetime64[M]") + (
        month - year.astype("datetime64[M]")).astype(np.int64)
    length = ((moved + 1).astype("datetime64[D]") - moved.astype("datetime64[D]")).astype(
        np.int64)
    return moved.astype("datetime64[D]") + np.minimum(day_index, length - 1)


def variables() -> list[type[Variable]]:
    inputs = [_input(n, Record, int) for n in ("kind", "offence_class")] + [
        _input(n, Record, bool) for n in ("in_new_york", "youthful_offender")] + [
        _input("penal_law_section", Record, str), _input("judgment_date", Record,
                                                         datetime.date)] + [
        _input(n, Case, bool) for n in ("department_of_correction", "warrant", "gang_database",
                                        "terrorist_match", "prior_removal")] + [
        _input(n, Case, datetime.date) for n in ("request_date", "arrest_date")]

    def excluded(record: Any, period: Any) -> Any:
        return record("in_new_york", period) & np.isin(record("penal_law_section", period),
                                                       EXCLUDED)

    def crime(record: Any, period: Any) -> Any:  # common/detainers: "a crime"
        return (record("kind", period) == CONVICTION) & (record("offence_class", period) <= 1)

    def counted(record: Any, period: Any) -> Any:  # common/detainers: "counted"
        return ((record("kind", period) == CONVICTION) & ~record("youthful_offender", period)
                & (record("judgment_date", period) <= record.case("request_date", period)))

    def covered_judgment(record: Any, period: Any) -> Any:  # (a)(2), (a)(3)
        return (crime(record, period) & ~record("excluded_section", period)
                & (record("judgment_date", period) <= record.case("request_date", period)))

    def felony_history(case: Any, period: Any) -> Any:  # (a)(2)(ii)
        members = case.members
        return case.any(members("counted", period)
                        & (members("offence_class", period) == FELONY))

    def recent_misdemeanour(record: Any, period: Any) -> Any:  # (a)(2)(ii)
        look_back = _years_before(record.case("arrest_date", period), 10)
        return ((record("offence_class", period) == MISDEMEANOR)
                & (record("judgment_date", period) >= look_back))

    def covered_conviction(record: Any, period: Any) -> Any:  # (a)(2), (i), (ii)
        offence = record("offence_class", period)
        return (record("covered_judgment", period) & ~record("youthful_offender", period)
                & ((offence == FELONY) | record("recent_misdemeanour", period)
                   | record.case("felony_history", period)))

    def covered_charge(record: Any, period: Any) -> Any:  # (a)(3)
        return ((record("kind", period) == CHARGE) & (record("offence_class", period) <= 1)
                & ~record("excluded_section", period))

    def may_be_honored(case: Any, period: Any) -> Any:  # (b)
        members = case.members
        return (~case("department_of_correction", period)
                | case.any(members("covered_conviction", period))
                | case.any(members("covered_charge", period))
                | case("warrant", period) | case("gang_database", period)
                | case("terrorist_match", period) | case("prior_removal", period))

    formulas = [("excluded_section", Record, excluded), ("counted", Record, counted),
                ("covered_judgment", Record, covered_judgment),
                ("felony_history", Case, felony_history),
                ("recent_misdemeanour", Record, recent_misdemeanour),
                ("covered_conviction", Record, covered_conviction),
                ("covered_charge", Record, covered_charge),
                ("may_be_honored", Case, may_be_honored)]
    return inputs + [_input(n, e, bool, f) for n, e, f in formulas]


def system() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Record, Case])
    tbs.add_variables(*variables())
    return tbs


def _days(a: Any) -> np.ndarray:
    return pc.cast(pc.fill_null(pc.cast(a, pa.int32()), 0), pa.int32()).to_numpy(
        zero_copy_only=False).astype("datetime64[D]")


def _flags(a: Any) -> np.ndarray:
    return pc.fill_null(a, False).to_numpy(zero_copy_only=False)


def may_be_honored(table: pa.Table, tbs: TaxBenefitSystem | None = None,
                   phases: dict[str, list[float]] | None = None) -> np.ndarray:
    """For each case of `table`, whether Local Law 22 of 2013 lets the hold be honored;
    `phases` gets the seconds of loading (the system, the entities and the inputs as arrays)
    and of the simulation itself (`calculate`)."""
    started = time.perf_counter()
    tbs = tbs if tbs is not None else system()
    n = table.num_rows
    person, request = table.column("person").combine_chunks(), \
        table.column("request").combine_chunks()
    lists = [pc.struct_field(person, "convictions"), pc.struct_field(person, "pending_charges")]
    flats = [pc.list_flatten(x) for x in lists]
    owners = [pc.list_parent_indices(x).to_numpy() for x in lists]
    sizes = [len(f) for f in flats]
    total = n + sum(sizes)
    kind = np.concatenate([np.full(n, SELF), np.full(sizes[0], CONVICTION),
                           np.full(sizes[1], CHARGE)])
    classes = pa.array(CLASSES)

    def per_record(values: list[np.ndarray], filler: Any) -> np.ndarray:
        return np.concatenate([np.full(n, filler, dtype=values[0].dtype)] + values)

    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("record", np.arange(total))
    cases = builder.declare_entity("case", np.arange(n))
    builder.join_with_persons(cases, np.concatenate([np.arange(n)] + owners),
                              np.zeros(total, dtype=np.int64))
    sim = builder.build(tbs)
    sim.set_input("kind", PERIOD, kind)
    sim.set_input("offence_class", PERIOD, per_record([pc.fill_null(pc.index_in(
        pc.struct_field(f, "class"), classes), -1).to_numpy(zero_copy_only=False)
        for f in flats], -1))
    sim.set_input("in_new_york", PERIOD, per_record([_flags(pc.equal(pc.struct_field(
        f, "jurisdiction"), "New York")) for f in flats], False))
    sim.set_input("penal_law_section", PERIOD, per_record([pc.struct_field(
        f, "penal_law_section").to_numpy(zero_copy_only=False).astype(object) for f in flats],
        ""))
    sim.set_input("youthful_offender", PERIOD, per_record([_flags(pc.struct_field(
        flats[0], "youthful_offender_adjudication")), np.zeros(sizes[1], bool)], False))
    sim.set_input("judgment_date", PERIOD, per_record([_days(pc.struct_field(
        flats[0], "judgment_date")), np.zeros(sizes[1], "datetime64[D]")],
        np.datetime64(0, "D")))
    sim.set_input("department_of_correction", PERIOD, _flags(pc.equal(
        table.column("agency"), "Department of Correction")))
    for name, key in (("warrant", "outstanding_criminal_warrant"),
                      ("gang_database", "known_gang_membership_in_a_law_enforcement_database"),
                      ("terrorist_match", "possible_match_in_the_terrorist_screening_database"),
                      ("prior_removal", "prior_order_of_removal")):
        sim.set_input(name, PERIOD, _flags(pc.struct_field(person, key)))
    sim.set_input("request_date", PERIOD, _days(pc.struct_field(request, "request_date")))
    sim.set_input("arrest_date", PERIOD, _days(pc.struct_field(request,
                                                               "instant_arrest_date")))
    loaded = time.perf_counter()
    out = np.asarray(sim.calculate("may_be_honored", PERIOD))
    if phases is not None:
        phases.setdefault("OpenFisca: the system, entities and inputs", []).append(
            loaded - started)
        phases.setdefault("OpenFisca: the simulation (calculate)", []).append(
            time.perf_counter() - loaded)
    return out


def counts(table: pa.Table, phases: dict[str, list[float]] | None = None) -> dict[str, int]:
    """The outcome counts, in the form `compiler.engines.engines.counts` gives them."""
    honored = int(may_be_honored(table, phases=phases).sum())
    return {'"may be honored"': honored, '"must be declined"': table.num_rows - honored}
