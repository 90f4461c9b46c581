"""Read the store through the SPARQL 1.1 Graph Store HTTP Protocol at /store (indirect graph identification).

https://www.w3.org/TR/sparql11-http-rdf-update/ : ``GET /store?graph=IRI`` answers
that named graph (404 if the store has none by that name), ``GET /store?default``
the default graph, which here as in queries is the union of all graphs, and
``GET /store`` with neither the whole dataset (TriG, N-Quads or JSON-LD). The
store is read-only here: PUT, POST, DELETE and PATCH answer 405, writes go
through /update with a token.
"""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import MethodNotAllowed

from server import negotiation, params
from server.answer import respond
from server.evaluate import Job
from server.problems import Problem

bp = Blueprint("graph_store", __name__)

_ALL_TRIPLES = "CONSTRUCT WHERE { ?s ?p ?o }"


@bp.route("/store", methods=["GET", "PUT", "POST", "DELETE", "PATCH"])
def store() -> Response:
    if request.method not in ("GET", "HEAD"):
        raise MethodNotAllowed(["GET", "HEAD"], "the graph store is read-only here; change the data with a "
                                                "SPARQL update: POST /update with the server's token")
    settings = current_app.config["KG"]
    args = params.url_params(request, settings["max_request_bytes"])
    graph, default = args.one("graph"), "default" in args.names()
    fmt = args.one("format") or args.one("output")
    limit = settings["max_results"]
    if graph is not None and default:
        raise Problem(400, "give either ?graph=IRI or ?default, not both")
    if graph is not None:
        try:
            pyoxigraph.NamedNode(graph)
        except ValueError as exc:
            raise Problem(400, f"graph {graph!r} is not an IRI: {exc}") from None
        return respond(Job("query", _ALL_TRIPLES, default_graphs=(graph,), named_graphs=(),
                           graph_format=_choose(negotiation.GRAPHS, fmt), max_results=limit,
                           graph_must_exist=graph))
    if default:
        return respond(Job("query", _ALL_TRIPLES, graph_format=_choose(negotiation.GRAPHS, fmt), max_results=limit))
    return respond(Job("dump", graph_format=_choose(negotiation.DATASETS, fmt), max_results=limit))


def _choose(family: dict, fmt: str | None) -> str:
    chosen = negotiation.choose(family, request.accept_mimetypes, fmt)
    if chosen is None:
        raise Problem(406, f"cannot answer as {request.headers.get('Accept', '')!r}; available: "
                           f"{', '.join(sorted(set(family.values())))}")
    return chosen
