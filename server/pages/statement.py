"""Statement pages (/statement/<key>): speaker, date, occasion, topic, stance, the words in their article, other reports.

The quote is shown inside its paragraph of the article (the canonical text, cut at
paragraph breaks around the span), so a reader sees what came before and after.
"""
from __future__ import annotations

from flask import request

from kg import rdf
from server.pages import classes, errors, jsonld, panels, render
from server.pages.entity import asof_param
from server.pages.terms import P, by_article, by_property, group_facts, quotes_of
from server.problems import Problem

bp = errors.blueprint("statement", __name__)
CONTEXT_CHARS = 600
# A statement has one of each of these; two values mean two articles tell it differently.
SINGLE_VALUED = {P[k] for k in ("speaker", "date", "stance", "occasion", "claimType", "medium")}


def in_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``(before, words, after)``: the span with the rest of its paragraph around it, at most CONTEXT_CHARS each way.

    >>> in_context("One.\\n\\nHe said it was good. Then left.\\n\\nTwo.", 14, 26)
    ('He said ', 'it was good.', ' Then left.')
    """
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    lo, hi = max(para_start, start - CONTEXT_CHARS), min(para_end, end + CONTEXT_CHARS)
    return text[lo:start], text[start:end], text[end:hi]


@bp.route("/statement/<key>")
@render.cached
def statement(key: str):
    iri = rdf.thing_iri("statement", key).value
    asof = asof_param()
    p = panels.run_all({"about": ("facts-about", {"subject": iri, "asof": asof}),
                        "reports": ("subject-sources", {"subject": iri, "asof": asof}),
                        "echoes": ("statement-echoes", {"statement": iri, "asof": asof}),
                        "classes": ("classes", {})})
    about = p["about"]
    if about.error and "No entity" in about.error:
        raise Problem(404, f"No statement {key!r} in the graph")
    facts = by_property(about.rows)
    quotes = quotes_of(about.rows)
    contexts = []
    for q in dict.fromkeys(quotes):
        text = panels.run("article-text", article=q.article)
        if text.rows:
            contexts.append((q, in_context(text.rows[0]["text"], q.start, q.end)))
    words = next((f["value"] for f in facts.get(P["text"], [])), "")
    kinds = classes.most_specific(p["classes"].rows)([f["value"] for f in facts.get(P["type"], [])])
    speaker = (facts.get(P["speaker"]) or [None])[0]
    date = next((f["value"] for f in facts.get(P["date"], [])), None)
    return render.html(
        "statement.html", title=f"{speaker['valueLabel'] if speaker else 'Statement'}: “{words[:60]}{'…' if len(words) > 60 else ''}”",
        kinds=kinds, single_valued=SINGLE_VALUED,
        key=key, iri=iri, p=p, facts=facts, words=words, speaker=speaker, date=date, contexts=contexts[:3],
        reports=by_article(quotes_of(p["reports"].rows)), echoes=group_facts(p["echoes"].rows, ("other",)), asof=asof,
        jsonld=jsonld.quotation(iri, words, speaker and {"iri": speaker["value"], "label": speaker["valueLabel"]}, date,
                                quotes[0].article if quotes else None),
        alternates=jsonld.alternates(iri), root=request.url_root,
    )
