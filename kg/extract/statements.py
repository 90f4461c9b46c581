"""Find who said what in an article: direct quotations and reported speech, each with its speaker.

A quotation (``quotes``) becomes a direct quote when an attribution names its speaker,
looked for in this order:

1. a tag right after it in the same sentence ('“…,” he said.', '“…,” said X.');
2. a speech verb earlier in the same sentence whose words it ends ('X said the purpose was
   to “…”', 'what he called a “degraded” democracy', '…, adding, “…”'); when the quotation
   opens the sentence, the tag is tried first;
3. an introduction ending with a colon in the paragraph before ('X called on him to …:');
4. any other attribution of the sentence ('…, according to a statement from X.');
5. an attribution line in the next paragraph, as press releases print them ('Emerlynne
   Gil, Amnesty International's Deputy Regional Director for Research');
6. the speaker of the paragraph before, when the whole paragraph is a quotation (a quote
   that runs on over several paragraphs, or a series after one introduction);
7. the subject of the sentence, for a phrase quoted inside it ('The regional block offered
   … “non-political representatives”').

A quotation is not a statement when it repeats another one (a headline's ‘empty gestures’,
a pull quote, a subhead), or when it is a name ('named “Friday wives”').

Every other cue with words of its own is reported speech, unless its words are another
speaker's statement ('X stressed …, said the ministry': the ministry is only the channel),
or only lead into a quotation ('Hun Sen said the purpose was to “…”'), or are already part of
the same speaker's statement ('X noted that … and suggested that …'). Articles that lost
their quotation marks in translation (an opening mark never closed) print direct speech as
'<words>, X told reporters': there, words that come before their attribution are direct.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.attribution import EVALUATIVE_LEMMAS, Cue, find_cues, units
from kg.extract.quotes import Quotation, find_quotations, paragraphs
from kg.extract.speakers import Speaker, Speakers
from kg.model import Document, Fact, Span

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
_MIN_REPORTED_WORDS = 4  # fewer content words outside the quotation only lead into it ('the purpose was to')
FUNCTION_WORDS = {"the", "a", "an", "is", "are", "was", "were", "be", "to", "of", "that", "and", "it", "this", "in", "on"}


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


def extract(doc: Document) -> list[Fact]:
    """The facts of every statement in the document (the extractor's entry point)."""
    from kg.extract.statement_facts import facts  # that module builds on this one's Statement

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
    finder = _Finder(doc, quotations, cues, speakers, resolver)
    statements = finder.direct() + finder.reported() + finder.answers()
    return sorted(statements, key=lambda s: s.start)


def _resolve_cues(cues: list[Cue], resolver: Speakers) -> dict[int, Speaker | None]:
    """The speaker of each cue (by index), resolved in text order so that pronouns can look back."""
    out: dict[int, Speaker | None] = {}
    for i, cue in enumerate(cues):
        if cue.phrase is None:
            prior = [j for j in range(i) if cues[j].unit == cue.unit and out.get(j)]
            speaker = out[prior[-1]] if prior else None
        else:
            speaker = _reporter_of(cue, cues[:i], out, resolver) or resolver.resolve(cue.phrase, cue.unit)
        out[i] = speaker
        if speaker is not None and not _relay_verb(cue):
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


def normalised(words: str) -> str:
    """Words compared across copies: case, spacing and marks ignored."""
    return re.sub(r"\s+", " ", re.sub(r"[“”\"‘’'.,;:!?\[\]]", " ", words)).strip().lower()


class _Finder:
    """The assignment of quotations and cues to statements, for one document."""

    def __init__(self, doc: Document, quotations: list[Quotation], cues: list[Cue],
                 speakers: dict[int, Speaker | None], resolver: Speakers):
        self.doc, self.text, self.quotations, self.cues = doc, doc.text, quotations, cues
        self.speakers, self.resolver = speakers, resolver
        self.units = units(doc.text, quotations)
        self.paragraphs = paragraphs(doc.text)
        self.used: set[int] = set()  # cues that attributed a quotation
        self.by_paragraph: dict[int, Statement] = {}
        # Machine translation that dropped the marks: an opening mark never closed, and no quotation
        # closed anywhere. Words attributed after a comma are then quotations ('…, X told reporters').
        self.lost_marks = any(not q.closed for q in quotations) and not any(q.closed for q in quotations)

    # -------------------------------------------------------------- places
    def unit_of(self, offset: int) -> Span:
        return next((u for u in self.units if u.start <= offset < u.end), Span(offset, offset + 1))

    def paragraph_of(self, offset: int) -> int:
        return next((i for i, p in enumerate(self.paragraphs) if p.start <= offset < p.end), -1)

    def whole_paragraph(self, q: Quotation) -> bool:
        """True when the quotation's paragraph holds nothing but it (and perhaps its tag)."""
        para = self.paragraphs[self.paragraph_of(q.start)]
        return q.marked[0].start == para.start

    # -------------------------------------------------------------- direct quotes
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
                self.used.add(i)
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
            if c.unit == unit and c.verb.end <= q.start and not _relay_verb(c):
                if (c.content and c.content.start <= q.start <= c.content.end) or (c.colon and c.frame.end <= q.start):
                    found = i
        return found

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
        inside = [i for i, c in enumerate(self.cues) if c.unit == unit and not _relay_verb(c)
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
                  and not _relay_verb(c)]
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

    # -------------------------------------------------------------- interviews
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
        out = []
        for p in answers:
            words = Span(_ANSWER.match(self.text, p.start).end(), p.end)
            out.append(Statement("direct", (words,), speaker, None, named.span, (words,)))
        return out

    # -------------------------------------------------------------- reported speech
    def reported(self) -> list[Statement]:
        out: list[Statement] = []
        clauses = {i: self._clause(i) for i, c in enumerate(self.cues) if c.content is not None}
        for i, cue in enumerate(self.cues):
            speaker = self.speakers.get(i)
            if speaker is None or cue.content is None or cue.lemma == "called":
                continue
            if self._participle_of_reported(i) or self._relays(i) or self._inside_unmarked_quote(i) or self._nested(i, clauses) or self._continues(i, out) \
                    or self._relative_before_main(i, clauses):
                continue
            words = self._words(cue, clauses[i])
            if words is None:
                continue
            kind = "direct" if self.lost_marks and cue.order == "tail" else "reported"
            out.append(Statement(kind, (words,), speaker, cue, cue.frame))
        return out

    def _relays(self, i: int) -> bool:
        """A content-first cue whose words are another speaker's cue: it only passes that statement on
        ('X stressed …, said the ministry'; 'Critics have said …, the Straits Times reported')."""
        cue = self.cues[i]
        if cue.order == "subject" and cue.lemma != "according":
            return False
        return any(j != i and cue.content.start <= c.frame.start <= cue.content.start + 3 and self.speakers.get(j)
                   for j, c in enumerate(self.cues))

    def _inside_unmarked_quote(self, i: int) -> bool:
        """In an article that lost its marks, a verb inside words attributed after a comma is quoted."""
        cue = self.cues[i]
        return self.lost_marks and any(c.order == "tail" and c.content and c.content.start <= cue.verb.start < c.content.end
                                       for c in self.cues)

    def _participle_of_reported(self, i: int) -> bool:
        """'X said A, adding that B' is one statement; '“…,” she said, adding that B' makes B one."""
        cue = self.cues[i]
        if not _participle(cue):
            return False
        main = [c for c in self.cues if c.unit == cue.unit and c.verb.start < cue.verb.start and not _participle(c)]
        return bool(main) and main[-1].content is not None

    def _relative(self, i: int) -> bool:
        phrase = self.cues[i].phrase
        return phrase is not None and phrase.of(self.text).lower() in ("who", "which")

    def _relative_before_main(self, i: int, clauses: dict[int, Span]) -> bool:
        """'The statement, which described …, said …': the main verb's words are the statement."""
        clause = clauses[i]
        return self._relative(i) and any(
            j > i and clause.start <= c.verb.start < clause.end and _same(self.speakers.get(j), self.speakers[i])
            and c.shares == "" for j, c in enumerate(self.cues))

    def _nested(self, i: int, clauses: dict[int, Span]) -> bool:
        """A cue inside the clause of an earlier cue of the same speaker ('they said that they reaffirmed …')."""
        cue, speaker = self.cues[i], self.speakers[i]
        for j, c in enumerate(self.cues[:i]):
            clause = clauses.get(j)
            if clause and c.lemma != "called" and not self._relative_before_main(j, clauses) \
                    and clause.start <= cue.verb.start < clause.end \
                    and _same(self.speakers.get(j), speaker):
                return True
        return False

    def _continues(self, i: int, out: list[Statement]) -> bool:
        """'<words>, according to the ministry’s statement' right after another speaker's statement
        in the same paragraph: the document reports that speaker, so the words extend it."""
        cue = self.cues[i]
        if cue.lemma != "according" or cue.order != "according" or not re.search(
                r"\b(?:statement|report|release|communiqu)", cue.phrase.of(self.text), re.I):
            return False
        para = self.paragraph_of(cue.content.start)
        before = [s for s in out if s.kind == "reported" and self.paragraph_of(s.parts[-1].start) == para
                  and s.parts[-1].end <= cue.content.start and not _same(s.speaker, self.speakers[i])]
        if not before:
            return False
        last = before[-1]
        last.parts = (Span(last.parts[0].start, cue.content.end),)
        last.more.append(Span(last.cue.frame.start if last.cue else last.parts[0].start, cue.frame.end))
        return True

    def _clause(self, i: int) -> Span:
        """The cue's content, cut where a later speech verb starts a clause of its own
        ('… although Hun Sen said …', '… and suggested that …'); kept whole over a
        complement ('said that they reaffirmed …')."""
        content = self.cues[i].content
        for j, c in enumerate(self.cues):
            if j == i or not (content.start < c.frame.start < content.end) or self.speakers.get(j) is None:
                continue
            if _participle(c):
                continue
            if c.order in ("tail", "according") and c.content is not None and c.content.start <= content.start:
                end = _trim_end(self.text, content.start, c.frame.start)
                return Span(content.start, end) if end > content.start else content  # '…, said the ministry'
            m = re.search(r"[,;]?\s+(?:although|though|but|while|whereas|and)\s*$", self.text[content.start : c.frame.start])
            if m:
                end = content.start + m.start()
                return Span(content.start, end) if end > content.start else content
        return content

    def _lead_in(self, content: Span, inside: list[Quotation]) -> bool:
        """True when the words only lead into their quotation ('the purpose was to “…”', 'the meeting
        had shown “…” on a crisis'): few words before it, and after it no clause of their own
        ('… “build diplomatic relations” and had nothing to do with …' has one)."""
        before = self.text[content.start : inside[0].start]
        after = self.text[min(inside[-1].end, content.end) : content.end]
        words = [w for w in re.findall(r"[\w’'-]+", before) if w.lower() not in FUNCTION_WORDS]
        if re.search(r"\b(?:and|but|or)\b", after) or re.search(r"\b(?:is|are|was|were|has|have|had|will|would)\b", after):
            words += re.findall(r"[\w’'-]+", after)
        return len(words) < _MIN_REPORTED_WORDS

    def _words(self, cue: Cue, content: Span) -> Span | None:
        """The reported words: the clause less a quotation it ends with; None if they only lead into one.

        An evaluative verb's words start with the verb ('condemned the coup'): the act is what is reported.
        """
        object_verb = cue.lemma in EVALUATIVE_LEMMAS and cue.order == "subject" \
            and not re.search(r"\bthat\b", self.text[cue.verb.end : content.start])
        start = cue.verb.start if object_verb else content.start
        inside = [q for q in self.quotations if content.start <= q.start < content.end]
        if not inside:
            return Span(start, content.end)
        if cue.order != "subject":
            return None  # '<…“…”…>, according to X': the quotation is the statement
        if cue.lemma == "described" and self.text[inside[-1].end : content.end].strip(" .,”\"") == "":
            return None  # 'described the session as “frank but not hostile”': the quotation is the statement
        if self._lead_in(content, inside):
            return None
        end = content.end
        last = inside[-1]
        if self.text[last.end : content.end].strip(" .,”\"") == "" or last.end >= content.end:
            end = last.start
        while end > content.start and self.text[end - 1] in " ,\u00a0":
            end -= 1
        return Span(start, end) if end > content.start else None


def _participle(cue: Cue) -> bool:
    """'…, adding that …', '…, blaming …': part of the speech act of the verb before it."""
    return cue.shares == "participle"


def _relay_verb(cue: Cue) -> bool:
    """'…, the Phnom Penh Post reported': an outlet passing words on, not saying them."""
    return cue.lemma == "reported" and cue.order != "subject"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;\u00a0—–":
        end -= 1
    return end


def _same(a: Speaker | None, b: Speaker | None) -> bool:
    return a is not None and b is not None and set(a.entities) == set(b.entities) and a.anonymous == b.anonymous
