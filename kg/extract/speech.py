"""The records the statements stage passes between its steps: a statement, and one document's context.

The context holds what every step reads: the quotations, the speech cues and the speaker
each cue names, the sentences and paragraphs, and whether the article lost its quotation
marks in translation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.attribution import Cue, units
from kg.extract.quotes import Quotation, paragraphs
from kg.extract.speakers import Speaker, Speakers
from kg.model import Document, Span


@dataclass
class Statement:
    """One thing a speaker said: its kind, words (one part per paragraph) and where it is attributed."""

    kind: str  # 'direct' or 'reported'
    parts: tuple[Span, ...]
    speaker: Speaker
    cue: Cue | None
    attribution: Span  # the words that name the speaker (a cue's frame, an attribution line)
    marked: tuple[Span, ...] = ()  # for quotes: the parts with their quotation marks
    more: list[Span] = field(default_factory=list)  # other places that repeat it with its speaker

    @property
    def start(self) -> int:
        return self.parts[0].start


class Context:
    """One document's quotations, cues and cue speakers, with the places they sit in."""

    def __init__(self, doc: Document, quotations: list[Quotation], cues: list[Cue],
                 speakers: dict[int, Speaker | None], resolver: Speakers):
        self.doc, self.text, self.quotations, self.cues = doc, doc.text, quotations, cues
        self.speakers, self.resolver = speakers, resolver
        self.units = units(doc.text, quotations)
        self.paragraphs = paragraphs(doc.text)
        # Machine translation that dropped the marks: an opening mark never closed, and no quotation
        # closed anywhere. Words attributed after a comma are then quotations ('…, X told reporters').
        self.lost_marks = any(not q.closed for q in quotations) and not any(q.closed for q in quotations)

    def unit_of(self, offset: int) -> Span:
        return next((u for u in self.units if u.start <= offset < u.end), Span(offset, offset + 1))

    def paragraph_of(self, offset: int) -> int:
        return next((i for i, p in enumerate(self.paragraphs) if p.start <= offset < p.end), -1)

    def whole_paragraph(self, q: Quotation) -> bool:
        """True when the quotation's paragraph holds nothing but it (and perhaps its tag)."""
        para = self.paragraphs[self.paragraph_of(q.start)]
        return q.marked[0].start == para.start

    def speaker_of(self, i: int) -> Speaker | None:
        return self.speakers.get(i)


def participle(cue: Cue) -> bool:
    """'…, adding that …', '…, blaming …': part of the speech act of the verb before it."""
    return cue.shares == "participle"


def relay_verb(cue: Cue) -> bool:
    """'…, the Phnom Penh Post reported': an outlet passing words on, not saying them."""
    return cue.lemma == "reported" and cue.order != "subject"


def trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;\u00a0—–":
        end -= 1
    return end


def same_speaker(a: Speaker | None, b: Speaker | None) -> bool:
    return a is not None and b is not None and set(a.entities) == set(b.entities) and a.anonymous == b.anonymous


def normalised(words: str) -> str:
    """Words compared across copies: case, spacing and marks ignored."""
    return re.sub(r"\s+", " ", re.sub(r"[“”\"‘’'.,;:!?\[\]]", " ", words)).strip().lower()
