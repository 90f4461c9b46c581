"""Turn speech cues into reported speech: one statement per speech act, with its own words.

Every cue with words of its own ('X said that <words>', '<words>, X said', 'according to X,
<words>', 'X welcomed <words>') is reported speech, unless

* its words are another speaker's statement, which it only passes on ('X stressed …, said the
  ministry'; 'Critics have said …, the Straits Times reported');
* it sits inside the words of an earlier cue of the same speaker ('they said that they
  reaffirmed …'), or is a participle continuing one ('X said A, adding that B' is one act;
  after a bare quotation tag, '“…,” she said, adding that B' makes B one);
* its words only lead into a quotation ('Hun Sen said the purpose was to “…”'), which is then
  the statement, as is the quotation after 'described X as'.

Words stop where a later verb starts a clause of its own ('… although Hun Sen said …', '… and
suggested that …': two verbs, two acts). An evaluative verb's words include the verb ('condemned
the coup'), since the act is what is reported. '<words>, according to the ministry’s statement'
right after another speaker's words in the paragraph extends those words: the document reports
that speaker. In an article that lost its quotation marks in translation, '<words>, X told
reporters' is a quotation, and the verbs inside it are quoted too.
"""
from __future__ import annotations

import re

from kg.extract.attribution import Cue
from kg.extract.lexicon import EVALUATIVE_LEMMAS
from kg.extract.quotes import Quotation
from kg.extract.speech import Context, Statement, participle, same_speaker, trim_end
from kg.model import Span

_MIN_REPORTED_WORDS = 4  # fewer content words outside the quotation only lead into it ('the purpose was to')
FUNCTION_WORDS = {"the", "a", "an", "is", "are", "was", "were", "be", "to", "of", "that", "and", "it", "this", "in", "on"}


class ReportedSpeech(Context):
    """The reported speech of one document."""

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
        if not participle(cue):
            return False
        main = [c for c in self.cues if c.unit == cue.unit and c.verb.start < cue.verb.start and not participle(c)]
        return bool(main) and main[-1].content is not None

    def _relative(self, i: int) -> bool:
        phrase = self.cues[i].phrase
        return phrase is not None and phrase.of(self.text).lower() in ("who", "which")

    def _relative_before_main(self, i: int, clauses: dict[int, Span]) -> bool:
        """'The statement, which described …, said …': the main verb's words are the statement."""
        clause = clauses[i]
        return self._relative(i) and any(
            j > i and clause.start <= c.verb.start < clause.end and same_speaker(self.speakers.get(j), self.speakers[i])
            and c.shares == "" for j, c in enumerate(self.cues))

    def _nested(self, i: int, clauses: dict[int, Span]) -> bool:
        """A cue inside the clause of an earlier cue of the same speaker ('they said that they reaffirmed …')."""
        cue, speaker = self.cues[i], self.speakers[i]
        for j, c in enumerate(self.cues[:i]):
            clause = clauses.get(j)
            if clause and c.lemma != "called" and not self._relative_before_main(j, clauses) \
                    and clause.start <= cue.verb.start < clause.end \
                    and same_speaker(self.speakers.get(j), speaker):
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
                  and s.parts[-1].end <= cue.content.start and not same_speaker(s.speaker, self.speakers[i])]
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
            if participle(c):
                continue
            if c.order in ("tail", "according") and c.content is not None and c.content.start <= content.start:
                end = trim_end(self.text, content.start, c.frame.start)
                return Span(content.start, end) if end > content.start else content  # '…, said the ministry'
            m = re.search(r"[,;]?\s+(?:although|though|but|while|whereas|and)\s*$", self.text[content.start : c.frame.start])
            if m:
                end = content.start + m.start()
                return Span(content.start, end) if end > content.start else content
        return content

    def _lead_in(self, content: Span, inside: list[Quotation]) -> bool:
        """True when the words only lead into their quotation ('the purpose was to “…”', 'the meeting
        had shown “…” on a crisis'): few words before it, and after it no clause of their own
        ('… “build diplomatic relations” and had nothing to do with …' has one; so has '… “quietly”
        with all parties and that the consensus remained …' between two quotations)."""
        before = self.text[content.start : inside[0].start]
        words = [w for w in re.findall(r"[\w’'-]+", before) if w.lower() not in FUNCTION_WORDS]
        ends = [min(q.end, content.end) for q in inside]
        starts = [q.start for q in inside[1:]] + [content.end]
        for start, end in zip(ends, starts):  # between the quotations, then after the last
            after = self.text[start:end]
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


