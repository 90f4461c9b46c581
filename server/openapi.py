"""OpenAPI 3.1 description of the query API, generated from the saved queries' headers."""
from __future__ import annotations

from kg.catalogue import Param, SavedQuery

_SCHEMAS = {
    "entity": {"type": "string", "description": "A label or alias (any case), a Wikidata QID or an IRI"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
}

_ERROR = {
    "type": "object",
    "required": ["ok", "status", "error", "errors"],
    "properties": {
        "ok": {"const": False},
        "status": {"type": "integer"},
        "error": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "string"}},
        "candidates": {"type": "array", "items": {"type": "object"}},
    },
}


def _param_schema(p: Param) -> dict:
    schema = dict(_SCHEMAS.get(p.type, {"type": "string"}))
    if p.type == "enum":
        schema = {"type": "string", "enum": list(p.values)}
    if p.default is not None:
        schema["default"] = p.default
    return schema


def operation_id(q: SavedQuery) -> str:
    """The OpenAPI operationId of a saved query (also the anchor of its entry in /api/docs).

    >>> operation_id(SavedQuery("co-participants", ""))
    'co_participants'
    """
    return q.name.replace("-", "_")


def _operation(q: SavedQuery) -> dict:
    row = {"type": "object", "properties": {c: {"type": ["string", "number", "null"]} for c in q.columns}}
    parameters = [
        {"name": p.name, "in": "query", "required": p.required, "description": p.description or p.name,
         "schema": _param_schema(p)}
        for p in q.params.values()
    ]
    parameters.append({
        "name": "format", "in": "query", "required": False,
        "description": "json (objects keyed by column), csv, or sparql-json; or use the Accept header",
        "schema": {"type": "string", "enum": ["json", "csv", "sparql-json"]},
    })
    return {
        "operationId": operation_id(q),
        "summary": q.summary or q.name,
        "description": q.description or q.summary or q.name,
        "tags": list(q.tags) or ["queries"],
        "parameters": parameters,
        "responses": {
            "200": {
                "description": f"Rows with columns {', '.join(q.columns)}",
                "content": {
                    "application/json": {"schema": {"type": "array", "items": row}},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/sparql-results+json": {"schema": {"type": "object"}},
                },
            },
            "304": {"description": "Not modified since the ETag given in If-None-Match"},
            "400": {"description": "A parameter is missing, unknown or invalid",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "404": {"description": "No such query",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    }


def spec(queries: dict[str, SavedQuery], server_url: str) -> dict:
    """The whole document: one GET operation per saved query."""
    paths = {f"/api/queries/{q.name}": {"get": _operation(q)} for q in queries.values()}
    paths["/api/queries"] = {"get": {
        "operationId": "list_queries", "summary": "The catalogue of saved queries",
        "responses": {"200": {"description": "Every saved query with its parameters and columns",
                              "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}},
    }}
    paths["/api/complete"] = {"get": {
        "operationId": "complete", "summary": "Completions for the SPARQL editor, from the graph itself",
        "description": "Ontology classes and properties with their labels, or entities by label, alias or "
                       "Wikidata QID, best first.",
        "parameters": [
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"},
             "description": "What has been typed so far"},
            {"name": "kind", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["class", "property", "entity"], "default": "entity"}},
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
        ],
        "responses": {
            "200": {"description": "Matches: iri, prefixed, label, kind, matched, qid",
                    "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
            "400": {"description": "A q, kind or limit it cannot use",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    }}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ASEAN–Myanmar knowledge graph: saved queries",
            "version": "1.0.0",
            "description": "Each saved query in queries/*.rq is an operation. Names, parameters and "
                           "columns are a stable contract.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": {"Error": _ERROR}},
    }
