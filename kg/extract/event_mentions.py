"""Find the words that report an event in each sentence, and fill the event's slots from the sentence.

A trigger word names the kind of event ("trip", "met", "summit", "seized power",
"sentenced"); its slots are filled by where actors and dates stand around it:

* visits: the visitor is the possessor ("Hun Sen’s trip"), the agent ("a visit by
  the Russian minister", "a visit he made") or the subject of a verb ("X is due to
  arrive"); the destination follows "to", "in" or the verb ("visit Myanmar");
* meetings: "X met (with) Y", "X’s meeting with Y", "talks between X and Y",
  "X would hold talks with Y"; the organising bloc precedes or follows a summit
  ("an emergency summit of ASEAN", "the ASEAN Foreign Ministers’ Retreat"); those who
  attend are subjects of "attend", "sit during", "send a representative to";
* coups: who seized power ("the military seized power", "..., who overthrew") and whom
  they ousted ("overthrew X’s elected government");
* sentences: who was sentenced ("X was sentenced", "X, who was found guilty"), and
  reductions of a sentence ("her four-year jail sentence", "a sentence that X cut");
* lectures and news conferences: who spoke, who organised; protests and elections: where.

A date belongs to the trigger it follows closely ("meeting Friday with", "coup on 1
February 2021", "sentenced in December"), precedes in the same noun phrase ("a January
visit"), or opens the sentence ("On Tuesday, X met Y"). Dates after "since", "until",
"before" and "after" are bounds, not the event's date. A trigger after "prevented
from", "without", "not be allowed to" or "postpone" reports something that did not
happen and is skipped. Events described relative to another ("10 days before the coup")
keep the reference for events.py to resolve.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg import rdf
from kg.extract import slots, timex
from kg.extract.event_slots import ACTOR_TYPES, FILLERS, _main_state, _military_state, _places
from kg.extract.slots import Actor, ORG_TYPES, PLACE_TYPES
from kg.extract.timex import TimeExpression
from kg.model import Document, Mention, Span



@dataclass(frozen=True)
class Trigger:
    cls: str  # akg class
    family: str  # identity family (kg.events_merge)
    code: str  # akc event code
    pattern: re.Pattern


def _t(cls: str, family: str, code: str, pattern: str) -> Trigger:
    return Trigger(cls, family, code, re.compile(pattern, re.I))


TRIGGERS = (
    _t("PressConference", "press-conference", "CONSULT",
       r"\b(?:news|press)\s+(?:conference|briefing)\b|\b(?:told|briefed)\s+(?:reporters|journalists)\b"),
    _t("Summit", "meeting", "CONSULT", r"\bsummits?\b"),
    _t("Retreat", "meeting", "CONSULT",
       r"\bRetreat\b|\bretreat(?=\s+meeting)|(?:(?<=\bthe\s)|(?<=\btheir\s)|(?<=\bits\s)|(?<=\bannual\s)|(?<=\binformal\s)"
       r"|(?<=\bministerial\s))retreat\b"),
    _t("Conference", "meeting", "CONSULT", r"\bconferences?\b"),
    _t("Meeting", "meeting", "CONSULT",
       r"\b(?:met|meets?|meetings?|talks|workshop)\b|\b(?:sat|sit|sits|sitting)\s+down\s+with\b|\b(?:gathered|convened)(?=\s+in\b)"
       r"|\bsummon(?:s|ed)?(?=\s[^.;]{0,60}?\bto\s+[A-Z])"),  # 'summoned X to Jakarta': a meeting there
    _t("Visit", "visit", "CONSULT", r"\b(?:visit(?:s|ed|ing)?|trip|journey|tour)\b"),
    _t("Visit", "visit", "CONSULT", r"\barriv(?:e|es|ed|ing|al)\s+(?:in|at|to)\b|\b(?:fl(?:ew|ies|y|ying)|travel(?:l?ed|s|l?ing)?)\s+(?:to|into)\b"),
    _t("Coup", "coup", "SEIZE",
       r"\bcoup\b|\b(?:seiz(?:e|ed|es|ing)|t(?:ook|aking|akes?)|grabb?(?:ed|ing)?)\s+(?:the\s+)?power\b|\btakeover\b"
       r"|\boverthr(?:ew|own|ow)\b|\bousted\b|\bdeposed\b"),
    _t("Sentencing", "sentence-reduction", "RETREAT",
       r"\b(?:cut|reduced|commuted|halved|lowered)\b(?=[^.;]{0,60}\bsentence)|\bsentence\b(?=[^.;]{0,50}\b(?:cut|reduced|commuted|halved))"),
    _t("Sentencing", "sentencing", "SANCTION", r"\bsentenced\b|\bfound\s+guilty\b|\bconvicted\b|\bverdicts?\b"),
    _t("Lecture", "lecture", "CONSULT", r"\blectures?\b"),
    _t("Protest", "protest", "PROTEST", r"\bprotests?\b|\bdemonstrations\b|\b(?:marched|rallied)\b|\btook\s+to\s+the\s+streets\b"),
    _t("Election", "election", "CONSULT", r"\belections?\b|\bre-elected\b"),
)
VERB_FORMS = re.compile(
    r"^(?:met|meet|meets|visited|visits|arriv(?!al)\w*\s+\w+|fl\w+\s+\w+|travel\w*\s+\w+|(?:sat|sit|sits|sitting)\s+down\s+with"
    r"|gathered|convened|told\s+\w+|briefed\s+\w+|seiz\w+\s+(?:the\s+)?power|t(?:ook|aking|akes?)\s+(?:the\s+)?power|grab\w*\s+(?:the\s+)?power"
    r"|overthrew|overthrown|overthrow|ousted|deposed|sentenced|found\s+guilty|convicted|re-elected|cut|reduced|commuted|halved|lowered"
    r"|summon|summons|summoned)$",
    re.I,
)
VERB_BEFORE = re.compile(r"\b(?:to|will|would|could|should|shall|not|never|did|also)\s+$", re.I)
DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their)\s+(?:[\w’'\-]+\s+){0,3}$", re.I)
# Words before a trigger that say the event did not (or will not) take place.
NEGATED = re.compile(
    r"(?:prevented|barred|blocked|banned|kept|stopped)\s+from\s+(?:\w+\s+){0,2}$|\bshut\s+(?:[\w\-]+\s+){1,4}out\s+of\s+(?:its\s+|the\s+|their\s+)?(?:[\w\-]+\s+){0,2}$|\bwithout\s+$|\bnot\s+be\s+allowed\s+to\s+$"
    r"|\bnot\s+allowed\s+to\s+$|\b(?:postpone|postponed|cancel|cancelled|canceled|called\s+off)\s+(?:a|an|the|this|their)\s+$"
    r"|\brefused\s+to\s+$|\bno\s+$|\bnever\s+$|\b(?:deny|denied)\s+\w+(?:\s+\w+){0,3}\s+from\s+(?:participating\s+in\s+|attending\s+)?(?:\w+\s+){0,4}$",
    re.I,
)
BOUND_BEFORE = re.compile(r"\b(?:since|until|till|before|after|by|from|between|for\s+the\s+first\s+time\s+since)\s+(?:the\s+)?$", re.I)
RELATIVE_DATE = re.compile(
    r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>days?|weeks?|months?)\s+"
    r"(?P<dir>before|after)\s+the\s+(?P<anchor>\w+)", re.I)
DURATION = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)[-\s](?P<unit>day|hour|week)\b", re.I)
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# Verbs that start another clause between a trigger and a date ('the visit went unanswered Wednesday').
FINITE_VERBS = r"\b(?:was|were|is|are|went|said|says|told|has|have|had|will|would|did|called|urged)\b"
ADOPTION = re.compile(r"\b(?:agreed\s+(?:on|to)|adopted|signed|reached|endorsed|accepted|agreed)\s+(?:[\w’'\-]+\s+){0,3}$", re.I)
ADOPTED_AFTER = re.compile(r"^,?\s*(?:which\s+was\s+|that\s+was\s+|they\s+)?(?:adopted|agreed|reached|signed|endorsed)\b(?!\s+(?:to|that)\b)", re.I)


@dataclass
class Candidate:
    """One mention of an event in one sentence, with what the sentence says about it."""

    cls: str
    family: str
    code: str
    trigger: Span
    sentence: Span
    order: int
    verb: bool = False
    definite: bool = False
    plural: bool = False
    participants: list[tuple[Actor, str]] = field(default_factory=list)  # (actor, participant role or '')
    represents: dict[str, str] = field(default_factory=dict)  # actor id -> state id
    places: list[Actor] = field(default_factory=list)
    date: TimeExpression | None = None
    date_is_start: bool = False  # an arrival dates the start of a visit only
    relative: tuple[int, str, str, Span] | None = None  # (signed days/weeks/months, unit, anchor word, span)
    duration: tuple[str, Span] | None = None  # ISO 8601 duration, span
    agreement: Mention | None = None  # the agreement this event adopted
    within: "Candidate | None" = None  # the event this one took place during (a meeting during a visit)
    cause: "Candidate | None" = None  # the event this one followed from ('sparked protests', 'protests against the coup')
    absent_subject: bool = False  # 'barred from attending X': X took place without the clause's subject
    purpose: "Candidate | None" = None  # the event a visit was made to attend
    words: str = ""  # the trigger phrase as printed, for labels

    def actors(self, role: str | None = None) -> list[Actor]:
        return [a for a, r in self.participants if role is None or r == role]

    def add(self, actor: Actor, role: str) -> None:
        if not any(a.entity == actor.entity for a, _ in self.participants):
            self.participants.append((actor, role))

    def evidence(self) -> Span:
        """The smallest span holding the trigger and everything the candidate states."""
        spans = [self.trigger] + [a.span for a, _ in self.participants] + [p.span for p in self.places]
        spans += [s for s in (self.date.span if self.date else None, self.relative[3] if self.relative else None,
                              self.duration[1] if self.duration else None, self.agreement.span if self.agreement else None) if s]
        return Span(min(s.start for s in spans), max(s.end for s in spans))


def find_candidates(doc: Document) -> list[Candidate]:
    """Every event mention of the document, in text order."""
    out: list[Candidate] = []
    for sentence in doc.sentences:
        out += sentence_candidates(doc, sentence.span, len(out))
    publisher = rdf.slug(doc.article.outlet)
    for c in out:  # the outlet reports the event ('Jan 7 (Meridian Wire) - X met Y'); it never takes part
        c.participants = [(a, r) for a, r in c.participants if a.entity != publisher]
    return out


def sentence_candidates(doc: Document, sentence: Span, order: int = 0) -> list[Candidate]:
    """The event mentions of one sentence, slots filled."""
    text = doc.text
    found: list[Candidate] = []
    taken: list[Span] = []
    for trig in TRIGGERS:
        for m in trig.pattern.finditer(text, sentence.start, sentence.end):
            span = Span(m.start(), m.end())
            if any(s.start < span.end and span.start < s.end for s in taken) or _inside_name(doc, span):
                continue
            if trig.cls == "Meeting" and re.search(r"(?:Retreat|retreat|summit|conference)\s+$", text[sentence.start : m.start()]):
                continue  # 'retreat meeting': one event, named by its more specific word
            taken.append(span)
            before = text[max(sentence.start, m.start() - 80) : m.start()]
            negated = NEGATED.search(before)
            absent = bool(negated) and bool(re.search(r"\b(?:attend|attending|participating|participate|shut)\b", negated.group(0)))
            if negated and not absent:
                continue  # the meeting or visit did not take place
            word = m.group(0)
            c = Candidate(trig.cls, trig.family, trig.code, span, sentence, order + len(found), words=word)
            c.absent_subject = absent
            c.verb = bool(VERB_FORMS.match(word)) or (bool(VERB_BEFORE.search(before)) and not word.lower().endswith("s"))
            c.definite = not c.verb and bool(DEFINITE.search(before)) and not slots.possessor(doc, m.start())
            c.plural = not c.verb and word.lower().endswith("s") and word.lower() not in ("talks", "verdicts")
            found.append(c)
    found.sort(key=lambda c: c.trigger)
    for i, c in enumerate(found):
        c.order = order + i
        FILLERS[c.family](doc, c)
        _attach_date(doc, c, found)
        _relative_and_duration(doc, c, found)
        if c.family in ("coup", "protest") and c.date and not c.places and not c.actors():
            # 'the coup in February 2021', 'protesters marched on Sunday': a coup is where the military is
            c.places += (_military_state(doc, c.trigger) if c.family == "coup" else []) or _main_state(doc, c.trigger)
    _link_within_sentence(doc, found)
    for adoption in adoption_candidates(doc, sentence, order + len(found)):
        host = next((c for c in found if c.family == "meeting" and c.agreement is None), None)
        if host is None:
            if adoption.date:  # an undated signing is not evidence of an event
                found.append(adoption)
            continue
        host.agreement = adoption.agreement
        for a, role in adoption.participants:
            host.add(a, role)
        host.code = "AGREE"  # this mention reports the agreeing
    return [c for c in found if _informative(c)]


def _inside_name(doc: Document, span: Span) -> bool:
    """A trigger word inside a mention ('the ASEAN Foreign Ministers’ Retreat' is not, 'Friday wives' is)."""
    return any(m.span.start <= span.start and span.end <= m.span.end for m in doc.mentions)


def _informative(c: Candidate) -> bool:
    """Keep mentions that say who, where or when, or point back to an event already described."""
    if c.plural and not c.date and c.family not in ("protest", "election", "sentencing"):
        return False  # 'ASEAN meetings', 'summits': events in general
    if c.family in ("protest",) and not (c.places or c.date or c.cause):
        return False
    return bool(c.participants or c.places or c.date or c.relative or c.definite or c.agreement or c.cause)


# ------------------------------------------------------------------ dates, durations, relations

def _attach_date(doc: Document, c: Candidate, sentence_candidates: list[Candidate]) -> None:
    """Give ``c`` the date expression that belongs to it, if the sentence has one."""
    text = doc.text
    expressions = timex.find(text, c.sentence.start, c.sentence.end, doc.published)
    triggers = [o.trigger for o in sentence_candidates if o is not c]
    for e in expressions:
        if BOUND_BEFORE.search(text[max(c.sentence.start, e.span.start - 40) : e.span.start]):
            continue
        after = 0 <= e.span.start - c.trigger.end <= 80
        between = text[c.trigger.end : e.span.start] if after else text[e.span.end : c.trigger.start]
        if after and not re.search(r"[;.!?]|,\s*(?:who|which|that)\b|\bwho\b|" + FINITE_VERBS, between) \
                and not any(c.trigger.end <= s.start < e.span.start for s in triggers):
            c.date = e
            return
        adjacent = 0 <= c.trigger.start - e.span.end <= 20 and re.fullmatch(r"[\s\w\-’']*", between) \
            and not any(e.span.end <= s.start < c.trigger.start for s in triggers)
        if adjacent and not re.search(r"\b(?:was|were|is|are|has|have|had)\b", between):
            c.date = e
            return
    undated = [o for o in sentence_candidates if o.date is None and not _reference_point(text, o)]
    if expressions and undated and c is undated[0]:
        first = expressions[0]
        opener = text[c.sentence.start : first.span.start]
        if re.fullmatch(r"\s*(?:On|In|Last|Earlier|By)?\s*", opener, re.I) and first.span.end < c.trigger.start \
                and not any(o.date is first for o in sentence_candidates):
            c.date = first


def _reference_point(text: str, c: Candidate) -> bool:
    """'In April, twelve weeks after the coup': the coup dates the sentence, the sentence does not date it."""
    return bool(re.search(r"\b(?:after|before|since|following)\s+(?:the|this|that|its|his|her|their)\s+(?:[\w’'\-]+\s+){0,2}$",
                          text[c.sentence.start : c.trigger.start], re.I))


def _relative_and_duration(doc: Document, c: Candidate, sentence_candidates: list[Candidate]) -> None:
    text = doc.text
    m = RELATIVE_DATE.search(text, c.trigger.end, min(c.sentence.end, c.trigger.end + 80))
    if m and not any(c.trigger.end <= o.trigger.start < m.start() for o in sentence_candidates if o is not c):
        n = m.group("n").lower()
        amount = int(n) if n.isdigit() else NUMBER_WORDS[n]
        sign = -1 if m.group("dir").lower() == "before" else 1
        c.relative = (sign * amount, m.group("unit").lower().rstrip("s"), m.group("anchor").lower(), Span(m.start(), m.end()))
    d = DURATION.search(text, max(c.sentence.start, c.trigger.start - 40), c.trigger.start)
    if d and re.fullmatch(r"[\s\w\-]*", text[d.end() : c.trigger.start]):
        n = d.group("n").lower()
        amount = int(n) if n.isdigit() else NUMBER_WORDS[n]
        unit = d.group("unit").lower()
        iso = f"PT{amount}H" if unit == "hour" else f"P{amount}{'W' if unit == 'week' else 'D'}"
        c.duration = (iso, Span(d.start(), d.end()))


def _link_within_sentence(doc: Document, found: list[Candidate]) -> None:
    """'met during a January visit', 'arrived ... to attend a conference', 'a sentence that X cut',
    'the meeting sparked protests', 'protests against the coup'."""
    text = doc.text
    for i, c in enumerate(found):
        if c.family == "sentence-reduction" and not c.actors("subject"):
            earlier = [o for o in found[:i] if o.family == "sentencing" and o.actors("subject")]
            if earlier:
                c.add(earlier[-1].actors("subject")[0], "subject")
        if c.family == "protest":
            before = [o for o in found[:i] if o.family != "protest"
                      and re.search(r"\b(?:sparked|provoked|triggered|prompted|led\s+to)\s+(?:[\w\-]+\s+){0,3}$", text[o.trigger.end : c.trigger.start])]
            after = [o for o in found[i + 1 :] if re.fullmatch(r"\s+(?:against|over)\s+(?:the|this|that|his|her)\s+", text[c.trigger.end : o.trigger.start])]
            c.cause = (before[:1] or after[:1] or [None])[0]  # the first: a sentence's subject comes first
        for o in found[i + 1 :]:
            gap = text[c.trigger.end : o.trigger.start]
            if c.family != "visit" and o.family == "visit" and re.search(r"\bduring\s+(?:a|an|the|his|her|this|that)\s+[\w\s’'\-]*$", gap):
                c.within = o
                if not c.date and o.date:
                    c.date = o.date
            between = [x for x in found if c.trigger.end <= x.trigger.start < o.trigger.start and x.family == "visit"]
            if c.family == "visit" and o.family in ("meeting", "press-conference", "lecture") and re.search(r"\bto\s+attend\b", gap) \
                    and not re.search(r"[.;]", gap) and not between:
                c.purpose = o
                for v in c.actors("visitor"):
                    if not o.actors() or all(r == "host" for _, r in o.participants):
                        o.add(v, "attendee")
                if not o.places:
                    o.places += [p for p in c.places if p.type != "State"] or c.places


def adoption_candidates(doc: Document, sentence: Span, order: int) -> list[Candidate]:
    """Events that are named only by the adoption of an agreement.

    "ASEAN’s five-point consensus, adopted in April 2021": an adoption is a meeting of the
    parties at that date; "Last April, ASEAN leaders ... agreed on a five-point roadmap": a
    meeting of leaders is a summit. The parties are the agreeing actors or the agreement’s
    possessor; 'including X' adds an attendee.
    """
    text = doc.text
    out: list[Candidate] = []
    for m in doc.mentions_in(sentence):
        if slots.entity_type(doc, m.entity) != "Agreement":
            continue
        before = text[max(sentence.start, m.span.start - 40) : m.span.start]
        agreed = ADOPTION.search(before)
        adopted_after = ADOPTED_AFTER.match(text[m.span.end : m.span.end + 30])
        if not (agreed or adopted_after):
            continue
        verb = Span(m.span.start - len(before) + agreed.start(), m.span.start - len(before) + agreed.end()) if agreed \
            else Span(m.span.end + adopted_after.start(), m.span.end + adopted_after.end())
        leaders = re.search(r"\bleaders\b", text[sentence.start : verb.start])
        c = Candidate("Summit" if leaders else "Meeting", "meeting", "AGREE", verb, sentence, order + len(out),
                      verb=True, words="summit" if leaders else "meeting")
        c.agreement = m
        if agreed:
            parties = slots.subjects(doc, sentence, verb.start)
        else:
            owner = slots.possessor(doc, m.span.start, max_words=3)
            parties = [owner] if owner else []
        for a in parties:
            if a.type in ACTOR_TYPES and a.entity != m.entity:
                c.add(a, "host" if a.type in ORG_TYPES else "attendee")
        including = re.search(r",?\s*including\s+", text[sentence.start : verb.start])
        if including:
            start = sentence.start + including.end()
            for a in slots.mentions_between(doc, start, slots.phrase_end(text, start, verb.start)):
                c.add(a, "attendee")
        _attach_date(doc, c, [c])
        where = [a for a in slots.objects(doc, sentence, verb.end, ("in", "at"), reach=20) if a.type in PLACE_TYPES]
        c.places += _places(where)
        if agreed and re.search(r"\b(?:that|this|the)\s+summit\b", text[sentence.start : verb.start]):
            c.definite, c.cls = True, "Summit"
        out.append(c)
    return out
