"""Static assets under versioned paths: /assets/<content hash>/<file>, cached for a year, never from elsewhere.

The hash in the path is the file's own SHA-256 prefix, so a changed file has a new
URL and a browser never mixes an old stylesheet with a new page. Text assets are sent
gzipped to clients that accept it (the editor's vendored script is 536 KB, 136 KB gzipped),
compressed once per file and release.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import Response, request, send_from_directory

from server.problems import Problem
from server.pages import errors

bp = errors.blueprint("assets", __name__)
STATIC = Path(__file__).resolve().parent.parent / "static"
YEAR = 365 * 24 * 3600
COMPRESSIBLE = (".js", ".css", ".svg", ".txt")


@lru_cache(maxsize=None)
def _version(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def url(name: str) -> str:
    """The versioned URL of static file ``name``.

    >>> url("site.css").startswith("/assets/") and url("site.css").endswith("/site.css")
    True
    """
    return f"/assets/{_version(name)}/{name}"


@lru_cache(maxsize=None)
def _gzipped(name: str) -> bytes:
    return gzip.compress((STATIC / name).read_bytes(), compresslevel=9, mtime=0)


def _media_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("javascript", "svg+xml")) else kind


@bp.route("/assets/<version>/<path:name>")
def asset(version: str, name: str) -> Response:
    path = (STATIC / name).resolve()
    if STATIC not in path.parents or not path.is_file():
        raise Problem(404, f"no asset {name!r}")
    if version != _version(name):
        raise Problem(404, f"{name} has changed; its current URL is {url(name)}")
    if name.endswith(COMPRESSIBLE) and "gzip" in request.headers.get("Accept-Encoding", ""):
        resp = Response(_gzipped(name), content_type=_media_type(name))
        resp.headers["Content-Encoding"] = "gzip"
    else:
        resp = send_from_directory(STATIC, name, max_age=YEAR)
    resp.headers["Vary"] = "Accept-Encoding"
    resp.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return resp
