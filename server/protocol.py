"""SPARQL 1.1 Protocol: /sparql for queries, and /health."""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, current_app, jsonify, request

from server.problems import Problem

bp = Blueprint("protocol", __name__)

RESULT_FORMATS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/n-quads": pyoxigraph.RdfFormat.N_QUADS,
    "application/trig": pyoxigraph.RdfFormat.TRIG,
}


def _store():
    return current_app.extensions["kg_store"]


def _query_text() -> str:
    if request.method == "GET":
        values = request.args.getlist("query")
    elif request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        values = request.form.getlist("query")
    else:
        raise Problem(415, f"unsupported content type {request.mimetype!r}; send "
                      "application/x-www-form-urlencoded or application/sparql-query")
    if not values:
        raise Problem(400, "missing 'query' parameter")
    if len(values) > 1:
        raise Problem(400, "more than one 'query' parameter")
    return values[0]


def _negotiate(formats: dict, default: str) -> tuple[str, object]:
    if not request.accept_mimetypes or request.accept_mimetypes.best in (None, "*/*"):
        return default, formats[default]
    best = request.accept_mimetypes.best_match(list(formats), default=None)
    if best is None:
        raise Problem(406, f"cannot serve {request.headers.get('Accept')}; available: {', '.join(formats)}")
    return best, formats[best]


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    text = _query_text()
    try:
        answer = _store().snapshot().query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise Problem(400, f"query does not parse: {exc}") from None
    if isinstance(answer, pyoxigraph.QueryTriples):
        mime, fmt = _negotiate(GRAPH_FORMATS, "text/turtle")
        body = pyoxigraph.serialize(answer, format=fmt)
    else:
        mime, fmt = _negotiate(RESULT_FORMATS, "application/sparql-results+json")
        body = answer.serialize(format=fmt)
    return Response(body, content_type=f"{mime}; charset=utf-8")


@bp.route("/health")
def health() -> Response:
    store = _store()
    version = store.version()
    return jsonify({"ok": version is not None, "store": str(store.path), "version": version})
