"""Find the actors an article names or describes, and link each mention to one actor.

Three rules, in order of trust:
1. registry names and aliases (case-sensitive, whole words) and descriptive references
   ("the junta chief", "the regional bloc"; case-insensitive), longest match first;
2. unknown capitalised names introduced by a title or role ("Foreign Minister X",
   "analyst X", "X, the executive director of", "said X"), or ending in an organisation
   word ("... Institute", "... Ministry"), become new actors: never silently dropped;
3. once a person is named in full, their last name alone refers to them for the rest
   of the article ("Shoigu" after "Sergei Shoigu"), unless two people share it.
The stage fills ``doc.mentions`` and ``doc.new_actors`` for later stages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg import rdf
from kg.model import Document, Fact, Mention, NewActor, Span

NAME_TOKEN = r"(?:[A-Z][a-z’'\-]+|[A-Z]{2,}|U|Daw)"
NAME = rf"{NAME_TOKEN}(?:[^\S\n]+{NAME_TOKEN}){{1,4}}"  # names do not run across lines

# Role nouns: a name next to one of these is a person's ("diplomat X", "X, a researcher").
ROLE_NOUNS = (
    "minister", "diplomat", "envoy", "ambassador", "spokesman", "spokeswoman", "spokesperson", "analyst",
    "researcher", "activist", "lawyer", "journalist", "reporter", "correspondent", "editor", "commander",
    "general", "colonel", "officer", "official", "leader", "chief", "head", "director", "chairman",
    "chairwoman", "chair", "president", "premier", "secretary", "counsellor", "counselor", "adviser",
    "advisor", "professor", "scholar", "fellow", "expert", "economist", "member", "senator", "lawmaker",
    "monk", "student", "doctor", "teacher", "coach", "captain", "striker", "midfielder", "goalkeeper",
    "defender", "player", "referee", "substitute", "wife", "husband", "son", "daughter", "mother", "father",
)
# Titles printed before a name.
PERSON_CUES = (
    "Foreign Minister", "Prime Minister", "Deputy Prime Minister", "Defense Minister", "Defence Minister",
    "Minister", "President", "Vice President", "Senior General", "General", "Gen.", "Senator",
    "Ambassador", "Secretary", "Secretary-General", "Director", "Chairman", "Chairwoman", "Chair",
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr", "H.E.", "Daw", "U", "King", "Queen",
    "Prince", "Princess", "State Counselor", "State Counsellor", "Deputy Regional Director for Research",
    "By", "by", *ROLE_NOUNS, *(r.capitalize() for r in ROLE_NOUNS),
)
HONORIFICS = ("Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Daw", "U")
_ROLE = "(?:" + "|".join(ROLE_NOUNS) + ")s?"
_PERSON_BEFORE = re.compile(
    r"(?:(?<=\s)|(?<=^))(?:" + "|".join(re.escape(c) for c in sorted(PERSON_CUES, key=len, reverse=True))
    + rf")\s+(?P<name>{NAME})"
)
_PERSON_APPOSITIVE = re.compile(rf"(?P<name>{NAME}),\s+(?:the|a|an|its|his|her)\s+(?:[\w’'\-]+\s+){{0,5}}{_ROLE}\b")
_ROLE_APPOSITIVE = re.compile(rf"\b{_ROLE},\s+(?P<name>{NAME})(?=,|\s+(?:who|said|says|told|called|is|was)\b)")
_PERSON_IS = re.compile(rf"(?P<name>{NAME})\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w’'\-]+\s+){{0,4}}{_ROLE}\b")
_PERSON_SPEECH = re.compile(rf"(?:said|says|told|added|according to)\s+(?P<name>{NAME})(?=[\s,.;:—–-])")
_PERSON_SPEAKS = re.compile(rf"(?P<name>{NAME})\s*(?:,|—|–)?\s*(?:said|says|told|added|noted|suggested|stressed)\b")
_BYLINE = re.compile(
    rf"(?:^|\n)[ \t]*(?:By|(?:Additional\s+)?[Rr]eporting\s+by|Writing\s+by|Editing\s+by)\s+(?P<names>{NAME}"
    rf"(?:\s+in\s+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)?(?:\s*(?:,|and)\s+{NAME}(?:\s+in\s+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)?)*)"
)
_HONORIFIC_SHORT = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in HONORIFICS) + rf")\s+(?P<name>{NAME_TOKEN})\b")

ORG_HEADS = {
    "Institute": "ResearchOrganization", "University": "ResearchOrganization", "Centre": "ResearchOrganization",
    "Center": "ResearchOrganization", "Ministry": "GovernmentBody", "Council": "GovernmentBody",
    "Court": "GovernmentBody", "Directorate": "GovernmentBody", "Government": "GovernmentBody",
    "Commission": "GovernmentBody", "Agency": "GovernmentBody", "Department": "GovernmentBody",
    "Party": "PoliticalParty", "Association": "NonGovernmentalOrganization", "Foundation": "NonGovernmentalOrganization",
    "Organization": "NonGovernmentalOrganization", "Organisation": "NonGovernmentalOrganization",
    "Committee": "NonGovernmentalOrganization", "Army": "ArmedGroup", "Front": "ArmedGroup",
    "Force": "ArmedGroup", "Forces": "ArmedForces", "Service": "MediaOrganization", "News": "MediaOrganization",
    "Union": "Organization", "League": "Organization", "Alliance": "Organization", "Movement": "Organization",
    "Congress": "Organization", "Network": "NonGovernmentalOrganization", "Watch": "NonGovernmentalOrganization",
    "Federation": "Organization", "Society": "NonGovernmentalOrganization", "Collective": "NonGovernmentalOrganization",
    "Coalition": "Organization", "Secretariat": "Organization", "Embassy": "GovernmentBody",
    "Bureau": "GovernmentBody", "Authority": "GovernmentBody", "Parliament": "GovernmentBody",
    "Stadium": "Facility", "Airport": "Facility",
}
_ORG = re.compile(
    rf"(?P<name>(?:{NAME_TOKEN}\s+){{0,4}}(?P<head>" + "|".join(ORG_HEADS) + r")\b"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{NAME_TOKEN}(?:\s+(?:and\s+)?{NAME_TOKEN}){{0,4}}"
    rf"(?:\s+of\s+(?:the\s+)?{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,3}})?)?)"  # 'Ministry of Defence of Russia'
)
NOT_NAMES = {"The", "A", "An", "In", "On", "At", "As", "But", "And", "If", "It", "He", "She", "They", "We",
             "This", "That", "These", "Those", "His", "Her", "Their", "Our", "Since", "For", "After", "Before",
             "When", "While", "Asked", "Despite", "However", "Last", "Next", "Following", "According", "Reported",
             "Translated", "Written", "Speaking", "Arrested", "Such", "Opponents", "Critics", "Observers", "Courts"}


@dataclass(frozen=True)
class _Match:
    span: Span
    entity: str
    kind: str


_PATTERNS: dict[tuple[str, str], re.Pattern] = {}
PLACE_TYPES = {"State", "City", "Region", "Facility"}


def _pattern(form: str, kind: str) -> re.Pattern:
    """The whole-word pattern of one surface form (names case-sensitive, descriptions not), compiled once."""
    key = (form, kind)
    if key not in _PATTERNS:
        _PATTERNS[key] = re.compile(rf"(?<![\w]){_name_regex(form, kind)}(?![\w])",
                                    re.IGNORECASE if kind == "description" else 0)
    return _PATTERNS[key]


_WORDS: dict[str, tuple[str, ...]] = {}


def _words(form: str) -> tuple[str, ...]:
    """What any match of ``form`` contains, case-folded: its words, cut at apostrophes.

    >>> _words("Myanmar’s military chief")
    ('myanmar', 's', 'military', 'chief')
    """
    if form not in _WORDS:
        _WORDS[form] = tuple(w.casefold() for w in re.split(r"[\s'’]+", form) if w)
    return _WORDS[form]


def _name_regex(form: str, kind: str) -> str:
    """A name also matches in capitals, as press releases and datelines print them
    ("Prime Minister HUN SEN"); descriptions are matched case-insensitively anyway.

    >>> bool(re.fullmatch(_name_regex("Hun Sen", "name"), "HUN SEN"))
    True
    >>> bool(re.fullmatch(_name_regex("Hun Sen", "name"), "hun sen"))
    False
    """
    if kind == "description" or form.upper() == form:
        return _form_regex(form)
    return f"(?:{_form_regex(form)}|{_form_regex(form.upper())})"


def _form_regex(form: str) -> str:
    """A surface form as a regex: any run of spaces (no-break ones too) between words,
    and ’ and ' alike.

    >>> bool(re.fullmatch(_form_regex("Karenni State"), "Karenni\u00a0State"))
    True
    """
    words = ["".join("['’]" if ch in "'’" else re.escape(ch) for ch in w) for w in form.split()]
    return r"\s+".join(words)


def doc_forms(registry) -> list[tuple[str, str, str]]:
    return registry.surface_forms()


def _registry_matches(doc: Document) -> list[_Match]:
    """Every match of every registry form. A form with a word that is nowhere in the text is
    skipped before its pattern is compiled or run: an article names few of the registry's
    hundreds of entities, and compiling them all was most of the cost of `kg ingest`."""
    folded = doc.text.casefold()
    return [
        _Match(Span(m.start(), m.end()), entity_id, "description" if kind == "description" else "name")
        for form, entity_id, kind in doc_forms(doc.registry)
        if all(w in folded for w in _words(form))
        for m in _pattern(form, kind).finditer(doc.text)
    ]


def _crosses(a: Span, b: Span) -> bool:
    return _overlaps(a, b) and not a.covers(b) and not b.covers(a)


def _laminar(matches: list[_Match]) -> list[_Match]:
    """Matches that nest or stand apart; of two that cross, the longer wins.

    A name inside a description is its own mention ("Myanmar" in "Myanmar’s military
    chief"); a name inside a longer name is part of it ("Phnom Penh Post"), and the
    same entity inside its own longer form is not counted twice.
    """
    kept: list[_Match] = []
    order = sorted(matches, key=lambda m: (m.span.start - m.span.end, m.span.start, m.kind != "name"))
    for m in order:
        if any(_crosses(m.span, k.span) or m.span == k.span for k in kept):
            continue
        if any(k.span.covers(m.span) and (k.entity == m.entity or k.kind == m.kind == "name") for k in kept):
            continue  # same entity again, or a word of a longer proper name ("Phnom Penh" Post)
        kept.append(m)
    return kept


_CUE_WORDS = {w.lower() for cue in PERSON_CUES for w in cue.split()}


def _strip_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim leading function words and titles ('The', 'Asked', 'Analyst') off a capitalised run;
    None if fewer than two name tokens are left."""
    tokens = list(re.finditer(r"\S+", text[start:end]))
    while tokens and (tokens[0].group(0) in NOT_NAMES or tokens[0].group(0).lower() in _CUE_WORDS):
        tokens.pop(0)
    if len(tokens) < 2:
        return None
    return start + tokens[0].start(), start + tokens[-1].end()


@dataclass(frozen=True)
class _Found:
    """A name found inside a byline, shaped like a regex match for the name rules."""

    start_: int
    end_: int

    def start(self, _group: str = "name") -> int:
        return self.start_

    def end(self, _group: str = "name") -> int:
        return self.end_


def _byline_names(text: str) -> list[_Found]:
    """The people of bylines and credit lines ("By X and Y", "Reporting by X in Bangkok")."""
    found = []
    for m in _BYLINE.finditer(text):
        names = m.group("names")
        for part in re.finditer(rf"{NAME}", names):
            words = part.group(0).split()
            start = m.start("names") + part.start()
            found.append(_Found(start, start + len(part.group(0))))
            del words
    # a place after "in" is not a person: drop parts that follow " in "
    return [f for f in found if not text[max(0, f.start_ - 3):f.start_] == "in "]


def _new_actor_matches(doc: Document, known: list[_Match], swallowed: set[Span]) -> list[tuple[_Match, NewActor]]:
    """New actors from titled names and organisation names the registry does not know.

    An organisation name that contains only places ("Myanmar Institute for Peace")
    swallows those place mentions into ``swallowed``; one that overlaps anything else
    the registry knows is left to the registry.
    """
    text = doc.text
    taken = [m.span for m in known]
    out: list[tuple[_Match, NewActor]] = []

    def free(span: Span) -> bool:
        return not any(_overlaps(s, span) for s in taken)

    for pattern in (_PERSON_BEFORE, _PERSON_APPOSITIVE, _ROLE_APPOSITIVE, _PERSON_IS, _PERSON_SPEECH,
                    _PERSON_SPEAKS, *_byline_names(text)):
        for m in (pattern.finditer(text) if isinstance(pattern, re.Pattern) else [pattern]):
            bounds = _strip_name(text, m.start("name"), m.end("name"))
            if not bounds:
                continue
            span = Span(*bounds)
            name = span.of(text)
            if free(span) and not any(w in ORG_HEADS for w in name.split()):
                actor = NewActor(rdf.slug(name), name, "Person")
                out.append((_Match(span, actor.id, "new"), actor))
                taken.append(span)
    for m in _ORG.finditer(text):
        bounds = _strip_name(text, m.start("name"), m.end("name"))
        if not bounds:
            continue
        span = Span(*bounds)
        overlapping = [k for k in known if _overlaps(k.span, span)]
        if any(_type_of(doc, k.entity) not in PLACE_TYPES or not span.covers(k.span) or k.span == span for k in overlapping):
            continue  # the registry knows it, or it is a place's own name ('the Russian Federation')
        if any(_overlaps(s, span) for s, in [(o[0].span,) for o in out]):
            continue
        swallowed.update(k.span for k in overlapping)
        name = span.of(text)
        actor = NewActor(rdf.slug(name), name, ORG_HEADS[m.group("head")])
        out.append((_Match(span, actor.id, "new"), actor))
    return out


def _short_name_matches(doc: Document, people: dict[str, str], taken: list[Span]) -> list[_Match]:
    """Last names of people already named in full, where no two people share one."""
    by_last: dict[str, set[str]] = {}
    for entity_id, full in people.items():
        parts = full.split()
        if len(parts) >= 2 and len(parts[-1]) >= 4:
            by_last.setdefault(parts[-1], set()).add(entity_id)
    out: list[_Match] = []
    for last, ids in by_last.items():
        if len(ids) != 1:
            continue
        (entity_id,) = ids
        for m in re.finditer(rf"(?<![\w]){re.escape(last)}(?![\w])", doc.text):
            span = Span(m.start(), m.end())
            if not any(s.start < span.end and span.start < s.end for s in taken):
                out.append(_Match(span, entity_id, "name"))
                taken.append(span)
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def find_mentions(doc: Document) -> list[Mention]:
    """Every mention in the document; fills ``doc.new_actors``."""
    chosen = _laminar(_registry_matches(doc))
    swallowed: set[Span] = set()
    new = _new_actor_matches(doc, chosen, swallowed)
    chosen = [m for m in chosen if m.span not in swallowed]
    for match, actor in new:
        if actor.id in doc.registry.by_id:  # the same name, spelt or cased otherwise: the known actor
            chosen.append(_Match(match.span, actor.id, "name"))
            continue
        doc.new_actors.setdefault(actor.id, actor)
        chosen.append(match)
    people = {m.entity: m.span.of(doc.text) for m in chosen
              if m.kind in ("name", "new") and _type_of(doc, m.entity) == "Person"
              and " " in m.span.of(doc.text)}
    taken = [m.span for m in chosen]
    chosen += _short_name_matches(doc, people, taken)
    return [Mention(m.span, m.entity, m.kind) for m in sorted(chosen, key=lambda m: m.span)]


def _type_of(doc: Document, entity_id: str) -> str | None:
    entity = doc.registry.by_id.get(entity_id)
    if entity is not None:
        return entity.type
    actor = doc.new_actors.get(entity_id)
    return actor.type if actor else None


def extract(doc: Document) -> list[Fact]:
    """Mention facts (article schema:mentions actor), and the record of each new actor at its first mention."""
    doc.mentions = find_mentions(doc)
    article = rdf.article_iri(doc.article.id)
    mentions_p = rdf.schema("mentions")
    facts: list[Fact] = []
    introduced: set[str] = set()
    for mention in doc.mentions:
        entity = rdf.entity_iri(mention.entity)
        triples = [(article, mentions_p, entity)]
        if mention.entity in doc.new_actors and mention.entity not in introduced:
            introduced.add(mention.entity)
            actor = doc.new_actors[mention.entity]
            triples += [
                (entity, rdf.A, rdf.akg(actor.type)),
                (entity, NamedNode(rdf.RDFS + "label"), rdf.string(actor.label)),
            ]
        facts.append(Fact(tuple(triples), mention.span, "mentions"))
    return facts
