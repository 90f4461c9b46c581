"""Write one JSON line per request to stderr: method, path, status, milliseconds, query hash.

The query text itself is never logged (it may hold data a client considers private);
its hash (server.protocol.query_hash) tells repeated and slow queries apart.

    {"method": "GET", "path": "/sparql", "status": 200, "ms": 3.1, "query": "9f2c1e0b7a64d5e3", "bytes": 812}
"""
from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, g, request

log = logging.getLogger("kg.access")


def register(app: Flask) -> None:
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _log(resp: Response) -> Response:
        started = g.get("started")
        log.info(json.dumps({
            "method": request.method,
            "path": request.path,
            "status": resp.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "query": g.get("query_hash"),
            "bytes": resp.calculate_content_length(),
        }))
        return resp
