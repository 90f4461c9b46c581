"""The endpoint is safe to expose: time and size limits, no fetching of arbitrary URLs, no lost workers.

A `kg serve` with a 1 s query limit, 100-row answers, 4000-byte requests, updates
on (a copy of the store) and one SERVICE endpoint allowed: a loopback port that
accepts TCP connections and never answers. Another loopback port, not allowed,
records any connection made to it: there must be none.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.conftest import LiveServer

TIMEOUT = 1.0
UPDATE_TIMEOUT = 3.0  # an update copies the store first: on a busy test machine that alone can take 1 s
MARGIN = 2.0  # for a loaded test machine: still far below "hangs"
TOKEN = "safety-token"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Listener:
    """A loopback port that accepts connections, never answers, and counts them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)  # kept open, never answered

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture(scope="module")
def hanging():
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def trap():
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def guarded(built_store, tmp_path_factory, hanging, trap):
    copy = tmp_path_factory.mktemp("kg-safety")
    shutil.copytree(built_store.parent / "store.versions", copy / "store.versions")
    (copy / "store").symlink_to(built_store.readlink())
    live = LiveServer(
        copy / "store", KG_QUERY_TIMEOUT=str(TIMEOUT), KG_UPDATE_TIMEOUT=str(UPDATE_TIMEOUT),
        KG_MAX_RESULTS="100", KG_MAX_REQUEST_BYTES="4000",
        KG_SERVICE_ALLOWLIST=hanging.url, KG_UPDATE_TOKEN=TOKEN, KG_WORKERS="2", KG_THREADS="2",
    )
    yield live
    live.stop()


def query(server, text: str, accept: str = "application/sparql-results+json", **params) -> requests.Response:
    return requests.post(server.url + "/sparql", data={"query": text, **params}, headers={"Accept": accept},
                         timeout=30)


def timed(call, *args, **kwargs) -> tuple[requests.Response, float]:
    start = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - start


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def executors(server) -> set[int]:
    """The pids of the server's live executor processes (children of its workers)."""
    pids = set()
    for worker in children(server.proc.pid):
        for pid in children(worker):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
            except OSError:
                continue
            assert state != "Z", f"executor {pid} was killed but not reaped"
            if b"server.executor" in cmdline:
                pids.add(pid)
    return pids


# -- time limit ---------------------------------------------------------------------------

def test_a_cross_product_of_the_store_is_stopped_with_a_clear_error(guarded):
    r, seconds = timed(query, guarded, RUNAWAY)
    assert r.status_code == 503
    assert r.json()["error"] == ("the query was stopped after 1 s, the server's limit (KG_QUERY_TIMEOUT); "
                                 "narrow it, or add a LIMIT")
    assert TIMEOUT <= seconds < TIMEOUT + MARGIN


def test_other_requests_are_served_while_a_query_runs_away(guarded):
    """Requests sent while a runaway query runs are answered while it still runs, not after it is stopped."""
    with ThreadPoolExecutor(1) as pool:
        runaway = pool.submit(query, guarded, RUNAWAY)
        time.sleep(0.2)
        answered_meanwhile = 0
        while not runaway.done():
            r, seconds = timed(query, guarded, "ASK { ?s ?p ?o }")
            assert r.status_code == 200 and r.json()["boolean"] is True
            assert seconds < TIMEOUT  # never held back until the runaway is stopped
            answered_meanwhile += not runaway.done()
        assert answered_meanwhile >= 1
        assert runaway.result().status_code == 503


def test_the_killed_executor_is_replaced_and_every_executor_still_answers(guarded):
    before = executors(guarded)
    assert len(before) == 2 * 2  # KG_WORKERS x KG_THREADS
    assert query(guarded, RUNAWAY).status_code == 503
    after = executors(guarded)
    assert len(after) == len(before) and len(before - after) == 1  # one killed, one new
    for killed in before - after:
        assert not Path(f"/proc/{killed}").exists()
    # more requests than executors, in parallel: all of them work
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: query(guarded, "ASK { ?s ?p ?o }"), range(16)))
    assert [r.status_code for r in answers] == [200] * 16


def test_a_runaway_update_is_stopped_and_leaves_the_store_unchanged(guarded):
    version = requests.get(guarded.url + "/health", timeout=10).json()["version"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    runaway = ("INSERT { GRAPH <urn:x:big> { ?a <urn:x:p> ?j } } WHERE { GRAPH ?w { ?a ?b ?c } "
               "GRAPH ?x { ?d ?e ?f } GRAPH ?y { ?g ?h ?i } GRAPH ?z { ?j ?k ?l } }")
    r, seconds = timed(requests.post, guarded.url + "/update", data={"update": runaway}, headers=auth, timeout=30)
    assert r.status_code == 503 and UPDATE_TIMEOUT <= seconds < UPDATE_TIMEOUT + MARGIN
    assert "KG_UPDATE_TIMEOUT" in r.json()["error"]
    assert requests.get(guarded.url + "/health", timeout=10).json()["version"] == version
    # the killed writer released the store's lock: the next update goes through
    r = requests.post(guarded.url + "/update", data={"update": "INSERT DATA { <urn:x:a> <urn:x:b> 1 }"},
                      headers=auth, timeout=30)
    assert r.status_code == 204, r.text


# -- SERVICE, FROM, LOAD: no fetching of arbitrary URLs ------------------------------------

def test_an_allowed_service_that_never_answers_does_not_hang_the_request(guarded, hanging):
    calls = len(hanging.accepted)
    r, seconds = timed(query, guarded, f"SELECT * WHERE {{ SERVICE <{hanging.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 503 and seconds < TIMEOUT + MARGIN
    assert len(hanging.accepted) > calls  # the call was made, and cut off


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <{trap}> { ?s ?p ?o } }",
    "select * where { service silent <{trap}> { ?s ?p ?o } }",
    "PREFIX t: <{base}> SELECT * WHERE { SERVICE t:sparql { ?s ?p ?o } }",
    "BASE <{base}> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <{trap}> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { OPTIONAL { SERVICE <{trap}> { ?s ?p ?o } } } } }",
    "ASK { FILTER EXISTS { SERVICE <{trap}> { ?s ?p ?o } } }",
    "SELECT * WHERE { VALUES ?x { <{trap}> } ?s ?p ?o FILTER(?o <?b).SERVICE?x#>\n{ ?a ?b ?c } }",
])
def test_service_off_the_allowlist_is_refused_without_any_connection(guarded, trap, text):
    text = text.replace("{trap}", trap.url).replace("{base}", trap.url.rpartition("/")[0] + "/")
    r = query(guarded, text)
    assert r.status_code == 403, r.text
    assert "is not allowed" in r.json()["error"]
    assert trap.accepted == []


def test_from_and_dataset_parameters_never_fetch(guarded, trap):
    r = query(guarded, f"SELECT * FROM <{trap.url}> FROM NAMED <{trap.url}2> WHERE {{ ?s ?p ?o }}")
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
    r = query(guarded, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": trap.url})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
    time.sleep(0.2)
    assert trap.accepted == []


def test_load_is_refused_without_any_connection(guarded, trap):
    r = requests.post(guarded.url + "/update", data={"update": f"LOAD SILENT <{trap.url}>"},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert r.status_code == 403 and trap.accepted == []


# -- request and answer sizes ------------------------------------------------------------------

def test_a_body_over_the_limit_is_413(guarded):
    big = "ASK { ?s ?p ?o } #" + "x" * 5000
    r = query(guarded, big)
    assert r.status_code == 413 and "KG_MAX_REQUEST_BYTES" in r.json()["error"]
    r = requests.post(guarded.url + "/sparql", data=big, headers={"Content-Type": "application/sparql-query"},
                      timeout=10)
    assert r.status_code == 413


def test_a_query_string_over_the_limit_is_414(guarded):
    r = requests.get(guarded.url + "/sparql", params={"query": "ASK {} #" + "x" * 5000}, timeout=10)
    assert r.status_code == 414 and "send the query by POST" in r.json()["error"]


def test_a_url_over_the_http_servers_limit_is_414_in_the_same_error_shape(guarded):
    r = requests.get(guarded.url + "/sparql", params={"query": "ASK {} #" + "x" * 9000}, timeout=10)
    assert r.status_code == 414
    body = r.json()
    assert body["ok"] is False and body["status"] == 414 and "send the query by POST" in body["error"]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_an_answer_over_the_row_limit_is_refused_in_every_results_format(guarded, accept):
    assert query(guarded, "SELECT * WHERE { ?s ?p ?o } LIMIT 100", accept).status_code == 200
    r = query(guarded, "SELECT * WHERE { ?s ?p ?o } LIMIT 101", accept)
    assert r.status_code == 422 and "more than 100 rows" in r.json()["error"]


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml",
                                    "application/ld+json", "application/trig", "application/n-quads"])
def test_a_graph_over_the_limit_is_refused_in_every_rdf_format(guarded, accept):
    construct = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT "
    assert query(guarded, construct + "100", accept).status_code == 200
    assert query(guarded, construct + "101", accept).status_code == 422


# What the formats write between rows, inside literals
TRICKY = ['x},{', '}},{"x":{"type":"uri"', 'x},{"', 'x},{",', 'he said , yes .', 'a ;\nb', '<result>', 'tab\there',
          'line\nbreak', '{}']


def sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


@pytest.fixture(scope="module")
def tricky_graph(guarded) -> str:
    """<urn:x:tricky>: 101 literals that hold what some format writes between rows."""
    for part in (range(0, 50), range(50, 101)):  # two updates: each under KG_MAX_REQUEST_BYTES
        data = " ".join(f"<urn:s{i}> <urn:p> {sparql_string(str(i) + TRICKY[i % len(TRICKY)])} ." for i in part)
        r = requests.post(guarded.url + "/update", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30,
                          data={"update": f"INSERT DATA {{ GRAPH <urn:x:tricky> {{ {data} }} }}"})
        assert r.status_code == 204, r.text
    return "urn:x:tricky"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values", "text/turtle", "application/trig"])
def test_rows_are_counted_exactly_when_literals_look_like_row_separators(guarded, tricky_graph, accept):
    if accept in ("text/turtle", "application/trig"):
        text = f"CONSTRUCT FROM <{tricky_graph}> WHERE {{ ?s <urn:p> ?o }}"
    else:
        text = f"SELECT ?o FROM <{tricky_graph}> WHERE {{ ?s <urn:p> ?o }}"
    assert query(guarded, text + " LIMIT 100", accept).status_code == 200
    assert query(guarded, text + " LIMIT 101", accept).status_code == 422


def test_the_graph_store_is_bounded_by_the_same_limit(guarded):
    r = requests.get(guarded.url + "/store", timeout=10)
    assert r.status_code == 422 and r.json()["status"] == 422
