"""Search: labels, aliases, QIDs and IRIs. An exact QID, IRI or unique name goes straight to its page.

Ambiguous names list every candidate; unknown names suggest the nearest labels
(kg.resolve, the same lookup the saved-query parameters use).
"""
from __future__ import annotations

import re

from flask import redirect, request

from kg import rdf
from server.api import entity_index
from server.pages import errors, render
from server.pages.terms import page_url

bp = errors.blueprint("search", __name__)
_QID = re.compile(r"(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9]\d*)", re.I)
MAX_RESULTS = 50


def _target(q: str, index) -> str | None:
    """The page an exact QID, IRI or /id/ path names, if the graph has it."""
    if m := _QID.fullmatch(q):
        hit = index.by_qid.get(m[1].upper())
        return page_url(hit.iri) if hit else None
    iri = rdf.ID + q[len("/id/"):] if q.startswith("/id/") else q
    if iri.startswith(rdf.ID) and (iri in index.iris or iri in index.things):
        return page_url(iri)
    return None


def _matches(q: str, index) -> list:
    """Entities whose label or alias contains the text, exact matches first."""
    needle = q.casefold()
    found: dict[str, tuple[int, object]] = {}
    for c in index.rows:
        key = c.matched.casefold()
        if needle in key:
            rank = 0 if key == needle else 1 if key.startswith(needle) else 2
            if c.iri not in found or rank < found[c.iri][0]:
                found[c.iri] = (rank, c)
    return [c for _, c in sorted(found.values(), key=lambda rc: (rc[0], rc[1].label.casefold()))][:MAX_RESULTS]


@bp.route("/search")
@render.cached
def search():
    q = (request.args.get("q") or "").strip()
    if not q:
        return render.html("search.html", title="Search", q="", exact=[], matches=[], nearest=[])
    index = entity_index()
    target = _target(q, index)
    if target:
        return redirect(target, code=303)
    exact = index.lookup(q)
    if len(exact) == 1:
        return redirect(page_url(exact[0].iri), code=303)
    matches = [] if exact else _matches(q, index)
    nearest = [] if exact or matches else index.nearest(q)
    return render.html("search.html", title=f"Search: {q}", q=q, exact=exact, matches=matches, nearest=nearest)
