"""schema.org JSON-LD for pages (embedded as <script type="application/ld+json">) and their RDF alternates."""
from __future__ import annotations

from kg import rdf
from server.pages.terms import split_iri

SCHEMA_TYPES = {
    "Person": "Person", "State": "Country", "City": "City", "Region": "AdministrativeArea",
    "Facility": "CivicStructure", "GovernmentBody": "GovernmentOrganization", "NonGovernmentalOrganization": "NGO",
    "MediaOrganization": "NewsMediaOrganization", "ResearchOrganization": "ResearchOrganization",
    "Agreement": "CreativeWork", "PopulationGroup": "Audience",
}
CONTEXT = "https://schema.org"


def alternates(iri: str) -> list[dict]:
    """The RDF representations of ``iri`` served at /id/<kind>/<key> by content negotiation."""
    parts = split_iri(iri)
    if parts is None:
        return []
    path = f"/id/{parts[0]}/{parts[1]}"
    return [{"type": "text/turtle", "href": path}, {"type": "application/ld+json", "href": path}]


def _schema_type(types) -> str:
    for iri, _ in types:
        local = iri.rsplit("#", 1)[-1]
        if local in SCHEMA_TYPES:
            return SCHEMA_TYPES[local]
    return "Organization" if any("Organization" in t or "Forces" in t or "Group" in t for t, _ in types) else "Thing"


def entity(head: dict, root: str) -> dict:
    doc = {"@context": CONTEXT, "@type": _schema_type(head["types"]), "@id": head["iri"], "name": head["label"],
           "url": root.rstrip("/") + "/entity/" + head["iri"].rsplit("/", 1)[-1]}
    if head["aliases"]:
        doc["alternateName"] = head["aliases"]
    if head["wikidata"]:
        doc["sameAs"] = head["wikidata"]
    if head["description"]:
        doc["description"] = head["description"]
    return doc


def event(iri: str, label: str, types: list[str], date: str | None, place: dict | None,
          participants: list[dict], root: str) -> dict:
    doc = {"@context": CONTEXT, "@type": "Event", "@id": iri, "name": label,
           "url": root.rstrip("/") + "/event/" + iri.rsplit("/", 1)[-1]}
    if date:
        doc["startDate"] = date
    if place:
        doc["location"] = {"@type": "Place", "@id": place["iri"], "name": place["label"]}
    if participants:
        doc["attendee"] = [{"@id": p["iri"], "name": p["label"]} for p in participants]
    return doc


def article(iri: str, record: dict, root: str) -> dict:
    doc = {"@context": CONTEXT, "@type": "NewsArticle", "@id": iri, "headline": record.get("title"),
           "datePublished": record.get("published"), "inLanguage": record.get("language"),
           "publisher": {"@type": "NewsMediaOrganization", "name": record.get("outlet")},
           "url": root.rstrip("/") + "/article/" + iri.rsplit("/", 1)[-1],
           "encoding": {"@type": "MediaObject", "contentUrl": root.rstrip("/") + "/article/"
                        + iri.rsplit("/", 1)[-1] + ".txt", "sha256": record.get("sha256"),
                        "encodingFormat": "text/plain"}}
    if record.get("url"):
        doc["sameAs"] = record["url"]
    return {k: v for k, v in doc.items() if v is not None}


def quotation(iri: str, text: str, speaker: dict | None, date: str | None, article_iri: str | None) -> dict:
    doc = {"@context": CONTEXT, "@type": "Quotation", "@id": iri, "text": text}
    if speaker:
        doc["spokenByCharacter"] = {"@id": speaker["iri"], "name": speaker["label"]}
    if date:
        doc["dateCreated"] = date
    if article_iri:
        doc["isPartOf"] = {"@id": article_iri, "@type": "NewsArticle"}
    return doc


def agreement(iri: str, label: str, provisions: list[dict]) -> dict:
    return {"@context": CONTEXT, "@type": "CreativeWork", "@id": iri, "name": label,
            "hasPart": [{"@type": "CreativeWork", "@id": p["iri"], "position": p["position"], "name": p["label"]}
                        for p in provisions]}


def thing_iri(kind: str, key: str) -> str:
    return rdf.ID + f"{kind}/{key}"
