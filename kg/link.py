"""Rank Wikidata candidates for an entity against what the articles say about it; decide or refuse.

Pure functions: the caller fetches candidates (kg.wikidata) and the article context
(``context_for``), this module scores and decides. A wrong link merges two people's
facts, so the rules are conservative:

* a candidate scores in [0, 1], the share it earns of the checks that apply
  (``WEIGHTS``): its name, its type (instance of a class that fits the registry type,
  through subclass-of), its country (citizenship or location) against the registry's,
  a position held that matches a role the articles give, and a lifespan that fits the
  articles' dates. A check whose context is missing on our side does not apply.
* a contradiction (another type, another country, dead or not yet adult when the articles
  speak of them) caps the score at ``VETO_CAP``, whatever the rest;
* a match is accepted only at ``MIN_SCORE`` or above and at least ``MARGIN`` ahead of the
  next candidate; otherwise nothing is written and the candidates are shown for a person
  to choose (``kg link NAME --accept Q…``).

>>> ctx = Context("Win Myint", ("Win Myint",), "Person", country="Q836", roles=("President",),
...               dates=(dt.date(2022, 6, 1),))
>>> facts = wikidata.ItemFacts("Q1", "Win Myint", classes=frozenset({"Q5"}), countries=frozenset({"Q836"}),
...     born=dt.date(1951, 11, 8), positions=(wikidata.Position("Q2", "President of Myanmar"),))
>>> score(ctx, wikidata.SearchHit("Q1", "Win Myint", "", "Win Myint"), facts, VOCABULARY).score
1.0
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kg import wikidata
from kg.wikidata import ItemFacts, SearchHit, Vocabulary

WEIGHTS = {"name": 0.30, "type": 0.20, "country": 0.15, "role": 0.25, "lifespan": 0.10}
MIN_SCORE = 0.80
MARGIN = 0.15
VETO_CAP = 0.40
ADULT_YEARS = 16

# Registry type -> the vocabulary classes (by label) an item of that type is an instance of.
ORGANIZATION = ("organization",)
EXPECTED_CLASSES: dict[str, tuple[str, ...]] = {
    "Person": ("human",),
    "State": ("country", "sovereign state"),
    "City": ("human settlement",),
    "Region": ("first-level administrative country subdivision", "geographic region", "administrative territorial entity"),
    **{t: ORGANIZATION for t in ("IntergovernmentalOrganization", "GovernmentBody", "ArmedForces", "PoliticalParty",
                                 "NonGovernmentalOrganization", "MediaOrganization", "ResearchOrganization", "ArmedGroup")},
}
VOCABULARY = Vocabulary.load()


@dataclass(frozen=True)
class Context:
    """What the registry and the articles say about the entity to link."""

    name: str
    names: tuple[str, ...]  # label and aliases
    type: str  # registry type
    country: str | None = None  # QID of the registry country, when that is linked
    roles: tuple[str, ...] = ()  # titles and role labels the articles give
    dates: tuple[dt.date, ...] = ()  # publication dates of the articles that mention it
    entity_id: str | None = None


@dataclass(frozen=True)
class Scored:
    qid: str
    label: str
    description: str
    score: float
    reasons: tuple[str, ...]
    vetoed: bool = False


@dataclass(frozen=True)
class Decision:
    """``accept`` (``best`` is the match), ``ambiguous``, ``low`` or ``none``; ``candidates`` best first."""

    kind: str
    candidates: tuple[Scored, ...] = field(default_factory=tuple)
    message: str = ""

    @property
    def best(self) -> Scored | None:
        return self.candidates[0] if self.candidates else None


def score(ctx: Context, hit: SearchHit, facts: ItemFacts | None, vocabulary: Vocabulary = VOCABULARY) -> Scored:
    """Score one candidate; ``facts`` is None when the query service did not know the item."""
    facts = facts or ItemFacts(hit.qid)
    earned: dict[str, float] = {}
    reasons: list[str] = []
    vetoes: list[str] = []
    earned["name"] = _name(ctx, hit, facts, reasons)
    for check in (_type, _country, _role, _lifespan):
        result = check(ctx, facts, vocabulary, reasons, vetoes)
        if result is not None:
            earned[check.__name__.lstrip("_")] = result
    total = sum(WEIGHTS[k] * v for k, v in earned.items()) / sum(WEIGHTS[k] for k in earned)
    if vetoes:
        total = min(total, VETO_CAP)
    return Scored(hit.qid, facts.label or hit.label, facts.description or hit.description,
                  round(total, 2), tuple(vetoes + reasons), bool(vetoes))


def rank(ctx: Context, hits: list[SearchHit], facts: dict[str, ItemFacts],
         vocabulary: Vocabulary = VOCABULARY) -> list[Scored]:
    """Every distinct candidate scored, best first (ties keep Wikidata's search order)."""
    seen: dict[str, SearchHit] = {}
    for h in hits:
        seen.setdefault(h.qid, h)
    scored = [score(ctx, h, facts.get(h.qid), vocabulary) for h in seen.values()]
    return sorted(scored, key=lambda s: -s.score)


def decide(ranked: list[Scored], min_score: float = MIN_SCORE, margin: float = MARGIN) -> Decision:
    """Accept the best candidate, or say why not (see the module docstring).

    >>> a, b = Scored("Q1", "A", "", 0.9, ()), Scored("Q2", "A", "", 0.85, ())
    >>> decide([a]).kind, decide([a, b]).kind, decide([b], min_score=0.9).kind, decide([]).kind
    ('accept', 'ambiguous', 'low', 'none')
    """
    candidates = tuple(ranked)
    if not candidates:
        return Decision("none", candidates, "Wikidata has no item with this name")
    best = candidates[0]
    if best.score < min_score:
        return Decision("low", candidates, f"the best candidate scores {best.score:.2f}, below {min_score:.2f}")
    if len(candidates) > 1 and best.score - candidates[1].score < margin:
        return Decision("ambiguous", candidates,
                        f"{best.qid} ({best.score:.2f}) and {candidates[1].qid} ({candidates[1].score:.2f}) are too close")
    return Decision("accept", candidates, f"{best.qid} scores {best.score:.2f}")


def _name(ctx: Context, hit: SearchHit, facts: ItemFacts, reasons: list[str]) -> float:
    theirs = {n for n in (hit.label, hit.matched, facts.label) if n}
    best = max((fuzz.ratio(a.casefold(), b.casefold()) / 100 for a in ctx.names for b in theirs), default=0.0)
    reasons.append(f"name {'matches' if best == 1 else f'is {best:.0%} alike'}")
    return best


def _type(ctx, facts, vocabulary, reasons, vetoes) -> float | None:
    expected = {vocabulary.cls(label) for label in EXPECTED_CLASSES.get(ctx.type, ())}
    if not expected:
        return None
    if facts.classes & expected:
        reasons.append(f"is a {vocabulary.class_label(sorted(facts.classes & expected)[0])}")
        return 1.0
    if facts.classes:
        other = ", ".join(sorted(vocabulary.class_label(q) for q in facts.classes))
        vetoes.append(f"is a {other}, not a {ctx.type}")
    else:
        reasons.append("type not known to Wikidata")
    return 0.0


def _country(ctx, facts, vocabulary, reasons, vetoes) -> float | None:
    if ctx.country is None or ctx.type == "State":
        return None
    if ctx.country in facts.countries:
        reasons.append(f"country {ctx.country} agrees")
        return 1.0
    if facts.countries:
        vetoes.append(f"country {', '.join(sorted(facts.countries))}, the articles say {ctx.country}")
    else:
        reasons.append("no country in Wikidata")
    return 0.0


def _role(ctx, facts, vocabulary, reasons, vetoes) -> float | None:
    if ctx.type != "Person" or not ctx.roles:
        return None
    for position in facts.positions:
        matched = next((r for r in ctx.roles if fuzz.token_set_ratio(r.casefold(), position.label.casefold()) >= 90), None)
        if matched:
            reasons.append(f"held {position.label!r} (the articles: {matched!r})")
            return 1.0
    active = [p for p in facts.positions if any(_during(d, p.start, p.end) for d in ctx.dates)]
    if active:
        reasons.append(f"held {active[0].label!r} when the articles were written")
        return 0.5
    reasons.append("no position that matches the articles' roles")
    return 0.0


def _lifespan(ctx, facts, vocabulary, reasons, vetoes) -> float | None:
    if ctx.type != "Person" or not ctx.dates:
        return None
    first = min(ctx.dates)
    if facts.died and facts.died < first:
        vetoes.append(f"died {facts.died.isoformat()}, before the articles ({first.isoformat()})")
        return 0.0
    if facts.born and facts.born.year > first.year - ADULT_YEARS:
        vetoes.append(f"born {facts.born.isoformat()}, too young for articles of {first.year}")
        return 0.0
    if facts.born:
        reasons.append(f"born {facts.born.isoformat()}")
        return 1.0
    return 0.0


def _during(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return start is not None and start <= day and (end is None or day <= end)


CONTEXT_QUERY = """
PREFIX akg: <https://w3id.org/aseankg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?kind ?value ?entity WHERE {
  { ?holding a akg:RoleHolding ; org:member ?entity ; org:role ?role . ?role rdfs:label ?value BIND("role" AS ?kind) }
  UNION { ?article schema:mentions ?entity ; schema:datePublished ?value BIND("date" AS ?kind) }
}
"""


def article_context(store, entity_iri: str) -> tuple[tuple[str, ...], tuple[dt.date, ...]]:
    """The role labels and mention dates the built graph holds for ``entity_iri`` (a pyoxigraph Store)."""
    from pyoxigraph import NamedNode, Variable

    roles, dates = [], []
    for row in store.query(CONTEXT_QUERY, use_default_graph_as_union=True,
                           substitutions={Variable("entity"): NamedNode(entity_iri)}):
        if row["kind"].value == "role":
            roles.append(row["value"].value)
        else:
            try:
                dates.append(dt.date.fromisoformat(row["value"].value[:10]))
            except ValueError:
                pass
    return tuple(sorted(set(roles))), tuple(sorted(set(dates)))


# ---------------------------------------------------------------- reconciling registry entities

ACCEPTED_HEADER = """\
# Wikidata links accepted by `kg link` (docs/wikidata.md). Written by the tool, merged into
# the registry by kg/registry.py; actors.yaml is never rewritten. One entry per link:
#   entity       registry id
#   qid, label, description   the item, as Wikidata gave them when checked
#   score        kg/link.py's score (accepted on its own at MIN_SCORE or above)
#   checked      the day the candidates were looked up
#   accepted_by  score (accepted by `kg link`) or person (`kg link NAME --accept Q…`)
#   reasons      the checks behind the score
# Delete an entry to remove its link; run `kg build` after any change.
"""


def context_for(entity, registry, store=None) -> Context:
    """The Context of a registry entity: its names, type, country's QID, titles, and (from a
    built store, when given) the roles the articles give it and the dates they mention it."""
    country = registry.by_id.get(entity.country) if entity.country else None
    roles, dates = article_context(store, entity.iri) if store is not None else ((), ())
    return Context(entity.label, (entity.label, *entity.aliases), entity.type,
                   country=country.wikidata.qid if country is not None and country.wikidata else None,
                   roles=tuple(dict.fromkeys((*entity.titles, *roles))), dates=dates, entity_id=entity.id)


def reconcile(ctx: Context, client: wikidata.Client, min_score: float = MIN_SCORE) -> Decision:
    """Search Wikidata for ``ctx.name``, check the candidates, rank and decide.

    Raises wikidata.WikidataError (Unreachable, NotCached) when an answer cannot be had.
    """
    hits: list[SearchHit] = []
    for name in dict.fromkeys(ctx.names):
        hits += client.search(name)
    facts = client.facts(list(dict.fromkeys(h.qid for h in hits)))
    return decide(rank(ctx, hits, facts, client.vocabulary), min_score=min_score)


def accepted_entry(ctx: Context, chosen: Scored, accepted_by: str, today: dt.date | None = None) -> dict:
    """The accepted.yaml entry for ``chosen`` (see ACCEPTED_HEADER)."""
    return {"entity": ctx.entity_id, "qid": chosen.qid, "label": chosen.label, "description": chosen.description,
            "score": chosen.score, "checked": (today or dt.date.today()).isoformat(), "accepted_by": accepted_by,
            "reasons": list(chosen.reasons)}


def write_accepted(path, entry: dict) -> None:
    """Append ``entry`` to the accepted-links file at ``path`` (created with its header if missing)."""
    import os
    from pathlib import Path

    import yaml

    path = Path(path)
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []
    entries.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(ACCEPTED_HEADER + "\n" + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100),
                   encoding="utf-8")
    os.replace(tmp, path)
