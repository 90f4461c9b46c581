"""Say which article reports each event: (event akg:reportedIn article), on the span that names it.

The evidence graphs already tie every fact to its article; this triple makes "the events
of an article" one indexed pattern instead of a walk over named graphs, which Oxigraph
plans badly when the article is a query parameter.
"""
from __future__ import annotations

from kg import rdf
from kg.model import Document, Fact

EXTRACTOR = "reports"
EVENT = rdf.akg("Event")


def extract(doc: Document) -> list[Fact]:
    article = rdf.article_iri(doc.article.id)
    first: dict[str, Fact] = {}
    for fact in doc.facts:
        for s, p, o in fact.triples:
            if p == rdf.A and o == EVENT and s.value not in first:
                first[s.value] = fact
    return [Fact(((fact_s, rdf.akg("reportedIn"), article),), fact.span, EXTRACTOR)
            for fact_s, fact in ((rdf.NamedNode(iri), f) for iri, f in first.items())]
