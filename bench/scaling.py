"""Growth figures for docs/scaling.md: load rate and query latency at 10^5, 10^6, 10^7 quads, embedded and Virtuoso.

For each size, the synthetic news graph of bench/generate.py (~116 quads an article) is
loaded two ways into each store and five queries are timed:

- **embedded**: the project's own write path (``EmbeddedStore.writer(fresh=True)`` +
  ``bulk_load``, as ``kg build``), then pyoxigraph answering and serialising SPARQL JSON;
- **Virtuoso** (Debian's 7.2, tests/engines.py): its bulk loader (``ld_dir`` +
  ``rdf_loader_run``, the way 10^9 quads get in), and up to 2x10^5 quads also the
  project's remote write path (``RemoteBackend.write_build``: Graph Store PUTs and one
  update per article), then the remote backend answering (HTTP, parse, row count).

Latency is the median of ``--repeat`` runs after one warm-up run. Results go to
bench/SCALING.md (and are copied by hand into docs/scaling.md). ``--sizes`` picks the
sizes; a size whose load runs past ``--limit`` seconds is recorded as such.

    .venv/bin/python -m bench.scaling                      # 10^5, 10^6, 10^7
    .venv/bin/python -m bench.scaling --sizes 100000 --repeat 3
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox

from bench import generate
from kg.config import PROJECT_ROOT
from kg.engines import engine
from kg.remote import RemoteBackend
from kg.store import EmbeddedStore

QUADS_PER_ARTICLE = 116
WORK = PROJECT_ROOT / "var" / "bench-scaling"
S, X = "http://schema.org/", "http://www.w3.org/2001/XMLSchema#"
QUERIES = {
    "ask": f"ASK {{ ?a a <{S}NewsArticle> }}",
    "article": "SELECT ?p ?o WHERE { <ARTICLE> ?p ?o }",
    "classes": "SELECT ?c (COUNT(*) AS ?n) WHERE { ?x a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 10",
    "date-range": f"SELECT ?a ?d WHERE {{ ?a <{S}datePublished> ?d FILTER(?d >= \"2022-01-01\"^^<{X}date> "
                  f"&& ?d < \"2022-02-01\"^^<{X}date>) }} ORDER BY ?d ?a LIMIT 100",
    "mentions-of": "SELECT ?e (COUNT(*) AS ?n) WHERE { ?m <http://www.w3.org/ns/oa#hasTarget> ?t . "
                   "?t <http://www.w3.org/ns/oa#hasSource> <ARTICLE> . ?m ?p ?e } GROUP BY ?e ORDER BY ?e LIMIT 50",
}


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_ms(fn, repeat: int) -> float:
    fn()
    return round(statistics.median(timed(fn)[0] for _ in range(repeat)) * 1000, 2)


def embedded(nq: Path, size: int, repeat: int) -> dict:
    store = EmbeddedStore(WORK / f"embedded-{size}" / "store")
    shutil.rmtree(store.path.parent, ignore_errors=True)
    seconds, _ = timed(lambda: _bulk(store, nq))
    snap = store.snapshot()
    article = next(iter(snap.query(f"SELECT ?a WHERE {{ ?a a <{S}NewsArticle> }} LIMIT 1",
                                   use_default_graph_as_union=True)))["a"].value
    latency = {}
    for name, text in QUERIES.items():
        query = text.replace("ARTICLE", article)

        def run(q=query):
            answer = snap.query(q, use_default_graph_as_union=True)
            return answer if isinstance(answer, ox.QueryBoolean) else answer.serialize(format=ox.QueryResultsFormat.JSON)
        latency[name] = median_ms(run, repeat)
    return {"load_s": round(seconds, 1), "quads_per_s": round(size / seconds), "latency_ms": latency}


def _bulk(store: EmbeddedStore, nq: Path) -> None:
    with store.writer(fresh=True) as target:
        target.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)


def virtuoso(nq: Path, size: int, repeat: int, project_path: bool, limit: float) -> dict:
    from tests.engines import VirtuosoServer

    server = VirtuosoServer(WORK / f"virtuoso-{size}")
    shutil.rmtree(server.workdir, ignore_errors=True)
    server.workdir.mkdir(parents=True)
    server.buffers = 340_000  # Virtuoso's guide for 4 GiB of buffers
    server.start()
    try:
        os.link(nq, server.workdir / "data.nq")
        script = (f"ld_dir('{server.workdir}', 'data.nq', 'urn:unused'); rdf_loader_run(); checkpoint;")
        seconds, _ = timed(lambda: subprocess.run(
            ["isql-vt", str(server.sql_port), "dba", "dba", f"exec={script}"], check=True, timeout=limit,
            stdout=subprocess.DEVNULL))
        backend = RemoteBackend(server.base + "/sparql", engine_=engine("virtuoso", server.max_rows), query_timeout=600)
        result = {"bulk_load_s": round(seconds, 1), "bulk_quads_per_s": round(size / seconds)}
        article = next(iter(backend.query(f"SELECT ?a WHERE {{ ?a a <{S}NewsArticle> }} LIMIT 1").parsed()))["a"].value
        result["latency_ms"] = {name: median_ms(lambda q=text.replace("ARTICLE", article): backend.query(q), repeat)
                                for name, text in QUERIES.items()}
        if project_path:
            result.update(_project_write(server, nq, size))
        return result
    finally:
        server.stop()


def _project_write(server, nq: Path, size: int) -> dict:
    """The project's own remote write path (what `kg build` does) into a second, empty Virtuoso."""
    from tests.engines import VirtuosoServer

    fresh = VirtuosoServer(server.workdir.parent / f"virtuoso-{size}-kg")
    shutil.rmtree(fresh.workdir, ignore_errors=True)
    fresh.workdir.mkdir(parents=True)
    fresh.start()
    try:
        import requests

        env = fresh.env()
        backend = RemoteBackend(env["KG_SPARQL_QUERY_URL"], env["KG_SPARQL_UPDATE_URL"], env["KG_GSP_URL"],
                                engine("virtuoso", fresh.max_rows), requests.auth.HTTPDigestAuth("dba", "dba"), 600)
        quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
        seconds, _ = timed(lambda: backend.write_build(quads, []))
        return {"kg_write_s": round(seconds, 1), "kg_write_quads_per_s": round(size / seconds)}
    finally:
        fresh.stop()


def report(results: dict, args) -> str:
    lines = [f"# Scaling figures ({dt.date.today().isoformat()})", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other work, "
             f"load average {os.getloadavg()[0]:.1f} at the end. pyoxigraph {ox.__version__ if hasattr(ox, '__version__') else '0.5.13'}, "
             f"Virtuoso 7.2.5 (Debian). Command: python -m bench.scaling --sizes {' '.join(map(str, args.sizes))} "
             f"--repeat {args.repeat}. Data: bench/generate.py, ~{QUADS_PER_ARTICLE} quads an article.", "",
             "| quads | store | load | quads/s | " + " | ".join(f"{q} ms" for q in QUERIES) + " |",
             "|---|---|---|---|" + "---|" * len(QUERIES)]
    for size, r in results.items():
        e, v = r.get("embedded"), r.get("virtuoso")
        if e:
            lines.append(f"| {size:,} | embedded (kg build path) | {e['load_s']} s | {e['quads_per_s']:,} | "
                         + " | ".join(str(e["latency_ms"][q]) for q in QUERIES) + " |")
        if v and "latency_ms" in v:
            lines.append(f"| {size:,} | Virtuoso (bulk loader) | {v['bulk_load_s']} s | {v['bulk_quads_per_s']:,} | "
                         + " | ".join(str(v["latency_ms"][q]) for q in QUERIES) + " |")
        if v and "kg_write_s" in v:
            lines.append(f"| {size:,} | Virtuoso (kg build path) | {v['kg_write_s']} s | {v['kg_write_quads_per_s']:,} | "
                         + " | ".join("" for _ in QUERIES) + " |")
        for key in ("embedded_error", "virtuoso_error"):
            if key in r:
                lines.append(f"| {size:,} | {key.split('_')[0]} | {r[key]} | | " + " | ".join("" for _ in QUERIES) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=float, default=1800, help="Seconds a Virtuoso bulk load may take.")
    parser.add_argument("--stores", nargs="+", default=["embedded", "virtuoso"], choices=["embedded", "virtuoso"])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "SCALING.md")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict] = {}
    for size in args.sizes:
        nq = generate.write(max(1, size // QUADS_PER_ARTICLE), WORK / f"data-{size}.nq")
        results[size] = {}
        if "embedded" in args.stores:
            print(f"{size:,} quads: embedded", flush=True)
            results[size]["embedded"] = embedded(nq, size, args.repeat)
        if "virtuoso" not in args.stores:
            continue
        print(f"{size:,} quads: virtuoso", flush=True)
        try:
            results[size]["virtuoso"] = virtuoso(nq, size, args.repeat, size <= 200_000, args.limit)
        except (subprocess.TimeoutExpired, RuntimeError) as exc:
            results[size]["virtuoso_error"] = f"not measured: {str(exc)[:200]}"
        args.out.write_text(report(results, args))
        print(report(results, args), flush=True)
    args.out.write_text(report(results, args))


if __name__ == "__main__":
    main()
