"""Browser fixtures: Debian's chromium driven by Playwright, headless, against `kg serve` over the built corpus.

No browser is downloaded: Playwright launches /usr/bin/chromium (``make test`` installs it
when missing). Every request a page makes is routed through a handler that lets only
127.0.0.1 through and records the rest, so a page that reaches for a CDN fails its test.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@dataclass
class Visit:
    """A page as loaded, with what it did on the way."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make test`, which installs Debian's chromium")
    import playwright.sync_api as playwright  # pinned in requirements.lock: never skipped
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture
def open_page(browser, server):
    """``open_page(path, javascript=True)``: load a page of the live server in a fresh context."""
    contexts = []

    def open_(path: str, javascript: bool = True, width: int = 1280) -> Visit:
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900},
                                      base_url=server.url)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        def route(r):
            host = urlsplit(r.request.url).hostname
            if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                r.continue_()
            else:
                visit.outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
        page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
        page.on("response", lambda r: visit.responses.append(r))
        page.goto(path, wait_until="load")
        return visit

    yield open_
    for c in contexts:
        c.close()
