"""A language-server client for tests and benchmarks: JSON-RPC over a subprocess's pipes.

Takes a working folder; starts `python -m compiler.lsp` there and gives `Client`, which frames
each message with a Content-Length header, reads the server's messages on a thread, and waits
for answers to requests and for notifications such as `textDocument/publishDiagnostics`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any


class Client:
    """A JSON-RPC client over a subprocess's pipes, with a reader thread."""

    def __init__(self, cwd: Path, module: tuple[str, ...] = ("compiler.lsp",)) -> None:
        """`module`: what `python -m` runs (`compiler.cli lsp` is the `lawc lsp` command)."""
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen([sys.executable, "-m", *module], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env)
        self.messages: Queue[dict[str, Any]] = Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any] | None = None) -> None:
        self.send({"method": method, "params": params or {}})

    def request(self, method: str, params: dict[str, Any] | None = None) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params or {}})
        while True:
            message = self.wait(lambda m: "id" in m and "method" not in m)
            if message["id"] == self.next_id:
                assert "error" not in message, message
                return message.get("result")

    def wait(self, wanted: Any, timeout: float = 30.0) -> dict[str, Any]:
        """The first message (not yet taken) that `wanted` accepts."""
        for seen in list(self.notifications):
            if wanted(seen):
                self.notifications.remove(seen)
                return seen
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except Empty:
                raise AssertionError("the server did not answer in time") from None
            if wanted(message):
                return message
            self.notifications.append(message)

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri
                            and (version is None or m["params"].get("version") == version))
        result: list[dict[str, Any]] = message["params"]["diagnostics"]
        return result


def open_document(client: Client, path: Path, text: str) -> str:
    uri = path.resolve().as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "law", "version": 1, "text": text}})
    return uri


def change_document(client: Client, uri: str, text: str, version: int) -> None:
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
