"""Statements are linked to the events they name."""
from __future__ import annotations

import datetime as dt

from kg import rdf
from kg.corpus import Article
from kg.pipeline import extract_article
from kg.registry import load_registry
from tests.conftest import ROOT


def about(text: str) -> dict[str, set[str]]:
    registry = load_registry(ROOT / "corpus" / "actors.yaml")
    article = Article(id="t", text=text, source_file="t.txt", outlet="Test", published=dt.date(2022, 1, 6))
    facts = extract_article(article, registry).facts
    texts = {s.value: o.value for f in facts for s, p, o in f.triples if p == rdf.akg("text")}
    links: dict[str, set[str]] = {}
    for f in facts:
        for s, p, o in f.triples:
            if p == rdf.akg("about") and "/event/" in o.value:
                links.setdefault(texts.get(s.value, s.value), set()).add(o.value)
    return links


def test_a_quote_that_names_the_trip_is_about_the_visit():
    links = about("Cambodian Prime Minister Hun Sen is due to visit Myanmar on Friday.\n\n"
                  "“He should cancel this trip,” said Emerlynne Gil of Amnesty International.")
    (events,) = links.values()
    assert len(events) == 1 and "visit" in next(iter(events))


def test_a_colon_introduction_sets_the_topic_of_the_quotes_it_introduces():
    links = about("As Hun Sen prepares to visit Myanmar on 7-8 January, Amnesty International called on him "
                  "to reconsider:\n\n“His diplomacy may do more harm than good.”")
    assert any("visit" in e for events in links.values() for e in events)


def test_no_link_when_the_article_reports_no_such_event():
    assert about("“The coup must be reversed,” said Emerlynne Gil of Amnesty International on Friday.") == {}
