"""The ontology: its header, only standard terms the standards define, and HermiT finds it consistent."""
from __future__ import annotations

import re

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from kg import reason, validate
from kg.store import EmbeddedStore
from tests.conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
VOCAB = ROOT / "ontology" / "vocab"
SAMPLE = ROOT / "tests" / "data" / "sample.trig"
README = ROOT / "ontology" / "README.md"
ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/aseankg/ontology")
AKG = rdflib.Namespace("https://w3id.org/aseankg/ontology#")


def pinned_terms() -> dict[str, set[str]]:
    """namespace -> the terms its pinned list (ontology/vocab/NAME.txt) says the standard defines."""
    pinned = {}
    for path in sorted(VOCAB.glob("*.txt")):
        lines = path.read_text().splitlines()
        pinned[lines[0].removeprefix("# ")] = {line for line in lines if line and not line.startswith("#")}
    return pinned


def undefined_standard_terms(iris) -> set[str]:
    pinned = pinned_terms()
    bad = set()
    for iri in iris:
        for namespace, terms in pinned.items():
            if iri.startswith(namespace) and iri != namespace and iri not in terms:
                bad.add(iri)
    return bad


def iris_of(triples) -> set[str]:
    out = set()
    for triple in triples:
        for term in triple[:3]:
            if isinstance(term, rdflib.URIRef):
                out.add(str(term))
            elif isinstance(term, rdflib.Literal) and term.datatype:
                out.add(str(term.datatype))
    return out


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def test_header_has_title_description_licence_creator_and_version(ontology):
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, OWL.versionIRI, OWL.versionInfo):
        assert ontology.value(ONTOLOGY_IRI, p) is not None, f"owl:Ontology header lacks {p}"
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == rdflib.URIRef(f"{ONTOLOGY_IRI}/{ontology.value(ONTOLOGY_IRI, OWL.versionInfo)}")
    assert isinstance(ontology.value(ONTOLOGY_IRI, DCTERMS.creator), rdflib.BNode | rdflib.URIRef), \
        "dct:creator ranges over agents, not strings"


def test_every_local_term_is_declared_and_labelled(ontology):
    used = {t for t in iris_of(ontology) if t.startswith(str(AKG))}
    declared = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(AKG))}
    assert used <= declared, f"used but not declared: {sorted(used - declared)}"
    unlabelled = [t for t in declared if ontology.value(rdflib.URIRef(t), RDFS.label) is None]
    assert not unlabelled


def test_every_local_class_and_property_is_aligned_or_placed(ontology):
    """Local classes sit under a standard class or say which standard term they match."""
    orphans = []
    for c in ontology.subjects(RDF.type, OWL.Class):
        links = set(ontology.objects(c, RDFS.subClassOf)) | set(ontology.objects(c, rdflib.URIRef(
            "http://www.w3.org/2004/02/skos/core#closeMatch"))) | set(ontology.objects(c, rdflib.URIRef(
            "http://www.w3.org/2004/02/skos/core#exactMatch")))
        if not links and c != AKG.Provision:
            orphans.append(str(c))
    assert not orphans


def test_rdf_star_is_not_used():
    for path in (ONTOLOGY, SHAPES, SAMPLE):
        assert "<<" not in path.read_text()


def test_pinned_lists_cover_every_reused_namespace():
    assert set(pinned_terms()) >= {
        "http://schema.org/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
        "http://semanticweb.cs.vu.nl/2009/11/sem/", "http://www.w3.org/2006/time#", "http://www.w3.org/ns/oa#",
        "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", str(RDF), str(RDFS), str(OWL), str(XSD)}
    assert "http://www.w3.org/ns/oa#TextQuoteSelector" in pinned_terms()["http://www.w3.org/ns/oa#"]
    assert "http://schema.org/PoliticalParty" not in pinned_terms()["http://schema.org/"], "pending terms are not pinned"


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=["kg.ttl", "shapes.ttl"])
def test_files_use_only_terms_the_standards_define(path):
    assert not undefined_standard_terms(iris_of(rdflib.Graph().parse(path, format="turtle")))


def test_sample_uses_only_terms_the_standards_define():
    assert not undefined_standard_terms(iris_of(validate.load_dataset(SAMPLE).quads()))


def test_the_check_catches_an_invented_term():
    assert undefined_standard_terms({"http://schema.org/Nonsense", "http://www.w3.org/ns/oa#exactText"}) == {
        "http://schema.org/Nonsense", "http://www.w3.org/ns/oa#exactText"}


def test_built_store_uses_only_terms_the_standards_define(built_store):
    store = EmbeddedStore(built_store).snapshot()
    iris = set()
    for q in store.quads_for_pattern(None, None, None):
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, pyoxigraph.NamedNode):
                iris.add(term.value)
            elif isinstance(term, pyoxigraph.Literal):
                iris.add(term.datatype.value)
    assert len(iris) > 50
    assert not undefined_standard_terms(iris)


# -- HermiT ------------------------------------------------------------------

def test_hermit_finds_ontology_and_sample_consistent():
    graph = reason.owl_graph(validate.load_dataset(SAMPLE))
    report = reason.check_consistency(graph)
    assert report.consistent, report.message
    assert report.unsatisfiable == []
    assert report.seconds < 30


def test_only_xsd_date_is_outside_the_owl2_datatype_map_and_dl_is_respected():
    graph = reason.owl_graph(validate.load_dataset(SAMPLE))
    assert reason.unsupported_datatypes(graph) == {XSD.date}
    assert reason.dl_problems(graph) == []


def test_hermit_sees_the_standards_axioms():
    """A person who is also an organization contradicts FOAF's disjointness, which only the pinned axioms state."""
    graph = reason.owl_graph(validate.load_dataset(SAMPLE))
    graph.add((rdflib.URIRef("https://w3id.org/aseankg/id/entity/hun-sen"), RDF.type, AKG.IntergovernmentalOrganization))
    assert not reason.check_consistency(graph).consistent


def test_hermit_reports_an_unsatisfiable_class():
    graph = reason.owl_graph()
    odd = AKG.PersonOrganization
    graph.add((odd, RDF.type, OWL.Class))
    graph.add((odd, RDFS.subClassOf, AKG.Person))
    graph.add((odd, RDFS.subClassOf, AKG.Organization))
    assert reason.check_consistency(graph).unsatisfiable == [str(odd)]


def test_hermit_finds_the_built_store_consistent(built_store):
    graph = reason.owl_graph(validate.store_dataset(EmbeddedStore(built_store).snapshot()))
    assert reason.dl_problems(graph) == []
    report = reason.check_consistency(graph)
    assert report.ok, report.message or report.unsatisfiable


# -- competency questions ----------------------------------------------------

def competency_questions() -> dict[int, tuple[str, str]]:
    """CQ number -> (question, SPARQL), read from the '### CQn.' sections of ontology/README.md."""
    found = re.findall(r"^### CQ(\d+)\. (.+?)\n\n```sparql\n(.+?)```", README.read_text(), re.S | re.M)
    return {int(n): (question, query) for n, question, query in found}


def test_readme_lists_at_least_twelve_competency_questions_that_parse():
    questions = competency_questions()
    assert len(questions) >= 12 and sorted(questions) == list(range(1, len(questions) + 1))
    empty = pyoxigraph.Store()
    for n, (question, query) in questions.items():
        assert question.endswith("?") or "contributed" in question, question
        list(empty.query(query, use_default_graph_as_union=True))  # raises SyntaxError on a bad query
