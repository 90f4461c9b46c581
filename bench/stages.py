"""Where a request's time goes: the same query timed at each stage of kg serve's path, in this process.

1. ``pyoxigraph``: ``Store.query`` and pyoxigraph's serializer, nothing else (the floor);
2. ``evaluator``: server.evaluate.Evaluator.run, the executor's work (row-counting sink,
   N-Triples then conversion for Turtle);
3. ``executor``: ExecutorPool.run, the same job sent to an executor process over its
   socket and the answer pickled back: the price of the time limit and of killable execution;
4. ``flask``: the whole WSGI app through Flask's test client (request checks, negotiation,
   access log, CORS), executor included.

HTTP and gunicorn are what is left between (4) and the p50 a client measures.
"""
from __future__ import annotations

import logging
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from bench.mix import Query

GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE}
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "text/csv": ox.QueryResultsFormat.CSV}


def timed(fn, budget: float = 1.0, most: int = 300) -> float:
    """Median milliseconds of ``fn()`` over up to ``most`` calls or about ``budget`` seconds (after one warm-up)."""
    fn()
    times: list[float] = []
    end = time.perf_counter() + budget
    while len(times) < 5 or (time.perf_counter() < end and len(times) < most):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def job_for(query: Query, max_results: int = 100_000):
    from server.evaluate import Job

    graph = query.accept in GRAPH_TYPES
    return Job("query", query.text, union=True, results_format=None if graph else query.accept,
               graph_format=query.accept if graph else None, max_results=max_results)


def measure(store_link: Path, mix: list[Query], budget: float = 1.0) -> dict[str, dict[str, float]]:
    """Median ms per stage for every /sparql query of ``mix`` (see the module docstring)."""
    from server import create_app
    from server.evaluate import Evaluator
    from server.executor import ExecutorPool

    store = ox.Store.read_only(str(store_link.resolve()))
    evaluator = Evaluator(str(store_link))
    pool = ExecutorPool(str(store_link), 1, 30.0)
    app = create_app({"store": str(store_link), "threads": 1})
    logging.getLogger("kg.access").disabled = True  # one JSON line per request would only add noise here
    client = app.test_client()
    out: dict[str, dict[str, float]] = {}
    try:
        for q in mix:
            if q.text is None:
                continue

            def direct(q=q):
                answer = store.query(q.text, use_default_graph_as_union=True)
                if isinstance(answer, ox.QueryTriples):
                    return ox.serialize(answer, format=GRAPH_TYPES[q.accept])
                return answer.serialize(format=RESULT_TYPES[q.accept])

            job = job_for(q)
            out[q.name] = {
                "pyoxigraph": timed(direct, budget),
                "evaluator": timed(lambda: evaluator.run(job), budget),
                "executor": timed(lambda: pool.run(job), budget),
                "flask": timed(lambda: client.get(q.kg_path, headers={"Accept": q.accept}).get_data(), budget),
            }
    finally:
        pool.close()
        app.extensions["kg_executors"].close()
    return out
