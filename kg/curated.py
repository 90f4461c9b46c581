"""Curated facts: what a reader states by hand where the rules cannot, each tied to verbatim article text.

One YAML file per article, ``corpus/annotations/<article-id>.yaml`` (the folder's
README.md explains when to write one)::

    article: 003-cccb31c926be307a
    facts:
      - why: a partial list names this point in other words than the full list of another article
        evidence: "an end to violence"     # verbatim; its first occurrence is the span
        provision: {agreement: five-point-consensus, position: 1}   # label: optional
      - why: Gil's criticism implies the visit's meeting with the coup leader
        evidence: "sending mixed messages"
        event: {type: Meeting, date: 2022-01-07, end: 2022-01-08, place: myanmar,
                participants: {hun-sen: visitor, min-aung-hlaing: host}}
      - why: ...
        evidence: "..."
        holding: {holder: laos, role: chair, organization: asean, start: 2024, end: 2024}

Each fact has exactly one of ``provision``, ``event`` or ``holding``, an ``evidence``
string that must occur verbatim in the article (loading raises CuratedError naming the
file and line otherwise), and a ``why`` saying what no rule could read. The facts come
out with Fact.curated=True, on the evidence span, with the same IRIs the rules mint
(events.event_iri, roles.holding_iri, provision IRIs agreement/<id>/<N>), so a curated
fact and an automatic one about the same thing meet on one node.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from pyoxigraph import NamedNode

from kg import config, events_merge, rdf
from kg.dates import DateValue, day, whole_month, whole_year
from kg.extract import events, roles
from kg.extract.agreements import provision_iri
from kg.model import Document, Fact, Span

KINDS = ("provision", "event", "holding")
LABEL = NamedNode(rdf.RDFS + "label")
ALT_LABEL = NamedNode(rdf.SKOS + "altLabel")


class CuratedError(ValueError):
    """An annotation file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class CuratedFact:
    """One hand-written fact: its kind, its fields, and where it stands."""

    kind: str
    fields: dict
    evidence: str
    span: Span
    where: str  # 'path:line', for messages


def annotations_dir() -> Path:
    return Path(config.load()["corpus"]) / "annotations"


def load_file(path: Path | str, text: str) -> list[CuratedFact]:
    """Read one annotation file and check every evidence string against the article ``text``.

    Raises:
        CuratedError: unreadable YAML, a fact without evidence or kind, or evidence not in the text.
    """
    path = Path(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CuratedError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        raise CuratedError(f"{path}:1: expected 'article:' and a list under 'facts:'")
    nodes = dict((k.value, v) for k, v in root.value).get("facts").value
    return [_fact(path, node, item, text) for node, item in zip(nodes, data["facts"])]


def _fact(path: Path, node, item: dict, text: str) -> CuratedFact:
    line = node.start_mark.line + 1
    where = f"{path}:{line}"
    if not isinstance(item, dict):
        raise CuratedError(f"{where}: a fact is a mapping with evidence, why and one of {', '.join(KINDS)}")
    kinds = [k for k in KINDS if k in item]
    if len(kinds) != 1:
        raise CuratedError(f"{where}: a fact needs exactly one of {', '.join(KINDS)}; found {kinds or 'none'}")
    evidence = item.get("evidence")
    if not isinstance(evidence, str) or not evidence:
        raise CuratedError(f"{where}: a fact needs an evidence string, verbatim from the article")
    if not item.get("why"):
        raise CuratedError(f"{where}: say why no rule can state this fact (why: ...)")
    start = text.find(evidence)
    if start < 0:
        evidence_line = _line_of(node, "evidence") or line
        raise CuratedError(f"{path}:{evidence_line}: evidence {evidence!r} does not occur in the article text")
    return CuratedFact(kinds[0], dict(item[kinds[0]]), evidence, Span(start, start + len(evidence)), where)


def _line_of(node, key: str) -> int | None:
    for k, v in node.value:
        if k.value == key:
            return v.start_mark.line + 1
    return None


def load_article(doc: Document, folder: Path | str | None = None) -> list[CuratedFact]:
    """The curated facts of ``doc``'s article; none when it has no annotation file."""
    path = Path(folder or annotations_dir()) / f"{doc.article.id}.yaml"
    return load_file(path, doc.text) if path.exists() else []


# ------------------------------------------------------------------ facts to triples

def provision_triples(doc: Document, f: CuratedFact) -> list[tuple]:
    """Which numbered provision the evidence words name (skos:altLabel); with a label, the provision itself.

    Without a label the provision is defined elsewhere (the article that lists all the points):
    repeating its akg:provision link here would only repeat rows in plain queries.
    """
    agreement, position = f.fields["agreement"], int(f.fields["position"])
    p, a = provision_iri(agreement, position), rdf.entity_iri(agreement)
    out = [(p, rdf.akg("provisionOf"), a), (p, ALT_LABEL, rdf.string(f.evidence.replace("\xa0", " ")))]
    if f.fields.get("label"):
        out += [(a, rdf.akg("provision"), p), (p, rdf.A, rdf.akg("Provision")),
                (p, rdf.akg("position"), rdf.integer(position)), (p, LABEL, rdf.string(f.fields["label"]))]
    return out


def _date(value) -> DateValue:
    """A YAML date: 2022-01-07 (a date), '2021-04' or 2021."""
    if isinstance(value, dt.date):
        return day(value)
    text = str(value)
    if len(text) == 4:
        return whole_year(int(text))
    if len(text) == 7:
        return whole_month(int(text[:4]), int(text[5:]))
    return day(dt.date.fromisoformat(text))


def event_triples(doc: Document, f: CuratedFact) -> list[tuple]:
    e = f.fields
    cls = e["type"]
    family = events_merge.family_of([cls])
    date = _date(e["date"])
    if e.get("end"):
        date = DateValue(date.earliest, _date(e["end"]).latest, date.precision)
    participants = e.get("participants") or {}
    if isinstance(participants, list):
        participants = {p: "attendee" for p in participants}
    record = events_merge.EventRecord(
        "curated", family, date.earliest, date.latest,
        frozenset((rdf.entity_iri(a).value, r or "") for a, r in participants.items()),
        frozenset({rdf.entity_iri(e["place"]).value} if e.get("place") else set()),
    )
    iri = events.event_iri(family, date, events_merge.identity(record, events.gazetteer(doc)))
    out = [(iri, rdf.A, rdf.akg("Event")), (iri, rdf.A, rdf.akg(cls)), (iri, rdf.akg("reportedIn"), rdf.article_iri(doc.article.id))]
    for actor, role in participants.items():
        out += events.participation_triples(iri, actor, role or "")
    if e.get("place"):
        out.append((iri, rdf.akg("place"), rdf.entity_iri(e["place"])))
    out += events.date_triples(iri, date)
    if e.get("label"):
        out.append((iri, LABEL, rdf.string(e["label"])))
    if e.get("code"):
        out.append((iri, rdf.akg("eventCode"), rdf.akc(e["code"])))
    return out


def holding_triples(doc: Document, f: CuratedFact) -> list[tuple]:
    h = f.fields
    holding = roles.Holding(
        h["holder"], h["role"], h["organization"], f.span,
        start=_date(h["start"]) if h.get("start") is not None else None,
        end=_date(h["end"]) if h.get("end") is not None else None,
        as_of=_date(h["as_of"]) if h.get("as_of") is not None else None,
    )
    return roles.holding_triples(holding)


BUILDERS = {"provision": provision_triples, "event": event_triples, "holding": holding_triples}


def extract(doc: Document) -> list[Fact]:
    """The article's curated facts, marked curated, each on its evidence span."""
    return [Fact(tuple(BUILDERS[f.kind](doc, f)), f.span, "curated", curated=True) for f in load_article(doc)]
