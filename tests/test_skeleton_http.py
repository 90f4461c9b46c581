"""The walking skeleton end to end: a real `kg serve` answers SPARQL over HTTP."""
from __future__ import annotations

import requests

from tests.conftest import run_kg

SELECT_ARTICLES = """PREFIX schema: <http://schema.org/>
SELECT ?a ?date WHERE { ?a a schema:NewsArticle ; schema:datePublished ?date } ORDER BY ?a"""


def test_get_select_returns_the_six_articles_as_sparql_json(server):
    r = requests.get(server.url + "/sparql", params={"query": SELECT_ARTICLES}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    bindings = r.json()["results"]["bindings"]
    assert len(bindings) == 6
    assert {b["date"]["value"] for b in bindings} == {"2021-06-23", "2022-01-06", "2022-01-08", "2024-01-30"}


def test_post_form_and_ask(server):
    r = requests.post(server.url + "/sparql", data={"query": "ASK { ?s a <http://schema.org/NewsArticle> }"}, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_construct_is_turtle(server):
    q = "CONSTRUCT { ?a <http://schema.org/datePublished> ?d } WHERE { ?a <http://schema.org/datePublished> ?d }"
    r = requests.post(server.url + "/sparql", data=q, headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert "2024-01-30" in r.text


def test_syntax_error_is_400_with_the_position(server):
    r = requests.get(server.url + "/sparql", params={"query": "SELECT * { ?s ?p }"}, timeout=10)
    assert r.status_code == 400
    assert "1:" in r.json()["error"]


def test_health(server):
    body = requests.get(server.url + "/health", timeout=10).json()
    assert body["ok"] is True and body["version"]


def test_kg_query_articles_prints_a_table(built_store):
    out = run_kg("query", "articles", store=built_store).stdout
    assert "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability" in out
    assert "6 rows" in out


def test_kg_query_lists_the_catalogue(built_store):
    lines = run_kg("query", store=built_store).stdout.splitlines()
    assert any(line.startswith("articles ") and "Every article" in line for line in lines)


def test_unknown_query_is_a_clear_error(built_store):
    proc = run_kg("query", "nope", store=built_store, check=False)
    assert proc.returncode == 1 and "no saved query named 'nope'" in proc.stderr
