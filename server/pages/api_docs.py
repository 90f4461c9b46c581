"""/api/docs: the query API's documentation as a page, generated on the server from /api/openapi.json.

The page reads the same document the JSON URL serves (server.openapi.spec), so the two
never disagree: one entry per operation, anchored by its operationId
(``/api/docs#op-meetings``), with its parameters, responses, an example URL and its
saved-query page.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import request

from server import openapi
from server.pages import errors, panels, render

bp = errors.blueprint("api_docs", __name__)


def _schema_text(schema: dict) -> str:
    """A parameter's schema in words: type, format, allowed values, default.

    >>> _schema_text({"type": "string", "enum": ["a", "b"], "default": "a"})
    'string, one of a, b; default a'
    """
    text = schema.get("type", "any")
    if isinstance(text, list):
        text = " or ".join(text)
    if "format" in schema:
        text += f" ({schema['format']})"
    if "enum" in schema:
        text += ", one of " + ", ".join(map(str, schema["enum"]))
    if "default" in schema:
        text += f"; default {schema['default']}"
    return text


def operations(document: dict) -> list[dict]:
    """Every GET operation of the document with its path, in the document's order, ready to show."""
    out = []
    for path, methods in document["paths"].items():
        op = methods["get"]
        out.append({
            "path": path, "id": op["operationId"], "summary": op.get("summary", ""),
            "description": op.get("description", ""), "tags": op.get("tags", []),
            "parameters": [dict(p, schema_text=_schema_text(p.get("schema", {}))) for p in op.get("parameters", [])],
            "responses": [(code, r.get("description", ""), list(r.get("content", {})))
                          for code, r in op.get("responses", {}).items()],
        })
    return out


@bp.route("/api/docs")
@render.cached
def api_docs():
    queries = panels.saved_queries()
    document = openapi.spec(queries, request.host_url.rstrip("/"))
    examples = {openapi.operation_id(q): f"/api/queries/{q.name}" + (f"?{urlencode(q.example)}" if q.example else "")
                for q in queries.values() if not (q.params and any(p.required and p.default is None
                                                                    for p in q.params.values()) and not q.example)}
    pages = {openapi.operation_id(q): q.name for q in queries.values()}
    return render.html("api_docs.html", title="API documentation", info=document["info"], server=document["servers"][0],
                       operations=operations(document), examples=examples, pages=pages,
                       error_schema=json.dumps(document["components"]["schemas"]["Error"], indent=1),
                       description="The saved-query API, one operation per query, from the OpenAPI 3.1 document.")
