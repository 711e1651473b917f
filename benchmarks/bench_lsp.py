"""How long the language server takes from a keystroke to its diagnostics.

Starts `python -m compiler.lsp` (through `tests/lsp_client.py`, JSON-RPC over stdio, as an
editor does), opens each file named (default: every law of statutes/ and its companion examples
file) and times, with `time.perf_counter` around the round trip, the opening (diagnostics with
the solver's analysis, or the analysis cache `lawc check` keeps) and --changes whole-text
changes as typing gives them (`tests/test_lsp.py`'s `keystrokes`: a line added in the middle and
taken away, a word typed at the end and taken away; each is parse, names and types, and the
index for hover and go-to-definition). Prints the time to open and the median and largest time
of a change. The aim is 200 ms a change for a statute of the size we ship.

    python benchmarks/bench_lsp.py [--changes 20] [FILE.law ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import Client, change_document, open_document  # noqa: E402
from test_lsp import keystrokes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    files = args.files or sorted(p for p in (ROOT / "statutes").rglob("*.law")
                                 if p.name.endswith(".examples.law")
                                 or p.read_text(encoding="utf-8").lstrip("-\n ").find("law ")
                                 >= 0)
    client = Client(ROOT)
    client.request("initialize", {"processId": None, "rootUri": ROOT.as_uri(),
                                  "capabilities": {}})
    client.notify("initialized")
    try:
        for path in files:
            text = path.read_text(encoding="utf-8")
            started = time.perf_counter()
            uri = open_document(client, path.resolve(), text)
            client.diagnostics(uri, 1)
            opened = time.perf_counter() - started
            times = []
            for version, typed in enumerate(keystrokes(text, args.changes), start=2):
                started = time.perf_counter()
                change_document(client, uri, typed, version)
                client.diagnostics(uri, version)
                times.append(time.perf_counter() - started)
            lines = len(text.splitlines())
            print(f"{path.relative_to(ROOT) if path.is_absolute() else path} ({lines} lines): "
                  f"open {opened * 1000:.0f} ms, change median "
                  f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
        client.request("shutdown")
        client.notify("exit")
    finally:
        client.process.wait(timeout=10)


if __name__ == "__main__":
    main()
