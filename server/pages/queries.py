"""Saved queries as pages (/queries, /queries/<name>), answered on the server.

As in Datasette, a saved query gets a page with a form from its parameters, its answer
as a table, and links to the same answer as JSON and CSV. The SPARQL editor is
server.pages.query (/query).
"""
from __future__ import annotations

from flask import request

from server.pages import errors, panels, render

bp = errors.blueprint("queries", __name__)


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
