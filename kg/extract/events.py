"""Events: gather an article's event mentions into events, give each one IRI, and state what each mention says.

event_mentions.py finds the mentions sentence by sentence. Here they become events:

1. a date stated relative to another event ("10 days before the coup") is resolved
   once the article's dates for that event are known;
2. mentions are clustered with kg.events_merge (same family, compatible dates,
   agreeing actors); a mention that names nobody ("the trip", "the two leaders would
   meet on Friday") joins the most talked-about event of its kind it fits;
3. a meeting between a visitor and someone of the country visited, at a compatible
   date, is a sub-event of the visit; in it the visitor is akc:visitor, the others akc:host;
4. each event gets an IRI from its family, date and identifying actors (so that the
   same event in another article gets the same IRI), and each mention a Fact on its
   own span. The label ("Hun Sen meets Min Aung Hlaing") goes with the fullest mention.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from pyoxigraph import Literal, NamedNode

from kg import events_merge, rdf
from kg.dates import DateValue, whole_month, whole_year
from kg.events_merge import EventRecord
from kg.extract import event_mentions, slots, timex
from kg.extract.event_mentions import Candidate
from kg.model import Document, Fact, Span

LABEL = NamedNode(rdf.RDFS + "label")
SPECIFIC = ("Summit", "Retreat", "Conference", "Lecture", "PressConference")


@dataclass
class Event:
    """One event of the article: its mentions, and what they say together."""

    iri: NamedNode
    family: str
    mentions: list[Candidate]
    date: DateValue | None  # the one date the event gets: its most precise claim, or one inherited
    label: str
    sub_events: list["Event"] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # actor id -> role, decided for the whole event
    start_only: bool = False  # the date is a day the event was under way ('arrived on June 20'), not its span
    inherited: "Event | None" = None  # the event the date comes from (a visit and its meeting), if not stated
    places_inherited: list[str] = field(default_factory=list)

    @property
    def cls(self) -> str:
        classes = [c.cls for c in self.mentions]
        specific = [c for c in classes if c in SPECIFIC]
        return max(specific or classes, key=classes.count)

    def actors(self, role: str | None = None) -> list[str]:
        out: list[str] = []
        for c in self.mentions:
            out += [a.entity for a, r in c.participants if (role is None or self.roles.get(a.entity, r) == role) and a.entity not in out]
        return out

    def places(self) -> list[str]:
        out: list[str] = []
        for c in self.mentions:
            out += [p.entity for p in c.places if p.entity not in out]
        return out + [p for p in self.places_inherited if p not in out]


def gazetteer(doc: Document) -> events_merge.Gazetteer:
    """Entity IRI -> (type, IRI of its state), from the registry and the article's new actors."""
    prefix = rdf.ID + "entity/"

    def look(iri: str) -> tuple[str | None, str | None]:
        entity_id = iri[len(prefix):] if iri.startswith(prefix) else iri
        country = slots.country_of(doc, entity_id)
        return slots.entity_type(doc, entity_id), rdf.entity_iri(country).value if country else None

    return look


def find_events(doc: Document) -> list[Event]:
    """The article's events, each with its mentions; pure, so later stages may call it again."""
    candidates = event_mentions.find_candidates(doc)
    _resolve_relative_dates(candidates)
    for c in candidates:
        if c.date is not None and c.date.value.precision == "week":
            c.date = timex.TimeExpression(c.date.span, normal(c.date.value), c.date.kind)
    groups = _cluster(doc, candidates)
    look = gazetteer(doc)
    events = []
    for group in groups:
        group.sort(key=lambda c: c.order)
        best = _best_claim(group)
        events.append(Event(NamedNode(rdf.ID + "event/pending"), group[0].family, group,
                            best.date.value if best else None, "", start_only=bool(best and best.date_is_start)))
    _link_visits(doc, events)
    _settle_dates(doc, events)
    for e in events:
        record = _merged_record(e.mentions, look)
        record = replace(record, places=record.places | {rdf.entity_iri(p).value for p in e.places_inherited})
        e.iri = event_iri(e.family, e.date, events_merge.identity(record, look))
        e.label = compose_label(doc, e)
    return events


def event_iri(family: str, date: DateValue | None, identity: frozenset[str] | set[str]) -> NamedNode:
    """The IRI of an event from its family, date and identifying actors: the same in every article.

    >>> event_iri("meeting", None, {rdf.entity_iri("hun-sen").value}).value
    'https://w3id.org/aseankg/id/event/meeting-undated-hun-sen'
    """
    ids = sorted(i.rsplit("/", 1)[-1] for i in identity)
    when = date.iso().replace("/", "-to-") if date else "undated"
    return rdf.thing_iri("event", rdf.slug(f"{family} {when} {' '.join(ids)}"))


def _resolve_relative_dates(candidates: list[Candidate]) -> None:
    """'10 days before the coup': the coup's most precise date in the article, shifted."""
    for c in candidates:
        if not c.relative:
            continue
        amount, unit, anchor, span = c.relative
        family = next((t.family for t in event_mentions.TRIGGERS if t.pattern.fullmatch(anchor)), None)
        anchors = [o.date.value for o in candidates if o.family == family and o.date and o is not c]
        if not anchors:
            continue
        best = min(anchors, key=lambda v: (v.latest - v.earliest).days)
        value = timex.shift(best, amount, unit)
        if c.date is None or (c.date.value.earliest <= value.earliest and value.latest <= c.date.value.latest):
            old = c.date
            c.date = timex.TimeExpression(span, value, "relative")
            for o in candidates:
                if o.within is c and o.date == old:
                    o.date = c.date  # 'met during a January visit ..., 10 days before the coup'


def _record(c: Candidate, iri: str) -> EventRecord:
    d = normal(c.date.value) if c.date else None
    return EventRecord(
        iri, c.family, d.earliest if d else None, d.latest if d else None,
        frozenset((rdf.entity_iri(a.entity).value, r) for a, r in c.participants),
        frozenset(rdf.entity_iri(p.entity).value for p in c.places), order=c.order,
        adopts=frozenset({rdf.entity_iri(c.agreement.entity).value} if c.agreement else set()),
    )


def _merged_record(group: list[Candidate], look) -> EventRecord:
    record = _record(group[0], "0")
    for c in group[1:]:
        record = record.union(_record(c, "0"))
    return record


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _best_claim(group: list[Candidate]) -> Candidate | None:
    """The mention whose date says most: finest precision, a whole span before a start day, narrowest."""
    dated = [c for c in group if c.date]
    if not dated:
        return None
    return min(dated, key=lambda c: (PRECISION_RANK.get(c.date.value.precision, 4), c.date_is_start,
                                     (c.date.value.latest - c.date.value.earliest).days, c.order))


def normal(value: DateValue) -> DateValue:
    """A date in the precisions the graph uses (day, month, year): a week becomes its month(s).

    >>> import datetime as dt
    >>> normal(DateValue(dt.date(2022, 1, 3), dt.date(2022, 1, 6), "week")).iso()
    '2022-01'
    """
    if value.precision != "week":
        return value
    first = whole_month(value.earliest.year, value.earliest.month)
    last = whole_month(value.latest.year, value.latest.month)
    return DateValue(first.earliest, last.latest, "month")


def widen(earliest, latest) -> DateValue:
    """The month (or year) that holds a range of possible days, at that precision."""
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return whole_month(earliest.year, earliest.month)
    if earliest.year == latest.year:
        return whole_year(earliest.year)
    return DateValue(earliest, latest, "year")


def _settle_dates(doc: Document, events: list[Event]) -> None:
    """Dates the text gives only through another event: a visit's meeting, a protest's cause."""
    by_candidate = {id(c): e for e in events for c in e.mentions}
    for e in events:
        if e.date is None and e.family == "protest":
            causes = [by_candidate.get(id(c.cause)) for c in e.mentions if c.cause is not None]
            cause = next((x for x in causes if x is not None and x.date is not None), None)
            if cause is not None:
                e.date, e.inherited = widen(cause.date.earliest, doc.published), cause
                if not e.places():
                    e.places_inherited = cause.places()
    for visit in (e for e in events if e.family == "visit"):
        for sub in visit.sub_events:
            if sub.date is None and visit.date is not None:
                exact = visit.date.precision == "day" and not visit.start_only
                sub.date = visit.date if exact else widen(visit.date.earliest, visit.date.earliest)
                sub.inherited = visit
            if not sub.places():
                sub.places_inherited = visit.places()
        if visit.date is None:
            dated = [s for s in visit.sub_events if s.date is not None and s.date.precision == "day"]
            if dated:
                visit.date, visit.start_only, visit.inherited = dated[0].date, True, dated[0]


def _cluster(doc: Document, candidates: list[Candidate]) -> list[list[Candidate]]:
    """Mentions that name someone are clustered by kg.events_merge; definite ones ('the trip', 'that
    summit') and those naming nobody join the event they refer to, or start one if they name someone."""
    look = gazetteer(doc)
    named = [c for c in candidates if events_merge.identity(_record(c, ""), look) and not c.definite]
    records = [_record(c, str(i)) for i, c in enumerate(named)]
    groups = [[named[int(r.iri)] for r in g] for g in events_merge.cluster(records, look, prefer_salient=True)]
    for c in (c for c in candidates if c not in named):
        home = _referent(c, groups, look)
        if home is not None:
            home.append(c)
        elif events_merge.identity(_record(c, ""), look) or c.cause is not None:
            groups.append([c])
    return [g for g in groups if any(c.date or c.participants or c.places or c.cause for c in g)]


def _referent(c: Candidate, groups: list[list[Candidate]], look) -> list[Candidate] | None:
    """The event a definite or nameless mention refers to: same family (and class, if it says 'summit'),
    compatible dates and actors, the most mentioned, then the nearest before."""
    fits = [g for g in groups if g[0].family == c.family]
    if c.cls in SPECIFIC:
        fits = [g for g in fits if any(o.cls == c.cls for o in g)] or fits
    probe = _record(c, "c")
    fits = [g for g in fits if all(events_merge.dates_compatible(probe, _record(o, "o")) for o in g if o.date)]
    mine = events_merge.identity(probe, look)
    if mine:
        def agrees(g: list[Candidate]) -> bool:
            theirs = events_merge.identity(_merged_record(g, look), look)
            hosted = any(r == "host" for o in g for _, r in o.participants) and not c.actors("host")
            return mine <= theirs or theirs <= mine or (hosted and c.family == "meeting")
        fits = [g for g in fits if agrees(g)]
    if not fits:
        return None
    return max(fits, key=lambda g: (len(g), max((o.order for o in g if o.order <= c.order), default=-1)))


def _link_visits(doc: Document, events: list[Event]) -> None:
    """Sub-events: stated ones ('during a visit', 'to attend'), and meetings held on a visit."""
    by_candidate = {id(c): e for e in events for c in e.mentions}
    for e in events:
        for c in e.mentions:
            if c.within is not None and id(c.within) in by_candidate:
                _add_sub(by_candidate[id(c.within)], e)
            if c.purpose is not None and id(c.purpose) in by_candidate:
                _add_sub(e, by_candidate[id(c.purpose)])
    look = gazetteer(doc)
    for visit in (e for e in events if e.family == "visit"):
        visitors = set(visit.actors("visitor"))
        destination = {look(rdf.entity_iri(p).value)[1] for p in visit.places()} - {None}
        for e in events:
            if e.family not in ("meeting", "press-conference") or e is visit:
                continue
            others = [a for a in e.actors() if a not in visitors]
            local = [a for a in others if look(rdf.entity_iri(a).value)[1] in destination]
            at = {look(rdf.entity_iri(p).value)[1] for p in e.places()} & destination
            if visitors & set(e.actors()) and (local or at) and _during(e, visit):
                _add_sub(visit, e)
                if e.cls == "Meeting":
                    e.roles.update({a: "visitor" for a in visitors & set(e.actors())})
                    e.roles.update({a: "host" for a in local})


def _during(e: Event, visit: Event) -> bool:
    if not (e.date and visit.date):
        return True
    slack = events_merge.SLACK_DAYS["visit"]
    return (max(e.date.earliest, visit.date.earliest) - min(e.date.latest, visit.date.latest)).days <= slack


def _add_sub(parent: Event, child: Event) -> None:
    if child is not parent and child not in parent.sub_events:
        parent.sub_events.append(child)


def compose_label(doc: Document, e: Event) -> str:
    """A readable name for the event: 'Hun Sen visits Myanmar', 'Hun Sen meets Min Aung Hlaing'."""
    name = lambda i: _name(doc, i)  # noqa: E731
    places = [name(p) for p in e.places()]
    if e.family == "visit":
        visitor = e.actors("visitor")
        where = next((name(p) for p in e.places() if slots.entity_type(doc, p) == "State"), places[0] if places else None)
        return f"{name(visitor[0]) if visitor else 'Visit'} visits {where}" if where else f"Visit by {name(visitor[0])}" if visitor else "Visit"
    if e.family == "meeting" and e.cls == "Meeting" and not e.actors("host") or e.cls == "Meeting" and len(e.actors()) == 2:
        people = [name(a) for a in e.actors()]
        if len(people) == 2:
            return f"{people[0]} meets {people[1]}"
        if people:
            return f"Meeting of {', '.join(people)}"
    if e.family == "meeting":
        hosts = [_short(doc, a) for a in e.actors("host")]
        words = max((c.words for c in e.mentions if c.cls == e.cls), key=len, default=e.cls.lower())
        if hosts and hosts[0].split()[0] not in words:
            words = f"{hosts[0]} {words}"
        return words[0].upper() + words[1:] + (f" in {places[0]}" if places and places[0] not in words else "")
    subjects = [name(a) for a in e.actors("subject")] or [name(a) for a in e.actors()]
    if e.family == "coup":
        return f"Coup in {places[0]}" if places else "Coup"
    if e.family == "sentencing":
        return f"{subjects[0]} sentenced" if subjects else "Sentencing"
    if e.family == "sentence-reduction":
        return f"{subjects[0]}’s sentence reduced" if subjects else "Sentence reduced"
    if e.family in ("lecture", "press-conference"):
        kind = "Lecture" if e.family == "lecture" else "News conference"
        return f"{kind} by {subjects[0]}" if subjects else kind
    if e.family == "protest":
        return f"Protests in {places[0]}" if places else "Protests"
    if e.family == "election":
        return f"Elections in {places[0]}" if places else "Elections"
    return e.cls


def _name(doc: Document, entity_id: str) -> str:
    if entity_id in doc.registry:
        return doc.registry.get(entity_id).label
    actor = doc.new_actors.get(entity_id)
    return actor.label if actor else entity_id


def _short(doc: Document, entity_id: str) -> str:
    """An organisation's acronym when it has one ('ASEAN'), else its label."""
    if entity_id in doc.registry:
        e = doc.registry.get(entity_id)
        acronyms = [a for a in e.aliases if a.isupper() and len(a) <= 6]
        return acronyms[0] if acronyms else e.label
    return _name(doc, entity_id)


# ------------------------------------------------------------------ facts

def participation_iri(event: NamedNode, actor_id: str, role: str) -> NamedNode:
    return NamedNode(f"{event.value}/participation/{actor_id}{'-' + role if role else ''}")


def mention_triples(doc: Document, e: Event, c: Candidate) -> list[tuple]:
    """What one mention says about its event."""
    iri = e.iri
    out: list[tuple] = [
        (iri, rdf.A, rdf.akg("Event")), (iri, rdf.A, rdf.akg(c.cls)),
        (iri, rdf.akg("eventCode"), rdf.akc(c.code)),
        (iri, rdf.akg("reportedIn"), rdf.article_iri(doc.article.id)),
    ]
    for a, role in c.participants:
        role = e.roles.get(a.entity, role)
        out += participation_triples(iri, a.entity, role, c.represents.get(a.entity))
    out += [(iri, rdf.akg("place"), rdf.entity_iri(p.entity)) for p in c.places]
    if c.date and e.inherited is None and normal(c.date.value) == e.date and c.date_is_start == e.start_only:
        out += date_triples(iri, e.date, start_only=e.start_only)
    if c.duration:
        out.append((iri, rdf.schema("duration"), Literal(c.duration[0], datatype=NamedNode(rdf.XSD + "duration"))))
    return out


def participation_triples(event: NamedNode, actor_id: str, role: str, represents: str | None = None) -> list[tuple]:
    agent = rdf.entity_iri(actor_id)
    p = participation_iri(event, actor_id, role)
    out = [
        (event, rdf.akg("participant"), agent), (event, rdf.akg("participation"), p),
        (p, rdf.A, rdf.akg("Participation")), (p, rdf.akg("agent"), agent),
    ]
    if role:
        out.append((p, rdf.akg("participantRole"), rdf.akc(role)))
    if represents:
        out.append((p, rdf.akg("represents"), rdf.entity_iri(represents)))
    return out


def date_triples(event: NamedNode, value: DateValue, start_only: bool = False) -> list[tuple]:
    """schema:startDate the earliest possible day; schema:endDate and akg:dateLatest the latest (unless
    the date is only a day the event was under way); akg:datePrecision day, month or year."""
    out = [(event, rdf.schema("startDate"), rdf.date_literal(value.earliest))]
    if not start_only:
        out += [(event, rdf.schema("endDate"), rdf.date_literal(value.latest)),
                (event, rdf.akg("dateLatest"), rdf.date_literal(value.latest))]
    out.append((event, rdf.akg("datePrecision"), rdf.string("day" if start_only else value.precision)))
    return out


def extract(doc: Document) -> list[Fact]:
    """One Fact per informative mention of each event, plus labels and sub-event links."""
    facts: list[Fact] = []
    for e in find_events(doc):
        best = max(e.mentions, key=lambda c: (len(c.participants) + len(c.places), c.date is not None, -c.order))
        for i, c in enumerate(e.mentions):
            if not (c.participants or c.places or c.date or c.duration) and i > 0:
                continue
            triples = mention_triples(doc, e, c)
            if c is best:
                triples.append((e.iri, LABEL, rdf.string(e.label)))
            facts.append(Fact(tuple(triples), c.evidence(), "events"))
        for sub in e.sub_events:
            triples = [(e.iri, rdf.schema("subEvent"), sub.iri), (sub.iri, rdf.schema("superEvent"), e.iri)]
            for child, parent in ((sub, e), (e, sub)):
                if child.inherited is parent:
                    triples += date_triples(child.iri, child.date, child.start_only)
            triples += [(sub.iri, rdf.akg("place"), rdf.entity_iri(p)) for p in sub.places_inherited]
            facts.append(Fact(tuple(triples), _closest_pair(e, sub), "events"))
        if e.inherited is not None and e.inherited not in e.sub_events and e not in e.inherited.sub_events:
            triples = date_triples(e.iri, e.date) + [(e.iri, rdf.akg("place"), rdf.entity_iri(p)) for p in e.places_inherited]
            facts.append(Fact(tuple(triples), _closest_pair(e, e.inherited), "events"))
    return facts


def _closest_pair(a: Event, b: Event) -> Span:
    """The smallest span holding a mention of each event: the evidence that one was part of the other."""
    pairs = [(min(x.trigger.start, y.trigger.start), max(x.trigger.end, y.trigger.end)) for x in a.mentions for y in b.mentions]
    start, end = min(pairs, key=lambda p: (p[1] - p[0], p[0]))
    return Span(start, end)
