"""Saved queries as pages (/queries, /queries/<name>), answered on the server.

As in Datasette, a saved query gets a page with a form from its parameters, its answer
as a table (and the result views its columns fit), and links to the same answer as JSON
and CSV, its SPARQL, the editor and its OpenAPI operation. The catalogue is cards by tag,
filtered by a plain GET form. The SPARQL editor is server.pages.query (/query).
"""
from __future__ import annotations

from flask import request

from server.pages import errors, gallery, panels, render, result_views
from server.problems import Problem

bp = errors.blueprint("queries", __name__)


@bp.route("/queries")
@render.cached
def catalogue():
    tag = request.args.get("tag", "").strip()
    text = request.args.get("q", "").strip()
    everything = list(panels.saved_queries().values())
    known_tags = gallery.tags(everything)
    if tag and tag not in known_tags:
        raise Problem(400, f"No saved query has the tag {tag!r}; tags are {', '.join(known_tags)}")
    chosen = gallery.matching(everything, tag or None, text)
    return render.html("queries.html", title="Saved queries", groups=gallery.by_tag(chosen, tag or None),
                       tags=known_tags, tag=tag, text=text, shown=len(chosen), total=len(everything),
                       description="The saved queries of the graph, by tag: each a form, a table, JSON and CSV.")


@bp.route("/queries/<name>")
@render.cached
def saved(name: str):
    query = panels.saved(name)
    given = {k: v for k, v in request.args.items() if v != ""}
    missing = [p for p in query.params.values() if p.required and p.default is None and p.name not in given]
    panel = None if missing else panels.run(name, **given)
    shown = [] if panel is None or panel.error else result_views.views(list(query.columns), panel.bindings, "rv")
    resp = render.html("saved.html", title=name, q=query, panel=panel, values=given, missing=missing,
                       views=shown, choices=gallery.choices(query), operation=gallery.operation_id(query),
                       editor=gallery.editor_url(panel.editor_text if panel and panel.editor_text else query.text),
                       description=query.summary)
    if panel is not None and panel.error:
        resp.status_code = 400
    return resp
