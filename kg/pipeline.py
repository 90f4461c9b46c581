"""Run the extractors over an article and collect its facts."""
from __future__ import annotations

from dataclasses import dataclass

from kg.corpus import Article
from kg.extract import EXTRACTORS
from kg.model import Document, Fact
from kg.sentences import split_sentences


@dataclass
class Extraction:
    """What one article yields: its facts, and the document the stages annotated."""

    article: Article
    facts: list[Fact]
    doc: Document


def extract_article(article: Article, registry) -> Extraction:
    """Every fact the extractors find in ``article``, each with the span that supports it.

    Raises EvidenceError when an extractor points outside the text (a bug, never silenced).
    """
    doc = Document(article, registry, sentences=split_sentences(article.text))
    facts = doc.facts
    for extractor in EXTRACTORS:
        facts.extend(extractor.extract(doc))
    for fact in facts:
        if fact.span.end > len(article.text):
            from kg.provenance import EvidenceError

            raise EvidenceError(f"{article.id}: {fact.extractor} gave span {fact.span} past the text end")
    return Extraction(article, facts, doc)
