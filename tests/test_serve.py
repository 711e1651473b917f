"""`lawc serve` (compiler/serve.py): every endpoint through Starlette's TestClient, bad input
and limits; a real uvicorn server on loopback in a subprocess; and (slow) a bounded load test
with concurrent clients that reports throughput and p99 latency and sees no error."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from compiler import driver, serve

ROOT = Path(__file__).resolve().parents[1]
LAW = "nyc/local_law_58_2014"


def _program(path: str) -> driver.Program:
    return driver.check(driver.Workspace(), ROOT / "statutes" / f"{path}.law")


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    program = _program(LAW)
    return dict(program.examples[0].facts)


@pytest.fixture(scope="module")
def client() -> TestClient:
    statutes = [serve.load(_program(p)) for p in (LAW, "examples/tour")]
    return TestClient(serve.app(statutes), raise_server_exceptions=False)


def test_statutes(client: TestClient) -> None:
    r = client.get("/statutes")
    assert r.status_code == 200
    names = [s["name"] for s in r.json()["statutes"]]
    assert names == [LAW, "examples/tour"]
    hold = r.json()["statutes"][0]["decisions"]["hold"]
    assert "may be honored" in hold["values"]


def test_schema(client: TestClient) -> None:
    r = client.get(f"/statutes/{LAW}/schema")
    assert r.status_code == 200
    assert r.json()["result"]["required"] == ["hold", "notification"]


def test_decide(client: TestClient, facts: dict[str, Any], generated_package: Any) -> None:
    r = client.post(f"/statutes/{LAW}/decide", json=facts)
    assert r.status_code == 200
    # the module `lawc compile` writes (not the copy the service runs), wherever tests put it
    assert r.json() == generated_package.module(_program(LAW)).decide(facts)


@pytest.mark.parametrize("fmt,media,word", [
    ("json", "application/json", '"explanations"'), ("text", "text/plain", "the hold is"),
    ("markdown", "text/markdown", "the hold is"),
    ("html", "text/html", "<h2>The hold is")])
def test_explain_formats(client: TestClient, facts: dict[str, Any], fmt: str, media: str,
                         word: str) -> None:
    by_query = client.post(f"/statutes/{LAW}/explain?format={fmt}&decision=hold", json=facts)
    by_accept = client.post(f"/statutes/{LAW}/explain?decision=hold", json=facts,
                            headers={"accept": media})
    for r in (by_query, by_accept):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(media)
        assert word in r.text
    assert by_query.text == by_accept.text


def test_batch(client: TestClient, facts: dict[str, Any]) -> None:
    bad = dict(facts, agency="nobody")
    r = client.post(f"/statutes/{LAW}/batch", json={"cases": [facts, bad, 3]})
    assert r.status_code == 200
    first, second, third = r.json()["results"]
    assert "result" in first
    assert second["field"] == "cases[1].agency" and "'Police Department'" in second["error"]
    assert third["field"] == "cases[2]"


@pytest.mark.parametrize("change,field", [
    ({"agency": "nobody"}, "agency"), ({"agency": None}, "agency"),
    ({"request": {"request_date": "2020-02-30"}}, "request"), ({"surprise": 1}, "surprise")])
def test_bad_facts_are_422_naming_the_field(client: TestClient, facts: dict[str, Any],
                                            change: dict[str, Any], field: str) -> None:
    for route in ("decide", "explain"):
        r = client.post(f"/statutes/{LAW}/{route}", json=dict(facts, **change))
        assert r.status_code == 422, r.text
        assert r.json()["field"].startswith(field)


def test_missing_facts_list_the_values(client: TestClient) -> None:
    r = client.post(f"/statutes/{LAW}/decide", json={})
    assert r.status_code == 422 and "'Department of Correction'" in r.json()["error"]


@pytest.mark.parametrize("body", [b"{", b"NaN", b"[" * 100_000, b"\xff", b"[1, 2]", b"null"])
def test_bad_bodies_are_never_500(client: TestClient, body: bytes) -> None:
    r = client.post(f"/statutes/{LAW}/decide", content=body,
                    headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), (r.status_code, r.text)


def test_limits(client: TestClient, facts: dict[str, Any]) -> None:
    big = b'{"agency": "' + b"x" * (serve.MAX_BODY + 1) + b'"}'
    assert client.post(f"/statutes/{LAW}/decide", content=big).status_code == 413
    many = {"cases": [facts] * (serve.MAX_BATCH + 1)}
    r = client.post(f"/statutes/{LAW}/batch", json=many)
    assert r.status_code in (413, 422)
    assert client.post(f"/statutes/{LAW}/batch", json={"cases": 1}).status_code == 422


@pytest.mark.parametrize("name", ["../../etc/passwd", "os", "nyc/%2E%2E/nyc/local_law_58_2014",
                                  "generated.nyc.local_law_58_2014", "nyc/local_law_62_2011"])
def test_unknown_statutes_are_404(client: TestClient, name: str) -> None:
    assert client.get(f"/statutes/{name}/schema").status_code == 404
    assert client.post(f"/statutes/{name}/decide", json={}).status_code == 404


def test_unknown_format_and_decision(client: TestClient, facts: dict[str, Any]) -> None:
    r = client.post(f"/statutes/{LAW}/explain?format=pdf", json=facts)
    assert r.status_code == 422 and r.json()["field"] == "format"
    r = client.post(f"/statutes/{LAW}/explain?decision=bail", json=facts)
    assert r.status_code == 422 and r.json()["field"] == "decision"


def test_openapi_and_docs(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    op = doc["paths"][f"/statutes/{LAW}/decide"]["post"]
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schemas = doc["components"]["schemas"]
    facts = schemas[ref.rsplit("/", 1)[1]]
    person = facts["properties"]["person"]["$ref"]
    assert person.rsplit("/", 1)[1] in schemas  # every reference resolves in the document
    text = json.dumps(doc)
    assert "#/$defs/" not in text
    page = client.get("/docs")
    assert page.status_code == 200 and f"/statutes/{LAW}/decide" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text


def test_serve_without_a_law_is_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from compiler.cli import main

    result = CliRunner().invoke(main, ["serve", "statutes/common"])
    assert result.exit_code == 2 and "no law" in result.output


# ----------------------------------------------------------------------- a real server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Any:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "compiler.cli", "serve",
                                f"statutes/{LAW}.law", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read() if process.stderr else "")
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _call(port: int, method: str, path: str, body: object = None,
          connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = None if body is None else json.dumps(body).encode()
    conn.request(method, path, body=data, headers={"content-type": "application/json"})
    response = conn.getresponse()
    out = response.status, response.read()
    if connection is None:
        conn.close()
    return out


def test_real_server_every_endpoint(server: int, facts: dict[str, Any]) -> None:
    assert _call(server, "GET", "/statutes")[0] == 200
    assert _call(server, "GET", f"/statutes/{LAW}/schema")[0] == 200
    status, body = _call(server, "POST", f"/statutes/{LAW}/decide", facts)
    assert status == 200 and "hold" in json.loads(body)
    for fmt in ("text", "markdown", "html", "json"):
        assert _call(server, "POST", f"/statutes/{LAW}/explain?format={fmt}", facts)[0] == 200
    assert _call(server, "POST", f"/statutes/{LAW}/batch", {"cases": [facts]})[0] == 200
    assert _call(server, "GET", "/openapi.json")[0] == 200
    assert _call(server, "GET", "/docs")[0] == 200
    assert _call(server, "POST", f"/statutes/{LAW}/decide", {"agency": 1})[0] == 422


@pytest.mark.slow
def test_load_on_loopback(server: int, facts: dict[str, Any]) -> None:
    threads, per_thread = 8, 150
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
        mine = []
        try:
            for i in range(per_thread):
                body = facts if i % 5 else dict(facts, agency="nobody")
                start = time.perf_counter()
                status, _ = _call(server, "POST", f"/statutes/{LAW}/decide", body, conn)
                mine.append(time.perf_counter() - start)
                if status != (200 if i % 5 else 422):
                    with lock:
                        errors.append(f"status {status}")
        except OSError as exc:
            with lock:
                errors.append(repr(exc))
        finally:
            conn.close()
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    elapsed = time.perf_counter() - start
    assert not errors, errors[:5]
    assert len(latencies) == threads * per_thread
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"\nlawc serve: {len(latencies)} requests, {threads} threads, "
          f"{len(latencies) / elapsed:.0f} requests/s, p99 {p99 * 1000:.1f} ms")
    assert elapsed < 60
