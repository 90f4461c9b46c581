"""Find the actors that stand in a given relation to a word of a sentence: its possessor, subject or object.

The event, role and figure stages all ask the same questions of a trigger word
("trip", "met", "according to"): whose is it ("Hun Sen’s trip"), who does it (the
actors of its clause to the left), whom or where is it with or to ("with Myanmar’s
military chief", "to Russia"). The answers come from ``doc.mentions``; pronouns
("he", "his") and relative pronouns (", who") are read as the nearest fitting actor
before them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Document, Mention, Span

PLACE_TYPES = {"State", "City", "Region", "Facility"}
ORG_TYPES = {
    "IntergovernmentalOrganization", "GovernmentBody", "ArmedForces", "PoliticalParty",
    "NonGovernmentalOrganization", "MediaOrganization", "ResearchOrganization", "ArmedGroup",
}
POSSESSIVE = re.compile(r"^\s*(?:’s|'s|’|')(?=\s)")
PRONOUNS = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
RELATIVE = re.compile(r",?\s*(?:who|which|that)\s*$")
# Words that end the clause a subject is looked for in, reading leftwards.
CLAUSE_BREAK = re.compile(
    r"[;:—–(“]|,\s+(?:and|but|while|as|although|though|after|before|when|since|becoming)\b|\band\s+(?=(?:he|she|they|it|we)\b)"
    r"|\b(?:that|which|because|why|whether|how|if|since|after|before|when|while|until|without)\b"
    r"|\b(?:said|says|told|confirmed|added|noted|reported|announced|stressed|revealed|suggested|alleges|alleged|questioned)\b"
)


@dataclass(frozen=True)
class Actor:
    """An entity found in a slot, with the span that names it there."""

    entity: str
    span: Span
    type: str | None


def entity_type(doc: Document, entity_id: str) -> str | None:
    """The registry or new-actor type of an entity id."""
    if entity_id in doc.registry:
        return doc.registry.get(entity_id).type
    actor = doc.new_actors.get(entity_id)
    return actor.type if actor else None


def country_of(doc: Document, entity_id: str) -> str | None:
    """The state an entity is in or belongs to (itself for a state), from the registry."""
    if entity_id in doc.registry:
        e = doc.registry.get(entity_id)
        return e.id if e.type == "State" else e.country
    return None


def outer_mentions(doc: Document) -> list[Mention]:
    """The mentions not nested in a longer one ('Myanmar' inside 'the Myanmar leader' is dropped)."""
    ms = sorted(doc.mentions, key=lambda m: (m.span.start, -m.span.end))
    out: list[Mention] = []
    for m in ms:
        if out and out[-1].span.covers(m.span):
            continue
        out.append(m)
    return out


def actor(doc: Document, mention: Mention) -> Actor:
    return Actor(mention.entity, mention.span, entity_type(doc, mention.entity))


def mentions_between(doc: Document, start: int, end: int) -> list[Actor]:
    """The mentions inside ``[start, end)``, pronouns resolved, in text order."""
    found = [actor(doc, m) for m in outer_mentions(doc) if start <= m.span.start and m.span.end <= end]
    for m in PRONOUNS.finditer(doc.text, start, end):
        if any(a.span.start <= m.start() < a.span.end for a in found):
            continue
        antecedent = person_before(doc, m.start())
        if antecedent:
            found.append(Actor(antecedent.entity, Span(m.start(), m.end()), antecedent.type))
    return sorted(found, key=lambda a: a.span)


def person_before(doc: Document, offset: int, within: int = 600) -> Actor | None:
    """The last person named before ``offset`` (the antecedent of 'he', 'his', 'who')."""
    for m in reversed(outer_mentions(doc)):
        if m.span.end <= offset and offset - m.span.end <= within and entity_type(doc, m.entity) == "Person":
            return actor(doc, m)
    return None


def possessor(doc: Document, offset: int, max_words: int = 3) -> Actor | None:
    """The actor in possessive form shortly before ``offset``: "Hun Sen’s [two-day] trip".

    Only lowercase modifiers (and dates such as 'Friday’s') may stand between.
    """
    text = doc.text
    for m in reversed(outer_mentions(doc)):
        if m.span.end > offset:
            continue
        if offset - m.span.end > 40:
            break
        poss = POSSESSIVE.match(text[m.span.end : offset])
        if not poss:
            continue
        between = text[m.span.end + poss.end() : offset].split()
        if len(between) <= max_words and all(w[:1].islower() or w[:1].isdigit() for w in between):
            return actor(doc, m)
        break
    own = re.search(r"\b(his|her)\s+(?:[a-z\-]+\s+){0,2}$", text[max(0, offset - 40) : offset])
    if own:
        return person_before(doc, offset - len(own.group(0)))
    return None


def clause_start(doc: Document, sentence: Span, offset: int) -> int:
    """Where the clause holding ``offset`` begins, reading left from it."""
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(doc.text, sentence.start, offset)]
    return max(breaks, default=sentence.start)


def subjects(doc: Document, sentence: Span, offset: int) -> list[Actor]:
    """The actors of the clause left of ``offset``: the doers of a verb at ``offset``.

    A relative pronoun just before the verb (", who overthrew") stands for the actor
    named before it. The clause starts after a reporting verb ("confirmed the two leaders
    would meet": no named subject) or a conjunction.
    Possessive modifiers ("Russia’s" in "Russia’s Defense Minister Sergei Shoigu") are
    dropped when the phrase also names a person.
    """
    text = doc.text
    who = re.search(r",?\s*\bwho\s+(?:(?:was|were|is|are|had|has|have)\s+(?:been\s+)?)?(?:also\s+)?$", text[max(sentence.start, offset - 30) : offset])
    if who:
        return antecedents(doc, sentence, offset - 30 + who.start() if offset - 30 > sentence.start else sentence.start + who.start())

    found = mentions_between(doc, clause_start(doc, sentence, offset), offset)
    named = [a for a in found if not PRONOUNS.fullmatch(a.span.of(text))]
    return heads(doc, named or found)  # 'Despite criticism of his rule, X told': X, not whoever 'his' was before


def antecedents(doc: Document, sentence: Span, offset: int) -> list[Actor]:
    """The people a relative pronoun at ``offset`` stands for: the last named, with any joined to it by
    'or'/'and' ("State Counselor Aung San Suu Kyi or President Win Myint, who were re-elected")."""
    people = [a for a in mentions_between(doc, sentence.start, offset) if a.type == "Person"]
    if not people:
        return []
    chosen = [people[-1]]
    for a in reversed(people[:-1]):
        gap = doc.text[a.span.end : chosen[0].span.start]
        if not re.fullmatch(r"\s*,?\s*(?:or|and)\s+(?:then\s+)?(?:[A-Z][\w.’'\-]*\s+){0,3}", gap):
            break
        chosen.insert(0, a)
    return chosen


def heads(doc: Document, found: list[Actor]) -> list[Actor]:
    """Drop modifiers: an actor in possessive form before another ("Russia’s Defense Minister Sergei
    Shoigu", "Aung San Suu Kyi’s elected government"), and a second naming of the same actor."""
    text = doc.text
    out: list[Actor] = []
    for i, a in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        poss = POSSESSIVE.match(text[a.span.end : nxt.span.start]) if nxt else None
        if poss and len(text[a.span.end + poss.end() : nxt.span.start].split()) <= 3:
            continue
        if nxt and a.type == "State" and text[a.span.end : nxt.span.start].strip() == "":
            continue  # 'Myanmar junta chief Min Aung Hlaing': the state names the junta, not a participant
        if nxt and nxt.entity == a.entity and nxt.span.start - a.span.end < 40:
            continue  # "Myanmar’s military chief, Senior General Min Aung Hlaing": one actor, named twice
        out.append(a)
    return _unique(out)


def objects(doc: Document, sentence: Span, offset: int, prepositions: tuple[str, ...], reach: int = 40) -> list[Actor]:
    """The actors after ``offset`` introduced by one of ``prepositions`` ("with", "to", "between").

    The phrase runs to the next clause break (a comma before a relative pronoun or
    verb phrase, a semicolon, "to" + verb, the sentence end); "X and Y" gives both.
    """
    text = doc.text
    alternation = "|".join(re.escape(p) for p in sorted(prepositions, key=len, reverse=True))
    # 'to' before a verb ('to orchestrate a takeover') introduces no place or person
    m = re.compile(rf"\b(?:{alternation})\s+(?!(?<=\bto\s)[a-z]+\b(?<!\bthe)(?<!\ba)(?<!\ban)(?<!\bhis)(?<!\bher)(?<!\bits)(?<!\btheir)(?<!\bthen))").search(
        text, offset, min(sentence.end, offset + reach))
    if not m:
        return []
    return heads(doc, phrase_mentions(doc, m.end(), sentence.end))


def phrase_mentions(doc: Document, start: int, limit: int) -> list[Actor]:
    """The mentions of the noun phrase that starts at ``start``; a name the phrase end would cut stays whole."""
    end = phrase_end(doc.text, start, limit)
    straddling = [x.span.end for x in doc.mentions if x.span.start < end < x.span.end and x.span.start >= start]
    return mentions_between(doc, start, max([end] + straddling))


def phrase_end(text: str, start: int, limit: int) -> int:
    """Where a noun phrase (with appositions) starting at ``start`` ends."""
    stop = re.compile(
        r",\s*(?:who|which|that|where|when|after|before|as|but|and\s+(?:that|the\s+\w+\s+(?:said|would|will)))\b"
        r"|[;:—–(“\"]|\.\s|(?<!’s)(?<!'s)(?<!the)(?<!\ban)(?<!\ba)\s[a-z]+ed\s|\s(?:to|for|on|in|at|about|over|after|since|during|because|as well as|amid|sparked|is|was|were|are|would|will|said|has|had|who|without|or)\s"
    )
    m = stop.search(text, start, limit)
    return m.start() if m else limit


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        if a.entity not in seen:
            seen.add(a.entity)
            out.append(a)
    return out
