"""`kg ingest`: new articles added incrementally, over the real command line and a running server."""
from __future__ import annotations

import json
import shutil
import threading
import time

import pytest
import requests

from kg.store import EmbeddedStore
from tests.conftest import LiveServer, run_kg

STORY = """Thai Foreign Minister Maris Sangiampongsa met junta chief Min Aung Hlaing in Naypyitaw on Monday.

Maris said Thailand supports the five-point consensus and called for an end to violence, according to a statement from the Thai foreign ministry.
"""
COUNT_ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }"


@pytest.fixture()
def store(built_store, tmp_path):
    """A private copy of the built corpus store, so ingests do not leak between tests."""
    target = tmp_path / "store"
    EmbeddedStore(built_store).snapshot().backup(str(tmp_path / "seed"))
    (tmp_path / "store.versions").mkdir()
    shutil.move(str(tmp_path / "seed"), tmp_path / "store.versions" / "00000000T000000000000Z-seed")
    (tmp_path / "store").symlink_to("store.versions/00000000T000000000000Z-seed")
    return target


def story(tmp_path, text=STORY, name="thai-visit.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(store) -> int:
    return int(next(iter(EmbeddedStore(store).snapshot().query(COUNT_ARTICLES, use_default_graph_as_union=True)))["n"].value)


def test_ingest_adds_one_article_and_reports_json(store, tmp_path):
    proc = run_kg("ingest", str(story(tmp_path)), "--published", "2024-12-16", "--outlet", "Bangkok Post",
                  "--format", "json", store=store)
    report = json.loads(proc.stdout)
    assert report["article"] == "https://w3id.org/aseankg/id/article/thai-visit"
    assert report["status"] == "added"
    for key in ("mentions", "new_actors", "statements", "events_new", "events_merged", "figures"):
        assert isinstance(report[key], int)
    assert report["new_actors"] >= 1 and report["mentions"] >= 3
    assert count(store) == 7


def test_new_article_links_to_existing_actors(store, tmp_path):
    run_kg("ingest", str(story(tmp_path)), "--published", "2024-12-16", "--outlet", "Bangkok Post", store=store)
    out = run_kg("query", "sources", "--param", "subject=Min Aung Hlaing", "--format", "csv", store=store).stdout
    assert "https://w3id.org/aseankg/id/article/thai-visit" in out


def test_same_text_again_changes_nothing_and_says_so(store, tmp_path):
    path = story(tmp_path)
    run_kg("ingest", str(path), "--published", "2024-12-16", "--outlet", "Bangkok Post", store=store)
    version = EmbeddedStore(store).version()
    proc = run_kg("ingest", str(path), "--published", "2024-12-16", "--outlet", "Bangkok Post", store=store)
    assert proc.stdout.startswith("Unchanged:")
    assert EmbeddedStore(store).version() == version


def test_corrected_version_replaces_only_its_own_facts(store, tmp_path):
    run_kg("ingest", str(story(tmp_path)), "--published", "2024-12-16", "--outlet", "Bangkok Post", store=store)
    before = run_kg("query", "sources", "--param", "subject=Hun Sen", "--format", "csv", store=store).stdout
    corrected = STORY.replace("Maris Sangiampongsa", "Parnpree Bahiddha-nukara")
    proc = run_kg("ingest", str(story(tmp_path, corrected)), "--published", "2024-12-16", "--outlet", "Bangkok Post",
                  "--format", "json", store=store)
    assert json.loads(proc.stdout)["status"] == "replaced"
    assert count(store) == 7
    snapshot = EmbeddedStore(store).snapshot()
    labels = {q.object.value for q in snapshot.quads_for_pattern(None, None, None)
              if q.predicate.value.endswith("#label") and "Sangiampongsa" in q.object.value}
    assert labels == set()  # the old version's new actor went with it
    after = run_kg("query", "sources", "--param", "subject=Hun Sen", "--format", "csv", store=store).stdout
    assert after == before  # other articles untouched


@pytest.mark.parametrize("args,message", [
    (["--published", "2024-02-30", "--outlet", "X"], "not a valid date"),
    (["--published", "30/01/2024", "--outlet", "X"], "not a date YYYY-MM-DD"),
])
def test_bad_date_fails_and_leaves_the_store(store, tmp_path, args, message):
    version = EmbeddedStore(store).version()
    proc = run_kg("ingest", str(story(tmp_path)), *args, store=store, check=False)
    assert proc.returncode == 1 and message in proc.stderr
    assert EmbeddedStore(store).version() == version


def test_not_utf8_fails_with_the_fix(store, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 in Phnom Penh".encode("latin-1"))
    version = EmbeddedStore(store).version()
    proc = run_kg("ingest", str(path), "--published", "2024-01-01", "--outlet", "X", store=store, check=False)
    assert proc.returncode == 1 and "is not UTF-8" in proc.stderr and "iconv" in proc.stderr
    assert EmbeddedStore(store).version() == version


def test_unreadable_file_fails(store, tmp_path):
    proc = run_kg("ingest", str(tmp_path / "nope.txt"), "--published", "2024-01-01", "--outlet", "X",
                  store=store, check=False)
    assert proc.returncode == 1 and "cannot read" in proc.stderr


def test_folder_with_manifest_is_all_or_nothing(store, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    story(folder, name="a.txt")
    story(folder, STORY.replace("Monday", "Tuesday"), name="b.txt")
    (folder / "c.txt").write_bytes(b"\xff\xfe bad")
    manifest = tmp_path / "manifest.json"
    entries = [{"file": n, "published": "2024-12-17", "outlet": "Nation"} for n in ("a.txt", "b.txt", "c.txt")]
    manifest.write_text(json.dumps(entries))
    proc = run_kg("ingest", str(folder), "--manifest", str(manifest), store=store, check=False)
    assert proc.returncode == 1 and "c.txt is not UTF-8" in proc.stderr
    assert count(store) == 6
    manifest.write_text(json.dumps(entries[:2]))
    proc = run_kg("ingest", str(folder), "--manifest", str(manifest), "--silent", store=store)
    assert "added" in proc.stdout and count(store) == 8


def test_running_server_sees_the_article_and_never_half_of_it(store, tmp_path):
    live = LiveServer(store)
    try:
        seen: list[tuple[int, int]] = []
        stop = threading.Event()

        def poll():
            query = ("SELECT (COUNT(DISTINCT ?a) AS ?n) (COUNT(?m) AS ?m2) WHERE { "
                     "?a a <http://schema.org/NewsArticle> OPTIONAL { ?a <http://schema.org/mentions> ?m } }")
            while not stop.is_set():
                row = requests.get(live.url + "/sparql", params={"query": query}, timeout=10).json()["results"]["bindings"][0]
                seen.append((int(row["n"]["value"]), int(row["m2"]["value"])))

        thread = threading.Thread(target=poll)
        thread.start()
        run_kg("ingest", str(story(tmp_path)), "--published", "2024-12-16", "--outlet", "Bangkok Post", store=store)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(n == 7 for n, _ in seen):
            time.sleep(0.1)
        stop.set()
        thread.join()
    finally:
        live.stop()
    states = sorted(set(seen))
    assert {n for n, _ in states} == {6, 7}, states
    assert len(states) == 2  # the article and all its mentions appear together
