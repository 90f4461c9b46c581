"""wikidata-enrich: our facts beside Wikidata's, through SERVICE, the allowlist and the time limit.

The query service is a stand-in (oxigraph serve-read-only with the fixture of
tests/standins) or a server that accepts connections and never answers.
"""
from __future__ import annotations

import time

import pytest
import requests

from tests.conftest import LiveServer, run_kg
from tests.standins.servers import QueryService, SilentServer

WD = "http://www.wikidata.org/entity/"
SMALL = {"KG_WORKERS": "1", "KG_THREADS": "1"}  # one worker with one executor starts and stops fastest


@pytest.fixture(scope="module")
def query_service(tmp_path_factory):
    service = QueryService(tmp_path_factory.mktemp("wikidata"))
    yield service
    service.stop()


@pytest.fixture(scope="module")
def enrich(built_store, query_service):
    """GET wikidata-enrich from a `kg serve` whose Wikidata service is the stand-in, on its allowlist."""
    live = LiveServer(built_store, KG_WIKIDATA_SPARQL=query_service.url, KG_SERVICE_ALLOWLIST=query_service.url,
                      **SMALL)
    yield lambda actor: requests.get(live.url + "/api/queries/wikidata-enrich", params={"actor": actor}, timeout=30)
    live.stop()


def test_federated_query_joins_our_facts_with_wikidata(enrich):
    resp = enrich("Hun Sen")
    assert resp.status_code == 200, resp.text
    rows = {(r["source"], r["property"], r["value"], r["valueLabel"], r["start"], r["end"]) for r in resp.json()}
    assert {
        ("registry", "Wikidata item", WD + "Q57788", None, None, None),
        ("registry", "country", WD + "Q424", "Cambodia", None, None),
        ("wikidata", "country", WD + "Q424", "Cambodia", None, None),
        ("wikidata", "date of birth", "1952-08-05", None, None, None),
        ("wikidata", "position held", WD + "Q1999325", "Prime Minister of Cambodia", "1985-01-14", "2023-08-22"),
    } <= rows
    evidence = {r["property"]: r["evidence"] for r in resp.json() if r["source"] == "registry"}
    assert evidence["Wikidata item"] == "https://w3id.org/aseankg/graph/wikidata/hun-sen"


def test_an_actor_without_a_wikidata_item_is_refused(enrich):
    resp = enrich("Sean Turnell")
    assert resp.status_code == 400
    assert resp.json()["error"] == ("Sean Turnell has no verified Wikidata item, so wikidata-enrich has nothing "
                                    "to ask Wikidata; 'kg link --missing' lists such entities")


def test_the_service_must_be_on_the_allowlist(built_store, query_service):
    live = LiveServer(built_store, KG_WIKIDATA_SPARQL=query_service.url, **SMALL)  # default allowlist: Wikidata's
    try:
        resp = requests.get(live.url + "/api/queries/wikidata-enrich", params={"actor": "Hun Sen"}, timeout=30)
    finally:
        live.stop()
    assert resp.status_code == 403
    assert resp.json()["error"].startswith(f"SERVICE <{query_service.url}> is not allowed")


def test_the_command_line_sends_federated_queries_to_the_server(built_store):
    proc = run_kg("query", "wikidata-enrich", "--param", "actor=Hun Sen", store=built_store, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: wikidata-enrich calls a remote SPARQL service (WIKIDATA_SPARQL), so it "
                                  "runs only through the server")


def test_a_silent_service_is_cut_off_at_the_time_limit_and_the_worker_is_free_again(built_store):
    silent = SilentServer()
    live = LiveServer(built_store, KG_WIKIDATA_SPARQL=silent.url, KG_SERVICE_ALLOWLIST=silent.url,
                      KG_QUERY_TIMEOUT="1", **SMALL)
    try:
        started = time.monotonic()
        resp = requests.get(live.url + "/api/queries/wikidata-enrich", params={"actor": "Hun Sen"}, timeout=30)
        took = time.monotonic() - started
        assert resp.status_code == 503
        assert "stopped after 1 s" in resp.json()["error"] and took < 10
        assert silent.accepted >= 1  # the call reached the service, which never answered
        after = requests.get(live.url + "/api/queries/wikidata-links", timeout=10)
        assert after.status_code == 200 and len(after.json()) == 38
        assert requests.get(live.url + "/health", timeout=10).json()["executors"]["restarts"] >= 1
    finally:
        live.stop()
        silent.stop()
