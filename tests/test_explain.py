"""Explanations: goldens for every statute's examples in every format, the generated
`explain_<decision>()` against the interpreter's explanation, the explanation's outcome against
the decision function on random cases, and the `lawc explain` command.

Goldens live in tests/goldens/explain/<statute path>.{txt,md,html,json};
`pytest --update-goldens` rewrites them.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.cli import main
from compiler.core import ast as c
from compiler.core import names
from compiler.core.facts import FactsError, to_json
from compiler.explain.build import Explainer
from compiler.reports.explanation import render
from compiler.interpret import Interpreter, LawError
from conftest import file_id, load, statute_laws
from strategies import facts_for

LAWS = statute_laws()
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}


@functools.cache  # the same explanations for every format of the goldens: made once a law
def _explanations(file: Path) -> list[tuple[str, str, dict[str, Any]]]:
    program = load(file)
    explainer = Explainer(program)
    return [(example.name, decision, explainer.explain(decision, example.facts).to_dict())
            for example in program.examples for decision in program.decisions]


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_explanations_of_the_examples_match_their_goldens(file: Path, fmt: str,
                                                           golden: Any) -> None:
    program = load(file)
    explained = _explanations(file)
    if fmt == "json":
        lines = [json.dumps({"example": name, "decision": decision, "explanation": e},
                            ensure_ascii=False) for name, decision, e in explained]
        text = "[\n" + ",\n".join(lines) + "\n]\n"  # one explanation a line
    else:
        marker = "<!-- example: {} ({}) -->\n" if fmt == "html" else "=== example: {} ({})\n"
        text = "".join(marker.format(name, decision) + render(e, fmt)
                       for name, decision, e in explained)
    golden(f"explain/{program.path}.{EXTENSIONS[fmt]}", text)


@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_generated_explanations_equal_the_interpreters(file: Path, generated_package: Any
                                                       ) -> None:
    program = load(file)
    module = generated_package.module(program)
    explainer = Explainer(program)
    for example in program.examples:
        for decision in program.decisions:
            fn = getattr(module, "explain_" + names.key(decision))
            generated = fn(example.facts)
            built = explainer.explain(decision, example.facts)
            if c.is_computed(program.decisions[decision]):
                # the generated explanation of a computed value names the computation but
                # not its numbers (docs/explanations.md); the value is the same
                assert generated.value == built.value, example.name
                continue
            assert generated.to_dict() == built.to_dict(), example.name
            assert generated.text() == render(built.to_dict(), "text")
            assert generated.markdown() == render(built.to_dict(), "markdown")
            plain = getattr(module, names.key(decision))(module._parse_case(example.facts, ""))
            assert generated.value == plain
            expected = [x for x in example.expect if x.decision == decision]
            for x in expected:
                assert built.value == x.value.value


@pytest.mark.parametrize("file", LAWS, ids=file_id)
def test_the_explanations_outcome_is_the_decisions_on_random_cases(
        file: Path, generated_package: Any) -> None:
    program = load(file)
    module = generated_package.module(program)
    interpreter = Interpreter(program)
    explainer = Explainer(program)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(facts=facts_for(program), data=st.data())
    def check(facts: dict[str, Any], data: st.DataObject) -> None:
        decision = data.draw(st.sampled_from(list(program.decisions)))
        key = names.key(decision)
        try:
            want = module.decide(facts)[key]
        except (LawError, FactsError, module.rt.LawError, module.rt.FactsError) as exc:
            with pytest.raises(type(exc)):
                getattr(module, "explain_" + key)(facts)
            return
        generated = getattr(module, "explain_" + key)(facts)
        built = explainer.explain(decision, facts)
        assert generated.to_dict()["outcome"] == built.to_dict()["outcome"]
        assert interpreter.decide(facts)[key] == want
        if c.is_computed(program.decisions[decision]):  # no numbers in the generated one
            assert generated.value == built.value
            assert str(generated.value) == str(want) or to_json(generated.value) == want
            return
        assert generated.to_dict() == built.to_dict()
        value = generated.value.value if hasattr(generated.value, "value") else generated.value
        assert value == want
        deciding = generated.deciding
        assert all(r.info.value == generated.value for r in deciding)
        assert generated.by_default == (not deciding)

    check()


# ----------------------------------------------------------------------------------- CLI


def _first_example(file: Path) -> tuple[Any, Any]:
    program = load(file)
    return program, program.examples[0]


def test_cli_explains_an_example_in_every_format(tmp_path: Path) -> None:
    file = Path("statutes/nyc/local_law_62_2011.law")
    program, example = _first_example(file.resolve())
    runner = CliRunner()
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps(example.facts), encoding="utf-8")
    for fmt in ("text", "markdown", "html", "json"):
        result = runner.invoke(main, ["explain", str(file), "--facts", str(facts),
                                      "--format", fmt])
        assert result.exit_code == 0, result.output
        want = render(Explainer(program).explain("hold", example.facts).to_dict(), fmt)
        if fmt == "json":
            assert json.loads(result.output) == json.loads(want)
        else:
            assert result.output == want
    by_name = runner.invoke(main, ["explain", "nyc/local_law_62_2011", "--example",
                                   example.name, "--decision", "hold"])
    assert by_name.exit_code == 0, by_name.output
    assert by_name.output.startswith("Local Law 62 of 2011: the hold is ")


def test_cli_templates_override_and_strict_undefined(tmp_path: Path) -> None:
    file = "statutes/nyc/local_law_62_2011.law"
    _, example = _first_example(Path(file).resolve())
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "text.j2").write_text("Outcome: {{ e.outcome }} ({{ e.decided_by | length }})\n",
                                       encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["explain", file, "--example", example.name, "--templates",
                                  str(templates)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Outcome: ")
    (templates / "text.j2").write_text("{{ e.outcom }}\n", encoding="utf-8")
    result = runner.invoke(main, ["explain", file, "--example", example.name, "--templates",
                                  str(templates)])
    assert result.exit_code == 1
    assert "template error" in result.output and "outcom" in result.output
    # the Markdown template is still lawc's own
    result = runner.invoke(main, ["explain", file, "--example", example.name, "--templates",
                                  str(templates), "--format", "markdown"])
    assert result.exit_code == 0 and result.output.startswith("## Local Law 62")


@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ e.__class__.__init__.__globals__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
])
def test_cli_user_templates_are_sandboxed(tmp_path: Path, payload: str) -> None:
    """A user's template may read the explanation, not reach Python's internals: the sandbox
    refuses, and the refusal is a user error (exit 1), not a traceback or the output of `id`."""
    file = "statutes/nyc/local_law_62_2011.law"
    _, example = _first_example(Path(file).resolve())
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "text.j2").write_text(payload + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", file, "--example", example.name,
                                       "--templates", str(templates)])
    assert result.exit_code == 1, result.output
    assert "template error" in result.output and "unsafe" in result.output
    assert "uid=" not in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit)


def test_cli_reports_bad_facts_and_usage(tmp_path: Path) -> None:
    runner = CliRunner()
    facts = tmp_path / "case.json"
    facts.write_text('{"agency": "nobody"}', encoding="utf-8")
    result = runner.invoke(main, ["explain", "statutes/nyc/local_law_62_2011.law", "--facts",
                                  str(facts)])
    assert result.exit_code == 1 and "bad facts" in result.output
    result = runner.invoke(main, ["explain", "statutes/nyc/local_law_62_2011.law"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["explain", "statutes/nyc/local_law_58_2014.law", "--example",
                                  load(Path("statutes/nyc/local_law_58_2014.law").resolve()
                                       ).examples[0].name, "--format", "html"])
    assert result.exit_code == 2 and "--decision" in result.output


def test_cli_why_not_adds_checked_counterfactuals() -> None:
    file = "statutes/nyc/local_law_62_2011.law"
    _, example = _first_example(Path(file).resolve())
    result = CliRunner().invoke(main, ["explain", file, "--example", example.name, "--why-not",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    e = json.loads(result.output)
    assert e["counterfactuals"], e
    for cf in e["counterfactuals"]:
        assert cf["verified"] and cf["outcome"] != e["outcome"] and cf["changes"]


def test_html_escapes_the_laws_words() -> None:
    program = load(Path("statutes/nyc/local_law_62_2011.law").resolve())
    e = Explainer(program).explain("hold", program.examples[0].facts).to_dict()
    e["statute"] = '<script>alert("x")</script> & co'
    page = render(e, "html")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; co" in page
