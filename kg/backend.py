"""The one store interface every part uses, and ``open_backend`` that picks it from the settings.

Two implementations: ``EmbeddedBackend`` (the versioned pyoxigraph store of kg.store, the
default) and ``kg.remote.RemoteBackend`` (any SPARQL 1.1 engine, through Query, Update
and the Graph Store Protocol). What a caller can count on, whichever it gets:

- ``version()`` changes on every write and names what a reader sees (ETags, caches);
- ``snapshot()`` answers ``query(text, use_default_graph_as_union=True, substitutions=...)``
  and ``quads_for_pattern(s, p, o, g)`` like a read-only ``pyoxigraph.Store``, over the
  union of the project's graphs;
- ``write_build`` replaces the project's graphs and nothing else; ``write_articles``
  replaces some articles' graphs. Each article is written whole or not at all: the
  embedded store publishes one new version for the whole write, a remote engine gets
  one update request per article (an article spans several graphs: its record and
  one graph per evidence span).
- ``load_graph``, ``replace_graph``, ``drop_graph``: one graph at a time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Protocol

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from kg import rdf
from kg.store import EmbeddedStore, StoreError

ARTICLE_GRAPHS = rdf.GRAPH + "article/"


class BackendError(StoreError):
    """The store's engine failed; ``status`` is the HTTP status a client should get (502, 503, 504)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class ArticleChange:
    """One article's write: drop these graphs (its old version), then add these quads."""

    drop: list[NamedNode]
    add: list[Quad]


class Backend(Protocol):
    """What kg and server need from a store (see the module docstring)."""

    kind: str  # "embedded" or "sparql"
    path: Any  # where it is, for messages (the engine's URL is never shown to clients)

    def version(self) -> str | None: ...
    def exists(self) -> bool: ...
    def modified(self) -> dt.datetime | None: ...
    def snapshot(self) -> Any: ...
    def update(self, text: str) -> None: ...
    def load_graph(self, graph: NamedNode, triples: Iterable[pyoxigraph.Triple]) -> None: ...
    def replace_graph(self, graph: NamedNode, triples: Iterable[pyoxigraph.Triple]) -> None: ...
    def drop_graph(self, graph: NamedNode) -> None: ...
    def write_build(self, quads: list[Quad], files: list[tuple[NamedNode, Path]]) -> int: ...
    def write_articles(self, changes: list[ArticleChange], extra: list[Quad]) -> None: ...


class EmbeddedBackend(EmbeddedStore):
    """The embedded store (kg.store) behind the Backend interface: every write is one new version."""

    kind = "embedded"

    def update(self, text: str) -> None:
        with self.writer() as target:
            target.update(text)

    def load_graph(self, graph: NamedNode, triples: Iterable[pyoxigraph.Triple]) -> None:
        with self.writer() as target:
            target.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)

    def replace_graph(self, graph: NamedNode, triples: Iterable[pyoxigraph.Triple]) -> None:
        with self.writer() as target:
            target.remove_graph(graph)
            target.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)

    def drop_graph(self, graph: NamedNode) -> None:
        with self.writer() as target:
            target.remove_graph(graph)

    def write_build(self, quads: list[Quad], files: list[tuple[NamedNode, Path]]) -> int:
        """A fresh version holding ``files`` (Turtle, each into its graph) and ``quads``; the quad count."""
        with self.writer(fresh=True) as target:
            for graph, path in files:
                target.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
            target.bulk_extend(quads)
            total = len(target)
        return total + 1  # the version's own quad, added when the block ends

    def write_articles(self, changes: list[ArticleChange], extra: list[Quad]) -> None:
        with self.writer() as target:
            for change in changes:
                for graph in change.drop:
                    target.remove_graph(graph)
                target.extend(change.add)
            target.extend(extra)


def article_of(graph: NamedNode | str) -> str | None:
    """The article graph a graph belongs to (its record or one of its evidence graphs), else None.

    >>> article_of("https://w3id.org/aseankg/graph/article/004-0c56/120-180")
    'https://w3id.org/aseankg/graph/article/004-0c56'
    """
    iri = graph.value if isinstance(graph, NamedNode) else graph
    if not iri.startswith(ARTICLE_GRAPHS):
        return None
    return ARTICLE_GRAPHS + iri[len(ARTICLE_GRAPHS):].split("/", 1)[0]


def write_units(quads: Iterable[Quad]) -> dict[str, dict[NamedNode, list[Quad]]]:
    """Quads grouped into what must be written together: an article's graphs, else one graph.

    >>> g = NamedNode("https://w3id.org/aseankg/graph/article/a/1-2")
    >>> list(write_units([Quad(g, g, g, g)]))
    ['https://w3id.org/aseankg/graph/article/a']
    """
    units: dict[str, dict[NamedNode, list[Quad]]] = {}
    for q in quads:
        key = article_of(q.graph_name) or q.graph_name.value
        units.setdefault(key, {}).setdefault(q.graph_name, []).append(q)
    return units


def open_backend(settings: dict) -> Backend:
    """The backend the settings choose (``KG_BACKEND``): embedded at KG_STORE, or a remote engine."""
    if settings.get("backend", "embedded") == "sparql":
        from kg.remote import RemoteBackend

        return RemoteBackend.from_settings(settings)
    return EmbeddedBackend(settings["store"])
