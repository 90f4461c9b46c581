"""GET /ontology: the pyLODE reference for browsers, the RDF for clients, over Flask and real HTTP."""
from __future__ import annotations

import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from server import create_app
from tests.conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
AKG = "https://w3id.org/aseankg/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_TYPES = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
             "application/n-triples": "nt"}


@pytest.fixture(scope="module")
def source() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app({"store": str(tmp_path_factory.mktemp("empty") / "store")})
    return app.test_client()


def local_terms(graph: rdflib.Graph) -> list[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({str(s) for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(AKG)})


def test_browser_gets_the_html_reference_of_every_class_and_property(client, source):
    resp = client.get("/ontology", headers={"Accept": BROWSER})
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert "<title>ASEAN–Myanmar diplomacy knowledge graph ontology</title>" in html
    terms = local_terms(source)
    assert len(terms) > 80
    assert [t for t in terms if f"<code>{t}</code>" not in html] == []
    assert "https://w3id.org/aseankg/ontology/0.2.0" in html


@pytest.mark.parametrize("path", ["/ontology", "/ontology/0.2.0"])
@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_clients_get_the_same_graph_in_each_format(client, source, path, media_type):
    resp = client.get(path, headers={"Accept": media_type})
    assert resp.status_code == 200 and resp.mimetype == media_type
    assert resp.headers["Vary"] == "Accept"
    got = rdflib.Graph().parse(data=resp.get_data(as_text=True), format=RDF_TYPES[media_type])
    assert isomorphic(got, source)


def test_turtle_is_the_source_file_and_the_default(client):
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "text/turtle"}):
        resp = client.get("/ontology", headers=headers)
        assert resp.mimetype == "text/turtle"
        assert resp.get_data(as_text=True) == ONTOLOGY.read_text(encoding="utf-8")


@pytest.mark.parametrize("path, media_type", [("/ontology.ttl", "text/turtle"), ("/ontology.html", "text/html"),
                                              ("/ontology/0.2.0.jsonld", "application/ld+json"),
                                              ("/ontology/0.2.0.nt", "application/n-triples"),
                                              ("/ontology.rdf", "application/rdf+xml")])
def test_a_file_extension_picks_the_format(client, path, media_type):
    resp = client.get(path, headers={"Accept": "text/html"})
    assert resp.status_code == 200 and resp.mimetype == media_type


def test_unknown_version_names_the_one_there_is(client):
    resp = client.get("/ontology/0.1.0", headers={"Accept": "text/turtle"})
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "no ontology version '0.1.0'; this server has 0.2.0: /ontology/0.2.0"


def test_unacceptable_type_is_406_listing_what_is_offered(client):
    resp = client.get("/ontology", headers={"Accept": "image/png"})
    assert resp.status_code == 406
    assert "available: text/turtle, text/html" in resp.get_json()["error"]


def test_over_real_http(server, source):
    html = requests.get(server.url + "/ontology", headers={"Accept": BROWSER}, timeout=30)
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    assert "<code>https://w3id.org/aseankg/ontology#RoleHolding</code>" in html.text
    for media_type, fmt in RDF_TYPES.items():
        resp = requests.get(server.url + "/ontology/0.2.0", headers={"Accept": media_type}, timeout=30)
        assert resp.status_code == 200 and resp.headers["Content-Type"].startswith(media_type)
        assert isomorphic(rdflib.Graph().parse(data=resp.text, format=fmt), source)
