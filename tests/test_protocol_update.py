"""SPARQL 1.1 Protocol update operation at /update, with a bearer token, over real HTTP.

https://www.w3.org/TR/sparql11-protocol/#update-operation: POST of a form or of
application/sparql-update, using-graph-uri / using-named-graph-uri. The server
writes a copy of the session's store, so other tests never see these changes.
"""
from __future__ import annotations

import shutil

import pytest
import requests
from rdflib import URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from tests.conftest import LiveServer

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SPARQL_UPDATE = {"Content-Type": "application/sparql-update"}


@pytest.fixture(scope="module")
def writable(built_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("kg-update")
    shutil.copytree(built_store.parent / "store.versions", copy / "store.versions")
    (copy / "store").symlink_to(built_store.readlink())
    live = LiveServer(copy / "store", KG_UPDATE_TOKEN=TOKEN, KG_WORKERS="1", KG_THREADS="2")
    yield live
    live.stop()


def update(server, text: str, headers: dict | None = None, **params) -> requests.Response:
    return requests.post(server.url + "/update", data={"update": text, **params},
                         headers=AUTH if headers is None else headers, timeout=20)


def values(server, query: str, var: str = "x") -> list[str]:
    r = requests.get(server.url + "/sparql", params={"query": query}, timeout=10)
    assert r.status_code == 200, r.text
    return sorted(b[var]["value"] for b in r.json()["results"]["bindings"] if var in b)


def version(server) -> str:
    return requests.get(server.url + "/health", timeout=10).json()["version"]


def test_an_update_without_the_token_is_401(writable):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        r = update(writable, "INSERT DATA { <urn:x:a> <urn:x:b> 1 }", headers=headers)
        assert r.status_code == 401 and r.json()["ok"] is False
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert values(writable, "SELECT ?x { <urn:x:a> <urn:x:b> ?x }") == []


def test_an_update_with_the_token_makes_a_new_store_version(writable):
    before = version(writable)
    r = update(writable, 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:asean> <urn:x:label> "ASEAN" } }')
    assert r.status_code == 204, r.text
    assert version(writable) != before
    assert values(writable, "SELECT ?x { <urn:x:asean> <urn:x:label> ?x }") == ["ASEAN"]


def test_an_update_as_an_application_sparql_update_body(writable):
    r = requests.post(writable.url + "/update", data='INSERT DATA { <urn:x:body> <urn:x:p> "b" }'.encode(),
                      headers={**AUTH, **SPARQL_UPDATE}, timeout=20)
    assert r.status_code == 204, r.text
    assert values(writable, "SELECT ?x { <urn:x:body> <urn:x:p> ?x }") == ["b"]


def test_a_failed_update_leaves_the_store_as_it_was(writable):
    before = version(writable)
    r = update(writable, "INSERT DATA { <urn:x:a> <urn:x:b> }")
    assert r.status_code == 400 and r.json()["error"].startswith("update does not parse: error at 1:")
    assert r.json()["line"] == 1
    assert version(writable) == before


def test_a_query_sent_to_the_update_url_is_400(writable):
    r = requests.post(writable.url + "/update", data={"query": "ASK {}"}, headers=AUTH, timeout=10)
    assert r.status_code == 400 and "/sparql" in r.json()["error"]
    r = requests.post(writable.url + "/update", data="CLEAR ALL", headers={**AUTH, "Content-Type": "text/plain"},
                      timeout=10)
    assert r.status_code == 415


@pytest.fixture(scope="module")
def two_graphs(writable):
    r = update(writable, "INSERT DATA { GRAPH <urn:x:g1> { <urn:x:one> <urn:x:p> 1 } "
                         "GRAPH <urn:x:g2> { <urn:x:two> <urn:x:p> 2 } }")
    assert r.status_code == 204, r.text


def test_using_graph_uri_is_the_default_graph_of_the_where_clause(writable, two_graphs):
    r = update(writable, "INSERT { GRAPH <urn:x:out1> { ?x <urn:x:seen> true } } WHERE { ?x <urn:x:p> ?o }",
               **{"using-graph-uri": "urn:x:g1"})
    assert r.status_code == 204, r.text
    assert values(writable, "SELECT ?x { GRAPH <urn:x:out1> { ?x <urn:x:seen> true } }") == ["urn:x:one"]


def test_using_named_graph_uri_is_the_only_named_graph(writable, two_graphs):
    r = update(writable, "INSERT { GRAPH <urn:x:out2> { ?x <urn:x:in> ?g } } "
                         "WHERE { { ?x <urn:x:p> ?o } UNION { GRAPH ?g { ?x <urn:x:p> ?o } } }",
               **{"using-named-graph-uri": "urn:x:g2"})
    assert r.status_code == 204, r.text
    assert values(writable, "SELECT ?x { GRAPH <urn:x:out2> { ?x <urn:x:in> ?g } }") == ["urn:x:two"]


def test_using_graph_uri_with_the_delete_where_shorthand(writable):
    assert update(writable, "INSERT DATA { GRAPH <urn:x:d1> { <urn:x:d> <urn:x:q> 1 } "
                            "GRAPH <urn:x:d2> { <urn:x:d> <urn:x:q> 2 } }").status_code == 204
    r = update(writable, "DELETE WHERE { GRAPH ?g { <urn:x:d> <urn:x:q> ?o } }",
               **{"using-named-graph-uri": "urn:x:d2"})
    assert r.status_code == 204, r.text
    assert values(writable, "SELECT ?x { GRAPH ?g { <urn:x:d> <urn:x:q> ?x } }") == ["1"]


def test_using_graph_uri_with_using_in_the_update_is_400(writable):
    r = update(writable, "INSERT { ?s ?p ?o } USING <urn:x:g1> WHERE { ?s ?p ?o }", **{"using-graph-uri": "urn:x:g2"})
    assert r.status_code == 400 and "using-graph-uri" in r.json()["error"]


def test_load_is_refused_even_with_the_token(writable):
    r = update(writable, "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <urn:x:loaded>")
    assert r.status_code == 403 and r.json()["error"].startswith("LOAD is not allowed")


def test_service_off_the_allowlist_is_refused_in_updates_too(writable):
    r = update(writable, "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert r.status_code == 403 and "KG_SERVICE_ALLOWLIST" in r.json()["error"]


def test_the_service_description_lists_the_update_endpoint_when_updates_are_on(writable):
    sd = requests.get(writable.url + "/sparql", headers={"Accept": "application/n-triples"}, timeout=10).text
    assert (f"<{writable.url}/update> <http://www.w3.org/ns/sparql-service-description#supportedLanguage> "
            f"<http://www.w3.org/ns/sparql-service-description#SPARQL11Update>") in sd


# -- clients ------------------------------------------------------------------------------------

def test_sparqlwrapper_updates_with_a_bearer_token(writable):
    client = SPARQLWrapper(writable.url + "/sparql", updateEndpoint=writable.url + "/update")
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setMethod(POST)
    client.setQuery('INSERT DATA { <urn:x:wrapper> <urn:x:p> "via SPARQLWrapper" }')
    assert client.query().response.status == 204
    client.setQuery("SELECT ?o { <urn:x:wrapper> <urn:x:p> ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["o"]["value"] == "via SPARQLWrapper"


def test_rdflib_sparql_update_store_adds_and_reads_triples(writable):
    store = SPARQLUpdateStore(writable.url + "/sparql", writable.url + "/update", headers=dict(AUTH),
                              method="POST")
    store.add((URIRef("urn:x:rdflib"), URIRef("urn:x:p"), URIRef("urn:x:o")))
    assert values(writable, "SELECT ?x { <urn:x:rdflib> <urn:x:p> ?x }") == ["urn:x:o"]
    found = [triple for triple, _ in store.triples((URIRef("urn:x:rdflib"), None, None))]
    assert found == [(URIRef("urn:x:rdflib"), URIRef("urn:x:p"), URIRef("urn:x:o"))]
