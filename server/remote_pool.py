"""Answer jobs from a remote SPARQL engine: the ExecutorPool's interface, with kg.remote doing the work.

With ``KG_BACKEND=sparql`` there is no SPARQL to run in this process, only HTTP calls
with a timeout, so no executor processes are needed: ``run(job, timeout)`` sends the
job to the engine and returns the same replies as server.evaluate's Evaluator.
Answers are parsed and written again by pyoxigraph in the format the client asked
for, so every backend answers with the same bytes. The engine's URL is never shown
to clients; its failures become 502, 503 or 504 with the reason (kg.remote).
"""
from __future__ import annotations

import os
import re
import secrets
import sys
import traceback

import pyoxigraph as ox

from kg.backend import BackendError
from kg.remote import RemoteBackend
from server.evaluate import GRAPHS, RESULTS, Job

_POSITION = re.compile(r"error at (\d+):(\d+)")


class RemotePool:
    """Runs jobs on a remote engine; thread-safe (one HTTP session per thread)."""

    def __init__(self, backend: RemoteBackend):
        self.backend = backend
        self.calls = 0
        self.failures = 0

    def start(self) -> None:
        """Nothing to start: the engine runs elsewhere."""

    def close(self) -> None:
        """Nothing to stop."""

    def stats(self) -> dict:
        return {"processes": 0, "restarts": 0, "engine": self.backend.engine.name,
                "engine_calls": self.calls, "engine_failures": self.failures}

    def run(self, job: Job, timeout: float | None = None) -> tuple:
        """Return ``("ok", media_type, body)``, ``("not-acceptable", family)`` or ``("problem", status, message, extra)``."""
        self.calls += 1
        try:
            if job.kind == "update":
                return self._update(job, timeout)
            if job.graph_must_exist and not self.backend.has_graph(job.graph_must_exist):
                return ("problem", 404, f"no graph <{job.graph_must_exist}> in the store", {})
            if job.kind == "dump":
                data = self.backend.dump(job.max_results, timeout)
                fmt = GRAPHS[job.graph_format]
                body = data if fmt == ox.RdfFormat.N_QUADS else ox.serialize(
                    ox.parse(data, format=ox.RdfFormat.N_QUADS), format=fmt)
                return ("ok", job.graph_format, body)
            return self._query(job, timeout)
        except SyntaxError as exc:
            position = _POSITION.search(str(exc))
            extra = {"line": int(position[1]), "column": int(position[2])} if position else {}
            return ("problem", 400, f"{'update' if job.kind == 'update' else 'query'} does not parse: {exc}", extra)
        except BackendError as exc:
            if exc.status >= 500:
                self.failures += 1
            return ("problem", exc.status, str(exc), {})
        except Exception:
            return _internal_error(job)

    def _query(self, job: Job, timeout: float | None) -> tuple:
        answer = self.backend.query(
            job.text, base_iri=job.base_iri, default_graphs=job.default_graphs, named_graphs=job.named_graphs,
            union=job.union, substitutions={ox.Variable(n): t for n, t in job.substitutions},
            timeout=timeout, max_results=job.max_results,
        )
        if (job.graph_format if answer.kind == "graph" else job.results_format) is None:
            return ("not-acceptable", "graph" if answer.kind == "graph" else "results")
        try:
            if answer.kind == "graph":
                return ("ok", job.graph_format, ox.serialize(answer.parsed(), format=GRAPHS[job.graph_format]))
            return ("ok", job.results_format, answer.parsed().serialize(format=RESULTS[job.results_format]))
        except SyntaxError as exc:  # the query parsed here; it is the engine's answer that does not
            self.failures += 1
            return ("problem", 502, f"the SPARQL engine's answer cannot be read: {exc}", {})

    def _update(self, job: Job, timeout: float | None) -> tuple:
        text = f"BASE <{job.base_iri}>\n{job.text}" if job.base_iri else job.text
        if not job.has_service:
            ox.Store().update(text)  # the same parser, and errors, as the embedded store; no data touched
        self.backend.update(text, timeout)
        return ("ok", None, b"")


def _internal_error(job: Job) -> tuple:
    ident = secrets.token_hex(6)
    print(f"worker {os.getpid()}: internal error {ident} in a remote {job.kind} job", file=sys.stderr)
    traceback.print_exc(file=sys.stderr)
    return ("problem", 500, f"internal error, logged as {ident}", {})
