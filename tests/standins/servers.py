"""Stand-in servers on free loopback ports, started and stopped by the tests that use them."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import requests

from tests.conftest import free_port
from tests.standins import fixture


def _oxigraph() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph command is missing; install the test extras (pip install -e '.[test]')")
    return found


class QueryService:
    """``oxigraph serve-read-only`` loaded with the fixture; ``url`` is its SPARQL endpoint."""

    def __init__(self, workdir: Path):
        data = workdir / "wikidata-fixture"
        nt = fixture.write(workdir / "wikidata-fixture.nt")
        subprocess.run([_oxigraph(), "load", "--location", str(data), "--file", str(nt)],
                       check=True, capture_output=True, timeout=60)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self._log = open(workdir / f"oxigraph-{self.port}.log", "w")
        self.proc = subprocess.Popen([_oxigraph(), "serve-read-only", "--location", str(data),
                                      "--bind", f"127.0.0.1:{self.port}"], stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url, params={"query": "ASK {}"}, timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not start: {(workdir / f'oxigraph-{self.port}.log').read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


class _Server:
    """A ThreadingHTTPServer on a free loopback port, served from a daemon thread."""

    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SearchAPI(_Server):
    """The MediaWiki API's ``wbsearchentities`` over the fixture; ``url`` is its api.php.

    Like the real action it matches the search text as a prefix of an English label or
    alias, case-insensitively, and answers ``{"search": [{id, label, description, match}]}``.
    ``requests`` counts the searches it answered (to see the cache at work).
    """

    def __init__(self):
        self.index = fixture.search_index()
        self.requests = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                if urlparse(self.path).path != "/w/api.php" or query.get("action") != "wbsearchentities":
                    return self._send({"error": {"code": "badvalue", "info": "Unrecognized value for parameter \"action\"."}})
                api.requests += 1
                self._send(api.answer(query.get("search", ""), int(query.get("limit", 7))))

            def _send(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        super().__init__(Handler)
        self.url = f"http://127.0.0.1:{self.port}/w/api.php"

    def answer(self, text: str, limit: int) -> dict:
        wanted = text.casefold().strip()
        hits = []
        for item in self.index:
            for kind, name in [("label", item["label"])] + [("alias", a) for a in item["aliases"]]:
                if name.casefold().startswith(wanted):
                    hits.append({
                        "id": item["qid"], "title": item["qid"], "repository": "wikidata",
                        "concepturi": f"http://www.wikidata.org/entity/{item['qid']}",
                        "url": f"//www.wikidata.org/wiki/{item['qid']}", "label": item["label"],
                        "description": item["description"],
                        "match": {"type": kind, "language": "en", "text": name},
                    })
                    break
        return {"searchinfo": {"search": text}, "search": hits[:limit], "success": 1}


class SilentServer:
    """Accepts connections and never answers: a query service that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stopped = threading.Event()
        threading.Thread(target=self._hold, daemon=True).start()

    def _hold(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)

    def stop(self) -> None:
        self._stopped.set()
        self.sock.close()
        for conn in self._held:
            conn.close()
