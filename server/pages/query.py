"""The SPARQL editor page /query: a form answered on the server, the YASGUI editor on top, whole-answer downloads.

Without JavaScript the form posts (or GETs ``?query=``) and the server runs the query
through the executor pool, with the endpoint's limits, and renders the table. With
JavaScript, the YASGUI editor (YASQE, vendored by ``make install``) replaces the
textarea, completes from ``/api/complete`` only, and Ctrl+Enter posts the same form
and swaps in the same server-rendered answer. /editor, the older address, redirects here.
"""
from __future__ import annotations

import json
import time

import pyoxigraph as ox
from flask import Response, current_app, g, redirect, request

from kg import rdf, sparql_lexer
from server import sparql_guard
from server.answer import respond
from server.api import entity_index
from server.complete import ONTOLOGY_PREFIXES, prefixed
from server.evaluate import Job
from server.pages import assets, client_code, errors, render, result_views, terms
from server.problems import Problem

bp = errors.blueprint("query", __name__)
EDITOR_MAX_ROWS = 2000
DATASET_FIELDS = ("default-graph-uri", "named-graph-uri")
EXAMPLE_BODY = """SELECT ?article ?date ?outlet WHERE {
  ?article a schema:NewsArticle ;
           schema:datePublished ?date ;
           schema:publisher/schema:name ?outlet .
}
ORDER BY ?date"""
# Vendored by `make install` (Makefile, ui/); without it the page is the plain form, which works on its own.
EDITOR_SCRIPT = "vendor/yasgui/yasqe.min.js"

EXAMPLE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ONTOLOGY_PREFIXES.items()) + EXAMPLE_BODY
# ?format= of /query/download: (media type asked of the executor, file extension, which answers it fits)
DOWNLOADS = {
    "csv": ("text/csv", "csv", "results"),
    "json": ("application/sparql-results+json", "json", "results"),
    "nt": ("application/n-triples", "nt", "graph"),
}


def query_text(values) -> str:
    """The query of a form or query string, with the CR LF line ends browsers send for a textarea made LF.

    So a query shared from the browser and the same query sent by curl are one share.
    """
    return values.get("query", "").replace("\r\n", "\n")


def dataset(values) -> dict[str, list[str]]:
    """The protocol dataset a form or query string gives (one IRI per line); 400 for anything not an http(s) IRI."""
    out = {}
    for name in DATASET_FIELDS:
        iris = [line.strip() for v in values.getlist(name) for line in v.splitlines() if line.strip()]
        for iri in iris:
            try:
                ox.NamedNode(iri)
                ok = iri.startswith(("http://", "https://", "urn:"))
            except ValueError:
                ok = False
            if not ok:
                raise Problem(400, f"{name} must hold graph IRIs (http://, https:// or urn:), one per line; "
                                   f"{iri[:80]!r} is not one")
        if iris:
            out[name] = iris
    return out


def job(text: str, graphs: dict[str, list[str]], results_format: str | None, graph_format: str | None,
        max_results: int) -> Job:
    """A query job as /sparql would make it: updates refused, SERVICE allowlisted, union default graph."""
    settings = current_app.config["KG"]
    if not text.strip():
        raise Problem(400, "the query is empty: write a SPARQL query, for example SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    if sparql_lexer.first_operation(text) in sparql_lexer.UPDATE_KEYWORDS:
        raise Problem(400, "this is a SPARQL update; the editor only runs queries")
    has_service = sparql_guard.check_query(text, settings["service_allowlist"])
    default, named = graphs.get("default-graph-uri"), graphs.get("named-graph-uri")
    given = default is not None or named is not None
    return Job("query", text, union=not sparql_lexer.has_dataset_clause(text),
               default_graphs=tuple(default or ()) if given else None,
               named_graphs=tuple(named or ()) if given else None,
               results_format=results_format, graph_format=graph_format,
               max_results=max_results, has_service=has_service)


def run(text: str, graphs: dict[str, list[str]] | None = None, max_rows: int = EDITOR_MAX_ROWS) -> dict:
    """Answer ``text`` as a table (SELECT), yes/no (ASK) or Turtle (CONSTRUCT/DESCRIBE), with its size.

    Raises Problem on any failure; a syntax error carries ``line`` and ``column``.
    """
    limit = min(max_rows, current_app.config["KG"]["max_results"])
    began = time.perf_counter()
    try:
        resp = respond(job(text, graphs or {}, "application/sparql-results+json", "application/n-triples", limit))
    finally:  # Server-Timing's "queries" (render.finish)
        g.kg_query_seconds = getattr(g, "kg_query_seconds", 0.0) + time.perf_counter() - began
    if resp.mimetype == "application/n-triples":
        triples = list(ox.parse(resp.get_data(), format=ox.RdfFormat.N_TRIPLES))
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=ONTOLOGY_PREFIXES).decode("utf-8")
        return {"turtle": turtle, "count": len(triples)}
    body = json.loads(resp.get_data())
    if "boolean" in body:
        return {"boolean": body["boolean"], "count": int(body["boolean"])}
    columns = body["head"]["vars"]
    rows = [{c: b.get(c) for c in columns} for b in body["results"]["bindings"]]
    return {"columns": columns, "rows": rows, "count": len(rows)}


def labels() -> dict[str, str]:
    """Label of each entity IRI of the current store version (from the entity index)."""
    index = entity_index()
    cached = current_app.extensions.get("kg_query_labels")
    if cached is None or cached[0] is not index:
        cached = (index, {c.iri: c.label for c in index.rows if c.label})
        current_app.extensions["kg_query_labels"] = cached
    return cached[1]


def quotes(iris: set[str]) -> dict[str, str]:
    """The words of each evidence IRI (its ``oa:exact``), by one query through the executors; {} if it fails.

    The IRIs come from an answer of the store and are written as N-Triples terms, so
    they cannot change the query's shape.
    """
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris))
    text = (f"PREFIX oa: <{rdf.OA}>\nSELECT ?e ?quote WHERE {{ VALUES ?e {{ {values} }} "
            f"?e oa:hasTarget/oa:hasSelector/oa:exact ?quote }}")
    try:
        body = json.loads(current_app.extensions["kg_execute"](text, {}))
    except Problem:
        return {}
    return {b["e"]["value"]: b["quote"]["value"] for b in body["results"]["bindings"]}


def table_cells(answer: dict, max_rows: int = EDITOR_MAX_ROWS) -> list[list[dict]]:
    """The cells of the first ``max_rows`` rows of a SELECT answer, with labels and quotes looked up."""
    shown = answer["rows"][:max_rows]
    evidence = {t["value"] for row in shown for t in row.values()
                if t and t["type"] == "uri" and t["value"].startswith(rdf.ID + "evidence/")}
    names, words = labels(), quotes(evidence)
    return [[cell(row[c], names, words) for c in answer["columns"]] for row in shown]


def cell(term: dict | None, names: dict[str, str], words: dict[str, str] | None = None) -> dict:
    """What a result cell shows: text, a link (entity page, quote card) and the full term as a tooltip.

    An evidence IRI shows its quote's words (from ``words``) and links to its quote card.

    >>> cell({"type": "uri", "value": "https://w3id.org/aseankg/id/entity/hun-sen"}, {})["href"]
    '/entity/hun-sen'
    >>> cell({"type": "uri", "value": "https://w3id.org/aseankg/id/evidence/a1/3-9"}, {})["text"]
    'quote: article a1, characters 3–9'
    >>> cell({"type": "literal", "value": "877"}, {})["text"]
    '877'
    """
    if term is None:
        return {"text": "", "href": None, "title": None, "kind": "empty"}
    value = term["value"]
    if term["type"] == "uri":
        parts = terms.split_iri(value)
        if parts and parts[0] == "evidence" and (key := terms.evidence_key(parts[1])):
            where = f"article {key[0]}, characters {key[1]}–{key[2]}"
            quote = (words or {}).get(value)
            if quote is None:
                return {"text": f"quote: {where}", "href": terms.page_url(value), "title": value, "kind": "evidence"}
            shown = quote if len(quote) <= 120 else quote[:119] + "…"
            return {"text": f"“{shown}”", "href": terms.page_url(value), "title": f"{where}: {value}",
                    "kind": "evidence"}
        text = names.get(value) or prefixed(value) or (" ".join(parts) if parts else value)
        return {"text": text, "href": terms.page_url(value), "title": value, "kind": "iri"}
    if term["type"] == "bnode":
        return {"text": "_:" + value, "href": None, "title": None, "kind": "bnode"}
    title = term.get("datatype") or (f"@{term['xml:lang']}" if term.get("xml:lang") else None)
    return {"text": value, "href": None, "title": title, "kind": "literal"}


def error_text(exc: Problem) -> str:
    """The message a person reads, with the line and column of a syntax error first."""
    where = exc.extra.get("line"), exc.extra.get("column")
    prefix = f"Line {where[0]}, column {where[1]}: " if None not in where else ""
    message = exc.description or ""
    if exc.code == 422:
        message += (f". This page shows at most {EDITOR_MAX_ROWS} rows: add a LIMIT, or download the whole "
                    f"answer below")
    return prefix + message


def answer_page(values, posted: bool = False) -> Response:
    """The editor page for a form or query string: the form filled in as sent, and the answer or the error under it.

    Every error of the form (the query, a dataset field, an empty post) is shown on the
    page, under the form the person can fix, with status 400.
    """
    text = query_text(values)
    answer, error, position = None, None, None
    # As sent, to fill the form in again; checked by dataset() before the query runs.
    graphs = {name: ["\n".join(values.getlist(name))] for name in DATASET_FIELDS
              if "".join(values.getlist(name)).strip()}
    if posted and not text.strip():
        error = "The query is empty: write a SPARQL query in the form and run it again"
    elif text.strip():
        try:
            graphs = dataset(values)
            answer = run(text, graphs)
            if "rows" in answer:
                answer["cells"] = table_cells(answer)
                bindings = [{c: v for c, v in row.items() if v is not None} for row in answer["rows"]]
                answer["views"] = result_views.views(answer["columns"], bindings, "rv")
        except Problem as exc:
            error = error_text(exc)
            position = (exc.extra.get("line"), exc.extra.get("column"))
    resp = render.html("query.html", title="SPARQL editor", text=text or EXAMPLE, answer=answer, error=error,
                       position=position, graphs=graphs, ran=bool(text.strip()), max_rows=EDITOR_MAX_ROWS,
                       prefixes=ONTOLOGY_PREFIXES, downloads=DOWNLOADS,
                       editor=(assets.STATIC / EDITOR_SCRIPT).is_file(),
                       snippets=client_code.snippets(request.host_url.rstrip("/"), text or EXAMPLE, graphs))
    if error:
        resp.status_code = 400
    return resp


def by_host() -> str:
    """The cache variant of pages whose snippets name this server's address (reached as 127.0.0.1 or localhost)."""
    return "html@" + request.host


@bp.get("/query")
@render.cached(variant=by_host)
def page() -> Response:
    return answer_page(request.args)


@bp.post("/query")
def posted() -> Response:
    """The form posted (JavaScript off, or Ctrl+Enter): never cached, since the text is in the body."""
    began = time.perf_counter()
    return render.finish(answer_page(request.form, posted=True), began)


@bp.route("/query/download", methods=["GET", "POST"])
def download() -> Response:
    """The whole answer as a file, or an error saying why not (never a truncated file).

    The row limit is the endpoint's KG_MAX_RESULTS: an answer over it is refused with
    422 and that message, so a file that arrives is always the whole answer.
    """
    values = request.form if request.method == "POST" else request.args
    fmt = values.get("format", "csv")
    if fmt not in DOWNLOADS:
        raise Problem(400, f"format must be one of {', '.join(DOWNLOADS)}, not {fmt[:40]!r}")
    media_type, extension, family = DOWNLOADS[fmt]
    text = query_text(values)
    limit = current_app.config["KG"]["max_results"]
    the_job = job(text, dataset(values), media_type if family == "results" else None,
                  media_type if family == "graph" else None, limit)
    try:
        resp = respond(the_job)
    except Problem as exc:
        if exc.code != 406:
            raise
        fits = "CSV or JSON (SELECT and ASK)" if family == "graph" else "N-Triples (CONSTRUCT and DESCRIBE)"
        raise Problem(400, f"{extension.upper()} does not fit this query's answer; download it as {fits}") from None
    body = resp.get_data()
    name = f"query-{client_code.text_hash(text)}.{extension}"

    def chunks():
        for start in range(0, len(body), 65536):
            yield body[start:start + 65536]

    out = Response(chunks(), content_type=resp.content_type)
    out.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    out.headers["Content-Length"] = str(len(body))
    out.headers["X-KG-Store-Version"] = render.store_version()
    return out


@bp.route("/editor")
def editor() -> Response:
    """The editor's former address."""
    target = "/query" + (f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
    return redirect(target, 301)
