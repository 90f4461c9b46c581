"""Link statements to the events they talk about ("he should cancel this trip" → the visit).

Runs after the statements and events stages, on their facts. A statement is about an
event when its words (or its attribution) name the event's kind with a noun ("trip",
"talks", "summit", "coup") — or the paragraph that introduces it with a colon does
("… prepares to visit Myanmar …, called on him to …:") — and the article reports exactly
one event of that kind, or exactly one of them whose participants those words also name.
The link's evidence is the span where the noun is.
"""
from __future__ import annotations

import re

from kg import rdf
from kg.model import Document, Fact, Span

EXTRACTOR = "statement-events"
# Nouns that name an event of a family, and the ontology classes of each family.
FAMILY_NOUNS = {
    "visit": r"visits?|trips?|journey|mission|tour",
    "meeting": r"meetings?|talks|summits?|retreat|conference|negotiations",
    "coup": r"coup|takeover|seizure of power",
    "sentencing": r"sentences?|verdicts?|convictions?",
    "election": r"elections?|polls?|vote",
    "protest": r"protests?|demonstrations?",
}
FAMILY_CLASSES = {
    "visit": {"Visit"},
    "meeting": {"Meeting", "Summit", "Retreat", "Conference"},
    "coup": {"Coup"},
    "sentencing": {"Sentencing"},
    "election": {"Election"},
    "protest": {"Protest"},
}
_NOUN = {family: re.compile(rf"\b(?:{nouns})\b", re.I) for family, nouns in FAMILY_NOUNS.items()}
TEXT, ABOUT, PARTICIPANT = rdf.akg("text"), rdf.akg("about"), rdf.akg("participant")


def _events(facts: list[Fact]) -> dict[str, tuple[str, set[str]]]:
    """Event IRI -> (family, participant IRIs) from the facts so far."""
    family_of_class = {rdf.AKG + c: f for f, classes in FAMILY_CLASSES.items() for c in classes}
    events: dict[str, tuple[str, set[str]]] = {}
    for fact in facts:
        for s, p, o in fact.triples:
            if p == rdf.A and o.value in family_of_class:
                events.setdefault(s.value, (family_of_class[o.value], set()))
    for fact in facts:
        for s, p, o in fact.triples:
            if p == PARTICIPANT and s.value in events:
                events[s.value][1].add(o.value)
    return events


def _introduction(text: str, span: Span) -> Span | None:
    """The paragraph before ``span``'s paragraph when it ends with a colon (it introduces the quote)."""
    para_start = text.rfind("\n\n", 0, span.start)
    if para_start < 0:
        return None
    before = text[:para_start].rstrip()
    if not before.endswith(":"):
        return None
    start = before.rfind("\n\n") + 2 if "\n\n" in before else 0
    return Span(start, len(before))


def _linked(doc: Document, span: Span, events: dict[str, tuple[str, set[str]]]) -> list:
    """The events the words of ``span`` name by kind (one per kind, or none when unclear)."""
    words = span.of(doc.text)
    named = {rdf.entity_iri(m.entity).value for m in doc.mentions_in(span)}
    found = []
    for family, noun in _NOUN.items():
        if not noun.search(words):
            continue
        candidates = [e for e, (f, _) in events.items() if f == family]
        if len(candidates) > 1:
            candidates = [e for e in candidates if events[e][1] & named]
        if len(candidates) == 1:
            found.append(rdf.NamedNode(candidates[0]))
    return found


def extract(doc: Document) -> list[Fact]:
    events = _events(doc.facts)
    if not events:
        return []
    out: list[Fact] = []
    for fact in doc.facts:
        statements = {s for s, p, _ in fact.triples if p == TEXT}
        if not statements:
            continue
        for span in (fact.span, _introduction(doc.text, fact.span)):
            if span is not None:
                out += [Fact(tuple((s, ABOUT, target) for s in sorted(statements, key=str)), span, EXTRACTOR)
                        for target in _linked(doc, span, events)]
    return out
