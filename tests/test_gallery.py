"""The saved-query gallery (/queries, /queries/NAME) and the API documentation (/api/docs), through the HTTP client.

Known answers from the built corpus: the page's table holds the API's rows, its links
lead to the same answer, a bad value in any field is a 400 that says what to fix.
Browser checks are in tests/browser/test_views_browser.py.
"""
from __future__ import annotations

import csv
import gzip
import html
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.html_tree import text, tree

from server import create_app

HTML = {"Accept": "text/html"}
INJECTIONS = ['Hun Sen> } UNION { ?s ?p ?o } #', '2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) } #',
              "x' } ; DROP ALL ; #"]


@pytest.fixture(scope="module")
def client(built_store):
    app = create_app({"store": str(built_store)})
    yield app.test_client()
    app.extensions["kg_executors"].close()


def by_id(root, ident: str):
    return next(el for el in root.iter() if el.get("id") == ident)


def page(client, path: str):
    resp = client.get(path, headers=HTML)
    assert resp.status_code == 200, (path, resp.status_code, resp.get_data(as_text=True)[:400])
    return tree(resp)


def answer_rows(root) -> list[dict]:
    """The answer table's rows as {column: raw value} (the cells' data-value)."""
    table = by_id(root, "answer-table")
    return [{td.get("data-col"): td.get("data-value") for td in tr.iter("td") if td.get("data-value") is not None}
            for tr in table.find("tbody").iter("tr")]


def as_strings(rows: list[dict]) -> list[dict]:
    return [{k: str(v) for k, v in r.items() if v is not None} for r in rows]


# ------------------------------------------------------------------------- the catalogue


def test_catalogue_is_cards_grouped_by_tag_and_each_card_is_in_every_group_of_its_tags(client):
    root = page(client, "/queries")
    catalogue = client.get("/api/queries").get_json()
    groups = {s.get("id")[4:]: {li.get("data-query") for li in s.iter("li") if li.get("data-query")}
              for s in root.iter("section") if (s.get("id") or "").startswith("tag-")}
    expected: dict[str, set] = {}
    for q in catalogue:
        for t in q["tags"] or ["other"]:
            expected.setdefault(t, set()).add(q["name"])
    assert groups == expected
    assert list(groups) == sorted(groups)
    assert f"{len(catalogue)} of {len(catalogue)} queries" in text(by_id(root, "shown"))


def test_catalogue_filters_by_tag_and_words_without_javascript(client):
    root = page(client, "/queries?tag=events&q=MEETINGS+participant")
    cards = [li.get("data-query") for li in root.iter("li") if li.get("data-query")]
    assert "meetings" in cards
    catalogue = {q["name"]: q for q in client.get("/api/queries").get_json()}
    for name in cards:
        assert "events" in catalogue[name]["tags"]
    assert [s.get("id") for s in root.iter("section") if (s.get("id") or "").startswith("tag-")] == ["tag-events"]
    form = next(f for f in root.iter("form") if f.get("action") == "/queries")
    assert form.get("method") == "get" and {e.get("name") for e in form.iter() if e.get("name")} == {"tag", "q"}
    empty = page(client, "/queries?q=no+such+words+anywhere")
    assert "No saved query matches" in text(empty.find(".//main"))


def test_unknown_tag_is_a_400_that_lists_the_tags(client):
    resp = client.get("/queries?tag=nope", headers=HTML)
    assert resp.status_code == 400
    assert "No saved query has the tag 'nope'; tags are actors" in html.unescape(resp.get_data(as_text=True))


# ------------------------------------------------------------------------- one query


def test_meetings_form_has_an_entity_picker_and_date_inputs(client):
    root = page(client, "/queries/meetings")
    form = next(f for f in root.iter("form") if f.get("action") == "/queries/meetings")
    inputs = {i.get("name"): i for i in form.iter("input")}
    assert inputs["actor"].get("type") == "text" and inputs["actor"].get("list") == "dl-entity"
    assert inputs["from"].get("type") == "date" and inputs["to"].get("type") == "date"
    labels = {text(l) for l in form.iter("label")}
    assert {"actor (optional)", "from (optional)", "to (optional)"} <= labels
    options = {o.get("value") for o in by_id(root, "dl-entity").iter("option")}
    assert {"Hun Sen", "Min Aung Hlaing", "Association of Southeast Asian Nations"} <= options


def test_required_enum_and_integer_parameters_follow_their_types(client):
    root = page(client, "/queries/role-holders")
    form = next(f for f in root.iter("form") if f.get("action") == "/queries/role-holders")
    fields = {d.get("data-type") for d in form.iter("div") if d.get("data-type")}
    assert fields <= {"entity", "article", "date", "string", "integer", "enum"}
    root = page(client, "/queries/events")
    select = next(s for s in root.iter("select") if s.get("name") == "type")
    assert [o.get("value") for o in select.iter("option")][0] == ""  # optional: "any" first
    assert "Meeting" in {text(o) for o in select.iter("option")}
    root = page(client, "/queries/statements-by")
    actor = next(i for i in root.iter("input") if i.get("name") == "actor")
    assert actor.get("required") is not None
    assert "(required)" in text(next(l for l in root.iter("label") if l.get("for") == "p-actor"))


def test_submitting_hun_sen_gives_the_rows_of_the_api(client):
    root = page(client, "/queries/meetings?actor=Hun+Sen&from=&to=")
    api = client.get("/api/queries/meetings", query_string={"actor": "Hun Sen"}).get_json()
    assert api and answer_rows(root) == as_strings(api)
    assert {r["participantLabel"] for r in api} == {"Hun Sen", "Min Aung Hlaing"}
    assert text(by_id(root, "answer-h")) == f"Answer: {len(api)} rows"


def test_links_give_the_same_answer_as_json_csv_sparql_editor_and_openapi(client):
    root = page(client, "/queries/meetings?actor=Hun+Sen")
    nav = next(n for n in root.iter("nav") if "elsewhere" in (n.get("class") or ""))
    links = {text(a): a.get("href") for a in nav.iter("a")}
    api = client.get("/api/queries/meetings", query_string={"actor": "Hun Sen"}).get_json()
    assert client.get(links["JSON"]).get_json() == api
    rows = list(csv.DictReader(io.StringIO(client.get(links["CSV"]).get_data(as_text=True))))
    assert [r["event"] for r in rows] == [r["event"] for r in api]
    sparql = client.get(links["View SPARQL"])
    assert sparql.mimetype == "application/sparql-query" and "akg:Meeting" in sparql.get_data(as_text=True)
    editor = urlsplit(links["Open in editor"])
    assert editor.path == "/query"
    assert "VALUES ?actor { <https://w3id.org/aseankg/id/entity/hun-sen> }" in parse_qs(editor.query)["query"][0]
    assert links["OpenAPI operation"] == "/api/docs#op-meetings"
    docs = page(client, "/api/docs")
    assert "GET /api/queries/meetings" in text(by_id(docs, "op-meetings"))


@pytest.mark.parametrize("field", ["actor", "from", "to"])
@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_string_in_any_field_is_a_400_with_a_message(client, field, value):
    resp = client.get("/queries/meetings", query_string={field: value}, headers=HTML)
    assert resp.status_code == 400
    root = tree(resp)
    error = next(p for p in root.iter("p") if p.get("class") == "error")
    expected = "No entity" if field == "actor" else f"Parameter {field!r} must be a date"
    assert expected in text(error)
    assert not any(t.get("id") == "answer-table" for t in root.iter("table"))


def test_unknown_parameter_and_bad_enum_are_400(client):
    resp = client.get("/queries/meetings?actr=Hun+Sen", headers=HTML)
    assert resp.status_code == 400
    assert "Unknown parameter 'actr'; meetings takes actor, from, to" in html.unescape(resp.get_data(as_text=True))
    resp = client.get("/queries/events?type=Banquet", headers=HTML)
    assert resp.status_code == 400 and "must be one of Meeting" in resp.get_data(as_text=True)


def test_a_query_page_shows_the_views_its_columns_fit(client):
    root = page(client, "/queries/meetings?actor=Min+Aung+Hlaing")
    kinds = [s.get("data-view") for s in root.iter("section") if s.get("data-view")]
    assert kinds == ["timeline", "map"]
    root = page(client, "/queries/co-participation?actor=Min+Aung+Hlaing")
    assert [s.get("data-view") for s in root.iter("section") if s.get("data-view")] == ["network"]
    root = page(client, "/queries/co-participants?actor=Min+Aung+Hlaing")
    assert [s.get("data-view") for s in root.iter("section") if s.get("data-view")] == ["bar"]


# ------------------------------------------------------------------------- API documentation


def test_api_docs_has_every_operation_of_the_openapi_document_with_its_parameters(client):
    document = client.get("/api/openapi.json").get_json()
    root = page(client, "/api/docs")
    for path, methods in document["paths"].items():
        op = methods["get"]
        section = by_id(root, f"op-{op['operationId']}")
        assert f"GET {path}" in text(section)
        shown = {text(code) for code in section.iter("code")}
        assert {p["name"] for p in op.get("parameters", [])} <= shown
    meetings = text(by_id(root, "op-meetings"))
    assert "string (date)" in meetings and "json, csv, sparql-json" in meetings


def test_example_links_of_the_api_docs_answer(client):
    root = page(client, "/api/docs")
    examples = [a.get("href") for a in root.iter("a") if (a.get("href") or "").startswith("/api/queries/")
                and "?" in a.get("href") and not a.get("href").endswith(".rq")]
    assert len(examples) > 10
    for href in examples[:12]:
        if "wikidata" in href:
            continue  # federated: needs Wikidata's service
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("path", ["/queries", "/queries/meetings", "/queries/meetings?actor=Hun+Sen", "/api/docs",
                                  "/queries/events"])
def test_gallery_pages_are_under_60_kb_compressed(client, path):
    resp = client.get(path, headers={**HTML, "Accept-Encoding": "gzip"})
    assert resp.status_code == 200 and resp.headers["Content-Encoding"] == "gzip"
    assert len(resp.get_data()) < 60_000
    assert b"</html>" in gzip.decompress(resp.get_data())
