"""The ontology at its namespace IRI path: /ontology and /ontology/<version>, content-negotiated.

Browsers (Accept: text/html) get the pyLODE reference; clients get Turtle (also for */* or
no Accept), RDF/XML, JSON-LD or N-Triples by Accept, or by a file extension on the path
(/ontology.ttl, .rdf, .jsonld, .nt, .html) for links that cannot set headers.
"""
from __future__ import annotations

from flask import Blueprint, Response, request

from kg import ontology_docs
from server.problems import Problem

bp = Blueprint("ontology", __name__)

OFFERED = ["text/turtle", ontology_docs.HTML, *[t for t in ontology_docs.RDF_FORMATS if t != "text/turtle"]]
ALIASES = {"application/x-turtle": "text/turtle", "application/xhtml+xml": ontology_docs.HTML,
           "application/xml": "application/rdf+xml", "application/json": "application/ld+json",
           "text/plain": "application/n-triples"}
EXTENSIONS = {"ttl": "text/turtle", "html": ontology_docs.HTML, "rdf": "application/rdf+xml",
              "owl": "application/rdf+xml", "jsonld": "application/ld+json", "nt": "application/n-triples"}


def _negotiate() -> str:
    accept = request.accept_mimetypes
    if not accept or accept.best in (None, "*/*"):
        return "text/turtle"
    best = accept.best_match(OFFERED + list(ALIASES), default=None)
    if best is None:
        raise Problem(406, f"cannot serve the ontology as {request.headers.get('Accept')}; "
                      f"available: {', '.join(OFFERED)}")
    return ALIASES.get(best, best)


def _answer(media_type: str) -> Response:
    body = ontology_docs.render(media_type)
    resp = Response(body, content_type=f"{media_type}; charset=utf-8")
    resp.headers["Vary"] = "Accept"
    resp.headers["Link"] = f'<{ontology_docs.load().version_iri}>; rel="version"'
    return resp


def _check_version(version: str) -> None:
    current = ontology_docs.load().version
    if version != current:
        raise Problem(404, f"no ontology version {version!r}; this server has {current}: /ontology/{current}")


@bp.route("/ontology")
@bp.route("/ontology/")
def ontology() -> Response:
    return _answer(_negotiate())


@bp.route("/ontology/<version>")
def ontology_version(version: str) -> Response:
    _check_version(version)
    return _answer(_negotiate())


_EXT = "<any(" + ", ".join(EXTENSIONS) + "):ext>"


@bp.route(f"/ontology.{_EXT}")
@bp.route(f"/ontology/<version>.{_EXT}")
def ontology_file(ext: str, version: str | None = None) -> Response:
    if version is not None:
        _check_version(version)
    return _answer(EXTENSIONS[ext])
