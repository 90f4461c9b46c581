"""The query mix an analyst sends, cheapest first, and the HTTP requests it makes to each server.

Every query is asked of both servers as the same SPARQL text with the same Accept
header: ``kg serve`` at ``/sparql``, ``oxigraph serve`` at ``/query``. The saved-query
API has no twin in Oxigraph, so ``/api/queries/NAME?param=...`` is compared with the
saved query's own text sent to Oxigraph with the parameter bound by ``VALUES`` (the
rows must agree in number).
"""
from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import catalogue, rdf

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX akg: <https://w3id.org/aseankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""
JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Query:
    """One query of the mix: what to ask each server, and how to compare the answers."""

    name: str
    what: str
    kg_path: str
    ox_path: str
    accept: str
    compare: str = "bytes"  # bytes (or the same lines in another order) | rows (saved-query API)
    text: str | None = None  # the SPARQL text, for /sparql queries


def sparql(name: str, what: str, text: str, accept: str = JSON_RESULTS) -> Query:
    q = urllib.parse.quote(PREFIXES + text)
    return Query(name, what, f"/sparql?query={q}", f"/query?query={q}", accept, text=PREFIXES + text)


def samples(store_dir: Path) -> dict[str, str]:
    """IRIs of one article, event, statement and evidence span of the data, read from the store."""
    store = ox.Store.read_only(str(store_dir))
    picks = {}
    for key, text in {
        "article": "SELECT ?x { ?x a schema:NewsArticle } ORDER BY ?x OFFSET 123 LIMIT 1",
        "event": "SELECT ?x { ?x a akg:Meeting } ORDER BY ?x LIMIT 1",
        "statement": "SELECT ?x { ?x a akg:Statement } ORDER BY ?x OFFSET 77 LIMIT 1",
        "evidence": "SELECT ?x { ?x a <http://www.w3.org/ns/oa#Annotation> } ORDER BY ?x OFFSET 55 LIMIT 1",
    }.items():
        rows = list(store.query(PREFIXES + text, use_default_graph_as_union=True))
        picks[key] = rows[0]["x"].value
    del store
    return picks


def queries(picks: dict[str, str], queries_dir: Path) -> list[Query]:
    """The mix, cheapest first (on the synthetic data)."""
    art = picks["article"]
    art_id = art.rsplit("/", 1)[1]
    mix = [
        sparql("ask", "ASK: is this article in the graph?", f"ASK {{ <{art}> a schema:NewsArticle }}"),
        sparql("describe", "DESCRIBE one article (Turtle)", f"DESCRIBE <{art}>", "text/turtle"),
        sparql("construct-article", "CONSTRUCT one article with all its evidence graphs (Turtle)", f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ GRAPH <{rdf.GRAPH}article/{art_id}> {{ ?s ?p ?o }} }}
  UNION {{ ?g prov:wasDerivedFrom <{art}> . GRAPH ?g {{ ?s ?p ?o }} }}
}}""", "text/turtle"),
        sparql("wikidata-lookup", "Entity by Wikidata IRI, with labels and aliases", """
SELECT ?e ?label ?alias ?description WHERE {
  ?e owl:sameAs wd:Q57788 ; rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?alias } OPTIONAL { ?e schema:description ?description }
}"""),
        sparql("property-path", "Every organization of any kind (rdf:type/rdfs:subClassOf*)", """
SELECT DISTINCT ?org ?label WHERE { ?org a/rdfs:subClassOf* akg:Organization ; rdfs:label ?label }
ORDER BY ?label"""),
        sparql("group-by", "Statements per speaker, most first (GROUP BY, ORDER BY)", """
SELECT ?speaker ?label (COUNT(?s) AS ?n) WHERE { ?s akg:speaker ?speaker . ?speaker rdfs:label ?label }
GROUP BY ?speaker ?label ORDER BY DESC(?n) ?speaker"""),
        sparql("date-range-join", "Meetings reported in articles of one week, with outlet (date range join)", """
SELECT ?article ?date ?outlet ?event ?label WHERE {
  ?article schema:datePublished ?date .
  FILTER(?date >= "2022-03-01"^^xsd:date && ?date < "2022-03-08"^^xsd:date)
  ?article schema:publisher/schema:name ?outlet .
  ?event akg:reportedIn ?article ; a akg:Meeting ; rdfs:label ?label .
} ORDER BY ?date ?article ?event"""),
        sparql("text-filter", "Statements whose text mentions a phrase (FILTER CONTAINS)", """
SELECT ?s ?text WHERE { ?s akg:text ?text FILTER(CONTAINS(LCASE(?text), "humanitarian corridor")) }
ORDER BY ?s LIMIT 1000"""),
        sparql("export", "Export every statement with speaker, date and article (CSV, all rows)", """
SELECT ?s ?speaker ?date ?text ?article WHERE {
  ?s a akg:Statement ; akg:speaker ?speaker ; dct:date ?date ; akg:text ?text ; akg:reportedIn ?article
}""", "text/csv"),
    ]
    saved = catalogue.load_catalogue(queries_dir)
    for name, param, value, iri in (("statements-by", "actor", "Hun Sen", rdf.entity_iri("hun-sen").value),
                                    ("entity-card", "entity", "Min Aung Hlaing", rdf.entity_iri("min-aung-hlaing").value)):
        text = bind_with_values(saved[name].text, param, iri)
        mix.append(Query(f"api:{name}", f"Saved query {name} by the JSON API ({param}={value})",
                         f"/api/queries/{name}?{urllib.parse.urlencode({param: value})}",
                         f"/query?query={urllib.parse.quote(text)}", JSON_RESULTS, compare="rows"))
    return mix


def bind_with_values(text: str, variable: str, iri: str) -> str:
    """The saved query with ``?variable`` bound the way the API binds it (kg.catalogue.bind_values)."""
    return catalogue.bind_values(text, {ox.Variable(variable): ox.NamedNode(iri)})


def rows(body: bytes, compare: str) -> int:
    """The number of rows of an answer: SPARQL JSON bindings, or a JSON list (the API)."""
    data = json.loads(body)
    return len(data) if isinstance(data, list) else len(data["results"]["bindings"])


def same_answer(query: Query, kg_body: bytes, ox_body: bytes) -> str:
    """'identical bytes', 'same lines' or 'same rows (N)'; raises AssertionError when they differ."""
    if query.compare == "rows":
        n, m = rows(kg_body, "rows"), rows(ox_body, "rows")
        if n != m:
            raise AssertionError(f"{query.name}: kg serve gave {n} rows, oxigraph serve {m}")
        return f"same rows ({n})"
    if kg_body == ox_body:
        return "identical bytes"
    if query.accept == "text/turtle":
        kg_graph, ox_graph = (set(ox.parse(b, format=ox.RdfFormat.TURTLE)) for b in (kg_body, ox_body))
        if kg_graph == ox_graph:
            return f"same triples ({len(kg_graph)}), other Turtle"
    if sorted(kg_body.splitlines()) == sorted(ox_body.splitlines()):
        return "same lines, other order"
    raise AssertionError(f"{query.name}: answers differ ({len(kg_body)} vs {len(ox_body)} bytes):\n"
                         f"{kg_body[:300]!r}\n{ox_body[:300]!r}")
