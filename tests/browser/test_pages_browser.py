"""Every page in a real browser: known answers, no request off the machine, no console errors,
the same content without JavaScript, zero axe-core violations, under 60 KB compressed.
The SPARQL editor (/query, 320 KB with its editor) and share pages: tests/browser/test_query_browser.py.

A full-page screenshot of each page is saved to tests/artifacts/screenshots/ (PNG, to look at).
"""
from __future__ import annotations

import pytest

from tests.browser.checks import assert_local_small_accessible

BUDGET_BYTES = 60_000
# name -> path; None is found by following links from the Hun Sen page.
PAGES = {
    "home": "/",
    "search": "/search?q=Min",
    "entity": "/entity/hun-sen",
    "event": None,
    "agreement": "/agreement/five-point-consensus",
    "statement": None,
    "figures": "/figures",
    "article": "/article/000-1602361f5c090e7e",
    "evidence": None,
    "quality": "/quality",
    "queries": "/queries",
    "saved-query": "/queries/actor-roles?actor=Prak+Sokhonn",
}
STRIP_ENHANCEMENTS = "document.querySelectorAll('[data-js]').forEach(e => e.remove())"


@pytest.fixture(scope="module")
def paths(browser, server) -> dict[str, str]:
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    page.goto("/entity/hun-sen")
    found = dict(PAGES)
    for name, prefix in (("event", "/event/"), ("statement", "/statement/"), ("evidence", "/evidence/")):
        found[name] = page.locator(f"main a[href^='{prefix}']").first.get_attribute("href").split("#")[0]
    context.close()
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_page_works_with_and_without_javascript(open_page, paths, artifacts, name):
    visit = open_page(paths[name])
    page = visit.page
    assert_local_small_accessible(visit, artifacts, name, BUDGET_BYTES)

    page.evaluate(STRIP_ENHANCEMENTS)
    with_js = page.inner_text("main")
    plain = open_page(paths[name], javascript=False)
    assert plain.page.inner_text("main") == with_js
    assert plain.outside == [] and plain.console_errors == []


def test_a_fact_row_opens_to_its_quotes_without_javascript(open_page):
    page = open_page("/entity/hun-sen", javascript=False).page
    details = page.locator("#events tr[data-fact] details").first
    quote = details.locator("li.quote").first
    assert not quote.is_visible()
    details.locator("summary").click()
    assert quote.is_visible()
    assert quote.locator("cite a[href^='/article/']").count() == 1 and "characters" in quote.inner_text()


def test_every_highlighted_span_is_the_article_text_at_its_offsets(open_page):
    page = open_page("/article/003-cccb31c926be307a").page
    report = page.evaluate("""async () => {
        const text = await (await fetch(location.pathname + '.txt')).text();
        const cps = Array.from(text);  // offsets count code points
        const body = document.getElementById('article-body');
        const words = {};
        for (const mark of body.querySelectorAll('mark[data-spans]')) {
            for (const span of mark.dataset.spans.split(' ')) words[span] = (words[span] || '') + mark.textContent;
        }
        const bad = [];
        for (const [span, got] of Object.entries(words)) {
            const [s, e] = span.split('-').map(Number);
            if (cps.slice(s, e).join('') !== got) bad.push(span);
        }
        return {spans: Object.keys(words).length, bad, whole: body.textContent === text};
    }""")
    assert report["spans"] > 50 and report["bad"] == [] and report["whole"]


def test_the_five_provisions_in_order(open_page):
    page = open_page("/agreement/five-point-consensus").page
    positions = page.locator("ol.provisions > li").evaluate_all("els => els.map(e => e.dataset.position)")
    assert positions == ["1", "2", "3", "4", "5"]
    assert page.locator("ol.provisions > li .label").first.inner_text() == "immediate end to violence"


def test_877_and_1443_killed_are_both_shown_with_their_sources(open_page):
    page = open_page("/figures").page
    killed = page.locator("#q-killed")
    assert "Sources disagree" in killed.locator("h3").inner_text()
    table = killed.locator("table").inner_text()
    assert "at least 877" in table and "Radio Free Asia (own figure)" in table
    assert "about 1,443" in table and "Assistance Association for Political Prisoners" in table
    assert killed.locator("svg[role=img] title").text_content() == "Killed, by source"


def test_hun_sens_meeting_on_7_january_2022_is_reported_by_three_articles(open_page):
    page = open_page("/entity/hun-sen").page
    shared = page.locator("#with tr[data-fact]").filter(has=page.locator("a[href='/entity/min-aung-hlaing']"))
    events = set(shared.locator("a[href^='/event/']").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    reporters = set()
    for path in events:
        event = open_page(path).page
        kinds = event.locator("main .lede .kind").all_inner_texts()
        if "meeting" in kinds and "7 January 2022" in event.locator("#when").inner_text():
            reporters |= set(event.locator("#reported-by li.report").evaluate_all(
                "els => els.map(e => e.dataset.article)"))
    assert reporters == {"000-1602361f5c090e7e", "002-ce469ea1af2cc5a4", "003-cccb31c926be307a"}


def test_search_box_takes_a_qid_to_its_entity(open_page):
    page = open_page("/").page
    page.fill("#q-home", "Q57788")
    page.press("#q-home", "Enter")
    page.wait_for_url("**/entity/hun-sen")
    assert page.locator("h1").inner_text() == "Hun Sen"
