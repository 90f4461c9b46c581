"""Draw a SELECT answer as the views its columns fit: timeline, network, map, bar chart.

Pure functions over a SPARQL JSON answer (``head.vars`` and ``results.bindings``): no
request, no store. ``views(columns, bindings)`` returns zero or more ``View``; each is
an inline SVG (every text escaped, safe to embed; colours are presentation attributes,
so the pages' CSP needs no inline style) with the table of exactly what it draws, for
readers who cannot see the picture.

Which columns fit (the first that fit is used):

- **timeline**: a column of dates (``xsd:date`` or ``xsd:dateTime``) and a name for each
  row: the label of an IRI column (``xLabel`` beside ``x``, or ``label``), else a text
  column. ``dateLatest`` and ``precision`` columns, when present, draw an imprecise date
  as a span and say its precision.
- **network**: two columns of entity IRIs (not places); the edge weight is a numeric
  column's sum when there is one, else the number of rows that join the pair.
- **map**: a place column (``place``, ``country``, ``state``...) that names ASEAN member
  states, or a column of member states only; a state's value is a numeric column's sum,
  else its number of distinct things of the first other IRI column (events), else of rows.
- **bar**: a name column and a numeric column, one bar per row (at most ``MAX_BARS``),
  unless the rows are pairs (a network). Numeric columns named as text offsets or ranks
  (``start``, ``end``, ``position``, ``offset``) are never taken for amounts.

The public API is ``views`` (all that fit), one function per kind over the same input
(``timeline``, ``network``, ``asean_map``, ``bar``; None when the columns do not fit), and
the drawing functions the overview pages call with their own data (``timeline_view`` of
``Item``, ``network_view`` of ``Edge``, ``map_view`` of counts per state id). A page shows a
``View`` with the ``result_view`` macro of templates/result_views.html.

>>> date = {"type": "literal", "value": "2022-01-07", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
>>> [v.kind for v in views(["date", "label"], [{"date": date, "label": {"type": "literal", "value": "Visit"}}])]
['timeline']
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from server.pages import asean_map_svg, charts
from server.pages.asean_map_svg import map_data
from server.pages.terms import human_date, number, page_url, parse_date

__all__ = ["Cell", "View", "Item", "Edge", "views", "timeline", "network", "asean_map", "bar",
           "timeline_view", "network_view", "map_view", "map_data"]
XSD = "http://www.w3.org/2001/XMLSchema#"
DATES = {XSD + "date", XSD + "dateTime"}
NUMBERS = {XSD + t for t in ("integer", "decimal", "int", "long", "double", "float", "nonNegativeInteger")}
ENTITY = "https://w3id.org/aseankg/id/entity/"
PLACE_WORDS = ("place", "country", "state", "location", "host")
NOT_MEASURES = ("start", "end", "position", "offset")  # text offsets and ranks: numbers, not amounts
MAX_BARS, MAX_NODES, MAX_ITEMS = 40, 40, 400
WIDTH = 760


@dataclass(frozen=True)
class Cell:
    """A table cell: its text and, for a thing with a page, where it links."""

    text: str
    href: str | None = None


@dataclass
class View:
    """One view of an answer: its kind, a heading, the SVG and the table of what it draws."""

    kind: str
    title: str
    svg: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    note: str = ""  # what was left out of the picture, if anything (the table keeps every row)


def views(columns: list[str], bindings: list[dict], ident: str = "view") -> list[View]:
    """Every view the columns of this answer fit, in the order timeline, network, map, bar."""
    found = []
    for kind, make in (("timeline", timeline), ("network", network), ("map", asean_map), ("bar", bar)):
        view = make(columns, bindings, f"{ident}-{kind}")
        if view is not None:
            found.append(view)
    return found


# ----------------------------------------------------------------------------- columns


def _of(columns: list[str], bindings: list[dict], test) -> list[str]:
    """The columns whose every value passes ``test`` (and that hold at least one value)."""
    out = []
    for c in columns:
        values = [b[c] for b in bindings if c in b]
        if values and all(test(v) for v in values):
            out.append(c)
    return out


def _is_date(term: dict) -> bool:
    return term.get("type") == "literal" and term.get("datatype") in DATES


def _measures(columns: list[str], bindings: list[dict]) -> list[str]:
    """The numeric columns that are amounts (not evidence offsets or positions)."""
    return [c for c in _of(columns, bindings, _is_number) if c not in NOT_MEASURES]


def _is_number(term: dict) -> bool:
    return term.get("type") == "literal" and term.get("datatype") in NUMBERS


def _is_entity(term: dict) -> bool:
    return term.get("type") == "uri" and term["value"].startswith(ENTITY)


def _is_text(term: dict) -> bool:
    return term.get("type") == "literal" and term.get("datatype") in (None, XSD + "string") or "xml:lang" in term


def _is_place_column(name: str) -> bool:
    return any(word in name.lower() for word in PLACE_WORDS)


def _value(b: dict, c: str | None) -> str | None:
    return b[c]["value"] if c and c in b else None


def _label_column(columns: list[str], iri_column: str) -> str | None:
    if iri_column + "Label" in columns:
        return iri_column + "Label"
    return "label" if "label" in columns else None


def _name(b: dict, iri_column: str | None, label_column: str | None) -> str:
    return _value(b, label_column) or (_value(b, iri_column) or "").rsplit("/", 1)[-1]


def _number(b: dict, c: str) -> float:
    try:
        return float(b[c]["value"]) if c in b else 0.0
    except ValueError:
        return 0.0


def _svg_open(ident: str, width: float, height: float, title: str, desc: str, cls: str) -> list[str]:
    return [f'<svg class="chart {cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
            f'width="{width:g}" height="{height:g}" role="img" aria-labelledby="{ident}-t {ident}-d">',
            f'<title id="{ident}-t">{escape(title)}</title>', f'<desc id="{ident}-d">{escape(desc)}</desc>']


# ----------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Item:
    """One dated thing on a timeline; ``latest`` is the last possible day of an imprecise date."""

    date: dt.date
    label: str
    iri: str | None = None
    latest: dt.date | None = None
    precision: str | None = None


def timeline(columns: list[str], bindings: list[dict], ident: str = "timeline") -> View | None:
    """A timeline of the answer's rows by their first date column, or None if no column fits."""
    dates = _of(columns, bindings, _is_date)
    if not dates:
        return None
    when = "date" if "date" in dates else dates[0]
    iris = [c for c in _of(columns, bindings, lambda t: t.get("type") == "uri") if not _is_place_column(c)]
    iri = iris[0] if iris else None
    label = _label_column(columns, iri) if iri else None
    if label is None and iri is None:
        texts = _of(columns, bindings, _is_text)
        label = texts[0] if texts else None
    if label is None and iri is None:
        return None
    latest = "dateLatest" if "dateLatest" in columns else None
    items: dict[tuple, Item] = {}
    for b in bindings:
        day = parse_date(_value(b, when))
        if day is None:
            continue
        item = Item(day, _name(b, iri, label), _value(b, iri), parse_date(_value(b, latest)), _value(b, "precision"))
        items.setdefault((item.date, item.iri or item.label), item)
    return timeline_view(sorted(items.values(), key=lambda i: (i.date, i.label)), ident) if items else None


def timeline_view(items: list[Item], ident: str = "timeline", title: str = "Timeline") -> View:
    """Draw ``items`` (in date order) on a time axis, each a dot or, when imprecise, a span.

    Items that would overlap go to the next lane down, so every one stays visible.
    """
    shown = items[:MAX_ITEMS]
    first = min(i.date for i in shown)
    last = max(i.latest or i.date for i in shown)
    span = max((last - first).days, 1)
    left, right, lane_h, top = 20, WIDTH - 20, 14, 34

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - first).days / span

    lanes: list[float] = []
    marks = []
    for item in shown:
        x0, x1 = x(item.date), x(item.latest) if item.latest and item.latest > item.date else x(item.date)
        lane = next((n for n, end in enumerate(lanes) if end < x0 - 8), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = max(x1, x0)
        y = top + lane * lane_h
        when = human_date(item.date.isoformat(), item.precision, item.latest.isoformat() if item.latest else None)
        tip = f"<title>{escape(when)}: {escape(item.label)}</title>"
        if x1 - x0 >= 3:
            marks.append(f'<rect class="span" x="{x0:.1f}" y="{y - 4}" width="{x1 - x0:.1f}" height="8" rx="3">{tip}</rect>')
        else:
            marks.append(f'<circle class="dot" cx="{x0:.1f}" cy="{y}" r="4.5">{tip}</circle>')
    height = top + len(lanes) * lane_h + 8
    years = range(first.year, last.year + 2)
    desc = "; ".join(f"{human_date(i.date.isoformat(), i.precision, i.latest.isoformat() if i.latest else None)}: "
                     f"{i.label}" for i in shown)
    out = _svg_open(ident, WIDTH, height, title, desc, "timeline")
    out.append(f'<line class="axis" x1="{left}" y1="22" x2="{right}" y2="22"/>')
    for year in years:
        tick = dt.date(year, 1, 1)
        if first <= tick <= last or year == first.year:
            tx = x(max(tick, first))
            out.append(f'<line class="axis" x1="{tx:.1f}" y1="16" x2="{tx:.1f}" y2="{height - 4}"/>'
                       f'<text x="{tx + 3:.1f}" y="13">{year}</text>')
    out += marks + ["</svg>"]
    rows = [(Cell(human_date(i.date.isoformat(), i.precision, i.latest.isoformat() if i.latest else None)),
             Cell(i.precision or "day"), Cell(i.label, page_url(i.iri))) for i in items]
    note = f"The picture shows the first {MAX_ITEMS} of {len(items)}." if len(items) > MAX_ITEMS else ""
    return View("timeline", title, "\n".join(out), ("date", "precision", "what"), rows, note)


# ----------------------------------------------------------------------------- network


@dataclass(frozen=True)
class Edge:
    """Two things joined ``weight`` times (shared events, rows)."""

    source: str
    source_label: str
    target: str
    target_label: str
    weight: float


def network(columns: list[str], bindings: list[dict], ident: str = "network") -> View | None:
    """A network between the answer's first two entity columns (not places), or None."""
    ends = [c for c in _of(columns, bindings, _is_entity) if not _is_place_column(c)]
    if len(ends) < 2:
        return None
    a, b = ends[:2]
    numeric = _measures(columns, bindings)
    weights: dict[tuple[str, str], float] = {}
    labels: dict[str, str] = {}
    for row in bindings:
        if a not in row or b not in row or row[a]["value"] == row[b]["value"]:
            continue
        pair = tuple(sorted((row[a]["value"], row[b]["value"])))
        labels[row[a]["value"]] = _name(row, a, _label_column(columns, a))
        labels[row[b]["value"]] = _name(row, b, _label_column(columns, b) if b + "Label" in columns else None)
        weights[pair] = weights.get(pair, 0.0) + (_number(row, numeric[0]) if numeric else 1.0)
    if not weights:
        return None
    edges = [Edge(s, labels[s], t, labels[t], w) for (s, t), w in weights.items()]
    return network_view(edges, ident=ident)


def network_view(edges: list[Edge], focus: str | None = None, ident: str = "network",
                 title: str = "Network") -> View:
    """Draw ``edges`` as a circle of nodes (``focus``, if given, in the centre), line width by weight.

    Nodes are ordered by their total weight; past ``MAX_NODES`` the lightest are left out
    of the picture (the table keeps every edge).
    """
    strength: dict[str, float] = {}
    labels: dict[str, str] = {}
    for e in edges:
        for node, label in ((e.source, e.source_label), (e.target, e.target_label)):
            strength[node] = strength.get(node, 0.0) + e.weight
            labels[node] = label
    ranked = sorted(strength, key=lambda n: (n != focus, -strength[n], labels[n]))[:MAX_NODES]
    ring = [n for n in ranked if n != focus]
    height, cx, cy = 560, WIDTH / 2, 280
    radius = 200 if focus else 220
    at = {focus: (cx, cy)} if focus in strength else {}
    for k, node in enumerate(ring):
        angle = 2 * math.pi * k / max(len(ring), 1) - math.pi / 2
        at[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    heaviest = max(e.weight for e in edges) or 1
    drawn = [e for e in edges if e.source in at and e.target in at]
    desc = "; ".join(f"{e.source_label} – {e.target_label}: {number(e.weight)}" for e in drawn)
    out = _svg_open(ident, WIDTH, height, title, desc, "network")
    for e in sorted(drawn, key=lambda e: e.weight):
        (x1, y1), (x2, y2) = at[e.source], at[e.target]
        width = 1 + 4 * e.weight / heaviest
        cls = "edge focus" if focus in (e.source, e.target) else "edge"
        out.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                   f'stroke-width="{width:.1f}"><title>{escape(e.source_label)} – {escape(e.target_label)}: '
                   f'{number(e.weight)}</title></line>')
    for node, (x, y) in at.items():
        anchor = "middle" if node == focus else ("start" if x >= cx else "end")
        dx = 0 if node == focus else (8 if x >= cx else -8)
        dy = -12 if node == focus else 4
        cls = "node focus" if node == focus else "node"
        out.append(f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{9 if node == focus else 6}" '
                   f'data-iri={quoteattr(node)}/>'
                   f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{escape(_clip(labels[node]))}</text>')
    out.append("</svg>")
    rows = [(Cell(e.source_label, page_url(e.source)), Cell(e.target_label, page_url(e.target)), Cell(number(e.weight)))
            for e in sorted(edges, key=lambda e: (-e.weight, e.source_label, e.target_label))]
    note = (f"The picture shows the {MAX_NODES} most connected of {len(strength)}." if len(strength) > MAX_NODES else "")
    return View("network", title, "\n".join(out), ("from", "to", "weight"), rows, note)


def _clip(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# ----------------------------------------------------------------------------- map


def asean_map(columns: list[str], bindings: list[dict], ident: str = "map") -> View | None:
    """A map of the ASEAN states the answer names in one column, or None if no column names one."""
    states = {ENTITY + key for key in map_data()["states"]}
    for c in _of(columns, bindings, lambda t: t.get("type") == "uri"):
        values = {b[c]["value"] for b in bindings if c in b}
        # A place column naming a member state, or a column of nothing but member states.
        if values & states and (_is_place_column(c) or values <= states):
            break
    else:
        return None
    numeric = _measures(columns, bindings)
    things = [t for t in _of(columns, bindings, lambda t: t.get("type") == "uri") if t != c]
    counts: dict[str, float] = {}
    seen: dict[str, set] = {}
    for b in bindings:
        key = _value(b, c) or ""
        if key not in states:
            continue
        state = key[len(ENTITY):]
        if numeric:
            counts[state] = counts.get(state, 0.0) + _number(b, numeric[0])
        else:  # distinct things (events) per state, else distinct rows
            seen.setdefault(state, set()).add(_value(b, things[0]) if things else json.dumps(b, sort_keys=True))
            counts[state] = len(seen[state])
    return map_view(counts, ident=ident, what=numeric[0] if numeric else (things[0] + "s" if things else "rows"))


def map_view(counts: dict[str, float], ident: str = "map", title: str = "Map", what: str = "events") -> View:
    """Shade each of the eleven ASEAN states by its count in ``counts`` (keyed as in map_data)."""
    states = map_data()["states"]
    rows = [(Cell(s["name"], page_url(ENTITY + k)), Cell(number(counts.get(k, 0))))
            for k, s in sorted(states.items(), key=lambda kv: (-counts.get(kv[0], 0), kv[1]["name"]))]
    return View("map", title, asean_map_svg.draw(counts, ident, title, what), ("state", what), rows)


# ----------------------------------------------------------------------------- bar chart


def bar(columns: list[str], bindings: list[dict], ident: str = "bar") -> View | None:
    """One bar per row: a name and the first numeric column; None if the columns do not fit."""
    numeric = _measures(columns, bindings)
    ends = [c for c in _of(columns, bindings, _is_entity) if not _is_place_column(c)]
    if not numeric or len(ends) > 1:  # rows of pairs are a network; one end's name would mislead
        return None
    iris = _of(columns, bindings, lambda t: t.get("type") == "uri")
    iri = iris[0] if iris else None
    label = _label_column(columns, iri) if iri else None
    if label is None:
        texts = [c for c in _of(columns, bindings, _is_text)]
        label = texts[0] if texts else None
    if label is None and iri is None:
        return None
    value = numeric[0]
    rows = [(b, _name(b, iri, label), _number(b, value)) for b in bindings if value in b]
    bars = [charts.Bar(name, v, number(v)) for _, name, v in rows[:MAX_BARS]]
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    svg = charts.bar_chart(ident, f"{value} by {label or iri}", desc, bars)
    table = [(Cell(name, page_url(_value(b, iri))), Cell(number(v))) for b, name, v in rows]
    note = f"The chart shows the first {MAX_BARS} of {len(rows)} rows." if len(rows) > MAX_BARS else ""
    return View("bar", f"{value} by {label or iri}", svg, (label or iri, value), table, note)
