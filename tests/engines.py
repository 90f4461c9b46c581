"""Real remote SPARQL engines for the tests: `oxigraph serve` and Virtuoso, on free loopback ports.

Each is started in a temporary directory and stopped by the fixture that started it.
``env()`` gives the KG_* settings that point the service at it (KG_BACKEND=sparql).
Virtuoso is Debian's ``virtuoso-opensource`` (``make test`` installs it when missing);
its virtuoso.ini listens on 127.0.0.1 only.
"""
from __future__ import annotations

import abc
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.conftest import _die_with_parent, free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 8
MaxClientConnections = 8
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


class Engine(abc.ABC):
    """A real SPARQL engine process; ``env()`` points the service at it."""

    name = ""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    @abc.abstractmethod
    def env(self, **extra: str) -> dict[str, str]:
        """The KG_* settings that make `kg` use this engine (each engine has its own endpoints)."""

    def _wait(self, url: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}: {self.log_text()}")
            try:
                if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not start in {seconds} s: {self.log_text()}")

    def log_text(self) -> str:
        return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class OxigraphServer(Engine):
    """`oxigraph serve --union-default-graph` on a directory (PyPI's oxigraph, the test extra)."""

    name = "oxigraph"

    def start(self) -> "OxigraphServer":
        self.proc = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.workdir / "data"), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        self._wait(self.base + "/query", 30)
        return self

    def env(self, **extra: str) -> dict[str, str]:
        return {"KG_BACKEND": "sparql", "KG_SPARQL_ENGINE": "oxigraph", "KG_SPARQL_QUERY_URL": self.base + "/query",
                "KG_SPARQL_UPDATE_URL": self.base + "/update", "KG_GSP_URL": self.base + "/store", **extra}


class VirtuosoServer(Engine):
    """Debian's Virtuoso 7 with a virtuoso.ini in the work directory, listening on 127.0.0.1 only."""

    name = "virtuoso"

    max_rows = 100_001  # above KG_MAX_RESULTS, as docs/remote.md advises; Virtuoso's default is 10000
    buffers = 20000  # 8 KiB pages: 160 MiB, plenty for the corpus (Virtuoso's guide: 340000 for 4 GiB)

    def start(self) -> "VirtuosoServer":
        ini = self.workdir / "virtuoso.ini"
        self.sql_port = free_port()
        ini.write_text(VIRTUOSO_INI.format(dir=self.workdir, sql_port=self.sql_port, http_port=self.port,
                                           buffers=self.buffers, dirty=self.buffers * 3 // 4,
                                           max_rows=self.max_rows))
        self.proc = subprocess.Popen(
            [VIRTUOSO, "-c", str(ini), "+foreground"], cwd=self.workdir,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        self._wait(self.base + "/sparql", 120)
        return self

    def log_text(self) -> str:
        log = self.workdir / "virtuoso.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def env(self, **extra: str) -> dict[str, str]:
        return {"KG_BACKEND": "sparql", "KG_SPARQL_ENGINE": "virtuoso", "KG_SPARQL_QUERY_URL": self.base + "/sparql",
                "KG_SPARQL_UPDATE_URL": self.base + "/sparql-auth",
                "KG_GSP_URL": self.base + "/sparql-graph-crud-auth",
                # a fresh database's administrator; the database lives only as long as the test
                "KG_SPARQL_USER": "dba", "KG_SPARQL_PASSWORD": "dba", "KG_SPARQL_AUTH": "digest",
                "KG_SPARQL_MAX_ROWS": str(self.max_rows), **extra}


ENGINES = {"oxigraph": OxigraphServer, "virtuoso": VirtuosoServer}


def settings_of(env: dict[str, str]) -> dict:
    """The same settings as create_app's overrides (names without KG_, values parsed)."""
    from kg import config

    return config.load(environ=env)


# Where Virtuoso 7.2.5 answers differently from the SPARQL 1.1 specifications (and so from the
# embedded store), found by the parity tests: test id -> (reason, strict). tests/conftest.py marks
# them xfail; strict ones fail the run if Virtuoso starts answering right. docs/scaling.md lists them.
VIRTUOSO_GAPS = {
    "test_remote_catalogue.py::test_catalogue_queries_give_the_known_answers[virtuoso-role-holders-4]":
        ("SELECT DISTINCT returns the same row twice (role-holders; seen in CSV: two identical rows)", True),
    "test_remote_catalogue.py::test_every_saved_query_answers_as_on_the_embedded_store[virtuoso-single-source-facts]":
        ("answers 208 rows where the embedded store answers 168 (extra rows with no label); cause not yet isolated", True),
    "test_remote_catalogue.py::test_every_saved_query_answers_as_on_the_embedded_store[virtuoso-article-facts]":
        ("Virtuoso's plan for this query takes longer than KG_QUERY_TIMEOUT (5 s) on the test machine: 504", False),
    "test_remote_catalogue.py::test_every_saved_query_answers_as_on_the_embedded_store[virtuoso-article-record]":
        ("Virtuoso's plan for this query takes longer than KG_QUERY_TIMEOUT (5 s) on the test machine: 504", False),
    "test_remote_protocol.py::test_the_graph_store_reads_the_whole_dataset_with_its_graphs[virtuoso]":
        ("writing 18,800 rows of SPARQL JSON takes Virtuoso about 5 s here (10,000 rows: 4.5 s), "
         "past KG_QUERY_TIMEOUT: 504 (its XML is faster but drops spaces around literals)", False),
    "test_remote_protocol.py::test_plain_triple_patterns_see_every_named_graph[virtuoso]":
        ("COUNT(*) over GRAPH <a graph that does not exist> answers 1, not 0", True),
    "test_remote_protocol.py::test_from_in_the_query_is_honoured_and_the_protocol_overrides_it[virtuoso]":
        ("FROM <g> in the query with default-graph-uri: Virtuoso merges both instead of letting the protocol win", True),
    "test_remote_protocol.py::test_the_endpoint_url_with_no_query_describes_the_service[virtuoso]":
        ("BNODE() is not implemented (the service description's CONSTRUCT uses it): 502", True),
    "test_remote_protocol.py::test_the_service_description_in_other_rdf_formats[virtuoso]":
        ("BNODE() is not implemented (the service description's CONSTRUCT uses it): 502", True),
}
