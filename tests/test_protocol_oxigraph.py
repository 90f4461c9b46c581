"""Differential conformance: our /sparql answers exactly as `oxigraph serve --union-default-graph` does.

Both serve the same store version (the oxigraph CLI opens it read-only), so any
difference in bytes, media type or status is ours to explain.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"  # the `oxigraph` package of the test extras
S = "http://schema.org/"
ORDERED = [
    f"SELECT ?a ?d WHERE {{ ?a <{S}datePublished> ?d }} ORDER BY ?a",
    f"SELECT ?a ?title WHERE {{ ?a a <{S}NewsArticle> OPTIONAL {{ ?a <{S}headline> ?title }} }} ORDER BY ?a",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 20",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    f"SELECT * WHERE {{ ?a <{S}datePublished> ?d FILTER(?d > \"2022-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>) }} "
    "ORDER BY ?d ?a",
    f"ASK {{ ?a a <{S}NewsArticle> }}",
    "ASK { ?a a <urn:x:nothing> }",
]
RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]


@pytest.fixture(scope="module")
def oxigraph(built_store):
    port = free_port()
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve-read-only", "--location", os.path.realpath(built_store),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=1)
            break
        except requests.RequestException:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def both(server, oxigraph, query: str, accept: str, **params):
    ours = requests.get(server.url + "/sparql", params={"query": query, **params}, headers={"Accept": accept},
                        timeout=10)
    theirs = requests.get(oxigraph, params={"query": query, **params}, headers={"Accept": accept}, timeout=10)
    return ours, theirs


@pytest.mark.parametrize("accept", RESULT_TYPES)
@pytest.mark.parametrize("query", ORDERED)
def test_the_same_bytes_as_oxigraph(server, oxigraph, query, accept):
    ours, theirs = both(server, oxigraph, query, accept)
    assert (ours.status_code, ours.headers["Content-Type"]) == (theirs.status_code, theirs.headers["Content-Type"])
    assert ours.content == theirs.content


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples"])
def test_the_same_graph_as_oxigraph(server, oxigraph, accept):
    query = f"CONSTRUCT {{ ?a <{S}datePublished> ?d ; a ?type }} WHERE {{ ?a <{S}datePublished> ?d ; a ?type }}"
    ours, theirs = both(server, oxigraph, query, accept)
    assert ours.headers["Content-Type"] == theirs.headers["Content-Type"]
    assert sorted(ours.text.splitlines()) == sorted(theirs.text.splitlines())


def test_the_same_dataset_semantics_as_oxigraph(server, oxigraph):
    graphs = requests.get(oxigraph, params={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } } ORDER BY ?g"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=10).json()
    g1, g2 = [b["g"]["value"] for b in graphs["results"]["bindings"][:2]]
    query = "SELECT ?g ?a WHERE { { ?a a <http://schema.org/NewsArticle> } UNION { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } } } ORDER BY ?g ?a"
    for params in ({"default-graph-uri": g1}, {"named-graph-uri": g2}, {"default-graph-uri": g1, "named-graph-uri": g2}):
        ours, theirs = both(server, oxigraph, query, "application/sparql-results+json", **params)
        assert ours.content == theirs.content, params


@pytest.mark.parametrize("query,accept", [
    ("SELECT * { ?s ?p }", "application/sparql-results+json"),
    ("ASK {}", "image/png"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv"),
])
def test_the_same_error_status_as_oxigraph(server, oxigraph, query, accept):
    ours, theirs = both(server, oxigraph, query, accept)
    assert ours.status_code == theirs.status_code
