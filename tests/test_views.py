"""Result views (server/pages/result_views.py) and the overview pages /timeline, /map, /graph over the built corpus.

The views are fed real answers of the saved queries (SPARQL JSON from the API); the pages
are checked against the API's answers to the queries they run and to independent ones
(``co-participants`` for the network, ``events`` for the map's counts).
"""
from __future__ import annotations

import gzip
from xml.etree import ElementTree

import pytest

from tests.html_tree import text, tree

from server import create_app
from server.pages import result_views
from server.pages.terms import human_date

HTML = {"Accept": "text/html"}
SVG = "http://www.w3.org/2000/svg"
ENTITY = "https://w3id.org/aseankg/id/entity/"
ASEAN = {"brunei", "cambodia", "indonesia", "laos", "malaysia", "myanmar", "philippines", "singapore", "thailand",
         "timor-leste", "vietnam"}


@pytest.fixture(scope="module")
def client(built_store):
    app = create_app({"store": str(built_store)})
    yield app.test_client()
    app.extensions["kg_executors"].close()


def sparql_json(client, name: str, **params) -> dict:
    resp = client.get(f"/api/queries/{name}", query_string={**params, "format": "sparql-json"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def rows(client, name: str, **params) -> list[dict]:
    resp = client.get(f"/api/queries/{name}", query_string=params)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def page(client, path: str):
    resp = client.get(path, headers=HTML)
    assert resp.status_code == 200, (path, resp.status_code, resp.get_data(as_text=True)[:400])
    return tree(resp)


def by_id(root, ident: str):
    return next(el for el in root.iter() if el.get("id") == ident)


def svg_in(root, tag: str = "svg") -> list:
    """Elements of inline SVG in a parsed page (html5lib puts them in the SVG namespace)."""
    return [el for el in root.iter() if el.tag == f"{{{SVG}}}{tag}"]


def table_rows(table) -> list[list[str]]:
    return [[text(td).strip() for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")]


def svg_of(view, tag: str) -> list:
    """The elements named ``tag`` of a view's SVG (parsed as XML: it must be well-formed)."""
    return [el for el in ElementTree.fromstring(view.svg).iter() if el.tag == f"{{{SVG}}}{tag}"]


# ------------------------------------------------------------------------- the new saved queries


def test_events_are_in_date_order_and_filter_by_actor_and_type(client):
    every = rows(client, "events")
    assert [r["date"] for r in every] == sorted(r["date"] for r in every)
    assert len({r["event"] for r in every}) == len(every)  # one row per event
    assert {r["precision"] for r in every} <= {"day", "week", "month", "year", None}
    his = rows(client, "events", actor="Min Aung Hlaing")
    meetings = rows(client, "meetings", actor="Min Aung Hlaing")
    assert {r["event"] for r in meetings} <= {r["event"] for r in his} < {r["event"] for r in every}
    typed = rows(client, "events", type="Meeting")
    assert typed and {r["kind"] for r in typed} <= {"meeting", "summit", "retreat", "conference"}
    assert {r["event"] for r in typed} == {r["event"] for r in rows(client, "meetings")}
    both = rows(client, "events", actor="Hun Sen", type="Meeting")
    assert [r["label"] for r in both] == ["Hun Sen meets Min Aung Hlaing"]


def test_events_by_host_counts_cities_for_their_country(client):
    hosts = {r["stateLabel"]: r["events"] for r in rows(client, "events-by-host")}
    assert hosts["Laos"] >= 1  # the Luang Prabang retreat
    assert hosts["Indonesia"] >= 1  # the Jakarta summit
    assert hosts["Myanmar"] == max(hosts.values())


def test_co_participation_around_an_actor_agrees_with_co_participants(client):
    mah = ENTITY + "min-aung-hlaing"
    pairs = rows(client, "co-participation", actor="Min Aung Hlaing")
    own = {(p["target"] if p["source"] == mah else p["source"]): p["events"] for p in pairs if mah in (p["source"], p["target"])}
    assert own == {r["other"]: r["events"] for r in rows(client, "co-participants", actor="Min Aung Hlaing")}
    everyone = {(p["source"], p["target"]) for p in rows(client, "co-participation")}
    assert {(p["source"], p["target"]) for p in pairs} < everyone


# ------------------------------------------------------------------------- result views, pure


def test_views_of_meetings_are_a_timeline_in_date_order_and_a_map(client):
    body = sparql_json(client, "meetings", actor="Min Aung Hlaing")
    views = result_views.views(body["head"]["vars"], body["results"]["bindings"])
    assert [v.kind for v in views] == ["timeline", "map"]
    timeline = views[0]
    events = {r["event"]: r["date"] for r in rows(client, "meetings", actor="Min Aung Hlaing")}
    assert len(timeline.rows) == len(events)  # one item per meeting, not per participant
    assert len(svg_of(timeline, "circle") + svg_of(timeline, "rect")) == len(events)
    assert 'role="img"' in timeline.svg and "<title" in timeline.svg
    assert [row[0].text for row in timeline.rows] == [human_date(d) for d in sorted(events.values())]


def test_a_network_view_weighs_each_pair_by_its_events(client):
    body = sparql_json(client, "co-participation", actor="Min Aung Hlaing")
    (view,) = result_views.views(body["head"]["vars"], body["results"]["bindings"])
    assert view.kind == "network"
    expected = {(r["sourceLabel"], r["targetLabel"]): r["events"]
                for r in rows(client, "co-participation", actor="Min Aung Hlaing")}
    assert {(a.text, b.text): float(n.text) for a, b, n in view.rows} == expected
    lines = [el for el in svg_of(view, "line") if "edge" in (el.get("class") or "")]
    assert len(lines) == len(expected)


def test_a_map_view_counts_each_state_and_draws_all_eleven(client):
    body = sparql_json(client, "events-by-host")
    views = result_views.views(body["head"]["vars"], body["results"]["bindings"])
    view = next(v for v in views if v.kind == "map")
    paths = svg_of(view, "path")
    assert {p.get("data-state") for p in paths} == ASEAN
    hosts = {r["state"][len(ENTITY):]: r["events"] for r in rows(client, "events-by-host")}
    assert {p.get("data-state"): int(p.get("data-count")) for p in paths} == {s: hosts.get(s, 0) for s in ASEAN}


def test_a_bar_view_has_one_bar_per_row(client):
    body = sparql_json(client, "co-participants", actor="Min Aung Hlaing")
    (view,) = result_views.views(body["head"]["vars"], body["results"]["bindings"])
    assert view.kind == "bar"
    answer = rows(client, "co-participants", actor="Min Aung Hlaing")
    assert [(a.text, b.text) for a, b in view.rows] == [(r["otherLabel"], str(r["events"])) for r in answer]
    assert view.svg.count('class="bar') == len(answer)


def test_columns_that_fit_nothing_give_no_view():
    assert result_views.views(["x"], [{"x": {"type": "literal", "value": "a"}}]) == []
    assert result_views.views(["x", "y"], []) == []


def test_every_text_in_a_view_is_escaped():
    hostile = "<script>alert(1)</script>"
    date = {"type": "literal", "value": "2022-01-07", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    (view,) = result_views.views(["date", "label"], [{"date": date, "label": {"type": "literal", "value": hostile}}])
    assert hostile not in view.svg and "&lt;script&gt;" in view.svg


# ------------------------------------------------------------------------- the pages


def test_timeline_lists_every_event_in_date_order_with_its_precision(client):
    root = page(client, "/timeline")
    items = [li for li in by_id(root, "events").iter("li")]
    every = rows(client, "events")
    assert [li.get("data-event") for li in items] == [r["event"] for r in every]
    dates = [li.get("data-date") for li in items]
    assert dates == sorted(dates)
    precisions = {text(s) for s in root.iter("span") if s.get("class") == "precision"}
    assert {"dated to the day", "dated to the month", "dated to the year"} <= precisions
    assert len(svg_in(root)) == 1 and len(svg_in(root, "circle") + svg_in(root, "rect")) == len(every)


def test_timeline_filters_by_actor_and_type(client):
    root = page(client, "/timeline?actor=Hun+Sen&type=Meeting")
    assert [text(a) for li in by_id(root, "events").iter("li") for a in li.iter("a")
            if a.get("href", "").startswith("/event/")] == ["Hun Sen meets Min Aung Hlaing"]
    resp = client.get("/timeline?actor=Nobody+Atall", headers=HTML)
    assert resp.status_code == 400 and "No entity is called" in resp.get_data(as_text=True)
    assert client.get("/timeline?from=2021-13-45", headers=HTML).status_code == 400


def test_map_has_eleven_states_whose_counts_match_its_table_and_the_query(client):
    root = page(client, "/map")
    shapes = {p.get("data-state"): int(p.get("data-count")) for p in svg_in(root, "path")}
    assert set(shapes) == ASEAN
    names = {s["name"]: k for k, s in result_views.map_data()["states"].items()}
    table = {names[name]: int(n) for name, n in table_rows(by_id(root, "map-table"))}
    assert table == shapes
    hosts = {r["state"][len(ENTITY):]: r["events"] for r in rows(client, "events-by-host")}
    assert shapes == {s: hosts.get(s, 0) for s in ASEAN}
    assert shapes["myanmar"] > 0 and shapes["laos"] > 0
    assert "Russia" in text(by_id(root, "elsewhere"))


def test_min_aung_hlaings_network_has_hun_sen_and_shoigu_with_the_co_participants_counts(client):
    root = page(client, "/graph?focus=min-aung-hlaing")
    assert text(root.find(".//h1")) == "Network of Min Aung Hlaing"
    shown = {tr.get("data-other"): int(td.get("data-events")) for tr in by_id(root, "neighbours-table").iter("tr")
             for td in tr.iter("td") if td.get("data-events")}
    expected = {r["other"]: r["events"] for r in rows(client, "co-participants", actor="Min Aung Hlaing")}
    assert shown == expected
    assert {ENTITY + "hun-sen", ENTITY + "sergei-shoigu"} <= set(shown)
    labels = {text(t) for t in svg_in(root, "text")}
    assert {"Min Aung Hlaing", "Hun Sen", "Sergei Shoigu"} <= labels
    pairs = table_rows(by_id(root, "pairs-table"))
    assert ["Min Aung Hlaing", "Sergei Shoigu", str(expected[ENTITY + "sergei-shoigu"])] in pairs


def test_graph_takes_a_label_and_refuses_an_unknown_actor(client):
    root = page(client, "/graph?focus=Hun+Sen")
    assert text(root.find(".//h1")) == "Network of Hun Sen"
    resp = client.get("/graph?focus=Nobody+Atall", headers=HTML)
    assert resp.status_code == 400 and "No entity is called" in resp.get_data(as_text=True)
    whole = page(client, "/graph")
    assert len(table_rows(by_id(whole, "pairs-table"))) == len(rows(client, "co-participation"))


@pytest.mark.parametrize("path", ["/timeline", "/map", "/graph", "/graph?focus=min-aung-hlaing"])
def test_overview_pages_are_under_60_kb_compressed_and_cached(client, path):
    resp = client.get(path, headers={**HTML, "Accept-Encoding": "gzip"})
    assert resp.status_code == 200 and len(resp.get_data()) < 60_000
    assert b"</html>" in gzip.decompress(resp.get_data())
    again = client.get(path, headers={**HTML, "Accept-Encoding": "gzip", "If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304
