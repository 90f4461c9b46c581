"""Autocompletion for the SPARQL editor, from this service only: ontology terms and entities.

``GET /api/complete?q=TEXT&kind=class|property|entity`` answers a JSON list of
``{iri, prefixed, label, kind, matched, qid}``, best first. Classes and properties
come from ``ontology/kg.ttl`` (with their labels) and from the terms the store
uses; entities from the store's labels, aliases and Wikidata QIDs (the entity index
that saved-query parameters use). The editor never asks prefix.cc or LOV: these
are its only completions.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, request

from kg import ontology_docs, rdf
from server.api import entity_index
from server.problems import Problem

bp = Blueprint("complete", __name__, url_prefix="/api")

KINDS = ("class", "property", "entity")
MAX_Q = 100
MAX_LIMIT = 100
# What labels, aliases, QIDs, prefixed names and IRIs are made of; anything else is not a name.
_NAME = re.compile(r"[\w .,'’()&:/#?=%+~@-]*")
_QID = re.compile(r"Q\d+", re.IGNORECASE)
_lock = threading.Lock()

_CLASS_TYPES = (rdf.OWL + "Class", rdf.RDFS + "Class")
_PROPERTY_TYPES = (rdf.OWL + "ObjectProperty", rdf.OWL + "DatatypeProperty", rdf.OWL + "AnnotationProperty",
                   rdf.RDF + "Property")
_USED = """SELECT DISTINCT ?t ?k WHERE {
  { ?s a ?t BIND("class" AS ?k) } UNION { ?s ?t ?o BIND("property" AS ?k) }
}"""


@dataclass(frozen=True)
class Term:
    """One completion: what to insert (``iri`` or ``prefixed``) and what to show (``label``)."""

    iri: str
    prefixed: str | None
    label: str
    kind: str
    matched: str
    qid: str | None = None

    def as_dict(self) -> dict:
        return {"iri": self.iri, "prefixed": self.prefixed, "label": self.label, "kind": self.kind,
                "matched": self.matched, "qid": self.qid}


def ontology_prefixes() -> dict[str, str]:
    """The graph's prefixes (kg.rdf) and those ontology/kg.ttl declares besides (such as time:).

    >>> ontology_prefixes()["akg"], ontology_prefixes()["time"]
    ('https://w3id.org/aseankg/ontology#', 'http://www.w3.org/2006/time#')
    """
    declared = re.findall(r"^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", ontology_docs.ONTOLOGY.read_text("utf-8"), re.M)
    return {**rdf.PREFIXES, **{p: iri for p, iri in declared if p not in rdf.PREFIXES}}


ONTOLOGY_PREFIXES = ontology_prefixes()


def prefixed(iri: str) -> str | None:
    """``iri`` as a prefixed name with the ontology's prefixes, or None.

    >>> prefixed("https://w3id.org/aseankg/ontology#Meeting"), prefixed("urn:x")
    ('akg:Meeting', None)
    """
    for prefix, namespace in ONTOLOGY_PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and re.fullmatch(r"[A-Za-z_][\w.-]*", local) and not local.endswith("."):
            return f"{prefix}:{local}"
    return None


def ontology_terms() -> list[Term]:
    """Classes and properties the ontology declares, with their English labels (read once per process)."""
    graph = ox.Store()
    graph.load(path=str(ontology_docs.ONTOLOGY), format=ox.RdfFormat.TURTLE)
    labels: dict[str, str] = {}
    for q in graph.quads_for_pattern(None, ox.NamedNode(rdf.RDFS + "label"), None):
        if isinstance(q.object, ox.Literal) and q.object.language in (None, "en"):
            labels[q.subject.value] = q.object.value
    terms = {}
    for kind, types in (("class", _CLASS_TYPES), ("property", _PROPERTY_TYPES)):
        for t in types:
            for q in graph.quads_for_pattern(None, ox.NamedNode(rdf.RDF + "type"), ox.NamedNode(t)):
                if isinstance(q.subject, ox.NamedNode):
                    iri = q.subject.value
                    terms[(iri, kind)] = Term(iri, prefixed(iri), labels.get(iri, ""), kind, labels.get(iri, ""))
    return list(terms.values())


def vocabulary() -> list[Term]:
    """The ontology's terms and those the current store version uses, rebuilt when the version changes."""
    store = current_app.extensions["kg_store"]
    version = store.version()
    with _lock:
        cached = current_app.extensions.get("kg_complete_vocabulary")
        if cached is None or cached[0] != version:
            declared = current_app.extensions.get("kg_ontology_terms")
            if declared is None:
                declared = current_app.extensions["kg_ontology_terms"] = ontology_terms()
            terms = {(t.iri, t.kind): t for t in declared}
            if store.exists():
                for s in store.snapshot().query(_USED, use_default_graph_as_union=True):
                    if isinstance(s["t"], ox.NamedNode):
                        key = (s["t"].value, s["k"].value)
                        terms.setdefault(key, Term(key[0], prefixed(key[0]), "", key[1], ""))
            cached = (version, sorted(terms.values(), key=lambda t: (t.prefixed or t.iri).casefold()))
            current_app.extensions["kg_complete_vocabulary"] = cached
        return cached[1]


def _rank(needle: str, *haystacks: str) -> int | None:
    """0 for an exact match, 1 for a prefix, 2 for a word start, None for no match (casefolded)."""
    best = None
    for hay in haystacks:
        hay = (hay or "").casefold()
        if not hay:
            continue
        if hay == needle:
            return 0
        if hay.startswith(needle):
            best = 1
        elif best is None and any(w.startswith(needle) for w in re.split(r"[\s:#/_-]+", hay)):
            best = 2
    return best


def complete_terms(q: str, kind: str, limit: int) -> list[Term]:
    """Ontology classes or properties matching ``q`` by prefixed name, IRI, local name or label."""
    needle = q.casefold()
    hits = []
    for t in vocabulary():
        if t.kind != kind:
            continue
        local = re.split(r"[#/]", t.iri)[-1]
        rank = 0 if not needle else _rank(needle, t.prefixed or "", t.iri, local, t.label)
        if rank is not None:  # the ontology's own terms first, then the shortest
            own = not t.iri.startswith(rdf.AKG)
            hits.append(((rank, own, len(t.prefixed or t.iri) if needle else 0, (t.prefixed or t.iri).casefold()), t))
    return [t for _, t in sorted(hits, key=lambda h: h[0])[:limit]]


def complete_entities(q: str, limit: int) -> list[Term]:
    """Entities whose label, alias, QID or IRI starts with ``q`` (or one of whose words does)."""
    if not q:
        return []
    needle = q.casefold()
    best: dict[str, tuple] = {}
    is_qid = _QID.fullmatch(q) is not None
    for c in entity_index().rows:
        if is_qid:
            qid = (c.qid or "").casefold()
            rank = 0 if qid == needle else (1 if qid.startswith(needle) else None)
        elif q.startswith(("http://", "https://")):
            rank = 1 if c.iri.startswith(q) else None
        else:
            rank = _rank(needle, c.matched)
        if rank is None:
            continue
        key = (rank, 0 if c.kind == "label" else 1, len(c.matched))
        if c.iri not in best or key < best[c.iri][0]:
            best[c.iri] = (key, Term(c.iri, None, c.label, "entity", c.matched, c.qid))
    return [t for _, t in sorted(best.values(), key=lambda v: (v[0], v[1].label))[:limit]]


def _limit() -> int:
    raw = request.args.get("limit", "20")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise Problem(400, f"limit must be a whole number from 1 to {MAX_LIMIT}, not {raw!r}")
    return int(raw)


@bp.route("/complete")
def complete() -> Response:
    """Completions for the editor; 400 with the reason for a q or kind it cannot use."""
    kind = request.args.get("kind", "entity")
    if kind not in KINDS:
        raise Problem(400, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    q = request.args.get("q", "").strip()
    if q.startswith(("<http://", "<https://")):  # an IRI as typed in SPARQL
        q = q[1:].removesuffix(">")
    q = q.strip("'\"")  # a name as typed in a SPARQL string
    if len(q) > MAX_Q:
        raise Problem(400, f"q is {len(q)} characters long; completions take at most {MAX_Q}")
    if not _NAME.fullmatch(q):
        raise Problem(400, "q holds characters no name, QID, prefixed name or IRI has (such as ; < > { } \" "
                           "or control characters); type the start of a label, a QID such as Q57788, "
                           "or a prefixed name such as akg:Meeting")
    limit = _limit()
    terms = complete_entities(q, limit) if kind == "entity" else complete_terms(q, kind, limit)
    resp = jsonify([t.as_dict() for t in terms])
    resp.headers["X-KG-Store-Version"] = current_app.extensions["kg_store"].version() or ""
    return resp
