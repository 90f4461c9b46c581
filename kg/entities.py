"""The actor registry as RDF: types, names, descriptions and Wikidata links with their evidence.

Registry facts are curated data, not article facts: they live in one named graph,
``graph/registry``, which records the file it comes from. What the articles say about
an entity lives in the articles' evidence graphs.

Each Wikidata link is in a graph of its own, ``graph/wikidata/<entity id>``, which says
why the link exists, so a user can check it::

    GRAPH <graph/wikidata/hun-sen> {
        <id/entity/hun-sen> owl:sameAs wd:Q57788 .
        <graph/wikidata/hun-sen> a prov:Entity ; akg:method akc:curated ;
            rdfs:label "Hun Sen = Wikidata Q57788 (Hun Sen)" ; dct:source "corpus/actors.yaml" ;
            skos:note "…" ; prov:wasDerivedFrom <graph/wikidata/hun-sen#evidence-1> .
        <graph/wikidata/hun-sen#evidence-1> a prov:Entity ; dct:source "github …" ; prov:value "…Q57788…Hun Sen…" .
    }

A link `kg link` accepted also has the item's ``schema:description`` and the day it was
checked (``dct:date``); ``akg:method`` is ``akc:automatic`` when its score accepted it.
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
DCT_SOURCE = NamedNode(rdf.DCT + "source")
DCT_DATE = NamedNode(rdf.DCT + "date")
NOTE = NamedNode(rdf.SKOS + "note")


def registry_quads(registry: Registry, source: str = "corpus/actors.yaml") -> list[Quad]:
    # The source file is named by an IRI under BASE: prov:wasDerivedFrom takes a resource.
    """Every registry entity with its class, label, aliases (skos:altLabel), descriptive
    references (skos:hiddenLabel), description, country, and its Wikidata link (``link_quads``)."""
    g = REGISTRY_GRAPH
    quads = [
        Quad(g, rdf.A, NamedNode(rdf.PROV + "Entity"), g),
        Quad(g, NamedNode(rdf.PROV + "wasDerivedFrom"), NamedNode(rdf.BASE + source), g),
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
            quads += link_quads(e)
    return quads


def link_graph(entity_id: str) -> NamedNode:
    return NamedNode(f"{rdf.GRAPH}wikidata/{entity_id}")


def link_quads(e: Entity) -> list[Quad]:
    """The owl:sameAs link of ``e`` and its evidence, in the link's own graph (see the module docstring)."""
    w = e.wikidata
    g = link_graph(e.id)
    automatic = w.basis == "reconciled" and w.accepted_by == "score"
    quads = [
        Quad(rdf.entity_iri(e.id), SAME_AS, NamedNode(w.iri), g),
        Quad(g, rdf.A, NamedNode(rdf.PROV + "Entity"), g),
        Quad(g, rdf.akg("method"), rdf.akc("automatic" if automatic else "curated"), g),
        Quad(g, RDFS_LABEL, rdf.string(f"{e.label} = Wikidata {w.qid}" + (f" ({w.label})" if w.label else "")), g),
        Quad(g, DCT_SOURCE, rdf.string(w.source), g),
    ]
    if w.note:
        quads.append(Quad(g, NOTE, rdf.string(w.note), g))
    if w.description:
        quads.append(Quad(g, rdf.schema("description"), rdf.string(w.description), g))
    if w.checked:
        try:
            quads.append(Quad(g, DCT_DATE, rdf.date_literal(dt.date.fromisoformat(w.checked)), g))
        except ValueError:
            pass
    for n, ev in enumerate(w.evidence, 1):
        node = NamedNode(f"{g.value}#evidence-{n}")
        quads += [
            Quad(g, NamedNode(rdf.PROV + "wasDerivedFrom"), node, g),
            Quad(node, rdf.A, NamedNode(rdf.PROV + "Entity"), g),
            Quad(node, DCT_SOURCE, rdf.string(str(ev.get("source", ""))), g),
            Quad(node, NamedNode(rdf.PROV + "value"), rdf.string(str(ev.get("seen", ""))), g),
        ]
    return quads
