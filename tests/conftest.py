"""Shared fixtures: a store built from the corpus, and a real `kg serve` on a free port."""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kg_env(store: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_STORE": str(store), **extra})
    return env


def run_kg(*args: str, store: Path, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
    """Run the real `kg` command line in a subprocess."""
    proc = subprocess.run([*KG, *args], cwd=ROOT, env=kg_env(store, **extra), capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, so no server outlives a killed run."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LiveServer:
    """`kg serve` in a subprocess; stopped by the fixture that started it."""

    def __init__(self, store: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = store.parent / f"serve-{self.port}.log"
        self._log_fh = open(self.log, "w")
        self.proc = subprocess.Popen(
            [*KG, "serve", "--port", str(self.port)], cwd=ROOT, env=kg_env(store, **env),
            stdout=self._log_fh, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited: {self.log.read_text()}")
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return
            except requests.RequestException:  # not listening yet, or busy starting
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kg serve did not start: {self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log_fh.close()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """A store built from the project's corpus by the real `kg build`."""
    store = tmp_path_factory.mktemp("kg") / "store"
    run_kg("build", "--silent", store=store)
    return store


@pytest.fixture(scope="session")
def server(built_store) -> LiveServer:
    live = LiveServer(built_store)
    yield live
    live.stop()


def _remote_store(kind: str, tmp_path_factory):
    """A real engine of ``kind`` holding the corpus, written by the real `kg build` (KG_BACKEND=sparql)."""
    from tests.engines import ENGINES

    engine = ENGINES[kind](tmp_path_factory.mktemp(kind)).start()
    try:
        run_kg("build", "--silent", store=engine.workdir / "unused-store", **engine.env())
    except BaseException:
        engine.stop()
        raise
    return engine


@pytest.fixture(scope="session")
def oxigraph_store(tmp_path_factory):
    """`oxigraph serve` holding the corpus (tests/engines.py)."""
    engine = _remote_store("oxigraph", tmp_path_factory)
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def virtuoso_store(tmp_path_factory):
    """Virtuoso holding the corpus (tests/engines.py)."""
    engine = _remote_store("virtuoso", tmp_path_factory)
    yield engine
    engine.stop()


def pytest_collection_modifyitems(items):
    """Mark Virtuoso's known conformance gaps (tests/engines.py VIRTUOSO_GAPS) as expected failures."""
    from tests.engines import VIRTUOSO_GAPS

    for item in items:
        for test_id, (reason, strict) in VIRTUOSO_GAPS.items():
            if item.nodeid.endswith(test_id):
                item.add_marker(pytest.mark.xfail(reason=f"Virtuoso 7.2: {reason}", strict=strict))
