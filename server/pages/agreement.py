"""Agreement pages (/agreement/<key>): adoption, the provisions in order, and per provision who said what about it.

The Five-Point Consensus is the model: where, when and by whom it was adopted; its five
points in their order; and under each point the statements on its implementation, each
with speaker, stance, claim type and quotes. Nothing is scored or summarised.
"""
from __future__ import annotations

from flask import request

from kg import rdf
from server.api import entity_index
from server.pages import errors, jsonld, panels, render
from server.pages.entity import asof_param, card
from server.pages.event import date_rows
from server.pages.terms import P, by_article, by_property, group_facts, quotes_of
from server.problems import Problem

bp = errors.blueprint("agreement", __name__)


def locate(key: str) -> str | None:
    """The agreement's IRI: id/agreement/<key> (extracted) or id/entity/<key> (the registry's), whichever the graph has."""
    index = entity_index()
    for kind in ("agreement", "entity"):
        iri = rdf.thing_iri(kind, key).value
        if iri in index.iris or iri in index.things:
            return iri
    return None


@bp.route("/agreement/<key>")
@render.cached
def agreement(key: str):
    iri = locate(key)
    if iri is None:
        raise Problem(404, f"No agreement {key!r} in the graph; search for it at /search?q={key}")
    asof = asof_param()
    head = card(iri)
    p = panels.run_all({
        "about": ("facts-about", {"subject": iri, "asof": asof}),
        "adoption": ("adoption", {"agreement": iri, "asof": asof}),
        "provisions": ("provisions", {"agreement": iri, "asof": asof}),
        "claims": ("provision-claims", {"agreement": iri, "asof": asof}),
        "sources": ("subject-sources", {"subject": iri, "asof": asof}),
    })
    facts = by_property(p["about"].rows)
    adopted = group_facts(p["adoption"].rows, ("event",))
    events = panels.run_all({a["event"]: ("facts-about", {"subject": a["event"], "asof": asof}) for a in adopted[:3]})
    for a in adopted:
        a.values["claims"] = date_rows(by_property(events[a["event"]].rows)) if a["event"] in events else []
    provisions = group_facts(p["provisions"].rows, ("provision",))
    claims = group_facts(p["claims"].rows, ("provision", "statement"))
    label = head["label"] if head else next((f["value"] for f in facts.get(P["label"], [])), key)
    return render.html(
        "agreement.html", title=label, label=label, head=head, key=key, iri=iri, p=p, asof=asof,
        parties=facts.get(P["party"], []), adoption=adopted,
        provisions=provisions, general=[c for c in claims if not c["provision"]],
        claims={pr["provision"]: [c for c in claims if c["provision"] == pr["provision"]] for pr in provisions},
        sources=by_article(quotes_of(p["sources"].rows)),
        jsonld=jsonld.agreement(iri, label, [{"iri": pr["provision"], "position": pr["position"], "label": pr["label"]}
                                             for pr in provisions]),
        alternates=jsonld.alternates(iri), description=head and head["description"],
        root=request.url_root,
    )
