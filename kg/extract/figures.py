"""Figures: counts of people killed, arrested, detained, displaced, or living somewhere, as claims.

A figure is a number with what it counts, found by the words around it:

* a counting verb before it: "killed about 1,443 civilians", "arrested or detained more
  than 10,000", "claimed at least 877 lives";
* a counted noun or verb after it: "more than 5,000 arrests", "over 2.5 million people
  have been internally displaced", "the 55 million people of Myanmar" (a population);
* "including two staff members" after a figure: a part of it, counted the same way.

Its modifier is the printed hedge (about, at least, more than / over, up to; none is
exactly). Its as-of date is a date the sentence gives it ("Last month security forces
were accused of killing ...") or the publication date. Its source is whoever the
sentence attributes it to ("according to a report by X", "X said"); inside a quotation,
the last person named outside quotation marks before it (the speaker the article is
quoting); in a press release, the organisation that issued it. A news outlet's own
figures have no akg:statedBy: akg:reportedIn says where they come from.
Figures are claims: each gets its own IRI, and none replaces another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import NamedNode

from kg import rdf
from kg.dates import DateValue, day
from kg.extract import slots, timex
from kg.extract.slots import Actor, PLACE_TYPES
from kg.model import Document, Fact, Span

WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
MODIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "some": "about", "nearly": "about",
    "almost": "about", "roughly": "about", "an estimated": "about",
    "at least": "at-least", "no fewer than": "at-least",
    "more than": "more-than", "over": "more-than", "upwards of": "more-than", "passed": "more-than",
    "topped": "more-than", "exceeded": "more-than", "surpassed": "more-than",
    "up to": "up-to", "at most": "up-to", "as many as": "up-to",
    "exactly": "exactly",
}
_MOD = "|".join(sorted(MODIFIERS, key=len, reverse=True))
NUMBER = re.compile(
    rf"(?:\b(?P<mod>{_MOD})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{'|'.join(WORDS)})\b)"
    rf"(?:\s+(?P<scale>thousand|million|billion))?",
    re.I,
)
# What is counted, by a word before the number ...
COUNT_BEFORE = [
    ("detained", re.compile(r"\b(?:arrested\s+or\s+detained|detained\s+or\s+arrested)\s+$", re.I)),
    ("arrested", re.compile(r"\barrest(?:ed|ing)\s+$", re.I)),
    ("detained", re.compile(r"\b(?:detain(?:ed|ing)|jail(?:ed|ing)|imprison(?:ed|ing))\s+$", re.I)),
    ("killed", re.compile(r"\b(?:kill(?:ed|ing)|(?:kill(?:ed|ing)|shoot(?:ing)?|shot)\s+and\s+\w+|claimed|murder(?:ed|ing)|massacr(?:ed|ing))\s+$", re.I)),
    ("killed", re.compile(r"\b(?:death\s+toll|count\s+of\s+(?:the\s+)?dead|number\s+of\s+(?:the\s+)?dead|dead)\b[^.;]{0,25}?"
                          r"\b(?:stood\s+at|stands\s+at|reached|rose\s+to|climbed\s+to|was|is|at)\s+$", re.I)),
    ("displaced", re.compile(r"\b(?:displac(?:ed|ing)|uproot(?:ed|ing))\s+$", re.I)),
    ("refugees", re.compile(r"\bnumber\s+of\s+(?:refugees|asylum[\s\-]seekers)\b[^.;]{0,80}?\b(?:at|to|was|is|stood\s+at|reached)\s+$", re.I)),
]
# ... or by a word pointing back to an earlier figure: 'compared with about one million', 'it had passed 1,400'.
COMPARED = re.compile(r"\b(?:compared\s+(?:with|to)|up\s+from|down\s+from|against|versus)\s+$", re.I)
ANAPHOR = re.compile(r"\b(?:it|that|the\s+(?:count|toll|tally|figure|number|total))\s+(?:had\s+|has\s+|have\s+|was\s+|is\s+)?"
                     r"(?P<verb>(?:risen|rose|climbed|grown|grew|jumped|increased)\s+to\s+|reached\s+|stood\s+at\s+|stands\s+at\s+)?$", re.I)
VERB_MODIFIERS = ("passed", "topped", "exceeded", "surpassed")
# ... or after it (a noun, or a verb a few words on).
PEOPLE = r"(?:[\w\-]+\s+){0,2}?(?:people|civilians|persons|protesters|residents|villagers|children|soldiers|refugees|individuals)?\s*"
COUNT_AFTER = [
    ("killed", re.compile(rf"^\s+{PEOPLE}(?:lives|deaths|dead|killed|were\s+killed|have\s+been\s+killed|had\s+been\s+killed)\b", re.I)),
    ("arrested", re.compile(rf"^\s+{PEOPLE}(?:arrests|arrested|were\s+arrested|have\s+been\s+arrested)\b", re.I)),
    ("detained", re.compile(rf"^\s+{PEOPLE}(?:detentions|detained|(?:are|were|have\s+been)\s+(?:now\s+)?(?:being\s+)?(?:held|detained|jailed))\b", re.I)),
    ("detained", re.compile(rf"^\s+{PEOPLE}(?:remain(?:ed|s)?|are|were|is)\s+(?:still\s+|now\s+)?in\s+(?:detention|custody|prison|jail)\b", re.I)),
    ("displaced", re.compile(rf"^\s+{PEOPLE}(?:(?:have|has|had)\s+been\s+|(?:are|were|is)\s+(?:now\s+)?)?(?:internally\s+)?(?:displaced|(?:forced\s+to\s+)?fle[de])\b", re.I)),
    ("displaced", re.compile(rf"^\s+{PEOPLE}(?:,[^,.;]{{0,80}},)?\s*(?:(?:have|has|had)\s+been\s+|were\s+|are\s+)?(?:driven|forced|chased)\s+(?:from|out\s+of)\s+their\s+homes\b", re.I)),
    ("population", re.compile(r"^\s+(?:people|inhabitants|residents|citizens)\s+(?:of|in)\s+", re.I)),
    ("in-need", re.compile(rf"^\s+{PEOPLE}(?:(?:will|would|still|now|are|were)\s+)?(?:(?:in\s+)?need(?:s|ed)?(?:\s+of)?|requir(?:e|es|ed|ing))\s+"
                           r"(?:[\w\-]+\s+){0,2}?(?:assistance|aid|help)\b", re.I)),
    ("refugees", re.compile(r"^\s+(?:[\w\-]+\s+){0,2}?(?:refugees|asylum[\s\-]seekers)\b", re.I)),
    ("spectators", re.compile(r"^\s+(?:[\w\-]+\s+){0,1}?(?:spectators|fans|attendees|onlookers)\b", re.I)),
]
PART_AFTER = re.compile(r"^\s+of\s+(?:them|these|those)\b", re.I)
QUANTITY_LABELS = {"killed": "killed", "arrested": "arrested", "detained": "arrested or detained",
                   "displaced": "displaced", "population": "people", "in-need": "in need of humanitarian assistance",
                   "refugees": "refugees and asylum-seekers", "spectators": "spectators"}
MODIFIER_WORDS = {"about": "about", "at-least": "at least", "more-than": "more than", "up-to": "up to", "exactly": ""}
ACCORDING = re.compile(r"\baccording\s+to\s+(?:(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?(?:report|statement|count|tally|data|figures)\s+(?:by|from|of)\s+)?", re.I)
SAID = re.compile(r"\b(?:said|says|reported|estimated|estimates|told)\b", re.I)
PART_OF = re.compile(r"^,?\s*including\s+$", re.I)


@dataclass(frozen=True)
class Figure:
    """One numeric claim found in the text."""

    value: Decimal
    printed: str
    modifier: str
    quantity: str
    number: Span
    evidence: Span
    as_of: DateValue
    stated_by: Actor | None
    about: Actor | None


def parse_number(num: str, scale: str | None) -> Decimal:
    """The value of a printed number.

    >>> parse_number("2.5", "million"), parse_number("1,443", None), parse_number("Eight", None)
    (Decimal('2500000'), Decimal('1443'), Decimal('8'))
    """
    word = num.lower()
    value = Decimal(WORDS[word]) if word in WORDS else Decimal(num.replace(",", ""))
    value = value * SCALES[scale.lower()] if scale else value
    return Decimal(int(value)) if value == value.to_integral_value() else value


def find_figures(doc: Document) -> list[Figure]:
    """Every figure of the document, in text order."""
    out: list[Figure] = []
    for sentence in doc.sentences:
        found: list[Figure] = []
        for m in NUMBER.finditer(doc.text, sentence.span.start, sentence.span.end):
            figure = _figure(doc, sentence.span, m, found, out)
            if figure is not None:
                found.append(figure)
        out += found
    return out


def _figure(doc: Document, sentence: Span, m: re.Match, earlier: list["Figure"], before_sentence: list["Figure"]) -> Figure | None:
    text = doc.text
    if re.match(r"[\-–]\w", text[m.end() : m.end() + 2]) or re.search(r"[\-–]$", text[max(0, m.start() - 1) : m.start()]):
        return None  # 'three-day', '24-hour', 'COVID-19': not counts of people
    before = text[max(sentence.start, m.start() - 120) : m.start()]
    after = text[m.end() : min(sentence.end, m.end() + 120)]
    quantity, cue_end, cue_start = None, m.end(), m.start()
    for name, pattern in COUNT_BEFORE:
        hit = pattern.search(before)
        if hit:
            quantity, cue_start = name, m.start() - len(before) + hit.start()
            break
    if quantity is None:
        for name, pattern in COUNT_AFTER:
            hit = pattern.match(after)
            if hit:
                quantity, cue_end = name, m.end() + hit.end()
                break
    part_of = next((f for f in reversed(earlier) if PART_OF.match(text[f.evidence.end : m.start()].split(f.printed)[-1])
                    or re.fullmatch(r"[\w\s,]*,?\s*including\s+", text[f.number.end : m.start()])), None)
    if quantity is None and part_of is not None:
        quantity = part_of.quantity
        cue_end = m.end() + len(re.match(r"^\s*(?:[\w\-]+\s+){0,3}?\w+", after).group(0)) if re.match(r"^\s*\w", after) else m.end()
    if quantity is None:
        quantity, cue_start, cue_end = _quantity_of_earlier(doc, m, before, after, earlier, before_sentence, cue_start, cue_end)
    if quantity is None:
        return None
    value = parse_number(m.group("num"), m.group("scale"))
    modifier = MODIFIERS[m.group("mod").lower()] if m.group("mod") else "exactly"
    printed = text[m.start("num") : m.end()]
    spans = [Span(min(m.start(), cue_start), max(m.end(), cue_end))]
    as_of, date_span = _as_of(doc, sentence, m.start())
    if date_span:
        spans.append(date_span)
    source, source_span = _source(doc, sentence, m.start())
    if source_span:
        spans.append(source_span)
    about = _about(doc, sentence, m.end(), quantity)
    if about:
        spans.append(about.span)
    evidence = Span(min(s.start for s in spans), max(s.end for s in spans))
    return Figure(value, printed, modifier, quantity, Span(m.start("num"), m.end()), evidence, as_of, source, about)


def _quantity_of_earlier(doc: Document, m: re.Match, before: str, after: str, earlier: list["Figure"],
                         before_sentence: list["Figure"], cue_start: int, cue_end: int) -> tuple[str | None, int, int]:
    """What an earlier figure counts, when the number points back to it.

    In its sentence: 'more than 2.3 million of them' (a part), 'compared with about one
    million' (the same count at another time). In its paragraph: 'the count of the dead
    stood at 745. ... it had passed 1,400' (the same count, grown).
    """
    if earlier and (PART_AFTER.match(after) or COMPARED.search(before)):
        hit = PART_AFTER.match(after)
        return earlier[-1].quantity, cue_start, m.end() + hit.end() if hit else cue_end
    anaphor = ANAPHOR.search(before)
    verb_mod = (m.group("mod") or "").lower() in VERB_MODIFIERS
    if anaphor and (anaphor.group("verb") or verb_mod) and before_sentence:
        last = before_sentence[-1]
        if "\n" not in doc.text[last.evidence.end : m.start()]:
            return last.quantity, m.start() - len(before) + anaphor.start(), cue_end
    return None, cue_start, cue_end


def _as_of(doc: Document, sentence: Span, offset: int) -> tuple[DateValue, Span | None]:
    """A date the sentence gives the count ('Last month ... killing'), else the publication day."""
    usable = []
    for e in timex.find(doc.text, sentence.start, sentence.end, doc.published):
        bound = re.search(r"\b(?:since|until|after|before|from)\s+(?:the\s+)?$", doc.text[max(sentence.start, e.span.start - 12) : e.span.start])
        if not bound and e.value.precision in ("day", "month") and (e.span.start < offset or e.span.start - offset <= 60):
            usable.append(e)
    if usable:
        e = min(usable, key=lambda e: abs(e.span.start - offset))
        return e.value, e.span
    return day(doc.published), None


def _source(doc: Document, sentence: Span, offset: int) -> tuple[Actor | None, Span | None]:
    text = doc.text
    acc = ACCORDING.search(text, sentence.start, sentence.end)
    if acc:
        named = slots.phrase_mentions(doc, acc.end(), sentence.end)
        if named:
            return named[0], Span(acc.start(), named[0].span.end)
    said = SAID.search(text, offset, sentence.end)
    if said:
        speakers = [a for a in slots.mentions_between(doc, said.end(), min(sentence.end, said.end() + 60)) if a.type not in PLACE_TYPES]
        speakers = speakers or [a for a in slots.subjects(doc, sentence, said.start()) if a.type not in PLACE_TYPES]
        if speakers:
            return speakers[0], Span(min(said.start(), speakers[0].span.start), max(said.end(), speakers[0].span.end))
    if _quoted(text, offset):
        speaker = _last_speaker_outside_quotes(doc, offset)
        if speaker:
            return speaker, None
    issuer = _issuer(doc)
    return (Actor(issuer, Span(offset, offset + 1), None), None) if issuer else (None, None)


def _quoted(text: str, offset: int) -> bool:
    """Whether ``offset`` is inside “...” in its paragraph."""
    start = text.rfind("\n", 0, offset) + 1
    opened = text.count("“", start, offset) - text.count("”", start, offset)
    return opened > 0


def _last_speaker_outside_quotes(doc: Document, offset: int) -> Actor | None:
    for m in reversed(slots.outer_mentions(doc)):
        if m.span.end <= offset and not _quoted(doc.text, m.span.start) and slots.entity_type(doc, m.entity) == "Person":
            return slots.actor(doc, m)
    return None


def _issuer(doc: Document) -> str | None:
    """The organisation whose own release the article is (Amnesty's press release), not a news outlet."""
    outlet = doc.article.outlet
    for entity in doc.registry:
        if outlet in (entity.label, *entity.aliases) and entity.type not in ("MediaOrganization",):
            return entity.id
    return None


def _about(doc: Document, sentence: Span, offset: int, quantity: str) -> Actor | None:
    """Where the count is: 'in eastern Karenni State', 'people of Myanmar'."""
    preps = ("of", "in") if quantity == "population" else ("in",)
    for a in slots.objects(doc, sentence, offset, preps, reach=120 if quantity != "population" else 20):
        if a.type in PLACE_TYPES:
            return a
    return None


def figure_iri(article_id: str, start: int) -> NamedNode:
    return rdf.thing_iri("figure", f"{article_id}-{start}")


def figure_triples(doc: Document, f: Figure) -> list[tuple]:
    """The RDF of one numeric claim."""
    iri = figure_iri(doc.article.id, f.number.start)
    words = " ".join(w for w in (MODIFIER_WORDS[f.modifier], f.printed, QUANTITY_LABELS[f.quantity]) if w)
    out = [
        (iri, rdf.A, rdf.akg("NumericClaim")),
        (iri, rdf.akg("value"), rdf.decimal(f.value)),
        (iri, rdf.akg("modifier"), rdf.akc(f.modifier)),
        (iri, rdf.akg("quantity"), rdf.akc(f.quantity)),
        (iri, rdf.akg("asOf"), rdf.date_literal(f.as_of.earliest)),
        (iri, rdf.akg("datePrecision"), rdf.string(f.as_of.precision)),
        (iri, rdf.akg("reportedIn"), rdf.article_iri(doc.article.id)),
        (iri, NamedNode(rdf.RDFS + "label"), rdf.string(words)),
    ]
    if f.stated_by is not None:
        out.append((iri, rdf.akg("statedBy"), rdf.entity_iri(f.stated_by.entity)))
    if f.about is not None:
        out.append((iri, rdf.akg("about"), rdf.entity_iri(f.about.entity)))
    return out


def extract(doc: Document) -> list[Fact]:
    """One Fact per figure, on the span holding the number, what it counts, its source and its date."""
    return [Fact(tuple(figure_triples(doc, f)), f.evidence, "figures") for f in find_figures(doc)]
