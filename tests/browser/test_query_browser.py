"""The SPARQL editor (/query) and share pages (/q/...) in a real browser.

Nothing leaves the machine (prefix.cc and LOV are never asked), completions come from
/api/complete, Ctrl+Enter fills the table, a share link reloads the identical query and
notes a changed graph after an ingest, and the form works with JavaScript off.
"""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kg.store import EmbeddedStore
from tests.conftest import LiveServer, run_kg

EDITOR_BUDGET = 320_000  # bytes, gzip of everything /query loads
PAGE_BUDGET = 60_000
HUN_SEN = "https://w3id.org/aseankg/id/entity/hun-sen"
ARTICLES = "PREFIX schema: <http://schema.org/>\nSELECT ?a WHERE { ?a a schema:NewsArticle } ORDER BY ?a"
PEOPLE = ("PREFIX akg: <https://w3id.org/aseankg/ontology#>\n"
          "SELECT ?person WHERE { ?person a akg:Person } ORDER BY ?person LIMIT 5")
STORY = """Thai Foreign Minister Maris Sangiampongsa met junta chief Min Aung Hlaing in Naypyitaw on Monday.

Maris said Thailand supports the five-point consensus and called for an end to violence.
"""
STRIP_ENHANCEMENTS = "document.querySelectorAll('[data-js]').forEach(e => e.remove())"


def editor(visit):
    """Wait for the YASGUI editor to be up and return the page."""
    page = visit.page
    page.wait_for_selector(".CodeMirror")
    return page


def set_query(page, text: str, cursor_at_end: bool = True) -> None:
    page.evaluate("t => { kgEditor.setValue(t); kgEditor.focus(); kgEditor.setCursor(kgEditor.lineCount(), 0); }", text)


def hints(page) -> list[str]:
    page.wait_for_selector(".CodeMirror-hints li")
    return page.locator(".CodeMirror-hints li").evaluate_all("els => els.map(e => e.firstChild.textContent)")


def complete_requests(visit) -> list[str]:
    return [r.url for r in visit.responses if "/api/complete" in r.url]


def test_editor_loads_only_from_this_server_within_budget_and_axe_clean(open_page, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page("/query")
    page = editor(visit)
    page.screenshot(path=str(artifacts / "query.png"), full_page=True)
    assert visit.outside == [], f"requests left the machine: {visit.outside}"
    assert visit.console_errors == [], visit.console_errors
    loaded = sum(len(gzip.compress(r.body())) for r in visit.responses)
    assert loaded < EDITOR_BUDGET, f"/query loads {loaded} bytes gzipped"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.evaluate(STRIP_ENHANCEMENTS)
    plain = open_page("/query", javascript=False)
    assert plain.page.inner_text("main") == page.inner_text("main")


def test_completion_offers_ontology_classes_after_s_a(open_page):
    visit = open_page("/query")
    page = editor(visit)
    set_query(page, "PREFIX akg: <https://w3id.org/aseankg/ontology#>\nSELECT * WHERE {\n  ?s a ")
    page.keyboard.press("Control+Space")
    offered = hints(page)
    assert "akg:Meeting" in offered and "akg:Person" in offered
    page.locator(".CodeMirror-hints li", has_text="akg:Meeting").click()
    assert page.evaluate("kgEditor.getValue()").endswith("?s a akg:Meeting")
    assert complete_requests(visit) and all(urlsplit(u).hostname == "127.0.0.1" for u in complete_requests(visit))
    assert visit.outside == [] and visit.console_errors == []


def test_completion_offers_hun_sens_iri_after_a_quote(open_page):
    visit = open_page("/query")
    page = editor(visit)
    set_query(page, "SELECT * WHERE {\n  ?event ?p ")
    page.keyboard.type('"Hun')
    page.keyboard.press("Control+Space")
    assert f"<{HUN_SEN}>" in hints(page)
    page.locator(".CodeMirror-hints li", has_text=HUN_SEN).click()
    assert page.evaluate("kgEditor.getValue()") == f"SELECT * WHERE {{\n  ?event ?p <{HUN_SEN}>"
    assert visit.outside == [] and visit.console_errors == []


def test_ctrl_enter_fills_a_table_whose_first_row_links_to_an_entity_page(open_page):
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page("/query")
    page = editor(visit)
    set_query(page, PEOPLE)
    page.keyboard.press("Control+Enter")
    first = page.locator("#answer tbody tr").first.locator("a")
    first.wait_for()
    assert page.url.endswith("/query")  # filled in place, not by loading a page
    assert page.locator("[role=status]").inner_text() == "Answer: 5 rows"
    assert Axe().run(page).violations_count == 0  # with the answer in place
    href, label = first.get_attribute("href"), first.inner_text()
    assert href.startswith("/entity/") and label != first.get_attribute("title")  # a label, not the IRI
    first.click()
    page.wait_for_url("**" + href)
    assert page.locator("main h1").inner_text() == label
    assert visit.outside == [] and visit.console_errors == []


def test_a_syntax_error_shows_its_line_and_column_in_the_editor(open_page):
    page = editor(open_page("/query"))
    set_query(page, "SELECT ?x WHERE {\n  ?x ?y }")
    page.keyboard.press("Control+Enter")
    error = page.locator("#query-error")
    error.wait_for()
    assert error.inner_text().startswith("Line 2, column ")
    assert page.locator(".CodeMirror .error-line").count() == 1


def test_without_javascript_the_form_posts_and_the_server_renders_the_table(open_page):
    visit = open_page("/query", javascript=False)
    page = visit.page
    page.fill("textarea#query", PEOPLE)
    with page.expect_navigation() as nav:
        page.click("#run")
    assert nav.value.status == 200 and nav.value.request.method == "POST"
    rows = page.locator("#answer tbody tr")
    assert rows.count() == 5
    assert rows.first.locator("a").get_attribute("href").startswith("/entity/")
    assert page.input_value("textarea#query") == PEOPLE
    assert visit.outside == [] and visit.console_errors == []


@pytest.mark.parametrize("field", ["query", "default-graph-uri", "named-graph-uri"])
def test_an_injection_string_gives_an_error_message_and_400(open_page, field):
    visit = open_page("/query", javascript=False)
    page = visit.page
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.message))
    page.locator("details.dataset summary").click()
    if field != "query":
        page.fill("textarea#query", ARTICLES)
    injection = "<script>alert(1)</script>\"'; DROP TABLE share; --"
    page.fill(f"textarea#{field}", injection)
    with page.expect_navigation() as nav:
        page.click("#run")
    assert nav.value.status == 400
    message = page.locator("#query-error").inner_text()
    assert ("does not parse" if field == "query" else f"{field} must hold graph IRIs") in message
    assert page.input_value(f"textarea#{field}") == injection  # the form comes back as sent, to fix
    assert dialogs == []


def test_download_buttons_give_the_whole_answer_as_a_file(open_page, tmp_path):
    page = editor(open_page("/query"))
    set_query(page, ARTICLES)
    with page.expect_download() as download:
        page.click("button[formaction='/query/download'][value=csv]")
    path = tmp_path / "answer.csv"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".csv")
    assert len(path.read_text().splitlines()) == 7  # header and the six articles


def test_a_share_link_reloads_the_identical_query(open_page, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    query = ARTICLES + "\n# “Five-Point Consensus”, 'quoted' and <angled>"
    visit = open_page("/query")
    page = editor(visit)
    set_query(page, query)
    with page.expect_navigation():
        page.click("#share")
    assert "/q/" in page.url
    shared = open_page(urlsplit(page.url).path)
    share_page = shared.page
    share_page.screenshot(path=str(artifacts / "share.png"), full_page=True)
    assert share_page.locator("#shared-text").inner_text() == query
    assert share_page.locator("#unchanged").count() == 1
    assert share_page.locator("#answer-now tbody tr").count() == 6
    sent = sum(r.request.sizes()["responseBodySize"] for r in shared.responses)
    assert sent < PAGE_BUDGET, f"the share page sent {sent} bytes"
    assert not any("vendor/" in r.url for r in shared.responses)  # the editor loads only on /query
    assert Axe().run(share_page).violations_count == 0
    share_page.click("#open-in-editor")
    share_page.wait_for_selector(".CodeMirror")
    assert share_page.evaluate("kgEditor.getValue()") == query
    assert shared.outside == [] and shared.console_errors == []


@pytest.fixture()
def live_copy(built_store, tmp_path):
    """`kg serve` over a private copy of the built store, for a test that ingests into it."""
    EmbeddedStore(built_store).snapshot().backup(str(tmp_path / "seed"))
    (tmp_path / "store.versions").mkdir()
    shutil.move(str(tmp_path / "seed"), tmp_path / "store.versions" / "00000000T000000000000Z-seed")
    (tmp_path / "store").symlink_to("store.versions/00000000T000000000000Z-seed")
    live = LiveServer(tmp_path / "store")
    yield live, tmp_path / "store"
    live.stop()


def test_after_an_ingest_a_share_link_notes_the_change_with_counts_then_and_now(browser, live_copy, tmp_path):
    live, store = live_copy
    context = browser.new_context(base_url=live.url)
    try:
        outside = []

        def route(r):
            if urlsplit(r.request.url).hostname == "127.0.0.1":
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto("/query")
        page.wait_for_selector(".CodeMirror")
        set_query(page, ARTICLES)
        with page.expect_navigation():
            page.click("#share")
        share_url = page.url
        assert page.locator("#unchanged").count() == 1 and page.locator("#answer-now tbody tr").count() == 6
        story = Path(tmp_path / "thai-visit.txt")
        story.write_text(STORY, encoding="utf-8")
        run_kg("ingest", str(story), "--published", "2024-12-16", "--outlet", "Bangkok Post", store=store)
        page.goto(share_url)
        note = page.locator("#changed").inner_text()
        assert "has changed" in note and "6 rows then and has 7 now" in note
        assert page.locator("#shared-text").inner_text() == ARTICLES
        assert page.locator("#answer-now tbody tr").count() == 7
        assert outside == []
    finally:
        context.close()
