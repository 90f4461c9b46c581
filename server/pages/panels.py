"""Run a page section's saved query on the server, the way the API does, cached per store version.

A page section is a *panel*: one saved query (``queries/NAME.rq``) with parameters.
It runs through ``app.extensions["kg_execute"]``, the same killable executor path as
``/api/queries/NAME``, so a page can never hang a worker and its numbers are the API's.
Parameters are bound exactly as the API binds them (kg.catalogue.bind_params) and
written into the text as a VALUES block, the text the editor link carries. Answers
are cached by (store version, query, parameters): the store is immutable per
version, so a cached answer is never stale, and a new build is a new key.

Each panel links to its three other readers: the ``.rq`` text, the API answer
(JSON, CSV) and the SPARQL editor prefilled with the query and its bound values.
"""
from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from flask import current_app, g, url_for

from kg import catalogue
from kg.catalogue import ParameterError, SavedQuery
from kg.runner import Answer
from server.api import entity_index
from server.problems import Problem

CACHE_SIZE = 2048
_lock = threading.Lock()


@dataclass
class Panel:
    """A saved query's answer as a page shows it, or the reason it could not be computed."""

    name: str
    summary: str
    params: dict[str, str]
    columns: list[str]
    rows: list[dict] = field(default_factory=list)
    error: str | None = None
    editor_text: str = ""
    bindings: list[dict] = field(default_factory=list)  # the rows as SPARQL JSON terms (for result_views)

    def api_url(self, fmt: str | None = None) -> str:
        args = dict(self.params, **({"format": fmt} if fmt else {}))
        return url_for("api.run_query", name=self.name, **args)

    def rq_url(self) -> str:
        return url_for("api.query_text", name=self.name)

    def page_url(self) -> str:
        return url_for("queries.saved", name=self.name, **self.params)

    def editor_url(self) -> str:
        return url_for("query.page", query=self.editor_text)


def saved_queries() -> dict[str, SavedQuery]:
    """The catalogue of this process (shared with the API under the same extension key)."""
    ext = current_app.extensions
    if "kg_catalogue" not in ext:
        ext["kg_catalogue"] = catalogue.load_catalogue(current_app.config["KG"]["queries"])
    return ext["kg_catalogue"]


def saved(name: str) -> SavedQuery:
    try:
        return catalogue.get(saved_queries(), name)
    except catalogue.UnknownQuery as exc:
        raise Problem(404, str(exc)) from None


def run(name: str, **params) -> Panel:
    """Answer saved query ``name`` with ``params`` (None values left out), from the cache when possible.

    A parameter the query cannot use, or a query stopped at the time limit, gives a
    panel with ``error`` set (and is not cached), so one bad section never takes the
    page down.
    """
    query = saved(name)
    given = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    store = current_app.extensions["kg_store"]
    key = (store.version(), name, tuple(sorted(given.items())))
    cache = current_app.extensions.setdefault("kg_page_panels", OrderedDict())
    with _lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    began = time.perf_counter()
    panel = Panel(name, query.summary, given, list(query.columns))
    try:
        bindings = catalogue.bind_params(query, given, entity_index().resolve)
        panel.editor_text = bind_for_editor(query, bindings)
        # The bound text, not substitutions: Oxigraph plans a substituted variable as if
        # unbound (a page panel took 100 ms), a VALUES constant as a constant (7 ms).
        body = json.loads(current_app.extensions["kg_execute"](panel.editor_text, {}))
        rows = [{c: b[c] for c in query.columns if c in b} for b in body.get("results", {}).get("bindings", [])]
        panel.bindings = rows
        panel.rows = Answer(list(query.columns), rows).records()
    except ParameterError as exc:
        panel.error = str(exc)
    except Problem as exc:
        panel.error = exc.description
    _account(time.perf_counter() - began)
    if panel.error is None:
        with _lock:
            cache[key] = panel
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    return panel


def run_all(specs: dict[str, tuple]) -> dict[str, Panel]:
    """Run several panels at once: ``{key: (name, params)}`` to ``{key: Panel}``.

    Each runs in its own executor process (the pool holds KG_THREADS per worker), so a
    page with eight sections waits for about its slowest one, not for their sum.
    """
    app = current_app._get_current_object()
    began = time.perf_counter()

    def one(spec):
        name, params = spec
        with app.app_context():
            return run(name, **params)

    pool = app.extensions.get("kg_page_threads")
    if pool is None:
        pool = app.extensions.setdefault(
            "kg_page_threads", ThreadPoolExecutor(max(2, app.config["KG"]["threads"]), "kg-panel"))
    results = dict(zip(specs, pool.map(one, specs.values())))
    g.kg_query_seconds = getattr(g, "kg_query_seconds", 0.0) + time.perf_counter() - began
    return results


def _account(seconds: float) -> None:
    """Add query time to this request's Server-Timing total (run_all times its threads itself)."""
    if threading.current_thread().name.startswith("kg-panel"):
        return
    g.kg_query_seconds = getattr(g, "kg_query_seconds", 0.0) + seconds


def bind_for_editor(query: SavedQuery, bindings: dict) -> str:
    """The query text with its bound values as a VALUES block opening the WHERE group (kg.catalogue.bind_values).

    >>> from pyoxigraph import NamedNode, Variable
    >>> q = SavedQuery("x", "#+ summary: s\\nSELECT ?a WHERE { ?a ?p '{' }")
    >>> print(bind_for_editor(q, {Variable("a"): NamedNode("http://e/1")}))
    #+ summary: s
    SELECT ?a WHERE {
      VALUES ?a { <http://e/1> } ?a ?p '{' }
    """
    return catalogue.bind_values(query.text, bindings)
