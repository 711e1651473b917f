"""The README's "For application developers" runs as written: the package is compiled, built and
installed into a fresh virtual environment without lawc, the Python snippet runs there and is
`mypy --strict` clean against the installed package, `lawc schema` prints a schema, and the
service answers each `curl` of the section (slow: a venv, a wheel, mypy and a server)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAWC = [sys.executable, "-m", "compiler.cli"]


def _section() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## For application developers")
    body = text[start:text.index("\n## ", start + 1)]
    return [(m.group(1), m.group(2))
            for m in re.finditer(r"^```(\w+)\n(.*?)^```$", body, re.MULTILINE | re.DOTALL)]


def _commands(block: str) -> list[list[str]]:
    return [shlex.split(line.rstrip(" &")) for line in block.splitlines() if line.strip()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_section_has_each_part() -> None:
    kinds = [k for k, _ in _section()]
    assert kinds == ["sh", "json", "python", "sh", "sh"]


@pytest.mark.slow
def test_readme_commands_for_applications(tmp_path: Path) -> None:
    (install, case, program, schema, service) = [b for _, b in _section()]
    shutil.copytree(ROOT / "statutes", tmp_path / "statutes")
    (tmp_path / "case.json").write_text(case, encoding="utf-8")

    compile_line, pip_line = _commands(install)
    assert compile_line[0] == "lawc" and pip_line[:2] == ["pip", "install"]
    subprocess.run(LAWC + compile_line[1:], cwd=tmp_path, check=True, capture_output=True)
    # `pip install dist/laws`, offline: the wheel is built here, installed in a fresh venv
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), pip_line[2]], cwd=tmp_path,
                   check=True, timeout=300)
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = str(env / "bin" / "python")
    (wheel,) = wheels.glob("city_laws-1.0.0-*.whl")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=300)

    (tmp_path / "app.py").write_text(program, encoding="utf-8")
    ran = subprocess.run([python, "-I", "app.py"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "{'hold': 'must be declined', 'notification': 'must not notify'}" in ran.stdout
    typed = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                            "--python-executable", python, "app.py"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert typed.returncode == 0, typed.stdout

    (schema_line,) = [line for line in schema.splitlines() if line.strip()]
    command, out = schema_line.split(" > ")
    printed = subprocess.run(LAWC + shlex.split(command)[1:], cwd=tmp_path, check=True,
                             capture_output=True, text=True).stdout
    assert list(json.loads(printed)["result"]["properties"]) == ["hold"] and out

    _run_service(tmp_path, _commands(service))


def _run_service(cwd: Path, commands: list[list[str]]) -> None:
    port = str(_free_port())
    serve, *curls = [[w.replace("8080", port) for w in c] for c in commands]
    assert serve[:2] == ["lawc", "serve"] and all(c[0] == "curl" for c in curls)
    process = subprocess.Popen(LAWC + serve[1:], cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        answers = []
        for curl in curls:
            done = subprocess.run(curl + ["--fail-with-body"], cwd=cwd, capture_output=True,
                                  text=True, timeout=30)
            assert done.returncode == 0, (curl, done.stdout, done.stderr)
            answers.append(done.stdout)
        assert "nyc/local_law_58_2014" in answers[0]
        assert json.loads(answers[1]) == {"hold": "must be declined",
                                          "notification": "must not notify"}
        assert "the hold is must be declined" in answers[2]
        assert json.loads(answers[3]) == {"results": []}
    finally:
        process.terminate()
        process.wait(timeout=30)
