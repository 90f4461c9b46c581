"""Reconcile what several articles say about one role holding: one start, one end, and successions.

roles.py gives every statement of "Foreign Minister Prak Sokhonn" the same holding IRI, so
a build holds several claims about its bounds: a dated start ("appointed ... in August
2023"), the days articles attest it (a start and akg:endEarliest on the same day), a
stated end ("former"). The shapes allow one value each, so the build keeps:

* akg:start: the earliest stated start; if none is stated, the first attested day;
* akg:endEarliest: the last attested day, unless an end is stated;
* akg:end: the earliest stated end; for an office one person holds at a time (a foreign
  minister, a bloc's chair or special envoy), an open holding ends at the latest when the
  next holder's begins (Sok Chenda Sophea appointed in August 2023 ends Prak Sokhonn's
  term as Cambodia's foreign minister by 2023-08-31). That inferred end is stated in the
  evidence graph of the successor's start.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pyoxigraph import NamedNode

from kg import rdf
from kg.model import Fact

ORG = "http://www.w3.org/ns/org#"
BOUNDS = {rdf.AKG + name for name in ("start", "startLatest", "startPrecision", "end", "endEarliest", "endPrecision")}
SINGLE_HOLDER = {"prime minister", "foreign minister", "defense minister", "president", "state counselor", "chair",
                 "special envoy", "junta chief", "military chief", "permanent secretary", "executive director"}


@dataclass(frozen=True)
class Claim:
    """What one fact says about one holding's bounds."""

    holding: str
    article: int
    fact: int
    values: dict


def _claims(articles_facts: list[list[Fact]]) -> list[Claim]:
    out = []
    for n, facts in enumerate(articles_facts):
        for i, fact in enumerate(facts):
            found: dict[str, dict] = {}
            for s, p, o in fact.triples:
                if p.value in BOUNDS and s.value.startswith(rdf.ID + "holding/"):
                    found.setdefault(s.value, {})[p.value[len(rdf.AKG):]] = o.value
            out += [Claim(h, n, i, v) for h, v in found.items()]
    return out


def _attested(v: dict) -> bool:
    return "endEarliest" in v and "end" not in v and "startLatest" not in v


def _triples(holding: NamedNode, values: dict) -> list[tuple]:
    out = []
    for name in ("start", "startLatest", "end", "endEarliest"):
        if values.get(name):
            out.append((holding, rdf.akg(name), rdf.date_literal(dt.date.fromisoformat(values[name]))))
    for name in ("startPrecision", "endPrecision"):
        if values.get(name):
            out.append((holding, rdf.akg(name), rdf.string(values[name])))
    return out


def reconcile(articles_facts: list[list[Fact]]) -> list[list[Fact]]:
    """The build's facts with one set of bounds per holding (see the module docstring)."""
    claims = _claims(articles_facts)
    by_holding: dict[str, list[Claim]] = {}
    for c in claims:
        by_holding.setdefault(c.holding, []).append(c)
    final: dict[str, tuple[Claim, dict]] = {}
    for holding, cs in by_holding.items():
        stated = [c for c in cs if not _attested(c.values) and "start" in c.values]
        attested = [c for c in cs if _attested(c.values)]
        home = min(stated or attested or cs, key=lambda c: (c.values.get("start", "9999"), c.article, c.fact))
        values = {k: home.values.get(k) for k in ("start", "startLatest", "startPrecision")}
        ends = [c for c in cs if "end" in c.values]
        if ends:
            e = min(ends, key=lambda c: c.values["end"])
            values.update({k: e.values.get(k) for k in ("end", "endEarliest", "endPrecision")})
        elif attested:
            values["endEarliest"] = max(c.values["endEarliest"] for c in attested)
        final[holding] = (home, values)
    additions = _successions(articles_facts, final)
    out = []
    for n, facts in enumerate(articles_facts):
        kept = []
        for i, fact in enumerate(facts):
            triples = [t for t in fact.triples if not (t[1].value in BOUNDS and t[0].value in final)]
            for holding, (home, values) in final.items():
                if (home.article, home.fact) == (n, i):
                    triples += _triples(NamedNode(holding), values)
            triples += [t for (a, f), ts in additions.items() if (a, f) == (n, i) for t in ts]
            kept.append(replace(fact, triples=tuple(dict.fromkeys(triples))))
        out.append(kept)
    return out


def _successions(articles_facts: list[list[Fact]], final: dict[str, tuple[Claim, dict]]) -> dict[tuple[int, int], list]:
    """End an open holding of a one-holder office when the next holder's begins."""
    described: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for facts in articles_facts:
        for fact in facts:
            for s, p, o in fact.triples:
                if s.value in final and p.value in (ORG + "member", ORG + "role", ORG + "organization"):
                    described.setdefault(s.value, {})[p.value[len(ORG):]] = o.value
                if p.value == rdf.RDFS + "label" and s.value.startswith(rdf.ID + "role/"):
                    labels[s.value] = o.value
    offices: dict[tuple, list[str]] = {}
    for holding, d in described.items():
        if labels.get(d.get("role", "")) in SINGLE_HOLDER and "organization" in d:
            offices.setdefault((d["role"], d["organization"]), []).append(holding)
    additions: dict[tuple[int, int], list] = {}
    for holdings in offices.values():
        ordered = sorted(holdings, key=lambda h: final[h][1].get("start") or "9999")
        for h, nxt in zip(ordered, ordered[1:]):
            values, (home, following) = final[h][1], final[nxt]
            if values.get("end") or described[h].get("member") == described[nxt].get("member"):
                continue
            last_seen = values.get("endEarliest") or values.get("start")
            if not following.get("start") or following["start"] <= (last_seen or ""):
                continue
            values["end"] = following.get("startLatest") or following["start"]
            values["endPrecision"] = following.get("startPrecision") or "day"
            # the end is inferred from the successor's start: state it with that evidence
            additions.setdefault((home.article, home.fact), []).extend(
                _triples(NamedNode(h), {"end": values["end"], "endPrecision": values["endPrecision"]}))
            final[h] = (final[h][0], {k: v for k, v in values.items() if k not in ("end", "endPrecision")})
    return additions


def reconcile_with_store(facts: list[Fact], store) -> list[Fact]:
    """A new article's facts for `kg ingest`: holdings the store already bounds keep the store's bounds.

    The store's graphs are not rewritten by an ingest, so a second akg:start for an existing
    holding would contradict it; the new article's own holdings are reconciled among themselves.
    """
    (own,) = reconcile([facts])
    bounded = {row["h"].value for row in store.query(
        "SELECT DISTINCT ?h WHERE { ?h <https://w3id.org/aseankg/ontology#start> ?s }", use_default_graph_as_union=True)}
    out = []
    for f in own:
        triples = tuple(t for t in f.triples if not (t[1].value in BOUNDS and t[0].value in bounded))
        if triples:
            out.append(replace(f, triples=triples) if triples != f.triples else f)
    return out
