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


def interleaved(stages: dict, budget: float = 1.0, most: int = 300) -> dict[str, float]:
    """Median ms of each stage, calling them in turn (so drift in the machine's load hits all alike).

    At least three rounds, then as many as fit in about ``budget`` seconds per stage, after one warm-up.
    """
    for fn in stages.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in stages}
    end = time.perf_counter() + budget * len(stages)
    rounds = 0
    while rounds < 3 or (time.perf_counter() < end and rounds < most):
        order = list(stages.items())
        if rounds % 2:
            order.reverse()
        for name, fn in order:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
        rounds += 1
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


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
            out[q.name] = interleaved({
                "pyoxigraph": direct,
                "evaluator": lambda: evaluator.run(job),
                "executor": lambda: pool.run(job),
                "flask": lambda q=q: client.get(q.kg_path, headers={"Accept": q.accept}).get_data(),
            }, budget)
    finally:
        pool.close()
        app.extensions["kg_executors"].close()
    return out
