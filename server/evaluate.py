"""Evaluate one job against the store and serialize the answer to bytes, inside an executor process.

This module runs only in executor processes (server.executor), never in a web
worker: whatever happens here, the worst outcome is that the process is killed.
pyoxigraph serializes the answer itself, streaming into a ``_Sink``; the sink counts
answer rows from the bytes (never from Python objects per row) and stops the
evaluation as soon as there are more than the limit.

Counting by format (pyoxigraph 0.5's compact writers, pinned and tested): TSV, XML,
N-Triples and N-Quads have one marker per row that cannot occur inside a term (a line
end, ``<result>``), so their count is exact. In JSON, bindings are separated by
``},{"`` (a JSON string holds no raw quote, so inside one that can only be its end,
followed by ``}`` or ``,``: those are subtracted) or ``,{}`` before an empty binding;
in CSV rows end in CR LF. A literal containing ``,{}`` (JSON) or a CR LF line break
(CSV) counts as one more row: the count may be too high, never too low, so an answer
within a row or two of the limit may be refused and a larger one never gets through.
Turtle, TriG, RDF/XML and JSON-LD have no such marker (`` , `` separates objects and
also occurs in text): they are written as N-Triples or N-Quads first, counted, and
converted.
"""
from __future__ import annotations

import os
import re
import secrets
import sys
import traceback
from dataclasses import dataclass

import pyoxigraph as ox

from kg.store import EmbeddedStore, StoreError


@dataclass(frozen=True)
class Job:
    """What a web worker asks an executor to do; pickled over the executor's socket."""

    kind: str  # "query", "update" or "dump" (the whole dataset, for the graph store)
    text: str = ""
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None  # a protocol dataset, or None
    named_graphs: tuple[str, ...] | None = None
    union: bool = True  # default graph = union of all graphs, when no dataset is given
    results_format: str | None = None  # media type for SELECT/ASK, None if not acceptable
    graph_format: str | None = None  # media type for CONSTRUCT/DESCRIBE (or the dump)
    max_results: int = 0
    has_service: bool = False
    graph_must_exist: str | None = None
    substitutions: tuple[tuple[str, object], ...] = ()  # (variable name, RDF term): saved-query parameters


RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
# ((marker, weight), ...), and the count the markers give before the first row
_ROW_MARKERS = {
    ox.QueryResultsFormat.JSON: (((b'},{"', 1), (b'},{"}', -1), (b'},{",', -1), (b",{}", 1)), -1),
    ox.QueryResultsFormat.XML: (((b"<result>", 1),), 0),
    ox.QueryResultsFormat.CSV: (((b"\r\n", 1),), 1),  # the header line
    ox.QueryResultsFormat.TSV: (((b"\n", 1),), 1),
    ox.RdfFormat.N_TRIPLES: (((b"\n", 1),), 0),
    ox.RdfFormat.N_QUADS: (((b"\n", 1),), 0),
}
_POSITION = re.compile(r"error at (\d+):(\d+)")


class TooManyResults(Exception):
    """Raised by the sink to stop an answer that grew past the limit."""


class _Sink:
    """A binary file for pyoxigraph's writers that keeps the bytes and counts rows."""

    def __init__(self, fmt, limit: int):
        self.parts: list[bytes] = []
        self.markers, self.header = _ROW_MARKERS[fmt]
        self.limit = limit
        self.count = 0
        self.tail = b""

    def write(self, chunk: bytes) -> int:
        # A marker (at most 8 bytes) may straddle two writes: count the ones across the seam too.
        head = chunk[:7]
        seam = self.tail + head
        self.count += sum(
            w * (chunk.count(m) + seam.count(m) - self.tail.count(m) - head.count(m)) for m, w in self.markers
        )
        self.tail = (self.tail + head)[-7:] if len(chunk) < 7 else chunk[-7:]
        if self.limit and self.count - self.header > self.limit:
            raise TooManyResults
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


class Evaluator:
    """Runs jobs against the current store version, reopening it when the store link moves."""

    def __init__(self, store_path: str):
        self.store = EmbeddedStore(store_path)
        if self.store.exists():  # open now, not during the first request
            self.store.snapshot()

    def run(self, job: Job) -> tuple:
        """Return ``("ok", media_type, body)`` or ``("problem", status, message, extra)``."""
        try:
            if job.kind == "update":
                return self._update(job)
            store = self.store.snapshot()
            if job.graph_must_exist and not store.contains_named_graph(ox.NamedNode(job.graph_must_exist)):
                return ("problem", 404, f"no graph <{job.graph_must_exist}> in the store", {})
            if job.kind == "dump":
                return self._dump(store, job)
            return self._query(store, job)
        except SyntaxError as exc:
            position = _POSITION.search(str(exc))
            extra = {"line": int(position[1]), "column": int(position[2])} if position else {}
            return ("problem", 400, f"{'update' if job.kind == 'update' else 'query'} does not parse: {exc}", extra)
        except TooManyResults:
            return ("problem", 422, f"the answer has more than {job.max_results} rows (the server's "
                                    f"KG_MAX_RESULTS); add a LIMIT or narrow the query", {})
        except StoreError as exc:
            return ("problem", 503, str(exc), {})
        except OSError as exc:
            if job.has_service:
                return ("problem", 502, f"a SERVICE call failed: {exc}", {})
            return _internal_error(job)
        except Exception:
            return _internal_error(job)

    def _query(self, store: ox.Store, job: Job) -> tuple:
        substitutions = {ox.Variable(name): term for name, term in job.substitutions} or None
        answer = store.query(job.text, base_iri=job.base_iri, substitutions=substitutions, **_dataset(job))
        if isinstance(answer, ox.QueryTriples):
            if job.graph_format is None:
                return ("not-acceptable", "graph")
            return ("ok", job.graph_format, _write_graph(answer, GRAPHS[job.graph_format], job.max_results))
        if job.results_format is None:
            return ("not-acceptable", "results")
        fmt = RESULTS[job.results_format]
        if isinstance(answer, ox.QueryBoolean):
            return ("ok", job.results_format, answer.serialize(format=fmt))
        sink = _Sink(fmt, job.max_results)
        answer.serialize(sink, format=fmt)
        return ("ok", job.results_format, sink.getvalue())

    def _dump(self, store: ox.Store, job: Job) -> tuple:
        sink = _Sink(ox.RdfFormat.N_QUADS, job.max_results)
        store.dump(sink, format=ox.RdfFormat.N_QUADS)
        return ("ok", job.graph_format, _convert(sink.getvalue(), ox.RdfFormat.N_QUADS, GRAPHS[job.graph_format]))

    def _update(self, job: Job) -> tuple:
        with self.store.writer() as target:
            target.update(job.text, base_iri=job.base_iri)
        return ("ok", None, b"")


def _dataset(job: Job) -> dict:
    """pyoxigraph's dataset arguments for a job (see docs/endpoint.md, "Which graphs a query sees")."""
    if job.default_graphs is None and job.named_graphs is None:
        return {"use_default_graph_as_union": job.union}
    return {
        "default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
        "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
    }


def _write_graph(triples: ox.QueryTriples, fmt, limit: int) -> bytes:
    sink = _Sink(ox.RdfFormat.N_TRIPLES, limit)
    ox.serialize(triples, sink, format=ox.RdfFormat.N_TRIPLES)
    return _convert(sink.getvalue(), ox.RdfFormat.N_TRIPLES, fmt)


def _convert(data: bytes, line_format, fmt) -> bytes:
    """Rewrite N-Triples or N-Quads in ``fmt`` (all in Rust: parse, then serialize)."""
    if fmt == line_format:
        return data
    return ox.serialize(ox.parse(data, format=line_format), format=fmt)


def _internal_error(job: Job) -> tuple:
    ident = secrets.token_hex(6)
    print(f"executor {os.getpid()}: internal error {ident} in a {job.kind} job", file=sys.stderr)
    traceback.print_exc(file=sys.stderr)
    return ("problem", 500, f"internal error, logged as {ident}", {})

