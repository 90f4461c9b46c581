"""One error shape for every response: {"ok": false, "status", "error", "errors"}."""
from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger("kg.server")


class Problem(HTTPException):
    """An error the client can act on, with extra fields for the JSON body."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, **extra):
        super().__init__(message)
        self.code = status
        self.extra = extra
        self.extra_headers = headers or {}


def problem_response(status: int, message: str, **extra) -> Response:
    body = {"ok": False, "status": status, "error": message, "errors": [message], **extra}
    resp = jsonify(body)
    resp.status_code = status
    return resp


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        resp = problem_response(exc.code or 500, exc.description or exc.name, **getattr(exc, "extra", {}))
        if exc.code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            resp.headers["Allow"] = ", ".join(exc.valid_methods)
        resp.headers.update(getattr(exc, "extra_headers", {}))
        return resp

    from kg.backend import BackendError

    @app.errorhandler(BackendError)
    def _engine(exc: BackendError):  # the remote engine is down, slow or failing (kg.remote)
        return problem_response(exc.status, str(exc))

    @app.errorhandler(Exception)
    def _internal(exc: Exception):
        ident = secrets.token_hex(6)
        log.exception("internal error %s", ident)
        return problem_response(500, f"internal error, logged as {ident}")
