"""The whole saved-query catalogue answers the same on the embedded store, `oxigraph serve` and Virtuoso.

Each saved query runs with its documented example parameters (and the known answers of
tests/test_catalogue.py run again) through the real HTTP API of an app whose store is
a real remote engine (KG_BACKEND=sparql, tests/engines.py).
"""
from __future__ import annotations

import re

import pytest

from kg.catalogue import load_catalogue
from server import create_app
from tests.conftest import ROOT
from tests.engines import settings_of
from tests.test_catalogue import (  # noqa: F401  run again here, on each remote engine
    test_api_lists_the_catalogue, test_articles_answer_as_json_csv_and_sparql_json,
    test_bad_parameters_are_400_with_a_message, test_catalogue_queries_give_the_known_answers,
    test_injection_through_any_parameter_type_is_refused, test_repeat_request_with_etag_is_304,
    test_the_three_articles_that_report_the_7_january_2022_meeting,
)

BACKENDS = ["oxigraph", "virtuoso"]
AKG = "https://w3id.org/aseankg/ontology#"
EMBEDDED: dict[str, tuple] = {}
SLOW = 30.0  # parity, not speed: five engineers' tests share two cores
RUN_TIME = re.compile(r"(?<=/run/)(build|ingest)-\d{8}T\d{6}Z")
CATALOGUE = load_catalogue(ROOT / "queries")
LOCAL = [name for name, q in CATALOGUE.items() if not q.service]  # wikidata-enrich calls Wikidata itself


def remote_app(engine, **overrides):
    settings = {k: v for k, v in settings_of(engine.env()).items()
                if k.startswith(("backend", "sparql_", "gsp_"))}
    return create_app({**settings, **overrides})


@pytest.fixture(scope="module", params=BACKENDS)
def client(request):
    """An app on a remote engine holding the corpus (replaces test_catalogue's embedded client)."""
    engine = request.getfixturevalue(f"{request.param}_store")
    return remote_app(engine, query_timeout=SLOW).test_client()


@pytest.fixture(scope="module")
def embedded_client(built_store):
    app = create_app({"store": str(built_store), "query_timeout": SLOW})
    yield app.test_client()
    app.extensions["kg_executors"].close()


def _answer(client, name: str, params: dict) -> tuple[int, list]:
    resp = client.get(f"/api/queries/{name}", query_string={**params, "format": "sparql-json"})
    body = resp.get_json()
    if resp.status_code != 200:
        return resp.status_code, [body.get("error")]
    rows = [sorted((k, tuple(sorted(_same_build(v).items()))) for k, v in b.items()) for b in body["results"]["bindings"]]
    return 200, sorted(rows)  # rows that tie under ORDER BY may come in any order


def _same_build(term: dict) -> dict:
    """The term, with the build's own time left out: each store was built at its own moment."""
    if term.get("datatype") == "http://www.w3.org/2001/XMLSchema#dateTime":  # only runs' start times are dateTimes
        return {**term, "value": "<build time>"}
    return {**term, "value": RUN_TIME.sub("<build time>", term["value"])}


@pytest.fixture(scope="module")
def known_values(built_store) -> dict[str, str]:
    """A value for each required parameter that has no example: the first thing of its kind in the store."""
    from kg.store import EmbeddedStore

    store = EmbeddedStore(built_store).snapshot()

    def first(cls: str) -> str:
        rows = store.query(f"SELECT ?x WHERE {{ ?x a <{cls}> }} ORDER BY ?x LIMIT 1", use_default_graph_as_union=True)
        return next(iter(rows))["x"].value

    return {"article": first("http://schema.org/NewsArticle"), "event": first(AKG + "Meeting"),
            "evidence": first("http://www.w3.org/ns/oa#Annotation"), "statement": first(AKG + "Statement"),
            "object": "Hun Sen"}


@pytest.mark.parametrize("name", LOCAL)
def test_every_saved_query_answers_as_on_the_embedded_store(client, embedded_client, known_values, name):
    saved = CATALOGUE[name]
    params = {k: str(v) for k, v in (saved.example or {}).items()}
    params.update({p.name: known_values[p.name] for p in saved.params.values() if p.required and p.name not in params})
    status, rows = _answer(client, name, params)
    if name not in EMBEDDED:  # the same for every engine: asked once
        EMBEDDED[name] = _answer(embedded_client, name, params)
    assert (status, rows) == EMBEDDED[name]
    assert status == 200
