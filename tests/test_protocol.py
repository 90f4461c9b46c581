"""SPARQL 1.1 Protocol conformance of /sparql, written from the specifications, over real HTTP.

https://www.w3.org/TR/sparql11-protocol/ (query operation, dataset parameters,
error statuses), https://www.w3.org/TR/sparql11-service-description/,
https://www.w3.org/TR/sparql11-http-rdf-update/ (reads), and the result formats.
Runs against the session's `kg serve` (tests/conftest.py), default settings.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import requests

SCHEMA = "http://schema.org/"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
ARTICLES = f"SELECT ?a WHERE {{ ?a a <{SCHEMA}NewsArticle> }} ORDER BY ?a"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get(server, query: str | list | None = None, headers: dict | None = None, **params) -> requests.Response:
    if query is not None:
        params["query"] = query
    return requests.get(server.url + "/sparql", params=params, headers=headers or {}, timeout=10)


def rows(response: requests.Response, var: str) -> list[str]:
    assert response.status_code == 200, response.text
    return [b[var]["value"] for b in response.json()["results"]["bindings"] if var in b]


def problem(response: requests.Response, status: int) -> dict:
    """The error body, after checking it has the endpoint's one error shape."""
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["errors"] == [body["error"]]
    return body


@pytest.fixture(scope="module")
def article_graphs(server) -> list[tuple[str, str]]:
    """(graph, article) for each article, from the store itself."""
    r = get(server, f"SELECT ?g ?a {{ GRAPH ?g {{ ?a a <{SCHEMA}NewsArticle> }} }} ORDER BY ?g")
    pairs = [(b["g"]["value"], b["a"]["value"]) for b in r.json()["results"]["bindings"]]
    assert len(pairs) == 6
    return pairs


# -- the three ways to send a query -------------------------------------------------------

def test_get_post_form_and_post_body_give_the_same_answer(server):
    by_get = get(server, ARTICLES)
    by_form = requests.post(server.url + "/sparql", data={"query": ARTICLES}, timeout=10)
    by_body = requests.post(server.url + "/sparql", data=ARTICLES.encode(),
                            headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert len(rows(by_get, "a")) == 6
    assert rows(by_get, "a") == rows(by_form, "a") == rows(by_body, "a")


def test_plain_triple_patterns_see_every_named_graph(server, article_graphs):
    # Every fact lives in a named graph (the default graph of the store is empty) ...
    assert rows(get(server, "SELECT (COUNT(*) AS ?n) { GRAPH <urn:x:none> { ?s ?p ?o } }"), "n") == ["0"]
    # ... and the default graph of a query is the union of them all.
    assert sorted(rows(get(server, ARTICLES), "a")) == sorted(a for _, a in article_graphs)


# -- the dataset: default-graph-uri and named-graph-uri, FROM and FROM NAMED -----------

def test_default_graph_uri_makes_that_graph_the_only_default(server, article_graphs):
    (g1, a1), (g2, a2) = article_graphs[:2]
    assert rows(get(server, ARTICLES, **{"default-graph-uri": g1}), "a") == [a1]
    both = get(server, ARTICLES, **{"default-graph-uri": [g1, g2]})
    assert sorted(rows(both, "a")) == sorted([a1, a2])


def test_graphs_not_named_in_the_request_are_invisible(server, article_graphs):
    (g1, _), (g2, _) = article_graphs[:2]
    named = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a a <{SCHEMA}NewsArticle> }} }}"
    assert rows(get(server, named, **{"default-graph-uri": g1}), "g") == []
    assert rows(get(server, named, **{"named-graph-uri": g2}), "g") == [g2]
    # only named graphs given: the default graph is empty
    assert rows(get(server, ARTICLES, **{"named-graph-uri": g2}), "a") == []


def test_dataset_parameters_work_in_a_post_form_too(server, article_graphs):
    (g1, a1) = article_graphs[0]
    r = requests.post(server.url + "/sparql", data={"query": ARTICLES, "default-graph-uri": g1}, timeout=10)
    assert rows(r, "a") == [a1]


def test_from_in_the_query_is_honoured_and_the_protocol_overrides_it(server, article_graphs):
    (g1, a1), (g2, a2) = article_graphs[:2]
    from_g1 = f"SELECT ?a FROM <{g1}> WHERE {{ ?a a <{SCHEMA}NewsArticle> }}"
    assert rows(get(server, from_g1), "a") == [a1]
    assert rows(get(server, from_g1, **{"default-graph-uri": g2}), "a") == [a2]
    from_named = f"SELECT ?a ?g FROM NAMED <{g1}> WHERE {{ {{ ?a a <{SCHEMA}NewsArticle> }} UNION " \
                 f"{{ GRAPH ?g {{ ?a a <{SCHEMA}NewsArticle> }} }} }}"
    r = get(server, from_named)
    assert rows(r, "g") == [g1] and rows(r, "a") == [a1]


# -- errors the specification calls client errors: 4xx, never 5xx ---------------------

def test_a_query_that_does_not_parse_is_400_with_line_and_column(server):
    body = problem(get(server, "SELECT * WHERE {\n  ?s ?p \n}"), 400)
    assert body["error"].startswith(f"query does not parse: error at 3:{body['column']}: expected ")
    assert body["line"] == 3


def test_two_query_parameters_are_400(server):
    body = problem(get(server, [ARTICLES, ARTICLES]), 400)
    assert "'query' parameter is given 2 times" in body["error"]
    r = requests.post(server.url + "/sparql?query=ASK%7B%7D", data={"query": "ASK {}"}, timeout=10)
    problem(r, 400)


def test_a_missing_query_is_400(server, article_graphs):
    body = problem(get(server, None, **{"default-graph-uri": article_graphs[0][0]}), 400)
    assert "missing 'query' parameter" in body["error"]
    problem(requests.post(server.url + "/sparql", data={}, headers=FORM, timeout=10), 400)


def test_a_wrong_content_type_is_415(server):
    r = requests.post(server.url + "/sparql", data=ARTICLES, headers={"Content-Type": "text/plain"}, timeout=10)
    assert "application/sparql-query" in problem(r, 415)["error"]


@pytest.mark.parametrize("how", ["form", "body", "query"])
def test_an_update_sent_to_the_query_url_is_refused(server, how):
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    if how == "form":
        r = requests.post(server.url + "/sparql", data={"update": update}, timeout=10)
        assert "/update" in problem(r, 400)["error"]
    elif how == "body":
        r = requests.post(server.url + "/sparql", data=update,
                          headers={"Content-Type": "application/sparql-update"}, timeout=10)
        assert "/update" in problem(r, 415)["error"]
    else:
        assert "POST it to /update" in problem(get(server, update), 400)["error"]


def test_an_update_by_get_is_405(server):
    r = requests.get(server.url + "/update", params={"update": "CLEAR ALL"}, timeout=10)
    assert problem(r, 405)["error"].startswith("updates must be sent by POST")
    assert r.headers["Allow"] == "POST"


def test_updates_are_off_without_a_token_and_say_so(server):
    r = requests.post(server.url + "/update", data={"update": "CLEAR ALL"}, timeout=10)
    assert "KG_UPDATE_TOKEN" in problem(r, 403)["error"]


@pytest.mark.parametrize("where", ["url", "form", "body"])
def test_non_utf8_input_is_400(server, where):
    if where == "url":
        r = requests.get(server.url + "/sparql?query=ASK%20%7B%FF%7D", timeout=10)
    elif where == "form":
        r = requests.post(server.url + "/sparql", data=b"query=ASK%20%7B%FF%7D", headers=FORM, timeout=10)
    else:
        r = requests.post(server.url + "/sparql", data=b"ASK { \xff }",
                          headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert "not UTF-8" in problem(r, 400)["error"]


def test_a_bad_dataset_iri_is_400(server):
    assert "is not an IRI" in problem(get(server, ARTICLES, **{"default-graph-uri": "not an iri"}), 400)["error"]


# -- content negotiation ------------------------------------------------------------------

def test_select_in_each_results_format(server):
    q = f"SELECT ?a ?d WHERE {{ ?a <{SCHEMA}datePublished> ?d }} ORDER BY ?a"
    expected = rows(get(server, q), "a")
    xml = get(server, q, headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["Content-Type"] == "application/sparql-results+xml"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [u.text for u in ET.fromstring(xml.content).findall(".//r:binding[@name='a']/r:uri", ns)] == expected
    tsv = get(server, q, headers={"Accept": "text/tab-separated-values"})
    assert tsv.headers["Content-Type"].startswith("text/tab-separated-values")
    lines = tsv.text.splitlines()
    assert lines[0] == "?a\t?d" and [line.split("\t")[0] for line in lines[1:]] == [f"<{a}>" for a in expected]
    csv_r = get(server, q, headers={"Accept": "text/csv"})
    table = list(csv.reader(io.StringIO(csv_r.text)))
    assert table[0] == ["a", "d"] and [r[0] for r in table[1:]] == expected


def test_q_values_choose_the_format(server):
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, application/sparql-results+xml;q=0.1"
    assert get(server, ARTICLES, headers={"Accept": accept}).headers["Content-Type"].startswith("text/csv")
    for accept in ("*/*", "", "application/*"):
        ct = get(server, ARTICLES, headers={"Accept": accept}).headers["Content-Type"]
        assert ct.startswith("application/sparql-results+json"), accept
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert get(server, ARTICLES, headers={"Accept": browser}).headers["Content-Type"].startswith(
        "application/sparql-results+xml")


def test_the_format_parameter_wins_over_accept(server):
    r = get(server, ARTICLES, headers={"Accept": "application/sparql-results+xml"}, format="csv")
    assert r.headers["Content-Type"].startswith("text/csv")


def test_ask_in_each_results_format(server):
    ask = f"ASK {{ ?a a <{SCHEMA}NewsArticle> }}"
    assert get(server, ask).json() == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in get(server, ask, headers={"Accept": "application/sparql-results+xml"}).content
    assert get(server, ask, headers={"Accept": "text/tab-separated-values"}).text.strip() == "true"


GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


@pytest.mark.parametrize("media_type", GRAPH_FORMATS)
def test_construct_in_each_rdf_format(server, media_type):
    q = f"CONSTRUCT {{ ?a <{SCHEMA}datePublished> ?d }} WHERE {{ ?a <{SCHEMA}datePublished> ?d }}"
    r = get(server, q, headers={"Accept": media_type})
    assert r.status_code == 200 and r.headers["Content-Type"] == media_type
    triples = {(str(q.subject), str(q.object)) for q in ox.parse(r.content, format=GRAPH_FORMATS[media_type])}
    assert len(triples) == 6 and any("2024-01-30" in o for _, o in triples)


def test_describe_is_a_graph_answer(server, article_graphs):
    article = article_graphs[0][1]
    r = get(server, f"DESCRIBE <{article}>", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and f"<{article}> <{SCHEMA}datePublished>" in r.text


def test_what_cannot_be_served_is_406(server):
    body = problem(get(server, ARTICLES, headers={"Accept": "image/png"}), 406)
    assert "application/sparql-results+json" in body["error"]
    construct = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
    assert "text/turtle" in problem(get(server, construct, headers={"Accept": "text/csv"}), 406)["error"]


# -- service description, VoID, graph store -------------------------------------------------

def _triples(response: requests.Response, fmt=ox.RdfFormat.TURTLE) -> set[tuple[str, str, str]]:
    assert response.status_code == 200, response.text
    return {(q.subject.value if not isinstance(q.subject, ox.BlankNode) else "_",
             q.predicate.value, q.object.value if not isinstance(q.object, ox.BlankNode) else "_")
            for q in ox.parse(response.content, format=fmt)}


def test_the_endpoint_url_with_no_query_describes_the_service(server):
    r = requests.get(server.url + "/sparql", timeout=10)
    assert r.headers["Content-Type"] == "text/turtle"
    sd = _triples(r)
    endpoint = server.url + "/sparql"
    assert (endpoint, SD + "endpoint", endpoint) in sd
    assert (endpoint, SD + "supportedLanguage", SD + "SPARQL11Query") in sd
    assert (endpoint, SD + "feature", SD + "UnionDefaultGraph") in sd
    assert (endpoint, SD + "resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_CSV") in sd
    assert not any(o == SD + "SPARQL11Update" for _, _, o in sd)  # updates are off on this server
    named = {o for _, p, o in sd if p == SD + "name"}
    assert "https://w3id.org/aseankg/graph/ontology" in named


def test_the_service_description_in_other_rdf_formats(server):
    r = requests.get(server.url + "/sparql", headers={"Accept": "application/ld+json"}, timeout=10)
    assert r.headers["Content-Type"].startswith("application/ld+json") and json.loads(r.text)


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
def test_void_describes_the_dataset_with_its_counts(server, path):
    void = _triples(requests.get(server.url + path, timeout=10))
    dataset = server.url + "/void#dataset"
    assert (dataset, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", VOID + "Dataset") in void
    assert (dataset, VOID + "sparqlEndpoint", server.url + "/sparql") in void
    total = rows(get(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), "n")[0]
    assert (dataset, VOID + "triples", total) in void


def test_the_graph_store_reads_a_named_graph_and_the_default_graph(server, article_graphs):
    graph, article = article_graphs[0]
    r = requests.get(server.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"},
                     timeout=10)
    one = _triples(r, ox.RdfFormat.N_TRIPLES)
    assert (article, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SCHEMA + "NewsArticle") in one
    everything = _triples(requests.get(server.url + "/store?default", timeout=10))
    assert one < everything


def test_the_graph_store_reads_the_whole_dataset_with_its_graphs(server, article_graphs):
    r = requests.get(server.url + "/store", headers={"Accept": "application/n-quads"}, timeout=10)
    graphs = {str(q.graph_name.value) for q in ox.parse(r.content, format=ox.RdfFormat.N_QUADS)}
    assert {g for g, _ in article_graphs} <= graphs
    assert requests.get(server.url + "/store", timeout=10).headers["Content-Type"].startswith("application/trig")


def test_the_graph_store_is_read_only_and_404s_unknown_graphs(server):
    assert "no graph <urn:x:nothing>" in problem(
        requests.get(server.url + "/store", params={"graph": "urn:x:nothing"}, timeout=10), 404)["error"]
    r = requests.put(server.url + "/store?default", data="<urn:x:a> <urn:x:b> <urn:x:c> .",
                     headers={"Content-Type": "text/turtle"}, timeout=10)
    assert "read-only" in problem(r, 405)["error"] and r.headers["Allow"] == "GET, HEAD"


# -- CORS, access log ----------------------------------------------------------------

def test_reads_allow_other_origins(server):
    origin = {"Origin": "https://yasgui.example"}
    assert get(server, ARTICLES, headers=origin).headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(server.url + "/sparql", headers={
        **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
        timeout=10)
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"
    # errors on read URLs carry the header too, so a browser tool can show them
    assert get(server, "SELECT", headers=origin).headers["Access-Control-Allow-Origin"] == "*"


def test_updates_get_no_cors_headers(server):
    r = requests.options(server.url + "/update", headers={"Origin": "https://evil.example",
                                                          "Access-Control-Request-Method": "POST"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in r.headers


def test_each_request_writes_one_json_access_log_line(server):
    query = f"ASK {{ ?a a <{SCHEMA}NewsArticle> }} # {time.time()}"
    get(server, query)
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.startswith("{")]
        mine = [line for line in lines if line.get("query") == digest]
        if mine:
            break
        time.sleep(0.1)
    assert len(mine) == 1
    assert mine[0]["method"] == "GET" and mine[0]["path"] == "/sparql" and mine[0]["status"] == 200
    assert mine[0]["ms"] >= 0 and query not in server.log.read_text()
