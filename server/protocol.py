"""SPARQL 1.1 Protocol: queries at /sparql, updates at /update, and /health.

https://www.w3.org/TR/sparql11-protocol/ : a query by GET, by POST of a form, or by
POST of application/sparql-query; an update by POST of a form or of
application/sparql-update, with a bearer token. Views only read the request, check
it, and hand a Job to server.answer; SPARQL runs in executor processes.
"""
from __future__ import annotations

import hashlib
import hmac

import pyoxigraph
from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import MethodNotAllowed

from kg import sparql_lexer
from kg.backend import BackendError
from server import negotiation, params, service_description, sparql_guard
from server.answer import respond
from server.evaluate import Job
from server.problems import Problem

bp = Blueprint("protocol", __name__)

_FORM = "application/x-www-form-urlencoded"


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer a query; with no query at all, describe the service."""
    settings = current_app.config["KG"]
    args, text = _query_request(settings["max_request_bytes"])
    if text is None:
        if request.method == "GET" and not args.names() - {"format", "output"}:
            return service_description.describe_service()
        raise Problem(400, "missing 'query' parameter: give the SPARQL query as ?query=..., as a form "
                           "field, or as an application/sparql-query body")
    g.query_hash = query_hash(text)
    if sparql_lexer.first_operation(text) in sparql_lexer.UPDATE_KEYWORDS:
        raise Problem(400, "this is a SPARQL update, not a query: POST it to /update")
    has_service = sparql_guard.check_query(text, settings["service_allowlist"])
    default_graphs, named_graphs = _dataset(args, "default-graph-uri", "named-graph-uri")
    fmt = args.one("format") or args.one("output")
    results_format = negotiation.choose(negotiation.RESULTS, request.accept_mimetypes, fmt)
    graph_format = negotiation.choose(negotiation.GRAPHS, request.accept_mimetypes, fmt)
    if results_format is None and graph_format is None:  # no need to run the query to know
        raise Problem(406, f"cannot answer as {request.headers.get('Accept', '')!r}: answers are available as "
                           f"{', '.join(sorted(set(negotiation.RESULTS.values()) | set(negotiation.GRAPHS.values())))}")
    return respond(Job(
        "query", text,
        default_graphs=default_graphs, named_graphs=named_graphs,
        union=not sparql_lexer.has_dataset_clause(text),
        results_format=results_format, graph_format=graph_format,
        max_results=settings["max_results"], has_service=has_service,
    ))


@bp.route("/update", methods=["GET", "POST"])
def update() -> Response:
    """Apply an update to a new store version, for a client with the bearer token."""
    if request.method != "POST":
        raise MethodNotAllowed(["POST"], "updates must be sent by POST (SPARQL 1.1 Protocol, section 2.2)")
    settings = current_app.config["KG"]
    if not settings["update_token"]:
        raise Problem(403, "updates are off on this server: it was started without KG_UPDATE_TOKEN")
    _authorize(settings["update_token"])
    args, text = _update_request(settings["max_request_bytes"])
    g.query_hash = query_hash(text)
    sparql_guard.check_update(text, settings["service_allowlist"])
    using, using_named = _dataset(args, "using-graph-uri", "using-named-graph-uri")
    if using is not None or using_named is not None:
        try:
            text = sparql_lexer.add_using(text, list(using or ()), list(using_named or ()))
        except sparql_lexer.DatasetConflict as exc:
            raise Problem(400, str(exc)) from None
    return respond(Job("update", text, has_service="service" in text.lower()))


@bp.route("/health")
def health() -> Response:
    store = current_app.extensions["kg_store"]
    # A remote engine's URL stays private: /health names only its kind.
    where = str(store.path) if store.kind == "embedded" else f"remote SPARQL engine ({store.engine.name})"
    try:
        version, error = store.version(), None
    except BackendError as exc:
        version, error = None, str(exc)
    resp = jsonify({
        "ok": version is not None, "store": where, "version": version,
        "executors": current_app.extensions["kg_executors"].stats(), **({"error": error} if error else {}),
    })
    resp.status_code = 503 if error else 200
    return resp


def query_hash(text: str) -> str:
    """A short stable identifier of a request's SPARQL text, for the access log."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _query_request(limit: int) -> tuple[params.Params, str | None]:
    """The parameters and the query text (None if there is none) of a query request."""
    args = params.url_params(request, limit)
    if request.method == "GET":
        if args.all("update"):
            raise Problem(400, "updates are not accepted here: POST them to /update")
        return args, args.one("query")
    if request.mimetype == _FORM:
        args.extend(params.form_params(request, limit))
        if args.all("update") and not args.all("query"):
            raise Problem(400, "this is an update request: POST it to /update")
        text = args.one("query")
        if text is None:
            raise Problem(400, "missing 'query' parameter in the form")
        return args, text
    if request.mimetype == "application/sparql-query":
        if args.all("query"):
            raise Problem(400, "the query is both in the body and in the URL; send it once")
        return args, params.text_body(request, limit)
    if request.mimetype == "application/sparql-update":
        raise Problem(415, "updates are not accepted here: POST them to /update")
    raise Problem(415, f"unsupported content type {request.mimetype or '(none)'!r} for a query; send "
                       f"{_FORM} or application/sparql-query")


def _update_request(limit: int) -> tuple[params.Params, str]:
    args = params.url_params(request, limit)
    if request.mimetype == _FORM:
        args.extend(params.form_params(request, limit))
        if args.all("query") and not args.all("update"):
            raise Problem(400, "this is a query request: send it to /sparql")
        text = args.one("update")
        if text is None:
            raise Problem(400, "missing 'update' parameter in the form")
        return args, text
    if request.mimetype == "application/sparql-update":
        return args, params.text_body(request, limit)
    raise Problem(415, f"unsupported content type {request.mimetype or '(none)'!r} for an update; send "
                       f"{_FORM} or application/sparql-update")


def _dataset(args: params.Params, default_name: str, named_name: str):
    """The graphs a request names for its dataset: (default, named), None when not given."""
    default_graphs, named_graphs = args.all(default_name), args.all(named_name)
    for iri in default_graphs + named_graphs:
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as exc:
            raise Problem(400, f"{iri!r} is not an IRI: {exc}") from None
    if not default_graphs and not named_graphs:
        return None, None
    return tuple(default_graphs), tuple(named_graphs)


def _authorize(token: str) -> None:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Problem(401, "updates need the header 'Authorization: Bearer <token>' with the "
                           "server's KG_UPDATE_TOKEN", headers={"WWW-Authenticate": 'Bearer realm="kg update"'})
