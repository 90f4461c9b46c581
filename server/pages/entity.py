"""Entity pages (/entity/<key>): who or what it is, roles over time, events, statements by and about, figures, co-participants, sources.

Every section is a saved query run with the entity's IRI; ``?asof=YYYY-MM-DD`` passes
on to each, so the page shows only what articles published by that day said.
"""
from __future__ import annotations

from flask import redirect, request

from kg import rdf
from server.pages import errors, jsonld, panels, render
from server.pages.terms import FactRow, by_article, checked_date, group_facts, quotes_of
from server.problems import Problem

bp = errors.blueprint("entity", __name__)


def asof_param() -> str | None:
    try:
        return checked_date(request.args.get("asof"))
    except ValueError as exc:
        raise Problem(400, str(exc)) from None


def card(iri: str) -> dict | None:
    """The entity's header (label, aliases, types, description, country, Wikidata), or None if unknown."""
    panel = panels.run("entity-card", entity=iri)
    if panel.error or not panel.rows:
        return None
    rows = panel.rows
    return {
        "panel": panel, "iri": iri, "label": rows[0]["label"],
        "aliases": sorted({r["alias"] for r in rows if r["alias"]}),
        "types": list(dict.fromkeys((r["type"], r["typeLabel"]) for r in rows if r["type"])),
        "description": rows[0]["description"], "country": rows[0]["country"],
        "countryLabel": rows[0]["countryLabel"], "wikidata": sorted({r["wikidata"] for r in rows if r["wikidata"]}),
    }


def co_participants(rows: list[dict]) -> list[FactRow]:
    """Other participants, most shared events first, each with its events and quotes."""
    others: dict[str, FactRow] = {}
    for fact in group_facts(rows, ("other", "event")):
        o = others.setdefault(fact["other"], FactRow({"other": fact["other"], "otherLabel": fact["otherLabel"],
                                                      "events": []}))
        o.values["events"].append(fact)
        o.quotes += [q for q in fact.quotes if q not in o.quotes]
    return sorted(others.values(), key=lambda o: (-len(o["events"]), o["otherLabel"] or ""))


@bp.route("/entity/<key>")
@render.cached
def entity(key: str):
    iri = rdf.entity_iri(key).value
    head = card(iri)
    if head is None:
        raise Problem(404, f"No entity {key!r} in the graph; search for it at /search?q={key}")
    if any(t == rdf.AKG + "Agreement" for t, _ in head["types"]):
        return redirect(f"/agreement/{key}", code=303)
    asof = asof_param()
    p = panels.run_all({
        "roles": ("entity-roles", {"actor": iri, "asof": asof}),
        "events": ("entity-events", {"actor": iri, "asof": asof}),
        "said": ("entity-statements", {"actor": iri, "asof": asof}),
        "about": ("statements-on", {"topic": iri, "asof": asof}),
        "figures": ("entity-figures", {"actor": iri, "asof": asof}),
        "with": ("entity-co-participants", {"actor": iri, "asof": asof}),
        "sources": ("subject-sources", {"subject": iri, "asof": asof}),
    })
    return render.html(
        "entity.html", title=head["label"], head=head, p=p, asof=asof, key=key,
        roles=group_facts(p["roles"].rows, ("holding", "roleStart", "roleStartLatest", "roleEnd", "roleEndEarliest")), events=group_facts(p["events"].rows, ("event",)),
        said=group_facts(p["said"].rows, ("statement",)), about=group_facts(p["about"].rows, ("statement",)),
        figures=group_facts(p["figures"].rows, ("claim",)), others=co_participants(p["with"].rows),
        sources=by_article(quotes_of(p["sources"].rows)),
        jsonld=jsonld.entity(head, request.url_root), alternates=jsonld.alternates(iri),
        description=head["description"],
    )
