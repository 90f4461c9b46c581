"""Pages for things without a page family of their own: figures, role holdings, roles, outlets, runs, participations.

Shown the way Wikidata shows an item: every property and value with the quotes that
state it, and every fact that points at the thing.
"""
from __future__ import annotations

from flask import request

from kg import rdf
from server.pages import classes, errors, jsonld, panels, render
from server.pages.entity import asof_param
from server.pages.terms import P, by_article, by_property, group_facts, local_name, quotes_of
from server.problems import Problem

bp = errors.blueprint("resource", __name__)


@bp.route("/resource/<kind>/<path:key>")
@render.cached
def resource(kind: str, key: str):
    iri = rdf.thing_iri(kind, key).value
    asof = asof_param()
    p = panels.run_all({"about": ("facts-about", {"subject": iri, "asof": asof}),
                        "linked": ("facts-pointing-to", {"object": iri, "asof": asof}),
                        "sources": ("subject-sources", {"subject": iri, "asof": asof}),
                        "classes": ("classes", {})})
    about = p["about"]
    if about.error and "No entity" in about.error:
        raise Problem(404, f"Nothing in the graph has the IRI {iri}")
    facts = by_property(about.rows)
    label = next((f["value"] for f in facts.get(P["label"], [])), None) or f"{kind} {local_name(key)}"
    kinds = classes.most_specific(p["classes"].rows)([f["value"] for f in facts.get(P["type"], [])])
    return render.html("resource.html", title=label, kind=kind, kinds=kinds, key=key, iri=iri, p=p, facts=facts, asof=asof,
                       linked=group_facts(p["linked"].rows, ("subject", "property")),
                       sources=by_article(quotes_of(p["sources"].rows)), alternates=jsonld.alternates(iri),
                       root=request.url_root)
