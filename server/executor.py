"""Run every query and update in a long-lived executor process that is killed when it runs too long.

Why processes: pyoxigraph evaluates a query in Rust without checking for
cancellation and cannot be interrupted from Python, and it makes real HTTP calls for
SERVICE. A thread that runs a runaway query is lost until the query ends, if ever.
A process can be killed. So each web worker process keeps one executor process per
request thread (``KG_THREADS``): a request takes an idle executor, sends it the job
over a socket, and waits at most ``KG_QUERY_TIMEOUT`` seconds for the serialized
answer. If none comes, the executor is killed (SIGKILL: no Rust code can delay it),
a fresh one is started in its place (about 50 ms, in the background), and the client
gets 503. A crashed executor is replaced the same way. The web worker itself never
runs SPARQL, so it is never stuck.

Executors open the store read-only and reopen it when the store link moves; an
update runs in an executor too, through ``EmbeddedStore.writer()`` (a copy of the
current version, published only if the update succeeds; a killed update leaves the
current version untouched). An executor dies with its web worker (PR_SET_PDEATHSIG,
and end of file on its socket).

Run as ``python -m server.executor FD STORE PARENT_PID`` by ExecutorPool, never by hand.
"""
from __future__ import annotations

import ctypes
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

log = logging.getLogger("kg.executor")
STARTUP_LIMIT = 60.0  # seconds for a new executor to import pyoxigraph and open the store


class QueryTimeout(Exception):
    """The executor did not answer in time and was killed."""


class ExecutorLost(Exception):
    """The executor died while working on the job (it has been replaced)."""


class _Executor:
    """One executor process and the parent's end of its socket."""

    def __init__(self, store_path: str):
        parent_end, child_end = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server.executor", str(child_end.fileno()), store_path, str(os.getpid())],
            pass_fds=(child_end.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        )
        child_end.close()
        self.conn = Connection(parent_end.detach())
        self.ready = False  # the process says "ready" once its store is open

    def wait_ready(self, limit: float = STARTUP_LIMIT) -> None:
        """Wait for the process to have started, so its start-up never counts against a query's time limit.

        :raises EOFError: if it died or did not start within ``limit`` seconds.
        """
        if not self.ready:
            if not self.conn.poll(limit) or self.conn.recv() != "ready":
                raise EOFError("the executor did not start")
            self.ready = True

    def kill(self) -> None:
        self.conn.close()
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            log.warning("executor %s did not exit after SIGKILL", self.proc.pid)


class ExecutorPool:
    """The executor processes of one web worker process; thread-safe.

    Processes start on first use in each OS process (or on ``start()``), so a pool
    made before gunicorn forks its workers is never shared between them.
    """

    def __init__(self, store_path: str, size: int, timeout: float):
        self.store_path = str(store_path)
        self.size = max(1, size)
        self.timeout = timeout
        self.restarts = 0
        # Last in, first out: under light load the same executor, whose caches are warm,
        # takes every request, and the others stay small (each has its own RocksDB caches).
        self._idle: queue.LifoQueue[_Executor] = queue.LifoQueue()
        self._all: set[_Executor] = set()
        self._owner: int | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the executors of this process, once."""
        with self._lock:
            if self._owner == os.getpid():
                return
            self._owner = os.getpid()
            self._idle, self._all = queue.LifoQueue(), set()
            for _ in range(self.size):
                self._add(_Executor(self.store_path))

    def run(self, job, timeout: float | None = None) -> tuple:
        """Send ``job`` to an idle executor and return its reply.

        :param timeout: seconds to wait for the reply (default: the pool's).
        :raises QueryTimeout: if no reply came within the timeout (the executor was replaced).
        :raises ExecutorLost: if the executor died (it was replaced).
        """
        timeout = self.timeout if timeout is None else timeout
        self.start()
        executor = self._idle.get()
        try:
            executor.wait_ready()
            executor.conn.send(job)
            if not executor.conn.poll(timeout):
                executor = self._replace(executor, "did not answer in %.1f s" % timeout)
                raise QueryTimeout
            return executor.conn.recv()
        except (EOFError, OSError):
            executor = self._replace(executor, "died")
            raise ExecutorLost from None
        finally:
            self._idle.put(executor)

    def stats(self) -> dict:
        alive = sum(1 for e in list(self._all) if e.proc.poll() is None)
        return {"processes": alive, "restarts": self.restarts}

    def close(self) -> None:
        """Kill every executor of this process (the worker is exiting)."""
        with self._lock:
            if self._owner != os.getpid():
                return
            for executor in list(self._all):
                executor.kill()
            self._all.clear()
            self._owner = None

    def _replace(self, executor: _Executor, why: str) -> _Executor:
        log.warning("executor %s %s; killed and replaced", executor.proc.pid, why)
        executor.kill()
        with self._lock:
            self._all.discard(executor)
            self.restarts += 1
            fresh = _Executor(self.store_path)
            self._all.add(fresh)
        return fresh

    def _add(self, executor: _Executor) -> None:
        self._all.add(executor)
        self._idle.put(executor)


def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when the web worker that started it dies (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def main(argv: list[str]) -> None:
    fd, store_path, parent_pid = int(argv[0]), argv[1], int(argv[2])
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in `kg serve` is for the worker to handle
    from server.evaluate import Evaluator

    conn = Connection(fd)
    evaluator = Evaluator(store_path)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(evaluator.run(job))


if __name__ == "__main__":
    main(sys.argv[1:])
