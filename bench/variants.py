"""kg serve's worker settings against oxigraph serve on the cheap queries: how much is the process model?

    python -m bench.variants [--articles 20000]

Needs the stores `make bench` made. For each (KG_WORKERS, KG_THREADS) it starts kg serve,
runs A B B A slices against one oxigraph serve on the sub-10 ms queries of the mix, and
prints the p50 ratio, the ASK throughput ratio and the server's memory.
"""
from __future__ import annotations

import argparse

from bench import drive
from bench.mix import queries, samples
from bench.servers import ROOT, kg_serve, oxigraph_serve

CHEAP = ("ask", "describe", "wikidata-lookup", "api:entity-card")
SETTINGS = ((2, 4), (1, 2), (1, 4), (2, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--slice", type=float, default=1.0)
    args = parser.parse_args()
    work = ROOT / "var" / "bench"
    store, ox_dir = work / f"kg-{args.articles}" / "store", work / f"ox-{args.articles}"
    mix = [q for q in queries(samples(ox_dir), ROOT / "queries") if q.name in CHEAP]
    print("| KG_WORKERS × KG_THREADS | " + " | ".join(q.name for q in mix) + " | geomean | ASK req/s kg / ox | RSS MiB kg / ox |")
    print("|---|" + "---|" * (len(mix) + 3))
    with oxigraph_serve(ox_dir, work / "ox-variants.log") as ox:
        for workers, threads in SETTINGS:
            with kg_serve(store, work / "kg-variants.log", KG_WORKERS=str(workers), KG_THREADS=str(threads)) as kg:
                for q in mix:  # warm every worker (the API builds its entity index on first use)
                    for c in [drive.Client(kg.url, timeout=300) for _ in range(2 * workers)]:
                        c.get(q.kg_path, q.accept)
                        c.close()
                ratios, ask = [], None
                for q in mix:
                    a, b = drive.alternate(kg.url, q.kg_path, ox.url, q.ox_path, q.accept, 1, args.slice, 2)
                    ratios.append(a.p(0.5) / b.p(0.5))
                    if q.name == "ask":
                        ask = (a.throughput, b.throughput)
                mem_kg, mem_ox = kg.memory()["rss_mib"], ox.memory()["rss_mib"]
            print(f"| {workers} × {threads} | " + " | ".join(f"{r:.2f}" for r in ratios)
                  + f" | {drive.geomean(ratios):.2f} | {ask[0]:.0f} / {ask[1]:.0f} | {mem_kg:.0f} / {mem_ox:.0f} |",
                  flush=True)


if __name__ == "__main__":
    main()
