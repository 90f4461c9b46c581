"""Turn graph terms into what a reader sees: page URLs for IRIs, dates at their precision, fact rows with quotes.

Every IRI of the graph is ``https://w3id.org/aseankg/id/<kind>/<key>`` (kg.rdf); this
server answers for it at ``/id/<kind>/<key>`` and shows it on the page of its kind.
Kinds without a page of their own (figures, holdings, roles, outlets, runs) get the
generic resource page.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg import rdf

PAGE_KINDS = ("entity", "event", "agreement", "statement", "article", "evidence")
# The columns every panel query returns for a quote (see docs/pages.md, "Evidence columns").
EVIDENCE_COLUMNS = ("evidence", "quote", "start", "end", "article", "title", "outlet", "published")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_EVIDENCE_KEY = re.compile(r"(?P<article>[^/]+)/(?P<start>\d+)-(?P<end>\d+)")


def split_iri(iri: str | None) -> tuple[str, str] | None:
    """``(kind, key)`` of one of our IRIs, or None for anything else.

    >>> split_iri("https://w3id.org/aseankg/id/agreement/five-point-consensus/3")
    ('agreement', 'five-point-consensus/3')
    >>> split_iri("http://www.wikidata.org/entity/Q57788") is None
    True
    """
    if not iri or not iri.startswith(rdf.ID):
        return None
    kind, _, key = iri[len(rdf.ID):].partition("/")
    return (kind, key) if kind and key else None


def page_url(iri: str | None) -> str | None:
    """The page that shows ``iri``, or None when it is not one of ours.

    >>> page_url("https://w3id.org/aseankg/id/entity/hun-sen")
    '/entity/hun-sen'
    >>> page_url("https://w3id.org/aseankg/id/agreement/five-point-consensus/2")
    '/agreement/five-point-consensus#provision-2'
    >>> page_url("https://w3id.org/aseankg/id/figure/003-cccb31c926be307a-512")
    '/resource/figure/003-cccb31c926be307a-512'
    """
    parts = split_iri(iri)
    if parts is None:
        return None
    kind, key = parts
    if kind == "agreement" and "/" in key:
        agreement, _, position = key.rpartition("/")
        return f"/agreement/{agreement}#provision-{position}"
    if kind in PAGE_KINDS:
        return f"/{kind}/{key}"
    return f"/resource/{kind}/{key}"


def local_name(iri: str) -> str:
    """The last segment of an IRI, readable: what to show when a term has no label.

    >>> local_name("https://w3id.org/aseankg/ontology#startDate")
    'start date'
    >>> local_name("http://www.w3.org/2004/02/skos/core#altLabel")
    'alt label'
    """
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tail).replace("-", " ").lower()


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def human_date(value: str | None, precision: str | None = None, latest: str | None = None) -> str:
    """A date as precise as its source: day, month or year; a range when only bounds are known.

    >>> human_date("2022-01-07")
    '7 January 2022'
    >>> human_date("2021-04-01", "month", "2021-04-30")
    'April 2021'
    >>> human_date("2021-01-01", "year")
    '2021'
    >>> human_date("2022-01-07", "day", "2022-01-08")
    '7–8 January 2022'
    >>> human_date("2021-12-30", "day", "2022-01-02")
    '30 December 2021 – 2 January 2022'
    """
    day = parse_date(value)
    if day is None:
        return str(value or "")
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    last = parse_date(latest)
    if last and last != day:
        if (last.year, last.month) == (day.year, day.month):
            return f"{day.day}–{last.day} {_MONTHS[day.month - 1]} {day.year}"
        text += " – " + human_date(latest)
    return text


def tenure(start=None, start_precision=None, end=None, end_precision=None, end_earliest=None) -> str:
    """A role's bounds in words, keeping imprecise bounds imprecise.

    An article that only says someone holds a role on its date gives a start and an
    earliest end on that day: the role was held then, nothing more.

    >>> tenure("2023-08-01", "month")
    'since August 2023'
    >>> tenure("2016-04-04", "day", "2023-08-22", "day")
    '4 April 2016 – 22 August 2023'
    >>> tenure(None, None, "2021-12-31", "year")
    'until 2021'
    >>> tenure("2022-01-01", "year", "2022-12-31", "year")
    '2022'
    >>> tenure("2022-01-08", "day", None, None, "2022-01-08")
    'held on 8 January 2022'
    >>> tenure("2021-12-01", "month", None, None, "2022-01-08")
    'since December 2021, still held on 8 January 2022'
    """
    if start and end_earliest and not end and start == end_earliest:
        return f"held on {human_date(start, start_precision)}"
    first = human_date(start, start_precision) if start else ""
    if end and end_precision == "year" and parse_date(end):
        last = str(parse_date(end).year)
    elif end and end_precision == "month" and parse_date(end):
        last = human_date(end, "month")
    else:
        last = human_date(end, end_precision) if end else ""
    if first and last:
        return first if first == last else f"{first} – {last}"
    if first and end_earliest:
        return f"since {first}, still held on {human_date(end_earliest)}"
    if first:
        return f"since {first}"
    if last:
        return f"until {last}"
    return "dates not given"


def number(value) -> str:
    """A count with thousands separators.

    >>> number(1443), number(2500000.0), number("877")
    ('1,443', '2,500,000', '877')
    """
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{int(as_float):,}" if as_float.is_integer() else f"{as_float:,}"


@dataclass(frozen=True)
class Quote:
    """One evidence span, with everything a reader needs to check it."""

    evidence: str
    quote: str
    start: int
    end: int
    article: str
    title: str
    outlet: str
    published: str

    @property
    def article_key(self) -> str:
        return split_iri(self.article)[1] if split_iri(self.article) else self.article

    @property
    def anchor(self) -> str:
        return f"/article/{self.article_key}#s-{self.start}-{self.end}"

    @property
    def card(self) -> str:
        return f"/evidence/{self.article_key}/{self.start}-{self.end}"


@dataclass
class FactRow:
    """A fact (the row's own columns) and the quotes that support it, in first-seen order."""

    values: dict
    quotes: list[Quote] = field(default_factory=list)
    seen: dict = field(default_factory=dict)

    def each(self, key) -> list:
        """Every distinct value the rows gave for ``key`` (articles may differ), in order."""
        return self.seen.get(key, [])

    def __getitem__(self, key):
        return self.values.get(key)

    def get(self, key, default=None):
        return self.values.get(key, default)

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(q.article for q in self.quotes))


def quote_of(row: dict) -> Quote | None:
    """The evidence of one answer row, or None if the row carries no complete quote."""
    if not row.get("evidence") or row.get("quote") is None or row.get("start") is None:
        return None
    return Quote(row["evidence"], row["quote"], int(row["start"]), int(row["end"]), row["article"],
                 row.get("title") or "(untitled)", row.get("outlet") or "", str(row.get("published") or ""))


def group_facts(rows: list[dict], key: tuple[str, ...]) -> list[FactRow]:
    """Fold answer rows (one per fact and quote) into fact rows, each with its quotes.

    A fact without any quote is dropped: no fact is shown without the words that support it.
    A column the first row leaves empty takes the first value a later row gives;
    ``FactRow.each(column)`` lists every distinct value, for showing where articles differ.

    >>> rows = [{"event": "e1", "evidence": "x", "quote": "met", "start": 1, "end": 4, "article": "a"},
    ...         {"event": "e1", "evidence": "y", "quote": "talks", "start": 9, "end": 14, "article": "b"},
    ...         {"event": "e2", "evidence": None}]
    >>> [(f["event"], len(f.quotes)) for f in group_facts(rows, ("event",))]
    [('e1', 2)]
    """
    facts: dict[tuple, FactRow] = {}
    for row in rows:
        k = tuple(row.get(c) for c in key)
        fact = facts.get(k)
        if fact is None:
            fact = facts[k] = FactRow({c: v for c, v in row.items() if c not in EVIDENCE_COLUMNS})
        for c, v in row.items():
            if v is None or c in EVIDENCE_COLUMNS:
                continue
            seen = fact.seen.setdefault(c, [])
            if v not in seen:
                seen.append(v)
            if fact.values.get(c) is None:
                fact.values[c] = v  # the first value any row gives; each() has them all
        quote = quote_of(row)
        if quote and quote not in fact.quotes:
            fact.quotes.append(quote)
    return [f for f in facts.values() if f.quotes]


def evidence_key(key: str) -> tuple[str, int, int] | None:
    """``(article, start, end)`` of an evidence key ``ARTICLE/START-END``.

    >>> evidence_key("000-1602361f5c090e7e/120-168")
    ('000-1602361f5c090e7e', 120, 168)
    """
    m = _EVIDENCE_KEY.fullmatch(key)
    return (m["article"], int(m["start"]), int(m["end"])) if m else None


def by_article(quotes: list[Quote]) -> list[tuple[Quote, list[Quote]]]:
    """Quotes grouped by article, articles in first-seen order: ``(first quote, quotes)``."""
    groups: dict[str, list[Quote]] = {}
    for q in quotes:
        groups.setdefault(q.article, []).append(q)
    return [(qs[0], qs) for qs in groups.values()]


def quotes_of(rows: list[dict]) -> list[Quote]:
    """The distinct quotes of answer rows, in order."""
    return list(dict.fromkeys(q for q in map(quote_of, rows) if q))


_ASOF = re.compile(r"\d{4}-\d{2}-\d{2}")


def checked_date(value: str | None) -> str | None:
    """A YYYY-MM-DD request value, or None; raises ValueError naming the expected form.

    >>> checked_date("2022-01-08"), checked_date("")
    ('2022-01-08', None)
    """
    if not value:
        return None
    if not _ASOF.fullmatch(value) or parse_date(value) is None:
        raise ValueError(f"asof must be a date YYYY-MM-DD, not {value!r}")
    return value


def by_property(rows: list[dict]) -> dict[str, list[FactRow]]:
    """Answer rows of facts-about folded into property -> values, each value with its quotes.

    Two articles that give two values for one property (two dates, two places) give two
    entries, each with its own quotes: a disagreement is shown, never resolved.
    """
    out: dict[str, list[FactRow]] = {}
    for fact in group_facts(rows, ("property", "value")):
        out.setdefault(fact["property"], []).append(fact)
    return out


P = {name: rdf.AKG + name for name in (
    "participant", "participation", "reportedIn", "datePrecision", "dateLatest", "place", "outcome", "eventCode",
    "speaker", "text", "about", "stance", "medium", "occasion", "claimType", "addressee", "party", "adoptedAt",
    "provision", "position", "provisionOf")}
P.update(label=rdf.RDFS + "label", type=rdf.RDF + "type", startDate=rdf.SCHEMA + "startDate",
         endDate=rdf.SCHEMA + "endDate", date=rdf.DCT + "date", altLabel=rdf.SKOS + "altLabel",
         subEvent=rdf.SEM + "hasSubEvent")


def is_iri(value) -> bool:
    """Whether an answer value is an IRI (answers give IRIs and literals both as plain strings).

    >>> is_iri("https://w3id.org/aseankg/id/entity/asean"), is_iri(877), is_iri("877")
    (True, False, False)
    """
    return isinstance(value, str) and value.startswith(("http://", "https://"))
