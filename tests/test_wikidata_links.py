"""Wikidata links in the graph: exactly the verified QIDs of entities the corpus names, each with its evidence."""
from __future__ import annotations

import json
import re

import pytest
import requests

from kg.corpus import load_corpus
from kg.registry import _entry_names, load_registry
from kg.store import EmbeddedStore
from tests.conftest import ROOT

WD = "http://www.wikidata.org/entity/"
ENTITY = "https://w3id.org/aseankg/id/entity/"
VERIFIED = {v["qid"]: v for v in json.loads((ROOT / "corpus" / "wikidata" / "qids.json").read_text())["verified"]}


@pytest.fixture(scope="module")
def links(server) -> list[dict]:
    resp = requests.get(server.url + "/api/queries/wikidata-links", timeout=30)
    assert resp.status_code == 200
    return resp.json()


def named_in_corpus(entry: dict, text: str) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text) for n in _entry_names(entry))


def test_wikidata_links_lists_exactly_the_verified_links(links):
    registry = load_registry(ROOT / "corpus" / "actors.yaml")
    expected = {(ENTITY + e.id, e.wikidata.iri) for e in registry if e.wikidata}
    assert {(r["entity"], r["wikidata"]) for r in links} == expected
    assert {r["wikidata"].removeprefix(WD) for r in links} <= set(VERIFIED)
    assert len(links) == len(expected) == 38


def test_every_verified_qid_of_an_entity_the_articles_name_is_linked(links):
    text = "\n".join(a.text.replace("’", "'") for a in load_corpus(ROOT / "corpus"))
    linked = {r["wikidata"].removeprefix(WD) for r in links}
    unlinked = {q: v["name"] for q, v in VERIFIED.items() if q not in linked}
    assert {q: n for q, n in unlinked.items() if named_in_corpus(VERIFIED[q], text)} == {}
    # the five the articles never name, among them the province, which is not the town of Luang Prabang
    assert set(unlinked.values()) == {"Hun Manet", "Cambodian People's Party", "Vietnam", "Philippines",
                                      "Luang Prabang Province"}


def test_no_other_qid_is_in_the_graph(built_store):
    store = EmbeddedStore(built_store).snapshot()
    objects = {r["o"].value for r in store.query(
        "SELECT DISTINCT ?o { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }", use_default_graph_as_union=True)}
    assert {o.removeprefix(WD) for o in objects} <= set(VERIFIED)
    town = store.query(f"ASK {{ <{ENTITY}luang-prabang> <http://www.w3.org/2002/07/owl#sameAs> ?x }}",
                       use_default_graph_as_union=True)
    assert not bool(town)


def test_each_link_carries_its_evidence_into_the_graph(built_store):
    store = EmbeddedStore(built_store).snapshot()
    rows = store.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?wd ?source ?seen ?file WHERE {
          GRAPH <https://w3id.org/aseankg/graph/wikidata/win-myint> {
            ?e <http://www.w3.org/2002/07/owl#sameAs> ?wd .
            ?g dct:source ?file ; prov:wasDerivedFrom ?ev . ?ev dct:source ?source ; prov:value ?seen .
          }
        }""")
    [row] = list(rows)
    assert row["wd"].value == WD + "Q8023642" and row["file"].value == "corpus/actors.yaml"
    assert row["source"].value == VERIFIED["Q8023642"]["evidence"][0]["source"]
    assert row["seen"].value == VERIFIED["Q8023642"]["evidence"][0]["seen"]
