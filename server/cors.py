"""Let browser pages on other origins read the endpoint (CORS), as YASGUI and similar tools need.

Reads only: /sparql (GET and POST of queries), /store, /void, /health. /update never
gets CORS headers, so a page cannot make a visitor's browser send updates. Origins
come from KG_CORS_ORIGINS (``*`` by default; empty turns CORS off).
"""
from __future__ import annotations

from flask import Flask, Response, request

READ_PATHS = frozenset({"/sparql", "/store", "/void", "/.well-known/void", "/health"})


def register(app: Flask) -> None:
    origins = tuple(app.config["KG"]["cors_origins"])

    @app.after_request
    def _cors(resp: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origins or origin is None or request.path not in READ_PATHS:
            return resp
        if "*" in origins:
            resp.headers["Access-Control-Allow-Origin"] = "*"
        elif origin in origins:
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.vary.add("Origin")
        else:
            return resp
        if request.method == "OPTIONS":  # a preflight: say what the real request may do
            resp.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            resp.headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", "Accept, Content-Type")
            resp.headers["Access-Control-Max-Age"] = "86400"
        return resp
