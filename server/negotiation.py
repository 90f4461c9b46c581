"""Choose the answer's media type from the request's Accept header (q-values) or format parameter.

Each family lists the types the endpoint writes, preferred (default) first; a type
the client asks for by an alias is answered with the canonical one. ``*/*`` or no
Accept gets the default. A ``format`` or ``output`` parameter (as Fuseki takes, and
as SPARQLWrapper sends) wins over Accept when it names a known format.
"""
from __future__ import annotations

import functools

from werkzeug.datastructures import MIMEAccept

# media type asked for -> media type written (keys of server.evaluate.RESULTS / GRAPHS)
RESULTS = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
GRAPHS = {
    "text/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "text/plain": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
    "application/xml": "application/rdf+xml",
    "application/ld+json": "application/ld+json",
    "application/json": "application/ld+json",
    "application/trig": "application/trig",
    "application/n-quads": "application/n-quads",
}
DATASETS = {
    "application/trig": "application/trig",
    "application/n-quads": "application/n-quads",
    "text/x-nquads": "application/n-quads",
    "application/ld+json": "application/ld+json",
}
# the values of ?format= / ?output= for each family
_NAMES = {
    id(RESULTS): {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"},
    id(GRAPHS): {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
                 "ntriples": "application/n-triples", "xml": "application/rdf+xml", "rdfxml": "application/rdf+xml",
                 "json": "application/ld+json", "jsonld": "application/ld+json", "trig": "application/trig",
                 "nquads": "application/n-quads", "nq": "application/n-quads"},
    id(DATASETS): {"trig": "application/trig", "nquads": "application/n-quads", "nq": "application/n-quads",
                   "json": "application/ld+json", "jsonld": "application/ld+json"},
}
_FAMILIES = {id(f): f for f in (RESULTS, GRAPHS, DATASETS)}


def choose(family: dict, accept: MIMEAccept, format_param: str | None = None) -> str | None:
    """The media type to write for ``family``, or None if the client accepts none of them.

    >>> import functools

from werkzeug.datastructures import MIMEAccept
    >>> choose(RESULTS, MIMEAccept([("text/csv", 0.5), ("application/sparql-results+xml", 0.9)]))
    'application/sparql-results+xml'
    >>> choose(GRAPHS, MIMEAccept([("*/*", 1)]))
    'text/turtle'
    >>> choose(RESULTS, MIMEAccept([("text/html", 1)])) is None
    True
    """
    if format_param:
        named = _NAMES[id(family)].get(format_param.lower()) or family.get(format_param.lower())
        if named:
            return named
    if not accept:
        return next(iter(family.values()))
    return _best(id(family), tuple(accept))


@functools.lru_cache(maxsize=512)
def _best(family_id: int, accept: tuple) -> str | None:
    """Werkzeug's q-value match, remembered: clients send the same few Accept headers again and again."""
    family = _FAMILIES[family_id]
    best = MIMEAccept(accept).best_match(list(family), default=None)
    return family[best] if best else None


def charset(media_type: str) -> str:
    """The Content-Type header value for a media type this endpoint writes.

    Every format is UTF-8; as Oxigraph's server does, only CSV and TSV, whose media
    types default to another charset, say so.

    >>> charset("text/csv"), charset("text/turtle")
    ('text/csv; charset=utf-8', 'text/turtle')
    """
    return f"{media_type}; charset=utf-8" if media_type in ("text/csv", "text/tab-separated-values") else media_type
