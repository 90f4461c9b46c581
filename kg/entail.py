"""Superclass types, written next to the type they follow from, so queries need no reasoner.

When a span supports ``x a akg:Summit``, it also supports ``x a akg:Meeting`` and
``x a akg:Event`` (and the standard classes they specialise): these go into the same
named graph, so they share the span's provenance and disappear with it when an article
is replaced.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode

from kg import rdf
from kg.config import PROJECT_ROOT

ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "kg.ttl"
SUBCLASS = rdf.RDFS + "subClassOf"


@lru_cache(maxsize=4)
def superclasses(path: Path = ONTOLOGY_FILE) -> dict[str, frozenset[str]]:
    """Every named class of the ontology with all its named superclasses (transitively)."""
    direct: dict[str, set[str]] = {}
    for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        if triple.predicate.value == SUBCLASS and isinstance(triple.object, NamedNode):
            direct.setdefault(triple.subject.value, set()).add(triple.object.value)
    closure: dict[str, frozenset[str]] = {}

    def up(cls: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if cls in closure:
            return closure[cls]
        found: set[str] = set()
        for parent in direct.get(cls, ()):
            if parent not in seen:
                found |= {parent} | up(parent, seen | {cls})
        closure[cls] = frozenset(found)
        return closure[cls]

    for cls in direct:
        up(cls)
    return closure


def with_superclasses(triples, supers: dict[str, frozenset[str]] | None = None) -> list:
    """``triples`` plus a type triple for every superclass of every asserted type.

    >>> s = NamedNode("https://w3id.org/aseankg/id/event/x")
    >>> out = with_superclasses([(s, rdf.A, rdf.akg("Summit"))])
    >>> rdf.akg("Event") in {o for _, _, o in out}
    True
    """
    supers = superclasses() if supers is None else supers
    out = list(triples)
    seen = set(out)
    for s, p, o in list(out):
        if p == rdf.A and isinstance(o, NamedNode):
            for parent in supers.get(o.value, ()):
                extra = (s, rdf.A, NamedNode(parent))
                if extra not in seen:
                    seen.add(extra)
                    out.append(extra)
    return out
