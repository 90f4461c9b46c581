"""Curated annotations: evidence checked against the article, facts marked curated, the same IRIs as the rules."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import curated, rdf
from kg.extract import EXTRACTORS
from tests.extraction import CORPUS, corpus_articles, corpus_doc, corpus_store, make_doc, select

TEXT = "Foreign Minister Prak Sokhonn told reporters on Saturday that the talks went well."


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "test-article.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_every_annotation_file_of_the_corpus_loads_and_its_evidence_is_in_its_article():
    files = sorted((CORPUS / "annotations").glob("*.yaml"))
    assert files
    for path in files:
        article = corpus_articles()[path.stem]
        for fact in curated.load_file(path, article.text):
            assert fact.span.of(article.text) == fact.evidence


def test_evidence_missing_from_the_article_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "article: test-article\nfacts:\n  - why: a test\n    evidence: told journalists\n"
                           "    event: {type: PressConference, date: 2022-01-08, participants: [prak-sokhonn]}\n")
    with pytest.raises(curated.CuratedError, match=rf"{path}:4: evidence 'told journalists' does not occur"):
        curated.load_file(path, TEXT)


def test_a_fact_needs_a_reason_and_exactly_one_kind(tmp_path):
    path = write(tmp_path, "article: t\nfacts:\n  - evidence: told reporters\n    why: x\n")
    with pytest.raises(curated.CuratedError, match=r":3: a fact needs exactly one of provision, event, holding"):
        curated.load_file(path, TEXT)
    path = write(tmp_path, "article: t\nfacts:\n  - evidence: told reporters\n    holding: {holder: a, role: b, organization: c}\n")
    with pytest.raises(curated.CuratedError, match=r":3: say why"):
        curated.load_file(path, TEXT)


def test_curated_facts_are_marked_curated_and_sit_on_their_evidence(tmp_path, monkeypatch):
    path = write(tmp_path, "article: test-article\nfacts:\n  - why: the date is in another sentence\n"
                           "    evidence: Prak Sokhonn told reporters\n"
                           "    event: {type: PressConference, date: 2022-01-08, place: phnom-penh, participants: {prak-sokhonn: ''}}\n")
    doc = make_doc(TEXT, dt.date(2022, 1, 8))
    facts = [curated.Fact(tuple(curated.BUILDERS[f.kind](doc, f)), f.span, "curated", curated=True)
             for f in curated.load_file(path, TEXT)]
    (fact,) = facts
    assert fact.curated and fact.span.of(TEXT) == "Prak Sokhonn told reporters"
    event = rdf.thing_iri("event", "press-conference-2022-01-08-prak-sokhonn")
    assert (event, rdf.schema("startDate"), rdf.date_literal(dt.date(2022, 1, 8))) in fact.triples
    assert (event, rdf.akg("place"), rdf.entity_iri("phnom-penh")) in fact.triples


def test_curated_is_an_extractor_and_its_facts_reach_the_graph_as_curated():
    assert curated in EXTRACTORS
    facts = curated.extract(corpus_doc("002"))
    assert facts and all(f.curated and f.extractor == "curated" for f in facts)
    rows = select(corpus_store(), """
        SELECT DISTINCT ?p ?wording ?method WHERE {
          GRAPH ?g { ?p skos:altLabel ?wording } ?g akg:method ?method .
          <https://w3id.org/aseankg/id/entity/five-point-consensus> akg:provision ?p }""")
    assert {(r["p"].rsplit("/", 1)[-1], r["wording"], r["method"].rsplit("/", 1)[-1]) for r in rows} == {
        ("1", "an end to violence", "curated"), ("2", "a political dialogue between all stakeholders", "curated"),
        ("1", "the cessation of violence", "curated")}


def test_a_curated_event_meets_the_automatic_one_on_one_node():
    rows = select(corpus_store(), """
        SELECT DISTINCT ?e ?method WHERE {
          GRAPH ?g { ?e a akg:Meeting ; akg:reportedIn <https://w3id.org/aseankg/id/article/003-cccb31c926be307a> }
          ?g akg:method ?method . ?e akg:participant <https://w3id.org/aseankg/id/entity/hun-sen> }""")
    assert [(r["e"].rsplit("/", 1)[-1], r["method"].rsplit("/", 1)[-1]) for r in rows] == [
        ("meeting-2022-01-07-hun-sen-min-aung-hlaing", "curated")]
