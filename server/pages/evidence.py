"""Evidence pages (/evidence/<article>/<start>-<end>): one span as a card, or as a W3C Web Annotation in JSON-LD.

Content negotiation: ``Accept: application/ld+json`` (or ``?format=jsonld``) gets the
annotation (https://www.w3.org/TR/annotation-model/) with its quote and position
selectors; browsers get the card: the words in context, the article, and the facts
the span supports.
"""
from __future__ import annotations

import json

from flask import Response, request

from kg import rdf
from server.pages import errors, panels, render
from server.pages.terms import split_iri
from server.problems import Problem

bp = errors.blueprint("evidence", __name__)
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
JSONLD = f'application/ld+json; profile="{ANNO_CONTEXT}"'


def wants_jsonld() -> str:
    if request.args.get("format") == "jsonld":
        return "jsonld"
    best = request.accept_mimetypes.best_match(["text/html", "application/ld+json", "application/json"],
                                               default="text/html")
    return "html" if best == "text/html" else "jsonld"


def annotation(iri: str, row: dict) -> dict:
    """The Web Annotation of one evidence span (Web Annotation Data Model, JSON-LD)."""
    return {
        "@context": ANNO_CONTEXT, "id": iri, "type": "Annotation", "motivation": "describing",
        "target": {
            "type": "SpecificResource", "source": row["article"],
            "selector": [
                {"type": "TextQuoteSelector", "exact": row["quote"], "prefix": row["prefix"] or "",
                 "suffix": row["suffix"] or ""},
                {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
            ],
        },
    }


@bp.route("/evidence/<article>/<int:start>-<int:end>")
@render.cached(variant=wants_jsonld)
def evidence(article: str, start: int, end: int):
    iri = rdf.evidence_iri(article, start, end).value
    panel = panels.run("evidence-card", evidence=iri)
    if panel.error or not panel.rows:
        raise Problem(404, f"No evidence span {start}-{end} in article {article!r}; see /article/{article}")
    row = panel.rows[0]
    if wants_jsonld() == "jsonld":
        return Response(json.dumps(annotation(iri, row), ensure_ascii=False, indent=1), content_type=JSONLD)
    graphs: dict[str, list[dict]] = {}
    for r in panel.rows:
        if r["graph"]:
            graphs.setdefault(r["graph"], []).append(r)
    return render.html("evidence.html", title=f"Evidence {start}–{end} in {row['title'] or article}", iri=iri,
                       row=row, graphs=graphs, panel=panel, article_key=split_iri(row["article"])[1],
                       alternates=[{"type": "application/ld+json", "href": request.path + "?format=jsonld"}])
