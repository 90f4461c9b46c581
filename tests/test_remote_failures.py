"""A remote engine that is down, slow or failing gives the client 503, 504 or 502 with the reason; the service recovers.

Real engines on loopback ports (tests/engines.py), the service in process (create_app).
Also Virtuoso's row cap: an answer that reaches it is refused, never passed on cut short.
"""
from __future__ import annotations

import pytest

from kg.remote import RemoteBackend
from server import create_app
from tests.engines import OxigraphServer, VirtuosoServer, settings_of

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"


def app_on(engine, **overrides):
    settings = {k: v for k, v in settings_of(engine.env()).items() if k.startswith(("backend", "sparql_", "gsp_"))}
    return create_app({**settings, **overrides})


@pytest.fixture
def small_engine(tmp_path):
    """`oxigraph serve` holding 300 triples, with a version written by the service's own update path."""
    engine = OxigraphServer(tmp_path / "ox").start()
    backend = RemoteBackend.from_settings(settings_of(engine.env()))
    triples = " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(300))
    backend.update(f"INSERT DATA {{ GRAPH <https://w3id.org/aseankg/graph/test> {{ {triples} }} }}")
    yield engine
    engine.stop()


def problem(resp, status: int) -> str:
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True))
    body = resp.get_json()
    assert body["ok"] is False and body["status"] == status
    return body["error"]


def test_a_slow_engine_is_504_and_the_next_query_is_answered(small_engine):
    client = app_on(small_engine, query_timeout=1.0).test_client()
    message = problem(client.get("/sparql", query_string={"query": CROSS}), 504)
    assert "did not answer the query within 1 s" in message
    ok = client.get("/sparql", query_string={"query": "ASK { ?s ?p 7 }"}, headers={"Accept": "application/json"})
    assert ok.status_code == 200 and ok.get_json()["boolean"] is True


def test_an_engine_that_is_down_is_503_and_the_service_recovers_when_it_is_back(small_engine):
    client = app_on(small_engine).test_client()
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    assert client.get("/sparql", query_string=query).status_code == 200
    small_engine.stop()
    assert "cannot be reached" in problem(client.get("/sparql", query_string=query), 503)
    assert "cannot be reached" in problem(client.get("/api/queries/articles"), 503)
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["ok"] is False
    small_engine.start()  # the same port and data directory
    again = client.get("/sparql", query_string=query, headers={"Accept": "application/json"})
    assert again.status_code == 200 and again.get_json()["results"]["bindings"][0]["n"]["value"] == "301"
    assert client.get("/health").get_json()["ok"] is True


def test_an_engine_that_answers_with_an_error_is_502(small_engine):
    client = app_on(small_engine, sparql_query_url=small_engine.base + "/no-such-endpoint").test_client()
    message = problem(client.get("/sparql", query_string={"query": "ASK {}"}), 502)
    assert "the SPARQL engine failed" in message and "HTTP 404" in message
    assert "127.0.0.1" not in message  # the engine's address stays private


def test_a_query_that_does_not_parse_is_400_before_the_engine_sees_it(small_engine):
    client = app_on(small_engine).test_client()
    body = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p }"}).get_json()
    assert body["status"] == 400 and body["line"] == 1 and "does not parse" in body["error"]


@pytest.fixture(scope="module")
def capped_virtuoso(tmp_path_factory):
    """Virtuoso with ResultSetMaxRows = 1000, holding 1,500 triples written by the service's Graph Store path."""
    import pyoxigraph as ox

    engine = VirtuosoServer(tmp_path_factory.mktemp("capped"))
    engine.max_rows = 1000
    engine.start()
    backend = RemoteBackend.from_settings(settings_of(engine.env()))
    graph = ox.NamedNode("https://w3id.org/aseankg/graph/test")
    backend.replace_graph(graph, [ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i))
                                  for i in range(1500)])
    yield engine
    engine.stop()


def test_virtuoso_answers_that_reach_its_row_cap_are_refused_not_cut(capped_virtuoso):
    client = app_on(capped_virtuoso).test_client()
    message = problem(client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}), 422)
    assert "1000 rows" in message and "ResultSetMaxRows" in message
    message = problem(client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}), 422)
    assert "ResultSetMaxRows" in message
    limited = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 999"},
                         headers={"Accept": "application/json"})
    assert len(limited.get_json()["results"]["bindings"]) == 999


def test_the_whole_dataset_is_read_in_pages_below_virtuosos_cap(capped_virtuoso):
    import pyoxigraph as ox

    dump = app_on(capped_virtuoso).test_client().get("/store", headers={"Accept": "application/n-quads"})
    assert dump.status_code == 200
    quads = list(ox.parse(dump.get_data(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 1501  # the 1,500 triples and the store's version
    assert len({q.subject for q in quads}) == 1501


def test_updates_with_the_token_reach_the_engine_and_change_the_version(small_engine):
    client = app_on(small_engine, update_token="secret").test_client()
    before = client.get("/health").get_json()["version"]
    auth = {"Authorization": "Bearer secret", "Content-Type": "application/sparql-update"}
    bad = client.post("/update", data="INSERT DATA { <urn:a> }", headers=auth)
    assert bad.status_code == 400 and "does not parse" in bad.get_json()["error"]
    ok = client.post("/update", data="INSERT DATA { GRAPH <https://w3id.org/aseankg/graph/test> { <urn:new> <urn:p> 1 } }",
                     headers=auth)
    assert ok.status_code == 204
    assert client.post("/update", data="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}).status_code == 401
    seen = client.get("/sparql", query_string={"query": "ASK { <urn:new> <urn:p> 1 }"}, headers={"Accept": "application/json"})
    assert seen.get_json()["boolean"] is True
    assert client.get("/health").get_json()["version"] != before  # the update recorded a new version
