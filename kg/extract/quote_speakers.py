"""Give each quotation its speaker, or decide it is no statement (a name, a repeat, a scare quote).

Attributions are looked for in this order, the conventions of print:

1. a tag right after the quotation in its sentence ('“…,” he said.', '“…,” said X.', '» — said X');
2. a speech verb earlier in the sentence whose words hold it ('X said the purpose was to “…”',
   'what he called a “degraded” democracy', '…, adding, “…”'); when the quotation opens the
   sentence, the tag is tried first;
3. an introduction ending its paragraph with a colon ('X called on him to …:');
4. a source of the whole sentence ('…, according to a statement from X.');

then, for a quotation no verb attributes: it is dropped when another quotation holds its words
(a headline's ‘empty gestures’, a subhead, a pull quote); else

5. a colon handing over to the sentence's subject ('One ambassador put it bluntly: “…”');
6. the next sentence naming the speaker ('That was the reaction of Thinzar Hlaing, …');
7. an attribution line under it ('Emerlynne Gil, Amnesty International's Deputy …');
8. the speaker of the paragraph before, for a paragraph that is all quotation (a quote over
   several paragraphs, a series after one introduction), or of the quotation before it in
   the same paragraph ('“…,” he said. “…”');
9. the active subject of its sentence, for a phrase quoted inside it ('The regional block
   offered … “non-political representatives”'; not 'the military has been accused of “…”').

A quotation after 'named', 'dubbed', 'known as' is a name, never speech. In a Q&A, each answer
is the interviewee's own words though it has no quotation marks.
"""
from __future__ import annotations

import re

from kg.extract.attribution import Cue
from kg.extract.quotes import Quotation
from kg.extract.speakers import Speaker
from kg.extract.speech import Context, Statement, normalised, relay_verb, same_speaker
from kg.model import Span

_NAMING = re.compile(r"\b(?:named|dubbed|nicknamed|known\s+as|titled|entitled|labell?ed|so-called|the\s+(?:term|word|phrase|slogan))\s*$", re.I)
_REACTION = re.compile(r"(?:That|This|Those|Such)\s+(?:was|were|is|are)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:reaction|response|view|"
                       r"verdict|message|assessment|warning|comment|words|opinion|answer)\s+of\s+(?P<who>[^,.;]+)")
# The first verb of a sentence: a past tense, a common irregular one, or an auxiliary.
_FIRST_VERB = re.compile(
    r"(?<![\w’'-])(?:[a-z]+ed|put|read|led|met|went|made|gave|took|held|sent|set|told|said|says|sat|ran|won|lost|got|"
    r"began|came|saw|spoke|wrote|left|kept|brought|thought|found|stood|fell|rose|is|are|was|were|has|have|had|will|"
    r"would|can|could|may|might|must|should)(?![\w’'-])")
_HONORIFIC_LEAD = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Daw|U|Sir|Dame)\.?\s+)?")
_QUESTION = re.compile(r"Q\s*[:.]\s+")
_ANSWER = re.compile(r"A\s*[:.]\s+")


class QuoteSpeakers(Context):
    """The direct quotations of one document, each with its speaker."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by_paragraph: dict[int, Statement] = {}
        self._direct: list[Statement] = []

    def direct(self) -> list[Statement]:
        out: list[Statement] = []
        self._direct = out
        for q in self.quotations:
            if _NAMING.search(self.text[max(0, q.start - 30) : q.start]):
                continue
            found = self._attribute(q)
            if found is None:
                continue
            speaker, cue, attribution = found
            statement = Statement("direct", q.parts, speaker, cue, attribution, q.marked)
            out.append(statement)
            for part in q.marked:
                self.by_paragraph[self.paragraph_of(part.start)] = statement
        self._pull_quotes(out)
        return out

    def _is_repeat(self, q: Quotation) -> bool:
        """A quotation whose words another quotation holds: a headline, subhead or pull quote."""
        mine = normalised(q.text(self.text))
        for other in self.quotations:
            if other is q:
                continue
            theirs = normalised(other.text(self.text))
            if mine in theirs and (len(theirs) > len(mine) or other.start < q.start):
                return True
        return False

    def _attribute(self, q: Quotation) -> tuple[Speaker, Cue | None, Span] | None:
        unit = self.unit_of(q.start)
        opens_sentence = q.start - unit.start <= 1
        order = (self._tag, self._embedded) if opens_sentence else (self._embedded, self._tag)
        for rule in (*order, self._introduction, self._same_sentence):
            i = rule(q)
            if i is not None and self.speakers.get(i):
                return self.speakers[i], self.cues[i], self.cues[i].frame
        if self._is_repeat(q):
            return None  # a headline, subhead or pull quote that no verb attributes: said once, below
        for rule in (self._after_colon, self._next_sentence, self._line_after, self._paragraph_before,
                     self._earlier_in_paragraph, self._subject):
            found = rule(q)
            if found is not None:
                return found
        return None

    def _tag(self, q: Quotation) -> int | None:
        after = [i for i, c in enumerate(self.cues) if c.frame.start >= q.end]
        if not after:
            return None
        c = self.cues[after[0]]
        if c.content is None and not c.colon and re.fullmatch(r"[\s,.—–-]*", self.text[q.end : c.frame.start]):
            return after[0]
        return None

    def _embedded(self, q: Quotation) -> int | None:
        unit = self.unit_of(q.start)
        found = None
        for i, c in enumerate(self.cues):
            if c.unit == unit and c.verb.end <= q.start and not relay_verb(c):
                if (c.content and c.content.start <= q.start <= c.content.end) or (c.colon and c.frame.end <= q.start):
                    found = i
        return self._reporter_of_phrase(q, found)

    def _reporter_of_phrase(self, q: Quotation, found: int | None) -> int | None:
        """'X said that A, and that Y had explained “the real situation”': a phrase quoted inside
        the words another speaker reports is that reporter's wording (the marks are the
        reporter's); a quoted sentence (capitalised), or a clause that is a speech act of its
        own, stays with the inner speaker."""
        if found is None or q.text(self.text)[:1].isupper():
            return found
        inner = self.cues[found]
        for j, c in enumerate(self.cues[:found]):
            if c.content and c.content.start <= inner.frame.start < c.content.end and not relay_verb(c) \
                    and c.order == "subject" and self._complement(c.content.start, inner.frame.start) and self.speakers.get(j) and not same_speaker(self.speakers.get(j), self.speakers.get(found)):
                return j
        return found

    def _complement(self, start: int, at: int) -> bool:
        """True when the clause at ``at`` is the reporter's own complement: it opens the reported
        words or follows ', and that' ('said that A, and that Y had explained …'), rather than
        a speech act of its own ('… although Y said …', 'a point that Y said …')."""
        before = self.text[start:at]
        return before.strip() == "" or re.search(r",?\s+and\s+that\s*$", before) is not None

    def _introduction(self, q: Quotation) -> int | None:
        """A cue ending its paragraph with a colon, just before the quotation's paragraph."""
        para = self.paragraph_of(q.start)
        if para <= 0 or not self.whole_paragraph(q):
            return None
        prev = self.paragraphs[para - 1]
        if not prev.of(self.text).rstrip().endswith(":"):
            return None
        inside = [i for i, c in enumerate(self.cues) if prev.start <= c.verb.start < prev.end]
        return inside[-1] if inside else None

    def _same_sentence(self, q: Quotation) -> int | None:
        unit = self.unit_of(q.start)
        inside = [i for i, c in enumerate(self.cues) if c.unit == unit and not relay_verb(c)
                  and c.content is not None and c.content.start <= q.start and q.end <= c.content.end + 1]
        inside.sort(key=lambda i: self.cues[i].lemma != "according")
        return inside[0] if inside else None

    def _line_after(self, q: Quotation) -> tuple[Speaker, Cue | None, Span] | None:
        """An attribution line right after a paragraph that is all quotation."""
        para = self.paragraph_of(q.end - 1)
        if not self.whole_paragraph(q) or para + 1 >= len(self.paragraphs):
            return None
        line = self.paragraphs[para + 1]
        speaker = self._attribution_line(line)
        return (speaker, None, line) if speaker else None

    def _attribution_line(self, line: Span) -> Speaker | None:
        """A short unpunctuated line that opens with a name: 'Emerlynne Gil, Amnesty International's …'."""
        words = line.of(self.text).strip()
        if len(words.split()) > 20 or words[-1:] in ".!?”\"’:" or any(line.start <= c.verb.start < line.end for c in self.cues):
            return None
        first = [m.entity for m in self.doc.mentions if m.span.start == line.start and self.resolver.is_actor(m.entity)]
        if not first:  # a name the article gave before, printed again on the line
            first = [m.entity for m in self.doc.mentions if self.resolver.type_of(m.entity) == "Person"
                     and words.startswith(m.span.of(self.text)) and " " in m.span.of(self.text)]
        if not first:
            return None
        return self.resolver.entity_speaker(first[0], line, line)

    def _paragraph_before(self, q: Quotation) -> tuple[Speaker, Cue | None, Span] | None:
        """The speaker of the paragraph before, for a paragraph that is all quotation."""
        para = self.paragraph_of(q.start)
        if para <= 0 or not self.whole_paragraph(q):
            return None
        prev = self.paragraphs[para - 1]
        earlier = self.by_paragraph.get(para - 1)
        if earlier is not None:
            return earlier.speaker, earlier.cue, earlier.attribution
        speaker = self._attribution_line(prev)
        if speaker is not None:
            return speaker, None, prev
        spoken = [i for i, c in enumerate(self.cues) if prev.start <= c.frame.start < prev.end and self.speakers.get(i)
                  and not relay_verb(c)]
        return (self.speakers[spoken[-1]], self.cues[spoken[-1]], self.cues[spoken[-1]].frame) if spoken else None

    def _earlier_in_paragraph(self, q: Quotation) -> tuple[Speaker, Cue | None, Span] | None:
        """'“…,” he said. “…”': a quotation opening a sentence after another quote of the paragraph."""
        unit = self.unit_of(q.start)
        para = self.paragraphs[self.paragraph_of(q.start)]
        if q.start - unit.start > 1:
            return None
        before = [s for s in self._direct if para.start <= s.marked[0].start and s.marked[-1].end <= q.start]
        return (before[-1].speaker, before[-1].cue, before[-1].attribution) if before else None

    def _subject(self, q: Quotation) -> tuple[Speaker, None, Span] | None:
        """The actor that opens the sentence, for a phrase quoted inside it ('The regional block
        offered … “non-political representatives”', 'Protesters marched …, carrying signs that
        read “…”'); active voice only."""
        unit = self.unit_of(q.start)
        if q.start - unit.start <= 1 or len(q.parts) > 1:
            return None
        found = self._opening_speaker(unit, q.start)
        return (found[0], None, Span(found[1].start, q.end)) if found else None

    def _after_colon(self, q: Quotation) -> tuple[Speaker, None, Span] | None:
        """'One ASEAN ambassador put it to me bluntly: “…”': a colon hands over to the sentence's subject."""
        unit = self.unit_of(q.start)
        if not self.text[unit.start : q.start].rstrip().endswith(":"):
            return None
        found = self._opening_speaker(unit, q.start)
        return (found[0], None, Span(found[1].start, q.end)) if found else None

    def _opening_speaker(self, unit: Span, until: int) -> tuple[Speaker, Span] | None:
        """The speaker that opens a sentence (after a leading 'On Monday,'), in active voice: the
        words before the sentence's first verb ('One ASEAN ambassador | put it to me …')."""
        text = self.text
        start = unit.start
        lead = re.match(r"(?:(?:On|In|At|After|Last|This|Meanwhile|However|But|And)\b[^,]{0,40},\s*)", text[start:until])
        start += lead.end() if lead else 0
        verb = _FIRST_VERB.search(text, start, until)
        if verb is None or verb.start() == start:
            return None
        if re.match(r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been|been|be)\b", verb.group(0)):
            return None  # passive or copula: 'The military has been accused of “…”'
        words = re.sub(r"(?:,[^,]*,)|\s+(?:[a-z]+ly|instead|also|meanwhile|then|still)\s*$", "", text[start : verb.start()]).rstrip(" ,")
        phrase = Span(start, start + len(words)) if words else None
        if phrase is None or text[phrase.end : phrase.end + 2] in ("’s", "'s"):
            return None
        speaker = self.resolver.resolve(phrase, unit)
        return (speaker, phrase) if speaker is not None and speaker.known else None

    def _next_sentence(self, q: Quotation) -> tuple[Speaker, None, Span] | None:
        """'“…” / That was the reaction of Thinzar Hlaing, …': the sentence after names the speaker."""
        after = [u for u in self.units if u.start >= q.end]
        if not after or not self.whole_paragraph(q):
            return None
        m = _REACTION.match(self.text, after[0].start, after[0].end)
        if not m:
            return None
        who = Span(m.start("who"), m.end("who"))
        speaker = self.resolver.resolve(who, after[0])
        return (speaker, None, Span(after[0].start, who.end)) if speaker and speaker.known else None

    def _pull_quotes(self, statements: list[Statement]) -> None:
        """A paragraph repeating a quotation without marks, then an attribution line: more evidence."""
        by_words = {normalised(Span(s.parts[0].start, s.parts[-1].end).of(self.text)): s
                    for s in statements}
        for i, para in enumerate(self.paragraphs[:-1]):
            statement = by_words.get(normalised(para.of(self.text)))
            if statement is None or statement.marked[0].start == para.start:
                continue
            speaker = self._attribution_line(self.paragraphs[i + 1])
            if speaker and set(speaker.entities) == set(statement.speaker.entities):
                statement.more.append(Span(para.start, self.paragraphs[i + 1].end))

    def answers(self) -> list[Statement]:
        """In a Q&A ('Q: …' / 'A: …' paragraphs), each answer is the interviewee's own words: the
        person whose name opens a paragraph of the introduction, before the first question."""
        questions = [i for i, p in enumerate(self.paragraphs) if _QUESTION.match(self.text, p.start)]
        answers = [p for p in self.paragraphs if _ANSWER.match(self.text, p.start)]
        if len(questions) < 2 or len(answers) < 2:
            return []
        intro = [p for p in self.paragraphs[: questions[0]] if not re.match(r"(?:By|Interview|Reported|Written)\b", self.text[p.start :])]
        named = next((m for p in intro for m in self.doc.mentions if self.resolver.type_of(m.entity) == "Person"
                      and p.start <= m.span.start and _HONORIFIC_LEAD.fullmatch(self.text[p.start : m.span.start])), None)
        if named is None:
            return []
        speaker = self.resolver.entity_speaker(named.entity, named.span, named.span)
        self._headline_is_interviewee(speaker)
        out = []
        for p in answers:
            words = Span(_ANSWER.match(self.text, p.start).end(), p.end)
            out.append(Statement("direct", (words,), speaker, None, named.span, (words,)))
        return out

    def _headline_is_interviewee(self, speaker: Speaker) -> None:
        """'Q&A: “…,” says Jakarta analyst': the unnamed speaker a Q&A's headline describes is the
        interviewee the introduction names."""
        if not self.paragraphs:
            return
        headline = self.paragraphs[0]
        for statement in self._direct:
            if statement.speaker.anonymous and headline.start <= statement.start < headline.end:
                statement.speaker = Speaker(speaker.entities, None, statement.speaker.phrase, speaker.person, speaker.plural)
