"""The SPARQL editor page (/query), its completions (/api/complete), share links (/q/...) and downloads, over HTTP.

Browser behaviour (the editor itself, Ctrl+Enter, completion lists, ingest and the
change note) is in tests/browser/test_query_browser.py.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys

import html5lib
import pytest

from tests.html_tree import text, tree
import requests

from kg import config
from server import create_app

HTML = {"Accept": "text/html"}
HUN_SEN = "https://w3id.org/aseankg/id/entity/hun-sen"
ARTICLES = "PREFIX schema: <http://schema.org/>\nSELECT ?a WHERE { ?a a schema:NewsArticle } ORDER BY ?a"
PEOPLE = """PREFIX akg: <https://w3id.org/aseankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?name WHERE { ?person a akg:Person ; rdfs:label ?name } ORDER BY ?name"""
INJECTIONS = ["<script>alert(1)</script>", "'; DROP TABLE share; --", "} ; INSERT DATA { <a:b> <a:c> <a:d> } #"]


@pytest.fixture(scope="module")
def app(built_store):
    app = create_app({"store": str(built_store)})
    yield app
    app.extensions["kg_executors"].close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def small_client(built_store):
    """An app whose KG_MAX_RESULTS is 3, for answers over the limit."""
    app = create_app({"store": str(built_store), "max_results": 3})
    yield app.test_client()
    app.extensions["kg_executors"].close()


def rows(resp) -> list[list]:
    """The answer table's body rows: for each cell, (text, href or None)."""
    root = tree(resp)
    table = next(t for t in root.iter("table") if t.get("class") == "answer")
    out = []
    for tr in table.find("tbody").iter("tr"):
        cells = []
        for td in tr.iter("td"):
            a = td.find("a")
            cells.append((text(td), a.get("href") if a is not None else None))
        out.append(cells)
    return out


def sparql_count(client, query: str) -> int:
    body = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return len(body.get_json()["results"]["bindings"])


def scripts(resp) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', resp.get_data(as_text=True))


def test_query_page_preloads_the_ontology_prefixes_and_alone_loads_the_editor(client):
    resp = client.get("/query", headers=HTML)
    assert resp.status_code == 200
    textarea = tree(resp).find(".//textarea[@id='query']")
    assert "PREFIX akg: <https://w3id.org/aseankg/ontology#>" in text(textarea)
    assert "PREFIX schema: <http://schema.org/>" in text(textarea)
    assert "PREFIX time: <http://www.w3.org/2006/time#>" in text(textarea)  # declared only in ontology/kg.ttl
    assert any(s.endswith("/vendor/yasgui/yasqe.min.js") for s in scripts(resp))
    for other in ("/", "/entity/hun-sen", "/queries"):
        assert not any("vendor" in s for s in scripts(client.get(other, headers=HTML))), other


def test_the_editor_and_its_licence_notice_are_served_from_this_server(client):
    page = client.get("/query", headers=HTML).get_data(as_text=True)
    notice = re.search(r'href="(/assets/[0-9a-f]{12}/vendor/yasgui/LICENSE.txt)"', page)[1]
    body = client.get(notice).get_data(as_text=True)
    assert "@zazuko/yasqe" in body and "@zazuko/yasgui" in body and "codemirror" in body and "MIT" in body
    js = re.search(r'src="(/assets/[0-9a-f]{12}/vendor/yasgui/yasqe.min.js)"', page)[1]
    resp = client.get(js, headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200 and resp.headers["Content-Encoding"] == "gzip"
    assert "immutable" in resp.headers["Cache-Control"]


def test_get_with_a_query_prefills_the_form_and_renders_labels_linked_to_entity_pages(client):
    resp = client.get("/query", query_string={"query": PEOPLE}, headers=HTML)
    assert resp.status_code == 200
    assert text(tree(resp).find(".//textarea[@id='query']")) == PEOPLE
    table = rows(resp)
    assert len(table) == sparql_count(client, PEOPLE)
    hun_sen = next(r for r in table if r[1][0] == "Hun Sen")
    assert hun_sen[0] == ("Hun Sen", "/entity/hun-sen")  # the IRI cell shows the label and links to the page


def test_posting_the_form_renders_the_same_table(client):
    posted = client.post("/query", data={"query": PEOPLE}, headers=HTML)
    assert posted.status_code == 200
    assert rows(posted) == rows(client.get("/query", query_string={"query": PEOPLE}, headers=HTML))
    assert "Content-Security-Policy" in posted.headers


def test_evidence_iris_are_quote_links(client):
    query = """PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?e WHERE { ?e a oa:Annotation } ORDER BY ?e LIMIT 3"""
    table = rows(client.post("/query", data={"query": query}, headers=HTML))
    assert len(table) == 3
    for (words, href), in table:
        assert href.startswith("/evidence/") and words.startswith("“") and words.endswith("”")
        card = client.get(href, headers=HTML)
        assert card.status_code == 200 and words.strip("“”").rstrip("…") in text(tree(card))


def test_ask_and_construct_answers_are_shown(client):
    ask = tree(client.get("/query", query_string={"query": f"ASK {{ <{HUN_SEN}> ?p ?o }}"}, headers=HTML))
    assert text(ask.find(".//h2[@id='answer-h']")) == "Answer: yes"
    construct = f"CONSTRUCT {{ <{HUN_SEN}> ?p ?o }} WHERE {{ <{HUN_SEN}> ?p ?o }}"
    root = tree(client.get("/query", query_string={"query": construct}, headers=HTML))
    heading = text(root.find(".//h2[@id='answer-h']"))
    assert re.fullmatch(r"Answer: \d+ triples \(Turtle\)", heading)
    assert "@prefix rdfs:" in text(root.find(".//section[@id='answer']//code"))


def test_a_syntax_error_says_line_and_column(client):
    resp = client.post("/query", data={"query": "SELECT ?x WHERE {\n  ?x ?y }"}, headers=HTML)
    assert resp.status_code == 400
    error = tree(resp).find(".//p[@id='query-error']")
    assert text(error).startswith("Line 2, column ") and error.get("data-line") == "2"
    assert error.get("data-column").isdigit()


@pytest.mark.parametrize("injection", INJECTIONS)
def test_an_injection_string_in_any_field_is_a_400_with_a_message(client, injection):
    query = client.post("/query", data={"query": injection}, headers=HTML)
    assert query.status_code == 400 and "<script>alert" not in query.get_data(as_text=True)
    assert text(tree(query).find(".//p[@id='query-error']"))
    fields = [
        client.post("/query", data={"query": ARTICLES, "default-graph-uri": injection}, headers=HTML),
        client.get("/query", query_string={"query": ARTICLES, "named-graph-uri": injection}, headers=HTML),
        client.post("/query/download", data={"query": ARTICLES, "format": injection}, headers=HTML),
        client.post("/query/download", data={"query": injection, "format": "csv"}, headers=HTML),
        client.post("/q", data={"query": injection}, headers=HTML),
        client.get("/q/" + requests.utils.quote(injection, safe=""), headers=HTML),
        client.get("/api/complete", query_string={"q": injection}),
        client.get("/api/complete", query_string={"q": "Hun", "kind": injection}),
    ]
    for resp in fields:
        assert resp.status_code == 400, (resp.request.path, resp.get_data(as_text=True)[:300])
        if not resp.is_json:  # JSON may quote the input back; HTML must escape it
            assert "<script>alert" not in resp.get_data(as_text=True)
        message = resp.get_json()["error"] if resp.is_json else text(tree(resp).find(".//main"))
        assert len(message) > 20


def test_an_empty_post_is_a_400_on_the_editor_page(client):
    resp = client.post("/query", data={"query": "  "}, headers=HTML)
    assert resp.status_code == 400 and "The query is empty" in text(tree(resp).find(".//p[@id='query-error']"))


def test_updates_are_refused_with_a_message(client):
    resp = client.post("/query", data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, headers=HTML)
    assert resp.status_code == 400 and "only runs queries" in resp.get_data(as_text=True)


def test_the_old_editor_address_redirects_with_its_query(client):
    resp = client.get("/editor?query=ASK%20%7B%7D")
    assert resp.status_code == 301 and resp.headers["Location"].endswith("/query?query=ASK%20%7B%7D")


def test_completion_of_classes_and_properties_comes_from_the_ontology(client):
    classes = client.get("/api/complete", query_string={"kind": "class", "q": "", "limit": 100}).get_json()
    meeting = next(t for t in classes if t["prefixed"] == "akg:Meeting")
    assert meeting == {"iri": "https://w3id.org/aseankg/ontology#Meeting", "prefixed": "akg:Meeting",
                       "label": "meeting", "kind": "class", "matched": "meeting", "qid": None}
    assert classes[0]["iri"].startswith("https://w3id.org/aseankg/ontology#")
    assert client.get("/api/complete?kind=class&q=akg:Meet").get_json()[0]["prefixed"] == "akg:Meeting"
    props = client.get("/api/complete?kind=property&q=akg:particip").get_json()
    assert props[0]["prefixed"] == "akg:participant" and all(p["kind"] == "property" for p in props)


@pytest.mark.parametrize("q", ["Hun", '"Hun', "hun s", "Q57788", HUN_SEN])
def test_completion_of_entities_by_label_alias_or_qid_gives_the_iri(client, q):
    found = client.get("/api/complete", query_string={"q": q}).get_json()
    assert found[0]["iri"] == HUN_SEN and found[0]["label"] == "Hun Sen" and found[0]["qid"] == "Q57788"


def test_completion_limits_are_checked(client):
    assert client.get("/api/complete?q=Hun&limit=0").status_code == 400
    assert client.get("/api/complete?q=" + "x" * 101).status_code == 400
    assert client.get("/api/complete?q=Hun&limit=1").get_json()[0]["iri"] == HUN_SEN


def test_csv_download_is_the_whole_answer_as_an_attachment(client):
    resp = client.post("/query/download", data={"query": ARTICLES, "format": "csv"})
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename="query-[0-9a-f]{12}\.csv"', resp.headers["Content-Disposition"])
    table = list(csv.reader(io.StringIO(resp.get_data(as_text=True))))
    assert table[0] == ["a"] and len(table) - 1 == sparql_count(client, ARTICLES) == 6


def test_json_and_n_triples_downloads(client):
    resp = client.get("/query/download", query_string={"query": ARTICLES, "format": "json"})
    assert resp.mimetype == "application/sparql-results+json"
    assert len(json.loads(resp.get_data())["results"]["bindings"]) == 6
    construct = f"CONSTRUCT {{ <{HUN_SEN}> ?p ?o }} WHERE {{ <{HUN_SEN}> ?p ?o }}"
    nt = client.get("/query/download", query_string={"query": construct, "format": "nt"})
    assert nt.status_code == 200 and nt.headers["Content-Disposition"].endswith('.nt"')
    lines = nt.get_data(as_text=True).splitlines()
    assert lines and all(line.startswith(f"<{HUN_SEN}> ") for line in lines)
    wrong = client.get("/query/download", query_string={"query": ARTICLES, "format": "nt"}, headers=HTML)
    assert wrong.status_code == 400 and "download it as CSV or JSON" in wrong.get_data(as_text=True)


def test_a_download_over_the_row_limit_says_so_instead_of_a_truncated_file(small_client):
    resp = small_client.post("/query/download", data={"query": ARTICLES, "format": "csv"},
                             headers={"Accept": "application/json"})
    assert resp.status_code == 422 and "Content-Disposition" not in resp.headers
    assert "more than 3 rows" in resp.get_json()["error"] and "KG_MAX_RESULTS" in resp.get_json()["error"]


def test_sharing_is_content_addressed_idempotent_and_kept_next_to_the_store(client, built_store):
    query = ARTICLES + "\n# ünïcode and 'quotes' \"too\""
    first = client.post("/q", data={"query": query})
    assert first.status_code == 303 and re.fullmatch(r"/q/[0-9a-f]{20}", first.headers["Location"])
    assert client.post("/q", data={"query": query}).headers["Location"] == first.headers["Location"]
    from_a_browser = client.post("/q", data={"query": query.replace("\n", "\r\n")})  # textareas send CR LF
    assert from_a_browser.headers["Location"] == first.headers["Location"]
    other = client.post("/q", data={"query": query, "named-graph-uri": "https://w3id.org/aseankg/graph/x"})
    assert other.headers["Location"] != first.headers["Location"]  # the parameters are part of the address
    page = client.get(first.headers["Location"], headers=HTML)
    assert page.status_code == 200
    root = tree(page)
    assert text(root.find(".//code[@id='shared-text']")) == query
    assert "has not changed" in text(root.find(".//p[@id='unchanged']"))
    assert len(rows(page)) == 6
    assert not any("vendor" in s for s in scripts(page))
    ident = first.headers["Location"].rsplit("/", 1)[1]
    with sqlite3.connect(config.shares_path(built_store)) as db:
        kept = db.execute("SELECT query, version, count FROM share WHERE id = ?", (ident,)).fetchone()
    assert kept[0] == query and kept[2] == 6 and kept[1] == client.get("/health").get_json()["version"]


def test_snippets_name_the_address_the_page_was_asked_at(client):
    for host in ("127.0.0.1:5000", "localhost:8080"):
        page = client.get("/query", query_string={"query": ARTICLES}, headers={**HTML, "Host": host})
        assert f"curl -G http://{host}/sparql" in page.get_data(as_text=True)


def test_share_errors(client):
    assert client.post("/q", data={"query": "ASK {} #" + "x" * 20_000}, headers=HTML).status_code == 413
    assert client.get("/q/" + "0" * 20, headers=HTML).status_code == 404
    assert client.get("/q/xyz", headers=HTML).status_code == 400
    assert client.post("/q", data={"query": "SELECT ?x WHERE {"}, headers=HTML).status_code == 400


def test_the_curl_and_python_snippets_run_and_give_the_answer(server):
    page = requests.post(server.url + "/q", data={"query": ARTICLES}, timeout=30)
    root = html5lib.parse(page.text, treebuilder="etree", namespaceHTMLElements=False)
    section = next(s for s in root.iter("section") if s.get("id") == "snippets")
    curl_code, python_code = [text(c) for c in section.iter("code")]
    out = subprocess.run(["bash", "-c", curl_code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert len(list(csv.reader(io.StringIO(out)))) == 7
    out = subprocess.run([sys.executable, "-c", python_code], capture_output=True, text=True, timeout=60, check=True)
    assert len(out.stdout.splitlines()) == 6 and "https://w3id.org/aseankg/id/article/" in out.stdout


def test_the_editor_draws_the_views_an_answer_fits(client):
    """A SELECT with a date and a label gets a timeline; a name and a number get a bar chart."""
    text = """PREFIX akg: <https://w3id.org/aseankg/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?label ?date WHERE { ?event a akg:Meeting ; rdfs:label ?label ; schema:startDate ?date } ORDER BY ?date"""
    html = client.get("/query", query_string={"query": text}).get_data(as_text=True)
    assert 'data-view="timeline"' in html and "<svg" in html
