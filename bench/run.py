"""`make bench`: kg serve against oxigraph serve on the same store, load times, where the time goes.

    python -m bench.run                      # the default: 20,000 articles (~2.3 M quads), ~10 min
    python -m bench.run --articles 100000    # bigger; --quick for a 1,000-article smoke run

Writes bench/RESULTS.md (and the raw numbers to var/bench/results-N.json). Every server
it starts is stopped, also on failure.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from bench import drive, generate, load, report, stages
from bench.mix import queries, same_answer, samples
from bench.servers import ROOT, kg_serve, oxigraph_serve

ARTICLE = Path(__file__).resolve().parent / "article.txt"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="synthetic articles (about 116 quads each)")
    parser.add_argument("--slice", type=float, default=1.0, help="seconds per slice of load")
    parser.add_argument("--rounds", type=int, default=2, help="A B B A rounds per query and run")
    parser.add_argument("--runs", type=int, default=2, help="whole runs of the mix, for the run-to-run spread")
    parser.add_argument("--clients", type=int, default=2, help="client connections")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--ingest-limit", type=float, default=90, help="seconds before kg ingest into the big store is stopped")
    parser.add_argument("--query-timeout", type=float, default=30,
                        help="kg serve's KG_QUERY_TIMEOUT (5 s by default in production; 30 here so that the "
                             "4-second queries are not stopped when other jobs load the machine)")
    parser.add_argument("--quick", action="store_true", help="1,000 articles, short slices, one run")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.slice, args.rounds, args.runs = 1000, 0.3, 1, 1
    started = time.time()
    results = {"args": {k: str(v) for k, v in vars(args).items()}, "machine_before": report.machine()}
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)

    step("generate")
    nq = generate.write(args.articles, work / f"synth-{args.articles}.nq")
    quads = load.count_quads(nq)
    results["data"] = {"articles": args.articles, "quads": quads, "file_mib": nq.stat().st_size / 2**20}

    step("bulk load: kg (EmbeddedStore.writer + bulk_load) and oxigraph load")
    kg_store = work / f"kg-{args.articles}" / "store"
    shutil.rmtree(kg_store.parent, ignore_errors=True)
    results["load"] = {"kg": load.kg_bulk_load(nq, kg_store), "oxigraph": load.oxigraph_load(nq, work / "oxload")}
    shutil.rmtree(work / "oxload", ignore_errors=True)
    ox_dir = load.copy_version(kg_store, work / f"ox-{args.articles}")

    mix = queries(samples(ox_dir), ROOT / "queries")
    step("servers")
    results["serve"] = serve_and_measure(kg_store, ox_dir, mix, args, work)

    step("stages, in process")
    results["stages"] = stages.measure(kg_store, mix)

    step("kg build of the corpus, kg ingest of one article")
    corpus_store = work / "corpus" / "store"
    shutil.rmtree(corpus_store.parent, ignore_errors=True)
    results["build"] = [load.kg_build(ROOT / "corpus", corpus_store) for _ in range(2)]
    results["ingest"] = {"corpus store": load.kg_ingest(ARTICLE, corpus_store),
                         f"{args.articles}-article store": load.kg_ingest(ARTICLE, kg_store, limit=args.ingest_limit)}
    results["machine_after"] = report.machine()
    results["minutes"] = (time.time() - started) / 60
    (work / f"results-{args.articles}.json").write_text(json.dumps(results, indent=1, default=str))
    args.out.write_text(report.markdown(results, mix, " ".join(["python -m bench.run", *(argv or sys.argv[1:])])))
    step(f"done in {results['minutes']:.1f} min: {args.out}")


def step(what: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {what}", file=sys.stderr, flush=True)


def serve_and_measure(kg_store: Path, ox_dir: Path, mix: list, args, work: Path) -> dict:
    out: dict = {"runs": [], "validation": {}}
    with kg_serve(kg_store, work / "kg-serve.log", KG_QUERY_TIMEOUT=f"{args.query_timeout:g}") as kg, \
            oxigraph_serve(ox_dir, work / "ox-serve.log") as ox:
        out["startup_s"] = {"kg": kg.startup_s, "oxigraph": ox.startup_s}
        out["memory_idle"] = {"kg": kg.memory(), "oxigraph": ox.memory()}
        out["first_api_request_s"] = first_request(kg.url, mix)
        warm_workers(kg.url, mix)
        for q in mix:
            # long timeouts: a worker's first API request builds its entity index (tens of seconds at 20k)
            kg_client, ox_client = drive.Client(kg.url, timeout=300), drive.Client(ox.url, timeout=300)
            for attempt in range(3):
                (s1, kb), (s2, ob) = kg_client.get(q.kg_path, q.accept), ox_client.get(q.ox_path, q.accept)
                if s1 != 200 or s2 != 200:
                    raise AssertionError(f"{q.name}: kg serve {s1}, oxigraph serve {s2}: {kb[:300]!r} {ob[:300]!r}")
                try:
                    out["validation"][q.name] = {"how": same_answer(q, kb, ob), "bytes": len(kb)}
                    break
                except AssertionError:
                    # oxigraph serve cuts a streamed answer short at its time limit, still with
                    # status 200; on a busy machine the export can meet it. Ask again, twice.
                    if attempt < 2:
                        continue
                    if not (len(ob) < len(kb) and kb.startswith(ob)):
                        raise
                    out["validation"][q.name] = {"how": f"oxigraph's answer cut short at its 5 s limit "
                                                        f"({len(ob):,} of {len(kb):,} bytes, the rest identical)",
                                                 "bytes": len(kb)}
            kg_client.close(), ox_client.close()
        for run in range(args.runs):
            step(f"mix, run {run + 1} of {args.runs}")
            per_query = {}
            for q in mix:
                a, b = drive.alternate(kg.url, q.kg_path, ox.url, q.ox_path, q.accept, args.rounds, args.slice,
                                       args.clients)
                per_query[q.name] = {"kg": summary(a), "oxigraph": summary(b)}
            out["runs"].append(per_query)
        out["memory_after"] = {"kg": kg.memory(), "oxigraph": ox.memory()}
        step("saved queries, each relative to ASK")
        out["saved_queries"] = saved_query_sweep(kg.url, mix, kg_store, timeout=args.query_timeout + 30)
    return out


def summary(s: drive.Samples) -> dict:
    return {"n": len(s.latencies), "errors": s.errors, "p50_ms": s.p(0.5) * 1000, "p99_ms": s.p(0.99) * 1000,
            "rps": s.throughput}


def first_request(url: str, mix: list) -> float:
    """Seconds of the first saved-query API request of a fresh server (it builds the entity index)."""
    api = next(q for q in mix if q.name.startswith("api:"))
    client = drive.Client(url, timeout=300)
    t0 = time.perf_counter()
    client.get(api.kg_path, api.accept)
    client.close()
    return time.perf_counter() - t0


def warm_workers(url: str, mix: list, connections: int = 6) -> None:
    """Open several connections at once, so that every worker builds its entity index before timing."""
    api = next(q for q in mix if q.name.startswith("api:"))
    clients = [drive.Client(url, timeout=300) for _ in range(connections)]
    threads = [threading.Thread(target=c.get, args=(api.kg_path, api.accept)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()


def saved_query_sweep(url: str, mix: list, kg_store: Path, timeout: float = 60) -> dict:
    """Every saved query through the API (example parameters, or IRIs from the data): median of 3 in ms, one run over 1 s."""
    from kg import catalogue

    picks = samples(kg_store.resolve())
    fill = {"article": picks["article"], "event": picks["event"], "statement": picks["statement"],
            "evidence": picks["evidence"], "object": "Hun Sen"}
    ask = next(q for q in mix if q.name == "ask")
    client = drive.Client(url, timeout=timeout)
    rows = {}
    try:
        rows["(ASK by /sparql)"] = {"status": 200, "ms": median_ms(client, ask.kg_path, ask.accept, 9)}
        for saved in catalogue.load_catalogue(ROOT / "queries").values():
            if saved.service:
                rows[saved.name] = {"status": "skipped", "ms": None, "note": "calls Wikidata (no network here)"}
                continue
            params = dict(saved.example)
            for name, p in saved.params.items():
                if p.required and name not in params:
                    params[name] = fill.get(name, "Hun Sen")
            path = f"/api/queries/{saved.name}?{urllib.parse.urlencode(params)}"
            t0 = time.perf_counter()
            status, body = client.get(path, "application/json")
            first_ms = (time.perf_counter() - t0) * 1000
            # a query over a second is timed once (its first run), to keep make bench near 10 minutes
            ms = None if status != 200 else first_ms if first_ms > 1000 else median_ms(client, path, "application/json", 3)
            rows[saved.name] = {"status": status, "ms": ms, "rows": len(json.loads(body)) if status == 200 else None,
                                "params": params, **({"error": json.loads(body).get("error")} if status != 200 else {})}
    finally:
        client.close()
    return rows


def median_ms(client: drive.Client, path: str, accept: str, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(path, accept)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    os.chdir(ROOT)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the servers' finally blocks stop them
    main()
