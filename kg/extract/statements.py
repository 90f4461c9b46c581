"""Find who said what in an article: direct quotations and reported speech, each with its speaker.

The stage runs in four steps, each in its own module:

1. ``quotes`` finds the quotations by their marks, and ``attribution`` the speech cues (a verb,
   the phrase naming its speaker, the words it frames), with ``lexicon``'s verbs of speech;
2. ``speakers`` (with ``descriptions``) turns each cue's phrase into an actor, in text order so
   that pronouns can look back: a name, a title, a pronoun, a document's author, an unnamed
   source;
3. ``quote_speakers`` gives each quotation its speaker, ``reported`` turns the other cues into
   reported speech;
4. ``statement_facts`` writes the triples, each with the span that supports it.

``extract`` is the pipeline's entry point; ``find_statements`` returns the statements themselves.
"""
from __future__ import annotations

from kg.extract.attribution import Cue, find_cues, units
from kg.extract.quote_speakers import QuoteSpeakers
from kg.extract.quotes import find_quotations
from kg.extract.reported import ReportedSpeech
from kg.extract.speakers import Speaker, Speakers
from kg.extract.speech import Statement, relay_verb
from kg.extract.statement_facts import facts
from kg.model import Document, Fact

__all__ = ["Statement", "extract", "find_statements"]


def extract(doc: Document) -> list[Fact]:
    """The facts of every statement in the document (the extractor's entry point)."""
    return facts(doc, find_statements(doc))


def find_statements(doc: Document) -> list[Statement]:
    """Every statement of the document, in text order."""
    text = doc.text
    quotations = find_quotations(text)
    cues = find_cues(text, quotations, [m.span for m in doc.mentions])
    sentences = units(text, quotations)
    spoken = {u for u in sentences if any(u.start <= c.verb.start < u.end for c in cues)
              or any(u.start <= q.start < u.end for q in quotations)}
    resolver = Speakers(doc, quoted=[m for q in quotations for m in q.marked], units=sentences, spoken=spoken)
    speakers = _resolve_cues(cues, resolver)
    context = (doc, quotations, cues, speakers, resolver)
    quotes = QuoteSpeakers(*context)
    statements = quotes.direct() + ReportedSpeech(*context).reported() + quotes.answers()
    return sorted(statements, key=lambda s: s.start)


def _resolve_cues(cues: list[Cue], resolver: Speakers) -> dict[int, Speaker | None]:
    """The speaker of each cue (by index), resolved in text order so that pronouns can look back."""
    out: dict[int, Speaker | None] = {}
    for i, cue in enumerate(cues):
        if cue.phrase is None:
            prior = [j for j in range(i) if cues[j].unit == cue.unit and out.get(j)]
            speaker = out[prior[-1]] if prior else None
        elif _inside_unknown_words(cue, cues[:i], out, resolver):
            speaker = None
        else:
            speaker = _reporter_of(cue, cues[:i], out, resolver) or resolver.resolve(cue.phrase, cue.unit)
        out[i] = speaker
        if speaker is not None and not relay_verb(cue):
            resolver.said(speaker, cue.unit)
    return out


def _reporter_of(cue: Cue, before: list[Cue], speakers: dict[int, Speaker | None], resolver: Speakers) -> Speaker | None:
    """'X said that he/it/they …': a pronoun inside another cue's words is that cue's speaker."""
    word = cue.phrase.of(resolver.doc.text).lower()
    if word not in ("he", "she", "it", "they", "we"):
        return None
    for j in range(len(before) - 1, -1, -1):
        outer, speaker = before[j], speakers.get(j)
        if outer.content and outer.content.start <= cue.frame.start < outer.content.end and speaker is not None:
            if speaker.person == (word in ("he", "she")):
                return Speaker(speaker.entities, speaker.anonymous, cue.phrase, speaker.person, speaker.plural)
    return None


def _inside_unknown_words(cue: Cue, before: list[Cue], speakers: dict[int, Speaker | None], resolver: Speakers) -> bool:
    """'MRTV reported that … what it called …', MRTV no known actor: the pronoun is the unknown
    reporter, so it must not reach back to an earlier speaker."""
    word = cue.phrase.of(resolver.doc.text).lower()
    if word not in ("he", "she", "it", "they", "we"):
        return False
    for j in range(len(before) - 1, -1, -1):
        outer = before[j]
        if outer.content and outer.phrase is not None and outer.content.start <= cue.frame.start < outer.content.end:
            return speakers.get(j) is None
    return False
