"""Turn found statements into facts: each triple with the one span of the article that supports it.

A statement's triples go into one fact whose span runs from its attribution to its words
when both sit in one paragraph ('“…,” he said.'). When they do not (a quotation introduced
by the paragraph before, a pull quote's attribution line, a quote that runs on), the words
support the statement's type, text and subject (a fact on the quotation) and the
attribution supports the speaker, date, medium and hearer (a fact from the attribution to
the quotation). Each further paragraph of a quotation gets its own fact with its text.

Dates. A statement is dated by the words of its attribution ('on Saturday', 'told RFA on
Wednesday', 'said in a statement on Jan. 30', 'Friday’s joint statement'), resolved with
``kg.dates.resolve`` against the publication date: dct:date is the earliest day it can be,
akg:dateLatest the latest, akg:datePrecision day, week, month or year. When the attribution
gives no date, all that is known is that it was said by the publication date: dct:date and
akg:dateLatest are the publication date and akg:datePrecision is "publication", meaning
'not later than this day'. Dates inside the reported words are what was talked about, never
when it was said.

Speakers. A registry or new actor is linked by its id. An anonymous source gets one node
per article and wording (``anonymous-<article>-<slug>``), typed akg:AnonymousSource and
labelled as printed, so 'analysts' and 'other analysts' in one article stay two sources.
A collective statement names every party it speaks for (a joint statement: both leaders).
"""
from __future__ import annotations

import re

from pyoxigraph import NamedNode

from kg import rdf
from kg.dates import resolve
from kg.extract.attribution import DATE_PHRASE
from kg.extract.lexicon import EVALUATIVE_LEMMAS
from kg.extract.quotes import paragraphs
from kg.extract.speakers import Speaker
from kg.extract.stance import medium, stance
from kg.extract.speech import Statement
from kg.model import Document, Fact, Span, Triple

EXTRACTOR = "statements"
PLACE_TYPES = {"City", "Region", "Facility"}
RDFS_LABEL = NamedNode(rdf.RDFS + "label")
DCT_DATE = NamedNode(rdf.DCT + "date")
_AUDIENCE = re.compile(r"^(?:the\s+)?(?:reporters|journalists|the press|press|media)$", re.I)
_SPEAKING_TO = re.compile(r"\b(?:speaking|talking)\s+to\s+(?P<hearer>[^,]+?)(?=\s+(?:on|in|at|after|before)\b|,)", re.I)


def statement_iri(article_id: str, statement: Statement) -> NamedNode:
    """The statement's IRI: the article and the offset where its words start."""
    return rdf.thing_iri("statement", f"{article_id}-{statement.start}")


def anonymous_iri(article_id: str, label: str) -> NamedNode:
    return rdf.entity_iri(f"anonymous-{article_id}-{rdf.slug(label)}")


def facts(doc: Document, statements: list[Statement]) -> list[Fact]:
    """Every fact the statements of ``doc`` support."""
    out: list[Fact] = []
    paras = paragraphs(doc.text)
    for statement in statements:
        out += _statement_facts(doc, statement, paras)
    return out


def _paragraph(paras: list[Span], offset: int) -> int:
    return next((i for i, p in enumerate(paras) if p.start <= offset < p.end), -1)


def _cover(*spans: Span | None) -> Span:
    real = [s for s in spans if s is not None]
    return Span(min(s.start for s in real), max(s.end for s in real))


def _statement_facts(doc: Document, s: Statement, paras: list[Span]) -> list[Fact]:
    iri = statement_iri(doc.article.id, s)
    words = s.marked or s.parts
    context = _context(doc, s) + _antecedent(s)
    attribution = _cover(s.attribution, *context)
    speaking = _speaker_triples(doc, iri, s.speaker) + _when_and_how(doc, iri, s, context)
    home = next((i for i, w in enumerate(words) if _paragraph(paras, w.start) == _paragraph(paras, attribution.start)
                 and _paragraph(paras, attribution.end - 1) == _paragraph(paras, w.start)), None)
    out: list[Fact] = []
    for i, (part, shown) in enumerate(zip(s.parts, words)):
        triples = [(iri, rdf.akg("text"), rdf.string(part.of(doc.text))),
                   (iri, rdf.akg("reportedIn"), rdf.article_iri(doc.article.id))]
        if i == (home if home is not None else 0):
            triples += _what(doc, iri, s)
        if i == home:
            out.append(Fact(tuple(triples + speaking), _cover(shown, attribution), EXTRACTOR))
        else:
            out.append(Fact(tuple(triples), shown, EXTRACTOR))
    if home is None:
        out.append(Fact(tuple(speaking), _cover(attribution, words[0]), EXTRACTOR))
    for place in s.more:
        out.append(Fact(tuple(_speaker_triples(doc, iri, s.speaker)
                              + [(iri, rdf.akg("reportedIn"), rdf.article_iri(doc.article.id))]), place, EXTRACTOR))
    return out


def _what(doc: Document, iri: NamedNode, s: Statement) -> list[Triple]:
    """Type, subject and stance: what the words themselves support."""
    kind = rdf.akg("DirectQuote" if s.kind == "direct" else "ReportedSpeech")
    triples: list[Triple] = [(iri, rdf.A, rdf.akg("Statement")), (iri, rdf.A, kind)]
    if s.speaker.phrase is not None and re.search(r"\bjoint\s+statement\b", s.speaker.phrase.of(doc.text), re.I):
        triples.append((iri, rdf.A, rdf.akg("JointStatement")))
    for entity in _about(doc, s):
        triples.append((iri, rdf.akg("about"), rdf.entity_iri(entity)))
    own = s.cue is not None and s.cue.unit.start <= s.parts[0].start < s.cue.unit.end
    verb = s.cue.verb.of(doc.text) if own else "said"  # an introduction's 'called on' is not every quote's stance
    lemma = s.cue.lemma if own else "say"
    said = " ".join(p.of(doc.text) for p in s.parts)
    triples.append((iri, rdf.akg("stance"), rdf.akc(stance(lemma if lemma in EVALUATIVE_LEMMAS else verb, said))))
    return triples


def _about(doc: Document, s: Statement) -> list[str]:
    """Entities named inside the statement's words, less its speakers and bare places."""
    found: list[str] = []
    for part in s.parts:
        for m in doc.mentions_in(part):
            entity = doc.registry.by_id.get(m.entity)
            kind = entity.type if entity else (doc.new_actors[m.entity].type if m.entity in doc.new_actors else None)
            if m.entity not in s.speaker.entities and kind not in PLACE_TYPES and m.entity not in found:
                found.append(m.entity)
    return found


def _speaker_triples(doc: Document, iri: NamedNode, speaker: Speaker) -> list[Triple]:
    triples: list[Triple] = []
    for entity in speaker.entities:
        triples.append((iri, rdf.akg("speaker"), rdf.entity_iri(entity)))
    if speaker.anonymous:
        node = anonymous_iri(doc.article.id, speaker.anonymous)
        triples += [(iri, rdf.akg("speaker"), node), (node, rdf.A, rdf.akg("AnonymousSource")),
                    (node, rdf.A, rdf.akg("Actor")), (node, RDFS_LABEL, rdf.string(speaker.anonymous))]
    return triples


def _antecedent(s: Statement) -> list[Span]:
    """The phrase a relative pronoun stands for ('Friday’s joint statement …, which described …')."""
    phrase = s.speaker.phrase
    if s.cue is None or phrase is None or s.cue.phrase is None or phrase == s.cue.phrase:
        return []
    return [phrase] if s.cue.unit.start <= phrase.start < s.cue.unit.end else []


def _context(doc: Document, s: Statement) -> list[Span]:
    """Attribution words outside the frame that say when or to whom: 'Speaking to RFA on Wednesday, …'."""
    cue = s.cue
    if cue is None or cue.order != "subject" or cue.frame.start <= cue.unit.start:
        return []
    lead = Span(cue.unit.start, cue.frame.start)
    words = lead.of(doc.text)
    if re.match(r"^(?:speaking|talking|in\s+an?\s+(?:interview|statement)|at\s+a|asked|writing)\b", words, re.I):
        return [Span(lead.start, lead.start + len(words.rstrip(" ,—–")))]
    return []


def _when_and_how(doc: Document, iri: NamedNode, s: Statement, context: list[Span]) -> list[Triple]:
    """Date, medium and hearer, from the attribution's own words."""
    text = doc.text
    places = ([s.cue.frame] if s.cue else [s.attribution]) + context
    places = [p for p in places if not any(p.start < w.end and w.start < p.end for w in s.parts)]
    frame = " ".join(p.of(text) for p in places)
    triples = _date(doc, iri, frame)
    hearer = _hearer(doc, s, context)
    media = hearer is not None and _is_media(doc, hearer)
    how = medium(frame, hearer_is_media=media)
    if how:
        triples.append((iri, rdf.akg("medium"), rdf.akc(how)))
    if hearer is not None:
        triples += _hearer_triples(doc, iri, hearer)
    return triples


def _date(doc: Document, iri: NamedNode, frame: str) -> list[Triple]:
    value = None
    for m in DATE_PHRASE.finditer(frame):
        value = resolve(m.group(0), doc.published)
        if value is not None:
            break
    if value is None:
        return [(iri, DCT_DATE, rdf.date_literal(doc.published)),
                (iri, rdf.akg("dateLatest"), rdf.date_literal(doc.published)),
                (iri, rdf.akg("datePrecision"), rdf.string("publication"))]
    triples = [(iri, DCT_DATE, rdf.date_literal(value.earliest)), (iri, rdf.akg("datePrecision"), rdf.string(value.precision))]
    if value.latest != value.earliest:
        triples.append((iri, rdf.akg("dateLatest"), rdf.date_literal(value.latest)))
    return triples


def _hearer(doc: Document, s: Statement, context: list[Span]) -> Span | None:
    if s.cue is not None and s.cue.addressee is not None:
        return s.cue.addressee
    for span in context:
        m = _SPEAKING_TO.search(span.of(doc.text))
        if m:
            return Span(span.start + m.start("hearer"), span.start + m.end("hearer"))
    return None


def _is_media(doc: Document, hearer: Span) -> bool:
    for m in doc.mentions_in(hearer):
        entity = doc.registry.by_id.get(m.entity)
        kind = entity.type if entity else (doc.new_actors[m.entity].type if m.entity in doc.new_actors else None)
        if kind == "MediaOrganization":
            return True
    return False


def _hearer_triples(doc: Document, iri: NamedNode, hearer: Span) -> list[Triple]:
    """The addressee: an actor named in the hearer's words, or an unnamed audience ('reporters')."""
    mentions = doc.mentions_in(hearer)
    if mentions:
        return [(iri, rdf.akg("addressee"), rdf.entity_iri(mentions[0].entity))]
    words = hearer.of(doc.text).strip()
    if not _AUDIENCE.match(words):
        return []  # 'a news conference' says how, not to whom
    node = rdf.entity_iri(f"audience-{doc.article.id}-{rdf.slug(words)}")
    return [(iri, rdf.akg("addressee"), node), (node, rdf.A, rdf.akg("Actor")), (node, RDFS_LABEL, rdf.string(words))]
