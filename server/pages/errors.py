"""Errors on pages: the house error shape as JSON when asked, an HTML page that names the next step otherwise."""
from __future__ import annotations

import logging
import secrets

from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import HTTPException

from server.problems import problem_response

log = logging.getLogger("kg.server")


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "application/ld+json"])
    return best in ("application/json", "application/ld+json")


def render_problem(exc: Exception) -> Response:
    """Answer ``exc`` raised by a page view: 4xx with its message, 500 with a log id only."""
    if isinstance(exc, HTTPException):
        status, message, extra = exc.code or 500, exc.description or exc.name, getattr(exc, "extra", {})
    else:
        ident = secrets.token_hex(6)
        log.exception("internal error %s", ident)
        status, message, extra = 500, f"internal error, logged as {ident}", {}
    if _wants_json():
        return problem_response(status, message, **extra)
    body = render_template("problem.html", status=status, message=message,
                           candidates=extra.get("candidates", []), title=f"{status} error")
    resp = Response(body, status=status, content_type="text/html; charset=utf-8")
    for name, value in getattr(exc, "extra_headers", {}).items():
        resp.headers[name] = value
    return resp


def blueprint(name: str, import_name: str) -> Blueprint:
    """A page blueprint whose errors answer as render_problem does (set up once, at import)."""
    bp = Blueprint(name, import_name)
    bp.register_error_handler(Exception, render_problem)
    return bp
