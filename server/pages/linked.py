"""Linked data: /id/<kind>/<key> answers for https://w3id.org/aseankg/id/<kind>/<key>.

Browsers (Accept: text/html) get 303 See Other to the thing's page; clients get its
description as Turtle (also for */* or no Accept), JSON-LD or N-Triples: every triple
with the thing as subject, the triples of the nodes named under its IRI that it links to
(evidence#target, event/participation/..., agreement/provision), and the labels of what
they point at. The CONSTRUCT runs in the
executor pool like every other query.
"""
from __future__ import annotations

from flask import Response, current_app, redirect, request
from pyoxigraph import Literal, NamedNode

from kg import rdf
from server.answer import respond
from server.api import entity_index
from server.evaluate import Job
from server.pages import errors, render
from server.pages.terms import page_url
from server.problems import Problem

bp = errors.blueprint("linked", __name__)
RDF_TYPES = {"text/turtle": "text/turtle", "application/x-turtle": "text/turtle",
             "application/ld+json": "application/ld+json", "application/json": "application/ld+json",
             "application/n-triples": "application/n-triples", "text/plain": "application/n-triples"}
HTML_TYPES = ("text/html", "application/xhtml+xml")

# The thing and its prefixes are written into the text as N-Triples terms (an IRI the store
# knows, string literals): a group cannot see a VALUES binding made outside it.
DESCRIBE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?s ?p ?o . ?o rdfs:label ?label . ?o skos:prefLabel ?pref . }
WHERE {
  { %(thing)s ?p ?o . BIND(%(thing)s AS ?s) }
  UNION
  { %(thing)s ?link ?s .
    FILTER(isIRI(?s) && (STRSTARTS(STR(?s), %(hash)s) || STRSTARTS(STR(?s), %(slash)s)))
    ?s ?p ?o }
  OPTIONAL { ?o rdfs:label ?label }
  OPTIONAL { ?o skos:prefLabel ?pref }
}
"""


def negotiate() -> str:
    """``html`` or the RDF media type to answer with; 406 when neither is acceptable."""
    accept = request.accept_mimetypes
    if not accept or accept.best in (None, "*/*"):
        return "text/turtle"
    best = accept.best_match([*HTML_TYPES, *RDF_TYPES], default=None)
    if best is None:
        raise Problem(406, f"cannot describe this thing as {request.headers.get('Accept')}; "
                      f"available: text/html (303 to its page), {', '.join(sorted(set(RDF_TYPES.values())))}")
    return "html" if best in HTML_TYPES else RDF_TYPES[best]


@bp.route("/id/<kind>/<path:key>")
@render.cached(variant=negotiate)
def dereference(kind: str, key: str):
    iri = rdf.thing_iri(kind, key).value
    index = entity_index()
    if iri not in index.iris and iri not in index.things:
        raise Problem(404, f"Nothing in the graph has the IRI {iri}")
    media = negotiate()
    if media == "html":
        resp = redirect(page_url(iri), code=303)
        resp.headers["Vary"] = "Accept"
        return resp
    text = DESCRIBE % {"thing": NamedNode(iri), "hash": Literal(iri + "#"), "slash": Literal(iri + "/")}
    resp = respond(Job("query", text, graph_format=media, results_format=None,
                       max_results=current_app.config["KG"]["max_results"]))
    resp.headers["Link"] = f'<{page_url(iri)}>; rel="alternate"; type="text/html"'
    return resp
