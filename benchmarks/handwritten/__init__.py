"""Hand-written twins of the generated decision functions, one module per statute, each the logic
of its `.law` file as a programmer would write it over the generated module's dataclasses and
enums (module-level constants, the loop-invariant values computed once, no helper per field).
`bench_decision.py --statute …` times a generated function against its twin; `TWINS` maps a
statute's path (under statutes/, without `.law`) to its twin's module and decision.
`DECIDE_TWINS` maps a statute to the module of its `decide(facts)` written by hand over the
JSON-like facts (`decide_<folder>_<name>.py`: dates converted, nothing validated), the baseline
of the decide() ratio."""

TWINS: dict[str, tuple[str, str]] = {
    "nyc/local_law_62_2011": ("handwritten_nyc_2011", "hold"),
    "nyc/local_law_22_2013": ("handwritten.nyc_local_law_22_2013", "hold"),
    "nyc/before_local_law_62": ("handwritten.nyc_before_local_law_62", "hold"),
    "nyc/local_law_21_2013": ("handwritten.nyc_local_law_21_2013", "hold"),
    "nyc/local_law_58_2014": ("handwritten.nyc_local_law_58_2014", "hold"),
    "nyc/local_law_59_2014": ("handwritten.nyc_local_law_59_2014", "hold"),
    "chicago/welcoming_city_2012": ("handwritten.chicago_welcoming_city_2012", "hold"),
    "dc/detainer_act_2012": ("handwritten.dc_detainer_act_2012", "hold"),
    "examples/tour": ("handwritten.examples_tour", "hardship_finding"),
    "us/detainer_hold_287_7": ("handwritten.us_detainer_hold_287_7", "latest_hold_end"),
    "us/penalties_1324a": ("handwritten.us_penalties_1324a", "maximum_penalty"),
    "us/penalties_1324a_e5": ("handwritten.us_penalties_1324a_e5", "maximum_penalty"),
    "us/penalties_1324d": ("handwritten.us_penalties_1324d", "maximum_penalty"),
    "us/penalty_table_date": ("handwritten.us_penalty_table_date", "table_date"),
}

DECIDE_TWINS: dict[str, str] = {
    "nyc/local_law_62_2011": "handwritten.decide_nyc_local_law_62_2011",
    "nyc/local_law_22_2013": "handwritten.decide_nyc_local_law_22_2013",
}
