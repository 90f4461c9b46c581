"""Find the date expressions of a stretch of article text, with their spans and resolved dates.

kg.dates resolves one expression; this module finds where expressions are in running
text, picks the longest reading where patterns overlap ("last April", not "April"),
decides the tense each is read in (a sentence that says "is due to", "will" or "is set
to" before the date looks forward), and skips words that look like dates but name
something else ("Friday wives", "every Monday").
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg import dates
from kg.dates import DateValue
from kg.model import Span

# More forms than kg.dates knows, tried first.
_END_OF = re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+year\b|\b(?:the\s+)?end\s+of\s+(?P<year>(?:19|20)\d{2})\b", re.I)
_THIS_PERIOD = re.compile(r"\b(?:this|that)\s+(?:week|month|year)\b", re.I)
_MONTH_WORDS = "|".join(sorted(dates.MONTHS, key=len, reverse=True))
# Day ranges with a word between the days: 'from 7 to 8 January', '22 and 23 June 2021', 'June 22 to 24'
_RANGE = re.compile(
    rf"(?:\bfrom\s+)?\b(?P<day>\d{{1,2}})\s+(?:to|and|until|through)\s+(?P<day2>\d{{1,2}})\s+(?P<month>{_MONTH_WORDS})\.?(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?"
    rf"|(?:\bfrom\s+)?\b(?P<month_b>{_MONTH_WORDS})\.?\s+(?P<day_b>\d{{1,2}})\s+(?:to|and|until|through)\s+(?P<day2_b>\d{{1,2}})(?:,?\s+(?P<year_b>(?:19|20)\d{{2}}))?",
    re.I,
)

# Tense markers: the nearest one before a date (after it, for a date that opens the
# sentence) decides whether a bare "Friday" or "June 30" looks back or forward.
FUTURE_CUES = re.compile(
    r"\b(?:is|are|was|were)\s+(?:due|set|scheduled|expected|slated|going)\s+to\b|\bwill\b|\bshall\b|\bprepares?\s+to\b"
    r"|\bpreparing\s+to\b|\bplans?\s+to\b|\bwould\b|\b(?:is|are)\s+to\b|\bupcoming\b|\b(?:could|may|might)\b(?!\s+(?:not\s+)?have\b)",
    re.I,
)
PAST_CUES = re.compile(
    r"(?<!\bbe )(?<!\bbeen )\b(?:was|were|had|has|have|did|said|told|met|made|took|held|led|sent|found|gave|came|went|saw|left|began|"
    r"[a-z]+ed)\b",
    re.I,
)
FULL_MONTHS = {m.lower() for m in calendar.month_name if m}
_LOWERCASE_OK = {"last", "this", "next", "earlier", "later", "early", "mid", "late", "today", "yesterday", "tomorrow"}


@dataclass(frozen=True)
class TimeExpression:
    """A date expression in the text and what it means."""

    span: Span
    value: DateValue
    kind: str  # the kg.dates pattern name, or 'end_of_year'


def _candidates(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), "end_of_year") for m in _END_OF.finditer(text, start, end)]
    found += [(m.start(), m.end(), "this_period") for m in _THIS_PERIOD.finditer(text, start, end)]
    found += [(m.start(), m.end(), "range") for m in _RANGE.finditer(text, start, end)]
    for kind, pattern in dates.PATTERNS:
        found += [(m.start(), m.end(), kind) for m in pattern.finditer(text, start, end)]
    return found


def _not_a_date(text: str, start: int, end: int, kind: str) -> bool:
    """Words that match a date pattern but are not one here."""
    word = text[start:end]
    if kind == "month" and len(word) <= 4 and not word.endswith("."):
        return True  # a bare 'Mar' or 'Dec' is a name ('Zin Mar Aung') or a word, never a date alone
    if kind in ("month", "weekday", "last_month_name", "month_year", "month_day") and word.split()[0].lower() not in _LOWERCASE_OK:
        first = word.split()[0]
        if not first[0].isupper():  # 'may', 'march': verbs, not months
            return True
    before = text[max(0, start - 30) : start]
    if kind == "weekday":
        if re.search(r"[“\"‘']\s*$", before) or re.search(r"\b(?:every|each|weekly)\b", before, re.I):
            return True
    return False


def is_future(text: str, start: int, end: int, at: int) -> bool:
    """Whether the date at offset ``at`` of the sentence ``text[start:end]`` is read forward in time.

    The nearest tense marker to its left decides ("is due to arrive on Friday", "who was
    sentenced in December"); a date before any marker looks right ("On June 30, the
    court will announce").

    >>> t = "On June 30, the court will announce verdicts."
    >>> is_future(t, 0, len(t), 3)
    True
    """
    markers = [(m.start(), True) for m in FUTURE_CUES.finditer(text, start, at)]
    markers += [(m.start(), False) for m in PAST_CUES.finditer(text, start, at)]
    if markers:
        return max(markers)[1]
    after = [(m.start(), True) for m in FUTURE_CUES.finditer(text, at, end)]
    after += [(m.start(), False) for m in PAST_CUES.finditer(text, at, end)]
    return min(after)[1] if after else False


def find(text: str, start: int, end: int, published: dt.date) -> list[TimeExpression]:
    """The date expressions in the sentence ``text[start:end]``, longest first where they overlap, in text order.

    Each is read in the tense of the verb nearest to it (see is_future).

    >>> t = "Hun Sen is due to arrive on Friday, after talks last April."
    >>> [(t[e.span.start:e.span.end], e.value.iso()) for e in find(t, 0, len(t), dt.date(2022, 1, 6))]
    [('Friday', '2022-01-07'), ('last April', '2021-04')]
    """
    chosen: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(_candidates(text, start, end), key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(s < ce and cs < e for cs, ce, _ in chosen) or _not_a_date(text, s, e, kind):
            continue
        chosen.append((s, e, kind))
    out: list[TimeExpression] = []
    for s, e, kind in sorted(chosen):
        last = re.search(r"(\w+)\.$", text[s:e])
        if last and (last.group(1).lower() in FULL_MONTHS or not re.fullmatch(r"[A-Z][a-z]{2,3}", last.group(1))):
            e -= 1  # the full stop of the sentence, not of an abbreviation ('Jan.')
        future = is_future(text, start, end, s)
        value = _resolve(text[s:e], kind, published, future)
        if value is not None:
            out.append(TimeExpression(Span(s, e), value, kind))
    return out


def _resolve(expression: str, kind: str, published: dt.date, future: bool) -> DateValue | None:
    if kind == "end_of_year":
        m = _END_OF.search(expression)
        year = int(m.group("year")) if m and m.group("year") else published.year
        return dates.day(dt.date(year, 12, 31))
    if kind == "range":
        m = _RANGE.search(expression)
        g = {k.removesuffix("_b"): v for k, v in m.groupdict().items() if v}
        month = dates.MONTHS[g["month"].lower()]
        year = int(g["year"]) if g.get("year") else dates._day_near(month, int(g["day"]), published, future).year
        return DateValue(dt.date(year, month, int(g["day"])), dt.date(year, month, int(g["day2"])), "day")
    if kind == "this_period":
        return dates.resolve(re.sub(r"^that", "this", expression, flags=re.I), published, future)
    if kind == "year" and future is False:
        return dates.resolve(expression, published, False)
    return dates.resolve(expression, published, future)


def shift(value: DateValue, amount: int, unit: str) -> DateValue:
    """A date moved by ``amount`` days, weeks or months ('10 days before' the coup is shift(coup, -10, 'day')).

    >>> shift(dates.day(dt.date(2021, 2, 1)), -10, "day").iso()
    '2021-01-22'
    """
    if unit.startswith("week"):
        amount, unit = amount * 7, "day"
    if unit.startswith("day"):
        delta = dt.timedelta(days=amount)
        return DateValue(value.earliest + delta, value.latest + delta, value.precision)
    if unit.startswith("month"):
        def move(d: dt.date) -> dt.date:
            y, m = divmod(d.year * 12 + d.month - 1 + amount, 12)
            return dates.whole_month(y, m + 1).earliest
        return dates.whole_month(move(value.earliest).year, move(value.earliest).month)
    return value
