"""The store on a remote SPARQL engine, through SPARQL 1.1 Query, Update and the Graph Store HTTP Protocol.

Answers come back in one format the service parses with pyoxigraph (SPARQL JSON for
SELECT and ASK, N-Triples for graphs), so rows are counted exactly and the service
serialises them itself: every backend answers with the same bytes. Engine
differences (the default graph, row caps, timeouts, system graphs) are kg.engines'.

The version is a quad the writer puts in the data, as the embedded store does
(kg.store.VERSION_GRAPH): each build, ingest or update through the service writes a new
one. Readers cache it for ``VERSION_TTL`` seconds, so a running service sees a write
within that time, whichever machine made it.

Errors: an engine that cannot be reached is BackendError 503, one that does not answer
in time 504, one that answers with an error or garbage 502; the message says which.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
import requests
from pyoxigraph import NamedNode, Quad

from kg.backend import ArticleChange, BackendError, article_of, write_units
from kg.engines import Engine, EngineAnswerRefused, engine
from kg.store import VERSION_GRAPH, VERSION_INFO, StoreError, _new_version_name, version_quad
from kg.update_text import STAGING_GRAPH, from_staging, insert_data, reified, replace_update

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
VERSION_TTL = 1.0
PAGE = 5000
WRITE_TIMEOUT = 300.0
PROJECT_GRAPHS = "https://w3id.org/aseankg/graph/"
_EMPTY = ox.Store()
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_PROLOGUE_NOISE = re.compile(r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


@dataclass
class EngineAnswer:
    """An engine's answer, checked and parsed: ``kind`` is results, boolean or graph."""

    kind: str
    data: bytes  # SPARQL JSON (results, boolean) or N-Triples (graph)
    rows: int

    def parsed(self):
        """pyoxigraph's objects: QuerySolutions, QueryBoolean, or an iterator of Triples."""
        if self.kind == "graph":
            return ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES)
        return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)


class RemoteBackend:
    """The Backend interface (kg.backend) over a remote engine's standard endpoints."""

    kind = "sparql"

    def __init__(self, query_url: str, update_url: str = "", gsp_url: str = "", engine_: Engine | None = None,
                 auth: requests.auth.AuthBase | None = None, query_timeout: float = 30.0,
                 update_timeout: float = WRITE_TIMEOUT):
        if not query_url:
            raise StoreError("KG_BACKEND=sparql needs KG_SPARQL_QUERY_URL, the engine's SPARQL query endpoint")
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url
        self.path = query_url
        self.engine = engine_ or engine("oxigraph")
        self.auth = auth
        self.query_timeout, self.update_timeout = query_timeout, update_timeout
        self._local = threading.local()
        self._version: tuple[float, str | None] | None = None

    @classmethod
    def from_settings(cls, settings: dict) -> "RemoteBackend":
        auth = None
        if settings.get("sparql_user"):
            scheme = requests.auth.HTTPDigestAuth if settings.get("sparql_auth") == "digest" else requests.auth.HTTPBasicAuth
            auth = scheme(settings["sparql_user"], settings.get("sparql_password", ""))
        return cls(settings["sparql_query_url"], settings.get("sparql_update_url", ""), settings.get("gsp_url", ""),
                   engine(settings.get("sparql_engine", "oxigraph"), settings.get("sparql_max_rows", 0)), auth,
                   settings.get("query_timeout", 30.0), max(settings.get("update_timeout", 30.0), WRITE_TIMEOUT))

    # -- HTTP ------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _send(self, method: str, url: str, timeout: float, what: str, auth: bool = False, **kwargs) -> requests.Response:
        """One request to the engine; raises BackendError 503 (unreachable), 504 (too slow), 502 (it failed)."""
        try:
            response = self._session().request(method, url, timeout=(min(5.0, timeout), timeout),
                                               auth=self.auth if auth else None, **kwargs)
        except requests.Timeout:
            limit = "KG_QUERY_TIMEOUT); narrow it, or add a LIMIT" if what == "query" else "the write time limit)"
            raise BackendError(504, f"the SPARQL engine did not answer the {what} within {timeout:g} s ({limit}") from None
        except requests.ConnectionError as exc:
            raise BackendError(503, f"the SPARQL engine cannot be reached ({_reason(exc)}); "
                                    f"try again when it is back") from None
        if response.status_code >= 500 or response.status_code in (401, 403, 404, 405):
            raise BackendError(502, f"the SPARQL engine failed the {what}: HTTP {response.status_code} "
                                    f"{_first_line(response.text)}")
        return response

    # -- reading ---------------------------------------------------------
    def query(self, text: str, *, base_iri: str | None = None, default_graphs=None, named_graphs=None,
              union: bool = True, substitutions: dict | None = None, timeout: float | None = None,
              max_results: int = 0, within_cap: bool = False) -> EngineAnswer:
        """Run a query on the engine and return its checked answer.

        :raises SyntaxError: if the query does not parse (pyoxigraph's parser, as the embedded store).
        ``within_cap``: the caller asked for at most the engine's cap and checks the count itself.

        :raises BackendError: 422 for an answer over ``max_results`` rows or at the engine's cap,
            502/503/504 when the engine fails (see the module docstring).
        """
        kind = _kind(text)
        timeout = self.query_timeout if timeout is None else timeout
        sent = with_values(text, substitutions or {})
        if base_iri:
            sent = f"BASE <{base_iri}>\n{sent}"
        if default_graphs is None and named_graphs is None:
            default_graphs, named_graphs = self.engine.dataset_of(text, union)
        own_dataset = default_graphs is not None or named_graphs is not None or not union
        sent = self.engine.query_text(sent, own_dataset, self.hidden_graphs() if not own_dataset else ())
        form = [("query", sent), *self.engine.dataset_params(default_graphs, named_graphs, union),
                *self.engine.timeout_params(timeout)]
        # Not SPARQL XML, though Virtuoso writes it 3x faster: its XML loses the spaces around a literal.
        accept = N_TRIPLES if kind == "graph" else RESULTS_JSON
        response = self._send("POST", self.query_url, timeout, "query", data=form, headers={"Accept": accept})
        if response.status_code >= 400:
            raise BackendError(502, f"the SPARQL engine refused the query: HTTP {response.status_code} "
                                    f"{_first_line(response.text)}")
        data = response.content
        rows = _count(kind, data)
        if kind == "results" and b'"bnode"' in data:
            data = _valid_blank_nodes(data)
        try:
            self.engine.check_answer(response.headers, 0 if within_cap else rows, max_results)
        except EngineAnswerRefused as exc:
            raise BackendError(exc.status, str(exc)) from None
        if max_results and rows > max_results:
            raise BackendError(422, f"the answer has more than {max_results} rows (the server's "
                                    f"KG_MAX_RESULTS); add a LIMIT or narrow the query")
        return EngineAnswer(kind, data, rows)

    def hidden_graphs(self) -> tuple[str, ...]:
        """The engine's own graphs (and the staging graph), kept out of every answer (Virtuoso)."""
        hidden = set(self.engine.system_graphs) | ({STAGING_GRAPH.value} if self.engine.stages_writes else set())
        return tuple(sorted(hidden))

    def version(self) -> str | None:
        """The version the last write recorded, at most VERSION_TTL seconds old; None if never built."""
        cached = self._version
        if cached is not None and time.monotonic() - cached[0] < VERSION_TTL:
            return cached[1]
        answer = self.query(f"SELECT ?v WHERE {{ GRAPH <{VERSION_GRAPH.value}> {{ <{VERSION_GRAPH.value}> "
                            f"<{VERSION_INFO.value}> ?v }} }}", union=False)
        values = sorted(s["v"].value for s in answer.parsed())
        version = values[-1] if values else None
        self._version = (time.monotonic(), version)
        return version

    def exists(self) -> bool:
        return self.version() is not None

    def modified(self) -> dt.datetime | None:
        """When the current version was written (from its name), for 'is the store stale'."""
        version = self.version()
        if not version:
            return None
        try:
            return dt.datetime.strptime(version.split("-")[0], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            return None

    def snapshot(self) -> "RemoteDataset":
        if not self.exists():
            raise StoreError(f"no graph at {self.query_url}; run 'kg build' with KG_BACKEND=sparql first")
        return RemoteDataset(self)

    def project_graphs(self) -> list[str]:
        """Every graph of the project the engine holds (paged past any row cap)."""
        query = (f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER(STRSTARTS(STR(?g), \"{PROJECT_GRAPHS}\")) }} GROUP BY ?g")
        return [s["g"].value for s in self.paged(query, "?g", self.update_timeout)]

    def paged(self, query: str, order: str, timeout: float | None = None) -> Iterator[ox.QuerySolution]:
        """The solutions of a query, fetched in pages (ordered by ``order``) below the engine's row cap.

        Virtuoso also refuses to sort more than ``MaxSortedTopRows`` (10,000) rows for
        LIMIT plus OFFSET, hence pages of at most 5,000 rows.
        """
        page = min(self.engine.row_cap - 1, PAGE) if self.engine.row_cap else 0
        if not page:
            yield from self.query(query, union=False, timeout=timeout).parsed()
            return
        offset = 0
        while True:
            answer = self.query(f"{query} ORDER BY {order} LIMIT {page} OFFSET {offset}", union=False, timeout=timeout)
            yield from answer.parsed()
            if answer.rows < page:
                return
            offset += page

    def dump(self, max_results: int = 0, timeout: float | None = None) -> bytes:
        """The project's whole dataset as N-Quads; refused past ``max_results`` quads.

        One query when the answer fits under the engine's row cap; otherwise graph by
        graph, each read in pages.
        """
        scope = f"FILTER(STRSTARTS(STR(?g), \"{PROJECT_GRAPHS}\"))"
        cap = self.engine.row_cap
        whole = self.query(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }}"
                           + (f" LIMIT {cap}" if cap else ""), union=False, timeout=timeout, within_cap=True)
        if not cap or whole.rows < cap:
            quads = [Quad(s["s"], s["p"], s["o"], s["g"]) for s in whole.parsed()]
        else:
            quads = []
            for graph in self.project_graphs():
                rows = self.paged(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "?s ?p ?o", timeout)
                quads += [Quad(s["s"], s["p"], s["o"], NamedNode(graph)) for s in rows]
                if max_results and len(quads) > max_results:
                    break
        if max_results and len(quads) > max_results:
            raise BackendError(422, f"the answer has more than {max_results} rows (the server's "
                                    f"KG_MAX_RESULTS); add a LIMIT or narrow the query")
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    def has_graph(self, graph: str) -> bool:
        answer = self.query(f"ASK WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", union=False)
        return bool(answer.parsed())

    # -- writing ---------------------------------------------------------
    def update(self, text: str, timeout: float | None = None) -> None:
        """Apply an update and record a new version, in one request (the engine applies it whole)."""
        self._update(text.rstrip().rstrip(";") + " ;\n" + self._version_update(), timeout)

    def _update(self, text: str, timeout: float | None = None) -> None:
        if not self.update_url:
            raise StoreError("writing to a remote store needs KG_SPARQL_UPDATE_URL, the engine's update endpoint")
        response = self._send("POST", self.update_url, timeout or self.update_timeout, "update", auth=True,
                              data=text.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        if response.status_code >= 400:
            raise BackendError(502, f"the SPARQL engine refused the update: HTTP {response.status_code} "
                                    f"{_first_line(response.text)}")

    def _version_update(self) -> str:
        version = _new_version_name()
        self._version = (time.monotonic(), version)
        return f"DROP SILENT GRAPH <{VERSION_GRAPH.value}> ;\n" + insert_data([version_quad(version)])

    def _gsp(self, method: str, graph: NamedNode, triples: Iterable[ox.Triple] = ()) -> None:
        if not self.gsp_url:
            raise StoreError("graph writes to a remote store need KG_GSP_URL, the engine's Graph Store endpoint")
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) if method != "DELETE" else None
        response = self._send(method, self.gsp_url, self.update_timeout, f"graph {method}", auth=True,
                              params={"graph": graph.value}, data=body,
                              headers={"Content-Type": N_TRIPLES} if body is not None else {})
        if response.status_code >= 400 and not (method == "DELETE" and response.status_code == 404):
            raise BackendError(502, f"the SPARQL engine refused {method} of graph <{graph.value}>: "
                                    f"HTTP {response.status_code} {_first_line(response.text)}")

    def load_graph(self, graph: NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Add triples to a graph (Graph Store Protocol POST)."""
        self._gsp("POST", graph, triples)
        self._update(self._version_update())

    def replace_graph(self, graph: NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Replace a graph's triples (Graph Store Protocol PUT: the engine swaps it whole)."""
        self._gsp("PUT", graph, triples)
        self._update(self._version_update())

    def drop_graph(self, graph: NamedNode) -> None:
        """Remove a graph (Graph Store Protocol DELETE)."""
        self._gsp("DELETE", graph)
        self._update(self._version_update())

    def write_build(self, quads: list[Quad], files: list[tuple[NamedNode, Path]]) -> int:
        """Replace the project's graphs with these: graph by graph, each article whole; the quad count.

        A graph of its own (ontology, registry, outlet...) is one Graph Store PUT; an
        article's graphs go in one update request that drops its old graphs and inserts
        the new ones. Project graphs the build no longer makes are dropped last, then
        the version is written; graphs outside the project are never touched.
        """
        for graph, path in files:
            quads = [Quad(t.subject, t.predicate, t.object, graph)
                     for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)] + quads
        units = write_units(quads)
        existing: dict[str, list[str]] = {}
        for g in self.project_graphs():
            existing.setdefault(article_of(g) or g, []).append(g)
        for key, graphs in units.items():
            if article_of(key) is None and len(graphs) == 1:
                ((graph, unit),) = graphs.items()
                self._gsp("PUT", graph, (q.triple for q in unit))
            else:
                self._write_article(existing.get(key, []), [q for g in graphs.values() for q in g])
        for key, graphs in existing.items():
            if key not in units and key != VERSION_GRAPH.value:
                self._update(replace_update(graphs, []))
        self._update(self._version_update())
        return len(set(quads)) + 1

    def _write_article(self, old_graphs: list[str], quads: list[Quad]) -> None:
        """Drop an article's old graphs and write its quads in one update request (applied whole).

        Where the engine stages writes (kg.engines), the quads are first uploaded, reified,
        into the staging graph, and the update copies them into their graphs from there.
        """
        if not self.engine.stages_writes or not quads:
            self._update(replace_update(old_graphs, quads))
            return
        self._gsp("PUT", STAGING_GRAPH, reified(quads))
        self._update(from_staging(old_graphs))

    def write_articles(self, changes: list[ArticleChange], extra: list[Quad]) -> None:
        """Each article in one update request (its old graphs dropped, its new quads in), then ``extra``."""
        for change in changes:
            self._write_article([g.value for g in change.drop], change.add)
        self._update((insert_data(extra) + " ;\n" if extra else "") + self._version_update())


class RemoteDataset:
    """A read-only view of the remote store shaped like ``pyoxigraph.Store`` for kg's readers."""

    def __init__(self, backend: RemoteBackend):
        self.backend = backend

    def query(self, text: str, use_default_graph_as_union: bool = True, substitutions: dict | None = None,
              base_iri: str | None = None):
        answer = self.backend.query(text, union=use_default_graph_as_union, substitutions=substitutions,
                                    base_iri=base_iri, timeout=self.backend.update_timeout)
        return answer.parsed()

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[Quad]:
        """The quads that match, over every graph (or ``graph_name``); an iterator, as pyoxigraph's."""
        terms = {"s": subject, "p": predicate, "o": object, "g": graph_name}
        query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        bound = {ox.Variable(k): v for k, v in terms.items() if v is not None}
        rows = self.backend.query(query, union=False, substitutions=bound).parsed()
        return iter([Quad(*(terms[k] if terms[k] is not None else s[k] for k in "spo"),
                          graph_name if graph_name is not None else s["g"]) for s in rows])

    def contains_named_graph(self, graph: NamedNode) -> bool:
        return self.backend.has_graph(graph.value)


def with_values(text: str, substitutions: dict) -> str:
    """Bind variables as pyoxigraph's substitutions do, for an engine that has none: a VALUES row
    at the start of the query's WHERE group. Terms are written by pyoxigraph (N-Triples syntax).

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {ox.Variable("x"): ox.NamedNode("urn:a")})
    'SELECT ?x WHERE { VALUES (?x) { (<urn:a>) } ?x ?p ?o }'
    """
    if not substitutions:
        return text
    names = " ".join(f"?{v.value}" for v in substitutions)
    values = " ".join(str(t) for t in substitutions.values())
    at = _where_group(text)
    return f"{text[:at + 1]} VALUES ({names}) {{ ({values}) }}{text[at + 1:]}"


def _where_group(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE group (after WHERE, else the first group)."""
    cleaned = _PROLOGUE_NOISE.sub(lambda m: " " * len(m.group()), text)
    where = re.search(r"\bWHERE\s*\{", cleaned, re.IGNORECASE)
    if where:
        return where.end() - 1
    first = cleaned.find("{")
    if first < 0:
        raise SyntaxError("the query has no WHERE group")
    return first


def _kind(text: str) -> str:
    """results, boolean or graph: the query's form, from pyoxigraph's parser (SyntaxError if it does not parse)."""
    if "service" not in text.lower():
        # Parsing needs no data: the empty store never evaluates SELECT or CONSTRUCT until read.
        answer = _EMPTY.query(text)
        if isinstance(answer, ox.QueryBoolean):
            return "boolean"
        return "graph" if isinstance(answer, ox.QueryTriples) else "results"
    form = _FORM.search(_PROLOGUE_NOISE.sub(" ", text))
    keyword = form.group(1).upper() if form else "SELECT"
    return {"ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}.get(keyword, "results")


def _count(kind: str, data: bytes) -> int:
    if kind == "graph":
        return sum(1 for line in data.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))
    if kind == "boolean":
        return 1
    try:
        return len(json.loads(data)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        raise BackendError(502, "the SPARQL engine's answer is not SPARQL JSON results") from None


def _valid_blank_nodes(data: bytes) -> bytes:
    """SPARQL JSON with blank node labels pyoxigraph accepts (Virtuoso writes ``nodeID://b10001``)."""
    body = json.loads(data)
    for binding in body.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("type") == "bnode":
                term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"])
    return json.dumps(body).encode("utf-8")


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "Connection reset", "Remote end closed"):
        if marker in text:
            return marker.lower()
    return text.split(":")[-1].strip(" )'\"")[:120] or type(exc).__name__


def _first_line(text: str) -> str:
    """The engine's error in one short line (HTML tags and blank lines dropped)."""
    lines = [l.strip() for l in re.sub(r"<[^>]+>", "\n", text or "").splitlines() if l.strip()]
    interesting = [l for l in lines if not l.lower().startswith(("<!doctype", "sparql graph protocol request"))]
    return (interesting[0] if interesting else "")[:300]

