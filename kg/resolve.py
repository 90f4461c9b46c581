"""Find the entity a user means: a full IRI, a Wikidata QID, or a label or alias in any case.

Used by saved-query parameters and search. An ambiguous or unknown name is an error
that lists the candidates, never a silent pick.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode
from rapidfuzz import fuzz, process

from kg import rdf
from kg.catalogue import ParameterError

LABELS_QUERY = f"""
PREFIX rdfs: <{rdf.RDFS}>
PREFIX skos: <{rdf.SKOS}>
PREFIX owl: <{rdf.OWL}>
SELECT DISTINCT ?e ?label ?kind ?main ?qid WHERE {{
  {{ ?e rdfs:label ?label BIND("label" AS ?kind) }}
  UNION {{ ?e skos:altLabel ?label BIND("alias" AS ?kind) }}
  UNION {{ ?e skos:hiddenLabel ?label BIND("description" AS ?kind) }}
  ?e rdfs:label ?main .
  FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{rdf.ID}"))
  OPTIONAL {{ ?e owl:sameAs ?wd FILTER(STRSTARTS(STR(?wd), "{rdf.WD}")) BIND(STRAFTER(STR(?wd), "{rdf.WD}") AS ?qid) }}
}}
"""
# Things without labels (articles, statements, figures, evidence) are still named by IRI.
THINGS_QUERY = f"""
SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{rdf.ID}")) }}
"""
ARTICLES_QUERY = f"""
PREFIX schema: <{rdf.SCHEMA}>
PREFIX akg: <{rdf.AKG}>
SELECT DISTINCT ?a ?url ?file WHERE {{
  ?a a schema:NewsArticle .
  OPTIONAL {{ ?a schema:url ?url }}
  OPTIONAL {{ ?a akg:sourceFile ?file }}
}}
"""
_QID = re.compile(r"Q[1-9]\d*")


@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str
    matched: str
    kind: str
    qid: str | None = None

    def as_dict(self) -> dict:
        return {"iri": self.iri, "label": self.label, "matched": self.matched, "qid": self.qid}


class EntityIndex:
    """Labels, aliases and QIDs of the entities in one store version."""

    def __init__(self, rows: list[Candidate], things: frozenset[str] = frozenset(),
                 articles: dict[str, set[str]] | None = None):
        self.rows = rows
        self.things = things
        self.articles = articles or {}  # an article's IRI, URL, source file or its name -> IRIs
        self.by_key: dict[str, list[Candidate]] = {}
        for c in rows:
            self.by_key.setdefault(c.matched.casefold(), []).append(c)
        self.by_qid = {c.qid: c for c in rows if c.qid}
        self.iris = {c.iri for c in rows}

    @classmethod
    def from_store(cls, store) -> "EntityIndex":
        rows = [
            Candidate(s["e"].value, s["main"].value, s["label"].value, s["kind"].value,
                      s["qid"].value if s["qid"] is not None else None)
            for s in store.query(LABELS_QUERY, use_default_graph_as_union=True)
        ]
        things = frozenset(s["s"].value for s in store.query(THINGS_QUERY, use_default_graph_as_union=True))
        articles: dict[str, set[str]] = {}
        for s in store.query(ARTICLES_QUERY, use_default_graph_as_union=True):
            iri = s["a"].value
            keys = {iri, iri.rsplit("/", 1)[-1]}
            if s["url"] is not None:
                keys.add(s["url"].value)
            if s["file"] is not None:
                path = s["file"].value
                keys |= {path, path.rsplit("/", 1)[-1]}
            for key in keys:
                articles.setdefault(key, set()).add(iri)
        return cls(rows, things, articles)

    def resolve_article(self, value: str) -> NamedNode:
        """The article ``value`` names: its IRI, its URL, its source file (path or name) or its id.

        >>> EntityIndex([], articles={"a.txt": {"https://w3id.org/aseankg/id/article/a"}}).resolve_article("a.txt").value
        'https://w3id.org/aseankg/id/article/a'
        """
        hits = sorted(self.articles.get(value.strip(), ()))
        if len(hits) == 1:
            return NamedNode(hits[0])
        if hits:
            raise ParameterError(f"{value!r} names several articles: {', '.join(hits)}; pass the IRI",
                                 [{"iri": h} for h in hits])
        raise ParameterError(f"No article has the IRI, URL or file name {value!r}; "
                             f"list them with the 'articles' query")

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
