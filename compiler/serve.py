"""The HTTP service of compiled laws (Starlette, run by uvicorn): `lawc serve`.

Takes checked programs; gives a Starlette application over their generated modules, compiled in
memory (no file is written, nothing is imported by a name from a request):

    GET  /statutes                     the statutes served, with their decisions
    GET  /statutes/{name}/schema       the JSON Schemas of the facts and the result
    POST /statutes/{name}/decide       facts → every decision (decide())
    POST /statutes/{name}/explain      facts → why (?decision=, ?format=text|markdown|html|json
                                       or the Accept header; HTML: a whole document, from
                                       `serve_html.py`)
    POST /statutes/{name}/batch        {"cases": [facts, ...]} → one result or error per case
    GET  /openapi.json, GET /docs      OpenAPI 3.1 built from the schemas; a page of it

`{name}` is a statute's path (`nyc/local_law_58_2014`), looked up in a dict of the loaded
statutes and nowhere else. Bad facts are 422 with the field's path; a law that cannot decide a
case is 422 too; a body that is not JSON is 400; a body over `MAX_BODY` bytes is 413 and a batch
of more than `MAX_BATCH` cases 422.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from compiler import __version__, runtime
from compiler.backends.to_python import runtime_import
from compiler.core import ast as c
from compiler.core import names
from compiler.driver.output import compile_module
from compiler.serve_html import esc, explanations_page, page

MAX_BODY = 1_000_000  # bytes of a request's body
MAX_BATCH = 1_000  # cases in one batch
FORMATS = ("json", "text", "markdown", "html")
_ACCEPT = {"application/json": "json", "text/plain": "text", "text/markdown": "markdown",
           "text/html": "html"}


@dataclass(frozen=True)
class Statute:
    """A law served: its path, its generated module and the decisions' explain functions."""

    name: str
    module: ModuleType
    explainers: dict[str, str]  # a decision's key → the module's explain function


def load(program: c.Program) -> Statute:
    """The program's generated module, compiled and run in memory, its runtime `compiler.runtime`
    (the file `lawc compile` writes is a copy of it)."""
    text = compile_module(program)
    line = runtime_import(program.path) + "\n"
    if text.count(line) != 1:
        raise RuntimeError(f"the module of {program.path} does not import its runtime as expected")
    module = ModuleType(f"lawc_served.{program.path.replace('/', '.')}")
    # the dataclasses of the module look their module up by __name__ to read annotations
    module.__dict__.update(rt=runtime, __name__=__name__)
    exec(compile(text.replace(line, "\n"), f"<{program.path}.py>", "exec"), module.__dict__)
    explainers = {key: "explain_" + d["function"] for key, d in
                  module.STATUTE["decisions"].items()}
    missing = [f for f in explainers.values() if not callable(getattr(module, f, None))]
    if missing:
        raise RuntimeError(f"the module of {program.path} has no {', '.join(missing)}")
    return Statute(program.path, module, explainers)


class Problem(Exception):
    """A request the service refuses: its status and a JSON body saying why."""

    def __init__(self, status: int, error: str, **detail: object) -> None:
        super().__init__(error)
        self.status = status
        self.body = {"error": error, **detail}


async def _body(request: Request) -> object:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise Problem(413, f"the body is larger than {MAX_BODY} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Problem(413, f"the body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks), parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise Problem(400, f"the body is not JSON: {exc}") from None


def _no_constant(word: str) -> object:
    raise ValueError(f"{word} is not a JSON value")


def _decide(statute: Statute, facts: object) -> dict[str, object]:
    if not isinstance(facts, dict):
        raise Problem(422, "expected an object with the facts of a case", field="")
    try:
        result: dict[str, object] = statute.module.decide(facts)
        return result
    except runtime.FactsError as exc:
        raise Problem(422, str(exc), field=exc.path) from None
    except runtime.LawError as exc:
        raise Problem(422, str(exc), kind="law") from None


class Service:
    """The routes over a dict of loaded statutes."""

    def __init__(self, statutes: Iterable[Statute]) -> None:
        self.statutes = {s.name: s for s in statutes}

    def statute(self, request: Request) -> Statute:
        name = request.path_params["name"]
        found = self.statutes.get(name) if isinstance(name, str) else None
        if found is None:
            raise Problem(404, f"no statute {name!r} is served", statutes=sorted(self.statutes))
        return found

    async def list(self, request: Request) -> Response:
        out = []
        for name, s in self.statutes.items():
            meta = s.module.STATUTE
            out.append({"name": name, "title": meta["title"],
                        "jurisdiction": meta.get("jurisdiction"),
                        "in_force_from": meta.get("in_force_from"),
                        "in_force_until": meta.get("in_force_until"),
                        "decisions": {k: {"values": d["values"], "question": d["question"]}
                                      for k, d in meta["decisions"].items()}})
        return JSONResponse({"statutes": out})

    async def schema(self, request: Request) -> Response:
        return JSONResponse(self.statute(request).module.SCHEMA)

    async def decide(self, request: Request) -> Response:
        statute = self.statute(request)
        return JSONResponse(_decide(statute, await _body(request)))

    async def batch(self, request: Request) -> Response:
        statute = self.statute(request)
        body = await _body(request)
        cases = body.get("cases") if isinstance(body, dict) else None
        if not isinstance(cases, list):
            raise Problem(422, 'expected {"cases": [facts, ...]}', field="cases")
        if len(cases) > MAX_BATCH:
            raise Problem(422, f"a batch of more than {MAX_BATCH} cases", field="cases")
        results: list[dict[str, object]] = []
        for i, facts in enumerate(cases):
            try:
                results.append({"result": _decide(statute, facts)})
            except Problem as exc:
                detail = dict(exc.body)
                if "field" in detail:
                    detail["field"] = runtime.join(f"cases[{i}]", detail["field"]) \
                        if detail["field"] else f"cases[{i}]"
                results.append(detail)
        return JSONResponse({"results": results})

    async def explain(self, request: Request) -> Response:
        statute = self.statute(request)
        fmt = _format(request)
        wanted = request.query_params.get("decision")
        keys = list(statute.explainers) if wanted is None else [names.key(wanted)]
        if any(k not in statute.explainers for k in keys):
            raise Problem(422, f"the law has no decision {wanted!r}", field="decision",
                          decisions=list(statute.explainers))
        facts = await _body(request)
        _decide(statute, facts)  # the same 422 for bad facts or a law that cannot decide
        explanations = [getattr(statute.module, statute.explainers[k])(facts) for k in keys]
        if fmt == "json":
            return JSONResponse({"explanations": [e.to_dict() for e in explanations]})
        if fmt == "text":
            return PlainTextResponse("\n".join(e.text() for e in explanations))
        markdown = "\n".join(e.markdown() for e in explanations)
        if fmt == "markdown":
            return Response(markdown, media_type="text/markdown; charset=utf-8")
        return HTMLResponse(explanations_page(str(statute.module.STATUTE["title"]),
                                              [e.to_dict() for e in explanations]))

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi(self.statutes))

    async def docs(self, request: Request) -> Response:
        rows = []
        for path, item in openapi(self.statutes)["paths"].items():
            for method, op in item.items():
                rows.append(f"<tr><td><code>{esc(method.upper())}</code></td><td><code>"
                            f"{esc(path)}</code></td><td>{esc(op['summary'])}</td></tr>")
        body = ("<p>The OpenAPI document is <a href=\"/openapi.json\">/openapi.json</a>.</p>"
                "<table><tr><th>method</th><th>path</th><th>what</th></tr>"
                + "".join(rows) + "</table>")
        return HTMLResponse(page("lawc: the laws served", body))


def _format(request: Request) -> str:
    fmt = request.query_params.get("format")
    if fmt is None:
        accept = request.headers.get("accept", "")
        for part in accept.split(","):
            found = _ACCEPT.get(part.split(";")[0].strip())
            if found:
                return found
        return "json"
    if fmt not in FORMATS:
        raise Problem(422, f"format must be one of {', '.join(FORMATS)}", field="format")
    return fmt


def _rebased(schema: object, prefix: str) -> object:
    """A schema whose `#/$defs/x` references point at `#/components/schemas/<prefix>_x`."""
    if isinstance(schema, dict):
        out: dict[object, object] = {}
        for k, v in schema.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/"):
                out[k] = f"#/components/schemas/{prefix}_{v.removeprefix('#/$defs/')}"
            elif k not in ("$defs", "$schema"):
                out[k] = _rebased(v, prefix)
        return out
    if isinstance(schema, list):
        return [_rebased(v, prefix) for v in schema]
    return schema


def openapi(statutes: dict[str, Statute]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service: each statute's facts and result schemas as
    components, the request and response of its routes."""
    components: dict[str, object] = {
        "Error": {"type": "object", "properties": {"error": {"type": "string"},
                                                   "field": {"type": "string"}},
                  "required": ["error"]}}
    paths: dict[str, object] = {
        "/statutes": {"get": {"summary": "The statutes served", "responses": {
            "200": {"description": "the statutes, with their decisions"}}}}}
    error = {"description": "bad facts (the field named), or a law that cannot decide",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for name, s in statutes.items():
        prefix = name.replace("/", "_")
        facts, result = s.module.SCHEMA["facts"], s.module.SCHEMA["result"]
        for key, sub in facts.get("$defs", {}).items():
            components[f"{prefix}_{key}"] = _rebased(sub, prefix)
        components[f"{prefix}_facts"] = _rebased(facts, prefix)
        components[f"{prefix}_result"] = _rebased(result, prefix)
        facts_ref = {"$ref": f"#/components/schemas/{prefix}_facts"}
        result_ref = {"$ref": f"#/components/schemas/{prefix}_result"}
        title = s.module.STATUTE["title"]
        body = {"required": True, "content": {"application/json": {"schema": facts_ref}}}
        paths[f"/statutes/{name}/schema"] = {"get": {
            "summary": f"{title}: the JSON Schemas of the facts and the result",
            "responses": {"200": {"description": "the schemas"}}}}
        paths[f"/statutes/{name}/decide"] = {"post": {
            "summary": f"{title}: every decision for one case", "requestBody": body,
            "responses": {"200": {"description": "the decisions", "content": {
                "application/json": {"schema": result_ref}}}, "422": error}}}
        paths[f"/statutes/{name}/explain"] = {"post": {
            "summary": f"{title}: why each decision is what it is", "requestBody": body,
            "parameters": [
                {"name": "decision", "in": "query", "schema": {"type": "string"}},
                {"name": "format", "in": "query", "schema": {"enum": list(FORMATS)}}],
            "responses": {"200": {"description": "the explanations"}, "422": error}}}
        paths[f"/statutes/{name}/batch"] = {"post": {
            "summary": f"{title}: the decisions for up to {MAX_BATCH} cases",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["cases"], "properties": {"cases": {
                    "type": "array", "maxItems": MAX_BATCH, "items": facts_ref}}}}}},
            "responses": {"200": {"description": "a result or an error per case"},
                          "422": error}}}
    return {"openapi": "3.1.0",
            "info": {"title": "lawc: decisions of compiled laws", "version": __version__},
            "paths": paths, "components": {"schemas": components}}


def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return JSONResponse(exc.body, status_code=exc.status)


def app(statutes: Iterable[Statute]) -> Starlette:
    """The Starlette application serving `statutes`."""
    service = Service(statutes)
    routes = [
        Route("/statutes", service.list, methods=["GET"]),
        Route("/statutes/{name:path}/schema", service.schema, methods=["GET"]),
        Route("/statutes/{name:path}/decide", service.decide, methods=["POST"]),
        Route("/statutes/{name:path}/explain", service.explain, methods=["POST"]),
        Route("/statutes/{name:path}/batch", service.batch, methods=["POST"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
        Route("/docs", service.docs, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={Problem: _problem})


def run(programs: Iterable[c.Program], host: str, port: int) -> None:
    """Serve the programs with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app([load(p) for p in programs]), host=host, port=port, log_level="info")
