"""Find the quotations of a text: the words between quotation marks, across paragraphs.

Marks: curly “…” and ‘…’, straight "…" and '…', guillemets «…» and „…“. A mark
opens when it follows the paragraph start, a space or an opening bracket or dash, and
closes when it follows a word or punctuation; so the ’ of "Hun Sen’s", "don’t" and
"prisoners’ wives" is an apostrophe unless a single quotation is open. Single marks
inside a double quotation are a quotation within the quotation and stay part of it.

Two conventions of print are followed:

* a quotation that runs over several paragraphs leaves each paragraph but the last
  without a closing mark, and opens each following paragraph with a new opening
  mark ("…\\n\\n“…”"); it is one quotation with one part per paragraph;
* an opening mark that is never closed (machine translation drops marks) closes at
  the end of its paragraph.

A quotation here is only marks and offsets; whether it is speech (a quote) or a
name or scare quote ('named “Friday wives”') is for ``statements`` to decide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import DASH_ATTRIBUTION
from kg.model import Span

OPEN_DOUBLE = "“„«\""
CLOSE_DOUBLE = {"“": "”", "„": "“”", "«": "»", '"': '"'}
OPEN_SINGLE = "‘'"
CLOSE_SINGLE = {"‘": "’", "'": "'"}
# Characters after which a mark opens rather than closes.
_OPENING_CONTEXT = set(" \t\n([{—–-/“‘\"'")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")


@dataclass(frozen=True)
class Quotation:
    """Quoted words: one part per paragraph, each part the words without their marks.

    ``marked`` spans include the marks (what a reader sees as the quotation);
    ``closed`` is False when the last paragraph lacks its closing mark.
    """

    parts: tuple[Span, ...]
    marked: tuple[Span, ...]
    closed: bool = True

    @property
    def start(self) -> int:
        """Offset of the opening mark."""
        return self.marked[0].start

    @property
    def end(self) -> int:
        """Offset just after the closing mark (or the last quoted character)."""
        return self.marked[-1].end

    def text(self, text: str) -> str:
        """The quoted words, paragraphs joined by a blank line as printed."""
        return "\n\n".join(p.of(text) for p in self.parts)


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of ``text`` (runs of non-empty lines), as spans.

    >>> [p.of("One.\\n\\nTwo\\nlines.") for p in paragraphs("One.\\n\\nTwo\\nlines.")]
    ['One.', 'Two\\nlines.']
    """
    return [Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _opens(text: str, i: int, start: int) -> bool:
    return i == start or text[i - 1] in _OPENING_CONTEXT


def _closes(text: str, i: int, end: int) -> bool:
    """A closing mark ends a word: what follows is not a letter or digit."""
    return i + 1 >= end or not text[i + 1].isalnum()


def _find_close(text: str, i: int, end: int, closers: str, single: bool) -> int | None:
    """Offset of the mark closing the quotation opened at ``i``, or None if it stays open."""
    j = i + 1
    while j < end:
        c = text[j]
        if c in closers and j > i + 1 and not text[j - 1].isspace() and (not single or _closes(text, j, end)):
            if c == '"' or c == "'":  # a straight mark that could open a nested quotation
                if _opens(text, j, i + 1) and not _closes(text, j, end):
                    j += 1
                    continue
            return j
        j += 1
    return None


def _scan_paragraph(text: str, para: Span) -> list[tuple[int, int | None]]:
    """(opening mark, closing mark or None) for each top-level quotation of a paragraph."""
    found: list[tuple[int, int | None]] = []
    i = para.start
    while i < para.end:
        c = text[i]
        if c in OPEN_DOUBLE and _opens(text, i, para.start) and i + 1 < para.end and not text[i + 1].isspace():
            close = _find_close(text, i, para.end, CLOSE_DOUBLE[c], single=False)
        elif c in OPEN_SINGLE and _opens(text, i, para.start) and i + 1 < para.end and text[i + 1].isalnum():
            close = _find_close(text, i, para.end, CLOSE_SINGLE[c], single=True)
            if close is None:  # an apostrophe opening a word ('90s, 'til), not a quotation
                i += 1
                continue
        else:
            i += 1
            continue
        found.append((i, close))
        if close is None:
            break
        i = close + 1
    return found


def _part(text: str, open_at: int, close_at: int | None, para_end: int) -> tuple[Span, Span] | None:
    """The (words, marked) spans of one paragraph's quotation, trimmed of spaces.

    A quotation left open ends where a dash brings in its speaker ('… further — said X').
    """
    inner_end = close_at if close_at is not None else para_end
    if close_at is None:
        dash = DASH_ATTRIBUTION.search(text, open_at, para_end)
        if dash:
            inner_end = dash.start()
    start, end = open_at + 1, inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    marked_end = close_at + 1 if close_at is not None else end
    return Span(start, end), Span(open_at, marked_end)


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in ``text``, in order, multi-paragraph quotations joined.

    >>> t = "He said: “One.\\n\\n“Two,” he said. Hun Sen’s ‘empty gestures’ ended."
    >>> [q.text(t) for q in find_quotations(t)]
    ['One.\\n\\nTwo,', 'empty gestures']
    >>> t = "Tek Sok Lorn's husband, the prisoners' wives said, was 'thin'."
    >>> [q.text(t) for q in find_quotations(t)]
    ['thin']
    """
    quotations: list[Quotation] = []
    pending: tuple[list[Span], list[Span]] | None = None  # an open multi-paragraph quotation
    for para in paragraphs(text):
        found = _scan_paragraph(text, para)
        if pending is not None:
            if found and found[0][0] == para.start:
                part = _part(text, *found[0], para.end)
                if part:
                    pending[0].append(part[0])
                    pending[1].append(part[1])
                if found[0][1] is None:
                    continue  # still open: the quotation goes on in the next paragraph
                quotations.append(Quotation(tuple(pending[0]), tuple(pending[1]), True))
                found = found[1:]
            else:
                quotations.append(Quotation(tuple(pending[0]), tuple(pending[1]), False))
            pending = None
        for open_at, close_at in found:
            part = _part(text, open_at, close_at, para.end)
            if part is None:
                continue
            if close_at is None:
                pending = ([part[0]], [part[1]])
            else:
                quotations.append(Quotation((part[0],), (part[1],), True))
    if pending is not None:
        quotations.append(Quotation(tuple(pending[0]), tuple(pending[1]), False))
    return quotations
