"""The fuzzing harness: run one input through `lawc check` and judge what came out.

Takes the bytes of a `.law` file (a mutation of a real statute, a printed random tree, or a huge
generated law); gives a `Verdict`: the exit code, and a problem when the run broke a promise
(exit other than 0 or 1, a traceback, an error without `file:line:col`, a hang, or a checked law
whose generated module is not valid Python). `Sandbox` keeps a copy of statutes/ in a temporary
folder, so that a mutated vocabulary is read by the laws that use it.
"""

from __future__ import annotations

import ast
import os
import random
import re
import shutil
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from click.testing import CliRunner

from compiler import driver
from compiler.cli import main

REPO = Path(__file__).resolve().parents[2]
STATUTES = REPO / "statutes"
TEST_STATUTES = REPO / "tests" / "data" / "statutes"
TIME_LIMIT = 20.0  # seconds for one input (a 1 MB law takes a few)

_HEAD = re.compile(r"^(error|warning|note)\[[\w-]+\]: ", re.MULTILINE)
_WHERE = re.compile(r"^  --> (?P<file>.+?):(?P<line>\d+):(?P<column>\d+)$")


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    output: str
    problem: str | None  # None: the run kept every promise

    @property
    def crashed(self) -> bool:
        return self.problem is not None


class _Hang(BaseException):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[list[bool]]:
    fired = [False]

    def alarm(signum: int, frame: FrameType | None) -> None:
        fired[0] = True
        raise _Hang()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield fired
    except _Hang:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def judge(exit_code: int, output: str) -> str | None:
    """What is wrong with a run of `lawc check`, or None."""
    if exit_code not in (0, 1):
        return f"exit code {exit_code}"
    if "Traceback (most recent call last)" in output or "error[internal]" in output:
        return "a traceback"
    lines = output.split("\n")
    for i, line in enumerate(lines):
        if _HEAD.match(line):
            where = _WHERE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if where is None or int(where["line"]) < 1 or int(where["column"]) < 1:
                return f"a diagnostic without file:line:col: {line!r}"
    if exit_code == 1 and not _HEAD.search(output) and "error: " not in output:
        return "exit 1 without a diagnostic"
    return None


class Sandbox:
    """A copy of statutes/ (and the test laws) in a temporary folder, to mutate in place."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lawc-fuzz-"))
        shutil.copytree(STATUTES, self.root / "statutes")
        shutil.copytree(TEST_STATUTES, self.root / "statutes", dirs_exist_ok=True)
        self.files = sorted(p.relative_to(self.root).as_posix()
                            for p in (self.root / "statutes").rglob("*.law"))
        self.originals = {f: (self.root / f).read_bytes() for f in self.files}
        self.users = self._users()
        self.runner = CliRunner()

    def _users(self) -> dict[str, str]:
        """A law that uses each vocabulary, and the law of each companion file."""
        out: dict[str, str] = {}
        for f in self.files:
            text = self.originals[f].decode("utf-8")
            if f.endswith(driver.EXAMPLES_SUFFIX):
                out[f] = f[:-len(driver.EXAMPLES_SUFFIX)] + ".law"
            for match in re.finditer(r"^  uses: (.+)$", text, re.MULTILINE):
                for name in match[1].split(","):
                    used = f"statutes/{name.strip()}.law"
                    out.setdefault(used, f)
        return out

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def run(self, rel: str, data: bytes, *, analysis: bool = False, compile_too: bool = True,
            time_limit: float = TIME_LIMIT) -> Verdict:
        """Write `data` as `rel` (restored afterwards) and run `lawc check` on it (and on a law
        that reads it); when it checks, compile it and parse the module with `ast`."""
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        targets = [rel] + ([self.users[rel]] if rel in self.users else [])
        args = ["check"] + ([] if analysis else ["--no-analysis"]) + targets
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            with _time_limit(time_limit) as fired:
                result = self.runner.invoke(main, args, catch_exceptions=True)
                problem = judge(result.exit_code, result.output)
                if result.exception is not None and not isinstance(result.exception,
                                                                   SystemExit):
                    problem = problem or "".join(traceback.format_exception(result.exception))
                if problem is None and result.exit_code == 0 and compile_too:
                    problem = _compiles(targets)
            if fired[0]:
                problem = f"no answer within {time_limit:.0f} s"
            return Verdict(result.exit_code if not fired[0] else -1,
                           result.output if not fired[0] else "", problem)
        finally:
            os.chdir(cwd)
            if rel in self.originals:
                target.write_bytes(self.originals[rel])
            else:
                target.unlink(missing_ok=True)


def _compiles(targets: list[str]) -> str | None:
    """The generated module of each checked law is valid Python (never run here)."""
    for rel in targets:
        if rel.endswith(driver.EXAMPLES_SUFFIX):
            continue  # `lawc check` reads a companion file with its law
        try:
            program = driver.load_program(driver.Workspace(), Path(rel))
            if program.kind.value != "law":
                continue
            text = driver.compile_module(program)
            compile(ast.parse(text), rel, "exec")
        except Exception:  # noqa: BLE001 - any failure here is the finding
            return f"compiling {rel}: " + traceback.format_exc()
    return None


# ----------------------------------------------------------------------------- mutations

_TOKEN = re.compile(rb"\s+|[A-Za-z_\x80-\xff][\w\x80-\xff-]*|\d+|.", re.DOTALL)
SPLICE = [b"the ", b"is ", b"not ", b"(", b")", b",", b":", b"- ", b"\xc2\xa7 1(a)", b'"',
          b"\\", b"--", b"'s ", b"any ", b"of the following:", b"\n  ", b"\n", b"\t",
          b"such that ", b"2013-02-30", b"$1,000.5", b"99999999999999999999", b"yes", b"no",
          b"\xef\xbb\xbf", b"\r", b"\x00", b"\xe2\x80\xae", b"\xd0\xb0", b"one of ",
          b"notwithstanding ", b"except as provided in ", b"example ", b"given:", b"expect:",
          b"law \"x\"", b"uses: ", b"uses: nyc/local_law_62_2011", b"within 10 years before "]


def _tokens(data: bytes) -> list[bytes]:
    return _TOKEN.findall(data)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _swap(items: list[bytes], rng: random.Random) -> list[bytes]:
    if len(items) >= 2:
        i, j = rng.randrange(len(items)), rng.randrange(len(items))
        items[i], items[j] = items[j], items[i]
    return items


def _delete(items: list[bytes], rng: random.Random) -> list[bytes]:
    if items:
        del items[rng.randrange(len(items))]
    return items


def _duplicate(items: list[bytes], rng: random.Random) -> list[bytes]:
    if items:
        i = rng.randrange(len(items))
        items.insert(rng.randrange(len(items) + 1), items[i])
    return items


def _on_tokens(edit: Callable[[list[bytes], random.Random], list[bytes]]
               ) -> Callable[[bytes, random.Random], bytes]:
    return lambda data, rng: b"".join(edit(_tokens(data), rng))


def _on_lines(edit: Callable[[list[bytes], random.Random], list[bytes]]
              ) -> Callable[[bytes, random.Random], bytes]:
    return lambda data, rng: b"\n".join(edit(_lines(data), rng))


def _random_bytes(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return data[:i] + junk + data[i + rng.choice((0, len(junk))):]


def _invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\x80"]) \
        + data[i:]


def _splice(data: bytes, rng: random.Random) -> bytes:
    tokens = _tokens(data)
    tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(SPLICE))
    return b"".join(tokens)


def _reindent(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines[i] = rng.choice([b" ", b"  ", b"\t", b""]) + lines[i].lstrip(b" ") \
        if rng.random() < 0.5 else b" " + lines[i]
    return b"\n".join(lines)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "delete token": _on_tokens(_delete),
    "duplicate token": _on_tokens(_duplicate),
    "swap tokens": _on_tokens(_swap),
    "delete line": _on_lines(_delete),
    "duplicate line": _on_lines(_duplicate),
    "swap lines": _on_lines(_swap),
    "random bytes": _random_bytes,
    "invalid UTF-8": _invalid_utf8,
    "splice a word": _splice,
    "reindent a line": _reindent,
    "truncate": _truncate,
}


def mutate(data: bytes, rng: random.Random, rounds: int | None = None) -> tuple[bytes, str]:
    """`data` with 1–3 random mutations; gives the bytes and the names of the mutations."""
    names = []
    for _ in range(rounds or rng.choice((1, 1, 1, 2, 3))):
        name = rng.choice(sorted(MUTATIONS))
        data = MUTATIONS[name](data, rng)
        names.append(name)
    return data, ", ".join(names)


# ----------------------------------------------------------------------- big, deep, many

_HEAD_OF_BIG = '''law "Big"
  jurisdiction: Nowhere

a person has:
  a friend: a person
  an age: a whole number from 0 to 200

facts:
  a flag: yes or no
  a count: a whole number
  the person: a person

decision the answer: yes or no
  by default: no

'''


def deep(kind: str, depth: int = 500) -> bytes:
    """A law with one condition nested `depth` levels deep, in one of six ways."""
    match kind:
        case "parentheses":
            rule = "  the answer if " + "(" * depth + "the flag" + ")" * depth
        case "not":
            rule = "  the answer if " + "not " * depth + "the flag"
        case "plus":
            rule = "  the answer if the count is " + " plus ".join(["1"] * depth)
        case "possessive":
            rule = "  the answer if the person" + "'s friend" * depth + "'s age is 3"
        case "and":
            rule = "  the answer if " + " and ".join(["the flag"] * depth)
        case "lists":
            lines = ["  the answer if all of the following:"]
            lines += ["  " * (d + 2) + "- any of the following:" for d in range(depth)]
            rule = "\n".join(lines + ["  " * (depth + 2) + "- the flag"])
        case _:
            raise ValueError(kind)
    return (_HEAD_OF_BIG + "§ 1\n" + rule + "\n").encode()


DEEP_KINDS = ("parentheses", "not", "plus", "possessive", "and", "lists")


def many_provisions(count: int = 10_000) -> bytes:
    """A law with `count` provisions, each with a quoted line and a rule."""
    body = "".join(f'§ {i} "Provision {i}"\n  > The answer is yes when the count is {i}.\n'
                   f"  the answer if the count is {i}\n" for i in range(1, count + 1))
    return (_HEAD_OF_BIG + body).encode()


def megabyte() -> bytes:
    """A law of at least 1 MB: long quoted lines in many provisions."""
    quote = "  > " + "The words of the law, quoted at length. " * 20 + "\n"
    parts = [_HEAD_OF_BIG]
    size, i = len(_HEAD_OF_BIG), 0
    while size < 1_000_000:
        i += 1
        part = f"§ {i}\n" + quote * 4 + f"  the answer if the count is at least {i}\n"
        parts.append(part)
        size += len(part)
    return "".join(parts).encode()
