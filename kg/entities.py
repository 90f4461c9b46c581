"""The actor registry as RDF: types, names, descriptions and verified Wikidata links.

Registry facts are curated data, not article facts: they live in one named graph,
``graph/registry``, which records the file it comes from. What the articles say about
an entity lives in the articles' evidence graphs.
"""
from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from kg import rdf
from kg.entail import with_superclasses
from kg.registry import Registry

REGISTRY_GRAPH = NamedNode(rdf.GRAPH + "registry")
RDFS_LABEL = NamedNode(rdf.RDFS + "label")
ALT_LABEL = NamedNode(rdf.SKOS + "altLabel")
HIDDEN_LABEL = NamedNode(rdf.SKOS + "hiddenLabel")
SAME_AS = NamedNode(rdf.OWL + "sameAs")


def registry_quads(registry: Registry, source: str = "corpus/actors.yaml") -> list[Quad]:
    """Every registry entity with its class, label, aliases (skos:altLabel), descriptive
    references (skos:hiddenLabel), description, country and owl:sameAs Wikidata item."""
    g = REGISTRY_GRAPH
    quads = [
        Quad(g, rdf.A, NamedNode(rdf.PROV + "Entity"), g),
        Quad(g, NamedNode(rdf.PROV + "wasDerivedFrom"), rdf.string(source), g),
        Quad(g, rdf.akg("method"), rdf.akc("curated"), g),
    ]
    for e in registry:
        s = rdf.entity_iri(e.id)
        quads += [Quad(s, p, o, g) for s, p, o in with_superclasses([(s, rdf.A, rdf.akg(e.type))])]
        quads.append(Quad(s, RDFS_LABEL, rdf.string(e.label), g))
        quads += [Quad(s, ALT_LABEL, rdf.string(a), g) for a in e.aliases]
        quads += [Quad(s, HIDDEN_LABEL, rdf.string(d), g) for d in e.descriptions]
        if e.description:
            quads.append(Quad(s, rdf.schema("description"), rdf.string(e.description), g))
        if e.country:
            quads.append(Quad(s, rdf.akg("country"), rdf.entity_iri(e.country), g))
        if e.wikidata:
            quads.append(Quad(s, SAME_AS, NamedNode(e.wikidata.iri), g))
    return quads
