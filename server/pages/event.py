"""Event pages (/event/<key>): date at its precision, place, participants and roles, outcomes, statements, and who reports it.

"Reported by" lists every article whose evidence names the event, with what each says;
when articles give different dates or places, each is shown with its own quotes.
"""
from __future__ import annotations

from flask import request

from kg import rdf
from server.pages import classes, errors, jsonld, panels, render
from server.pages.entity import asof_param
from server.pages.terms import P, by_article, by_property, group_facts, human_date, quotes_of
from server.problems import Problem

bp = errors.blueprint("event", __name__)
# Shown in their own sections, or folded into the date: not repeated in "Other facts".
SHOWN_ELSEWHERE = {P[k] for k in ("participant", "participation", "reportedIn", "datePrecision", "dateLatest",
                                  "startDate", "endDate", "label", "type", "place")}


def date_rows(facts: dict) -> list[dict]:
    """Date, end and place claims of an event, each with its quotes; ``differ`` when articles give several."""
    rows = []
    for prop, name in ((P["startDate"], "Date"), (P["endDate"], "Until"), (P["place"], "Place")):
        values = facts.get(prop, [])
        rows += [{"name": name, "fact": f, "differ": len(values) > 1, "place": prop == P["place"]} for f in values]
    return rows


def title_of(facts: dict, kind: str) -> str:
    labels = [f["value"] for f in facts.get(P["label"], [])]
    if labels:
        return labels[0]
    types = [f["valueLabel"] for f in facts.get(P["type"], []) if f["valueLabel"]]
    dates = [f["value"] for f in facts.get(P["startDate"], [])]
    return " ".join(filter(None, [(types or [kind])[0].capitalize(), dates and "on " + human_date(dates[0])]))


@bp.route("/event/<key>")
@render.cached
def event(key: str):
    iri = rdf.thing_iri("event", key).value
    asof = asof_param()
    p = panels.run_all({
        "about": ("facts-about", {"subject": iri, "asof": asof}),
        "participants": ("event-participants", {"event": iri, "asof": asof}),
        "said_at": ("event-statements", {"event": iri, "asof": asof}),
        "said_about": ("statements-on", {"topic": iri, "asof": asof}),
        "linked": ("facts-pointing-to", {"object": iri, "asof": asof}),
        "reports": ("subject-sources", {"subject": iri, "asof": asof}),
        "classes": ("classes", {}),
    })
    about = p["about"]
    if about.error and "No entity" in about.error:
        raise Problem(404, f"No event {key!r} in the graph; see the timeline at /queries/timeline")
    facts = by_property(about.rows)
    precision = next((f["value"] for f in facts.get(P["datePrecision"], [])), None)
    latest = next((f["value"] for f in facts.get(P["dateLatest"], [])), None)
    participants = group_facts(p["participants"].rows, ("participant",))
    kinds = classes.most_specific(p["classes"].rows)([f["value"] for f in facts.get(P["type"], [])])
    title = title_of(facts, "event")
    places = facts.get(P["place"], [])
    return render.html(
        "event.html", title=title, key=key, kinds=kinds, when_where=date_rows(facts), iri=iri, p=p, facts=facts, asof=asof, precision=precision, latest=latest,
        others={k: v for k, v in facts.items() if k not in SHOWN_ELSEWHERE}, places=places,
        participants=participants, said_at=group_facts(p["said_at"].rows, ("statement",)),
        said_about=group_facts(p["said_about"].rows, ("statement",)),
        linked=[f for f in group_facts(p["linked"].rows, ("subject", "property")) if f["property"] != P["about"]],
        reports=by_article(quotes_of(p["reports"].rows)),
        jsonld=jsonld.event(iri, title, [], (facts.get(P["startDate"]) or [{}])[0].get("value"),
                            {"iri": places[0]["value"], "label": places[0]["valueLabel"]} if places else None,
                            [{"iri": f["participant"], "label": f["participantLabel"]} for f in participants],
                            request.url_root),
        alternates=jsonld.alternates(iri),
    )
