"""Saved queries as pages (/queries, /queries/<name>) and the SPARQL editor (/editor), answered on the server.

As in Datasette, a saved query gets a page with a form from its parameters, its answer
as a table, and links to the same answer as JSON and CSV. The editor runs any query
through the endpoint's executor pool and shows the answer without JavaScript.
"""
from __future__ import annotations

import json

from flask import current_app, request

from kg import sparql_lexer
from server import sparql_guard
from server.answer import respond
from server.evaluate import Job
from server.pages import errors, panels, render
from server.problems import Problem

bp = errors.blueprint("queries", __name__)
EDITOR_MAX_ROWS = 2000
EXAMPLE = """PREFIX schema: <http://schema.org/>
SELECT ?article ?date ?outlet WHERE {
  ?article a schema:NewsArticle ;
           schema:datePublished ?date ;
           schema:publisher/schema:name ?outlet .
}
ORDER BY ?date"""


@bp.route("/queries")
@render.cached
def catalogue():
    return render.html("queries.html", title="Saved queries", queries=list(panels.saved_queries().values()))


@bp.route("/queries/<name>")
@render.cached
def saved(name: str):
    query = panels.saved(name)
    given = {k: v for k, v in request.args.items() if v != ""}
    missing = [p for p in query.params.values() if p.required and p.default is None and p.name not in given]
    panel = None if missing else panels.run(name, **given)
    resp = render.html("saved.html", title=name, q=query, panel=panel, values=given, missing=missing)
    if panel is not None and panel.error:
        resp.status_code = 400
    return resp


def _run(text: str) -> dict:
    """Answer ``text`` as a table (SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE); raises Problem on any failure."""
    settings = current_app.config["KG"]
    if sparql_lexer.first_operation(text) in sparql_lexer.UPDATE_KEYWORDS:
        raise Problem(400, "this is a SPARQL update; the editor only runs queries")
    has_service = sparql_guard.check_query(text, settings["service_allowlist"])
    resp = respond(Job("query", text, union=not sparql_lexer.has_dataset_clause(text),
                       results_format="application/sparql-results+json", graph_format="text/turtle",
                       max_results=min(EDITOR_MAX_ROWS, settings["max_results"]), has_service=has_service))
    if resp.mimetype == "text/turtle":
        return {"turtle": resp.get_data(as_text=True)}
    body = json.loads(resp.get_data())
    if "boolean" in body:
        return {"boolean": body["boolean"]}
    columns = body["head"]["vars"]
    return {"columns": columns, "rows": [{c: b.get(c) for c in columns} for b in body["results"]["bindings"]]}


@bp.route("/editor")
@render.cached
def editor():
    text = request.args.get("query", "")
    answer, error = None, None
    if text.strip():
        try:
            answer = _run(text)
        except Problem as exc:
            error = exc.description
    resp = render.html("editor.html", title="SPARQL editor", text=text or EXAMPLE, answer=answer, error=error,
                       ran=bool(text.strip()), max_rows=EDITOR_MAX_ROWS)
    if error:
        resp.status_code = 400
    return resp
