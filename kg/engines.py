"""What differs between SPARQL engines, in one place: the union default graph, row caps, system graphs, timeouts.

The rest of the project speaks only the standards (SPARQL 1.1 Query, Update, Graph
Store Protocol). Where engines read the standards differently, the remote backend
(kg.remote) asks the ``Engine`` chosen by ``KG_SPARQL_ENGINE``:

- **The default graph.** The service's default graph is the union of the project's
  named graphs (docs/endpoint.md). ``oxigraph serve --union-default-graph`` does that
  itself. Virtuoso's default graph is every graph it holds, its own system graphs
  included (``virtrdf#``, ``ldp#``...): those are excluded per query with
  ``define input:default-graph-exclude`` / ``input:named-graph-exclude``. Fuseki does it
  with ``default-graph-uri=urn:x-arq:UnionGraph`` (or ``unionDefaultGraph`` in its
  configuration).
- **Row caps.** Virtuoso answers at most ``ResultSetMaxRows`` rows (10,000 by default)
  and cuts the rest silently. An answer that reaches the cap may be cut, so it is
  refused with a message that names the setting; the service never passes on an
  answer that may be truncated.
- **Time limits.** Virtuoso takes a ``timeout`` (milliseconds) per query and then
  returns *partial* results with ``X-SQL-State: S1TAT``: such an answer is refused as a
  timeout. Oxigraph serve has only a server-wide ``--timeout-s``. In every case the
  service's own HTTP timeout (``KG_QUERY_TIMEOUT``) bounds the wait.
- **LATERAL** (SPARQL 1.2): the saved queries read optional parts per row with
  ``LATERAL { OPTIONAL { ... } }``, which Oxigraph needs to plan them well. Virtuoso 7
  does not parse it; it gets the SPARQL 1.1 ``OPTIONAL { ... }``, which means the same.
- **Writes.** Each article is written whole by one update request; on Virtuoso it is
  uploaded first (Graph Store Protocol) into a hidden staging graph (``stages_writes``).
  Oxigraph serve has no authentication (keep it on a private network or
  behind a proxy that adds it); Virtuoso writes through ``/sparql-auth`` and
  ``/sparql-graph-crud-auth`` with digest authentication.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg import sparql_lexer

ENGINES = ("oxigraph", "virtuoso", "fuseki")
FUSEKI_UNION = "urn:x-arq:UnionGraph"
NO_GRAPH = "urn:aseankg:no-graph"  # a graph no store has: an empty list of graphs for engines that need one
# Graphs a fresh Virtuoso 7 holds for itself (RDF views, LDP, the URIQA server's description).
VIRTUOSO_SYSTEM = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                   "http://localuriqaserver/sparql")
VIRTUOSO_PARTIAL = "S1TAT"  # X-SQL-State of an answer cut short by Virtuoso's anytime-query timeout


class EngineAnswerRefused(Exception):
    """The engine's answer cannot be passed on as complete; ``status`` and the message say why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Engine:
    """How one engine is asked for the service's semantics."""

    name: str
    row_cap: int = 0  # rows the engine returns at most (0: no cap)
    cap_setting: str = ""

    def query_text(self, text: str, own_dataset: bool, hidden_graphs: tuple[str, ...]) -> str:
        """The query to send: the user's text, scoped to the project's graphs where the engine needs it.

        ``own_dataset`` is true when the request names its dataset (FROM, or the protocol's
        graph parameters), which then needs no scoping.

        >>> Engine("virtuoso").query_text("SELECT * {}", False, ("urn:sys",))
        'define input:default-graph-exclude <urn:sys> define input:named-graph-exclude <urn:sys> SELECT * {}'
        >>> Engine("oxigraph").query_text("SELECT * {}", False, ("urn:sys",))
        'SELECT * {}'
        """
        if self.name == "virtuoso":
            text = without_lateral(text)
        if self.name != "virtuoso" or own_dataset or not hidden_graphs:
            return text
        pragmas = " ".join(f"define input:default-graph-exclude <{g}> define input:named-graph-exclude <{g}>"
                           for g in hidden_graphs)
        return f"{pragmas} {text}"

    def dataset_params(self, default_graphs, named_graphs, union: bool) -> list[tuple[str, str]]:
        """The protocol's dataset parameters to send with a query.

        >>> Engine("fuseki").dataset_params(None, None, True)
        [('default-graph-uri', 'urn:x-arq:UnionGraph')]
        """
        if default_graphs is None and named_graphs is None:
            if union and self.name == "fuseki":
                return [("default-graph-uri", FUSEKI_UNION)]
            return []
        if self.name == "virtuoso":  # it reads a missing list as "all graphs", not as none
            default_graphs, named_graphs = default_graphs or (NO_GRAPH,), named_graphs or (NO_GRAPH,)
        return ([("default-graph-uri", g) for g in default_graphs or ()]
                + [("named-graph-uri", g) for g in named_graphs or ()])

    def dataset_of(self, text: str, union: bool) -> tuple[tuple[str, ...], tuple[str, ...]] | tuple[None, None]:
        """The dataset to send as protocol parameters for a query that names its own with FROM.

        ``oxigraph serve --union-default-graph`` makes every query's default graph the
        union, even one with ``FROM``; protocol parameters still win, so the query's own
        FROM and FROM NAMED graphs are sent as parameters (the same dataset). Virtuoso
        reads ``FROM <g>`` without ``FROM NAMED`` as "every graph is named": the
        parameters say none. Fuseki reads FROM as the standard says.

        >>> Engine("oxigraph").dataset_of("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", False)
        (('http://g',), ())
        """
        if union or self.name not in ("oxigraph", "virtuoso"):
            return None, None
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery

        try:
            clauses = translateQuery(parseQuery(text)).algebra.get("datasetClause") or []
        except Exception:  # rdflib cannot read it (pyoxigraph could): let the engine read FROM itself
            return None, None
        if not clauses:
            return None, None
        default = tuple(str(c["default"]) for c in clauses if "default" in c)
        named = tuple(str(c["named"]) for c in clauses if "named" in c)
        return default, named

    def timeout_params(self, seconds: float) -> list[tuple[str, str]]:
        """The engine's own per-query time limit, where it has one (Virtuoso: milliseconds)."""
        if self.name == "virtuoso" and seconds:
            return [("timeout", str(int(seconds * 1000)))]
        return []

    def check_answer(self, headers, rows: int, max_results: int) -> None:
        """Refuse an answer the engine may have cut short.

        :raises EngineAnswerRefused: 504 for Virtuoso's partial answer at its timeout,
            422 for an answer that reached the engine's row cap.
        """
        if self.name == "virtuoso" and headers.get("X-SQL-State") == VIRTUOSO_PARTIAL:
            raise EngineAnswerRefused(504, "the SPARQL engine stopped the query at the time limit "
                                           "(KG_QUERY_TIMEOUT) and returned only part of the answer; "
                                           "narrow the query or add a LIMIT")
        if self.row_cap and rows >= self.row_cap and (not max_results or self.row_cap <= max_results):
            raise EngineAnswerRefused(422, f"the answer reached the {self.row_cap} rows the SPARQL engine "
                                           f"returns at most ({self.cap_setting}), so it may be incomplete; "
                                           f"add a LIMIT below {self.row_cap} or narrow the query")

    @property
    def stages_writes(self) -> bool:
        """Whether an article is uploaded by the Graph Store Protocol and then moved in place by one update.

        Virtuoso compiles INSERT DATA to SQL slowly (10-20 s for an article of 2,500 quads
        here, measured); a Graph Store upload of the same quads, reified into one staging
        graph, then one ``INSERT ... WHERE`` from it takes about 1.5 s, and stays atomic.
        The staging graph is hidden from queries like the system graphs.
        """
        return self.name == "virtuoso"

    @property
    def system_graphs(self) -> tuple[str, ...]:
        """Graphs the engine keeps for itself, never part of the project's data (excluding an absent one is harmless).

        Listed, not queried: finding them by a query scans every quad, which does not scale.
        """
        return VIRTUOSO_SYSTEM if self.name == "virtuoso" else ()


def engine(name: str, row_cap: int = 0) -> Engine:
    """The Engine for ``KG_SPARQL_ENGINE``; ``row_cap`` overrides the engine's default cap.

    >>> engine("virtuoso").row_cap
    10000
    """
    if name not in ENGINES:
        raise ValueError(f"unknown SPARQL engine {name!r}; KG_SPARQL_ENGINE takes {', '.join(ENGINES)}")
    if name == "virtuoso":
        return Engine(name, row_cap or 10_000, "Virtuoso's ResultSetMaxRows in virtuoso.ini")
    return Engine(name, row_cap, "KG_SPARQL_MAX_ROWS" if row_cap else "")


def without_lateral(text: str) -> str:
    """``text`` with each ``LATERAL { OPTIONAL { P } }`` written ``OPTIONAL { P }`` (the same answers).

    A LATERAL group holding anything else is left as it is (the engine will say it cannot parse it).

    >>> without_lateral("SELECT * { ?s ?p ?o LATERAL { OPTIONAL { ?s <q> ?x } } }")
    'SELECT * { ?s ?p ?o  OPTIONAL { ?s <q> ?x }  }'
    """
    toks = list(sparql_lexer.tokens(text))
    cuts: list[tuple[int, int]] = []
    for i, t in enumerate(toks[:-2]):
        if t.keyword != "LATERAL" or toks[i + 1].text != "{" or toks[i + 2].keyword != "OPTIONAL":
            continue
        close = _matching(toks, i + 1)
        inner = _matching(toks, i + 3) if toks[i + 3].text == "{" else None
        if close is not None and inner is not None and inner + 1 == close:
            cuts += [(t.start, toks[i + 1].end), (toks[close].start, toks[close].end)]
    for start, end in sorted(cuts, reverse=True):
        text = text[:start] + text[end:]
    return text


def _matching(toks: list, opening: int) -> int | None:
    """The index of the ``}`` that closes the ``{`` at ``opening``."""
    depth = 0
    for j in range(opening, len(toks)):
        if toks[j].kind == "punct" and toks[j].text == "{":
            depth += 1
        elif toks[j].kind == "punct" and toks[j].text == "}":
            depth -= 1
            if depth == 0:
                return j
    return None
