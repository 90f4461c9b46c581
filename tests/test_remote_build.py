"""`kg build` against a remote engine: killed midway, every article is complete or absent; a rebuild touches only the project's graphs."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import requests

from kg.store import EmbeddedStore
from tests.conftest import KG, ROOT, kg_env, run_kg
from tests.engines import OxigraphServer

ARTICLES = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }"
PER_ARTICLE = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/aseankg/graph/article/")) } GROUP BY ?g"""


def count(engine, query: str) -> int:
    r = requests.post(engine.base + "/query", data={"query": query},
                      headers={"Accept": "application/sparql-results+json"}, timeout=10)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def quads_per_article(rows) -> dict[str, int]:
    totals: dict[str, int] = {}
    for graph, n in rows:
        article = graph.split("/graph/article/")[1].split("/")[0]
        totals[article] = totals.get(article, 0) + n
    return totals


def engine_articles(engine) -> dict[str, int]:
    r = requests.post(engine.base + "/query", data={"query": PER_ARTICLE},
                      headers={"Accept": "application/sparql-results+json"}, timeout=10)
    return quads_per_article((b["g"]["value"], int(b["n"]["value"])) for b in r.json()["results"]["bindings"])


def embedded_articles(built_store) -> dict[str, int]:
    store = EmbeddedStore(built_store).snapshot()
    return quads_per_article((s["g"].value, int(s["n"].value)) for s in store.query(PER_ARTICLE))


def test_a_build_killed_midway_leaves_every_article_complete_or_absent(tmp_path, built_store):
    expected = embedded_articles(built_store)
    for attempt in range(3):  # the kill must land while articles are being written
        engine = OxigraphServer(tmp_path / f"ox{attempt}").start()
        try:
            build = subprocess.Popen([*KG, "build", "--silent"], cwd=ROOT, env=kg_env(tmp_path / "s", **engine.env()),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while build.poll() is None and count(engine, ARTICLES) == 0:
                time.sleep(0.01)
            os.kill(build.pid, signal.SIGKILL)
            build.wait(10)
            found = engine_articles(engine)
            if 0 < count(engine, ARTICLES) < len(expected):
                for article, quads in found.items():
                    assert quads == expected[article], f"article {article} is half written: {quads} of {expected[article]}"
                return
        finally:
            engine.stop()
    raise AssertionError("the build was never caught midway in three tries")


def test_a_rebuild_replaces_only_the_projects_graphs(oxigraph_store, built_store):
    other = "http://example.org/someone-elses-graph"
    update = f"INSERT DATA {{ GRAPH <{other}> {{ <http://example.org/a> <http://example.org/b> 'kept' }} }}"
    requests.post(oxigraph_store.base + "/update", data=update.encode(),
                  headers={"Content-Type": "application/sparql-update"}, timeout=10).raise_for_status()
    try:
        before = engine_articles(oxigraph_store)
        out = run_kg("build", "--silent", store=tmp_path_of(oxigraph_store), **oxigraph_store.env()).stdout
        assert out.startswith("Built 6 articles")
        assert engine_articles(oxigraph_store) == before == embedded_articles(built_store)
        assert count(oxigraph_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{other}> {{ ?s ?p 'kept' }} }}") == 1
    finally:  # the engine is shared with the parity tests
        requests.post(oxigraph_store.base + "/update", data=f"DROP SILENT GRAPH <{other}>".encode(),
                      headers={"Content-Type": "application/sparql-update"}, timeout=10).raise_for_status()


def tmp_path_of(engine):
    return engine.workdir / "unused-store"


def test_ingest_on_a_remote_store_reports_and_answers_as_on_the_embedded_store(tmp_path, built_store):
    import json
    import shutil

    from tests.test_ingest import STORY

    EmbeddedStore(built_store).snapshot().backup(str(tmp_path / "seed"))
    (tmp_path / "store.versions").mkdir()
    shutil.move(str(tmp_path / "seed"), tmp_path / "store.versions" / "00000000T000000000000Z-seed")
    (tmp_path / "store").symlink_to("store.versions/00000000T000000000000Z-seed")
    article = tmp_path / "thai-visit.txt"
    article.write_text(STORY, encoding="utf-8")
    engine = OxigraphServer(tmp_path / "ox").start()
    try:
        remote = {"store": tmp_path / "unused", **engine.env()}
        run_kg("build", "--silent", **remote)
        args = ("ingest", str(article), "--published", "2024-12-16", "--outlet", "Bangkok Post", "--format", "json")
        theirs = json.loads(run_kg(*args, store=tmp_path / "store").stdout)
        ours = json.loads(run_kg(*args, **remote).stdout)
        assert {k: v for k, v in ours.items() if k != "ms"} == {k: v for k, v in theirs.items() if k != "ms"}
        assert ours["status"] == "added"
        assert json.loads(run_kg(*args, **remote).stdout)["status"] == "unchanged"
        query = ("query", "sources", "--param", "subject=Min Aung Hlaing", "--format", "csv")
        assert sorted(run_kg(*query, **remote).stdout.splitlines()) == \
            sorted(run_kg(*query, store=tmp_path / "store").stdout.splitlines())
        assert "thai-visit" in run_kg(*query, **remote).stdout
    finally:
        engine.stop()
