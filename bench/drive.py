"""Drive two servers with the same requests in alternating short slices, and summarize latencies.

For each query, each round runs four slices, A B B A (so drift in the machine's load
hits both servers alike), each slice ``seconds`` long with ``clients`` keep-alive
connections sending the request back to back. Latency is per request, from sending
to the last byte read; throughput is requests completed per second of slice.
"""
from __future__ import annotations

import http.client
import math
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


class Client:
    """One keep-alive HTTP/1.1 connection to a server."""

    def __init__(self, url: str, timeout: float = 30):
        self.host, port = urllib.parse.urlsplit(url).netloc.split(":")
        self.port, self.timeout = int(port), timeout
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get(self, path: str, accept: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers={"Accept": accept})
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()  # the server closed an idle keep-alive connection: reconnect once
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    def add(self, other: "Samples") -> None:
        self.latencies += other.latencies
        self.seconds += other.seconds
        self.errors += other.errors

    def p(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(math.ceil(q * len(xs))) - 1)] if xs else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def run_slice(url: str, path: str, accept: str, seconds: float, clients: int) -> Samples:
    """``clients`` threads send ``path`` back to back for ``seconds``; non-200 answers count as errors."""
    results = [Samples() for _ in range(clients)]
    conns = [Client(url) for _ in range(clients)]
    for c in conns:  # open the connections before the clock starts
        c.get(path, accept)
    start = time.perf_counter()
    deadline = start + seconds

    def loop(client: Client, out: Samples) -> None:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status, _ = client.get(path, accept)
            if status == 200:
                out.latencies.append(time.perf_counter() - t0)
            else:
                out.errors += 1

    threads = [threading.Thread(target=loop, args=(c, r)) for c, r in zip(conns, results)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    for c in conns:
        c.close()
    total = Samples(seconds=elapsed)
    for r in results:
        total.latencies += r.latencies
        total.errors += r.errors
    return total


def alternate(a_url: str, a_path: str, b_url: str, b_path: str, accept: str, rounds: int, seconds: float,
              clients: int) -> tuple[Samples, Samples]:
    """Rounds of A B B A slices; the samples of A and of B."""
    a, b = Samples(), Samples()
    for _ in range(rounds):
        a.add(run_slice(a_url, a_path, accept, seconds, clients))
        b.add(run_slice(b_url, b_path, accept, seconds, clients))
        b.add(run_slice(b_url, b_path, accept, seconds, clients))
        a.add(run_slice(a_url, a_path, accept, seconds, clients))
    return a, b


def geomean(xs: list[float]) -> float:
    xs = [x for x in xs if x > 0 and math.isfinite(x)]
    return math.exp(statistics.fmean(math.log(x) for x in xs)) if xs else float("nan")
