"""Load benchmarks: bulk load into a store version vs `oxigraph load`, `kg build`, `kg ingest`.

Each loader runs as a child process; its wall time comes from the parent and its peak
memory (max RSS) from ``os.wait4``'s rusage of that child alone. The kg bulk load is
the store's own write path: ``EmbeddedStore.writer(fresh=True)`` (a new version,
flushed, optimized, published by one rename) around ``Store.bulk_load``.

    python -m bench.load kg-bulk FILE.nq STORE   (the child; prints its stage times as JSON)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.servers import BIN, ROOT, kg_env


def run_child(argv: list[str], env: dict | None = None, limit: float | None = None) -> dict:
    """Run ``argv``; return wall seconds, peak RSS of that child (MiB, wait4) and its output.

    With ``limit``, a child still running after ``limit`` seconds is killed and the result
    says ``{"timed_out": True}``.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(limit, proc.kill) if limit else None
    if timer:
        timer.start()
    out = proc.stdout.read()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    if timer:
        timer.cancel()
        if time.perf_counter() - start >= limit:
            return {"seconds": time.perf_counter() - start, "peak_mib": usage.ru_maxrss / 1024, "timed_out": True}
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({proc.returncode}): {out.decode()[-2000:]}")
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "stdout": out.decode()}


def count_quads(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def kg_bulk_load(nquads: Path, store: Path) -> dict:
    """Bulk load ``nquads`` into a new version of the store at ``store`` (a child process)."""
    result = run_child([sys.executable, "-m", "bench.load", "kg-bulk", str(nquads), str(store)])
    result.update(json.loads(result.pop("stdout").strip().splitlines()[-1]))
    return result


def oxigraph_load(nquads: Path, location: Path) -> dict:
    """`oxigraph load` of the same file into an empty directory."""
    shutil.rmtree(location, ignore_errors=True)
    result = run_child([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)])
    result.pop("stdout")
    return result


def copy_version(store: Path, target: Path) -> Path:
    """A byte-identical copy of the store's current version, for oxigraph serve."""
    version = Path(os.path.realpath(store))
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(version, target)
    return target


def kg_build(corpus: Path, store: Path) -> dict:
    """`kg build` of ``corpus`` into ``store``: wall time of the command and the time it reports."""
    result = run_child([str(BIN / "kg"), "build", "--silent", "--corpus", str(corpus)], env=kg_env(store))
    m = re.search(r"Built (\d+) articles, (\d+) facts, (\d+) quads in ([\d.]+) s", result["stdout"])
    result.update({"articles": int(m[1]), "quads": int(m[3]), "reported_s": float(m[4])} if m else {})
    return result


def kg_ingest(article: Path, store: Path, limit: float | None = None) -> dict:
    """`kg ingest` of one article into a copy of ``store`` (the original is left as it is), killed after ``limit`` s."""
    work = store.parent / "ingest-copy"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    version = Path(os.path.realpath(store))
    (work / "store.versions").mkdir()
    shutil.copytree(version, work / "store.versions" / version.name)
    os.symlink(f"store.versions/{version.name}", work / "store")
    argv = [str(BIN / "kg"), "ingest", str(article), "--published", "2024-03-14", "--outlet", "Bench Wire",
            "--title", "Envoy returns from Naypyidaw", "--format", "json"]
    result = run_child(argv, env=kg_env(work / "store"), limit=limit)
    if not result.get("timed_out"):
        result.update(json.loads(result.pop("stdout").strip().splitlines()[-1]))
    shutil.rmtree(work, ignore_errors=True)
    return result


def _child_kg_bulk(nquads: str, store: str) -> None:
    import pyoxigraph as ox

    from kg.store import EmbeddedStore

    t0 = time.perf_counter()
    es = EmbeddedStore(store)
    stage = {}
    with es.writer(fresh=True) as target:
        target.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
        stage["bulk_load_s"] = time.perf_counter() - t0
    stage["flush_optimize_publish_s"] = time.perf_counter() - t0 - stage["bulk_load_s"]
    print(json.dumps(stage))


if __name__ == "__main__":
    if sys.argv[1:2] == ["kg-bulk"]:
        _child_kg_bulk(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
