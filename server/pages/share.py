"""Versioned share links: POST /q records a query from the editor, /q/<id> shows it with its answer then and now.

A share keeps the query text, its parameters (the dataset fields of the form), the store
version it ran on and its answer size then (server.shares). Opening it runs the query
again on the current version and, when the version has changed since, says so with
both sizes, so a reader knows whether the answer they see is the one that was shared.
"""
from __future__ import annotations

from flask import Response, current_app, redirect, request

from kg import config
from server.pages import client_code, errors, query, render
from server.problems import Problem
from server.shares import ID_LENGTH, ID_PATTERN, ShareStore

bp = errors.blueprint("share", __name__)
SHARE_MAX_BYTES = 20_000


def share_store() -> ShareStore:
    ext = current_app.extensions
    if "kg_shares" not in ext:
        ext["kg_shares"] = ShareStore(config.shares_path(current_app.config["KG"]["store"]))
    return ext["kg_shares"]


@bp.post("/q")
def create() -> Response:
    """Run the posted query once (so only a query that answers is shared), record it, and go to its page."""
    text = query.query_text(request.form)
    size = len(text.encode("utf-8"))
    if size > SHARE_MAX_BYTES:
        raise Problem(413, f"a shared query may be at most {SHARE_MAX_BYTES:,} bytes; this one is {size:,}. "
                           f"Use the curl snippet to send a longer one to /sparql")
    graphs = query.dataset(request.form)
    version = render.store_version()
    answer = query.run(text, graphs, max_rows=current_app.config["KG"]["max_results"])
    share = share_store().add(text, graphs, version, answer["count"])
    return redirect(f"/q/{share.id}", 303)


@bp.get("/q/<path:ident>")
@render.cached(variant=query.by_host)
def show(ident: str) -> Response:
    """The shared query, its answer now, and a note when the store has changed since it was shared."""
    if not ID_PATTERN.fullmatch(ident):
        raise Problem(400, f"a share id is {ID_LENGTH} hexadecimal digits (0-9, a-f); {ident[:40]!r} is not one")
    share = share_store().get(ident)
    if share is None:
        raise Problem(404, f"no query is shared as {ident}; share one from the SPARQL editor at /query")
    now, error = None, None
    try:
        now = query.run(share.query, share.params, max_rows=current_app.config["KG"]["max_results"])
        if "rows" in now:
            now["cells"] = query.table_cells(now)
    except Problem as exc:
        error = query.error_text(exc)
    base = request.host_url.rstrip("/")
    return render.html("share.html", title="Shared query", share=share, now=now, error=error,
                       current=render.store_version(), max_rows=query.EDITOR_MAX_ROWS,
                       editor_args={"query": share.query, **share.params},
                       snippets=client_code.snippets(base, share.query, share.params))
