"""Find the speech cues of a text: a speech verb, the phrase naming its speaker, and what it frames.

News copy attributes speech in a few orders, all read here:

* subject first: ``Foreign Minister Prak Sokhonn told reporters that <content>``;
* content first: ``<content>, Am Sam Ath said.`` and, inverted, ``<content>, said Prak Sokhonn.``;
* a tag after a quotation: ``“…,” he said.`` (the cue has no content of its own);
* a source: ``According to the United Nations, <content>``, ``<content>, according to X.``;
* a participle or a second verb that shares the subject: ``…, adding that <content>``,
  ``X noted that … and suggested that <content>`` (the cue's ``phrase`` is None).

The speaker phrase is found by grammar, never by a list of names: the noun phrase right
before the verb, or after an inverted one; appositives ('Thein Tun Oo, the executive
director of …, told') and leading clauses ('Asked why …, X told') are stepped over. Which
actor the phrase names is ``speakers``'s job. Quoted words are masked first, so a verb
inside a quotation is never a cue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract.lexicon import INVERTIBLE, LEMMAS, NEED_CLAUSE, TO_VERB
from kg.extract.quotes import Quotation
from kg.model import Span
from kg.sentences import split_sentences

_FORMS = sorted(LEMMAS, key=len, reverse=True)
_VERB = re.compile(
    r"(?<![\w’'-])(?P<verb>(?:was|were)\s+(?:cited|quoted)\s+as\s+saying|according\s+to|"
    r"by\s+the\s+(?:count|tally|estimate|reckoning|figures)\s+of|"
    r"call(?:ed|s)?(?=\s+(?:[\w’'.-]+\s+){0,3}[“\"‘«„])|"
    + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in _FORMS)
    + r")(?![\w’'-])",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:[a-z]+ly\s+)?$", re.I)
# Verbs followed by whom they were said to: 'told reporters that', 'informed the Prime Minister that'.
HEARER_VERBS = {"tell", "informed", "assured", "reminded", "briefed", "notified"}
_NEGATED = re.compile(r"(?:\bnot|n[’']t|\bnever|\bdeclined\s+to|\brefused\s+to|\bwould\s+not)\s+$", re.I)
_MODAL = re.compile(r"(?:^|\s)(?:to|will|would|could|may|might|should|must|can|cannot)\s+(?:[a-z]+ly\s+)?$", re.I)

WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
DATE_PHRASE = re.compile(
    rf"(?:\b(?:on|last|this|earlier|late|early)\s+)?(?:\b{WEEKDAY}\b(?:’s|'s)?|\b{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    rf"|\b\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?|\b(?:earlier|later|last|this)\s+(?:this\s+)?(?:week|month|year)\b"
    r"|\byesterday\b|\btoday\b)"
)
_ADVERB = r"(?:also|has|have|had|later|then|again|previously|repeatedly|further|earlier|recently|once|already|only|just|[a-z]+ly)"
_PRE_VERB_TAIL = re.compile(rf"(?:\s+(?:{_ADVERB}|{DATE_PHRASE.pattern}))+\s*$")
_PREPOSITION = r"(?:in|at|on|during|after|before|from|following|upon|while|when|via|through|without|over|in\s+a)"
_LEADING_CLAUSE = re.compile(
    r"^(?:asked|speaking|in|at|on|after|before|when|while|despite|following|as|since|if|although|though|because|"
    r"according|for|during|with|without|by|last|this|however|but|and|meanwhile|yet|so|instead|it|there)\b", re.I)
_RELATIVE = re.compile(r"^(?:who|which|whose|whom)\b")
_DESCRIPTION = re.compile(r"^(?:the|a|an|one|another|its|his|her|their|those|these|[a-z][\w’'-]*)\b")
# Words after which a new clause (and so a new subject) starts.
_CLAUSE_BREAK = re.compile(r"(?:(?<![\w’'-])(?:and|but|although|though|while|because|whereas|or|that|what|why|how|where|if"
                           r"|[Tt]hat\s+means|means|meant|believes?|thinks?|hopes?|knows?|is|was|are|were)"
                           r"|[”\"»“](?=\s)|(?<=x)[’'](?=\s)|[:;])\s+")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|could|should|can|may|that|who|which)\b")
_FINITE_CLAUSE = re.compile(r"^(?!to\b)(?:(?!that\b|which\b|who\b)[\w’'-]+\s+){1,6}?(?:is|are|was|were|has|have|had|will|would|could|can|should|must|may|might)\b")
_NON_CONTENT = re.compile(r"^(?:adding|blaming|saying|noting|citing|though|although|while)\b")


@dataclass(frozen=True)
class Cue:
    """One speech verb and what it frames.

    ``phrase`` is the speaker as printed, or None when the subject is shared with the cue
    before it ('…, adding that …'); ``content`` the reported words, or None for a tag after
    a quotation; ``frame`` the attribution's own words (speaker, verb, hearer, when, how),
    which never overlap the content. ``order`` is 'subject', 'tail' or 'according'.
    """

    verb: Span
    lemma: str
    phrase: Span | None
    content: Span | None
    frame: Span
    unit: Span
    order: str
    addressee: Span | None = None
    colon: bool = False  # the frame ends with ':' and introduces the quotation after it
    shares: str = ""  # 'participle' or 'coordinated' when the subject is the cue's before


def mask(text: str, quotations: list[Quotation]) -> str:
    """``text`` with every quoted character blanked to 'x' (same length); marks stay.

    >>> t = "He said “we left, they said” today."
    >>> from kg.extract.quotes import find_quotations
    >>> mask(t, find_quotations(t))
    'He said “xx xxxxx xxxx xxxx” today.'
    """
    chars = list(text)
    for q in quotations:
        for part in q.parts:
            for i in range(part.start, part.end):
                if not chars[i].isspace():
                    chars[i] = "x"
    return "".join(chars)


def units(text: str, quotations: list[Quotation]) -> list[Span]:
    """Sentences that never cut a quotation, joined across a paragraph broken mid-sentence.

    A paragraph that starts in lowercase after one that ends without a stop continues
    the same sentence ('… a much-needed support\\n\\nto those who …').
    """
    quoted = [m for q in quotations for m in q.marked]
    merged: list[Span] = []
    for s in split_sentences(text):
        span = s.span
        if merged and _joins(text, merged[-1], span, quoted):
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def _joins(text: str, prev: Span, span: Span, quoted: list[Span]) -> bool:
    if any(q.start < prev.end and span.start < q.end - 1 and prev.end < q.end for q in quoted):
        return True
    gap = text[prev.end : span.start]
    return "\n" in gap and text[span.start].islower() and text[prev.end - 1] not in ".!?:”\"’"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:\n\t\u00a0":
        start += 1
    while end > start and text[end - 1] in " ,;:\n\t\u00a0—–-":
        end -= 1
    return start, end


def _chunks(masked: str, start: int, end: int, names: list[Span]) -> list[tuple[int, int]]:
    """``start:end`` split at commas and dashes that no name spans, each trimmed."""
    cuts = [start]
    for m in re.finditer(r",|\s[—–-]\s|[—–]", masked[start:end]):
        at = start + m.start()
        if not any(n.start <= at < n.end for n in names):
            cuts += [at, start + m.end()]
    cuts.append(end)
    return [c for c in (_trim(masked, a, b) for a, b in zip(cuts[::2], cuts[1::2])) if c[1] > c[0]]


def _starts_name(masked: str, at: int, names: list[Span]) -> bool:
    return any(n.start == at or (0 < n.start - at <= 4 and masked[at : n.start].lower() == "the ") for n in names)


def subject_before(masked: str, left: int, verb_start: int, names: list[Span], breaks: tuple[int, ...] = ()) -> Span | None:
    """The speaker phrase that ends right before the verb at ``verb_start``.

    ``names`` are the mention spans (a comma inside a name never splits it); ``breaks``
    are offsets where an earlier clause ends (after another speech verb). A phrase right
    before the verb is the subject ('Critics have said'); after a comma the subject is
    the name that the appositives describe ('X, the director of …, said').
    """
    end = left + len(_PRE_VERB_TAIL.sub("", masked[left:verb_start]))
    chunks = _chunks(masked, left, end, names)
    if not chunks:
        return None
    last = chunks[-1]
    if not re.match(r"\s*[,—–]", masked[last[1] : verb_start]):
        start = max([last[0]] + [b for b in breaks if last[0] <= b < last[1]])
        for m in _CLAUSE_BREAK.finditer(masked, start, last[1]):
            if not any(n.start <= m.start() < n.end for n in names):
                start = m.end()
        adverb = re.match(r"(?:There|Then|Later|Now|Also|Earlier|Still|So|Here|Yet)\s+", masked[start : last[1]])
        start += adverb.end() if adverb else 0
        return Span(start, last[1]) if start < last[1] else None
    run_start = None  # the leftmost chunk of the noun phrases before the verb
    for i in range(len(chunks) - 1, -1, -1):
        a, b = chunks[i]
        words = masked[a:b]
        if i > 0 and re.match(r"^[a-z]+ing\b", words):
            continue  # 'A senior official, speaking on condition of anonymity, said'
        if i > 0 and _LEADING_CLAUSE.match(words) and not re.match(r"^(?:it|there)\b", words, re.I):
            continue  # 'The junta, for its part, said'
        if i > 0 and _place_after_place(masked, chunks[i - 1], (a, b), names):
            continue  # '… meeting in Luang Prabang, Laos, said'
        breaks_in = [m for m in _CLAUSE_BREAK.finditer(masked, a, b) if not any(n.start <= m.start() < n.end for n in names)]
        relative = next((m for m in breaks_in if _subject_relative(masked, m)), None)
        inner = [m for m in breaks_in if relative is None or m.start() < relative.start()]
        head = masked[a : relative.start()] if relative else words  # 'a group … that keeps a tally': 'a group …'
        if inner and not _RELATIVE.match(words):
            return Span(inner[-1].end(), b) if inner[-1].end() < b else None  # '…, a point that a second official, …'
        if _LEADING_CLAUSE.match(words) or _FINITE.search(head) and not _RELATIVE.match(words) and not _starts_name(masked, a, names):
            break
        if _starts_name(masked, a, names):
            if (i >= 2 and any(n.start == a and n.end == b for n in names)
                    and _DESCRIPTION.match(masked[chunks[i - 1][0] : chunks[i - 1][1]])
                    and _starts_name(masked, chunks[i - 2][0], names)):
                return Span(*chunks[i - 2])  # 'N0, the wife of another activist, N1, said': N0
            return Span(a, b)
        if not (_DESCRIPTION.match(words) or _RELATIVE.match(words)):
            return Span(a, b)
        if not _RELATIVE.match(words):
            run_start = Span(a, b)
    return run_start


_NOT_A_VERB = re.compile(r"(?:the|a|an|one|another|some|its|his|her|their|our|my|he|she|it|they|we|i|you|this|these|those|no|not)\b")


def _subject_relative(masked: str, m: re.Match) -> bool:
    """'that' opening a relative clause whose subject it is ('a group … that keeps a daily tally'):
    a verb follows, so the clause describes the phrase before it and names no new subject
    (unlike '… a point that a second official …')."""
    if masked[m.start() : m.end()].strip() != "that":
        return False
    after = re.match(r"[a-z][\w’'-]*", masked[m.end() :])
    return after is not None and not _NOT_A_VERB.fullmatch(after.group())


_PLACE_NAME = re.compile(r"^[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}$")


def _place_after_place(masked: str, prev: tuple[int, int], chunk: tuple[int, int], names: list[Span]) -> bool:
    """'Luang Prabang, Laos': a bare proper name after a chunk ending in a place preposition phrase."""
    words = masked[chunk[0] : chunk[1]]
    return bool(_PLACE_NAME.match(words)) and re.search(r"\b(?:in|at|from|near|of)\s+[A-Z][\w’' -]*$", masked[prev[0] : prev[1]]) is not None


def _opening_subject(masked: str, unit: Span, names: list[Span]) -> Span | None:
    """The name or description that opens a sentence ('Senior General Min Aung Hlaing thanked …')."""
    lead = DATELINE.match(masked[unit.start : unit.end])
    start = unit.start + (lead.end() if lead else 0)
    adverbial = re.match(r"[^,]{1,40},\s*", masked[start : unit.end])  # 'Three years ago today, '
    if adverbial and not any(start <= n.start < start + adverbial.end() for n in names):
        start += adverbial.end()
    for n in names:
        if start <= n.start and re.fullmatch(r"(?:(?:[A-Z][\w.’'-]*|the|of)\s+)*", masked[start : n.start]):
            return Span(start, n.end)
        if n.start > start + 60:
            break
    return None


def phrase_after(masked: str, start: int, end: int) -> Span | None:
    """The speaker phrase after an inverted verb: ', said Sai Kyi Zin Soe, a … researcher.'

    None when what follows is a clause ('…, said Min Aung Hlaing was extending …').
    """
    start, end = _trim(masked, start, end)
    if re.match(r"(?:\d|at least\b|more than\b|some\b|about\b|over\b|nearly\b)", masked[start:end]):
        return None  # '…, said at least 75,000 people had fled': a clause, not a speaker
    m = re.search(r",(?!\d)|\s[—–]\s|[—–(]|\s(?:adding|saying|blaming|noting|citing|on condition|at|in|during|after)\b"
                  r"|[.!?](?:\s|$)", masked[start:end])
    stop = _trim(masked, start, start + m.start() if m else end)[1]
    relative = re.search(r"\s(?:who|which)\s", masked[start:stop])
    head_end = start + relative.start() if relative else stop
    if relative:  # 'a senior diplomat who asked not to be named because …': keep the clause, not the reason
        reason = re.search(r"\s(?:because|since|as|so|when|after)\s", masked[head_end:stop])
        stop = head_end + reason.start() if reason else stop
    words = masked[start:head_end].split()
    if not words or len(words) > 10 or _FINITE.search(masked[start:head_end]):
        return None
    return Span(start, stop)


# Nouns of speech with their speaker and what they ask: 'a suggestion from Malaysia to keep …'.
NOMINAL = {"suggestion": "suggested", "proposal": "suggested", "call": "called for", "calls": "called for",
           "request": "urged", "demand": "demanded", "appeal": "appealed", "plea": "appealed",
           "warning": "warned", "pledge": "pledged", "promise": "pledged", "offer": "suggested"}
_NOMINAL = re.compile(
    r"(?<![\w-])(?P<noun>" + "|".join(NOMINAL) + r")\s+(?:from|by)\s+(?P<who>(?:the\s+)?[A-Z][^,;:.“\"]{0,60}?)"
    r"\s+to\s+(?P<what>[a-z][^,;:“\"]*?)(?=[,;:]|[.!?]?\s*$)"
)


def find_cues(text: str, quotations: list[Quotation], names: list[Span]) -> list[Cue]:
    """Every speech cue of ``text`` in order; ``names`` are the mention spans."""
    masked = mask(text, quotations)
    cues: list[Cue] = []
    for unit in units(text, quotations):
        in_unit: list[Cue] = []
        for m in _VERB.finditer(masked, unit.start, unit.end):
            cue = _cue(masked, unit, Span(m.start("verb"), m.end("verb")), names, in_unit)
            if cue is not None:
                in_unit.append(cue)
        for m in _NOMINAL.finditer(masked[: unit.end], unit.start):
            noun, who, what = (Span(m.start(g), m.end(g)) for g in ("noun", "who", "what"))
            in_unit.append(Cue(noun, NOMINAL[m.group("noun")], who, what, Span(noun.start, who.end), unit, "subject"))
        cues += sorted(in_unit, key=lambda c: c.verb.start)
    return cues


def _cue(masked: str, unit: Span, verb: Span, names: list[Span], before: list[Cue]) -> Cue | None:
    printed = re.sub(r"\s+", " ", verb.of(masked))
    word = printed.lower()
    if printed != word and (verb.start != unit.start or printed[1:] != word[1:]):
        return None  # 'Says' inside a headline, 'SAID' in a caption
    if any(n.start <= verb.start < n.end for n in names):
        return None
    if word == "according to" or word.startswith("by the "):
        return _according(masked, unit, verb)
    lemma = "say" if "as saying" in word else "called" if word in ("call", "calls") else LEMMAS.get(word, word)
    pre = masked[unit.start : verb.start]
    if "as saying" not in word and (_PASSIVE.search(pre) or (_MODAL.search(pre) and lemma not in ("say", "tell"))):
        return None
    if _NEGATED.search(pre):
        return None  # 'It did not say how …', 'declined to say': nothing is asserted
    participle = word.endswith("ing") and "as saying" not in word
    coordinated = re.search(r"(?:^|\s)(?:and|but)\s+(?:(?!(?:he|she|it|they|we|i)\s)[a-z]+\s+)?$", pre)
    if participle and before or coordinated and before:
        cue = _after_verb(masked, unit, verb, lemma, None, verb.start)
        return replace(cue, shares="participle" if participle else "coordinated") if cue else None
    if coordinated:  # 'The generals detained …, and promised to …': the subject opens the sentence
        opening = _opening_subject(masked, unit, names)
        return _after_verb(masked, unit, verb, lemma, opening, verb.start) if opening else None
    if participle:
        return None
    stripped = pre.rstrip(" \u00a0—–")
    dash_after_quote = re.search(r"x\s+[—–]\s*$", pre) is not None  # '«… ready further — said Shoygu' (no closing mark)
    if word in INVERTIBLE and (stripped.endswith((",", "”", '"', "’", "»", "“", ".")) or dash_after_quote) \
            and stripped.strip(" ,”\"’»“."):
        phrase = phrase_after(masked, verb.end, unit.end)
        if phrase is not None:
            closes_quote = re.search(r"[”\"’»“]\W*$", stripped) or re.search(r"x[.,]?$", stripped)
            content = None if closes_quote else _content_before(masked, unit.start, len(stripped) + unit.start)
            frame_end = _frame_end(masked, phrase.end, unit.end)
            return Cue(verb, lemma, phrase, content, Span(verb.start, frame_end), unit, "tail")
    phrase = subject_before(masked, unit.start, verb.start, names, tuple(c.verb.end for c in before))
    if phrase is None:
        return None
    return _after_verb(masked, unit, verb, lemma, phrase, phrase.start)


def _after_verb(masked: str, unit: Span, verb: Span, lemma: str, phrase: Span | None, frame_start: int) -> Cue | None:
    """Read what follows a verb: addressee, when and how, then the content or nothing (a tail)."""
    i, addressee = verb.end, None
    pronoun = re.match(r"\s+(me|us|him|her|them)\b", masked[i : unit.end])
    if lemma in HEARER_VERBS and pronoun:
        addressee = Span(i + pronoun.start(1), i + pronoun.end(1))
        i = addressee.end
    elif lemma in HEARER_VERBS:
        m = re.match(rf"\s+((?:(?!that\b|to\b|{_PREPOSITION}\s|{WEEKDAY}\b)[^\s,.;:“\"]+\s*){{1,6}}?)"
                     rf"(?=\s*(?:that\b|to\s|[,.;:]|$|{_PREPOSITION}\s|{WEEKDAY}|earlier|later|last))", masked[i : unit.end])
        if m:
            addressee = Span(i + m.start(1), i + m.start(1) + len(m.group(1).rstrip()))
            i = addressee.end
    i = _skip_adverbials(masked, i, unit.end)
    rest = masked[i : unit.end]
    m = re.match(r"\s*(?:(?P<that>that\b)|(?P<colon>:)|,(?!\s*(?:adding|blaming|saying|noting|citing|though|although|who|which)\b))?\s*", rest)
    start = i + m.end()
    if lemma in NEED_CLAUSE and not m.group("that") and not _FINITE_CLAUSE.match(masked[start : unit.end]) \
            and not (lemma in TO_VERB and re.match(r"to\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|their\b)[a-z]+", masked[start : unit.end])):
        return None
    after = _trim(masked, start, unit.end)
    trailing = masked[after[0] : after[1]].strip(" .!?")
    if trailing and re.fullmatch(r"[“”\"‘’x\s.,!?\u00a0]+", trailing):
        # the verb introduces the quotation that follows ('…, adding, “…”', 'said: “…”')
        return Cue(verb, lemma, phrase, None, Span(frame_start, _trim(masked, frame_start, start)[1]), unit,
                   "subject", addressee, True)
    if not trailing or _NON_CONTENT.match(trailing):
        if phrase is None:
            return None
        if m.group("colon"):  # 'X said:' ending its paragraph introduces the quotation below
            return Cue(verb, lemma, phrase, None, Span(frame_start, start), unit, "subject", addressee, True)
        content = _content_before(masked, unit.start, frame_start)
        frame = Span(frame_start, max(verb.end, _frame_end(masked, verb.end, unit.end)))
        return Cue(verb, lemma, phrase, content, frame, unit, "tail", addressee)
    content = _content_after(masked, start, unit.end)
    frame = Span(frame_start, _trim(masked, frame_start, start)[1] or verb.end)
    return Cue(verb, lemma, phrase, content, frame, unit, "subject", addressee, bool(m.group("colon")))


def _skip_adverbials(masked: str, i: int, end: int) -> int:
    """Step over 'on Wednesday', 'in a lecture earlier this week', 'after the meeting' after a verb."""
    while True:
        rest = masked[i:end]
        m = re.match(rf"\s*,?\s*(?:{_ADVERB}\b|{DATE_PHRASE.pattern})", rest)
        if m and not re.match(r"\s*that\b", rest):
            i += m.end()
            continue
        m = re.match(rf"\s*{_PREPOSITION}\s+(?:(?!that\b)[^,;:“\"])*?(?=\s+that\b|\s*[,;:]|\s*[.!?]?\s*$)", rest)
        if m and not re.match(r"\s*(?:at\s+(?:least|most)|in\s+all)\b", rest):  # 'said at least 75,000 people …': the content
            i += m.end()
            continue
        return i


def _according(masked: str, unit: Span, verb: Span) -> Cue | None:
    """'According to X, <content>' or '<content>, according to X.'"""
    if not masked[unit.start : verb.start].strip():
        m = re.search(r",\s", masked[verb.end : unit.end])
        if not m:
            return None
        phrase = Span(*_trim(masked, verb.end, verb.end + m.start()))
        content = _content_after(masked, verb.end + m.end(), unit.end)
        return Cue(verb, "according", phrase, content, Span(verb.start, phrase.end), unit, "according")
    a, b = _trim(masked, verb.end, unit.end)
    while b > a and masked[b - 1] in ".!?":
        b -= 1
    apposition = re.search(r",\s", masked[a:b])  # '… according to X, a Myanmar rights group' / ', who …'
    phrase_end = _trim(masked, a, a + apposition.start())[1] if apposition else b
    if phrase_end <= a:
        return None
    content = _content_before(masked, unit.start, verb.start)
    return Cue(verb, "according", Span(a, phrase_end), content, Span(verb.start, phrase_end), unit, "according")


DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .]+?)?\s+[–—-]+\s+")


def _content_before(masked: str, start: int, end: int) -> Span | None:
    """Words before a tail attribution, unless they are only a quotation (then the cue is a tag).

    A wire dateline ('PHNOM PENH, Cambodia – ') is not part of what was said.
    """
    dateline = DATELINE.match(masked[start:end])
    a, b = _trim(masked, start + (dateline.end() if dateline else 0), end)
    if b <= a or re.fullmatch(r"[“”\"‘’x\s.,!?\u00a0]+", masked[a:b]):
        return None
    return Span(a, b)


def _content_after(masked: str, start: int, end: int) -> Span | None:
    """The reported clause: to the end of the sentence, less a closing tag (', X reported.')."""
    a, b = _trim(masked, start, end)
    while b > a and masked[b - 1] in ".!?":
        b -= 1
    tag = re.search(r"[,”\"]\s+(?:the\s+)?[A-Z][\w’' .-]{0,60}\s(?:reported|said|added)\s*$|,\s+according\s+to\b.*$"
                    r"|,\s+(?:though|although|while)\b.*$|,\s+(?:adding|blaming|saying|noting)\b.*$", masked[a:b])
    if tag:
        b = _trim(masked, a, a + tag.start())[1]
    return Span(a, b) if b > a else None


def _frame_end(masked: str, start: int, unit_end: int) -> int:
    """End of the attribution after its verb: the sentence's end, a new quotation or ', adding'."""
    m = re.search(r"[“\"‘]|,\s+(?:adding|blaming|saying|noting|citing)\b", masked[start:unit_end])
    end = _trim(masked, start, start + m.start() if m else unit_end)[1]
    while end > start and masked[end - 1] in ".!?":
        end -= 1
    return end or start
