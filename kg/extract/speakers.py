"""Decide which actor a speaker phrase names, reading the document in order so pronouns can look back.

Rules, in order, for a phrase such as 'Thein Tun Oo, the executive director of …':

1. a pronoun: he/she is a person named earlier in the sentence ('… with Min Aung Hlaing and
   he replied'), the person or unnamed someone the sentence before introduced when it reported
   no speech ('… a teacher from Mandalay. She told me …'), else the last person who spoke in
   the last few sentences; it/they the last group that spoke, or the actor the narrative
   before named; who/which the phrase before the comma;
2. a document's author, or the parties for 'both sides' (``descriptions``);
3. a short name of a person named in full before ('Parnpree', 'Mr Lee');
4. the mention that ends the phrase ('Cambodia’s Foreign Minister Prak Sokhonn'), a name after
   a capitalised title ('… Director for Research Emerlynne Gil'), or a registry description
   printed without its article ('ASEAN foreign ministers meeting in …');
5. an unnamed person or group ('One ASEAN ambassador'), a name opening the phrase, then titles,
   definite descriptions and anonymous sources (``descriptions``).

Anything else (an agreement that 'calls for', a place) is no speaker, and no statement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.descriptions import (
    AGENT_NOUNS, HEAD_CUT, HONORIFICS, INDEFINITE_PERSON, PERSONAL, PLACE_TYPES, RECENT_SENTENCES, SIDES,
    Descriptions, Speaker, singular, trimmed,
)
from kg.model import Document, Mention, Span

__all__ = ["Speaker", "Speakers"]


@dataclass
class Speakers(Descriptions):
    """Resolve speaker phrases of one document, in text order, remembering who spoke."""

    doc: Document
    quoted: list[Span] = field(default_factory=list)  # quotation spans: no antecedents inside
    history: list[Speaker] = field(default_factory=list)
    units: list[Span] = field(default_factory=list)  # the sentences, in order
    spoken: set[Span] = field(default_factory=set)  # sentences that hold a speech cue or a quotation
    when: list[Span | None] = field(default_factory=list)  # the sentence of each history entry

    def said(self, speaker: Speaker, where: Span | None = None) -> None:
        """Record that ``speaker`` spoke (in sentence ``where``), for the pronouns that follow."""
        if speaker.known:
            self.history.append(speaker)
            self.when.append(where)

    def recent(self, unit: Span) -> list[Speaker]:
        """Speakers of the last few sentences, latest first: a pronoun does not reach further back."""
        here = next((i for i, u in enumerate(self.units) if u == unit), len(self.units))
        out = []
        for speaker, where in zip(reversed(self.history), reversed(self.when)):
            index = next((i for i, u in enumerate(self.units) if u == where), here) if where else here
            if here - index <= RECENT_SENTENCES:
                out.append(speaker)
        return out

    def resolve(self, phrase: Span, unit: Span) -> Speaker | None:
        """The speaker a phrase names, or None when it names no actor."""
        text = self.doc.text
        words = phrase.of(text).strip()
        lowered = words.lower()
        if lowered in PERSONAL:
            return self._pronoun(lowered, phrase, unit)
        doc_speaker = self._document(phrase)
        if doc_speaker is not None:
            return doc_speaker
        head = self._head(phrase)
        short = self._short_name(head)
        if short is not None:
            return self.entity_speaker(short, phrase, head)
        if SIDES.match(head.of(text)):
            parties = self._parties(phrase.start)
            return Speaker(parties, None, phrase, False, True) if parties else None
        mention = self._titled_name(phrase) or self._head_mention(head, ending_only=True)
        if mention is not None:
            return self.entity_speaker(mention.entity, phrase, head)
        known = self._registry_phrase(head)
        if known is not None:
            return self.entity_speaker(known, phrase, head)
        last = head.of(text).split()[-1:] or [""]
        definite = re.match(r"(?:the|this|that|these|those|its|their|his|her)\b", head.of(text), re.I)
        if not definite and last[0].islower() and singular(last[0].lower()) in AGENT_NOUNS:  # 'One ASEAN ambassador'
            return self._anonymous(phrase, head)
        mention = self._head_mention(head)
        if mention is not None:
            return self.entity_speaker(mention.entity, phrase, head)
        return (self._titled(head) or self._title_only(head) or self._definite(head) or self._collective(head, unit)
                or self._anonymous(phrase, head))

    def _head(self, phrase: Span) -> Span:
        """The phrase less what follows its head noun ('Am Sam Ath of the … group' -> 'Am Sam Ath')."""
        text = self.doc.text
        for m in HEAD_CUT.finditer(text, phrase.start, phrase.end):
            if not any(mn.span.start <= m.start() < mn.span.end for mn in self.doc.mentions) and m.start() > phrase.start:
                return Span(phrase.start, m.start())
        return phrase

    def _head_mention(self, head: Span, ending_only: bool = False) -> Mention | None:
        """The mention that ends the head (the outermost one, so a description beats a name
        inside it); None when that mention is no actor ('ASEAN’s five-point consensus').
        Failing that, a name that opens the head ('Amnesty International in London')."""
        inside = self.doc.mentions_in(head)
        ending = [m for m in inside if self.doc.text[m.span.end : head.end].strip(" ’'s\u00a0") == ""]
        if ending:
            outer = min(ending, key=lambda m: m.span.start)
            return outer if self.is_actor(outer.entity) else None
        if ending_only:
            return None
        starts = [m for m in inside if m.span.start <= head.start + 4 and self.is_actor(m.entity)
                  and self.type_of(m.entity) != "State" and self.doc.text[m.span.end : m.span.end + 2] not in ("’s", "'s")]
        return starts[0] if starts else None

    def _short_name(self, head: Span) -> str | None:
        """'Parnpree', 'Moura', 'Mr Lee': one word of a person the article named in full before."""
        words = re.findall(r"[\w’'.-]+", head.of(self.doc.text))
        if words and words[0].rstrip(".") in HONORIFICS:
            words = words[1:]
        if len(words) != 1 or not words[0][:1].isupper():
            return None
        found = {m.entity for m in self.doc.mentions if m.span.end <= head.start and self.type_of(m.entity) == "Person"
                 and " " in m.span.of(self.doc.text) and words[0] in m.span.of(self.doc.text).split()
                 and m.span.of(self.doc.text).split()[0].rstrip(".") not in HONORIFICS}
        return found.pop() if len(found) == 1 else None

    def _titled_name(self, phrase: Span) -> Mention | None:
        """A person's name after a capitalised title: 'Amnesty International’s Deputy Regional
        Director for Research Emerlynne Gil' (where 'for' does not start a modifier)."""
        text = self.doc.text
        people = [m for m in self.doc.mentions_in(phrase) if self.type_of(m.entity) == "Person"
                  and text[m.span.end : phrase.end].strip(" \u00a0") == ""]
        if not people:
            return None
        name = min(people, key=lambda m: m.span.start)
        lead = re.findall(r"[\w’'-]+", text[phrase.start : name.span.start])
        if all(w[0].isupper() or w in ("for", "of", "and", "the") for w in lead) and (not lead or lead[0][0].isupper()):
            return name
        return None

    def _pronoun(self, word: str, phrase: Span, unit: Span) -> Speaker | None:
        kind = PERSONAL[word]
        if kind == "relative":
            return self._antecedent(phrase)
        if kind == "person":
            earlier = [m for m in self.doc.mentions if unit.start <= m.span.start and m.span.end <= phrase.start
                       and self.type_of(m.entity) == "Person" and not self._in_quote(m.span)]
            if earlier and re.search(r"\b(?:and|but|what|that|when|as)\s+$", self.doc.text[unit.start : phrase.start]):
                return Speaker((earlier[-1].entity,), None, phrase, True, False)
            subject = self._subject_before(unit)
            if isinstance(subject, Speaker):
                return Speaker(subject.entities, subject.anonymous, phrase, True, False)
            for s in self.recent(unit):
                if s.person:
                    return Speaker(s.entities, s.anonymous, phrase, True, False)
            return None
        if word == "it":
            topic = self._topic_before(unit)
            if topic is not False:
                return Speaker((topic,), None, phrase, False, False) if topic else None
        for s in self.recent(unit):
            if not s.person and (s.plural or word == "it"):
                return Speaker(s.entities, s.anonymous, phrase, False, s.plural)
        return None

    def _topic_before(self, unit: Span) -> str | None | bool:
        """For 'it', after a sentence that reports no speech: the last thing that sentence names,
        if an actor ('… agreed on the five-point consensus. It calls for …' is no speaker);
        False when the sentence before did report speech."""
        before = [u for u in self.units if u.end <= unit.start]
        if not before or before[-1] in self.spoken:
            return False
        named = [m for m in self.doc.mentions_in(before[-1]) if self.type_of(m.entity) not in PLACE_TYPES
                 and not self._in_quote(m.span)]
        return named[-1].entity if named and self.is_actor(named[-1].entity) else None

    def _subject_before(self, unit: Span) -> Speaker | None:
        """The first person named in the sentence before, when that sentence reports no speech:
        narrative ('Min Aung Hlaing’s trip follows a visit he made …') moves the topic on."""
        before = [u for u in self.units if u.end <= unit.start]
        if not before or before[-1] in self.spoken:
            return None
        people = [m for m in self.doc.mentions_in(before[-1]) if self.type_of(m.entity) == "Person"
                  and not self._in_quote(m.span)]
        if people:
            return Speaker((people[0].entity,), None, people[0].span, True, False)
        text = self.doc.text
        for m in INDEFINITE_PERSON.finditer(text, before[-1].start, before[-1].end):  # 'a teacher from Mandalay'
            if singular(m.group("noun").lower()) in AGENT_NOUNS:
                span = Span(m.start(), m.end())
                return Speaker((), span.of(text), span, True, False)
        return None

    def _antecedent(self, phrase: Span) -> Speaker | None:
        """'X, who called …': the speaker phrase that ends at the comma before 'who'."""
        text = self.doc.text
        before = text[: phrase.start].rstrip(" ,")
        ends = [m for m in self.doc.mentions if m.span.end == len(before) and self.is_actor(m.entity)]
        if ends:
            return self.entity_speaker(ends[-1].entity, ends[-1].span, ends[-1].span)
        start = max(before.rfind(","), before.rfind("—"), before.rfind("\n")) + 1
        if len(before) <= start:
            return None
        clause = Span(*trimmed(text, start, len(before)))
        found = self._document(clause)
        if found is None:  # '… criticism from rights groups, who …', 'according to two people familiar with …, who …'
            for m in reversed(list(re.finditer(r"(?:^|(?<=\s))[\w’'-]+", clause.of(text)))):
                tail = Span(clause.start + m.start(), clause.end)
                if len(tail.of(text).split()) > 8:
                    break
                if re.match(r"(?:to|from|by|of|with|according|in|at|on)\b", tail.of(text)):
                    continue
                candidate = self._anonymous(tail, self._head(tail))
                found = candidate or found
        return found

