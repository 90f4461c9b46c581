"""Facts to quads: each span's facts in their own named graph, with a Web Annotation that selects the span.

Layout for article A and span s-e (offsets in code points of A's canonical text)::

    GRAPH <graph/article/A/s-e> {            # the facts the span supports, and the graph's own record
        ...fact triples...
        <graph/article/A/s-e> a akg:EvidenceGraph ; prov:wasDerivedFrom <id/article/A> ;
            akg:evidence <id/evidence/A/s-e> ; akg:method akc:automatic ; akg:extractor "quotes" ;
            prov:wasGeneratedBy <id/run/...> .
    }
    GRAPH <graph/article/A> {                # once per span: the annotation and its selectors
        <id/evidence/A/s-e> a oa:Annotation ; oa:hasTarget <…#target> .
        <…#target> oa:hasSource <id/article/A> ; oa:hasSelector <…#quote>, <…#position> .
        <…#quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
        <…#position> a oa:TextPositionSelector ; oa:start s ; oa:end e .
    }

Everything an article contributes is in graphs named ``graph/article/A`` or ``graph/article/A/…``,
so replacing or removing an article is dropping those graphs.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad

from kg import rdf
from kg.corpus import Article
from kg.entail import with_superclasses
from kg.model import Fact, Span

PIPELINE_VERSION = "0.2.0"
CONTEXT_CHARS = 32


class EvidenceError(ValueError):
    """A fact's evidence does not lie inside its article."""


@dataclass(frozen=True)
class Run:
    """One extraction run (a build or an ingest), a prov:Activity."""

    iri: NamedNode
    started: dt.datetime

    @classmethod
    def start(cls, label: str = "build") -> "Run":
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        return cls(rdf.thing_iri("run", f"{label}-{now.strftime('%Y%m%dT%H%M%SZ')}"), now)

    def quads(self) -> list[Quad]:
        g = NamedNode(rdf.GRAPH + "runs")
        return [
            Quad(self.iri, rdf.A, rdf.akg("ExtractionRun"), g),
            Quad(self.iri, NamedNode(rdf.PROV + "startedAtTime"),
                 rdf.Literal(self.started.isoformat(), datatype=NamedNode(rdf.XSD + "dateTime")), g),
            Quad(self.iri, rdf.akg("pipelineVersion"), rdf.string(PIPELINE_VERSION), g),
        ]


def annotation_quads(article: Article, span: Span) -> list[Quad]:
    """The Web Annotation that selects ``span`` in ``article`` (quote and position selectors)."""
    text = article.text
    if span.end > len(text):
        raise EvidenceError(f"{article.id}: span {span.start}-{span.end} is past the end of the text ({len(text)})")
    e = rdf.evidence_iri(article.id, span.start, span.end)
    g = rdf.article_graph(article.id)
    target, quote, pos = (NamedNode(f"{e.value}#{part}") for part in ("target", "quote", "position"))
    oa = lambda local: NamedNode(rdf.OA + local)  # noqa: E731
    return [
        Quad(e, rdf.A, oa("Annotation"), g),
        Quad(e, oa("motivatedBy"), oa("describing"), g),
        Quad(e, oa("hasTarget"), target, g),
        Quad(target, rdf.A, oa("SpecificResource"), g),
        Quad(target, oa("hasSource"), rdf.article_iri(article.id), g),
        Quad(target, oa("hasSelector"), quote, g),
        Quad(target, oa("hasSelector"), pos, g),
        Quad(quote, rdf.A, oa("TextQuoteSelector"), g),
        Quad(quote, oa("exact"), rdf.string(span.of(text)), g),
        Quad(quote, oa("prefix"), rdf.string(text[max(0, span.start - CONTEXT_CHARS) : span.start]), g),
        Quad(quote, oa("suffix"), rdf.string(text[span.end : span.end + CONTEXT_CHARS]), g),
        Quad(pos, rdf.A, oa("TextPositionSelector"), g),
        Quad(pos, oa("start"), rdf.integer(span.start), g),
        Quad(pos, oa("end"), rdf.integer(span.end), g),
    ]


def fact_quads(article: Article, facts: list[Fact], run: Run) -> list[Quad]:
    """All quads for an article's facts: one evidence graph per (span, method), deduplicated,
    with the superclass types each asserted type entails (kg.entail)."""
    by_graph: dict[tuple[Span, bool], dict[str, set]] = defaultdict(lambda: {"triples": set(), "extractors": set()})
    for fact in facts:
        slot = by_graph[(fact.span, fact.curated)]
        slot["triples"].update(fact.triples)
        slot["extractors"].add(fact.extractor)
    quads: list[Quad] = []
    for span in sorted({span for span, _ in by_graph}):
        quads.extend(annotation_quads(article, span))
    for (span, curated), slot in sorted(by_graph.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        g = rdf.evidence_graph(article.id, span.start, span.end, curated)
        quads += [Quad(s, p, o, g) for s, p, o in sorted(with_superclasses(slot["triples"]), key=str)]
        quads += [
            Quad(g, rdf.A, rdf.akg("EvidenceGraph"), g),
            Quad(g, NamedNode(rdf.PROV + "wasDerivedFrom"), rdf.article_iri(article.id), g),
            Quad(g, rdf.akg("evidence"), rdf.evidence_iri(article.id, span.start, span.end), g),
            Quad(g, rdf.akg("method"), rdf.akc("curated" if curated else "automatic"), g),
            Quad(g, NamedNode(rdf.PROV + "wasGeneratedBy"), run.iri, g),
        ]
        quads += [Quad(g, rdf.akg("extractor"), rdf.string(x), g) for x in sorted(slot["extractors"])]
    return quads
