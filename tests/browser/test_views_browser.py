"""The gallery, API docs, timeline, map and network in a real browser (same harness as test_pages_browser.py).

No request leaves the machine, no console error, axe-core finds nothing, each page is
under 60 KB over the wire, and the same text shows with JavaScript on and off. The
answers are checked against the query API of the same server.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest
import requests

from tests.browser.checks import assert_local_small_accessible

BUDGET_BYTES = 60_000
PAGES = {
    "gallery": "/queries",
    "gallery-filtered": "/queries?tag=events&q=actor",
    "meetings": "/queries/meetings?actor=Hun+Sen",
    "api-docs": "/api/docs",
    "timeline": "/timeline",
    "map": "/map",
    "graph": "/graph?focus=min-aung-hlaing",
}
ASEAN = 11


@pytest.mark.parametrize("name", list(PAGES))
def test_view_page_is_local_accessible_small_and_the_same_without_javascript(open_page, artifacts, name):
    visit = open_page(PAGES[name])
    page = visit.page
    assert_local_small_accessible(visit, artifacts, f"view-{name}", BUDGET_BYTES)
    with_js = page.inner_text("main")
    plain = open_page(PAGES[name], javascript=False)
    assert plain.page.inner_text("main") == with_js
    assert plain.outside == [] and plain.console_errors == []


def test_meetings_form_submitted_with_hun_sen_shows_the_rows_of_the_api(open_page, server):
    page = open_page("/queries/meetings", javascript=False).page
    assert page.locator("input[name=actor][list=dl-entity]").count() == 1
    assert page.locator("input[name=from][type=date]").count() == 1
    assert page.locator("input[name=to][type=date]").count() == 1
    page.fill("input[name=actor]", "Hun Sen")
    page.click("form.typed button[type=submit]")
    page.wait_for_url("**/queries/meetings?actor=Hun+Sen*")
    shown = page.locator("#answer-table tbody tr").evaluate_all(
        "trs => trs.map(tr => Object.fromEntries([...tr.querySelectorAll('td[data-value]')]"
        ".map(td => [td.dataset.col, td.dataset.value])))")
    api = requests.get(server.url + "/api/queries/meetings", params={"actor": "Hun Sen"}, timeout=30).json()
    assert api and shown == [{k: str(v) for k, v in r.items() if v is not None} for r in api]


def test_a_date_typed_in_the_date_inputs_narrows_the_answer(open_page, server):
    page = open_page("/queries/meetings").page
    page.fill("input[name=actor]", "Min Aung Hlaing")
    page.fill("input[name=from]", "2021-06-01")
    page.fill("input[name=to]", "2021-12-31")
    page.click("form.typed button[type=submit]")
    page.wait_for_url("**from=2021-06-01*")
    dates = page.locator("#answer-table td[data-col=date]").evaluate_all("tds => tds.map(td => td.dataset.value)")
    api = requests.get(server.url + "/api/queries/meetings", timeout=30,
                       params={"actor": "Min Aung Hlaing", "from": "2021-06-01", "to": "2021-12-31"}).json()
    assert dates == [r["date"] for r in api] and dates and all("2021-06-01" <= d <= "2021-12-31" for d in dates)


@pytest.mark.parametrize("field,value", [
    ("actor", 'Hun Sen> } UNION { ?s ?p ?o } #'),
    ("from", '2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) } #'),
    ("to", "2022-01-01' } ; DROP ALL ; #"),
])
def test_an_injection_string_in_any_field_shows_an_error_and_answers_400(open_page, field, value):
    visit = open_page(f"/queries/meetings?{field}={quote(value)}")
    status = next(r.status for r in visit.responses if "/queries/meetings" in r.url)
    assert status == 400
    error = visit.page.locator("#answer p.error")
    expected = "No entity is called" if field == "actor" else f"Parameter '{field}' must be a date YYYY-MM-DD"
    assert error.is_visible() and expected in error.inner_text()
    assert visit.page.locator("#answer-table").count() == 0


def test_timeline_items_are_in_date_order(open_page, server):
    page = open_page("/timeline").page
    dates = page.locator("#events li").evaluate_all("lis => lis.map(li => li.dataset.date)")
    assert len(dates) > 10 and dates == sorted(dates)
    api = requests.get(server.url + "/api/queries/events", timeout=30).json()
    assert dates == [r["date"] for r in api]
    page.select_option("#t-type", "Meeting")
    page.click("form.typed button[type=submit]")
    page.wait_for_url("**type=Meeting*")
    kinds = set(page.locator("#events .kind").all_inner_texts())
    assert kinds and kinds <= {"meeting", "summit", "retreat", "conference"}


def test_map_has_eleven_shapes_whose_counts_match_the_table(open_page):
    page = open_page("/map").page
    shapes = page.locator("svg.map path.state").evaluate_all(
        "ps => Object.fromEntries(ps.map(p => [p.querySelector('title').textContent.split(':')[0], p.dataset.count]))")
    assert len(shapes) == ASEAN
    table = page.locator("#map-table tbody tr").evaluate_all(
        "trs => Object.fromEntries(trs.map(tr => [tr.cells[0].innerText.trim(), tr.cells[1].innerText.trim()]))")
    assert shapes == table
    assert int(shapes["Myanmar"]) > 0
    box = page.locator("svg.map").bounding_box()
    assert box["width"] > 600 and box["height"] > 400


def test_min_aung_hlaings_network_has_hun_sen_and_shoigu_with_the_co_participants_counts(open_page, server):
    page = open_page("/graph?focus=min-aung-hlaing").page
    labels = set(page.locator("svg.network text").all_text_contents())
    assert {"Min Aung Hlaing", "Hun Sen", "Sergei Shoigu"} <= labels
    shown = page.locator("#neighbours-table tbody tr").evaluate_all(
        "trs => Object.fromEntries(trs.map(tr => [tr.dataset.other, Number(tr.querySelector('[data-events]').dataset.events)]))")
    api = requests.get(server.url + "/api/queries/co-participants", params={"actor": "Min Aung Hlaing"}, timeout=30).json()
    assert shown == {r["other"]: r["events"] for r in api}
    for who in ("hun-sen", "sergei-shoigu"):
        assert shown[f"https://w3id.org/aseankg/id/entity/{who}"] >= 1
    page.click("#neighbours-table a[aria-label='Network of Hun Sen']")
    page.wait_for_url("**/graph?focus=hun-sen")
    assert page.locator("h1").inner_text() == "Network of Hun Sen"
