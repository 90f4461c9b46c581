"""Find the entity a user means: a full IRI, a Wikidata QID, or a label or alias in any case.

Used by saved-query parameters and search. An ambiguous or unknown name is an error
that lists the candidates, never a silent pick.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Variable
from rapidfuzz import fuzz, process

from kg import rdf
from kg.catalogue import ParameterError

# Each part deduplicated on its own: the union default graph repeats a label once per
# evidence graph that states it, and one DISTINCT over the whole join was 17 x slower.
LABELS_QUERY = f"""
PREFIX rdfs: <{rdf.RDFS}>
PREFIX skos: <{rdf.SKOS}>
PREFIX owl: <{rdf.OWL}>
SELECT ?e ?label ?kind ?main ?qid WHERE {{
  {{ SELECT DISTINCT ?e ?label ?kind WHERE {{
    {{ ?e rdfs:label ?label BIND("label" AS ?kind) }}
    UNION {{ ?e skos:altLabel ?label BIND("alias" AS ?kind) }}
    UNION {{ ?e skos:hiddenLabel ?label BIND("description" AS ?kind) }}
    FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{rdf.ID}"))
  }} }}
  {{ SELECT DISTINCT ?e ?main WHERE {{ ?e rdfs:label ?main }} }}
  OPTIONAL {{ SELECT DISTINCT ?e ?qid WHERE {{
    ?e owl:sameAs ?wd FILTER(STRSTARTS(STR(?wd), "{rdf.WD}")) BIND(STRAFTER(STR(?wd), "{rdf.WD}") AS ?qid)
  }} }}
}}
"""
_QID = re.compile(r"Q[1-9]\d*")
RDF_TYPE = NamedNode(rdf.RDF + "type")
SCHEMA_URL = NamedNode(rdf.SCHEMA + "url")
SOURCE_FILE = NamedNode(rdf.AKG + "sourceFile")
FILE_NAME_QUERY = f"SELECT DISTINCT ?a ?suffix WHERE {{ ?a <{SOURCE_FILE.value}> ?f FILTER(STRENDS(?f, ?suffix)) }}"


@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str
    matched: str
    kind: str
    qid: str | None = None

    def as_dict(self) -> dict:
        return {"iri": self.iri, "label": self.label, "matched": self.matched, "qid": self.qid}


class StoreIris:
    """Membership of an IRI in one store version, asked of the store on demand and remembered.

    Loading every IRI of a 2-million-quad store into a set took 25 s and hundreds of MiB
    per worker; one lookup is an index seek of well under a millisecond.
    """

    def __init__(self, store=None, known: frozenset[str] = frozenset()):
        self.store = store
        self.known = set(known)
        self.absent: set[str] = set()

    def __contains__(self, iri: object) -> bool:
        if not isinstance(iri, str):
            return False
        if iri in self.known:
            return True
        if self.store is None or iri in self.absent or not iri.startswith(rdf.ID):
            return False
        try:
            node = NamedNode(iri)
        except ValueError:
            return False
        found = next(self.store.quads_for_pattern(node, None, None), None) is not None
        if len(self.known) + len(self.absent) > 100_000:  # bounded: forget, ask again
            self.known, self.absent = set(), set()
        (self.known if found else self.absent).add(iri)
        return found


class EntityIndex:
    """Labels, aliases and QIDs of the entities in one store version; other IRIs asked of the store."""

    def __init__(self, rows: list[Candidate], things: frozenset[str] | StoreIris = frozenset(),
                 articles: dict[str, set[str]] | None = None, store=None):
        self.rows = rows
        self.things = things if isinstance(things, StoreIris) else StoreIris(store, things)
        self.articles = articles or {}  # an article's IRI, URL, source file or its name -> IRIs
        self.store = store
        self.by_key: dict[str, list[Candidate]] = {}
        for c in rows:
            self.by_key.setdefault(c.matched.casefold(), []).append(c)
        self.by_qid = {c.qid: c for c in rows if c.qid}
        self.iris = {c.iri for c in rows}

    @classmethod
    def from_store(cls, store) -> "EntityIndex":
        """Read the labels now (a few thousand rows); articles and other IRIs are asked when named."""
        rows = [
            Candidate(s["e"].value, s["main"].value, s["label"].value, s["kind"].value,
                      s["qid"].value if s["qid"] is not None else None)
            for s in store.query(LABELS_QUERY, use_default_graph_as_union=True)
        ]
        return cls(rows, store=store)

    def resolve_article(self, value: str) -> NamedNode:
        """The article ``value`` names: its IRI, its URL, its source file (path or name) or its id.

        >>> EntityIndex([], articles={"a.txt": {"https://w3id.org/aseankg/id/article/a"}}).resolve_article("a.txt").value
        'https://w3id.org/aseankg/id/article/a'
        """
        value = value.strip()
        hits = sorted(self.articles.get(value, ()) or self._articles_in_store(value))
        if len(hits) == 1:
            return NamedNode(hits[0])
        if hits:
            raise ParameterError(f"{value!r} names several articles: {', '.join(hits)}; pass the IRI",
                                 [{"iri": h} for h in hits])
        raise ParameterError(f"No article has the IRI, URL or file name {value!r}; "
                             f"list them with the 'articles' query")

    def _articles_in_store(self, value: str) -> set[str]:
        """Articles with ``value`` as IRI, id, URL, source file path or source file name (index seeks)."""
        if self.store is None or not value:
            return set()
        article = NamedNode(rdf.SCHEMA + "NewsArticle")
        found: set[str] = set()
        for iri in (value, rdf.ID + "article/" + value):
            try:
                if next(self.store.quads_for_pattern(NamedNode(iri), RDF_TYPE, article), None):
                    found.add(iri)
            except ValueError:  # not an IRI
                pass
        try:
            found |= {q.subject.value for q in self.store.quads_for_pattern(None, SCHEMA_URL, NamedNode(value))}
        except ValueError:
            pass
        found |= {q.subject.value for q in self.store.quads_for_pattern(None, SOURCE_FILE, Literal(value))}
        if not found and "/" not in value:  # a file's name without its folder
            answer = self.store.query(FILE_NAME_QUERY, substitutions={Variable("suffix"): Literal("/" + value)},
                                      use_default_graph_as_union=True)
            found |= {s["a"].value for s in answer}
        return found

    def lookup(self, text: str) -> list[Candidate]:
        """Distinct entities whose label, alias (then descriptive reference) equals ``text``."""
        hits = self.by_key.get(text.strip().casefold(), [])
        for kinds in (("label", "alias"), ("description",)):
            chosen = {c.iri: c for c in hits if c.kind in kinds}
            if chosen:
                return list(chosen.values())
        return []

    def nearest(self, text: str, limit: int = 5) -> list[Candidate]:
        """The closest labels, for 'did you mean' messages."""
        keys = list(self.by_key)
        best = process.extract(text.casefold(), keys, scorer=fuzz.WRatio, limit=limit * 3)
        seen: dict[str, Candidate] = {}
        for key, _score, _ in best:
            for c in self.by_key[key]:
                seen.setdefault(c.iri, c)
        return list(seen.values())[:limit]

    def resolve(self, value: str) -> NamedNode:
        """The entity ``value`` names; raises ParameterError listing candidates otherwise.

        >>> idx = EntityIndex([Candidate("https://w3id.org/aseankg/id/entity/asean", "ASEAN", "Asean", "alias", "Q7768")])
        >>> idx.resolve("asean").value, idx.resolve("Q7768").value
        ('https://w3id.org/aseankg/id/entity/asean', 'https://w3id.org/aseankg/id/entity/asean')

        An IRI of a thing without a label (an article, a statement) resolves when the
        store has it: ``EntityIndex(rows, things={"https://w3id.org/aseankg/id/article/001"})``.
        """
        value = value.strip()
        if value.startswith(("http://", "https://")):
            if value in self.iris or value in self.things:
                return NamedNode(value)
            raise ParameterError(f"No entity in the graph has the IRI {value}")
        if _QID.fullmatch(value):
            if value in self.by_qid:
                return NamedNode(self.by_qid[value].iri)
            raise ParameterError(f"No entity in the graph links to Wikidata {value}")
        hits = self.lookup(value)
        if len(hits) == 1:
            return NamedNode(hits[0].iri)
        if hits:
            listed = "; ".join(f"{c.label} <{c.iri}>" for c in hits)
            raise ParameterError(f"{value!r} is ambiguous: it names {listed}. Pass the IRI or QID instead.",
                                 [c.as_dict() for c in hits])
        near = self.nearest(value)
        hint = ", ".join(c.label for c in near)
        raise ParameterError(f"No entity is called {value!r}" + (f"; did you mean: {hint}?" if hint else ""),
                             [c.as_dict() for c in near])
