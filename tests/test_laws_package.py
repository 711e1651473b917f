"""`lawc compile --out DIR --package NAME`: an installable distribution of the compiled laws
under any name, with `py.typed`, `__all__` and `from_dict`/`to_dict` on every record; installed
into a fresh virtual environment without lawc (slow), its `decide()` runs every example."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import driver
from compiler.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _programs() -> list[driver.Program]:
    workspace = driver.Workspace()
    out = []
    for file in driver.find_statutes([ROOT / "statutes"]):
        if driver.is_companion(file):
            continue
        program = driver.check(workspace, file)
        if driver.is_law(program):
            out.append(program)
    return out


@pytest.fixture(scope="module")
def programs() -> list[driver.Program]:
    return _programs()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "laws"
    result = CliRunner().invoke(main, ["compile", str(ROOT / "statutes"), "--out", str(out),
                                       "--package", "city_laws", "--package-version", "2.1.0"])
    assert result.exit_code == 0, result.output
    return out


def _example_cases(programs: list[driver.Program]) -> dict[str, list[dict[str, object]]]:
    """Each law's module name → the facts of its examples."""
    return {p.path.replace("/", "."): [dict(e.facts) for e in p.examples] for p in programs}


def test_distribution_layout(dist: Path) -> None:
    assert (dist / "city_laws" / "py.typed").is_file()
    assert (dist / "city_laws" / "_runtime.py").is_file()
    assert (dist / "city_laws" / "nyc" / "local_law_58_2014.py").is_file()
    text = (dist / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "city_laws"' in text and 'version = "2.1.0"' in text
    assert "dependencies = []" in text and "setuptools" in text
    assert not (dist / "__init__.py").exists()


def test_modules_import_the_runtime_relatively(dist: Path) -> None:
    for module in (dist / "city_laws").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "generated" not in [n.split(".")[0] for n in _imported(text)], module
        tree = ast.parse(text)
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.names[0].name == "_runtime":
                depth = len(module.relative_to(dist / "city_laws").parts)
                assert node.level == depth, module


def _imported(text: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return out


def test_all_lists_the_public_names_only(dist: Path) -> None:
    code = ("import importlib, json, pkgutil, types, city_laws\n"
            "out = {}\n"
            "for m in pkgutil.walk_packages(city_laws.__path__, 'city_laws.'):\n"
            "    mod = importlib.import_module(m.name)\n"
            "    if hasattr(mod, 'decide'):\n"
            "        out[m.name] = [sorted(mod.__all__), sorted(n for n, v in vars(mod).items()\n"
            "            if not n.startswith('_') and not isinstance(v, types.ModuleType)\n"
            "            and getattr(v, '__module__', mod.__name__) == mod.__name__)]\n"
            "print(json.dumps(out))\n")
    found = json.loads(subprocess.run([sys.executable, "-c", code], cwd=dist, check=True,
                                      capture_output=True, text=True).stdout)
    assert len(found) >= 9
    for name, (listed, public) in found.items():
        assert all(not n.startswith("_") for n in listed), name
        assert "Decimal" not in listed and "dataclass" not in listed, name
        if "TIMELINE" in listed:  # a consolidated module: the versions' modules do the rest
            assert {"SECTION", "TIMELINE", "decide"} <= set(listed), name
        else:
            assert {"STATUTE", "SCHEMA", "decide", "Case"} <= set(listed), name
        # every class and function the module defines is listed
        assert set(public) - {"annotations"} <= set(listed), (name, set(public) - set(listed))


def _run_every_decide(python: str, cwd: Path, programs: list[driver.Program]) -> None:
    cases = _example_cases(programs)
    code = ("import importlib, json, sys\n"
            "cases = json.loads(sys.stdin.read())\n"
            "done = 0\n"
            "for name, facts in cases.items():\n"
            "    mod = importlib.import_module('city_laws.' + name)\n"
            "    assert mod.__file__ and 'lawc' not in sys.modules\n"
            "    for f in facts:\n"
            "        out = mod.decide(f)\n"
            "        assert set(out) == set(mod.SCHEMA['result']['properties'])\n"
            "        assert mod.Case.from_dict(mod.Case.from_dict(f).to_dict()) == "
            "mod.Case.from_dict(f)\n"
            "        done += 1\n"
            "print(done)\n")
    result = subprocess.run([python, "-I", "-c", code], cwd=cwd, input=json.dumps(cases),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == sum(len(v) for v in cases.values()) > 20


def test_importable_under_its_name(dist: Path, programs: list[driver.Program]) -> None:
    # -I: no user site, no PYTHONPATH; the working folder is the distribution's
    code = "import sys; sys.path.insert(0, '.'); "
    result = subprocess.run([sys.executable, "-I", "-c", code + "import city_laws.nyc."
                             "local_law_58_2014 as m; print(m.Hold.HOLD_48H.value)"],
                            cwd=dist, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("may be held up to 48 hours")


@pytest.mark.parametrize("name", ["my.laws", "3laws", "class", "laws-x"])
def test_package_name_must_be_an_identifier(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(main, ["compile", str(ROOT / "statutes" / "nyc"), "--out",
                                       str(tmp_path / "x"), "--package", name])
    assert result.exit_code == 2
    assert "--package" in result.output and "Python identifier" in result.output
    assert not (tmp_path / "x").exists()


def test_default_output_unchanged_by_the_option() -> None:
    build = driver.compile(Path(driver.GENERATED), _programs(), [ROOT / "statutes"])
    assert Path("generated/py.typed") in build.files
    assert not any(p.name == "pyproject.toml" for p in build.files)


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_without_lawc(dist: Path, tmp_path: Path,
                                                       programs: list[driver.Program]) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(dist)], check=True,
                   timeout=300)
    (wheel,) = wheels.glob("city_laws-2.1.0-*.whl")
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = str(env / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=300)
    listed = subprocess.run([python, "-m", "pip", "list", "--format", "json"], check=True,
                            capture_output=True, text=True).stdout
    assert "lawc" not in {p["name"] for p in json.loads(listed)}
    _run_every_decide(python, tmp_path, programs)
