"""Start and stop the two servers under test, each in its own process group, and measure their memory.

``kg serve`` on the bench store, and ``oxigraph serve-read-only --union-default-graph`` on
a byte-identical copy of the same store version. Both are always stopped (the whole
process group: gunicorn's workers and executors too), also when the bench fails.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process (and its children) in a process group of its own."""

    def __init__(self, name: str, argv: list[str], ready_path: str, env: dict | None, log: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.log = log
        self._log_fh = open(log, "w")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log_fh, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.started = time.perf_counter()
        self._wait(ready_path)
        self.startup_s = time.perf_counter() - self.started

    def _wait(self, path: str, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start in {limit} s: {self.log.read_text()[-2000:]}")

    def pids(self) -> list[int]:
        """The server's process and all its descendants."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def memory(self) -> dict:
        """Resident memory of the process tree now (RSS) and at its peak (sum of each VmHWM), in MiB."""
        rss = hwm = 0
        pids = self.pids()
        kinds: dict[str, list] = {}
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            kind = ("main" if pid == self.proc.pid else "executor" if b"server.executor" in cmdline else "worker")
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
                    slot = kinds.setdefault(kind, [0, 0.0])
                    slot[0] += 1
                    slot[1] += int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm += int(line.split()[1])
        return {"processes": len(pids), "rss_mib": rss / 1024, "peak_mib": hwm / 1024, "kinds": kinds}

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        # executors die with their worker; make sure nothing of the group is left
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log_fh.close()


def kg_env(store: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_STORE": str(store), **extra})
    return env


@contextlib.contextmanager
def kg_serve(store: Path, log: Path, **env: str) -> Iterator[Server]:
    """`kg serve` with every safety feature on (the defaults), plus ``env`` overrides."""
    server = Server("kg serve", [str(BIN / "kg"), "serve", "--port", "{port}"], "/health", kg_env(store, **env), log)
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def oxigraph_serve(location: Path, log: Path, timeout_s: int = 5) -> Iterator[Server]:
    """`oxigraph serve-read-only --union-default-graph` with its own query time limit."""
    argv = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind", "127.0.0.1:{port}",
            "--union-default-graph", "--timeout-s", str(timeout_s)]
    server = Server("oxigraph serve", argv, "/query?query=ASK%7B%7D", None, log)
    try:
        yield server
    finally:
        server.stop()
