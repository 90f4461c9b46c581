"""Sample a running kg serve with py-spy while two clients send one query, and print where the worker spends its time.

    python -m bench.spy [--articles 20000] [--query ask] [--seconds 8]

Needs the store `make bench` made (var/bench/kg-N/store). Runs kg serve with one worker
(so one process holds every request thread), samples that worker with py-spy at
200 Hz (idle threads left out) while the load runs, and prints the share of samples
in each of kg serve's stages and the top functions by own time.
"""
from __future__ import annotations

import argparse
import collections
import subprocess
import tempfile
import threading
from pathlib import Path

from bench import drive
from bench.mix import queries, samples
from bench.servers import BIN, ROOT, kg_serve

STAGES = (  # first match wins, looked up from the innermost frame out
    ("executor round trip (send job, wait, receive)", ("executor.py",)),
    ("access log", ("access_log.py",)),
    ("request checks and negotiation", ("protocol.py", "params.py", "negotiation.py", "sparql_guard.py",
                                        "sparql_lexer.py")),
    ("CORS, problems, pages hooks", ("cors.py", "problems.py", "pages/")),
    ("flask and werkzeug", ("flask/", "werkzeug/")),
    ("gunicorn (HTTP parsing, socket I/O, thread pool)", ("gunicorn/",)),
)


def stage_of(stack: str) -> str:
    frames = stack.split(";")
    for frame in reversed(frames):
        for name, markers in STAGES:
            if any(m in frame for m in markers):
                return name
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--query", default="ask")
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    store = ROOT / "var" / "bench" / f"kg-{args.articles}" / "store"
    query = next(q for q in queries(samples(store.resolve()), ROOT / "queries") if q.name == args.query)
    out = Path(tempfile.mkdtemp()) / "spy.txt"
    with kg_serve(store, ROOT / "var" / "bench" / "spy-serve.log", KG_WORKERS="1", KG_THREADS="2") as kg:
        worker = next(p for p in kg.pids() if p != kg.proc.pid and "server.executor" not in
                      Path(f"/proc/{p}/cmdline").read_text())
        load = threading.Thread(target=drive.run_slice,
                                args=(kg.url, query.kg_path, query.accept, args.seconds + 2, 2))
        load.start()
        subprocess.run([str(BIN / "py-spy"), "record", "--pid", str(worker), "--rate", "200", "--duration",
                        str(int(args.seconds)), "--format", "raw", "--output", str(out), "--nonblocking"],
                       check=True, capture_output=True)
        load.join()
    stacks = [line.rsplit(" ", 1) for line in out.read_text().splitlines() if line.rsplit(" ", 1)[-1].isdigit()]
    total = sum(int(n) for _, n in stacks)
    by_stage, by_leaf = collections.Counter(), collections.Counter()
    for stack, n in stacks:
        by_stage[stage_of(stack)] += int(n)
        by_leaf[stack.split(";")[-1]] += int(n)
    print(f"{total} samples of the busy threads of the kg serve worker, {args.query} under 2 clients")
    for name, n in by_stage.most_common():
        print(f"{n / total * 100:5.1f} %  {name}")
    print("top functions by own time:")
    for name, n in by_leaf.most_common(15):
        print(f"{n / total * 100:5.1f} %  {name}")


if __name__ == "__main__":
    main()
