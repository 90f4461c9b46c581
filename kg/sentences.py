"""Split canonical article text into paragraphs and sentences, keeping exact offsets.

Rules, not a model: a sentence ends at . ! or ? (plus any closing quotes or brackets)
followed by whitespace and a capital, digit or opening quote, unless the word before
the stop is a known abbreviation or an initial ("Gen.", "Jan.", "U.S.").
"""
from __future__ import annotations

import re

from kg.model import Sentence, Span

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov",
    "st", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "dept", "govt", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m",
}

_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the '.' at ``stop`` ends an abbreviation or an initial, not a sentence."""
    if text[stop] != ".":
        return False
    start = stop
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:stop].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its paragraph number.

    >>> [s.span.of(t) for t in ["Sen. Gen. Min met U.S. envoys. He left."] for s in split_sentences(t)]
    ['Sen. Gen. Min met U.S. envoys.', 'He left.']
    """
    sentences: list[Sentence] = []
    for number, para in enumerate(_PARAGRAPH.finditer(text)):
        start = para.start()
        for end in _END.finditer(text, para.start(), para.end()):
            if _is_abbreviation(text, end.start()):
                continue
            if end.end() > start:
                sentences.append(Sentence(_trimmed(text, start, end.end()), number))
            start = end.end()
        if text[start : para.end()].strip():
            sentences.append(Sentence(_trimmed(text, start, para.end()), number))
    return sentences


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
