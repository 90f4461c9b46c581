"""The saved-query catalogue through the CLI and the HTTP API, with known answers from the corpus."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openapi_spec_validator import validate

from kg.catalogue import load_catalogue
from server import create_app
from tests.conftest import ROOT, run_kg

CONTRACT = {
    "articles": ["article", "title", "outlet", "published"],
    "agreement-provisions": ["position", "provision", "label"],
    "agreement-adoption": ["agreement", "label", "date", "place", "placeLabel", "event"],
    "meetings": ["event", "label", "date", "place", "placeLabel", "participant", "participantLabel"],
    "statements-by": ["statement", "date", "text", "article"],
    "statements-about": ["statement", "speaker", "speakerLabel", "date", "text", "stance"],
    "critics": ["speaker", "speakerLabel", "statement", "text", "date"],
    "roles": ["role", "roleLabel", "organization", "organizationLabel"],
    "role-holders": ["holder", "holderLabel", "start", "end"],
    "actor-roles": ["role", "roleLabel", "organization", "organizationLabel", "start", "end"],
    "figures": ["value", "modifier", "quantity", "asOf", "statedBy", "statedByLabel", "article"],
    "timeline": ["date", "event", "label", "type"],
    "sources": ["article", "outlet", "published", "evidence"],
    "co-participants": ["other", "otherLabel", "events"],
    "wikidata-links": ["entity", "label", "type", "wikidata"],
    "wikidata-enrich": ["source", "property", "value", "valueLabel", "start", "end", "evidence"],
}
PARAMS = {
    "agreement-provisions": {"agreement"}, "agreement-adoption": {"agreement"},
    "meetings": {"actor", "from", "to"}, "statements-by": {"actor"}, "statements-about": {"topic"},
    "critics": {"target"}, "role-holders": {"role", "date", "organization"}, "actor-roles": {"actor"},
    "figures": {"quantity"}, "timeline": {"from", "to"}, "sources": {"subject"}, "co-participants": {"actor"},
    "wikidata-enrich": {"actor"},
}


@pytest.fixture(scope="module")
def client(built_store):
    return create_app({"store": str(built_store)}).test_client()


def test_catalogue_keeps_its_names_parameters_and_columns():
    queries = load_catalogue(ROOT / "queries")
    for name, columns in CONTRACT.items():
        assert name in queries, name
        assert list(queries[name].columns)[: len(columns)] == columns, name
        assert set(queries[name].params) == PARAMS.get(name, set()), name


def test_api_lists_the_catalogue(client):
    body = client.get("/api/queries").get_json()
    by_name = {q["name"]: q for q in body}
    assert set(CONTRACT) <= set(by_name)
    meetings = {p["name"]: p for p in by_name["meetings"]["params"]}
    assert meetings["actor"]["type"] == "entity" and meetings["actor"]["required"] is False
    assert meetings["from"]["type"] == "date"


def test_articles_answer_as_json_csv_and_sparql_json(client):
    rows = client.get("/api/queries/articles").get_json()
    assert len(rows) == 6 and rows[0]["published"] == "2024-01-30"
    text = client.get("/api/queries/articles?format=csv").get_data(as_text=True)
    assert next(csv.reader(io.StringIO(text))) == CONTRACT["articles"]
    srj = client.get("/api/queries/articles", headers={"Accept": "application/sparql-results+json"}).get_json()
    assert srj["head"]["vars"] == CONTRACT["articles"] and len(srj["results"]["bindings"]) == 6


def test_repeat_request_with_etag_is_304(client):
    first = client.get("/api/queries/articles")
    again = client.get("/api/queries/articles", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_query_text_is_served(client):
    resp = client.get("/api/queries/meetings.rq")
    assert resp.status_code == 200 and "#+ summary:" in resp.get_data(as_text=True)


def test_wikidata_links_are_verified_qids_only(client):
    rows = client.get("/api/queries/wikidata-links").get_json()
    verified = {v["qid"] for v in json.loads((ROOT / "corpus" / "wikidata" / "qids.json").read_text())["verified"]}
    qids = {r["wikidata"].rsplit("/", 1)[1] for r in rows}
    assert qids and qids <= verified
    assert {"Q57788", "Q3462649", "Q7768"} <= qids  # Hun Sen, Min Aung Hlaing, ASEAN


@pytest.mark.parametrize("query,params,message", [
    ("meetings", {"actr": "Hun Sen"}, "Unknown parameter 'actr'; meetings takes actor, from, to"),
    ("meetings", {"from": "last year"}, "must be a date YYYY-MM-DD"),
    ("statements-by", {}, "Missing parameter 'actor'"),
    ("statements-by", {"actor": "Hun"}, "did you mean: Hun Sen"),
    ("figures", {"quantity": "everything"}, "must be one of killed"),
    ("sources", {"subject": "Q1"}, "No entity in the graph links to Wikidata Q1"),
])
def test_bad_parameters_are_400_with_a_message(client, query, params, message):
    resp = client.get(f"/api/queries/{query}", query_string=params)
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["ok"] is False and message in body["error"]


@pytest.mark.parametrize("query,param,value", [
    ("statements-by", "actor", 'Hun Sen> } UNION { ?s ?p ?o } #'),
    ("statements-by", "actor", "https://w3id.org/aseankg/id/entity/hun-sen> ?p ?o } #"),
    ("statements-by", "actor", "http://example.org/x>{"),
    ("meetings", "from", '2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) } #'),
    ("figures", "quantity", "killed> } UNION { ?s ?p ?o"),
])
def test_injection_through_any_parameter_type_is_refused(client, query, param, value):
    resp = client.get(f"/api/queries/{query}", query_string={param: value})
    assert resp.status_code == 400


def test_unknown_query_is_404(client):
    resp = client.get("/api/queries/nope")
    assert resp.status_code == 404 and "known: " in resp.get_json()["error"]


def test_openapi_document_is_valid_and_covers_every_query(client):
    doc = client.get("/api/openapi.json").get_json()
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    for name in CONTRACT:
        op = doc["paths"][f"/api/queries/{name}"]["get"]
        assert {p["name"] for p in op["parameters"]} == PARAMS.get(name, set()) | {"format"}


def test_cli_runs_a_query_with_parameters_as_csv(built_store):
    out = run_kg("query", "wikidata-links", "--format", "csv", store=built_store).stdout
    assert out.splitlines()[0] == "entity,label,type,wikidata"
    assert "Q57788" in out


def test_cli_lists_the_catalogue_with_parameters(built_store):
    out = run_kg("query", store=built_store).stdout
    assert "meetings" in out and "[actor?, from?, to?]" in out


def test_cli_bad_parameter_is_a_one_line_error(built_store):
    proc = run_kg("query", "statements-by", "--param", "actor=Nobody Atall", store=built_store, check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("Error: No entity is called 'Nobody Atall'")


KNOWN = [
    ("agreement-provisions", {}, lambda rows: [r["position"] for r in rows] == [1, 2, 3, 4, 5]),
    ("meetings", {"actor": "Min Aung Hlaing"},
     lambda rows: {"Hun Sen", "Sergei Shoigu"} <= {r["participantLabel"] for r in rows}),
    ("role-holders", {"role": "chair", "organization": "ASEAN", "date": "2024-01-29"},
     lambda rows: [r["holderLabel"] for r in rows] == ["Laos"]),
    ("role-holders", {"role": "foreign minister", "organization": "Cambodia", "date": "2022-01-07"},
     lambda rows: [r["holderLabel"] for r in rows] == ["Prak Sokhonn"]),
    ("role-holders", {"role": "foreign minister", "organization": "Cambodia", "date": "2024-01-29"},
     lambda rows: [r["holderLabel"] for r in rows] == ["Sok Chenda Sophea"]),
    ("agreement-adoption", {}, lambda rows: any(r["date"].startswith("2021-04") and r["placeLabel"] == "Jakarta"
                                                for r in rows)),
    ("figures", {"quantity": "killed"}, lambda rows: {877, 1443} <= {r["value"] for r in rows}),
    ("statements-by", {"actor": "Prak Sokhonn"}, lambda rows: any("civil war" in r["text"] for r in rows)),
    ("critics", {"target": "Hun Sen"}, lambda rows: "Emerlynne Gil" in {r["speakerLabel"] for r in rows}),
    ("co-participants", {"actor": "Min Aung Hlaing"},
     lambda rows: {"Hun Sen", "Sergei Shoigu"} <= {r["otherLabel"] for r in rows}),
    ("actor-roles", {"actor": "Prak Sokhonn"},
     lambda rows: {"foreign minister", "special envoy"} <= {r["roleLabel"] for r in rows}),
    ("timeline", {"from": "2022-01-01", "to": "2022-01-31"},
     lambda rows: any(r["date"] == "2022-01-07" for r in rows) and all("2022-01" <= r["date"] < "2022-02" for r in rows)),
]


@pytest.mark.parametrize("name,params,check", KNOWN, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(KNOWN)])
def test_catalogue_queries_give_the_known_answers(client, name, params, check):
    resp = client.get(f"/api/queries/{name}", query_string=params)
    assert resp.status_code == 200, resp.get_json()
    assert check(resp.get_json())


def test_the_three_articles_that_report_the_7_january_2022_meeting(client):
    events = client.get("/api/queries/meetings", query_string={"actor": "Hun Sen", "from": "2022-01-07",
                                                               "to": "2022-01-07"}).get_json()
    (event,) = {r["event"] for r in events if r["label"] == "Hun Sen meets Min Aung Hlaing"}
    rows = client.get("/api/queries/sources", query_string={"subject": event}).get_json()
    assert {r["article"].rsplit("/", 1)[1] for r in rows} == {
        "000-1602361f5c090e7e", "002-ce469ea1af2cc5a4", "003-cccb31c926be307a"}


def test_openapi_documents_the_completion_api_and_it_answers_as_described(client):
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/complete"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q", "kind", "limit"]
    answer = client.get("/api/complete", query_string={"q": "Hun Sen", "kind": "entity", "limit": 5}).get_json()
    assert answer and answer[0]["iri"] == "https://w3id.org/aseankg/id/entity/hun-sen"
    assert client.get("/api/complete", query_string={"q": "x", "kind": "nonsense"}).status_code == 400
