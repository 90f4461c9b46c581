"""Resolve date expressions in news text against the publication date, keeping their precision.

"Friday", "last April", "in October", "on Jan. 30", "since August 2023", "earlier this week":
each becomes a DateValue with the earliest and latest day it can mean and a precision
(day, week, month, year). Past tense looks back from the publication date, future tense
("is due to arrive on Friday") looks forward. Forms the rules do not know fall back to dateparser.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*[-–]\s*(?P<day2>\d{1,2}))?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("month_day", re.compile(rf"{_MONTH}\s+{_DAY}{_DAY2}(?:,?\s+{_YEAR})?", re.I)),
    ("day_month", re.compile(rf"{_DAY}{_DAY2}\s+{_MONTH}(?:,?\s+{_YEAR})?", re.I)),
    ("month_year", re.compile(rf"{_MONTH}(?:\s+of)?,?\s+{_YEAR}", re.I)),
    ("part_year", re.compile(rf"(?P<part>early|mid|late)[-\s]+{_YEAR}", re.I)),
    ("last_month_name", re.compile(rf"last\s+{_MONTH}", re.I)),
    ("month_last_year", re.compile(rf"{_MONTH}\s+(?P<rel>last|this|next)\s+year", re.I)),
    ("relative_unit", re.compile(r"(?P<rel>last|this|next|earlier this|later this)\s+(?P<unit>week|month|year)", re.I)),
    ("weekday", re.compile(r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)", re.I)),
    ("named_day", re.compile(r"(?P<named>today|yesterday|tomorrow)", re.I)),
    ("year", re.compile(rf"\b{_YEAR}\b")),
    ("month", re.compile(rf"\b{_MONTH}\b(?!\s*\d)", re.I)),
]


@dataclass(frozen=True)
class DateValue:
    earliest: dt.date
    latest: dt.date
    precision: str  # day | week | month | year

    @property
    def exact(self) -> bool:
        return self.precision == "day" and self.earliest == self.latest

    def iso(self) -> str:
        """The shortest ISO form that says what is known: 2022-01-07, 2021-04, 2021."""
        if self.precision == "month":
            return self.earliest.strftime("%Y-%m")
        if self.precision == "year" and (self.earliest.month, self.earliest.day) == (1, 1):
            return str(self.earliest.year)
        if self.earliest == self.latest:
            return self.earliest.isoformat()
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"


def day(d: dt.date) -> DateValue:
    return DateValue(d, d, "day")


def whole_month(year: int, month: int) -> DateValue:
    return DateValue(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month")


def whole_year(year: int) -> DateValue:
    return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _month_near(month: int, published: dt.date, future: bool, same_ok: bool = True) -> int:
    """The year of the nearest ``month`` before (or after, for future tense) publication."""
    year = published.year
    if future:
        return year if month > published.month or (same_ok and month == published.month) else year + 1
    return year if month < published.month or (same_ok and month == published.month) else year - 1


def _day_near(month: int, d: int, published: dt.date, future: bool) -> dt.date:
    year = published.year
    candidate = dt.date(year, month, d)
    if future and candidate < published:
        return dt.date(year + 1, month, d)
    if not future and candidate > published:
        return dt.date(year - 1, month, d)
    return candidate


def resolve(expression: str, published: dt.date, future: bool = False) -> DateValue | None:
    """The dates ``expression`` can mean, seen from ``published``; None when it is not a date.

    >>> resolve("on Friday", dt.date(2022, 1, 8)).iso()
    '2022-01-07'
    >>> resolve("on Friday", dt.date(2022, 1, 6), future=True).iso()
    '2022-01-07'
    >>> resolve("last April", dt.date(2022, 1, 8)).iso()
    '2021-04'
    >>> resolve("on Jan. 30", dt.date(2024, 1, 30)).iso()
    '2024-01-30'
    >>> resolve("since August 2023", dt.date(2024, 1, 30))
    DateValue(earliest=datetime.date(2023, 8, 1), latest=datetime.date(2023, 8, 31), precision='month')
    >>> resolve("on 7-8 January", dt.date(2022, 1, 6), future=True).iso()
    '2022-01-07/2022-01-08'
    """
    for kind, pattern in PATTERNS:
        m = pattern.search(expression)
        if m:
            try:
                value = _RULES[kind](m.groupdict(), published, future)
            except ValueError:  # 31 February and the like
                value = None
            if value is not None:
                return value
    return _fallback(expression, published, future)


def _rule_month_day(g: dict, published: dt.date, future: bool) -> DateValue:
    month, d = MONTHS[g["month"].lower()], int(g["day"])
    if g.get("year"):
        start = dt.date(int(g["year"]), month, d)
    else:
        start = _day_near(month, d, published, future)
    end = start.replace(day=int(g["day2"])) if g.get("day2") else start
    return DateValue(start, end, "day")


def _rule_month_year(g: dict, published: dt.date, future: bool) -> DateValue:
    return whole_month(int(g["year"]), MONTHS[g["month"].lower()])


def _rule_part_year(g: dict, published: dt.date, future: bool) -> DateValue:
    year = int(g["year"])
    months = {"early": (1, 4), "mid": (4, 9), "late": (9, 12)}[g["part"].lower()]
    return DateValue(dt.date(year, months[0], 1), whole_month(year, months[1]).latest, "year")


def _rule_last_month_name(g: dict, published: dt.date, future: bool) -> DateValue:
    month = MONTHS[g["month"].lower()]
    return whole_month(_month_near(month, published, future=False, same_ok=False), month)


def _rule_month_rel_year(g: dict, published: dt.date, future: bool) -> DateValue:
    offset = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
    return whole_month(published.year + offset, MONTHS[g["month"].lower()])


def _rule_relative_unit(g: dict, published: dt.date, future: bool) -> DateValue:
    rel, unit = g["rel"].lower(), g["unit"].lower()
    offset = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        return whole_year(published.year + offset)
    if unit == "month":
        y, m = divmod(published.year * 12 + published.month - 1 + offset, 12)
        return whole_month(y, m + 1)
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
    sunday = monday + dt.timedelta(days=6)
    if rel == "earlier this":
        sunday = published
    elif rel == "later this":
        monday = published
    return DateValue(monday, sunday, "week")


def _rule_weekday(g: dict, published: dt.date, future: bool) -> DateValue:
    target = WEEKDAYS[g["weekday"].lower()]
    if future:
        delta = (target - published.weekday()) % 7 or 7
        return day(published + dt.timedelta(days=delta))
    return day(published - dt.timedelta(days=(published.weekday() - target) % 7))


def _rule_named_day(g: dict, published: dt.date, future: bool) -> DateValue:
    return day(published + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[g["named"].lower()]))


def _rule_year(g: dict, published: dt.date, future: bool) -> DateValue:
    return whole_year(int(g["year"]))


def _rule_month(g: dict, published: dt.date, future: bool) -> DateValue:
    month = MONTHS[g["month"].lower()]
    if len(g["month"]) <= 3 and g["month"][0].islower():
        raise ValueError("a lowercase abbreviation ('mar', 'may') is not a month")
    return whole_month(_month_near(month, published, future), month)


_RULES = {
    "month_day": _rule_month_day,
    "day_month": _rule_month_day,
    "month_year": _rule_month_year,
    "part_year": _rule_part_year,
    "last_month_name": _rule_last_month_name,
    "month_last_year": _rule_month_rel_year,
    "relative_unit": _rule_relative_unit,
    "weekday": _rule_weekday,
    "named_day": _rule_named_day,
    "year": _rule_year,
    "month": _rule_month,
}


def _fallback(expression: str, published: dt.date, future: bool) -> DateValue | None:
    """Other absolute forms ('2021-06-20', '20/06/2021') through dateparser."""
    if not re.search(r"\d", expression):
        return None
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
            "PREFER_DATES_FROM": "future" if future else "past",
            "STRICT_PARSING": True,
        },
    )
    data = parser.get_date_data(expression)
    if data.date_obj is None:
        return None
    return day(data.date_obj.date())
