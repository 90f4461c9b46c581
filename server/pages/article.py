"""Article pages (/article/<key>): the record, the full text with every evidence span highlighted, the facts drawn from it, and a .txt twin.

Spans nest and overlap (a mention inside a quotation inside a figure), so the text is
cut at every span boundary and each piece is marked with all the spans that cover it:
no span is lost, and each span's words are the concatenation of its pieces. The .txt
twin is the canonical text, whose SHA-256 the page shows.
"""
from __future__ import annotations

import base64
import hashlib

from flask import Response, request
from markupsafe import Markup, escape

from kg import rdf
from server.pages import classes, errors, jsonld, panels, render
from server.pages.terms import P, group_facts
from server.problems import Problem

bp = errors.blueprint("article", __name__)


def highlight(text: str, spans: set[tuple[int, int]]) -> Markup:
    """The text as HTML with each span marked; an empty anchor ``id="s-START-END"`` opens each span.

    >>> str(highlight("ab cd", {(0, 5), (3, 5)}))
    '<span id="s-0-5"></span><mark data-spans="0-5" data-depth="1">ab </mark><span id="s-3-5"></span><mark data-spans="0-5 3-5" data-depth="2">cd</mark>'
    """
    cuts = sorted({0, len(text), *(s for s, _ in spans), *(e for _, e in spans)})
    starts: dict[int, list[tuple[int, int]]] = {}
    for s, e in sorted(spans):
        starts.setdefault(s, []).append((s, e))
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        out += [f'<span id="s-{s}-{e}"></span>' for s, e in starts.get(a, [])]
        covering = [f"{s}-{e}" for s, e in sorted(spans) if s <= a and b <= e]
        piece = str(escape(text[a:b]))
        if covering:
            out.append(f'<mark data-spans="{" ".join(covering)}" data-depth="{len(covering)}">{piece}</mark>')
        else:
            out.append(piece)
    return Markup("".join(out))


# Facts shown elsewhere on the page or only plumbing: the article itself, participation nodes.
HIDDEN = {P["reportedIn"], P["participation"]}


def span_facts(rows: list[dict], article: str, specific) -> list[dict]:
    """One span's facts, subject by subject: its label, most specific types and other properties."""
    subjects: dict[str, dict] = {}
    for r in rows:
        if r["property"] in HIDDEN or "/participation/" in r["subject"]:
            continue
        s = subjects.setdefault(r["subject"], {"subject": r["subject"], "label": r["subjectLabel"],
                                               "self": r["subject"] == article, "types": [], "props": []})
        if r["property"] == P["type"]:
            s["types"].append(r["value"])
        elif r["property"] != P["label"] or r["subject"] == article:
            s["props"].append(r)
    for s in subjects.values():
        s["types"] = specific(s["types"])
    return list(subjects.values())


def _record(key: str) -> tuple[str, dict]:
    iri = rdf.article_iri(key).value
    panel = panels.run("article-record", article=iri)
    if panel.error or not panel.rows:
        raise Problem(404, f"No article {key!r} in the graph; the list is at /queries/articles")
    return iri, panel


@bp.route("/article/<key>.txt")
@render.cached(variant=lambda: "text")
def article_text(key: str):
    iri, _ = _record(key)
    row = panels.run("article-text", article=iri).rows[0]
    body = row["text"].encode("utf-8")
    resp = Response(body, content_type="text/plain; charset=utf-8")
    resp.headers["Repr-Digest"] = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
    resp.headers["Link"] = f'<{iri}>; rel="canonical"'
    return resp


@bp.route("/article/<key>")
@render.cached
def article(key: str):
    iri = rdf.article_iri(key).value
    p = panels.run_all({"record": ("article-record", {"article": iri}), "text": ("article-text", {"article": iri}),
                        "facts": ("article-facts", {"article": iri}), "mentions": ("article-mention-spans", {"article": iri}),
                        "classes": ("classes", {})})
    record_panel = p["record"]
    if record_panel.error or not record_panel.rows:
        raise Problem(404, f"No article {key!r} in the graph; the list is at /queries/articles")
    record = record_panel.rows[0]
    text_panel, facts_panel = p["text"], p["facts"]
    text = text_panel.rows[0]["text"]
    specific = classes.most_specific(p["classes"].rows)
    ordered = sorted(facts_panel.rows, key=lambda r: (r["start"], r["end"], r["subject"], r["property"], str(r["value"])))
    by_span: dict[str, list[dict]] = {}
    for r in ordered:
        by_span.setdefault(r["evidence"], []).append(r)
    spans = group_facts(ordered, ("evidence",))
    for span in spans:
        span.values["subjects"] = span_facts(by_span[span.quotes[0].evidence], iri, specific)
    mentions = group_facts(sorted(p["mentions"].rows, key=lambda r: (r["start"], r["end"])), ("entity",))
    mentions.sort(key=lambda m: (-len(m.quotes), m["label"] or ""))
    marked = {(q.start, q.end) for f in (*spans, *mentions) for q in f.quotes}
    return render.html(
        "article.html", title=record["title"] or key, key=key, iri=iri, record=record, record_panel=record_panel,
        text_panel=text_panel, facts_panel=facts_panel, body=highlight(text, marked), marked=marked, spans=spans, facts=spans, mentions=mentions, mentions_panel=p["mentions"],
        length=len(text), jsonld=jsonld.article(iri, record, request.url_root),
        alternates=[*jsonld.alternates(iri), {"type": "text/plain", "href": f"/article/{key}.txt"}],
        description=f"{record['outlet']}, {record['published']}: the text with every evidence span highlighted.",
    )
