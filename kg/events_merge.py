"""Decide when two event descriptions are one event, and give each event one IRI.

Articles describe the same event in different words and at different precisions:
Hun Sen's meeting with Min Aung Hlaing is "Friday" in one article and "7-8 January"
(the visit) in another; the summit that adopted the Five-Point Consensus is "Last
April", "April 2021" and "Jakarta ... in April". Two descriptions are one event when:

* they are of the same family (a Summit and a Meeting are both meetings; a sentence
  and its later reduction are not the same family);
* their dates are compatible: the ranges overlap, or lie closer than the family's
  typical length (a visit "this week" and its arrival "June 20", a Sunday); a
  description with no date is compatible with any, but is merged only when exactly
  one event fits it (or, inside one article, with the event it most likely means);
* their identifying actors agree: one set contains the other. What identifies an event
  depends on its family: the visitor and the country visited; for meetings the
  organising bloc if any (ASEAN for its summits), else everyone who met and the
  country where; for coups, protests and elections the country; for sentences and
  appointments the person they concern.

The same rule serves three callers: events.py clusters the mentions of one article,
``unify`` merges the events of all articles of a build, and ``match_existing`` maps
a new article's events onto those already in a store (``kg ingest``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from pyoxigraph import NamedNode

from kg import rdf
from kg.model import Fact

FAMILY_OF_CLASS = {
    "Visit": "visit", "Meeting": "meeting", "Summit": "meeting", "Retreat": "meeting", "Conference": "meeting",
    "Coup": "coup", "Sentencing": "sentencing", "Protest": "protest", "Election": "election",
    "Appointment": "appointment", "Lecture": "lecture", "PressConference": "press-conference",
}
# How far apart (days) two date claims about one event of the family may lie.
SLACK_DAYS = {"visit": 7, "meeting": 3, "lecture": 1, "press-conference": 1, "protest": 7}
PLACE_IDENTIFIED = {"coup", "protest", "election"}
SUBJECT_IDENTIFIED = {"sentencing", "sentence-reduction", "appointment"}
ORGANISER_TYPES = {"IntergovernmentalOrganization"}

Gazetteer = Callable[[str], tuple[str | None, str | None]]  # entity IRI -> (type, country IRI)


@dataclass(frozen=True)
class EventRecord:
    """What identifies an event: its family, dates, participants (with roles) and places."""

    iri: str
    family: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    participants: frozenset[tuple[str, str]] = frozenset()  # (actor IRI, role local name or '')
    places: frozenset[str] = frozenset()
    mentions: int = 1  # how often the article refers to it: the most salient wins an unclear reference
    order: int = 0  # where it is first mentioned
    source: int = -1  # the article it comes from, when several are clustered: one article's events stay apart
    adopts: frozenset[str] = frozenset()  # agreements adopted at the event (IRIs)

    @property
    def dated(self) -> bool:
        return self.earliest is not None

    @property
    def width(self) -> int:
        return (self.latest - self.earliest).days if self.earliest and self.latest else 10**6

    def union(self, other: "EventRecord") -> "EventRecord":
        """This record with the other's actors and places added; the narrower dates kept."""
        narrow = self if self.width <= other.width else other
        return replace(
            self, earliest=narrow.earliest, latest=narrow.latest,
            participants=self.participants | other.participants, places=self.places | other.places,
            mentions=self.mentions + other.mentions, order=min(self.order, other.order), adopts=self.adopts | other.adopts,
        )


def identity(record: EventRecord, gazetteer: Gazetteer) -> frozenset[str]:
    """The actors that identify the event (see the module docstring)."""
    actors = {a for a, _ in record.participants}
    countries = {gazetteer(p)[1] or p for p in record.places}
    if record.family == "visit":
        return frozenset({a for a, role in record.participants if role == "visitor"} | countries)
    if record.family == "meeting":
        organisers = {a for a in actors if gazetteer(a)[0] in ORGANISER_TYPES}
        return frozenset(organisers or (actors if len(actors) >= 2 else actors | countries))
    if record.family in PLACE_IDENTIFIED:
        return frozenset(countries or {c for a in actors if (c := gazetteer(a)[1])} or actors)
    if record.family in SUBJECT_IDENTIFIED:
        return frozenset({a for a, role in record.participants if role == "subject"} or actors)
    return frozenset(actors)


def dates_compatible(a: EventRecord, b: EventRecord) -> bool:
    """Overlapping ranges, or a gap no longer than the family's slack; undated fits all."""
    if not (a.dated and b.dated):
        return True
    gap = (max(a.earliest, b.earliest) - min(a.latest, b.latest)).days
    if a.width > 7 or b.width > 7:
        return gap <= 0  # a month or a year must overlap: 'January 2022' is not 'December 2021'
    return gap <= SLACK_DAYS.get(a.family, 0)


def same_event(a: EventRecord, b: EventRecord, gazetteer: Gazetteer) -> bool:
    """Whether ``a`` and ``b`` describe one event: same family, compatible dates, agreeing actors.

    >>> g = lambda iri: (None, None)
    >>> friday = EventRecord("e1", "meeting", dt.date(2022, 1, 7), dt.date(2022, 1, 7), frozenset({("hs", ""), ("mah", "")}))
    >>> talks = EventRecord("e2", "meeting", participants=frozenset({("hs", ""), ("mah", "")}))
    >>> other = EventRecord("e3", "meeting", dt.date(2022, 1, 7), dt.date(2022, 1, 7), frozenset({("hs", ""), ("ps", "")}))
    >>> same_event(friday, talks, g), same_event(friday, other, g)
    (True, False)
    """
    if a.family != b.family or not dates_compatible(a, b):
        return False
    if a.adopts & b.adopts:
        return True  # the meeting that adopted the Five-Point Consensus, however each article names it
    ia, ib = identity(a, gazetteer), identity(b, gazetteer)
    if bool(ia and ib) and (ia <= ib or ib <= ia):
        return True
    if a.family == "meeting" and len(_people(ia, gazetteer) & _people(ib, gazetteer)) >= 2:
        return True  # the same two people meeting at compatible dates, whoever else each article names
    return a.family == "meeting" and _same_day_and_place(a, b, gazetteer)


def _people(actors: frozenset[str], gazetteer: Gazetteer) -> set[str]:
    return {a for a in actors if gazetteer(a)[0] == "Person"}


def _same_day_and_place(a: EventRecord, b: EventRecord, gazetteer: Gazetteer) -> bool:
    """Two meetings in the same country at compatible dates, one of them dated to the day, and one
    of them naming nobody ('Southeast Asian leaders met in Jakarta on April 24, 2021', 'a crisis
    meeting in Jakarta on Saturday'), or both dated to the day: one event."""
    if not (a.dated and b.dated) or min(a.width, b.width) > 1:
        return False
    if max(a.width, b.width) > 1 and a.participants and b.participants:
        return False
    countries = lambda r: {gazetteer(p)[1] or p for p in r.places}  # noqa: E731
    return bool(countries(a) & countries(b))


def cluster(records: list[EventRecord], gazetteer: Gazetteer, prefer_salient: bool = False) -> list[list[EventRecord]]:
    """Group records that describe one event; the first of each group is its most precise description.

    Dated records are placed first, narrowest range first, each joining the first
    group it is the same event as. An undated record joins the one group that fits;
    when several fit it joins none, unless ``prefer_salient`` (one article's own
    references), when it joins the most mentioned, then the nearest before it.
    """
    groups: list[list[EventRecord]] = []
    merged: list[EventRecord] = []
    ordered = sorted(records, key=lambda r: (not r.dated, r.width, r.order, r.iri))
    for record in ordered:
        fits = [i for i, m in enumerate(merged) if same_event(record, m, gazetteer)
                and not (record.source >= 0 and any(o.source == record.source for o in groups[i]))]
        if len(fits) > 1 and record.dated:
            fits = fits[:1]
        if len(fits) > 1 and prefer_salient:
            before = [i for i in fits if merged[i].order <= record.order] or fits
            fits = [max(before, key=lambda i: (merged[i].mentions, merged[i].order))]
        if len(fits) == 1:
            i = fits[0]
            groups[i].append(record)
            merged[i] = merged[i].union(record)
        else:
            groups.append([record])
            merged.append(record)
    return groups


# ------------------------------------------------------------------ reading records from RDF

EVENT = rdf.akg("Event")
PARTICIPATION = rdf.akg("participation")
AGENT = rdf.akg("agent")
ROLE = rdf.akg("participantRole")
PLACE = rdf.akg("place")
START = rdf.schema("startDate")
END = rdf.schema("endDate")
CODE = rdf.akg("eventCode")
PARTICIPANT = rdf.akg("participant")
ADOPTED_AT = rdf.akg("adoptedAt")


def records_from_triples(triples: Iterable[tuple], order: int = 0) -> list[EventRecord]:
    """The event records a set of triples describes (an article's facts, or a build's)."""
    triples = list(triples)
    classes: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == rdf.A and o.value.startswith(rdf.AKG):
            classes.setdefault(s.value, set()).add(o.value[len(rdf.AKG):])
    events = {iri for iri, cs in classes.items() if "Event" in cs}
    adopted: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == ADOPTED_AT:
            adopted.setdefault(o.value, set()).add(s.value)
    agents: dict[str, str] = {}
    roles: dict[str, str] = {}
    data: dict[str, dict] = {iri: {"participations": set(), "places": set(), "start": [], "end": [], "codes": set()} for iri in events}
    for s, p, o in triples:
        if p == AGENT:
            agents[s.value] = o.value
        elif p == ROLE:
            roles[s.value] = o.value.rsplit("/", 1)[-1]
        elif s.value in data:
            slot = data[s.value]
            if p == PARTICIPATION:
                slot["participations"].add(o.value)
            elif p == PLACE:
                slot["places"].add(o.value)
            elif p == START:
                slot["start"].append(dt.date.fromisoformat(o.value))
            elif p == END:
                slot["end"].append(dt.date.fromisoformat(o.value))
            elif p == CODE:
                slot["codes"].add(o.value.rsplit("/", 1)[-1])
    out = []
    for i, iri in enumerate(sorted(events)):
        slot = data[iri]
        family = family_of(classes[iri], slot["codes"])
        if family is None:
            continue
        participants = frozenset((agents[p], roles.get(p, "")) for p in slot["participations"] if p in agents)
        out.append(EventRecord(
            iri, family, min(slot["start"], default=None), max(slot["end"] or slot["start"], default=None),
            participants, frozenset(slot["places"]), order=order * 10_000 + i, source=order,
            adopts=frozenset(adopted.get(iri, ())),
        ))
    return out


def family_of(classes: Iterable[str], codes: Iterable[str] = ()) -> str | None:
    """The identity family of an event from its classes: a Summit is a meeting; a reduced sentence is its own family."""
    families = {FAMILY_OF_CLASS[c] for c in classes if c in FAMILY_OF_CLASS}
    if "sentencing" in families and "RETREAT" in set(codes):
        return "sentence-reduction"
    for family in ("visit", "coup", "sentencing", "election", "appointment", "lecture", "press-conference", "protest", "meeting"):
        if family in families:
            return family
    return None


# ------------------------------------------------------------------ one IRI per event

def canonical(group: list[EventRecord]) -> str:
    """The IRI a group of descriptions shares: its most precise description's, then the smallest."""
    return min(group, key=lambda r: (not r.dated, r.width, r.iri)).iri


def rename(term, mapping: dict[str, str]):
    """``term`` with an event IRI (or an IRI under it, such as a participation) renamed."""
    if not isinstance(term, NamedNode) or not term.value.startswith(rdf.ID + "event/"):
        return term
    value = term.value
    head = value.split("/participation/", 1)
    new = mapping.get(head[0])
    if new is None:
        return term
    return NamedNode(new + ("/participation/" + head[1] if len(head) == 2 else ""))


def rewrite(facts: list[Fact], mapping: dict[str, str]) -> list[Fact]:
    """The facts with event IRIs renamed by ``mapping`` (old IRI -> kept IRI)."""
    if not mapping:
        return facts
    return [replace(f, triples=tuple((rename(s, mapping), p, rename(o, mapping)) for s, p, o in f.triples)) for f in facts]


def unify(articles_facts: list[list[Fact]], gazetteer: Gazetteer) -> list[list[Fact]]:
    """The facts of a whole build with each event that several articles report under one IRI.

    ``articles_facts`` holds each article's facts (events.py has already given each
    event one IRI inside its article). Undated events merge only where exactly one
    event of another article fits them. Each merged event then keeps one date, its most
    precise claim (the graph holds one schema:startDate per event), and the label of
    its most precise description.
    """
    records = []
    for n, facts in enumerate(articles_facts):
        records += records_from_triples((t for f in facts for t in f.triples), order=n)
    mapping: dict[str, str] = {}
    for group in cluster(records, gazetteer):
        keep = canonical(group)
        mapping.update({r.iri: keep for r in group if r.iri != keep})
    renamed = [rewrite(facts, mapping) for facts in articles_facts]
    return drop_undated(settle_dates_and_labels(renamed))


def drop_undated(articles_facts: list[list[Fact]]) -> list[list[Fact]]:
    """Remove the events no article dates, or (protests apart) nobody takes part in, with every triple
    that names them (or their participations).

    An article may mention an event without a date ('Hun Sen’s trip') or without naming who was
    there ('a crisis meeting in Jakarta'); merged with the same event from another article it
    has both. An event that still lacks them cannot be placed or told apart, and the shapes
    require a date and a participant, so it is left out.
    """
    facts = [t for fs in articles_facts for f in fs for t in f.triples]
    return without_events(articles_facts, _unanchored(facts))


def _unanchored(triples: list[tuple]) -> set[str]:
    dated = {s.value for s, p, o in triples if p == START}
    joined = {s.value for s, p, o in triples if p == PARTICIPANT}
    protests = {s.value for s, p, o in triples if p == rdf.A and o == rdf.akg("Protest")}
    events = {s.value for s, p, o in triples if p == rdf.A and o == EVENT}
    return {e for e in events if e not in dated or (e not in joined and e not in protests)}


def without_events(articles_facts: list[list[Fact]], gone: set[str]) -> list[list[Fact]]:
    """The facts without any triple that names one of the events ``gone`` or their participations."""
    def named(term) -> bool:
        return isinstance(term, NamedNode) and term.value.split("/participation/", 1)[0] in gone

    out = []
    for facts in articles_facts:
        kept = []
        for f in facts:
            triples = tuple(t for t in f.triples if not (named(t[0]) or named(t[2])))
            if triples:
                kept.append(replace(f, triples=triples) if triples != f.triples else f)
        out.append(kept)
    return out


DATE_PREDICATES = (START, END, rdf.akg("dateLatest"), rdf.akg("datePrecision"))
LABEL = NamedNode(rdf.RDFS + "label")
RANK = {"day": 0, "month": 1, "year": 2}


def _claims(fact: Fact) -> dict[str, tuple]:
    """The date claim a fact makes about each event: (precision rank, start only, width, start, end, precision)."""
    found: dict[str, dict] = {}
    for s, p, o in fact.triples:
        if p in DATE_PREDICATES and s.value.startswith(rdf.ID + "event/"):
            found.setdefault(s.value, {})[p.value] = o.value
    out = {}
    for event, d in found.items():
        start = dt.date.fromisoformat(d[START.value]) if START.value in d else None
        end = dt.date.fromisoformat(d[END.value]) if END.value in d else None
        precision = d.get(rdf.AKG + "datePrecision", "day")
        if start is not None:
            out[event] = (RANK.get(precision, 3), end is None, ((end or start) - start).days, start, end, precision)
    return out


def settle_dates_and_labels(articles_facts: list[list[Fact]]) -> list[list[Fact]]:
    """Keep, for each event, only the date triples of its best claim and the label that goes with it."""
    best: dict[str, tuple] = {}
    label_owner: dict[str, tuple] = {}
    for n, facts in enumerate(articles_facts):
        for i, fact in enumerate(facts):
            for event, claim in _claims(fact).items():
                if event not in best or claim < best[event]:
                    best[event] = claim
            for s, p, o in fact.triples:
                if p == LABEL and s.value.startswith(rdf.ID + "event/") and "/participation/" not in s.value:
                    label_owner.setdefault(s.value, []).append((n, i, o.value))
    # the fullest label ('ASEAN emergency summit in Jakarta' over 'ASEAN summit'), then the first
    chosen_label = {event: max(owners, key=lambda o: (len(o[2]), -o[0], -o[1]))[2] for event, owners in label_owner.items()}
    out = []
    for facts in articles_facts:
        kept = []
        for fact in facts:
            claims = _claims(fact)
            triples = tuple(
                (s, p, o) for s, p, o in fact.triples
                if not (p in DATE_PREDICATES and s.value in claims and claims[s.value] != best.get(s.value))
                and not (p == LABEL and s.value in chosen_label and o.value != chosen_label[s.value])
            )
            kept.append(replace(fact, triples=triples) if triples != fact.triples else fact)
        out.append([f for f in kept if f.triples])
    return out


# ------------------------------------------------------------------ a store's events (kg ingest)

STORE_QUERIES = {
    # one small query per property: a single join of them all multiplies rows across evidence graphs
    "class": "SELECT DISTINCT ?e ?v WHERE { VALUES ?v { %s } ?e a ?v }" % " ".join(f"akg:{c}" for c in FAMILY_OF_CLASS),
    "start": "SELECT DISTINCT ?e ?v WHERE { ?e schema:startDate ?v }",
    "end": "SELECT DISTINCT ?e ?v WHERE { ?e schema:endDate ?v }",
    "code": "SELECT DISTINCT ?e ?v WHERE { ?e akg:eventCode ?v }",
    "place": "SELECT DISTINCT ?e ?v WHERE { ?e akg:place ?v }",
    "adopts": "SELECT DISTINCT ?e ?v WHERE { ?v akg:adoptedAt ?e }",
    "participant": """SELECT DISTINCT ?e ?v ?role WHERE {
        ?e akg:participation ?p . ?p akg:agent ?v . OPTIONAL { ?p akg:participantRole ?role } }""",
}
STORE_PREFIXES = "PREFIX akg: <https://w3id.org/aseankg/ontology#>\nPREFIX schema: <http://schema.org/>\n"


def store_records(store) -> list[EventRecord]:
    """Every event already in ``store`` (a pyoxigraph.Store, read through the union default graph).

    One query per property, none joined with ``?e a akg:Event``: each event's triples are
    repeated in the graph of every span that states them, and that join made reading the
    events of a 20,000-article store take seconds instead of a tenth of one. Subjects that
    are not events of a known family (the first query) are dropped here, in Python.
    """
    rows: dict[str, dict] = {}

    def slot(e: str) -> dict:
        return rows.setdefault(e, {"class": set(), "start": set(), "end": set(), "code": set(), "place": set(),
                                   "adopts": set(), "participant": set()})

    for key, query in STORE_QUERIES.items():
        for row in store.query(STORE_PREFIXES + query, use_default_graph_as_union=True):
            if key != "class" and row["e"].value not in rows:
                continue  # not an event: roles and statements have dates and places too
            value = row["v"].value
            if key == "class":
                value = value[len(rdf.AKG):]
            elif key in ("start", "end"):
                value = dt.date.fromisoformat(value)
            elif key == "code":
                value = value.rsplit("/", 1)[-1]
            elif key == "participant":
                value = (value, row["role"].value.rsplit("/", 1)[-1] if row["role"] else "")
            slot(row["e"].value)[key].add(value)
    out = []
    for e, d in sorted(rows.items()):
        family = family_of(d["class"], d["code"])
        if family:
            out.append(EventRecord(e, family, min(d["start"], default=None), max(d["end"] or d["start"], default=None),
                                   frozenset(d["participant"]), frozenset(d["place"]), adopts=frozenset(d["adopts"])))
    return out


def match_existing(candidates: list[EventRecord], existing: list[EventRecord], gazetteer: Gazetteer) -> dict[str, str]:
    """Which existing event IRI each new candidate merges into (candidates with no match are left out).

    A dated candidate takes the narrowest existing event it is the same event as; an
    undated one only the single existing event that fits.
    """
    mapping: dict[str, str] = {}
    for c in candidates:
        fits = [e for e in existing if same_event(c, e, gazetteer)]
        if not fits or (not c.dated and len(fits) > 1):
            continue
        mapping[c.iri] = min(fits, key=lambda e: (not e.dated, e.width, e.iri)).iri
    return mapping


def merge_into_store(facts: list[Fact], store, gazetteer: Gazetteer) -> tuple[list[Fact], int, int]:
    """A new article's facts with its events renamed to the store's where they are the same (kg ingest).

    An event the store already holds keeps the store's date and label: the new facts'
    date and label triples for it are dropped, so the event still has one of each.
    Returns the facts, the number of new events and the number merged.
    """
    candidates = records_from_triples(t for f in facts for t in f.triples)
    existing = store_records(store)
    mapping = match_existing(candidates, existing, gazetteer)
    dated = {e.iri for e in existing if e.dated}
    kept = {target for target in mapping.values() if target in dated}
    renamed = rewrite(facts, mapping)
    out = []
    for f in renamed:
        triples = tuple((s, p, o) for s, p, o in f.triples
                        if not (s.value in kept and (p in DATE_PREDICATES or p == LABEL)))
        if triples:
            out.append(replace(f, triples=triples))
    anchored = {e.iri for e in existing if e.dated and (e.participants or e.family == "protest")}
    undated = _unanchored([t for f in out for t in f.triples]) - anchored
    out = without_events([out], undated)[0]
    return out, len({c.iri for c in candidates} - set(mapping) - undated), len(mapping)


def registry_gazetteer(registry) -> Gazetteer:
    """A gazetteer from the actor registry: entity IRI -> (type, IRI of its state)."""
    prefix = rdf.ID + "entity/"

    def look(iri: str) -> tuple[str | None, str | None]:
        entity_id = iri[len(prefix):] if iri.startswith(prefix) else iri
        if entity_id not in registry:
            return None, None
        e = registry.get(entity_id)
        country = e.id if e.type == "State" else e.country
        return e.type, rdf.entity_iri(country).value if country else None

    return look
