"""The SPARQL protocol conformance suite of #5, again, with the graph on a remote engine; and byte-for-byte parity.

Every test of tests/test_protocol.py runs here against a real `kg serve` whose store is
a real `oxigraph serve` or Virtuoso (KG_BACKEND=sparql, tests/engines.py), and the
differential tests check that the remote-backed service answers with exactly the bytes
the embedded one gives.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests

from tests.conftest import LiveServer
from tests.test_protocol import *  # noqa: F401,F403  the conformance suite, collected again with the fixture below
from tests.test_protocol_oxigraph import ORDERED, RESULT_TYPES, S

BACKENDS = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request):
    """`kg serve` on a remote engine that holds the corpus (replaces test_protocol's embedded server)."""
    engine = request.getfixturevalue(f"{request.param}_store")
    live = LiveServer(engine.workdir / "unused-store", **engine.env())
    yield live
    live.stop()


@pytest.fixture(scope="module")
def embedded(built_store):
    live = LiveServer(built_store)
    requests.get(live.url + "/sparql", params={"query": "ASK {}"}, timeout=30)  # executors warm before timing starts
    yield live
    live.stop()


def ask(live, query: str, accept: str, **params) -> requests.Response:
    return requests.get(live.url + "/sparql", params={"query": query, **params}, headers={"Accept": accept},
                        timeout=30)


@pytest.mark.parametrize("accept", RESULT_TYPES)
@pytest.mark.parametrize("query", ORDERED)
def test_the_same_bytes_as_the_embedded_store(server, embedded, query, accept):
    ours, theirs = ask(server, query, accept), ask(embedded, query, accept)
    assert (ours.status_code, ours.headers["Content-Type"]) == (theirs.status_code, theirs.headers["Content-Type"])
    assert ours.content == theirs.content


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES)])
def test_the_same_graph_as_the_embedded_store(server, embedded, accept, fmt):
    query = f"CONSTRUCT {{ ?a <{S}datePublished> ?d ; a ?type }} WHERE {{ ?a <{S}datePublished> ?d ; a ?type }}"
    ours, theirs = ask(server, query, accept), ask(embedded, query, accept)
    assert ours.headers["Content-Type"] == theirs.headers["Content-Type"]
    # a CONSTRUCT answer has no order, and Turtle groups a subject's triples as they come
    assert sorted(map(str, ox.parse(ours.content, format=fmt))) == sorted(map(str, ox.parse(theirs.content, format=fmt)))


def test_the_engine_url_is_never_shown(server):
    health = requests.get(server.url + "/health", timeout=10).json()
    assert health["ok"] and "127.0.0.1" not in str(health) and health["store"].startswith("remote SPARQL engine")
