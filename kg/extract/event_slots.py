"""Fill an event mention's slots from its sentence: who took part in which role, and where, family by family.

event_mentions.py finds the trigger ("trip", "met", "summit", "seized power") and calls the
filler of its family here. Each filler reads the actors around the trigger with
kg/extract/slots.py: the visitor is the possessor, the agent or the subject, the
destination follows "to" or "in"; those who meet are the subject and the object; a summit's
organiser precedes it ("the ASEAN Foreign Ministers’ Retreat") or follows "of"; whoever
"attended" or "sent a representative to" it attends; a coup's perpetrators seized power and
its subjects were ousted; a sentence's subject was sentenced.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract import slots
from kg.extract.slots import Actor, ORG_TYPES, PLACE_TYPES
from kg.model import Document, Span

if TYPE_CHECKING:
    from kg.extract.event_mentions import Candidate

ACTOR_TYPES = ORG_TYPES | {"Person", "State", "PopulationGroup"}
ATTEND = re.compile(r"\b(?:attend(?:s|ed|ing)?|sits?\s+during|sat\s+during|participat(?:e|es|ed|ing)\s+in|took\s+part\s+in|join(?:s|ed)?)\s+(?:[\w’'\-]+\s+){0,5}$", re.I)
SENT_REPRESENTATIVE = re.compile(r"\bsent\s+(?:a|an|its)\s+(?:representative|delegate|delegation|envoy)\s+to\s+(?:[\w’'\-]+\s+){0,5}$", re.I)
IN_PERSON_OF = re.compile(r"in\s+the\s+person\s+of\s+", re.I)


def _fill_visit(doc: Document, c: Candidate) -> None:
    text = doc.text
    t = c.trigger
    arrival = bool(re.match(r"(?i)arriv|fl[eiy]|travel", c.words))
    c.date_is_start = arrival
    visitor: list[Actor] = []
    if c.verb:
        visitor = [a for a in slots.subjects(doc, c.sentence, t.start) if a.type in ACTOR_TYPES]
        persons = [a for a in visitor if a.type == "Person"]
        visitor = (persons or [a for a in visitor if a.type not in PLACE_TYPES] or visitor)[:1]
    else:
        owner = slots.possessor(doc, t.start) or _adjacent_before(doc, t.start)
        if owner and owner.type == "State" and not slots.possessor(doc, t.start):
            c.places.append(owner)  # 'Myanmar trip': where to, not who
            c.add(owner, "host")
            owner = None
        if owner is None and re.search(r"\b(?:paid|pays|pay|paying|made|makes|make|making|began|begins|concluded|wrapped\s+up)\s+(?:a|an|his|her|their|its)\s+(?:[\w\-]+\s+){0,2}$",
                                       text[max(c.sentence.start, t.start - 40) : t.start]):
            doers = [a for a in slots.subjects(doc, c.sentence, t.start) if a.type == "Person" and not re.search(
                r"\b(?:invitation|request|behalf)\s+of\s+(?:[\w.]+\s+){0,4}$|\b(?:invited|hosted)\s+by\s+(?:[\w.]+\s+){0,4}$",
                text[max(c.sentence.start, a.span.start - 50) : a.span.start])]
            owner = doers[-1] if doers else None  # 'At the invitation of X, Y paid a visit': Y, nearest the verb
        agent = slots.objects(doc, c.sentence, t.end, ("by",), reach=45)
        made = re.match(r"\s+(he|she)\s+(?:made|paid|took)\b", text[t.end : t.end + 20])
        if made:
            person = slots.person_before(doc, t.end)
            agent = [Actor(person.entity, Span(t.end + made.start(1), t.end + made.end(1)), person.type)] if person else []
        visitor = [a for a in ([owner] if owner else []) + agent if a and a.type in ACTOR_TYPES][:1]
    for v in visitor:
        c.add(v, "visitor")
    if arrival:
        where = slots.mentions_between(doc, t.end, slots.phrase_end(text, t.end, c.sentence.end))
    elif c.verb and not re.match(r"\s+(?:to|with|by)\b", text[t.end : t.end + 5]):
        where = slots.mentions_between(doc, t.end, slots.phrase_end(text, t.end, c.sentence.end))
    else:
        where = slots.objects(doc, c.sentence, t.end, ("to", "in"), reach=60)
    where = [a for a in where if a.type in PLACE_TYPES and a.entity not in {v.entity for v in visitor}]
    for place in _places(where):
        c.places.append(place)
        if place.type == "State":
            c.add(place, "host")
    if not where and re.match(r"\s+(?:to\s+)?the\s+country\b", text[t.end : t.end + 20]):
        state = _last_state_before(doc, t.start)
        if state:
            c.add(state, "host")
            c.places.append(state)


def _places(found: list[Actor]) -> list[Actor]:
    """'Jakarta, Indonesia': the city and its state, both places of the event."""
    return found[:2] if len(found) >= 2 and found[1].type == "State" else found[:1]


def _fill_meeting(doc: Document, c: Candidate) -> None:
    text = doc.text
    t = c.trigger
    if c.cls == "Meeting":
        organiser = _adjacent_before(doc, t.start)
        if organiser and organiser.type in ORG_TYPES and not c.verb:
            c.add(organiser, "host")
        if c.verb:
            for a in slots.subjects(doc, c.sentence, t.start):
                if a.type in ACTOR_TYPES:
                    c.add(a, "attendee")
        else:
            owner = slots.possessor(doc, t.start)
            if owner and owner.type in ACTOR_TYPES:
                c.add(owner, "attendee")
            if re.search(r"\b(?:hold|holds|held|holding|have|had)\s+(?:[\w\-]+\s+){0,5}$", text[max(0, t.start - 50) : t.start]):
                for a in slots.subjects(doc, c.sentence, t.start):
                    if a.type in ACTOR_TYPES:
                        c.add(a, "attendee")
        objects = slots.objects(doc, c.sentence, t.end, ("with", "between"), reach=45)
        if re.search(r"with$", c.words):
            objects = slots.phrase_mentions(doc, t.end, c.sentence.end)  # 'sat down with X'
        elif c.verb and re.match(r"\s+(?:[A-Z]|the\s|his\s|her\s|their\s)", text[t.end : t.end + 6]):
            objects = slots.phrase_mentions(doc, t.end, c.sentence.end)  # 'met Min Aung Hlaing': a direct object
        for a in objects:
            if a.type in ACTOR_TYPES and not (a.type == "State" and re.search(r"\bin\s+$", text[max(0, a.span.start - 4) : a.span.start])):
                c.add(a, "attendee")
        heads = ("in", "at", "to") if c.words.lower().startswith("summon") else ("in", "at")  # 'summoned X to Jakarta'
        where = [a for a in slots.objects(doc, c.sentence, t.end, heads, reach=60) if a.type in PLACE_TYPES]
        c.places += _places(where)
    else:
        _fill_gathering(doc, c)


def _fill_gathering(doc: Document, c: Candidate) -> None:
    """Summits, retreats, conferences: organiser, attendees, representatives, place."""
    text = doc.text
    t = c.trigger
    np_start = _noun_phrase_start(text, c.sentence.start, t.start)
    c.words = re.sub(r"^(?:a|an|the|this|that)\s+", "", text[np_start : t.end], flags=re.I)
    organisers = [a for a in slots.mentions_between(doc, np_start, t.start) if a.type in ORG_TYPES]
    its = re.search(r"\bits\s+(?:[\w\-]+\s+){0,2}$", text[max(c.sentence.start, t.start - 30) : t.start])
    if its and not organisers:
        bloc = next((a for a in reversed(slots.mentions_between(doc, c.sentence.start, t.start)) if a.type == "IntergovernmentalOrganization"), None)
        organisers = [bloc] if bloc else []
    organisers += [a for a in slots.objects(doc, c.sentence, t.end, ("of",), reach=12) if a.type in ORG_TYPES]
    for a in organisers:
        c.add(a, "host")
    before = text[c.sentence.start : np_start]
    attend = ATTEND.search(before) or SENT_REPRESENTATIVE.search(before)
    if attend:
        who = [a for a in slots.subjects(doc, c.sentence, c.sentence.start + attend.start()) if a.type in ACTOR_TYPES]
        sent = SENT_REPRESENTATIVE.search(before)
        person = IN_PERSON_OF.search(text, t.end, c.sentence.end) if sent else None
        if sent and person:
            delegate = slots.mentions_between(doc, person.end(), slots.phrase_end(text, person.end(), c.sentence.end))
            for d in delegate[:1]:
                c.add(d, "representative")
                for state in who[:1]:
                    if state.type == "State":
                        c.represents[d.entity] = state.entity
        elif not c.absent_subject:
            people = [a for a in who if a.type not in PLACE_TYPES - {"State"}]
            for a in ([a for a in people if a.type == "Person"] or people)[:1]:
                c.add(a, "attendee")
    attended = re.match(r"\s+(?:[\w\-]+\s+){0,3}?(?:that|which)\s+(.{1,80}?)\s+(?:attended|joined)\b", text[t.end : c.sentence.end])
    if attended:
        for a in slots.mentions_between(doc, t.end + attended.start(1), t.end + attended.end(1)):
            if a.type in ACTOR_TYPES:
                c.add(a, "attendee")
    where = [a for a in slots.objects(doc, c.sentence, t.end, ("in",), reach=30) if a.type in PLACE_TYPES]
    c.places += _places(where)


def _noun_phrase_start(text: str, floor: int, offset: int) -> int:
    """Where the noun phrase ending at ``offset`` begins: back over modifiers, names and ’s."""
    m = re.search(r"(?:\b(?:a|an|the|this|that)\s+)?(?:(?:[A-Z][\w’'\-]*|\([A-Z]+\)|[a-z\-]+-[a-z]+|\w+’|emergency|virtual|international|security|big|ticket|informal|annual|regional|high-level|three-day|two-day|special)\s+)*$", text[floor:offset])
    return floor + m.start() if m else offset


def _fill_coup(doc: Document, c: Candidate) -> None:
    text = doc.text
    t = c.trigger
    passive = bool(re.search(r"\b(?:was|were|been|being)\s+$", text[max(0, t.start - 8) : t.start]))
    gerund = re.match(r"(?i)(?:seiz|tak|grabb)ing", c.words) and re.search(r"\b(?:since|after|before|by|from)\s+$", text[max(0, t.start - 7) : t.start])
    if (c.verb or re.match(r"(?i)seiz|t(?:ook|ak)|grab", c.words)) and not gerund and not passive:
        for a in slots.subjects(doc, c.sentence, t.start):
            if a.type in ACTOR_TYPES and a.type != "State":
                c.add(a, "perpetrator")
    if not c.verb:
        owner = slots.possessor(doc, t.start)
        if owner and owner.type in ACTOR_TYPES and owner.type != "State":
            c.add(owner, "perpetrator")
        staged = re.search(r"\b(?:orchestrat|stag|launch|carr(?:y|ied)\s+out|le[ad]|mount|order)\w*\s+(?:[\w’'\-]+\s+){0,3}$", text[max(c.sentence.start, t.start - 40) : t.start])
        if staged:
            for a in slots.subjects(doc, c.sentence, t.start):
                if a.type in ACTOR_TYPES and a.type != "State":
                    c.add(a, "perpetrator")
    by = slots.objects(doc, c.sentence, t.end, ("by",), reach=25)
    for a in by[:1]:
        if a.type in ACTOR_TYPES:
            c.add(a, "perpetrator")
    if re.match(r"(?i)overthr|ousted|deposed", c.words):
        end = slots.phrase_end(text, t.end, c.sentence.end)
        if passive:
            for a in slots.subjects(doc, c.sentence, t.start):
                if a.type in ACTOR_TYPES and a.type != "State":
                    c.add(a, "subject")
        else:
            for a in slots.mentions_between(doc, t.end, end):
                if a.type in ACTOR_TYPES and a.type != "State":
                    c.add(a, "subject")
            _led_by(doc, c, end)
    for a in slots.objects(doc, c.sentence, t.end, ("of",), reach=10):
        if a.type in ACTOR_TYPES and a.type != "State":
            c.add(a, "subject")
    _coup_place(doc, c)


def _led_by(doc: Document, c: Candidate, end: int) -> None:
    """'the elected civilian government led by Aung San Suu Kyi': its leader was ousted too."""
    m = re.match(r"\s+led\s+by\s+", doc.text[end : end + 12])
    if m:
        for a in slots.mentions_between(doc, end + m.end(), slots.phrase_end(doc.text, end + m.end(), c.sentence.end))[:1]:
            c.add(a, "subject")


def _coup_place(doc: Document, c: Candidate) -> None:
    """Where the coup was: 'in X', the state of who took power or was ousted, the state named last
    before in the sentence, or the state the article names most (the country it is about)."""
    where = [a for a in slots.objects(doc, c.sentence, c.trigger.end, ("in", "of"), reach=15) if a.type == "State"]
    if not where:
        for a in c.actors():
            country = slots.country_of(doc, a.entity)
            if country:
                where = [Actor(country, a.span, "State")]
                break
    if not where and not c.definite:
        before = [a for a in slots.mentions_between(doc, c.sentence.start, c.trigger.start) if a.type == "State"]
        where = before[-1:] or _main_state(doc, c.trigger)
    if where:
        c.places.append(where[0])


def _military_state(doc: Document, at: Span) -> list[Actor]:
    """The state of the armed forces or junta an article names most: where its coup took place."""
    counts: dict[str, int] = {}
    juntas = _junta_like(doc)
    for m in slots.outer_mentions(doc):
        country = slots.country_of(doc, m.entity)
        if country and (slots.entity_type(doc, m.entity) == "ArmedForces" or m.entity in juntas):
            counts[country] = counts.get(country, 0) + 1
    if not counts:
        return []
    return [Actor(max(sorted(counts), key=lambda e: counts[e]), at, "State")]


def _junta_like(doc: Document) -> set[str]:
    """Government bodies the registry describes as a junta or regime."""
    return {entity_id for form, entity_id, kind in doc.registry.surface_forms()
            if kind == "description" and re.search(r"\b(?:junta|regime)\b", form, re.I)}


def _main_state(doc: Document, at: Span) -> list[Actor]:
    """The state an article names most often, as a place for an event that names none."""
    counts: dict[str, int] = {}
    for m in slots.outer_mentions(doc):
        if slots.entity_type(doc, m.entity) == "State":
            counts[m.entity] = counts.get(m.entity, 0) + 1
    if not counts:
        return []
    best = max(sorted(counts), key=lambda e: counts[e])
    return [Actor(best, at, "State")]


def _fill_sentencing(doc: Document, c: Candidate) -> None:
    text = doc.text
    t = c.trigger
    if c.family == "sentence-reduction":
        owner = slots.possessor(doc, t.start, max_words=4)
        if re.match(r"(?i)sentence", c.words):
            owner = owner or slots.possessor(doc, t.start, max_words=4)
            agent = [a for a in slots.mentions_between(doc, t.end, t.end + 45) if a.type in ACTOR_TYPES][:1]
        else:
            agent = [a for a in slots.subjects(doc, c.sentence, t.start) if a.type in ACTOR_TYPES][-1:]
            nxt = re.search(r"\bsentence\b", text[t.end : c.sentence.end])
            owner = slots.possessor(doc, t.end + nxt.start(), max_words=4) if nxt else None
        if owner:
            c.add(owner, "subject")
        for a in agent:
            if not owner or a.entity != owner.entity:
                c.add(a, "")
        return
    if c.verb or re.match(r"(?i)found|sentenced|convicted", c.words):
        persons = [a for a in slots.subjects(doc, c.sentence, t.start) if a.type == "Person"]
        if re.match(r"\s+(?:them|those|others)\b", text[t.end : t.end + 8]):
            persons = []  # 'sentenced them': people the sentence does not name
        for a in persons[-1:]:
            c.add(a, "subject")
    else:
        doers = slots.subjects(doc, c.sentence, t.start)
        if re.search(r"\b(?:face|faces|facing|await|awaits|awaiting)\s+(?:[\w\-]+\s+){0,4}$", text[max(0, t.start - 50) : t.start]):
            for a in [a for a in doers if a.type == "Person"][-1:]:
                c.add(a, "subject")
        for a in [a for a in doers if a.type == "GovernmentBody" and re.search(r"(?i)court|tribunal", _label(doc, a.entity))][:1]:
            c.add(a, "")


def _fill_speech_event(doc: Document, c: Candidate) -> None:
    """Lectures and news conferences: the speaker, the organiser, the place."""
    if re.match(r"(?i)told|briefed", c.words):
        for a in [a for a in slots.subjects(doc, c.sentence, c.trigger.start) if a.type == "Person"][-1:]:
            c.add(a, "")
        where = [a for a in slots.objects(doc, c.sentence, c.trigger.end, ("in", "at"), reach=20) if a.type in PLACE_TYPES]
        c.places += where[:1]
        return
    verb = re.search(r"\b(?:told|tells|addressed|gave|held|gives|holds|spoke\s+(?:at|to))\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}$",
                     doc.text[max(c.sentence.start, c.trigger.start - 40) : c.trigger.start])
    at = c.trigger.start - 40 + verb.start() if verb and c.trigger.start - 40 > c.sentence.start else \
        (c.sentence.start + verb.start() if verb else c.trigger.start)
    speakers = [a for a in slots.subjects(doc, c.sentence, at) if a.type == "Person"]
    for a in speakers[:1]:
        c.add(a, "")
    for a in slots.objects(doc, c.sentence, c.trigger.end, ("organized by", "organised by", "hosted by"), reach=20):
        if a.type in ORG_TYPES:
            c.add(a, "host")
    where = [a for a in slots.objects(doc, c.sentence, c.trigger.end, ("in",), reach=15) if a.type in PLACE_TYPES]
    c.places += where[:1]


def _fill_protest(doc: Document, c: Candidate) -> None:
    where = [a for a in slots.objects(doc, c.sentence, c.trigger.end, ("in", "in front of", "outside"), reach=40) if a.type in PLACE_TYPES]
    c.places += _places(where)


def _fill_election(doc: Document, c: Candidate) -> None:
    if c.words.lower().startswith("re-elected"):
        for a in slots.subjects(doc, c.sentence, c.trigger.start):
            if a.type == "Person":
                c.add(a, "subject")
    for a in slots.mentions_between(doc, c.sentence.start, c.sentence.end):
        if a.type == "PoliticalParty":
            c.add(a, "")
    states = [a for a in slots.mentions_between(doc, c.sentence.start, c.sentence.end) if a.type == "State"]
    if states:
        c.places.append(states[0])
    else:
        for a in c.actors() + slots.mentions_between(doc, c.sentence.start, c.sentence.end):
            country = slots.country_of(doc, a.entity)
            if country:
                c.places.append(Actor(country, a.span, "State"))
                break
    if not c.places:
        state = _last_state_before(doc, c.trigger.start)
        if state:
            c.places.append(state)


FILLERS = {
    "visit": _fill_visit, "meeting": _fill_meeting, "coup": _fill_coup, "sentencing": _fill_sentencing,
    "sentence-reduction": _fill_sentencing, "lecture": _fill_speech_event, "press-conference": _fill_speech_event,
    "protest": _fill_protest, "election": _fill_election,
}


def _label(doc: Document, entity_id: str) -> str:
    if entity_id in doc.registry:
        return doc.registry.get(entity_id).label
    actor = doc.new_actors.get(entity_id)
    return actor.label if actor else entity_id


def _adjacent_before(doc: Document, offset: int) -> Actor | None:
    """A name directly before a noun trigger ('Myanmar Junta Chief Visit', 'ASEAN summit')."""
    for m in reversed(slots.outer_mentions(doc)):
        if m.span.end <= offset:
            return slots.actor(doc, m) if doc.text[m.span.end : offset].strip() == "" else None
    return None


def _last_state_before(doc: Document, offset: int) -> Actor | None:
    for m in reversed(slots.outer_mentions(doc)):
        if m.span.end <= offset and slots.entity_type(doc, m.entity) == "State":
            return slots.actor(doc, m)
    return None
