"""Regenerate the pinned term lists of the reused vocabularies (see README.md here).

Run from the project root::

    npm pack @zazuko/rdf-vocabularies@2023.1.19 && tar xzf zazuko-rdf-vocabularies-2023.1.19.tgz
    .venv/bin/python ontology/vocab/pin.py package/ontologies

Each ``NAME.txt`` is the union of the terms rdflib's namespace module declares (when
rdflib ships one) and the IRIs the vocabulary's own RDF defines as subjects (from the
@zazuko/rdf-vocabularies copy). ``axioms.nt`` keeps the OWL/RDFS axioms of the OWL
vocabularies (class and property hierarchies, domains, ranges, inverses, disjointness)
so the reasoner checks our alignments against the standards' own axioms.
"""
from __future__ import annotations

import sys
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD

HERE = Path(__file__).resolve().parent

# name: (namespace as used in the graph, rdflib module or None, zazuko file or None)
VOCABS = {
    "schema": ("http://schema.org/", SDO, "schema"),
    "foaf": ("http://xmlns.com/foaf/0.1/", FOAF, "foaf"),
    "org": ("http://www.w3.org/ns/org#", ORG, "org"),
    "prov": ("http://www.w3.org/ns/prov#", PROV, "prov"),
    "sem": ("http://semanticweb.cs.vu.nl/2009/11/sem/", None, "sem"),
    "time": ("http://www.w3.org/2006/time#", TIME, "time"),
    "oa": ("http://www.w3.org/ns/oa#", None, "oa"),
    "skos": ("http://www.w3.org/2004/02/skos/core#", SKOS, "skos"),
    "dcterms": ("http://purl.org/dc/terms/", DCTERMS, "dcterms"),
    "rdf": ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", RDF, "rdf"),
    "rdfs": ("http://www.w3.org/2000/01/rdf-schema#", RDFS, "rdfs"),
    "owl": ("http://www.w3.org/2002/07/owl#", OWL, "owl"),
    "xsd": ("http://www.w3.org/2001/XMLSchema#", XSD, "xsd"),
    "sh": ("http://www.w3.org/ns/shacl#", SH, "sh"),
}
AXIOM_VOCABS = ("foaf", "org", "prov", "sem", "time", "oa", "skos")
CHARACTERISTICS = {OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
                   OWL.InverseFunctionalProperty}
BUILTIN = (str(OWL), str(RDFS), str(XSD), str(RDF))


def rdflib_terms(module, namespace: str) -> set[str]:
    """The terms an rdflib DefinedNamespace declares, re-based on ``namespace`` (schema.org: http)."""
    names = set(module.__annotations__) | set(getattr(module, "_extras", []))
    return {namespace + n for n in names if not n.startswith("_")}


def vocab_graph(zazuko: Path, name: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in rdflib.Dataset().parse(zazuko / f"{name}.nq", format="nquads").quads():
        graph.add((s, p, o))
    return graph


def defined_terms(graph: rdflib.Graph, namespace: str) -> set[str]:
    return {str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)
            and str(s).startswith(namespace) and str(s) != namespace}


def property_kind(graph: rdflib.Graph, prop: rdflib.URIRef) -> rdflib.URIRef | None:
    """OWL kind of a property; RDFS-only properties (oa) are typed by their range."""
    types = set(graph.objects(prop, RDF.type))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        if kind in types:
            return kind
    if RDF.Property in types or types & CHARACTERISTICS:
        ranges = set(graph.objects(prop, RDFS.range))
        literal = any(str(r).startswith(str(XSD)) or r == RDFS.Literal for r in ranges)
        return OWL.DatatypeProperty if literal else OWL.ObjectProperty
    return None


def axioms(graph: rdflib.Graph) -> set[tuple]:
    """An OWL 2 DL module of a vocabulary: declarations and named-term axioms only.

    Kept: class and property declarations (one kind per property, so no punning), sub-class
    and sub-property links, domains, ranges, inverses, disjointness, property characteristics.
    Dropped: blank-node restrictions, axioms about undeclared terms, links across property kinds
    (foaf:name rdfs:subPropertyOf rdfs:label) -- OWL Full features a DL reasoner rejects.
    """
    classes = {s for s, o in graph.subject_objects(RDF.type)
               if o in (OWL.Class, RDFS.Class) and isinstance(s, rdflib.URIRef)}
    kinds = {s: property_kind(graph, s) for s in set(graph.subjects()) if isinstance(s, rdflib.URIRef)}
    kinds = {s: k for s, k in kinds.items() if k is not None and s not in classes}
    is_class = lambda t: t in classes or t in (OWL.Thing, RDFS.Resource)  # noqa: E731
    out = {(c, RDF.type, OWL.Class) for c in classes} | {(p, RDF.type, k) for p, k in kinds.items()}
    for s, p, o in graph:
        if not isinstance(o, rdflib.URIRef):
            continue
        if p in (RDFS.subClassOf, OWL.disjointWith, OWL.equivalentClass) and s in classes and is_class(o):
            out.add((s, p, OWL.Thing if o == RDFS.Resource else o))
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty) and s in kinds and kinds.get(o) == kinds[s]:
            out.add((s, p, o))
        elif p == OWL.inverseOf and kinds.get(s) == kinds.get(o) == OWL.ObjectProperty:
            out.add((s, p, o))
        elif p == RDFS.domain and kinds.get(s) in (OWL.ObjectProperty, OWL.DatatypeProperty) and is_class(o):
            out.add((s, p, o))
        elif p == RDFS.range and kinds.get(s) == OWL.ObjectProperty and is_class(o):
            out.add((s, p, o))
        elif p == RDF.type and o in CHARACTERISTICS and kinds.get(s) == OWL.ObjectProperty:
            out.add((s, p, o))
        elif p == RDF.type and o == OWL.FunctionalProperty and kinds.get(s) == OWL.DatatypeProperty:
            out.add((s, p, o))
    return {(s, p, o) for s, p, o in out if o != RDFS.Resource}


def main(zazuko: Path) -> None:
    standards = rdflib.Graph()  # axioms are cut from all of them at once: they refer to each other
    for name, (namespace, module, zname) in VOCABS.items():
        graph = vocab_graph(zazuko, zname)
        terms = defined_terms(graph, namespace)
        if module is not None:
            terms |= rdflib_terms(module, namespace)
        sources = ["rdflib " + rdflib.__version__ if module is not None else None,
                   f"@zazuko/rdf-vocabularies ontologies/{zname}.nq"]
        header = f"# {namespace}\n# sources: {'; '.join(s for s in sources if s)}\n"
        (HERE / f"{name}.txt").write_text(header + "".join(t + "\n" for t in sorted(terms)))
        if name in AXIOM_VOCABS:
            standards += graph
    module = rdflib.Graph()
    for triple in axioms(standards):
        module.add(triple)
    lines = sorted(module.serialize(format="nt").splitlines())
    (HERE / "axioms.nt").write_text("".join(line + "\n" for line in lines if line.strip()))

if __name__ == "__main__":
    main(Path(sys.argv[1]))
