"""The overview pages: /timeline (every event by date), /map (events hosted by each ASEAN state), /graph (who met whom).

Each is one saved query run on the server (``events``, ``events-by-host``,
``co-participation``) drawn by server.pages.result_views as an inline SVG, beside the
table of the same numbers. Nothing is fetched from elsewhere: the map's shapes are
bundled (server/pages/data/asean.json).
"""
from __future__ import annotations

from flask import request

from kg.catalogue import ParameterError
from server.api import entity_index
from server.pages import errors, gallery, panels, render, result_views
from server.pages.result_views import ENTITY, Edge, Item
from server.pages.terms import parse_date
from server.problems import Problem

bp = errors.blueprint("overviews", __name__)


def _given(*names: str) -> dict[str, str]:
    return {n: request.args[n].strip() for n in names if request.args.get(n, "").strip()}


def _failed(panel) -> None:
    """A filter the query cannot use is the reader's to fix: 400 with the query's message."""
    if panel.error:
        raise Problem(400, panel.error)


@bp.route("/timeline")
@render.cached
def timeline():
    filters = _given("actor", "type", "from", "to")
    panel = panels.run("events", **filters)
    _failed(panel)
    items = [Item(parse_date(r["date"]), r["label"], r["event"], parse_date(r.get("dateLatest")),
                  r.get("precision")) for r in panel.rows]
    view = result_views.timeline_view(items, "timeline-svg", "Events by date") if items else None
    return render.html("timeline.html", title="Timeline", panel=panel, view=view, filters=filters,
                       types=panels.saved("events").params["type"].values, choices=gallery.choices(panels.saved("events")),
                       description="Every event in the graph by date, with the precision its sources give.")


@bp.route("/map")
@render.cached
def event_map():
    panel = panels.run("events-by-host")
    _failed(panel)
    counts = {r["state"][len(ENTITY):]: r["events"] for r in panel.rows if r["state"].startswith(ENTITY)}
    states = result_views.map_data()["states"]
    view = result_views.map_view({k: v for k, v in counts.items() if k in states}, "map-svg",
                                 "Events hosted by each ASEAN member state", "events")
    elsewhere = [r for r in panel.rows if r["state"][len(ENTITY):] not in states]
    return render.html("map.html", title="Map", panel=panel, view=view, elsewhere=elsewhere,
                       source=result_views.map_data()["source"], licence=result_views.map_data()["licence"],
                       description="Events hosted by each of the eleven ASEAN states, on a map drawn from Natural Earth.")


def _focus(value: str) -> str:
    """The IRI of ``focus``: an entity id (``min-aung-hlaing``), or a label, QID or IRI."""
    if (ENTITY + value) in entity_index().iris:
        return ENTITY + value
    try:
        return entity_index().resolve(value).value
    except ParameterError as exc:
        raise Problem(400, str(exc), candidates=exc.candidates) from None


@bp.route("/graph")
@render.cached
def graph():
    focus = request.args.get("focus", "").strip()
    iri = _focus(focus) if focus else None
    panel = panels.run("co-participation", actor=iri)
    _failed(panel)
    edges = [Edge(r["source"], r["sourceLabel"], r["target"], r["targetLabel"], r["events"]) for r in panel.rows]
    view = result_views.network_view(edges, iri, "graph-svg", "Who took part in events together") if edges else None
    mine = sorted((_neighbour(e, iri) for e in edges if iri in (e.source, e.target)),
                  key=lambda n: (-n["events"], n["label"]))
    label = next((e.source_label if e.source == iri else e.target_label for e in edges if iri in (e.source, e.target)),
                 focus)
    return render.html("graph.html", title=f"Network of {label}" if iri else "Network", panel=panel, view=view,
                       focus=focus, iri=iri, label=label, mine=mine,
                       choices=gallery.choices(panels.saved("co-participation")),
                       description="The co-participation network: who took part in the same events, and how often.")


def _neighbour(edge: Edge, focus: str) -> dict:
    """The other end of an edge of ``focus``, with the id its own network page takes."""
    other, label = (edge.target, edge.target_label) if edge.source == focus else (edge.source, edge.source_label)
    return {"iri": other, "label": label, "events": edge.weight,
            "focus": other[len(ENTITY):] if other.startswith(ENTITY) else other}
