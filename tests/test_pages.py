"""The HTML pages over the built corpus, through the HTTP client: known answers, evidence, caching, linked data.

Browser-level checks (JavaScript on and off, axe-core, requests leaving the machine)
are in tests/browser/.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import threading
import time

import pyoxigraph
import pytest

from tests.html_tree import text, tree

from kg.resolve import Candidate, EntityIndex
from server import create_app

HTML = {"Accept": "text/html"}
# One page of each family, with a thing the corpus is known to hold.
PAGES = {
    "home": "/",
    "search": "/search?q=Hun",
    "entity": "/entity/hun-sen",
    "event": None,  # found from the Hun Sen page (event IRIs come from the build)
    "agreement": "/agreement/five-point-consensus",
    "statement": None,
    "figures": "/figures",
    "article": "/article/000-1602361f5c090e7e",
    "evidence": None,
    "quality": "/quality",
    "queries": "/queries",
    "saved-query": "/queries/actor-roles?actor=Prak+Sokhonn",
    "editor": "/query",
}


def settle() -> None:
    """Wait for the background warm-up of site-wide sections (server/pages/warm.py)."""
    for thread in threading.enumerate():
        if thread.name == "kg-page-warm":
            thread.join(60)


@pytest.fixture(scope="module")
def app(built_store):
    app = create_app({"store": str(built_store)})
    yield app
    settle()
    app.extensions["kg_executors"].close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def page(client, path: str, **headers):
    resp = client.get(path, headers={**HTML, **headers})
    assert resp.status_code == 200, (path, resp.status_code, resp.get_data(as_text=True)[:500])
    return resp


def links(root, prefix: str) -> list[str]:
    return [a.get("href") for a in root.iter("a") if (a.get("href") or "").startswith(prefix)]


@pytest.fixture(scope="module")
def pages(client) -> dict[str, str]:
    """Every page family's URL, the build-dependent ones found by following links."""
    found = dict(PAGES)
    hun_sen = tree(page(client, "/entity/hun-sen"))
    found["event"] = links(hun_sen, "/event/")[0]
    found["statement"] = links(hun_sen, "/statement/")[0]
    found["evidence"] = links(hun_sen, "/evidence/")[0]
    return found


@pytest.fixture(scope="module")
def texts(client):
    """Article texts by article key, from the .txt twins."""
    cache: dict[str, str] = {}

    def get(key: str) -> str:
        if key not in cache:
            cache[key] = client.get(f"/article/{key}.txt").get_data(as_text=True)
        return cache[key]

    return get


@pytest.mark.parametrize("family", list(PAGES))
def test_every_page_is_complete_html_with_cache_and_security_headers(client, pages, family):
    resp = page(client, pages[family], **{"Accept-Encoding": "gzip"})
    assert resp.mimetype == "text/html"
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["Server-Timing"].startswith("queries;dur=")
    body = gzip.decompress(resp.get_data()) if resp.headers.get("Content-Encoding") == "gzip" else resp.get_data()
    assert b"<main" in body and b"</html>" in body
    assert len(resp.get_data()) < 60_000, f"{family}: {len(resp.get_data())} bytes compressed"
    again = client.get(pages[family], headers={**HTML, "Accept-Encoding": "gzip", "If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == resp.headers["ETag"]


@pytest.mark.parametrize("family", [f for f in PAGES if f not in ("search", "queries", "editor")])
def test_every_fact_row_has_quotes_with_article_outlet_date_and_exact_span(client, pages, texts, family):
    root = tree(page(client, pages[family]))
    rows = [el for el in root.iter() if el.get("data-fact") is not None]
    assert rows or family in ("saved-query", "evidence"), f"{family} shows no fact rows"
    for row in rows:
        assert any(el.get("class") == "quote" for el in row.iter("li")), f"{family}: no quote for {text(row)[:120]}"
    quotes = [el for el in root.iter("li") if el.get("class") == "quote"]
    assert quotes or family == "saved-query"
    for q in quotes:
        start, end = int(q.get("data-start")), int(q.get("data-end"))
        exact = next(el for el in q.iter("span") if el.get("class") == "exact")
        assert text(exact) == texts(q.get("data-article"))[start:end]
        cite = next(q.iter("cite"))
        assert any(a.get("href", "").startswith(f"/article/{q.get('data-article')}") for a in cite.iter("a"))
        assert next(cite.iter("time")).get("datetime")
        assert f"characters {start}–{end}" in text(cite)


def test_dataset_card_numbers_match_the_api(client):
    root = tree(page(client, "/"))
    shown = {el.get("data-stat"): text(el).replace(",", "") for el in root.iter() if el.get("data-stat")}
    api = client.get("/api/queries/dataset").get_json()[0]
    for key in ("articles", "facts", "evidenceSpans", "entities", "events", "statements", "figures"):
        assert int(shown[key]) == api[key], key
    assert int(shown["articles"]) == len(client.get("/api/queries/articles").get_json()) == 6
    assert shown["storeVersion"] == client.get("/health").get_json()["version"]
    assert shown["lastRun"] == api["lastRun"]


def test_search_goes_to_the_page_of_an_exact_qid_iri_or_name(client):
    for q in ("Q57788", "https://w3id.org/aseankg/id/entity/hun-sen", "/id/entity/hun-sen", "Hun Sen", "samdech hun sen"):
        resp = client.get("/search", query_string={"q": q}, headers=HTML)
        assert resp.status_code == 303 and resp.headers["Location"].endswith("/entity/hun-sen"), q


def test_search_lists_partial_matches_and_suggests_for_unknown_names(client):
    assert "/entity/hun-sen" in links(tree(page(client, "/search?q=Hun")), "/entity/")
    unknown = page(client, "/search?q=Hun+Senn").get_data(as_text=True)
    assert "Nothing is called" in unknown and "/entity/hun-sen" in unknown


def test_search_lists_every_candidate_of_an_ambiguous_name(app, monkeypatch):
    twins = [Candidate(f"https://w3id.org/aseankg/id/event/coup-{d}", "Coup in Myanmar", "Coup in Myanmar", "label")
             for d in ("2021-02", "2021-02-01")]
    monkeypatch.setattr("server.pages.search.entity_index", lambda: EntityIndex(twins))
    body = app.test_client().get("/search?q=coup+in+myanmar", headers=HTML).get_data(as_text=True)
    assert "is ambiguous" in body and "/event/coup-2021-02\"" in body and "/event/coup-2021-02-01\"" in body


def test_article_text_twin_has_the_hash_shown_and_every_span_is_its_words(client):
    resp = page(client, "/article/003-cccb31c926be307a")
    root = tree(resp)
    twin = client.get("/article/003-cccb31c926be307a.txt")
    assert twin.mimetype == "text/plain"
    shown = next(el for el in root.iter("span") if el.get("data-sha256") is not None)
    assert text(shown) == hashlib.sha256(twin.get_data()).hexdigest()
    body = next(el for el in root.iter("div") if el.get("id") == "article-body")
    article = twin.get_data(as_text=True)
    assert text(body) == article
    pieces: dict[str, list[str]] = {}
    for mark in body.iter("mark"):
        for span in mark.get("data-spans").split():
            pieces.setdefault(span, []).append(text(mark))
    anchors = {el.get("id")[2:] for el in body.iter("span") if (el.get("id") or "").startswith("s-")}
    assert len(pieces) > 50 and set(pieces) == anchors
    for span, words in pieces.items():
        start, end = map(int, span.split("-"))
        assert "".join(words) == article[start:end], span


def test_overlapping_spans_are_all_kept():
    from server.pages.article import highlight

    html = str(highlight("Hun Sen met Min Aung Hlaing", {(0, 7), (0, 27), (4, 15)}))
    assert html.count('id="s-') == 3 and 'data-spans="0-7 0-27 4-15"' in html


def test_evidence_is_a_card_and_a_web_annotation(client, pages, texts):
    path = pages["evidence"].split("#")[0]
    card = page(client, path).get_data(as_text=True)
    assert "The facts it supports" in card
    resp = client.get(path, headers={"Accept": "application/ld+json"})
    assert resp.mimetype == "application/ld+json"
    anno = json.loads(resp.get_data())
    assert anno["@context"] == "http://www.w3.org/ns/anno.jsonld" and anno["type"] == "Annotation"
    quote, position = anno["target"]["selector"]
    key = anno["target"]["source"].rsplit("/", 1)[1]
    assert texts(key)[position["start"]:position["end"]] == quote["exact"]
    assert texts(key)[:position["start"]].endswith(quote["prefix"])


@pytest.mark.parametrize("kind,key", [("entity", "hun-sen"), ("article", "000-1602361f5c090e7e")])
def test_iris_dereference_to_the_page_or_to_rdf(client, kind, key):
    browser = client.get(f"/id/{kind}/{key}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 303 and browser.headers["Location"].endswith(f"/{kind}/{key}")
    turtle = client.get(f"/id/{kind}/{key}", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    iri = f"https://w3id.org/aseankg/id/{kind}/{key}"
    triples = list(pyoxigraph.parse(turtle.get_data(), format=pyoxigraph.RdfFormat.TURTLE))
    objects = {t.object.value for t in triples if t.subject.value == iri}
    assert objects, "no triple describes the thing"
    for t in triples:  # the thing, its fragment nodes, and the labels of what it points at
        assert t.subject.value == iri or t.subject.value.startswith((iri + "#", iri + "/")) or t.subject.value in objects, t
    jsonld = client.get(f"/id/{kind}/{key}", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json" and json.loads(jsonld.get_data())
    assert client.get(f"/id/{kind}/nothing-{key}", headers={"Accept": "text/turtle"}).status_code == 404


def test_pages_carry_schema_org_json_ld(client):
    root = tree(page(client, "/entity/hun-sen"))
    data = json.loads(text(next(s for s in root.iter("script") if s.get("type") == "application/ld+json")))
    assert data["@type"] == "Person" and data["name"] == "Hun Sen"
    assert "http://www.wikidata.org/entity/Q57788" in data["sameAs"]


def test_asof_shows_only_what_articles_published_by_then_said(client, texts):
    everything = page(client, "/entity/hun-sen").get_data(as_text=True)
    early = tree(page(client, "/entity/hun-sen?asof=2021-12-31"))
    dates = {el.get("datetime") for q in early.iter("li") if q.get("class") == "quote" for el in q.iter("time")}
    assert dates and max(dates) <= "2021-12-31"
    assert "2022-01-08" in everything
    assert client.get("/entity/hun-sen?asof=last+year", headers=HTML).status_code == 400


def test_agreement_lists_the_five_provisions_in_order(client):
    root = tree(page(client, "/agreement/five-point-consensus"))
    items = [el for el in root.iter("li") if el.get("data-position")]
    assert [int(el.get("data-position")) for el in items] == [1, 2, 3, 4, 5]
    labels = [text(next(s for s in el.iter("span") if s.get("class") == "label")) for el in items]
    assert labels[0] == "immediate end to violence" and "special envoy" in labels[3]


def test_figures_show_both_877_and_1443_killed_side_by_side(client):
    root = tree(page(client, "/figures"))
    killed = next(el for el in root.iter("section") if el.get("id") == "q-killed")
    body = text(killed)
    assert "at least 877" in body and "about 1,443" in body and "Sources disagree" in body
    rows = {text(tr.findall("td")[0]): text(tr.findall("td")[2]) for tr in killed.iter("tr") if tr.get("data-fact") is not None}
    assert rows["about 1,443"].startswith("Assistance Association for Political Prisoners")
    assert rows["at least 877"] == "Radio Free Asia (own figure)"
    svg = next(el for el in killed.iter() if str(el.tag).endswith("svg"))
    assert "at least 877" in text(svg) and "about 1,443" in text(svg)


def test_hun_sens_meeting_with_min_aung_hlaing_is_reported_by_three_articles(client):
    """The meeting of 2022-01-07, whichever event nodes the build made of it, is reported by 000, 002 and 003."""
    hun_sen = tree(page(client, "/entity/hun-sen"))
    with_section = next(el for el in hun_sen.iter("section") if el.get("id") == "with")
    row = next(tr for tr in with_section.iter("tr") if "/entity/min-aung-hlaing" in links(tr, "/entity/"))
    reporters = set()
    for path in set(links(row, "/event/")):
        root = tree(page(client, path))
        kinds = {text(s) for s in root.iter("span") if s.get("class") == "kind"}
        when = next(el for el in root.iter("section") if el.get("id") == "when")
        if "meeting" in kinds and "7 January 2022" in text(when):
            reporters |= {li.get("data-article") for li in root.iter("li") if li.get("class") == "report"}
    assert reporters == {"000-1602361f5c090e7e", "002-ce469ea1af2cc5a4", "003-cccb31c926be307a"}


def test_each_section_links_its_query_api_answer_and_editor(client):
    root = tree(page(client, "/entity/hun-sen"))
    section = next(el for el in root.iter("section") if el.get("id") == "events")
    readers = {text(a): a.get("href") for a in section.iter("a")}
    assert client.get(readers[".rq"]).mimetype == "application/sparql-query"
    api_rows = client.get(readers["JSON"]).get_json()
    assert api_rows and all(r["evidence"] and r["quote"] for r in api_rows)
    assert client.get(readers["CSV"]).mimetype == "text/csv"
    editor = tree(page(client, readers["SPARQL editor"]))
    assert "VALUES ?actor { <https://w3id.org/aseankg/id/entity/hun-sen> }" in text(editor.find(".//textarea"))
    answer = next(t for t in editor.iter("table") if t.get("class") == "answer")
    assert len(list(answer.iter("tr"))) - 1 == len(api_rows)


def test_errors_are_html_pages_for_browsers_and_json_for_clients(client):
    resp = client.get("/entity/nobody", headers=HTML)
    assert resp.status_code == 404 and resp.mimetype == "text/html" and "search for it" in resp.get_data(as_text=True)
    resp = client.get("/entity/nobody", headers={"Accept": "application/json"})
    assert resp.status_code == 404 and resp.get_json()["ok"] is False


def test_assets_are_versioned_and_cached_for_a_year(client):
    css = re.search(r'href="(/assets/[0-9a-f]{12}/site.css)"', page(client, "/").get_data(as_text=True))[1]
    resp = client.get(css)
    assert resp.status_code == 200 and "immutable" in resp.headers["Cache-Control"]
    assert client.get("/assets/000000000000/site.css").status_code == 404


def budget_ms() -> float:
    """150 ms on an idle machine, scaled by the run queue per core when it is shared."""
    return 150 * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def test_pages_render_within_budget_on_the_corpus_store(built_store, pages):
    """Server time of a page whose own sections are not cached yet: under 150 ms.

    As in service, the site-wide sections (home, figures, quality) are computed once per
    store version in the background (server/pages/warm.py) and executors are running;
    everything a page about one thing shows is computed for the request. The budget is
    for an idle machine; when others share its cores (load average over the core count
    above 1) it is scaled by that ratio, so a busy CI host does not fail a fast page.
    """
    app = create_app({"store": str(built_store)})
    client = app.test_client()
    try:
        client.get("/", headers=HTML)  # starts this process's executors and the site-wide warm-up
        settle()
        cache = app.extensions["kg_page_panels"]
        warmed = dict(cache)
        slow = {}
        for family, path in pages.items():
            best = None
            for _ in range(3):  # the best of three: the machine is shared
                cache.clear()
                cache.update(warmed)
                app.extensions.get("kg_page_html", {}).clear()  # rendered pages kept by ETag
                began = time.perf_counter()
                assert client.get(path, headers=HTML).status_code == 200
                took = (time.perf_counter() - began) * 1000
                best = took if best is None else min(best, took)
            if best > budget_ms():
                slow[family] = round(best)
        assert not slow, f"pages over {budget_ms():.0f} ms (load {os.getloadavg()[0]:.1f}): {slow}"
    finally:
        settle()
        app.extensions["kg_executors"].close()
