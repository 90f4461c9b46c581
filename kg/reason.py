"""Check the ontology and data for logical consistency with owlready2 and the HermiT reasoner.

The input is one OWL graph: ``ontology/kg.ttl``, the OWL module of the reused standards
(``ontology/vocab/axioms.nt``: FOAF, ORG, PROV-O, SEM, OWL-Time, Web Annotation and SKOS
class and property axioms, disjointness included) and the data, all named graphs merged.
owlready2 loads it as N-Triples and runs its bundled HermiT (Java 17 works; the bundled
Pellet does not).

What bites: ``xsd:date`` is not in the OWL 2 datatype map, and HermiT refuses unknown
datatypes, so it runs with ``--ignoreUnsupportedDatatypes`` (dates are opaque to it; date
order is SHACL's job). ``unsupported_datatypes`` lists what is being ignored so a test can
pin it to ``xsd:date`` alone, and ``dl_problems`` finds what OWL 2 DL forbids and HermiT
would silently reinterpret (a literal as the object of an object property).
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.config import PROJECT_ROOT

ONTOLOGY = PROJECT_ROOT / "ontology" / "kg.ttl"
AXIOMS = PROJECT_ROOT / "ontology" / "vocab" / "axioms.nt"

# https://www.w3.org/TR/owl2-syntax/#Datatype_Maps
OWL2_DATATYPES = {OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, RDF.langString} | {
    XSD[n] for n in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
        "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString "
        "token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
    ).split()
}


@dataclass
class ReasonerReport:
    """HermiT's verdict on one graph."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def owl_graph(data: rdflib.Graph | rdflib.Dataset | None = None, with_standards: bool = True) -> rdflib.Graph:
    """The ontology, the standards' axioms (unless ``with_standards`` is false) and ``data``, merged."""
    graph = rdflib.Graph()
    graph.parse(ONTOLOGY, format="turtle")
    if with_standards:
        graph.parse(AXIOMS, format="nt")
    if data is not None:
        triples = data.quads((None, None, None, None)) if isinstance(data, rdflib.Dataset) else data
        for s, p, o, *_ in triples:
            graph.add((s, p, o))
    return graph


def unsupported_datatypes(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    """Datatypes used in literals or ranges that are outside the OWL 2 datatype map."""
    used = {o.datatype for o in graph.objects() if isinstance(o, rdflib.Literal) and o.datatype}
    used |= {r for p, r in graph.subject_objects(RDFS.range)
             if (p, RDF.type, OWL.DatatypeProperty) in graph and isinstance(r, rdflib.URIRef)}
    return used - OWL2_DATATYPES


def dl_problems(graph: rdflib.Graph) -> list[str]:
    """Triples OWL 2 DL forbids: literals on object properties, IRIs on datatype properties."""
    object_props = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    data_props = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    problems = []
    for s, p, o in graph:
        if p in object_props and isinstance(o, rdflib.Literal):
            problems.append(f"{s} {p} {o!r}: a literal on an object property")
        elif p in data_props and not isinstance(o, rdflib.Literal):
            problems.append(f"{s} {p} {o}: a resource on a datatype property")
    return sorted(problems)


def check_consistency(graph: rdflib.Graph) -> ReasonerReport:
    """Load ``graph`` with owlready2 and ask HermiT whether it is consistent and which classes are empty.

    Takes a few seconds (a JVM starts). Raises owlready2.OwlReadyJavaError when Java is missing
    or HermiT rejects the input for another reason than inconsistency.
    """
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonerReport(False, [], time.perf_counter() - start, len(graph), str(exc))
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        world.close()
    return ReasonerReport(True, unsatisfiable, time.perf_counter() - start, len(graph))
