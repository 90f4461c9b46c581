"""Plan regressions: every saved query's time on the bench data, as a multiple of a trivial ASK.

    python -m bench.plans var/bench/kg-20000/store            # table; exit 1 if a query is over --max
    python -m bench.plans var/bench/kg-1000/store --max 300

Each query runs the way the API runs it (parameters bound by kg.catalogue.bind_values,
through an executor process that is killed at ``--timeout``), in one process, with no
HTTP: the ratio is the query's plan, not the request path. Parameters are the query's
example where it resolves on this data, otherwise an IRI picked from the data (bench.mix.samples).
A ratio, because the machine is shared: an absolute time means little, a query that
jumps from 20 to 2,000 times an ASK has a new plan. Federated queries are skipped.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.mix import samples
from bench.servers import ROOT

ASK = "ASK { ?s ?p ?o }"


def parameters(saved, index, picks: dict[str, str]) -> dict[str, str]:
    """The example's values where they resolve on this store, else values from the data."""
    from kg.catalogue import ParameterError, bind_params

    fill = {"article": picks["article"], "event": picks["event"], "statement": picks["statement"],
            "evidence": picks["evidence"]}
    chosen = {}
    for name, p in saved.params.items():
        value = saved.example.get(name)
        if value is not None:
            try:
                bind_params(saved, {**{k: v for k, v in chosen.items()}, name: value}, index.resolve)
            except ParameterError:
                value = None
        if value is None and p.required:
            value = fill.get(name, "Hun Sen")
        if value is not None:
            chosen[name] = value
    return chosen


def measure(store_link: Path, timeout: float = 5.0, repeat: int = 3) -> dict[str, dict]:
    """Median ms (one run when over a second) and the multiple of an ASK, per saved query."""
    import pyoxigraph as ox

    from kg import catalogue
    from kg.catalogue import ParameterError, bind_params, bind_values
    from kg.resolve import EntityIndex
    from server.evaluate import Job
    from server.executor import ExecutorPool, QueryTimeout

    picks = samples(store_link.resolve())
    index = EntityIndex.from_store(ox.Store.read_only(str(store_link.resolve())))
    pool = ExecutorPool(str(store_link), 1, timeout)

    def timed(text: str) -> tuple[float, tuple]:
        job = Job("query", text, results_format="application/sparql-results+json", max_results=1_000_000)
        t0 = time.perf_counter()
        reply = pool.run(job)
        return (time.perf_counter() - t0) * 1000, reply

    out: dict[str, dict] = {}
    try:
        timed(ASK)
        ask = statistics.median(timed(ASK)[0] for _ in range(15))
        out["(ASK)"] = {"ms": ask, "ratio": 1.0, "rows": None}
        for saved in catalogue.load_catalogue(ROOT / "queries").values():
            if saved.service:
                out[saved.name] = {"skipped": "calls a remote SPARQL service"}
                continue
            params = parameters(saved, index, picks)
            try:
                text = bind_values(saved.text, bind_params(saved, params, index.resolve))
            except ParameterError as exc:
                out[saved.name] = {"params": params, "error": str(exc)}
                continue
            try:
                first, reply = timed(text)
                times = [first] + ([] if first > 1000 else [timed(text)[0] for _ in range(repeat - 1)])
            except QueryTimeout:
                out[saved.name] = {"params": params, "error": f"over {timeout:g} s (stopped)", "ms": None}
                continue
            ms = statistics.median(times)
            rows = len(json.loads(reply[2])["results"]["bindings"]) if reply[0] == "ok" else None
            out[saved.name] = {"params": params, "ms": ms, "ratio": ms / ask, "rows": rows,
                               **({"error": str(reply[2])} if reply[0] != "ok" else {})}
    finally:
        pool.close()
    return out


def over(results: dict[str, dict], limit: float) -> list[str]:
    """Names of the queries slower than ``limit`` times an ASK, or stopped."""
    return [name for name, r in results.items()
            if "skipped" not in r and (r.get("ms") is None or r["ratio"] > limit)]


def table(results: dict[str, dict]) -> str:
    lines = ["| saved query | rows | ms | × ASK |", "|---|---|---|---|"]
    for name, r in sorted(results.items(), key=lambda kv: -(kv[1].get("ratio") or float("inf"))):
        if "skipped" in r:
            lines.append(f"| {name} | – | – | skipped: {r['skipped']} |")
        elif r.get("ms") is None:
            lines.append(f"| {name} | – | – | **{r['error']}** |")
        else:
            lines.append(f"| {name} | {r['rows']} | {r['ms']:.1f} | {r['ratio']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store link, e.g. var/bench/kg-20000/store")
    parser.add_argument("--max", type=float, default=1000, help="fail when a query takes more than this × an ASK")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds before a query is stopped")
    args = parser.parse_args(argv)
    results = measure(args.store, args.timeout)
    print(table(results))
    slow = over(results, args.max)
    if slow:
        print(f"over {args.max:g} × ASK: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
