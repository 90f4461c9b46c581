"""Real SPARQL clients against `kg serve`: SPARQLWrapper and rdflib's SPARQLStore, as users run them.

(Updates through both clients, with the bearer token, are in test_protocol_update.py.)
"""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

SCHEMA = "http://schema.org/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATES = f"SELECT ?a ?d WHERE {{ ?a <{SCHEMA}datePublished> ?d }} ORDER BY ?a"
CONSTRUCT = f"CONSTRUCT {{ ?a <{SCHEMA}datePublished> ?d }} WHERE {{ ?a <{SCHEMA}datePublished> ?d }}"


def wrapper(server, query: str, fmt=JSON, method=GET) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setTimeout(10)
    return client


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_as_json(server, method):
    result = wrapper(server, DATES, JSON, method).query().convert()
    assert result["head"]["vars"] == ["a", "d"]
    assert len(result["results"]["bindings"]) == 6


def test_sparqlwrapper_select_as_xml_and_csv(server):
    xml = wrapper(server, DATES, XML).query().convert()  # a minidom document
    assert len(xml.getElementsByTagName("result")) == 6
    csv_text = wrapper(server, DATES, CSV).query().convert().decode()
    assert csv_text.splitlines()[0] == "a,d" and len(csv_text.splitlines()) == 7


def test_sparqlwrapper_ask(server):
    assert wrapper(server, f"ASK {{ ?a a <{SCHEMA}NewsArticle> }}").query().convert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, XML])
def test_sparqlwrapper_construct_gives_an_rdflib_graph(server, fmt):
    graph = wrapper(server, CONSTRUCT, fmt).query().convert()
    if not isinstance(graph, Graph):  # Turtle comes back as bytes
        graph = Graph().parse(data=graph, format="turtle")
    assert len(graph) == 6
    assert Literal("2024-01-30", datatype=XSD_DATE) in set(graph.objects())


def test_sparqlwrapper_raises_query_bad_formed_on_a_syntax_error(server):
    with pytest.raises(QueryBadFormed, match="error at 1:"):
        wrapper(server, "SELECT * WHERE { ?s ?p }").query()


@pytest.fixture(params=["GET", "POST", "POST_FORM"])
def sparql_store(server, request) -> SPARQLStore:
    return SPARQLStore(server.url + "/sparql", method=request.param)


def test_rdflib_sparqlstore_select(sparql_store):
    rows = list(Graph(store=sparql_store).query(DATES))
    assert len(rows) == 6 and all(isinstance(a, URIRef) for a, _ in rows)
    assert Literal("2021-06-23", datatype=XSD_DATE) in {d for _, d in rows}


def test_rdflib_sparqlstore_construct_and_triple_patterns(sparql_store):
    graph = Graph(store=sparql_store)
    assert len(graph.query(CONSTRUCT).graph) == 6
    articles = set(sparql_store.triples((None, RDF_TYPE, URIRef(SCHEMA + "NewsArticle"))))
    assert len(articles) == 6


def test_rdflib_sparqlstore_lists_the_named_graphs(sparql_store):
    names = {str(g) for g in sparql_store.contexts()}
    assert "https://w3id.org/aseankg/graph/ontology" in names
    assert sum(1 for n in names if "/graph/article/" in n) >= 6
