"""Describe the endpoint (SPARQL 1.1 Service Description) and the dataset (VoID), in RDF.

``GET /sparql`` with no query answers the service description
(https://www.w3.org/TR/sparql11-service-description/); ``GET /void`` and
``GET /.well-known/void`` the VoID description (https://www.w3.org/TR/void/).
Both are CONSTRUCT queries over the store, run like any query (time limit, content
negotiation): their counts are always those of the current store version. Relative
IRIs in them resolve against the URL the client used, so they are right behind a
proxy too.
"""
from __future__ import annotations

import pyoxigraph
from flask import Blueprint, Response, current_app, request

from kg.rdf import AKG, ID
from server import negotiation
from server.answer import respond
from server.evaluate import Job
from server.problems import Problem

bp = Blueprint("service_description", __name__)

PREFIXES = """\
PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX format: <http://www.w3.org/ns/formats/>
PREFIX dct: <http://purl.org/dc/terms/>
"""
RESULT_FORMATS = "format:SPARQL_Results_JSON, format:SPARQL_Results_XML, format:SPARQL_Results_CSV, " \
                 "format:SPARQL_Results_TSV, format:Turtle, format:N-Triples, format:RDF_XML, format:JSON-LD, " \
                 "format:TriG, format:N-Quads"
TITLE = "ASEAN–Myanmar diplomacy knowledge graph"


def service_query(update_enabled: bool, federated: bool) -> str:
    """The CONSTRUCT query that describes the service (relative IRIs: resolve against the site root)."""
    features = "sd:UnionDefaultGraph" + (", sd:BasicFederatedQuery" if federated else "")
    update_binding = "BIND(<update> AS ?update)" if update_enabled else ""
    return PREFIXES + f"""
CONSTRUCT {{
  ?service a sd:Service ; sd:endpoint ?service ; sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {RESULT_FORMATS} ;
    sd:feature {features} ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:defaultDataset ?dataset .
  ?update a sd:Service ; sd:endpoint ?update ; sd:supportedLanguage sd:SPARQL11Update ;
    sd:defaultDataset ?dataset .
  ?dataset a sd:Dataset ; sd:defaultGraph ?default ; void:sparqlEndpoint ?service .
  ?default a sd:Graph ; void:triples ?triples .
  ?in sd:namedGraph ?named .
  ?named a sd:NamedGraph ; sd:name ?g .
}}
WHERE {{
  {{ BIND(<sparql> AS ?service) BIND(<sparql#dataset> AS ?dataset) BIND(<sparql#default-graph> AS ?default)
     {update_binding}
     {{ SELECT (COUNT(*) AS ?triples) {{ ?s ?p ?o }} }} }}
  UNION
  {{ BIND(<sparql#dataset> AS ?in) GRAPH ?g {{ }} BIND(BNODE() AS ?named) }}
}}"""


VOID_QUERY = PREFIXES + f"""
CONSTRUCT {{
  ?dataset a void:Dataset ; dct:title "{TITLE}"@en ;
    void:sparqlEndpoint ?endpoint ; void:dataDump ?dump ;
    void:uriSpace "{ID}" ; void:vocabulary <{AKG}> ;
    void:feature format:Turtle, format:TriG, format:N-Quads ;
    void:triples ?triples ; void:distinctSubjects ?subjects ; void:distinctObjects ?objects ;
    void:properties ?properties ; void:classes ?classes .
}}
WHERE {{
  BIND(<void#dataset> AS ?dataset) BIND(<sparql> AS ?endpoint) BIND(<store> AS ?dump)
  {{ SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
            (COUNT(DISTINCT ?p) AS ?properties) {{ ?s ?p ?o }} }}
  {{ SELECT (COUNT(DISTINCT ?c) AS ?classes) {{ ?x a ?c }} }}
}}"""


def describe_service() -> Response:
    """The service description of /sparql, in the RDF format the client accepts (Turtle by default)."""
    settings = current_app.config["KG"]
    return _describe(service_query(bool(settings["update_token"]), bool(settings["service_allowlist"])))


@bp.route("/void")
@bp.route("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset."""
    return _describe(VOID_QUERY)


def _describe(query: str) -> Response:
    base = request.url_root
    try:
        pyoxigraph.NamedNode(base)
    except ValueError:
        raise Problem(400, f"cannot describe the service at {base!r}: not an IRI (check the Host header)") from None
    fmt = request.args.get("format") or request.args.get("output")
    return respond(Job(
        "query", query, base_iri=base,
        graph_format=negotiation.choose(negotiation.GRAPHS, request.accept_mimetypes, fmt),
        max_results=current_app.config["KG"]["max_results"],
    ))
