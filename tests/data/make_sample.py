"""Write tests/data/sample.trig: a few hand-picked facts in exactly the layout the pipeline writes.

The facts are chosen by hand (actors, the 2022-01-07 meeting, the Five-Point Consensus and
its provisions, a criticism of Hun Sen's visit, a casualty figure, role holdings); the quads
come from kg.rdf and kg.provenance, so the sample cannot drift from the real layout
unnoticed (tests/test_shapes.py regenerates it and compares). Run from the project root::

    .venv/bin/python -m tests.data.make_sample
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from kg import rdf
from kg.config import PROJECT_ROOT
from kg.corpus import Article, load_corpus
from kg.entail import with_superclasses
from kg.model import Fact, Span
from kg.provenance import Run, fact_quads

OUT = Path(__file__).resolve().parent / "sample.trig"
ACTORS_GRAPH = NamedNode(rdf.GRAPH + "registry")
RUN = Run(rdf.thing_iri("run", "sample"), dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc))

A = rdf.A
LABEL = NamedNode(rdf.RDFS + "label")
ALT = NamedNode(rdf.SKOS + "altLabel")
SAME = NamedNode(rdf.OWL + "sameAs")
DATE = NamedNode(rdf.DCT + "date")
ORG = lambda local: NamedNode(rdf.ORG + local)  # noqa: E731
akg, akc, ent = rdf.akg, rdf.akc, rdf.entity_iri


def actors() -> list[Quad]:
    """Actors as the registry writes them: an akg type, a label, sometimes a Wikidata link."""
    table = [
        ("hun-sen", "Person", "Hun Sen", None), ("min-aung-hlaing", "Person", "Min Aung Hlaing", None),
        ("prak-sokhonn", "Person", "Prak Sokhonn", None), ("emerlynne-gil", "Person", "Emerlynne Gil", None),
        ("asean", "IntergovernmentalOrganization", "ASEAN", "Q7768"),
        ("amnesty-international", "NonGovernmentalOrganization", "Amnesty International", None),
        ("cambodia", "State", "Cambodia", "Q424"), ("myanmar", "State", "Myanmar", "Q836"),
        ("brunei", "State", "Brunei", None), ("jakarta", "City", "Jakarta", None),
    ]
    quads = []
    for key, kind, label, qid in table:
        quads += [Quad(ent(key), A, akg(kind), ACTORS_GRAPH), Quad(ent(key), LABEL, Literal(label), ACTORS_GRAPH)]
        if qid:
            quads.append(Quad(ent(key), SAME, NamedNode(rdf.WD + qid), ACTORS_GRAPH))
    quads += [Quad(rdf.thing_iri("role", r), A, ORG("Role"), ACTORS_GRAPH) for r in ("chair", "foreign-minister")]
    quads += [Quad(rdf.thing_iri("role", "chair"), LABEL, Literal("chair"), ACTORS_GRAPH),
              Quad(rdf.thing_iri("role", "foreign-minister"), LABEL, Literal("foreign minister"), ACTORS_GRAPH)]
    quads += [Quad(s, p, o, ACTORS_GRAPH) for s, p, o in holding("brunei-chair-2021", "brunei", "chair", "asean",
                                                                   dt.date(2021, 1, 1), dt.date(2021, 12, 31))]
    # superclass types next to each type, as kg.entities and kg.provenance write them
    return [Quad(s, p, o, ACTORS_GRAPH) for s, p, o in with_superclasses([(q.subject, q.predicate, q.object) for q in quads])]


def holding(key, member, role, org, start, end=None) -> list[tuple]:
    h = rdf.thing_iri("holding", key)
    triples = [(h, A, akg("RoleHolding")), (h, ORG("member"), ent(member)),
               (h, ORG("role"), rdf.thing_iri("role", role)), (h, ORG("organization"), ent(org)),
               (h, akg("start"), rdf.date_literal(start)), (h, akg("startPrecision"), Literal("day"))]
    if end:
        triples += [(h, akg("end"), rdf.date_literal(end)), (h, akg("endPrecision"), Literal("day"))]
    return triples


def span(article: Article, words: str) -> Span:
    """Where ``words`` occur in the article; a space also matches the no-break spaces some sources use."""
    found = re.search(re.escape(words).replace(r"\ ", "[ \u00a0]"), article.text)
    if found is None:
        raise ValueError(f"{words!r} is not in {article.id}")
    return Span(*found.span())


def amnesty_facts(art: Article) -> list[Fact]:
    """003: the Five-Point Consensus, a criticism of the visit, a casualty figure, the 2022 chair."""
    a = rdf.article_iri(art.id)
    fpc, summit = rdf.thing_iri("agreement", "five-point-consensus"), rdf.thing_iri("event", "2021-04-24-asean-leaders-meeting")
    labels = ["immediate end to violence", "dialogue among all parties", "aid access",
              "the appointment of a special envoy from the bloc", "a visit by an ASEAN delegation"]
    adopted = [(fpc, A, akg("Agreement")), (fpc, LABEL, Literal("Five-Point Consensus")), (fpc, ALT, Literal("5PC")),
               (fpc, akg("adoptedAt"), summit), (fpc, akg("party"), ent("asean")), (fpc, akg("reportedIn"), a),
               (summit, A, akg("Summit")), (summit, LABEL, Literal("ASEAN Leaders' Meeting")),
               (summit, NamedNode(rdf.SCHEMA + "startDate"), rdf.date_literal(dt.date(2021, 4, 1))),
               (summit, akg("dateLatest"), rdf.date_literal(dt.date(2021, 4, 30))),
               (summit, akg("datePrecision"), Literal("month")), (summit, akg("participant"), ent("asean")),
               (summit, akg("place"), ent("jakarta")), (summit, akg("eventCode"), akc("AGREE")),
               (summit, akg("outcome"), fpc), (summit, akg("reportedIn"), a)]
    for n, label in enumerate(labels, 1):
        p = rdf.thing_iri("agreement", f"five-point-consensus/{n}")
        adopted += [(p, A, akg("Provision")), (p, akg("position"), rdf.integer(n)), (p, LABEL, Literal(label)),
                    (fpc, akg("provision"), p), (p, akg("provisionOf"), fpc)]
    visit = rdf.thing_iri("event", "2022-01-07-hun-sen-visit-myanmar")
    quote = "Hun Sen’s rogue diplomacy may do more harm than good"
    st = rdf.thing_iri("statement", f"{art.id}-{span(art, quote).start}")
    criticism = [(st, A, akg("DirectQuote")), (st, akg("speaker"), ent("emerlynne-gil")), (st, akg("text"), Literal(span(art, quote).of(art.text))),
                 (st, DATE, rdf.date_literal(art.published)), (st, akg("datePrecision"), Literal("day")),
                 (st, akg("reportedIn"), a), (st, akg("stance"), akc("criticises")), (st, akg("about"), visit),
                 (st, akg("medium"), akc("press-release"))]
    killed = "Myanmar’s military has killed more than 1,400 people"
    fig = rdf.thing_iri("figure", f"{art.id}-{span(art, killed).start}")
    figure = [(fig, A, akg("NumericClaim")), (fig, akg("value"), rdf.decimal(1400)), (fig, akg("modifier"), akc("more-than")),
              (fig, akg("quantity"), akc("killed")), (fig, akg("asOf"), rdf.date_literal(art.published)),
              (fig, akg("datePrecision"), Literal("day")), (fig, akg("statedBy"), ent("amnesty-international")),
              (fig, akg("reportedIn"), a), (fig, akg("about"), ent("myanmar"))]
    chair = "Cambodia takes over as chair of the Association of Southeast Asian Nations (ASEAN)"
    consensus = ("ASEAN’s five-point consensus, adopted in April 2021, calls for an immediate end to violence, dialogue "
                 "among all parties, aid access, the appointment of a special envoy from the bloc, and a visit by an ASEAN delegation.")
    return [Fact(tuple(adopted), span(art, consensus), "curated", curated=True),
            Fact(tuple(criticism), span(art, quote), "quotes"),
            Fact(tuple(figure), span(art, killed), "figures"),
            Fact(tuple(holding("cambodia-chair-2022", "cambodia", "chair", "asean", dt.date(2022, 1, 1), dt.date(2022, 12, 31))),
                 span(art, chair), "roles")]


def meeting_facts(art: Article) -> list[Fact]:
    """000: the 2022-01-07 meeting and the foreign minister's defence of it."""
    a = rdf.article_iri(art.id)
    meeting = rdf.thing_iri("event", "2022-01-07-hun-sen-min-aung-hlaing")
    visit = rdf.thing_iri("event", "2022-01-07-hun-sen-visit-myanmar")
    triples = [(meeting, A, akg("Meeting")), (meeting, LABEL, Literal("Hun Sen – Min Aung Hlaing meeting")),
               (meeting, NamedNode(rdf.SCHEMA + "startDate"), rdf.date_literal(dt.date(2022, 1, 7))),
               (meeting, akg("datePrecision"), Literal("day")), (meeting, akg("place"), ent("myanmar")),
               (meeting, akg("eventCode"), akc("CONSULT")), (meeting, akg("reportedIn"), a),
               (visit, A, akg("Visit")), (visit, NamedNode(rdf.SCHEMA + "startDate"), rdf.date_literal(dt.date(2022, 1, 7))),
               (visit, akg("datePrecision"), Literal("day")), (visit, akg("participant"), ent("hun-sen")),
               (visit, NamedNode(rdf.SEM + "hasSubEvent"), meeting), (visit, akg("reportedIn"), a)]
    for who, role in (("hun-sen", "visitor"), ("min-aung-hlaing", "host")):
        part = NamedNode(f"{meeting.value}#{who}")
        triples += [(meeting, akg("participant"), ent(who)), (meeting, akg("participation"), part),
                    (part, A, akg("Participation")), (part, akg("agent"), ent(who)), (part, akg("participantRole"), akc(role))]
    said = "in implementing the peace efforts agreed by the Association of Southeast Asian Nations"
    st = rdf.thing_iri("statement", f"{art.id}-{span(art, said).start}")
    statement = [(st, A, akg("DirectQuote")), (st, akg("speaker"), ent("prak-sokhonn")), (st, akg("text"), Literal(span(art, said).of(art.text))),
                 (st, DATE, rdf.date_literal(art.published)), (st, akg("reportedIn"), a),
                 (st, akg("stance"), akc("supports")), (st, akg("about"), meeting),
                 (st, akg("medium"), akc("remarks-to-reporters"))]
    minister = "Foreign Minister Prak Sokhonn"
    return [Fact(tuple(triples), span(art, "Hun Sen’s meeting Friday with Myanmar’s military chief, Senior General Min Aung Hlaing"), "events"),
            Fact(tuple(statement), span(art, said), "quotes"),
            Fact(tuple(holding("prak-sokhonn-foreign-minister", "prak-sokhonn", "foreign-minister", "cambodia",
                               dt.date(2016, 4, 4), dt.date(2023, 8, 22))), span(art, minister), "roles")]


def sample_quads() -> list[Quad]:
    articles = {a.id: a for a in load_corpus(PROJECT_ROOT / "corpus")}
    quads = actors() + RUN.quads()
    for art, facts in ((articles["000-1602361f5c090e7e"], meeting_facts), (articles["003-cccb31c926be307a"], amnesty_facts)):
        quads += rdf.article_quads(art) + fact_quads(art, facts(art), RUN)
    return quads


def sample_trig() -> str:
    prefixes = {k: v for k, v in rdf.PREFIXES.items()}
    return pyoxigraph.serialize(sample_quads(), format=pyoxigraph.RdfFormat.TRIG, prefixes=prefixes).decode()


if __name__ == "__main__":
    OUT.write_text(sample_trig())
    print(f"wrote {OUT}")
