"""The SPARQL Update text the remote backend sends when it writes (kg.remote).

- ``insert_data``: INSERT DATA in operations of ``INSERT_CHUNK`` quads; literals an
  engine cannot take as data (Virtuoso and ``xsd:duration``) are made by STRDT instead.
- ``replace_update``: an article's old graphs dropped and its quads inserted, in one
  request, which the engine applies whole.
- ``reified`` and ``from_staging``: for engines that stage writes (kg.engines), the
  article's quads as triples about blank nodes in one staging graph (uploaded by the
  Graph Store Protocol), then one update that moves them into their graphs.

Terms are written by pyoxigraph (N-Triples syntax), never pasted from text.
"""
from __future__ import annotations

from typing import Iterator

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

INSERT_CHUNK = 100  # Virtuoso compiles INSERT DATA to SQL: 100 quads per operation was fastest (measured)
STAGING_GRAPH = NamedNode("https://w3id.org/aseankg/staging")  # outside the project's graphs: never read
REIFY = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
IN_GRAPH = NamedNode("https://w3id.org/aseankg/staging#graph")
XSD_DURATION = NamedNode("http://www.w3.org/2001/XMLSchema#duration")


def insert_data(quads: list[Quad], chunk: int = INSERT_CHUNK) -> str:
    """INSERT DATA operations for ``quads``, each in its graph (terms in N-Triples syntax).

    At most ``chunk`` quads per operation: Virtuoso refuses one that compiles to more
    than 10,000 lines of SQL. The operations still go in one request, applied whole.
    """
    # Virtuoso's INSERT DATA fails on an xsd:duration literal; an INSERT ... WHERE { BIND(STRDT()) } works everywhere.
    durations = [q for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype == XSD_DURATION]
    quads = [q for q in quads if not (isinstance(q.object, ox.Literal) and q.object.datatype == XSD_DURATION)]
    operations = [insert_computed(durations)] if durations else []
    for start in range(0, len(quads), chunk):
        by_graph: dict[str, list[str]] = {}
        for q in quads[start:start + chunk]:
            by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
        body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        operations.append(f"INSERT DATA {{\n{body}\n}}")
    return " ;\n".join(operations)


def reified(quads: list[Quad]) -> Iterator[ox.Triple]:
    """Each quad as four triples about a blank node: subject, predicate, object, graph."""
    subject, predicate, obj = (NamedNode(REIFY + n) for n in ("subject", "predicate", "object"))
    for q in quads:
        node = ox.BlankNode()
        yield ox.Triple(node, subject, q.subject)
        yield ox.Triple(node, predicate, q.predicate)
        yield ox.Triple(node, obj, q.object)
        yield ox.Triple(node, IN_GRAPH, q.graph_name)


def insert_computed(quads: list[Quad]) -> str:
    """INSERT ... WHERE with each literal made by STRDT: for literals an engine cannot take as data."""
    template = " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} ?v{i} }}" for i, q in enumerate(quads))
    binds = " ".join(f"BIND(STRDT({ox.Literal(q.object.value)}, {q.object.datatype}) AS ?v{i})"
                     for i, q in enumerate(quads))
    return f"INSERT {{ {template} }} WHERE {{ {binds} }}"


def replace_update(old_graphs: list[str], quads: list[Quad]) -> str:
    """One update that drops ``old_graphs`` and inserts ``quads``: the engine applies it whole."""
    operations = [f"DROP SILENT GRAPH <{g}>" for g in old_graphs] + ([insert_data(quads)] if quads else [])
    return " ;\n".join(operations)


def from_staging(old_graphs: list[str]) -> str:
    """Drop ``old_graphs``, copy the staged quads into their graphs, empty the staging graph: one request.

    >>> "INSERT { GRAPH ?g { ?s ?p ?o } }" in from_staging([])
    True
    """
    operations = [f"DROP SILENT GRAPH <{g}>" for g in old_graphs] + [
        f"INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{STAGING_GRAPH.value}> {{ ?q <{REIFY}subject> ?s ; "
        f"<{REIFY}predicate> ?p ; <{REIFY}object> ?o ; <{IN_GRAPH.value}> ?g }} }}",
        f"DROP SILENT GRAPH <{STAGING_GRAPH.value}>",
    ]
    return " ;\n".join(operations)
