"""Agreements: where and by whom an agreement was adopted, its numbered provisions, and ceasefires agreed at meetings.

* Adoption: events.py already found the events that adopt an agreement ("ASEAN’s
  five-point consensus, adopted in April 2021", "ASEAN leaders ... agreed on a five-point
  roadmap", "At the conclusion of that summit, he agreed to a framework ..."); here the
  agreement gets akg:adoptedAt that event and akg:party the actors who agreed.
* Provisions: an N-point agreement whose N points the text lists ("the five-point
  consensus ... calls for A, B, C, D, and E") gets provisions 1..N in the listed order,
  labelled with the listed words. A partial list ("including an end to violence") names
  provisions without numbering them; curated annotations say which they are.
* Ceasefires: "X was extending a ceasefire until the end of the year" is an
  akg:Ceasefire with X as party and akg:validUntil that day; when the sentence reports a
  meeting ("Friday’s joint statement on the talks ... said"), it is the meeting's outcome.
"""
from __future__ import annotations

import re

from pyoxigraph import NamedNode

from kg import rdf
from kg.extract import events, slots, timex
from kg.model import Document, Fact, Mention, Span

LABEL = NamedNode(rdf.RDFS + "label")
ALT_LABEL = NamedNode(rdf.SKOS + "altLabel")
POINTS = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)[\-\s]point\b", re.I)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
LIST_CUE = re.compile(r"\b(?:calls?\s+for|called\s+for|provides?\s+for|demands?|includes?|including|comprises?|consists?\s+of)\s+", re.I)
CEASEFIRE = re.compile(r"\b(?:extend\w*|declar\w*|agree\w*\s+(?:to|on)|announc\w*|offer\w*)\s+(?:a\s+|the\s+|its\s+)?(?:unilateral\s+)?ceasefire\b", re.I)
UNTIL = re.compile(r"\buntil\s+(?P<when>[^,.;]{3,40}?)(?=\s+(?:and|but)\b|[,.;]|$)", re.I)


def provision_iri(agreement: str, position: int) -> NamedNode:
    """The IRI of an agreement's provision N: agreement/<agreement id>/<N>."""
    return rdf.thing_iri("agreement", f"{agreement}/{position}")


def _agreement_mentions(doc: Document, span: Span) -> list[Mention]:
    return [m for m in doc.mentions_in(span) if slots.entity_type(doc, m.entity) == "Agreement"]


def adoption_facts(doc: Document, found: list[events.Event]) -> list[Fact]:
    """akg:adoptedAt and akg:party for each event mention that adopts an agreement."""
    facts = []
    for e in found:
        for c in e.mentions:
            if c.agreement is None:
                continue
            agreement = rdf.entity_iri(c.agreement.entity)
            triples = [(agreement, rdf.akg("adoptedAt"), e.iri)]
            triples += [(agreement, rdf.akg("party"), rdf.entity_iri(a.entity)) for a, role in c.participants
                        if a.type != "City"]
            facts.append(Fact(tuple(triples), c.evidence(), "agreements"))
    return facts


def split_list(words: str) -> list[tuple[int, int]]:
    """The (start, end) of each item of an English list 'A, B, C, and D' within ``words``.

    >>> t = "an end to violence, dialogue among all parties, aid access, and a visit"
    >>> [t[s:e] for s, e in split_list(t)]
    ['an end to violence', 'dialogue among all parties', 'aid access', 'a visit']
    """
    items: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r",\s*(?:and\s+|or\s+)?|\s+and\s+(?=(?:a|an|the)\s)", words):
        items.append((start, m.start()))
        start = m.end()
    items.append((start, len(words)))
    out = []
    for s, e in items:
        piece = words[s:e]
        lead = len(piece) - len(piece.lstrip())
        out.append((s + lead, s + len(piece.rstrip())))
    return [(s, e) for s, e in out if e > s]


def provision_label(item: str) -> str:
    """A provision's label: the listed words without a leading article.

    >>> provision_label("an\\xa0immediate end to violence")
    'immediate end to violence'
    """
    text = re.sub(r"\s+", " ", item.replace("\xa0", " ")).strip()
    return re.sub(r"^(?:an?|the)\s+", "", text, flags=re.I)


def provision_facts(doc: Document) -> list[Fact]:
    """Numbered provisions of an N-point agreement whose N points one sentence lists."""
    text = doc.text
    facts = []
    for sentence in doc.sentences:
        for m in _agreement_mentions(doc, sentence.span):
            points = POINTS.search(m.span.of(text))
            cue = LIST_CUE.search(text, m.span.end, sentence.span.end)
            if not points or not cue or cue.start() - m.span.end > 40:
                continue
            n = int(points.group("n")) if points.group("n").isdigit() else NUMBERS[points.group("n").lower()]
            end = _list_end(text, cue.end(), sentence.span.end)
            items = split_list(text[cue.end() : end])
            if len(items) != n:
                continue  # a partial list: which points it names is for curation
            agreement = rdf.entity_iri(m.entity)
            for position, (s, e) in enumerate(items, start=1):
                p = provision_iri(m.entity, position)
                item = text[cue.end() + s : cue.end() + e]
                triples = ((agreement, rdf.akg("provision"), p), (p, rdf.akg("provisionOf"), agreement),
                           (p, rdf.A, rdf.akg("Provision")), (p, rdf.akg("position"), rdf.integer(position)),
                           (p, LABEL, rdf.string(provision_label(item))))
                facts.append(Fact(triples, Span(m.span.start, cue.end() + e), "agreements"))
    return facts


def _list_end(text: str, start: int, limit: int) -> int:
    """Where a listed series ends: the sentence end, or a clause that is not part of it."""
    stop = re.compile(r"[.;:]\s|\.$|\s(?:but|which|that|while|however)\s")
    m = stop.search(text, start, limit)
    return m.start() if m else limit


def ceasefire_facts(doc: Document, found: list[events.Event]) -> list[Fact]:
    """'X was extending a ceasefire until the end of the year': an akg:Ceasefire, valid until then."""
    text = doc.text
    facts = []
    for sentence in doc.sentences:
        for m in CEASEFIRE.finditer(text, sentence.span.start, sentence.span.end):
            parties = [a for a in slots.subjects(doc, sentence.span, m.start()) if a.type in ("Person", "State", "GovernmentBody", "ArmedForces")]
            until = UNTIL.search(text, m.end(), min(sentence.span.end, m.end() + 60))
            valid = None
            if until:
                dates = timex.find(text, m.end() + 0, until.end(), doc.published)
                valid = dates[0] if dates else None
            key = "-".join([a.entity for a in parties] + [valid.value.latest.isoformat() if valid else doc.article.id])
            iri = rdf.thing_iri("agreement", rdf.slug(f"ceasefire {key}"))
            label = "ceasefire" + (f" until {valid.value.latest.isoformat()}" if valid else "")
            triples = [(iri, rdf.A, rdf.akg("Ceasefire")), (iri, rdf.A, rdf.akg("Agreement")), (iri, LABEL, rdf.string(label))]
            triples += [(iri, rdf.akg("party"), rdf.entity_iri(a.entity)) for a in parties[-1:]]
            spans = [Span(m.start(), m.end())] + [a.span for a in parties[-1:]]
            if valid:
                triples.append((iri, rdf.akg("validUntil"), rdf.date_literal(valid.value.latest)))
                spans.append(valid.span)
            occasion = _meeting_in(found, sentence.span)
            if occasion is not None:
                triples.append((occasion[0].iri, rdf.akg("outcome"), iri))
                spans.append(occasion[1].trigger)
            facts.append(Fact(tuple(triples), Span(min(s.start for s in spans), max(s.end for s in spans)), "agreements"))
    return facts


def _meeting_in(found: list[events.Event], sentence: Span):
    for e in found:
        for c in e.mentions:
            if c.family == "meeting" and sentence.covers(c.trigger):
                return e, c
    return None


def extract(doc: Document) -> list[Fact]:
    found = events.find_events(doc)
    return adoption_facts(doc, found) + provision_facts(doc) + ceasefire_facts(doc, found)
