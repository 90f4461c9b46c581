"""Take the README's screenshots from a running server: python docs/screenshots/take.py http://127.0.0.1:5000"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).resolve().parent


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
        # An entity, with one fact opened to its quotes.
        page.goto(base + "/entity/hun-sen")
        page.locator("#events tr[data-fact] details").nth(1).evaluate("d => d.open = true")
        page.locator("#events").scroll_into_view_if_needed()
        page.screenshot(path=str(HERE / "entity.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 1000},
                        full_page=True)
        # An article with its evidence spans highlighted.
        page.goto(base + "/article/000-1602361f5c090e7e")
        top = page.locator("#text").bounding_box()["y"] - 20
        page.screenshot(path=str(HERE / "article.png"), clip={"x": 0, "y": top, "width": 1280, "height": 900},
                        full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000")
