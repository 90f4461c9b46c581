"""Answer a page: ETag by store version (304 on repeat), gzip, a strict CSP, Server-Timing.

A page depends only on the store version, the code and templates of this release, and
the request (path, query string, negotiated type and encoding). So its ETag is a hash
of those, computed before any query runs: a repeat request is a 304 that costs nothing,
and the bytes of a page once rendered are kept under its ETag for the next reader.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import Response, current_app, g, render_template, request

from server.pages import warm

HERE = Path(__file__).resolve().parent
SERVER = HERE.parent
# Everything that shapes a page's bytes besides the store: page code and data, templates, assets.
_SOURCES = sorted([*HERE.glob("*.py"), *(HERE / "data").rglob("*"), *(SERVER / "templates").rglob("*"),
                   *(SERVER / "static").rglob("*")])
RELEASE = hashlib.sha256(b"".join(p.read_bytes() for p in _SOURCES if p.is_file())).hexdigest()[:12]

# Nothing leaves the machine: every fetch a page can make is to this server.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
GZIP_MIN_BYTES = 1024
KEEP_PAGES = 256  # rendered pages kept per worker, by ETag (a few MB)
_pages_lock = threading.Lock()


def store_version() -> str:
    return current_app.extensions["kg_store"].version() or "none"


def _etag(variant: str) -> str:
    parts = [store_version(), RELEASE, request.path, request.query_string.decode("latin-1"), variant]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _wants_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def cached(view=None, *, variant=None):
    """Wrap a page view: 304 when the client holds this version, else run it and finish the response.

    ``variant`` is a callable naming the negotiated representation (for views that
    answer HTML or RDF at one URL), so each representation has its own ETag.
    """
    if view is None:
        return functools.partial(cached, variant=variant)

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        warm.maybe_warm(current_app._get_current_object())
        chosen = variant() if variant else "html"
        etag = _etag(f"{chosen};{'gzip' if _wants_gzip() else 'identity'}")
        if request.if_none_match.contains(etag):
            resp = Response(status=304)
        elif (kept := _kept(etag)) is not None:
            resp = kept
        else:
            resp = view(*args, **kwargs)
            if not isinstance(resp, Response):
                resp = Response(resp, content_type="text/html; charset=utf-8")
            if resp.status_code != 200:
                return finish(resp, began)
            _compress(resp)
            _keep(etag, resp)
        resp.set_etag(etag)
        resp.headers["Cache-Control"] = "no-cache"
        resp.headers["Vary"] = "Accept, Accept-Encoding"
        resp.headers["X-KG-Store-Version"] = store_version()
        return finish(resp, began)

    return wrapper


def _kept(etag: str) -> Response | None:
    """A copy of the page answered before under this ETag (same store version, code and request)."""
    pages = current_app.extensions.get("kg_page_html")
    with _pages_lock:
        if pages is None or etag not in pages:
            return None
        pages.move_to_end(etag)
        body, headers = pages[etag]
    return Response(body, headers=headers)


def _keep(etag: str, resp: Response) -> None:
    if resp.direct_passthrough:
        return
    pages = current_app.extensions.setdefault("kg_page_html", OrderedDict())
    with _pages_lock:
        pages[etag] = (resp.get_data(), list(resp.headers.items()))
        while len(pages) > KEEP_PAGES:
            pages.popitem(last=False)


def _compress(resp: Response) -> None:
    if resp.direct_passthrough or not _wants_gzip() or "Content-Encoding" in resp.headers:
        return
    body = resp.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return
    resp.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    resp.headers["Content-Encoding"] = "gzip"


def finish(resp: Response, began: float) -> Response:
    """Add the headers every page response carries."""
    if resp.mimetype == "text/html":
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "same-origin"
    total = (time.perf_counter() - began) * 1000
    queries = getattr(g, "kg_query_seconds", 0.0) * 1000
    resp.headers["Server-Timing"] = f"queries;dur={queries:.1f}, total;dur={total:.1f}"
    return resp


def html(template: str, **context) -> Response:
    """Render a page template with the context every page has."""
    body = render_template(template, store_version=store_version(), release=RELEASE, **context)
    return Response(body, content_type="text/html; charset=utf-8")
