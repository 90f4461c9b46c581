"""`kg build`: the corpus becomes six dated articles, and a failed build loses nothing."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time

import pyoxigraph
import pytest

from kg.store import EmbeddedStore
from kg.text import sha256_hex
from tests.conftest import ROOT, run_kg

ARTICLES = """
PREFIX schema: <http://schema.org/>
PREFIX akg: <https://w3id.org/aseankg/ontology#>
SELECT ?a ?date ?sha ?text ?file WHERE {
  ?a a schema:NewsArticle ; schema:datePublished ?date ; schema:sha256 ?sha ;
     schema:text ?text ; akg:sourceFile ?file .
} ORDER BY ?a
"""


def rows(store_path):
    store = EmbeddedStore(store_path).snapshot()
    return [{k: s[k].value for k in ("a", "date", "sha", "text", "file")}
            for s in store.query(ARTICLES, use_default_graph_as_union=True)]


def test_build_makes_six_articles_with_their_dates(built_store):
    got = {r["a"].rsplit("/", 1)[1]: r["date"] for r in rows(built_store)}
    assert got == {
        "000-1602361f5c090e7e": "2022-01-08",
        "001-5e6a1da8cc247dba": "2024-01-30",
        "002-ce469ea1af2cc5a4": "2022-01-06",
        "003-cccb31c926be307a": "2022-01-06",
        "004-0c568830f59e0698": "2021-06-23",
        "004-0c568830f59e0698-2": "2021-06-23",
    }


def test_recorded_hash_is_the_hash_of_the_stored_text(built_store):
    for r in rows(built_store):
        assert r["sha"] == sha256_hex(r["text"])


def test_second_story_is_its_own_article_and_boilerplate_is_gone(built_store):
    texts = {r["a"].rsplit("/", 1)[1]: r["text"] for r in rows(built_store)}
    first, second = texts["004-0c568830f59e0698"], texts["004-0c568830f59e0698-2"]
    assert "Wives Fear" not in first and "Next Article" not in first
    assert second.startswith("Cambodian Political Prisoners’ Wives Fear for Husbands’ Health")
    for text in texts.values():
        for boiler in ("What's Your Reaction?", "This site uses cookies", "Related Articles",
                       "Source : Radio Free Asia", "Bloomberg L.P."):
            assert boiler not in text
    assert not texts["003-cccb31c926be307a"].startswith("Hun Sen\n")


def test_build_prints_what_it_did(tmp_path):
    proc = run_kg("build", "--silent", store=tmp_path / "store")
    assert "Built 6 articles" in proc.stdout and "quads" in proc.stdout and " s " in proc.stdout


def test_build_if_stale_skips_an_up_to_date_store(built_store):
    proc = run_kg("build", "--if-stale", "--silent", store=built_store)
    assert "up to date" in proc.stdout


def test_bad_corpus_fails_with_a_message_and_keeps_the_store(tmp_path, built_store):
    store = tmp_path / "store"
    run_kg("build", "--silent", store=store)
    before = EmbeddedStore(store).version()
    bad = tmp_path / "corpus"
    bad.mkdir()
    (bad / "articles.json").write_text(json.dumps([{"id": "x", "file": "missing.txt", "outlet": "O", "published": "2022-01-01"}]))
    proc = run_kg("build", "--corpus", str(bad), store=store, check=False)
    assert proc.returncode == 1
    assert "cannot read" in proc.stderr and "missing.txt" in proc.stderr
    assert EmbeddedStore(store).version() == before
    assert len(rows(store)) == 6


def test_error_inside_a_write_keeps_the_previous_version(tmp_path):
    store_path = tmp_path / "store"
    run_kg("build", "--silent", store=store_path)
    store = EmbeddedStore(store_path)
    before = store.version()
    with pytest.raises(RuntimeError):
        with store.writer() as w:
            w.clear()
            raise RuntimeError("disk on fire")
    assert store.version() == before
    assert len(rows(store_path)) == 6
    assert not list(store.versions_dir.glob("tmp-*"))


def test_killed_build_leaves_the_previous_store_serving(tmp_path):
    store_path = tmp_path / "store"
    run_kg("build", "--silent", store=store_path)
    before = EmbeddedStore(store_path).version()
    writer = textwrap.dedent(f"""
        import sys, time, pyoxigraph
        from kg.store import EmbeddedStore
        with EmbeddedStore({str(store_path)!r}).writer(fresh=True) as w:
            w.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://x/s"), pyoxigraph.NamedNode("http://x/p"), pyoxigraph.Literal("half")))
            print("writing", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert EmbeddedStore(store_path).version() == before
    assert len(rows(store_path)) == 6
    # the next build cleans up the half-written directory and succeeds
    run_kg("build", "--silent", store=store_path)
    store = EmbeddedStore(store_path)
    assert store.version() != before and not list(store.versions_dir.glob("tmp-*"))
    assert len(rows(store_path)) == 6
