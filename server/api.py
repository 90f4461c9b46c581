"""The saved-query API: /api/queries (the catalogue), /api/queries/NAME (answers), NAME.rq, /api/openapi.json."""
from __future__ import annotations

import hashlib
import json
import threading

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from kg import catalogue
from kg.catalogue import ParameterError, SavedQuery
from kg.resolve import EntityIndex
from kg.results import render_csv
from kg.runner import run_saved
from server import answer, openapi, sparql_guard
from server.evaluate import Job
from server.problems import Problem

bp = Blueprint("api", __name__, url_prefix="/api")

FORMATS = {
    "json": "application/json",
    "csv": "text/csv",
    "sparql-json": "application/sparql-results+json",
}
_index_lock = threading.Lock()


def execute(text: str, substitutions: dict) -> bytes:
    """Run a saved query like any /sparql query: allowlist, time limit, result limit, killable."""
    settings = current_app.config["KG"]
    job = Job(
        "query", text,
        results_format="application/sparql-results+json",
        max_results=settings["max_results"],
        has_service=sparql_guard.check_query(text, settings["service_allowlist"]),
        substitutions=tuple((variable.value, term) for variable, term in substitutions.items()),
    )
    return answer.respond(job).get_data()


def _catalogue() -> dict[str, SavedQuery]:
    """The catalogue, read once per process (the .rq files are part of the release)."""
    ext = current_app.extensions
    if "kg_catalogue" not in ext:
        ext["kg_catalogue"] = catalogue.load_catalogue(current_app.config["KG"]["queries"])
    return ext["kg_catalogue"]


def _saved(name: str) -> SavedQuery:
    try:
        return catalogue.get(_catalogue(), name)
    except catalogue.UnknownQuery as exc:
        raise Problem(404, str(exc)) from None


def entity_index() -> EntityIndex:
    """Labels and QIDs of the current store version, rebuilt when the version changes."""
    store = current_app.extensions["kg_store"]
    version = store.version()
    with _index_lock:
        cached = current_app.extensions.get("kg_entity_index")
        if cached is None or cached[0] != version:
            cached = (version, EntityIndex.from_store(store.snapshot()))
            current_app.extensions["kg_entity_index"] = cached
        return cached[1]


def describe(saved: SavedQuery) -> dict:
    """One catalogue entry as JSON."""
    return {
        "name": saved.name,
        "summary": saved.summary,
        "description": saved.description,
        "tags": list(saved.tags),
        "params": [
            {"name": p.name, "type": p.type, "description": p.description, "required": p.required,
             "default": p.default, **({"values": list(p.values)} if p.values else {})}
            for p in saved.params.values()
        ],
        "columns": list(saved.columns),
        "example": saved.example,
        "url": url_for("api.run_query", name=saved.name, _external=False),
        "sparql": url_for("api.query_text", name=saved.name, _external=False),
    }


@bp.route("/queries")
def list_queries() -> Response:
    return jsonify([describe(q) for q in _catalogue().values()])


@bp.route("/queries/<name>.rq")
def query_text(name: str) -> Response:
    return Response(_saved(name).text, content_type="application/sparql-query; charset=utf-8")


def _format() -> str:
    asked = request.args.get("format")
    if asked:
        if asked not in FORMATS:
            raise Problem(400, f"Unknown format {asked!r}; use one of {', '.join(FORMATS)}")
        return asked
    best = request.accept_mimetypes.best_match(
        ["application/json", "text/csv", "application/sparql-results+json"], default="application/json"
    )
    return {v: k for k, v in FORMATS.items()}[best]


@bp.route("/queries/<name>")
def run_query(name: str) -> Response:
    saved = _saved(name)
    fmt = _format()
    params = {k: v for k, v in request.args.items() if k != "format"}
    store = current_app.extensions["kg_store"]
    etag = hashlib.sha256(json.dumps([store.version(), name, sorted(params.items()), fmt]).encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    try:
        result = run_saved(saved, params, current_app.extensions["kg_execute"], entity_index(),
                           settings=current_app.config["KG"])  # a federated query's endpoint
    except ParameterError as exc:
        raise Problem(400, str(exc), candidates=exc.candidates) from None
    if fmt == "csv":
        body = render_csv(result.columns, result.records())
    elif fmt == "sparql-json":
        body = json.dumps(result.sparql_json(), ensure_ascii=False)
    else:
        body = json.dumps(result.records(), ensure_ascii=False)
    resp = Response(body, content_type=f"{FORMATS[fmt]}; charset=utf-8")
    resp.set_etag(etag)
    resp.headers["Vary"] = "Accept"
    resp.headers["X-KG-Store-Version"] = store.version() or ""
    return resp


@bp.route("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi.spec(_catalogue(), request.host_url.rstrip("/")))
