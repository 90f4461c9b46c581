"""Hand a job to this worker's executors and turn their reply into the HTTP response."""
from __future__ import annotations

from flask import Response, current_app, request

from server import negotiation
from server.evaluate import Job
from server.executor import ExecutorLost, QueryTimeout
from server.problems import Problem

_FAMILIES = {"results": negotiation.RESULTS, "graph": negotiation.GRAPHS}


def respond(job: Job) -> Response:
    """Run ``job`` in an executor process and answer with its bytes, or raise Problem.

    A job that outlives ``KG_QUERY_TIMEOUT`` (``KG_UPDATE_TIMEOUT`` for updates) is
    stopped (its executor killed) and answered 503; every other failure keeps the status the executor chose.
    """
    settings = current_app.config["KG"]
    setting = "update_timeout" if job.kind == "update" else "query_timeout"
    try:
        reply = current_app.extensions["kg_executors"].run(job, settings[setting])
    except QueryTimeout:
        raise Problem(503, f"the {job.kind} was stopped after {settings[setting]:g} s, the server's "
                           f"limit (KG_{setting.upper()}); narrow it, or add a LIMIT") from None
    except ExecutorLost:
        raise Problem(503, f"the process running this {job.kind} died (out of memory?); "
                           f"it has been replaced, try again") from None
    if reply[0] == "ok":
        _, media_type, body = reply
        if media_type is None:
            return Response(status=204)
        return Response(body, content_type=negotiation.charset(media_type))
    if reply[0] == "not-acceptable":
        family = _FAMILIES[reply[1]]
        kind = "SELECT and ASK answers" if reply[1] == "results" else "CONSTRUCT and DESCRIBE answers"
        raise Problem(406, f"cannot answer as {request.headers.get('Accept', '')!r}: {kind} are available "
                           f"as {', '.join(sorted(set(family.values())))}")
    _, status, message, extra = reply
    raise Problem(status, message, **extra)
