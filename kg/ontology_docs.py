"""The ontology in every format it is served in: pyLODE HTML reference, Turtle, RDF/XML, JSON-LD, N-Triples.

Everything is made from ``ontology/kg.ttl`` on first use and cached in memory, keyed by the
file's content hash, so an edited ontology is picked up without a restart. The HTML takes
about a second (pyLODE); write it once ahead of time with::

    .venv/bin/python -m kg.ontology_docs build/ontology.html

pyLODE treats every ``skos:ConceptScheme`` as a second ontology header (its title would win),
so the reference is made from the ontology without the scheme type triples; the concepts
themselves are still in every RDF format.
"""
from __future__ import annotations

import hashlib
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, SKOS

from kg.config import PROJECT_ROOT

ONTOLOGY = PROJECT_ROOT / "ontology" / "kg.ttl"
ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/aseankg/ontology")

# media type -> rdflib serializer format
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "pretty-xml",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}
HTML = "text/html"


@dataclass(frozen=True)
class Ontology:
    """One version of the ontology file, parsed."""

    graph: rdflib.Graph
    digest: str

    @property
    def version(self) -> str:
        """The owl:versionInfo of the header ('0.2.0')."""
        return str(self.graph.value(ONTOLOGY_IRI, OWL.versionInfo))

    @property
    def version_iri(self) -> str:
        return str(self.graph.value(ONTOLOGY_IRI, OWL.versionIRI))


_lock = threading.Lock()
_cache: dict[tuple[str, str], str] = {}
_parsed: dict[str, Ontology] = {}


def load(path: Path = ONTOLOGY) -> Ontology:
    """The ontology at ``path``, parsed once per content."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with _lock:
        if digest not in _parsed:
            _parsed.clear()
            _parsed[digest] = Ontology(rdflib.Graph().parse(data=data, format="turtle"), digest)
        return _parsed[digest]


def render(media_type: str, path: Path = ONTOLOGY) -> str:
    """The ontology as ``media_type`` (text/html or a key of RDF_FORMATS), cached per content.

    Raises KeyError for a media type that is not offered.
    """
    onto = load(path)
    key = (onto.digest, media_type)
    with _lock:
        if key in _cache:
            return _cache[key]
    if media_type == HTML:
        body = reference_html(onto.graph)
    elif media_type == "text/turtle":
        body = path.read_text(encoding="utf-8")  # the source of truth, comments and order kept
    else:
        body = onto.graph.serialize(format=RDF_FORMATS[media_type])
    with _lock:
        _cache[key] = body
    return body


def reference_html(graph: rdflib.Graph) -> str:
    """The pyLODE (OntPub profile) HTML reference of every class and property in ``graph``."""
    from pylode import OntPub  # imported late: it loads its background ontologies on import

    docs_graph = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        docs_graph.bind(prefix, namespace)
    for triple in graph:
        if triple[1:] != (RDF.type, SKOS.ConceptScheme):
            docs_graph.add(triple)
    return OntPub(ontology=docs_graph).make_html()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/ontology.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(HTML), encoding="utf-8")
    print(f"wrote {out}")
