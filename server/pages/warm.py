"""Compute the sections of the site-wide pages (home, figures, quality) once per store version, in the background.

Those pages read the whole graph (every claim, every span, every single-source fact), so
their first render after a build costs a few hundred milliseconds of query time. The
first request that sees a new store version starts one thread that runs their panels
into the panel cache; every later reader gets them from it. Pages about one thing
(an entity, an event, an article) are cheap enough to compute when asked.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask

from server.pages import panels

SITE_WIDE = {
    "dataset": ("dataset", {}), "claims": ("figure-claims", {}), "recent": ("recent-events", {}),
    "selectors": ("evidence-selectors", {}), "articles": ("articles", {}), "unlinked": ("unlinked-entities", {}),
    "single": ("single-source-facts", {}), "classes": ("classes", {}),
}
_lock = threading.Lock()
log = logging.getLogger("kg.server")


def _warm(app: Flask) -> None:
    # Best effort: a failure here (the worker exiting, its executors closed) only means
    # the first reader computes these sections; it is logged, never raised.
    try:
        with app.app_context():
            done = panels.run_all(SITE_WIDE)
            texts = {a["article"]: ("article-text", {"article": a["article"]}) for a in done["articles"].rows}
            panels.run_all(texts)
    except Exception as exc:  # noqa: BLE001 - a background thread has no caller to raise to
        log.warning("warming the site-wide page sections failed: %s", exc)


def maybe_warm(app: Flask) -> None:
    """Start warming if this process has not yet warmed the current store version."""
    version = app.extensions["kg_store"].version()
    if version is None or app.extensions.get("kg_page_warmed") == version:
        return
    with _lock:
        if app.extensions.get("kg_page_warmed") == version:
            return
        app.extensions["kg_page_warmed"] = version
    threading.Thread(target=_warm, args=(app,), name="kg-page-warm", daemon=True).start()
