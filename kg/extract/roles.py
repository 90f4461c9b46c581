"""Roles: who holds which office in which organisation, and from when to when, as the text states it.

Where a role is stated:

* a title before a name: "Cambodia’s Foreign Minister Prak Sokhonn", "Cambodian Prime
  Minister Hun Sen", "Amnesty International’s Deputy Regional Director for Research
  Emerlynne Gil", "then State Counselor Aung San Suu Kyi", "the previous chair Brunei";
* a description that names the office: "the permanent secretary of Myanmar’s Foreign
  Ministry", "junta spokesman", "the ASEAN special envoy in Myanmar";
* an apposition after a name: "Laos, the ASEAN Chair for 2024", "Nuth Savana—spokesperson
  for the General Directorate of Prisons";
* a verb: "a regional bloc currently led by Cambodia", "Cambodia takes over as chair of
  ASEAN", "Cambodia was last chair in 2012", "he was appointed as the chief of the
  Cambodian diplomacy in August 2023", "Hun Sen last month named Prak Sokhonn as ...".

The organisation is the state or body in the phrase (possessive, adjective, "of X"), a
word the registry describes ("junta" is the State Administration Council), or, for a
state office with none printed, the holder's state in the registry. When does the holding
hold: an appointment dates its start ("in August 2023"); a chair "for 2024" or "in 2012"
a year; ASEAN's chair rotates each calendar year, so "currently led by Cambodia" in
January 2022 is the chair of 2022 and "the previous chair Brunei" that of 2021; "former"
ends it by the publication date; otherwise the text attests it on the publication date
(or the date of the sentence: "then", "at the time"). Because the shapes require a start,
a holding only attested has akg:start at its first attested day (it began then or before)
and akg:endEarliest at its last; kg/roles_merge.py reconciles what several articles say.
Appointments are also events (akg:Appointment).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg import rdf
from kg.dates import DateValue, day, whole_year
from kg.extract import events, slots, timex
from kg.extract.slots import Actor, ORG_TYPES
from kg.model import Document, Fact, Mention, Span

ORG = lambda local: NamedNode(rdf.ORG + local)  # noqa: E731
LABEL = NamedNode(rdf.RDFS + "label")

# Role words, most specific first: (pattern, canonical label or None to keep the printed words).
ROLE_WORDS: list[tuple[str, str | None]] = [
    (r"deputy\s+prime\s+minister", "deputy prime minister"),
    (r"prime\s+minister|\bPM\b|premier", "prime minister"),
    (r"foreign\s+minister|minister\s+of\s+foreign\s+affairs|minister\s+for\s+foreign\s+affairs|chief\s+of\s+the\s+\w+\s+diplomacy|top\s+diplomat", "foreign minister"),
    (r"defen[cs]e\s+minister|minister\s+(?:of|for)\s+(?:national\s+)?defen[cs]e", "defense minister"),
    (r"state\s+counsell?or", "state counselor"),
    (r"vice[\s\-]president", "vice president"),
    (r"president", "president"),
    (r"special\s+envoy", "special envoy"),
    (r"chair(?:man|woman|person)(?=\s+of\s+the\s+(?:State|Council|Committee|Board|Commission|[A-Z]))", None),
    (r"(?:rotating\s+)?chair(?:man|woman|person)?(?!\s+of\s+the\s+regime)", "chair"),
    (r"spokes(?:man|woman|person)", None),
    (r"permanent\s+secretary", "permanent secretary"),
    (r"secretary[\s\-]general", "secretary-general"),
    (r"executive\s+director", "executive director"),
    (r"deputy\s+regional\s+director\s+for\s+research", None),
    (r"commander[\s\-]in[\s\-]chief\s+of\s+(?:the\s+)?defen[cs]e\s+services", "Commander-in-Chief of Defence Services"),
    (r"(?:military|army)\s+chief|commander[\s\-]in[\s\-]chief", "military chief"),
    (r"junta\s+(?:chief|leader)|chief\s+of\s+the\s+regime|head\s+of\s+the\s+junta", "junta chief"),
    (r"coup\s+leader", "coup leader"),
    (r"de\s+facto\s+leader", "de facto leader"),
    (r"civilian\s+leader", "civilian leader"),
    (r"ruler", "ruler"),
    (r"ambassador", "ambassador"),
    (r"(?:senior\s+)?(?:researcher|research\s+fellow|fellow)", None),
    (r"(?:political\s+)?analyst", None),
    (r"director", "director"),
    (r"coach|captain|head\s+coach", None),
    (r"(?:senior\s+)?(?:[a-z]+\s+)?ministry\s+official", None),
    (r"activist", "activist"),
    (r"leader", "leader"),
]
ROLE = "|".join(f"(?:{p})" for p, _ in ROLE_WORDS)
# Offices of a state: with no organisation printed, the holder's state.
STATE_OFFICES = {"prime minister", "deputy prime minister", "foreign minister", "defense minister", "state counselor",
                 "president", "vice president", "ruler", "de facto leader", "civilian leader"}
# Offices held in a body the registry describes with these words.
DEFAULT_BODY = {"military chief": "the military", "junta chief": "the junta", "coup leader": "the military",
                "Commander-in-Chief of Defence Services": "the military"}
BODY_WORDS = {"junta": "the junta", "regime": "the regime", "military": "the military", "army": "the military"}
# Chairs that rotate each calendar year (ASEAN's: "which rotates each year", 003).
ANNUAL_CHAIRS = {"asean"}
RANKS = (r"(?:(?:H\.E\.|His\s+Excellency|Her\s+Excellency)\s+)?(?:(?:(?:Senior|Lieutenant|Lt\.|Major|Maj\.|Brigadier)\s+)?General(?:\s+of\s+the\s+Army)?"
         r"|Admiral|Colonel|Col\.|Gen\.|U|Daw|Dr\.|Mr\.|Ms\.|Mrs\.)\s+")
# Who a person is, in an apposition between a title and the name: 'a new special envoy, the veteran Lao diplomat X'.
DESCRIBED = r"(?:diplomat|politician|official|lawyer|economist|general|civil\s+servant|technocrat)"
# A formal title's body after it: 'Minister of Defence of the Russian Federation General ... Name'.
TITLE_OF = r"\s+of\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'\-]*){0,7}?"
# Participles that end a holding: 'the ousted civilian leader' held the office until the coup.
OUSTED = r"ousted|deposed|toppled|overthrown|sacked|dismissed"
NOT_ROLES = re.compile(r"\b(?:wife|husband|son|daughter|mother|father)\b", re.I)


@dataclass(frozen=True)
class Holding:
    """One role holding as one place in the text states it."""

    holder: str
    role: str
    organization: str
    span: Span
    start: DateValue | None = None
    end: DateValue | None = None
    as_of: DateValue | None = None
    former: bool = False
    appointed_by: str | None = None  # who named the holder (an appointment event)
    appointment: bool = False


def role_label(words: str) -> str | None:
    """The canonical name of the role ``words`` name, or None.

    >>> role_label("Foreign Minister"), role_label("the chief of the Cambodian diplomacy"), role_label("junta spokesman")
    ('foreign minister', 'foreign minister', 'spokesman')
    """
    for pattern, label in ROLE_WORDS:
        m = re.search(pattern, words, re.I)
        if m:
            return label or re.sub(r"\s+", " ", m.group(0))
    return None


def find_holdings(doc: Document) -> list[Holding]:
    """Every role holding the document states, in text order."""
    out: list[Holding] = []
    for sentence in doc.sentences:
        out += _sentence_holdings(doc, sentence.span)
    return out


def _sentence_holdings(doc: Document, sentence: Span) -> list[Holding]:
    found: list[Holding] = []
    people = [m for m in slots.outer_mentions(doc) if sentence.covers(m.span)]
    for m in people:
        kind = slots.entity_type(doc, m.entity)
        if kind not in ("Person", "State"):
            continue
        found += _title_before(doc, sentence, m)
        found += _apposition_after(doc, sentence, m)
        if m.kind == "description" and kind == "Person":
            found += _description(doc, sentence, m)
    found += _verbs(doc, sentence)
    return [_dated(doc, sentence, h) for h in _unique(found)]


def _title_before(doc: Document, sentence: Span, m: Mention) -> list[Holding]:
    """'[X’s|Xian] [then|former|previous] <title> [rank] Name'."""
    text = doc.text
    window = text[max(sentence.start, m.span.start - 90) : m.span.start]
    hit = re.search(rf"(?P<title>(?:{ROLE}))(?:\s*,)?\s+(?:{RANKS})?$", window, re.I) or re.search(
        rf"(?P<title>(?i:{ROLE})),\s+the\s+(?:[a-z\-]+\s+){{0,2}}(?:[A-Z][a-z]+\s+)?{DESCRIBED}\s+$", window)
    if not hit:
        return _formal_title_before(doc, sentence, m)
    if not hit or NOT_ROLES.search(hit.group("title")):
        return []
    start = m.span.start - len(window) + hit.start("title")
    words = hit.group("title")
    if _inside_own_description(doc, m.entity, start) or (slots.entity_type(doc, m.entity) == "State" and role_label(words) != "chair"):
        return []
    if re.match(r"(?:senior\s+)?(?:researcher|fellow|analyst|director|coach|captain)", words, re.I) and not re.search(r"[’']s\s*$|\bits\s*$", text[max(0, start - 25) : start], re.I):
        if _org_before(doc, start, role_label(words))[0] is None:
            return []  # an occupation with no organisation named is not a role in one
    before = text[max(sentence.start, start - 60) : start]
    qualifier = re.search(r"\b(then|former|previous|incoming|outgoing|longtime|current)\s+(?:[\w\-]+\s+){0,2}$", before, re.I)
    label = role_label(words)
    org, org_span = _org_before(doc, start, label)
    ministry = re.search(r"(\w+)\s+ministry\s+official", label)
    if ministry and org is not None and slots.entity_type(doc, org) == "State":
        org = _ministry(doc, ministry.group(1), org) or org  # 'Cambodia sent a foreign ministry official'
    if org is None:
        org = _default_org(doc, m.entity, label, start)
    if org is None:
        return []
    span_start = min(start, org_span.start) if org_span else start
    if qualifier:
        span_start = min(span_start, start - len(before) + qualifier.start())
    q = qualifier.group(1).lower() if qualifier else ""
    return [Holding(_holder(doc, m.entity, label, org), _label_for(doc, m.entity, label, org), org, Span(span_start, m.span.end),
                    former=q in ("former", "previous"), as_of=_then(doc, sentence) if q == "then" else None)]


def _formal_title_before(doc: Document, sentence: Span, m: Mention) -> list[Holding]:
    """'The Minister of Defence of the Russian Federation General of the Army Sergey Shoygu': a title, the
    body it is held in after 'of', a rank, the name. The body is the last state or organisation named there."""
    text = doc.text
    window = text[max(sentence.start, m.span.start - 160) : m.span.start]
    hit = re.search(rf"(?P<title>(?i:{ROLE}))(?P<of>{TITLE_OF})(?:\s*,)?\s+(?:{RANKS})?$", window)
    if not hit or NOT_ROLES.search(hit.group("title")) or slots.entity_type(doc, m.entity) != "Person":
        return []
    start = m.span.start - len(window) + hit.start("title")
    label = role_label(hit.group("title"))
    bodies = [a for a in slots.mentions_between(doc, start, m.span.start) if a.type in ORG_TYPES | {"State"} and a.entity != m.entity]
    if label in DEFAULT_BODY:
        org = _body(doc, DEFAULT_BODY[label])
    else:
        org = bodies[-1].entity if bodies else None
    if org is None or _inside_own_description(doc, m.entity, start):
        return []
    return [Holding(_holder(doc, m.entity, label, org), _label_for(doc, m.entity, label, org), org, Span(start, m.span.end))]


def _inside_own_description(doc: Document, entity: str, offset: int) -> bool:
    """A title inside a description of the same person ('junta spokesman' of Zaw Min Tun) is read there."""
    return any(m.kind == "description" and m.entity == entity and m.span.start <= offset < m.span.end for m in doc.mentions)


def _org_before(doc: Document, offset: int, label: str) -> tuple[str | None, Span | None]:
    """The organisation printed just before a title: "Cambodia’s", "Cambodian", "Amnesty International’s",
    "CNRP", or the one "its" stands for."""
    text = doc.text
    its = re.search(r"\bits\s+$", text[max(0, offset - 5) : offset], re.I)
    if its:
        return _its(doc, offset - 4), Span(offset - 4, offset)
    for m in reversed(slots.outer_mentions(doc)):
        if m.span.end > offset:
            continue
        gap = text[m.span.end : offset]
        if re.fullmatch(r"(?:’s|'s)?\)?(?:\s*\([A-Z]+\))?\s+(?:[a-z\-]+\s+){0,2}", gap) and slots.entity_type(doc, m.entity) in ORG_TYPES | {"State"}:
            if label in DEFAULT_BODY and slots.entity_type(doc, m.entity) == "State":
                return _body(doc, DEFAULT_BODY[label]), m.span
            return m.entity, m.span
        return None, None
    return None, None


def _its(doc: Document, offset: int) -> str | None:
    """What 'its' stands for: an organisation or state earlier in the sentence, else the one the
    previous sentence opens with (its topic)."""
    sentence = doc.sentence_at(offset)
    kinds = ORG_TYPES | {"State"}
    if sentence is not None:
        before = [m for m in slots.outer_mentions(doc) if sentence.span.start <= m.span.start and m.span.end <= offset
                  and slots.entity_type(doc, m.entity) in kinds]
        if before:
            return before[-1].entity
        index = doc.sentences.index(sentence)
        if index:
            previous = doc.sentences[index - 1].span
            opening = [m for m in slots.outer_mentions(doc) if previous.covers(m.span) and slots.entity_type(doc, m.entity) in kinds]
            if opening:
                return opening[0].entity
    return None


def _default_org(doc: Document, holder: str, label: str, offset: int) -> str | None:
    if label in DEFAULT_BODY:
        return _body(doc, DEFAULT_BODY[label])
    if label in STATE_OFFICES:
        return slots.country_of(doc, holder) or _sole_state_before(doc, offset) or _issuer_state(doc)
    if label in ("chair", "special envoy"):
        return _last_bloc_before(doc, offset)
    ministry = re.search(r"(\w+)\s+ministry\s+official", label)
    if ministry:
        return _ministry(doc, ministry.group(1), slots.country_of(doc, holder) or _sole_state_before(doc, offset))
    return None


def _ministry(doc: Document, kind: str, state: str | None) -> str | None:
    """The registry's ministry of ``state`` whose name has ``kind`` ('foreign' → Myanmar's Ministry of Foreign Affairs)."""
    for entity in doc.registry:
        names = " ".join((entity.label, *entity.aliases, *entity.descriptions))
        if state and entity.type == "GovernmentBody" and entity.country == state and re.search(r"\bministry\b", names, re.I) \
                and re.search(rf"\b{re.escape(kind)}\b", names, re.I):
            return entity.id
    return None


def _sole_state_before(doc: Document, offset: int) -> str | None:
    """The one state named earlier in the sentence, for the office of a person the registry has no state
    for: 'Indonesia, which chaired ASEAN, spent a year on what Foreign Minister X called ...'."""
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return None
    states = {a.entity for a in slots.mentions_between(doc, sentence.span.start, offset) if a.type == "State"}
    return states.pop() if len(states) == 1 else None


def _issuer_state(doc: Document) -> str | None:
    """The state of the government body whose own release the article is ('Ministry of Foreign Affairs
    and International Cooperation (Cambodia)'): offices it names without a state are its state's."""
    outlet = doc.article.outlet or ""
    for entity in doc.registry:
        if entity.type == "GovernmentBody" and entity.country and any(
                outlet == name or outlet.startswith(name + " (") for name in (entity.label, *entity.aliases)):
            return entity.country
    return None


def _body(doc: Document, description: str) -> str | None:
    """The registry entity described by words such as 'the junta'."""
    for form, entity_id, kind in doc.registry.surface_forms():
        if kind == "description" and form.lower() == description:
            return entity_id
    return None


def _last_bloc_before(doc: Document, offset: int) -> str | None:
    for m in reversed(slots.outer_mentions(doc)):
        if m.span.end <= offset and slots.entity_type(doc, m.entity) == "IntergovernmentalOrganization":
            return m.entity
    return None


def _label_for(doc: Document, holder: str, label: str, org: str) -> str:
    """A person chairing a body other than a bloc is its chairman ('Chairman of the State Administration Council')."""
    if label == "chair" and slots.entity_type(doc, holder) == "Person" and slots.entity_type(doc, org) != "IntergovernmentalOrganization":
        return "chairman"
    return label


def _holder(doc: Document, holder: str, label: str, org: str) -> str:
    """A bloc's rotating chair is held by a member state: a leader 'assuming the chair' means his state."""
    if label == "chair" and slots.entity_type(doc, holder) == "Person" and slots.entity_type(doc, org) == "IntergovernmentalOrganization":
        return slots.country_of(doc, holder) or holder
    return holder


def _description(doc: Document, sentence: Span, m: Mention) -> list[Holding]:
    """A description naming an office: 'the permanent secretary of Myanmar’s Foreign Ministry', 'junta chief'."""
    words = m.span.of(doc.text)
    label = role_label(words)
    if label is None or NOT_ROLES.search(words) or label in ("activist", "leader") and "of" not in words:
        return []
    inner = [o for o in doc.mentions if m.span.covers(o.span) and o.span != m.span and o.entity != m.entity]
    bodies = [o.entity for o in inner if slots.entity_type(doc, o.entity) in ORG_TYPES]
    states = [o.entity for o in inner if slots.entity_type(doc, o.entity) == "State"]
    org = None
    if label in DEFAULT_BODY:
        org = _body(doc, DEFAULT_BODY[label])
    org = org or (bodies[-1] if bodies else None)
    if org is None:
        word = next((w for w in BODY_WORDS if re.search(rf"\b{w}\b", words, re.I)), None)
        org = _body(doc, BODY_WORDS[word]) if word else None
    if org is None and re.search(r"\bthe\s+group’s|\bthe\s+group's|\bthe\s+bloc’s", words):
        org = _last_bloc_before(doc, m.span.start)
    org = org or (states[0] if states else None) or _default_org(doc, m.entity, label, m.span.start)
    if org is None:
        return []
    former = bool(re.search(r"\bformer\b", words, re.I))
    return [Holding(m.entity, label, org, m.span, former=former)]


def _apposition_after(doc: Document, sentence: Span, m: Mention) -> list[Holding]:
    """'Laos, the ASEAN Chair for 2024', 'X—spokesperson for Y', 'X, Y’s <title>', 'X of <organisation>'."""
    text = doc.text
    rest = text[m.span.end : sentence.end]
    hit = re.match(rf"\s*(?:,|—|–|\s+is|\s+was)\s*(?:the\s+|a\s+|an\s+)?(?P<body>.{{0,60}}?)(?P<title>{ROLE})\b"
                   rf"(?P<tail>(?:\s+(?:of|for|at|appointed\s+by|named\s+by)\s+)?)", rest, re.I)
    out: list[Holding] = []
    title_at = m.span.end + hit.start("title") if hit else 0
    if hit and re.match(r"\s+(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+", rest[hit.end("title") :]) and not hit.group("tail"):
        hit = None  # 'Suu Kyi, President Win Myint': the title of the next name, not an apposition
    adjective = bool(hit) and re.fullmatch(rf"(?:{OUSTED}|newly\s+[a-z]+ed|elected|acting)\s+", hit.group("body"), re.I)
    if hit and not adjective and (len(hit.group("body").split()) > 4 or re.search(
            r"\b(?:who|which|that|will|would|has|had|is|was|were|are|said|says|hosted|to)\b|\b[a-z]+ed\b", hit.group("body"))):
        hit = None  # a clause ('who will chair the retreat'), not an apposition
    if hit and not NOT_ROLES.search(hit.group(0)) and not re.search(r"[,.;]", hit.group("body")) \
            and not _inside_own_description(doc, m.entity, title_at) \
            and not (slots.entity_type(doc, m.entity) == "State" and role_label(hit.group("title")) != "chair"):
        label = role_label(hit.group("title"))
        body_start = m.span.end + hit.start("body")
        title_end = m.span.end + hit.end("title")
        org_mentions = [a for a in slots.mentions_between(doc, body_start, m.span.end + hit.start("title")) if a.type in ORG_TYPES | {"State"}]
        if hit.group("tail"):
            org_mentions += [a for a in slots.phrase_mentions(doc, m.span.end + hit.end("tail"), sentence.end) if a.type in ORG_TYPES | {"State"}][:1]
        org = org_mentions[-1].entity if org_mentions else _default_org(doc, m.entity, label, m.span.start)
        if org:
            end = max([title_end] + [a.span.end for a in org_mentions])
            year = re.match(r"\s+for\s+(\d{4})\b", text[title_end : title_end + 12])
            start = whole_year(int(year.group(1))) if year else None
            if year:
                end = title_end + year.end()
            out.append(Holding(_holder(doc, m.entity, label, org), _label_for(doc, m.entity, label, org), org, Span(m.span.start, end), start=start,
                               end=start, former=bool(re.search(rf"\b(?:former|previous|{OUSTED})\b", hit.group("body"), re.I))))
    if out and slots.entity_type(doc, m.entity) == "Person":
        out += _more_titles(doc, sentence, m, m.span.end + hit.end("title"))
    member = re.match(r"\s+of\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}", rest)
    if member and slots.entity_type(doc, m.entity) == "Person":
        orgs = [a for a in slots.phrase_mentions(doc, m.span.end + member.start() + 4, sentence.end)
                if a.type in ORG_TYPES - {"IntergovernmentalOrganization"}]
        if orgs:
            out.append(Holding(m.entity, "member", orgs[0].entity, Span(m.span.start, orgs[0].span.end)))
    return out


def _more_titles(doc: Document, sentence: Span, m: Mention, offset: int) -> list[Holding]:
    """The further titles of a list in apposition: 'X, Deputy Prime Minister, Minister of Foreign Affairs
    and International Cooperation and Special Envoy of the ASEAN Chair on Myanmar'. Each title's body is
    the state or organisation in its own 'of ...' phrase, else the holder's state for a state office.
    The list ends at anything that is not a title, or at a title followed by a name (the next person's)."""
    text = doc.text
    body = rf"(?:\s+(?:of|for|on|to|and(?!\s+(?i:{ROLE})\b))\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)*"
    chained = re.compile(rf"{body}(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<title>(?i:{ROLE}))\b(?P<body>{body})")
    out: list[Holding] = []
    while (hit := chained.match(text, offset, sentence.end)) is not None:
        if re.match(rf"\s+(?:{RANKS})?[A-Z][a-z]+\s+[A-Z]", text[hit.end() : hit.end() + 40]) \
                and any(p.span.start - hit.end() <= 30 and p.span.start >= hit.end() for p in slots.outer_mentions(doc)
                        if slots.entity_type(doc, p.entity) == "Person"):
            break  # 'and President Win Myint': the next person's title
        label = role_label(hit.group("title"))
        bodies = [a for a in slots.mentions_between(doc, hit.start("body"), hit.end("body")) if a.type in ORG_TYPES | {"State"}]
        org = bodies[0].entity if bodies else _default_org(doc, m.entity, label, m.span.start)
        if org and label != "chair":
            out.append(Holding(m.entity, label, org, Span(m.span.start, hit.end())))
        offset = hit.end()
    return out


def _verbs(doc: Document, sentence: Span) -> list[Holding]:
    """Chairs and leaders stated by a verb, and appointments."""
    text = doc.text
    out: list[Holding] = []
    mentions = [a for a in slots.mentions_between(doc, sentence.start, sentence.end)]

    def at(offset: int) -> Actor | None:
        return next((a for a in mentions if a.span.start == offset), None)

    for m in re.finditer(r"\b(?:currently\s+)?led\s+by\s+", text[sentence.start : sentence.end]):
        s, e = sentence.start + m.start(), sentence.start + m.end()
        holder = at(e)
        org = next((a for a in reversed(mentions) if a.span.end <= s and s - a.span.end <= 3), None)
        if holder and org and org.type in ORG_TYPES:
            label = "chair" if org.type == "IntergovernmentalOrganization" else "leader"
            out.append(Holding(_holder(doc, holder.entity, label, org.entity), label, org.entity, Span(org.span.start, holder.span.end)))
    for m in re.finditer(rf"(?:takes?|took|taking)\s+over\s+as\s+(?P<t>{ROLE})\s+of\s+|(?:assum\w+|took|taking|takes?)\s+(?:over\s+)?(?:the\s+)?(?:rotating\s+)?(?P<t2>chair)(?:manship)?\s+of\s+|incoming\s+(?P<t3>chair)\s+of\s+",
                         text[sentence.start : sentence.end], re.I):
        s, e = sentence.start + m.start(), sentence.start + m.end()
        org = next((a for a in mentions if a.span.start >= e), None)
        if org is None or org.type not in ORG_TYPES:
            continue
        after = re.match(r"\s*,\s*", text[org.span.end : org.span.end + 3])
        holder = at(org.span.end + after.end()) if after and "incoming" in m.group(0).lower() else None
        holder = holder or next(iter(slots.subjects(doc, sentence, s)), None)
        if holder:
            label = role_label(m.group("t") or m.group("t2") or m.group("t3"))
            span = Span(min(s, holder.span.start), max(org.span.end, holder.span.end))
            out.append(Holding(_holder(doc, holder.entity, label, org.entity), label, org.entity, span,
                               start=_annual(doc, org.entity, "incoming")))
    for m in re.finditer(r"(?P<h>\S.{0,40}?)\s+was\s+(?:last\s+|previously\s+)?(?P<t>chair)\s+in\s+(?P<y>\d{4})\b", text[sentence.start : sentence.end]):
        s = sentence.start + m.start("h")
        holder = next((a for a in mentions if s <= a.span.start < sentence.start + m.end("h")), None)
        org = _last_bloc_before(doc, sentence.start + m.start("t"))
        if holder and org:
            year = whole_year(int(m.group("y")))
            out.append(Holding(holder.entity, "chair", org, Span(holder.span.start, sentence.start + m.end()), start=year, end=year, former=True))
    out += _chairs(doc, sentence, mentions)
    out += _appointments(doc, sentence, mentions)
    out += _successions(doc, sentence, mentions)
    return out


def _successions(doc: Document, sentence: Span, mentions: list[Actor]) -> list[Holding]:
    """'Y, who succeeded him as prime minister last August': Y holds the office from then, and the one
    'him' stands for held it until then. '... as <office>, succeeding X': X held that office before.
    The office's body is the predecessor's (or holder's) state, or a body named in the office's words."""
    text = doc.text
    out: list[Holding] = []
    people = [a for a in mentions if a.type == "Person"]
    for m in re.finditer(rf"\bsucceed(?:ed|s)\s+(?P<prev>him|her|[A-Z][^,.;]{{0,40}}?)\s+as\s+(?P<title>(?:[\w’'\-]+\s+){{0,2}}?(?:{ROLE}))\b",
                         text[sentence.start : sentence.end], re.I):
        s, title_end = sentence.start + m.start(), sentence.start + m.end()
        holder = next(iter(a for a in slots.subjects(doc, sentence, s) if a.type == "Person"), None)
        if m.group("prev").lower() in ("him", "her"):
            prev = _topic_person(doc, sentence, holder) if holder else None
        else:
            prev = next((a for a in people if sentence.start + m.start("prev") <= a.span.start < sentence.start + m.end("prev")), None)
        label = role_label(m.group("title"))
        date = _date_in(doc, Span(title_end, sentence.end), title_end)
        when = date[0] if date and date[1].start - title_end <= 20 else None
        out += _succession(doc, holder, prev, label, [], Span(s, title_end), when)
    for m in re.finditer(rf"\bas\s+(?P<title>[^,.;]{{0,60}}?(?:{ROLE})[^,.;]{{0,30}}?),\s+succeeding\s+", text[sentence.start : sentence.end], re.I):
        e = sentence.start + m.end()
        prev = next((a for a in people if e <= a.span.start <= e + 60 and re.fullmatch(r"[^,.;]*(?:,\s*)?", text[e : a.span.start])), None)
        t0, t1 = sentence.start + m.start("title"), sentence.start + m.end("title")
        bodies = [a.entity for a in mentions if t0 <= a.span.start < t1 and a.type in ORG_TYPES | {"State"}]
        out += [h for h in _succession(doc, None, prev, role_label(m.group("title")), bodies, Span(t0, t1), None)]
    return out


def _topic_person(doc: Document, sentence: Span, holder: Actor) -> Actor | None:
    """Whom 'him' or 'her' stands for beside ``holder``: the first other person of the sentence before the
    holder, else the first person of the previous sentence (its topic: 'Hun Sen became ... His son ...')."""
    index = next(i for i, s in enumerate(doc.sentences) if s.span == sentence)
    scopes = [Span(sentence.start, holder.span.start)] + ([doc.sentences[index - 1].span] if index else [])
    for scope in scopes:
        people = [a for a in slots.mentions_between(doc, scope.start, scope.end) if a.type == "Person" and a.entity != holder.entity
                  and not re.fullmatch(r"(?i)he|she|his|her|him", a.span.of(doc.text))]
        if people:
            return people[0]
    return None


def _succession(doc: Document, holder: Actor | None, prev: Actor | None, label: str | None, bodies: list[str],
                span: Span, when: DateValue | None) -> list[Holding]:
    if label is None:
        return []
    org = bodies[0] if bodies else None
    for person in (prev, holder):
        if org is None and person is not None:
            org = _default_org(doc, person.entity, label, span.start)
    if org is None:
        return []
    out = []
    if holder is not None:
        out.append(Holding(holder.entity, label, org, Span(min(holder.span.start, span.start), span.end), start=when))
    if prev is not None and (holder is None or prev.entity != holder.entity):
        near = 0 <= span.start - prev.span.start <= 80 or 0 <= prev.span.start - span.end <= 80
        prev_span = Span(min(prev.span.start, span.start), max(prev.span.end, span.end)) if near else span
        out.append(Holding(prev.entity, label, org, prev_span, end=when, former=True))
    return out


def _chairs(doc: Document, sentence: Span, mentions: list[Actor]) -> list[Holding]:
    """'X, which chairs ASEAN this year', 'Indonesia, which chaired ASEAN last year', 'under Laos’s
    chairmanship', 'Laos’s year as chair of the bloc'."""
    text = doc.text
    out: list[Holding] = []
    states = [a for a in mentions if a.type == "State"]
    for holder in states:
        after = text[holder.span.end : sentence.end]
        which = re.match(r",?\s+which\s+(?P<verb>chairs|chaired|holds|held|will\s+chair)\s+(?:the\s+)?(?:rotating\s+)?(?:chair(?:manship)?\s+of\s+)?", after)
        poss = re.match(r"(?:’s|'s)\s+(?:year\s+as\s+chair|(?:rotating\s+)?chairmanship)(?:\s+of\s+)?", after)
        hit = which or poss
        if not hit:
            continue
        org = next((a for a in mentions if a.span.start >= holder.span.end + hit.end() and a.type == "IntergovernmentalOrganization"
                    and a.span.start - holder.span.end - hit.end() <= 4), None)
        org_id = org.entity if org else _last_bloc_before(doc, holder.span.start)
        if org_id is None:
            continue
        end = org.span.end if org else holder.span.end + hit.end()
        when = re.match(r"\s+(this|last|next)\s+year\b", text[end : end + 16])
        year = None
        if org_id in ANNUAL_CHAIRS:
            offset = {"this": 0, "last": -1, "next": 1}[when.group(1)] if when else (-1 if which and which.group("verb") in ("chaired", "held") else 0)
            year = whole_year(doc.published.year + offset)
            end = end + when.end() if when else end
        out.append(Holding(holder.entity, "chair", org_id, Span(holder.span.start, end), start=year, end=year,
                           former=bool(year and year.latest < doc.published)))
    return out


def _appointments(doc: Document, sentence: Span, mentions: list[Actor]) -> list[Holding]:
    """'X was appointed (as) <office> in <date>', 'Y named X as <office>'."""
    text = doc.text
    out: list[Holding] = []
    for m in re.finditer(r"\b(?:was\s+|were\s+|been\s+)?(?:appointed|named|nominated)\s+(?:(?P<who>[^,.;]{1,40}?)\s+)?as\s+", text[sentence.start : sentence.end]):
        s, e = sentence.start + m.start(), sentence.start + m.end()
        office = next((o for o in doc.mentions if e <= o.span.start <= e + 4 and o.kind == "description"
                       and slots.entity_type(doc, o.entity) == "Person"), None)
        words = office.span.of(text) if office else text[e : e + 60]
        label = role_label(words)
        if label is None:
            continue
        passive = m.group(0).startswith(("was", "were", "been"))
        relative = re.search(r"\b(?:whom|who)\s+(?:he|she|they)\s+$", text[max(sentence.start, s - 15) : s])
        if relative:  # 'Prak Sokhonn, whom he named in December as ...'
            people = [a for a in mentions if a.span.end <= s - len(relative.group(0)) and a.type == "Person"]
            holder = people[-1] if people else None
            appointer = slots.person_before(doc, holder.span.start) if holder else None
        elif passive:
            holder = next(iter(slots.subjects(doc, sentence, s)), None)
            appointer = None
        else:
            holder = next((a for a in mentions if e - len(m.group(0)) <= a.span.start < e and a.type == "Person"), None)
            appointer = next(iter(a for a in slots.subjects(doc, sentence, s) if a.type == "Person"), None)
        if holder is None:
            continue
        described = _description(doc, sentence, office) if office else []
        org = described[0].organization if described else _default_org(doc, holder.entity, label, s)
        if org is None:
            continue
        end = office.span.end if office else e
        date = _date_in(doc, sentence, s)
        out.append(Holding(holder.entity, label, org, Span(min(holder.span.start, s, *( [appointer.span.start] if appointer else [])), max(end, date[1].end if date else end)),
                           start=date[0] if date else None, appointed_by=appointer.entity if appointer else None, appointment=True))
    return out


def _date_in(doc: Document, sentence: Span, offset: int) -> tuple[DateValue, Span] | None:
    for e in timex.find(doc.text, sentence.start, sentence.end, doc.published):
        if not re.search(r"\b(?:since|until|before|after)\s+$", doc.text[max(0, e.span.start - 8) : e.span.start]):
            return events.normal(e.value), e.span
    return None


def _then(doc: Document, sentence: Span) -> DateValue | None:
    """The time a 'then X' refers to: a date of this sentence, or of the one before ('At the time')."""
    index = next(i for i, s in enumerate(doc.sentences) if s.span == sentence)
    previous = doc.sentences[index - 1].span if index else None
    order = (previous, sentence) if re.match(r"\s*At\s+the\s+time\b", doc.text[sentence.start : sentence.end]) else (sentence, previous)
    for s in order:
        if s is None:
            continue
        found = timex.find(doc.text, s.start, s.end, doc.published)
        if found:
            return events.normal(found[0].value)
    return None


def _annual(doc: Document, org: str, when: str) -> DateValue | None:
    """The year of an annual chair: this year (incoming in December: next), or last year for 'previous'."""
    if org not in ANNUAL_CHAIRS:
        return None
    year = doc.published.year
    if when == "previous":
        year -= 1
    elif when == "incoming" and doc.published.month == 12:
        year += 1
    return whole_year(year)


def _dated(doc: Document, sentence: Span, h: Holding) -> Holding:
    """Give a holding its dates: annual chairs their year; the rest the day (or time) they are attested."""
    if h.role == "chair" and h.organization in ANNUAL_CHAIRS and h.start is not None and h.end is None:
        return Holding(h.holder, h.role, h.organization, h.span, start=h.start, end=h.start, former=h.former)
    if h.role == "chair" and h.start is None and h.organization in ANNUAL_CHAIRS:
        year = _annual(doc, h.organization, "previous" if h.former else "current")
        return Holding(h.holder, h.role, h.organization, h.span, start=year, end=year, former=h.former)
    if h.former and h.end is None:
        return Holding(h.holder, h.role, h.organization, h.span, start=h.start, end=day(doc.published), former=True)
    if h.start is None and h.as_of is None and h.end is None:
        then = _then(doc, sentence) if re.match(r"\s*At\s+the\s+time\b", doc.text[sentence.start : sentence.end]) else None
        stated = _date_in(doc, sentence, sentence.start)
        when = stated[0] if stated and stated[0].precision in ("day", "month") and stated[0].earliest <= doc.published else None
        return Holding(h.holder, h.role, h.organization, h.span, as_of=then or when or day(doc.published),
                       appointed_by=h.appointed_by, appointment=h.appointment)
    return h


def _unique(found: list[Holding]) -> list[Holding]:
    """One holding per (holder, role, organisation) in a sentence: the one with most dates, then the widest span."""
    best: dict[tuple, Holding] = {}
    for h in found:
        key = (h.holder, h.role, h.organization)
        old = best.get(key)
        score = lambda x: (x.start is not None, x.appointment, x.span.end - x.span.start)  # noqa: E731
        if old is None or score(h) > score(old):
            best[key] = h
    return sorted(best.values(), key=lambda h: h.span)


# ------------------------------------------------------------------ RDF

def role_iri(label: str) -> NamedNode:
    return rdf.thing_iri("role", rdf.slug(label))


def holding_iri(h: Holding) -> NamedNode:
    """Deterministic from holder, role, organisation, and for a term with stated bounds its start: every
    article's 'Foreign Minister Prak Sokhonn' is one holding; Cambodia's chairs of 2012 and 2022 are two."""
    start = h.start.iso() if h.start and h.end else ""
    return rdf.thing_iri("holding", rdf.slug(f"{h.holder} {h.role} {h.organization} {start}"))


def holding_triples(h: Holding) -> list[tuple]:
    iri, role = holding_iri(h), role_iri(h.role)
    out = [
        (iri, rdf.A, rdf.akg("RoleHolding")), (iri, rdf.A, ORG("Membership")),
        (iri, ORG("member"), rdf.entity_iri(h.holder)), (iri, ORG("role"), role),
        (iri, ORG("organization"), rdf.entity_iri(h.organization)),
        (role, rdf.A, ORG("Role")), (role, LABEL, rdf.string(h.role)),
    ]
    first = h.start or h.as_of
    if first is not None:
        out += [(iri, rdf.akg("start"), rdf.date_literal(first.earliest)),
                (iri, rdf.akg("startPrecision"), rdf.string(first.precision))]
        if h.start is not None and h.start.latest != h.start.earliest:
            out.append((iri, rdf.akg("startLatest"), rdf.date_literal(h.start.latest)))
    if h.as_of is not None and h.start is None:
        out.append((iri, rdf.akg("endEarliest"), rdf.date_literal(h.as_of.latest)))
    if h.end is not None:
        out += [(iri, rdf.akg("end"), rdf.date_literal(h.end.latest)),
                (iri, rdf.akg("endPrecision"), rdf.string(h.end.precision))]
        if h.end.earliest != h.end.latest:
            out.append((iri, rdf.akg("endEarliest"), rdf.date_literal(h.end.earliest)))
    return out


def appointment_triples(doc: Document, h: Holding) -> list[tuple]:
    """The appointment as an event: the appointee its subject, whoever named them a participant."""
    identity = {rdf.entity_iri(h.holder).value}
    iri = events.event_iri("appointment", h.start, identity)
    out = [(iri, rdf.A, rdf.akg("Event")), (iri, rdf.A, rdf.akg("Appointment")),
           (iri, rdf.akg("reportedIn"), rdf.article_iri(doc.article.id)),
           (iri, LABEL, rdf.string(f"{events._name(doc, h.holder)} appointed {h.role}"))]
    out += events.participation_triples(iri, h.holder, "subject")
    if h.appointed_by:
        out += events.participation_triples(iri, h.appointed_by, "")
    out += events.date_triples(iri, h.start)
    return out


def extract(doc: Document) -> list[Fact]:
    """One Fact per stated holding (with its appointment, when the text dates one)."""
    facts = []
    for h in find_holdings(doc):
        triples = holding_triples(h)
        if h.appointment and h.start is not None:
            triples += appointment_triples(doc, h)
        facts.append(Fact(tuple(triples), h.span, "roles"))
    return facts
