"""Namespaces, IRIs and the RDF of an article record.

IRIs live under ``BASE`` so that the server can answer for them: ``BASE/id/...``
are things, ``BASE/graph/...`` named graphs, ``BASE/ontology#`` the vocabulary.
"""
from __future__ import annotations

import re
import unicodedata

from pyoxigraph import Literal, NamedNode, Quad

from kg.corpus import Article

BASE = "https://w3id.org/aseankg/"
ONTOLOGY = BASE + "ontology"
AKG = ONTOLOGY + "#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

SCHEMA = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
AKC = BASE + "concept/"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
WD = "http://www.wikidata.org/entity/"

PREFIXES = {
    "akg": AKG,
    "akc": AKC,
    "schema": SCHEMA,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
    "dct": DCT,
    "owl": OWL,
    "foaf": FOAF,
    "org": ORG,
    "sem": SEM,
    "wd": WD,
}

A = NamedNode(RDF + "type")


def slug(name: str) -> str:
    """A lowercase ASCII path segment for a name.

    >>> slug("Radio Free Asia (Khmer)")
    'radio-free-asia-khmer'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def akg(local: str) -> NamedNode:
    """A term of the project's ontology."""
    return NamedNode(AKG + local)


def akc(local: str) -> NamedNode:
    """A SKOS concept of the project's schemes (stances, modifiers, event codes, ...)."""
    return NamedNode(AKC + local)


def schema(local: str) -> NamedNode:
    return NamedNode(SCHEMA + local)


def thing_iri(kind: str, key: str) -> NamedNode:
    """The IRI of a thing: ``kind`` is entity, event, agreement, statement, figure, holding or role."""
    return NamedNode(f"{ID}{kind}/{key}")


def entity_iri(entity_id: str) -> NamedNode:
    return thing_iri("entity", entity_id)


def evidence_iri(article_id: str, start: int, end: int) -> NamedNode:
    return NamedNode(f"{ID}evidence/{article_id}/{start}-{end}")


def evidence_graph(article_id: str, start: int, end: int, curated: bool = False) -> NamedNode:
    """The named graph of the facts one span supports (curated facts in a twin graph)."""
    return NamedNode(f"{GRAPH}article/{article_id}/{start}-{end}{'-curated' if curated else ''}")


def date_literal(value) -> Literal:
    return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))


def string(value: str) -> Literal:
    return Literal(value)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def decimal(value) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "decimal"))


def article_iri(article_id: str) -> NamedNode:
    return NamedNode(f"{ID}article/{article_id}")


def article_graph(article_id: str) -> NamedNode:
    """The named graph that holds an article's own record."""
    return NamedNode(f"{GRAPH}article/{article_id}")


def outlet_iri(outlet: str) -> NamedNode:
    return NamedNode(f"{ID}outlet/{slug(outlet)}")


def outlet_graph(outlet: str) -> NamedNode:
    """Outlets have a graph each, shared by their articles, so a name is stated once."""
    return NamedNode(f"{GRAPH}outlet/{slug(outlet)}")


def _lit(value: str) -> Literal:
    return Literal(value)


def article_quads(article: Article) -> list[Quad]:
    """The article record: what it is, who published it when, and which text it is."""
    s = article_iri(article.id)
    g = article_graph(article.id)
    outlet = outlet_iri(article.outlet)

    def p(local: str, ns: str = SCHEMA) -> NamedNode:
        return NamedNode(ns + local)

    quads = [
        Quad(s, A, p("NewsArticle"), g),
        Quad(s, p("datePublished"), Literal(article.published.isoformat(), datatype=NamedNode(XSD + "date")), g),
        Quad(s, p("publisher"), outlet, g),
        Quad(outlet, A, p("NewsMediaOrganization"), outlet_graph(article.outlet)),
        Quad(outlet, p("name"), _lit(article.outlet), outlet_graph(article.outlet)),
        Quad(s, p("sha256"), _lit(article.sha256), g),
        Quad(s, p("text"), _lit(article.text), g),
        Quad(s, p("inLanguage"), _lit(article.language), g),
        Quad(s, p("sourceFile", AKG), _lit(article.source_file), g),
        Quad(s, p("storyInFile", AKG), Literal(str(article.story), datatype=NamedNode(XSD + "integer")), g),
    ]
    optional = {
        p("headline"): article.title,
        p("titleBasis", AKG): article.title_basis,
        p("datePublishedBasis", AKG): article.published_basis,
        p("byline", AKG): article.byline,
        p("dateline", AKG): article.dateline,
        p("outletNote", AKG): article.outlet_note,
        NamedNode(SKOS + "editorialNote"): article.notes,
    }
    quads += [Quad(s, pred, _lit(v), g) for pred, v in optional.items() if v]
    if article.url:
        quads.append(Quad(s, p("url"), NamedNode(article.url), g))
    return quads
