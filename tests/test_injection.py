"""A drafter's words never become code: names, titles, quoted text, enumeration values, codes and
example names full of quotes, backslashes, newlines, `#`, braces, Python keywords and builtins,
confusable letters and bidi controls compile to a module that only defines things, that agrees
with the interpreter, and in which two different names never share one identifier."""

from __future__ import annotations

import ast
import importlib
import os
import sys
from pathlib import Path

import pytest

from compiler import driver
from compiler.core import ast as c
from compiler.interpret import Interpreter

PAYLOAD = r'__import__(\"os\").system(\"touch PWNED\")'

VOCABULARY = f'''vocabulary "Words \\"\\"\\" \\\\ # {{}} {PAYLOAD} \u202eevil\u202c"
  summary: \'\'\' """ \\ # {{}} __import__("os").system("touch PWNED") \u202e

a class has:
  a def: a code
  an import: one of "{PAYLOAD}", "\\"\\"\\"", "a\\nb", print, "\u202ex", "#{{}}y"
  a print: yes or no

an enum has:
  a final: yes or no

facts:
  the class: a class
  the \u0441lass: a class
  the enum: an enum
  a import__ flag: yes or no
  a decide: yes or no
  a datetime: a date
  a rt: yes or no
'''

LAW = f'''law "Tricky \\"\\"\\" title \\\\ with\\nnewline # {{x}} {PAYLOAD} \u202eevil\u202c"
  jurisdiction: Nowhere """ \\ # {{}} __import__("os").system("touch PWNED")
  enacts: \\N{{x}} \\" ” § 1
  uses: words
  summary: \'\'\' """ \\n \u202e \u2028

decision the print: one of "class", "def\\\\", "x\\"y", rt, "#{{}}", "\\"\\"\\"\\nz"
  question: "what \\"\\"\\" is\\\\ \\n # {{}} \u202e ?"
  by default: rt

decision the case: yes or no
  by default: no

the statute are: "{PAYLOAD}", "\\"\\"\\"\\\\", "a\\nb", "#{{}}"

the import os means the class's def is one of the statute

a class is eval if its def is "\\\\\\"\\n#{{}}"

§ 1(a) "Rule \\"\\"\\" # {{}}\\n {PAYLOAD}"
  > quoted """ \\ # {{}} __import__("os").system("touch PWNED") \u202e
  the print is "class" if the import os
  the print is "def\\\\" if the class's import is "{PAYLOAD}"
  the print is "x\\"y" if the \u0441lass's print
  the print is "#{{}}" if the \u0441lass is eval
  the print is "\\"\\"\\"\\nz" if the \u0441lass's import is "\\"\\"\\""

§ 1(b)
  the case if all of the following:
    - the enum's final
    - the import__ flag
    - the decide
    - the rt
    - the datetime is after 2000-01-01

example "a \\"\\"\\" \\\\ \\n # {{}} {PAYLOAD}"
  given:
    the class's def is "\\"\\"\\"\\\\"
    the class's import is "a\\nb"
    the \u0441lass's def is "{PAYLOAD}"
    the \u0441lass's import is print
    the datetime is 2001-01-01
  expect: the print is "class"
'''

# Top-level statements a module that only defines things may hold.
ALLOWED = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef)


def _literal(node: ast.expr) -> bool:
    """A literal; `frozenset({…})` of such; `Decimal('1.5')` and `datetime.date(2001, 1, 1)`
    of literals; a member of a class of the module (`Hold.MAY_BE_HONORED`); or an earlier
    constant of the module (`_CONVICTION_CLASS_FELONY`). Nothing that runs code of its own."""
    if isinstance(node, ast.Call):
        func = node.func
        callee = (func.id if isinstance(func, ast.Name) else
                  f"{func.value.id}.{func.attr}" if isinstance(func, ast.Attribute)
                  and isinstance(func.value, ast.Name) else "")
        if callee not in ("frozenset", "Decimal", "datetime.date") or node.keywords:
            return False
        return all(_literal(a) for a in node.args)
    if isinstance(node, ast.Set):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.DictComp):  # `{member.value: member for member in Enum}` only
        gen = node.generators[0] if len(node.generators) == 1 else None
        return (gen is not None and not gen.ifs and isinstance(gen.target, ast.Name)
                and isinstance(gen.iter, ast.Name) and gen.iter.id[:1].isupper()
                and ast.unparse(node.key) == f"{gen.target.id}.value"
                and ast.unparse(node.value) == gen.target.id)
    if isinstance(node, ast.Attribute):  # an enumeration member: Class.MEMBER
        return isinstance(node.value, ast.Name) and node.value.id[:1].isupper()
    if isinstance(node, ast.Name):  # a constant the module defined before
        return node.id.startswith("_") and node.id == node.id.upper()
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


@pytest.fixture
def tricky(compile_law, tmp_path: Path):  # type: ignore[no-untyped-def]
    return compile_law(LAW, name="tricky", words=VOCABULARY)


def test_the_tricky_law_checks_and_its_example_passes(tricky) -> None:  # type: ignore[no-untyped-def]
    program, _ = tricky
    assert [r.passed for r in driver.run_examples(program)] == [True]
    assert "\u202e" in program.title and '"""' in program.title


def _assert_only_type_checks(method: ast.FunctionDef) -> None:
    """A record's `__post_init__` holds nothing but `if <type test>: rt.wrong_type(self, ...)`
    with a field's name as a literal."""
    for check in method.body:
        assert isinstance(check, ast.If) and not check.orelse, ast.unparse(check)
        (call,) = check.body
        assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call), ast.unparse(call)
        assert ast.unparse(call.value.func) == "rt.wrong_type", ast.unparse(call)
        assert isinstance(call.value.args[1], ast.Constant), ast.unparse(call)


def _assert_dict_method(method: ast.FunctionDef) -> None:
    """`from_dict` only calls the module's reader; `to_dict` only returns the fields."""
    doc, body = method.body
    assert isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
    assert isinstance(body, ast.Return) and body.value is not None, ast.unparse(body)
    if method.name == "from_dict":
        call = body.value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name), ast.unparse(call)
        assert call.func.id.startswith("_parse_"), ast.unparse(call)
        return
    assert isinstance(body.value, ast.Dict), ast.unparse(body)
    for key in body.value.keys:
        assert isinstance(key, ast.Constant), ast.unparse(body)
    for value in body.value.values:
        names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        assert names <= {"self", "item", "format"}, ast.unparse(value)


def test_module_only_defines(tricky) -> None:  # type: ignore[no-untyped-def]
    _, text = tricky
    tree = ast.parse(text)
    for statement in tree.body:
        if isinstance(statement, ast.Expr):
            assert statement is tree.body[0] and isinstance(statement.value, ast.Constant), \
                ast.dump(statement)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            assert statement.value is not None and _literal(statement.value), \
                ast.unparse(statement)
        else:
            assert isinstance(statement, ALLOWED), ast.unparse(statement)
        if isinstance(statement, ast.ClassDef):
            assert all(isinstance(d, (ast.Name, ast.Call)) for d in statement.decorator_list)
            for inner in statement.body:  # class bodies: docstring, fields, members
                if isinstance(inner, ast.FunctionDef) and inner.name == "__post_init__":
                    _assert_only_type_checks(inner)
                    continue
                if isinstance(inner, ast.FunctionDef) and inner.name in ("from_dict",
                                                                          "to_dict"):
                    _assert_dict_method(inner)
                    continue
                assert isinstance(inner, (ast.Expr, ast.AnnAssign, ast.Assign, ast.Pass)), \
                    ast.unparse(inner)
                if isinstance(inner, ast.Assign):
                    assert _literal(inner.value), ast.unparse(inner)
    imports = [ast.unparse(s) for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
    assert all(not i.startswith("import os") and "subprocess" not in i for i in imports)


def test_no_drafter_text_outside_strings_and_comments(tricky) -> None:  # type: ignore[no-untyped-def]
    _, text = tricky
    tree = ast.parse(text)
    calls = {node.func.id for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert "__import__" not in calls and "eval" not in calls and "exec" not in calls
    for ch in ("\u202e", "\u202c", "\u2028"):
        assert ch not in text  # invisible controls are spelled out, never raw


def test_importing_runs_nothing(tricky, tmp_path: Path,  # type: ignore[no-untyped-def]
                                monkeypatch: pytest.MonkeyPatch) -> None:
    program, _ = tricky
    out = tmp_path / "pkg"
    for path, text in driver.planned_files(out / "generated", [program]).items():
        driver.write_atomically(path, text)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.syspath_prepend(str(out))
    saved = {k: v for k, v in sys.modules.items() if k == "generated" or k.startswith("generated.")}
    for k in saved:
        del sys.modules[k]
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(str(a)) or 0)
    try:
        before = sorted(os.listdir(work))
        module = importlib.import_module("generated.tricky")
        assert sorted(os.listdir(work)) == before and not calls
        facts = {"class": {"def": "x", "import": "a\nb",
                           "print": False},
                 "\u0441lass".replace("\u0441", "u0441"): {"def": '\\"\n#{}', "import": "print",
                                                           "print": False},
                 "enum": {"final": True}, "import_flag": True, "decide": True, "rt": True,
                 "datetime": "2001-01-01"}
        got = module.decide(facts)
        assert got == Interpreter(program).decide(facts) == {"print": "#{}", "case": True}
        assert not list(work.iterdir()) and not calls
        assert not (out / "PWNED").exists()
    finally:
        for k in [k for k in sys.modules if k == "generated" or k.startswith("generated.")]:
            del sys.modules[k]
        sys.modules.update(saved)


def test_different_names_get_different_identifiers(tricky) -> None:  # type: ignore[no-untyped-def]
    program, text = tricky
    tree = ast.parse(text)
    top = [s for s in tree.body if isinstance(s, (ast.ClassDef, ast.FunctionDef))]
    top_names = [s.name for s in top] + [
        t.id for s in tree.body if isinstance(s, (ast.Assign, ast.AnnAssign))
        for t in (s.targets if isinstance(s, ast.Assign) else [s.target])
        if isinstance(t, ast.Name)]
    assert len(top_names) == len(set(top_names))
    classes = {s.name: s for s in top if isinstance(s, ast.ClassDef)}
    enums = [cls for cls in classes.values() if any(
        isinstance(b, ast.Name) and b.id == "Enum" for b in cls.bases)]
    written = sorted(tuple(sorted(ast.literal_eval(m.value) for m in e.body
                                  if isinstance(m, ast.Assign))) for e in enums)
    members = [[t.id for m in e.body if isinstance(m, ast.Assign) for t in m.targets]
               for e in enums]
    assert all(len(m) == len(set(m)) for m in members)
    used = {program.enums[d.type.name].values for d in program.decisions.values()
            if isinstance(d.type, c.EnumT)}
    assert {tuple(sorted(v)) for v in used} <= set(written)
    for cls in classes.values():  # one field per fact: `class` and the Cyrillic `сlass` differ
        fields = [f.target.id for f in cls.body if isinstance(f, ast.AnnAssign)
                  and isinstance(f.target, ast.Name)]
        assert len(fields) == len(set(fields))
    case = next(cls for cls in classes.values() if cls.name == "Case")
    fields = [f.target.id for f in case.body if isinstance(f, ast.AnnAssign)]  # type: ignore[union-attr]
    assert len(fields) == len(program.facts.fields)
    namespace: dict[str, object] = {}
    functions = {s.name for s in top if isinstance(s, ast.FunctionDef)}
    statute = ast.literal_eval(next(s.value for s in tree.body if isinstance(s, ast.AnnAssign)
                                    and isinstance(s.target, ast.Name)
                                    and s.target.id == "STATUTE"))
    assert isinstance(statute, dict) and not namespace
    for entry in statute["decisions"].values():
        assert entry["function"] in functions
    assert len({e["function"] for e in statute["decisions"].values()}) == len(program.decisions)
    assert statute["title"] == program.title


# The node kinds the backend emits; anything else in a generated module (a `while`, a `with`, an
# `exec`-shaped call on a drafter's text, a `global`) is a sign of text turned into code.
NODE_KINDS = {
    "Add", "And", "AnnAssign", "Assign", "Attribute", "BinOp", "BitOr", "BoolOp", "Call",
    "ClassDef", "Compare", "Constant", "Dict", "Eq", "Expr", "FunctionDef", "GeneratorExp", "Gt",
    "GtE", "If", "IfExp", "Import", "ImportFrom", "In", "Lambda", "List", "Load", "Lt", "LtE",
    "Module", "Mult", "Name", "Not", "NotEq", "NotIn", "Or", "Pass", "Raise", "Return", "Set",
    "Store", "Sub", "Subscript", "Tuple", "USub", "UnaryOp", "alias", "arg", "arguments",
    "comprehension", "keyword", "Div", "Is", "IsNot", "JoinedStr", "FormattedValue", "ListComp",
    "SetComp", "DictComp", "Starred", "Slice", "Try", "ExceptHandler", "For", "Continue", "Break",
    "AugAssign", "Assert", "Delete"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "open", "getattr", "setattr",
                   "globals", "locals", "vars", "breakpoint", "input"}


def _kinds_and_calls(text: str) -> tuple[set[str], set[str]]:
    tree = ast.parse(text)
    kinds = {type(node).__name__ for node in ast.walk(tree)}
    calls = {node.func.id for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    return kinds, calls


def test_only_the_node_kinds_the_backend_emits(tricky) -> None:  # type: ignore[no-untyped-def]
    from conftest import all_laws, load

    texts = [tricky[1]] + [driver.compile_module(load(f)) for f in all_laws()]
    for text in texts:
        kinds, calls = _kinds_and_calls(text)
        assert kinds <= NODE_KINDS, kinds - NODE_KINDS
        assert not calls & FORBIDDEN_CALLS, calls & FORBIDDEN_CALLS


LONG = " ".join(["provision"] * 400)  # a name of 4,000 characters

NAMES_LAW = f'''law "Names"
  jurisdiction: Nowhere

facts:
  a {LONG}: yes or no
  a {LONG} x: yes or no
  a capital: yes or no
  a c\u0430pital: yes or no
  a \ufb01ve: yes or no
  a decide: yes or no

decision the {LONG} outcome: one of "{{}}", "{{0}}", "%s", "\\u0000", "a\u200bb", ab
  by default: ab

§ 1
  the {LONG} outcome is "{{}}" if the {LONG}
  the {LONG} outcome is "{{0}}" if the {LONG} x
  the {LONG} outcome is "%s" if the c\u0430pital
  the {LONG} outcome is "\\u0000" if the \ufb01ve
  the {LONG} outcome is "a\u200bb" if the decide
'''


def test_names_that_would_share_a_key_are_refused(compile_law) -> None:  # type: ignore[no-untyped-def]
    from compiler.diagnostics import DiagnosticError

    law = NAMES_LAW.replace("  a decide: yes or no\n",
                            "  a decide: yes or no\n  a Decide: yes or no\n  a five: yes or no\n")
    with pytest.raises(DiagnosticError) as caught:
        compile_law(law, name="names")
    message = str(caught.value)
    assert '"Decide" and "decide" would have the same key' in message \
        or '"decide" and "Decide" would have the same key' in message
    assert "five" in message


def test_long_and_confusable_names_never_collide(
        compile_law, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    program, text = compile_law(NAMES_LAW, name="names")
    tree = ast.parse(text)
    kinds, calls = _kinds_and_calls(text)
    assert kinds <= NODE_KINDS and not calls & FORBIDDEN_CALLS
    case = next(s for s in tree.body if isinstance(s, ast.ClassDef) and s.name == "Case")
    fields = [f.target.id for f in case.body if isinstance(f, ast.AnnAssign)
              and isinstance(f.target, ast.Name)]
    folded = [unicodedata.normalize("NFKC", f) for f in fields]  # as Python reads identifiers
    assert len(folded) == len(set(folded)) == 5  # the facts the law reads
    out = tmp_path / "pkg"
    for path, body in driver.planned_files(out / "generated", [program]).items():
        driver.write_atomically(path, body)
    monkeypatch.syspath_prepend(str(out))
    saved = {k: v for k, v in sys.modules.items() if k == "generated" or k.startswith("generated.")}
    for k in saved:
        del sys.modules[k]
    try:
        module = importlib.import_module("generated.names")
        interpreter = Interpreter(program)
        from compiler.core import names

        all_keys = [names.key(f.name) for f in program.facts.fields.values()]
        for on in all_keys:
            facts = {k: k == on for k in all_keys}
            assert module.decide(dict(facts)) == interpreter.decide(dict(facts))
    finally:
        for k in [k for k in sys.modules if k == "generated" or k.startswith("generated.")]:
            del sys.modules[k]
        sys.modules.update(saved)
