"""Resolve the speaker phrases that name no one: titles, descriptions, documents, groups, unnamed sources.

* a document speaks for its author: 'a statement from the Cambodian Foreign Ministry', 'the
  ministry’s outcome statement', 'the Russian readout', 'the press service of X'; a joint
  statement, or 'both sides', speaks for the parties to the talks the article last named;
* a title names the one person the registry or the text gives it: 'Cambodia’s Foreign
  Minister', 'Samdech Techo Prime Minister', 'the commander-in-chief', 'the analyst';
* 'the <noun>' is the last actor named or introduced with that noun ('the ministry', 'the
  ministers'); 'the group' an organisation the text called a group, or the last that spoke;
* 'the women said' names the people the next paragraphs introduce with a noun of the sentence;
* any other phrase headed by a word for people ('a Western diplomat', 'Opponents', 'two people
  familiar with the matter') is an anonymous source, labelled as printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Mention, Span

ACTOR_TYPES = {
    "Person", "IntergovernmentalOrganization", "GovernmentBody", "ArmedForces", "PoliticalParty",
    "NonGovernmentalOrganization", "MediaOrganization", "ResearchOrganization", "ArmedGroup", "State",
    "PopulationGroup", "Organization",
}
# Head nouns of an unnamed speaker ('a Western diplomat', 'analysts', 'the women').
AGENT_NOUNS = {
    "diplomat", "analyst", "observer", "source", "opponent", "critic", "official", "expert", "witness",
    "resident", "activist", "researcher", "spokesman", "spokeswoman", "spokesperson", "people", "women",
    "men", "villager", "lawyer", "member", "leader", "protester", "protestor", "journalist", "reporter",
    "scholar", "academic", "commentator", "insider", "aide", "adviser", "advisor", "minister", "officer",
    "soldier", "monk", "student", "worker", "relative", "family", "families", "wife", "wives", "husband",
    "person", "group", "organization", "organisation", "government", "authority", "authorities", "ministry",
    "agency", "council", "committee", "embassy", "military", "junta", "regime", "party", "bloc", "envoy",
    "delegate", "delegation", "representative", "campaigner", "defender", "detainee", "prisoner", "victim",
    "ambassador", "media", "broadcaster", "newspaper", "monitor", "lawmaker", "legislator", "teacher", "doctor",
    "resident", "villager", "commander", "general", "fan", "coach", "player", "expert", "specialist", "economist",
}
# 'a teacher from Mandalay', 'an elderly monk': someone the text introduces without a name.
INDEFINITE_PERSON = re.compile(r"\b(?:a|an)\s+(?:[a-z][\w’'-]*\s+){0,2}?(?P<noun>"
                                + "|".join(sorted(AGENT_NOUNS, key=len, reverse=True)) + r")\b"
                                r"(?:\s+(?:from|in|of|at)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?")
# Adjectives that may follow a head noun: 'two sources familiar with the talks'.
POSTMODIFIERS = {"familiar", "close", "involved", "present", "aware", "knowledgeable", "briefed", "based", "opposed"}
PLACE_TYPES = {"City", "Region", "Facility"}
RECENT_SENTENCES = 4  # how far back a pronoun may find the last speaker
HONORIFICS = {"Mr", "Mrs", "Ms", "Dr", "Prof", "Daw", "U", "H.E", "HE", "Samdech", "Techo", "Akka", "Moha", "Sena",
              "Padei", "Sir", "Dame", "His", "Her", "Excellency"}
ORGANISATION_NOUNS = {"group", "organisation", "organization", "agency", "body", "movement", "association",
                      "network", "coalition", "union", "alliance", "federation", "institute", "foundation", "party"}
ORGANISATION_TYPES = {"Organization", "NonGovernmentalOrganization", "GovernmentBody", "IntergovernmentalOrganization",
                      "ResearchOrganization", "MediaOrganization", "ArmedGroup", "PoliticalParty", "ArmedForces"}
DOCUMENT = (r"(?:joint\s+statement|statement|report|press\s+release|release|communiqu[eé]|readout|declaration|letter|"
            r"notice|announcement|post|tweet|press\s+service|press\s+office|website|update|bulletin)")
_DOCUMENT_BY = re.compile(rf"^(?:(?:a|an|the)\s+)?(?:[\w’'-]+\s+){{0,3}}?{DOCUMENT}\s+(?:from|by|of|issued\s+by)\s+(?P<who>.+)$", re.I)
_DOCUMENT_OF = re.compile(rf"^(?P<who>.+?)(?:’s|'s)\s+(?:[\w-]+\s+){{0,3}}?{DOCUMENT}$", re.I)
_JOINT = re.compile(rf"\bjoint\s+statement\b", re.I)
HEAD_CUT = re.compile(r"\s(?:of|for|from|who|which|whose|with|in|at|on|by|to|under)\s|\s\(|\s[—–-]\s|[—–]")
PERSONAL = {"he": "person", "she": "person", "him": "person", "her": "person", "they": "group", "it": "group",
             "we": "group", "who": "relative", "which": "relative"}
SIDES = re.compile(r"^(?:both|the two)\s+(?:sides|leaders|parties|governments|countries|ministers|men)$", re.I)
_ABBREVIATION_END = re.compile(r"\b(?:H\.E|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Prof|Sen|Amb)\.\s*$")
_TALKS = re.compile(r"\b(?:talks|meeting|met|summit|meet)\b")


@dataclass(frozen=True)
class Speaker:
    """Who said it: actor ids (several for a joint statement), or an anonymous source's label."""

    entities: tuple[str, ...] = ()
    anonymous: str | None = None
    phrase: Span | None = None
    person: bool = False
    plural: bool = False

    @property
    def known(self) -> bool:
        return bool(self.entities or self.anonymous)



class Descriptions:
    """Resolution of unnamed references; ``Speakers`` adds names, pronouns and the order of rules.

    Needs ``doc`` (the document), ``history`` (who spoke, in order) and ``resolve`` from the
    subclass.
    """

    def _registry_phrase(self, head: Span) -> str | None:
        """A registry description printed without its article or with a participle after it
        ('ASEAN foreign ministers meeting in Luang Prabang' for 'the ASEAN foreign ministers')."""
        words = head.of(self.doc.text).split()
        while words and words[-1].endswith("ing") and words[-1].islower():
            words = words[:-1]
        key = form_key(" ".join(words))
        entity = self._forms().get(key)
        return entity if entity and self.is_actor(entity) else None

    def _forms(self) -> dict[str, str]:
        if not hasattr(self, "_form_table"):
            table: dict[str, str] = {}
            for form, entity, kind in self.doc.registry.surface_forms():
                table.setdefault(form_key(form), entity)
            self._form_table = table
        return self._form_table

    def _title_only(self, head: Span) -> Speaker | None:
        """'Samdech Techo Prime Minister', 'the Commander-in-Chief': a title without a name is the one
        person the article gives that title (in the registry, or printed next to the name)."""
        words = [w for w in re.findall(r"[\w’'.-]+", head.of(self.doc.text))
                 if w.rstrip(".") not in HONORIFICS and w.lower() not in ("the", "his", "her", "their")]
        if not words or not all(w[:1].isupper() for w in words):
            return None
        title = " ".join(words[-3:]).lower()
        found = self._people_titled(title, head.start)
        return Speaker((found,), None, head, True, False) if found else None

    def _people_titled(self, title: str, before: int) -> str | None:
        """The one person mentioned before ``before`` whom the registry or the text gives ``title``."""
        found: list[str] = []
        for m in self.doc.mentions:
            if m.span.start >= before or self.type_of(m.entity) != "Person" or m.entity in found:
                continue
            entity = self.doc.registry.by_id.get(m.entity)
            titles = {t.lower() for t in entity.titles} if entity else set()
            if any(t == title or t.endswith(" " + title) for t in titles) or self._introduced_as(m, title):
                found.append(m.entity)
        return found[0] if len(found) == 1 else None

    def _introduced_as(self, mention: Mention, noun: str) -> bool:
        """True when the sentence names the person with ``noun`` before or right after the name
        ('The Minister of Defence … Sergey Shoygu', 'Moura, the striker', 'expert Igor Zhuravlyov')."""
        text = self.doc.text
        sentence = self.doc.sentence_at(mention.span.start)
        start = sentence.span.start if sentence else max(0, mention.span.start - 150)
        before = text[max(start, mention.span.start - 150) : mention.span.start].lower()
        after = text[mention.span.end : mention.span.end + 80].lower()
        pattern = rf"(?<!deputy )(?<!vice )(?<!acting )(?<!assistant )\b{re.escape(noun)}s?\b"
        found = list(re.finditer(pattern, before))
        if found and not re.search(r"[.;]", before[found[-1].end():]):
            return True
        return self._appositive_as(mention, noun)

    def _appositive_as(self, mention: Mention, noun: str) -> bool:
        """True when an appositive right after the name gives ``noun`` ('Moura, the striker',
        'The Assistance Association …, a group run by …')."""
        text = self.doc.text
        after = text[mention.span.end : mention.span.end + 80].lower()
        lowercase_words = r"(?:the|a|an|its|his|her)?\s*(?:[a-z][\w-]*\s+){0,4}?"
        return bool(re.match(rf"^(?:\s*\([^()]*\)|\))?,\s+{lowercase_words}{re.escape(noun)}s?\b", text[mention.span.end : mention.span.end + 80]
                             .replace(noun.title(), noun).replace(noun.upper(), noun), re.I) and
                    not re.match(r"^(?:\s*\([^()]*\)|\))?,\s+(?:deputy|vice|acting|assistant)\b", after))

    def _document(self, phrase: Span) -> Speaker | None:
        """The author of a statement or report: 'a statement from X', 'X’s outcome statement'."""
        text = self.doc.text
        words = phrase.of(text)
        for pattern in (_DOCUMENT_BY, _DOCUMENT_OF):
            m = pattern.match(words)
            if m:
                who = Span(phrase.start + m.start("who"), phrase.start + m.end("who"))
                author = self.resolve(who, Span(phrase.start, phrase.end))
                if author is not None:
                    return Speaker(author.entities, author.anonymous, phrase, author.person, author.plural)
        if re.search(rf"\b{DOCUMENT}$", words, re.I):  # 'the Russian readout': the state its adjective names
            owners = [m.entity for m in self.doc.mentions_in(phrase) if self.is_actor(m.entity)]
            if len(set(owners)) == 1:
                return self.entity_speaker(owners[0], phrase, phrase)
        if _JOINT.search(words):
            parties = self._parties(phrase.start)
            if parties:
                return Speaker(parties, None, phrase, False, True)
        return None

    def _parties(self, before: int) -> tuple[str, ...]:
        """The people the article last named as meeting or holding talks, before offset ``before``."""
        text = self.doc.text
        for m in reversed(list(_TALKS.finditer(text, 0, before))):
            sentence = self.doc.sentence_at(m.start())
            if sentence is None:
                continue
            people: list[str] = []
            for mention in self.doc.mentions_in(self._whole_sentence(sentence.span)):
                if self.type_of(mention.entity) == "Person" and mention.entity not in people:
                    people.append(mention.entity)
            if len(people) >= 2:
                return tuple(people[:2])
        return ()

    def _whole_sentence(self, span: Span) -> Span:
        """The sentence, joined to the next while it ends on a title's abbreviation ('… a meeting
        with H.E. | Senior General Min Aung Hlaing …')."""
        text = self.doc.text
        while _ABBREVIATION_END.search(text[span.start : span.end]):
            after = self.doc.sentence_at(span.end + 1) or self.doc.sentence_at(span.end)
            if after is None or after.span.end <= span.end:
                break
            span = Span(span.start, after.span.end)
        return span

    def _titled(self, head: Span) -> Speaker | None:
        """'Cambodia’s Foreign Minister': the one person the registry gives that title in that country."""
        text = self.doc.text
        m = re.match(r"^(?P<state>.+?)(?:’s|'s)\s+(?P<title>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})$", head.of(text))
        if not m:
            return None
        states = [x.entity for x in self.doc.mentions_in(Span(head.start, head.start + m.end("state")))
                  if self.type_of(x.entity) == "State"]
        mentioned = {x.entity for x in self.doc.mentions}
        title = m.group("title").lower()
        found = [e.id for e in self.doc.registry.entities
                 if e.id in mentioned and e.type == "Person" and (not states or e.country in states)
                 and title in {t.lower() for t in e.titles}]
        if len(found) == 1:
            return Speaker((found[0],), None, head, True, False)
        return None

    def _definite(self, head: Span) -> Speaker | None:
        """'the ministry', 'the ministers', 'the analyst': the last actor named or introduced with that noun."""
        text = self.doc.text
        m = re.match(r"^(?:the|this|that)\s+(?:[\w-]+\s+)?(?P<noun>[A-Za-z][\w-]*)$", head.of(text), re.I)
        if not m:
            return None
        noun = m.group("noun").lower()
        stem = singular(noun)
        earlier = [x for x in reversed(self.doc.mentions) if x.span.end <= head.start
                   and self.is_actor(x.entity) and not self._in_quote(x.span)]
        for mention in earlier:
            surface = mention.span.of(text).lower()
            label = self._label(mention.entity).lower()
            person = self.type_of(mention.entity) == "Person"
            if re.search(rf"\b{re.escape(stem)}s?$", surface) or (not person and re.search(rf"\b{re.escape(stem)}", label)):
                return self.entity_speaker(mention.entity, head, head)
            if person and stem == noun and self._introduced_as(mention, stem):
                return self.entity_speaker(mention.entity, head, head)
        if stem in ORGANISATION_NOUNS and stem == noun:
            return self._organisation(stem, earlier, head)
        return None

    def _organisation(self, noun: str, earlier: list[Mention], head: Span) -> Speaker | None:
        """'the group': an organisation the text called a group, else the last one that spoke,
        else the last one named ('… said Jane Doe of the Asia Rights Network. The group …')."""
        organisations = [m for m in earlier if self.type_of(m.entity) in ORGANISATION_TYPES]
        appositive = next((m for m in organisations if self._appositive_as(m, noun)), None)
        if appositive is not None:  # 'X, a group that …' outranks a later name the noun merely precedes
            return self.entity_speaker(appositive.entity, head, head)
        for m in organisations:
            if self._introduced_as(m, noun):
                return self.entity_speaker(m.entity, head, head)
        for spoken in reversed(self.history):
            if spoken.entities and all(self.type_of(e) in ORGANISATION_TYPES for e in spoken.entities):
                return Speaker(spoken.entities, None, head, False, False)
        return self.entity_speaker(organisations[0].entity, head, head) if organisations else None

    def _collective(self, head: Span, unit: Span) -> Speaker | None:
        """'the women said': the people the next paragraphs introduce with a noun of the sentence
        ('Tek Sok Lorn, the wife of …' for 'The wives of two political prisoners …, the women said'),
        as many as the sentence counts."""
        text = self.doc.text
        m = re.match(r"^(?:the|these|those)\s+(?:(?P<count>two|three|four|five|\d)\s+)?(?P<noun>[a-z]+)$", head.of(text), re.I)
        if not m or not is_plural(m.group("noun")):
            return None
        sentence = unit.of(text)
        nouns = {singular(w.lower()) for w in re.findall(r"[A-Za-z]+", sentence) if is_plural(w.lower())}
        count = m.group("count") or (re.search(r"\b(two|three|four|five)\b", sentence) or [None, None])[1]
        people: list[str] = []
        for mention in self.doc.mentions:
            if mention.span.start < unit.end or self.type_of(mention.entity) != "Person" or mention.entity in people:
                continue
            appositive = re.match(r"^,\s+(?:the|a)\s+([a-z]+)", text[mention.span.end : mention.span.end + 40])
            if appositive and appositive.group(1) in nouns:
                people.append(mention.entity)
        wanted = {"two": 2, "three": 3, "four": 4, "five": 5}.get((count or "").lower(), len(people))
        if len(people) < 2 or len(people) < wanted:
            return None
        return Speaker(tuple(people[:wanted]), None, head, False, True)

    def _label(self, entity: str) -> str:
        e = self.doc.registry.by_id.get(entity)
        if e is not None:
            return e.label
        actor = self.doc.new_actors.get(entity)
        return actor.label if actor else entity

    def _anonymous(self, phrase: Span, head: Span) -> Speaker | None:
        """A phrase headed by a word for people: an anonymous source labelled as printed.

        The head noun may be followed by its modifiers ('Two diplomats familiar with the talks');
        the label is the whole phrase when it is short, else the words up to the head noun.
        """
        if re.search(r"[“”\"«»„]", phrase.of(self.doc.text)):
            return None  # a speaker phrase never holds a quotation ('named “Friday wives”')
        words = re.findall(r"[\w’'-]+", head.of(self.doc.text))
        nouns = [i for i, w in enumerate(words) if singular(w.lower()) in AGENT_NOUNS
                 and (i == len(words) - 1 or (i == len(words) - 2 and words[-1].lower() in POSTMODIFIERS))]
        if not nouns or len(words) > 8:
            return None
        last = words[nouns[-1]].lower()
        plural = is_plural(last) or last in {"people", "authorities"}
        label = phrase.of(self.doc.text).strip()
        if len(label.split()) > 10:
            label = head.of(self.doc.text).strip()
        return Speaker((), label, phrase, not plural, plural)


    def type_of(self, entity: str) -> str | None:
        entity_obj = self.doc.registry.by_id.get(entity)
        if entity_obj is not None:
            return entity_obj.type
        actor = self.doc.new_actors.get(entity)
        return actor.type if actor else None

    def is_actor(self, entity: str) -> bool:
        return self.type_of(entity) in ACTOR_TYPES or (self.type_of(entity) or "").endswith("Organization")

    def entity_speaker(self, entity: str, phrase: Span, head: Span) -> Speaker:
        """The speaker an actor id makes: a person, or a group when the head noun is plural."""
        person = self.type_of(entity) == "Person"
        plural = not person and head.of(self.doc.text).rstrip().endswith("s")
        return Speaker((entity,), None, phrase, person, plural)

    def _in_quote(self, span: Span) -> bool:
        return any(q.start <= span.start < q.end for q in self.quoted)


_IRREGULAR_PLURALS = {"women": "woman", "men": "man", "wives": "wife", "people": "person", "children": "child"}


def is_plural(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss") and len(word) > 3)


def singular(word: str) -> str:
    """'wives' -> 'wife', 'families' -> 'family', 'critics' -> 'critic'."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def form_key(words: str) -> str:
    """A surface form compared without case, curly apostrophes or a leading article."""
    key = re.sub(r"\s+", " ", words.replace("’", "'")).strip().casefold()
    return re.sub(r"^(?:the|a|an) ", "", key)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
