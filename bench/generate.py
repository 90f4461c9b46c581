"""Write a synthetic news knowledge graph in the project's ontology, as N-Quads, at any size.

Deterministic: the same ``articles`` and ``seed`` give byte-identical files. The
layout is the one `kg build` writes (kg.rdf, kg.provenance): the ontology in
``graph/ontology``, the actor registry in ``graph/registry`` and ``graph/wikidata/*``
(the project's real corpus/actors.yaml), and per article its record in
``graph/article/<id>`` plus one evidence graph ``graph/article/<id>/<start>-<end>`` per
span, each with its Web Annotation. An article has about 100 quads: the record, two
mentions, one statement and one event report (events are shared by about ten articles,
as kg.events_merge makes one node per event across articles).

    python -m bench.generate 20000 var/bench/synth-20000.nq
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from kg import entities, provenance, rdf
from kg.build import ONTOLOGY_FILES, ONTOLOGY_GRAPH, registry_path
from kg.config import PROJECT_ROOT
from kg.corpus import Article
from kg.model import Fact, Span
from kg.registry import load_registry

OUTLETS = ("The Irrawaddy", "Khmer Times", "The Diplomat", "Reuters", "Associated Press", "Radio Free Asia",
           "Myanmar Now", "Frontier Myanmar", "Bangkok Post", "The Straits Times", "Jakarta Post", "Nikkei Asia")
TOPICS = ("the Five-Point Consensus", "humanitarian aid to Myanmar", "the release of political prisoners",
          "a ceasefire in Kayin State", "the special envoy's mandate", "elections planned by the junta",
          "the humanitarian corridor", "refugees on the Thai border", "sanctions on jet fuel")
STANCES = ("support", "criticism", "neutral", "concern")
EVENT_KINDS = (("Meeting", "CONSULT", "meets"), ("Visit", "CONSULT", "visits"), ("Summit", "AGREE", "attends a summit with"))
FIRST_DAY, DAYS = dt.date(2021, 2, 1), 1400
DCT_DATE = NamedNode(rdf.DCT + "date")
LABEL = NamedNode(rdf.RDFS + "label")
RUN = provenance.Run(rdf.thing_iri("run", "build-synthetic"), dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def people_and_places(registry) -> tuple[list, list]:
    actors = [e for e in registry if e.type in ("Person", "IntergovernmentalOrganization", "GovernmentBody")]
    places = [e for e in registry if e.type in ("State", "City")]
    return actors, places


def article(i: int, rng: random.Random, actors: list, places: list, events: int) -> tuple[Article, list[Fact]]:
    """Article number ``i``: a short text with a statement and an event, and the facts it supports."""
    topic = rng.choice(TOPICS)
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    event_no = rng.randrange(events)  # about ten articles report each event
    # an event has the same participants, place and date in every article that reports it
    a, b = random.Random(event_no).sample(actors, 2)
    place = random.Random(-event_no).choice(places)
    kind, code, verb = EVENT_KINDS[event_no % len(EVENT_KINDS)]
    event_date = FIRST_DAY + dt.timedelta(days=(event_no * 7919) % DAYS)
    quote = f"We will not accept any delay on {topic}, and we expect results before the next summit"
    lead = f"{a.label} {verb} {b.label} in {place.label}. "
    said = f'"{quote}," {a.label} said on {published:%d %B %Y}. '
    tail = (f"Officials from {b.label} gave no comment on {topic}. Analysts in {place.label} said the talks "
            f"showed how far apart the two sides remain, {rng.randrange(2, 40)} months after the coup.")
    text = lead + said + tail
    aid = f"s{i:06d}-{hashlib.sha256(f'{i}'.encode()).hexdigest()[:12]}"
    art = Article(id=aid, text=text, source_file=f"synthetic/{aid}.txt", outlet=OUTLETS[i % len(OUTLETS)],
                  published=published, title=f"{a.label} and {b.label} discuss {topic}",
                  url=f"https://news.example.org/{published:%Y/%m}/{aid}")
    art_iri = rdf.article_iri(aid)
    a_iri, b_iri = rdf.entity_iri(a.id), rdf.entity_iri(b.id)
    # spans: the two names in the lead, the quote sentence, and the lead sentence for the event
    span_a = Span(0, len(a.label))
    start_b = len(a.label) + len(verb) + 2
    span_b = Span(start_b, start_b + len(b.label))
    span_lead = Span(0, len(lead) - 1)
    span_said = Span(len(lead), len(lead) + len(said) - 1)
    statement = rdf.thing_iri("statement", f"{aid}-{span_said.start}")
    event = rdf.thing_iri("event", f"{kind.lower()}-{event_date.isoformat()}-{event_no}")
    facts = [
        Fact(((art_iri, rdf.schema("mentions"), a_iri),), span_a, "mentions"),
        Fact(((art_iri, rdf.schema("mentions"), b_iri),), span_b, "mentions"),
        Fact((
            (statement, rdf.A, rdf.akg("DirectQuote")),
            (statement, rdf.akg("speaker"), a_iri),
            (statement, rdf.akg("text"), rdf.string(quote)),
            (statement, rdf.akg("reportedIn"), art_iri),
            (statement, rdf.akg("about"), b_iri),
            (statement, rdf.akg("stance"), rdf.akc(rng.choice(STANCES))),
            (statement, DCT_DATE, rdf.date_literal(published)),
            (statement, rdf.akg("datePrecision"), rdf.string("day")),
        ), span_said, "statements"),
        Fact((
            (event, rdf.A, rdf.akg(kind)),
            (event, LABEL, rdf.string(f"{kind} {event_no}: {a.label} and {b.label}")),
            (event, rdf.schema("startDate"), rdf.date_literal(event_date)),
            (event, rdf.akg("participant"), a_iri),
            (event, rdf.akg("participant"), b_iri),
            (event, rdf.akg("place"), rdf.entity_iri(place.id)),
            (event, rdf.akg("eventCode"), rdf.akc(code)),
            (event, rdf.akg("reportedIn"), art_iri),
            (event, rdf.akg("datePrecision"), rdf.string("day")),
        ), span_lead, "events"),
    ]
    return art, facts


def quads(articles: int, seed: int = 11) -> Iterator[Quad]:
    """Every quad of a synthetic graph of ``articles`` articles, ontology and registry first."""
    for path in ONTOLOGY_FILES:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH)
    registry = load_registry(registry_path(PROJECT_ROOT / "corpus"))
    yield from entities.registry_quads(registry)
    yield from RUN.quads()
    actors, places = people_and_places(registry)
    rng = random.Random(seed)
    for i in range(articles):
        art, facts = article(i, rng, actors, places, max(1, articles // 10))
        yield from rdf.article_quads(art)
        yield from provenance.fact_quads(art, facts, RUN)


def write(articles: int, path: Path, seed: int = 11) -> Path:
    """Write the graph to ``path`` (N-Quads) unless it is already there; return the path."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    ox.serialize(quads(articles, seed), str(tmp), format=ox.RdfFormat.N_QUADS)
    tmp.rename(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    write(args.articles, args.out, args.seed)
    print(args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
