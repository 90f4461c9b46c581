"""Score the graph against a hand-written gold annotation: precision, recall and F1 per kind.

The gold (tests/gold/*/<article-id>.yaml, format in tests/gold/README.md) lists per article
the actors it names, its quotations with speakers, its events, figures and roles. The
scorer reads what the graph says about each article with SPARQL, the way a user sees it,
and matches it to the gold leniently where wording may differ (quote text overlap, date
ranges, role names) and strictly where it matters (who said it, who took part, values).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from kg import rdf

KINDS = ("actors", "quotes", "events", "figures", "roles")
MEETING_FAMILY = {"Meeting", "Summit", "Retreat", "Conference"}
COMPATIBLE_QUANTITIES = [{"arrested", "detained", "arrested or detained"}]


@dataclass
class Score:
    tp_pred: int = 0  # predictions that match some gold item
    pred: int = 0
    tp_gold: int = 0  # gold items that some prediction matches
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        for name in ("tp_pred", "pred", "tp_gold", "gold"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.extras += other.extras


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().strip('"').casefold()


def _local(iri: str) -> str:
    """The last segment of an IRI, after its last / or #."""
    return re.split(r"[/#]", iri)[-1]


def _period(value) -> tuple[dt.date, dt.date]:
    """The days a gold date (YYYY-MM-DD, YYYY-MM or YYYY) can mean."""
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        y, m = map(int, text.split("-"))
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    d = dt.date.fromisoformat(text)
    return d, d


def _match(gold: list, pred: list, same, closer=None) -> Score:
    """One-to-one matching of gold and predicted items under ``same``.

    Pairs that ``closer`` also accepts (e.g. the same kind of quote) are made first,
    so a loose match cannot take the prediction a close one needed.
    """
    score = Score(pred=len(pred), gold=len(gold))
    used: set[int] = set()
    matched: set[int] = set()
    for strict in ([closer] if closer else []) + [None]:
        for gi, g in enumerate(gold):
            if gi in matched:
                continue
            hit = next((i for i, p in enumerate(pred)
                        if i not in used and same(g, p) and (strict is None or strict(g, p))), None)
            if hit is not None:
                used.add(hit)
                matched.add(gi)
    score.misses = [repr(g) for gi, g in enumerate(gold) if gi not in matched]
    score.tp_gold = len(used)
    score.tp_pred = len(used)
    score.extras = [repr(p) for i, p in enumerate(pred) if i not in used]
    return score


# -- what the graph says about one article ------------------------------------------------

def _select(store, query: str) -> list[dict]:
    answer = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in answer]


PREFIXES = "\n".join(f"PREFIX {k}: <{v}>" for k, v in rdf.PREFIXES.items())


def predicted_actors(store, article: str) -> list[str]:
    q = f"{PREFIXES} SELECT DISTINCT ?e WHERE {{ <{article}> schema:mentions ?e }}"
    return sorted(_local(r["e"]) for r in _select(store, q))


def predicted_quotes(store, article: str) -> list[tuple]:
    q = f"""{PREFIXES}
    SELECT ?st ?text ?kind (GROUP_CONCAT(DISTINCT ?who; separator="|") AS ?speakers) WHERE {{
      ?st akg:reportedIn <{article}> ; akg:text ?text ; a ?kind .
      FILTER(?kind IN (akg:DirectQuote, akg:ReportedSpeech))
      OPTIONAL {{ ?st akg:speaker ?sp .
                 OPTIONAL {{ ?sp a akg:AnonymousSource ; rdfs:label ?anon }}
                 BIND(IF(BOUND(?anon), CONCAT("anonymous:", ?anon), STRAFTER(STR(?sp), "/entity/")) AS ?who) }}
    }} GROUP BY ?st ?text ?kind"""
    return [(r["text"], frozenset((r["speakers"] or "").split("|")) - {""}, _local(r["kind"]))
            for r in _select(store, q)]


def predicted_events(store, article: str) -> list[tuple]:
    q = f"""{PREFIXES}
    SELECT ?ev ?start ?end (GROUP_CONCAT(DISTINCT STR(?type); separator="|") AS ?types)
           (GROUP_CONCAT(DISTINCT STR(?who); separator="|") AS ?who) WHERE {{
      {{ SELECT DISTINCT ?ev WHERE {{ GRAPH ?g {{ ?ev a akg:Event }} ?g prov:wasDerivedFrom <{article}> }} }}
      ?ev a ?type . FILTER(STRSTARTS(STR(?type), STR(akg:)))
      OPTIONAL {{ ?ev schema:startDate ?start }} OPTIONAL {{ ?ev schema:endDate ?end }}
      OPTIONAL {{ ?ev akg:participant ?who }}
    }} GROUP BY ?ev ?start ?end"""
    out = []
    for r in _select(store, q):
        types = {t.rsplit("#", 1)[-1] for t in (r["types"] or "").split("|") if t}
        who = frozenset(_local(w) for w in (r["who"] or "").split("|") if w)
        start = dt.date.fromisoformat(r["start"]) if r["start"] else None
        end = dt.date.fromisoformat(r["end"]) if r["end"] else start
        out.append((frozenset(types), start, end, who))
    return out


def predicted_figures(store, article: str) -> list[tuple]:
    q = f"""{PREFIXES}
    SELECT DISTINCT ?f ?value ?quantity ?by WHERE {{
      ?f a akg:NumericClaim ; akg:reportedIn <{article}> ; akg:value ?value .
      OPTIONAL {{ ?f akg:quantity/skos:prefLabel ?quantity }}
      OPTIONAL {{ ?f akg:statedBy ?by }}
    }}"""
    return [(float(r["value"]), (r["quantity"] or "").casefold(), _local(r["by"]) if r["by"] else None)
            for r in _select(store, q)]


def predicted_roles(store, article: str) -> list[tuple]:
    q = f"""{PREFIXES}
    SELECT DISTINCT ?h ?holder ?org ?roleLabel WHERE {{
      GRAPH ?g {{ ?h a akg:RoleHolding }} ?g prov:wasDerivedFrom <{article}> .
      ?h org:member ?holder ; org:organization ?org ; org:role ?role .
      OPTIONAL {{ ?role rdfs:label ?roleLabel }}
    }}"""
    return [(_local(r["holder"]), _local(r["org"]), r["roleLabel"] or "") for r in _select(store, q)]


# -- matching -------------------------------------------------------------------------------

def _speakers(value) -> frozenset[str]:
    values = value if isinstance(value, list) else [value]
    return frozenset(str(v) for v in values if v)


def _same_speaker(gold: frozenset[str], pred: frozenset[str]) -> bool:
    for g in gold:
        for p in pred:
            if g == p:
                return True
            if g.startswith("anonymous:") and p.startswith("anonymous:"):
                if _norm(g[10:]) in _norm(p[10:]) or _norm(p[10:]) in _norm(g[10:]):
                    return True
    return False


def _same_quote(g: dict, p: tuple) -> bool:
    gold_text, pred_text = _norm(g["text"]), _norm(p[0])
    overlap = gold_text in pred_text or (len(pred_text) >= 20 and pred_text in gold_text)
    return overlap and _same_speaker(_speakers(g["speaker"]), p[1])


_KINDS = {"direct": "DirectQuote", "reported": "ReportedSpeech"}


SYNONYMS = {"Verdict": "Sentencing"}  # the gold's word for what the ontology calls a sentencing


def _family(types) -> set[str]:
    types = {SYNONYMS.get(t, t) for t in types}
    return {"Meeting"} if types & MEETING_FAMILY else types - {"Event"}


def _same_event(g: dict, p: tuple) -> bool:
    types, start, end, who = p
    if start is None:
        return False
    gold_type = {g["type"]}
    if not (_family(gold_type) & _family(types)):
        return False
    if g.get("date"):
        g_start, g_end = _period(g["date"])
        if g.get("end"):
            g_end = _period(g["end"])[1]
        if start > g_end or (end or start) < g_start:
            return False
    gold_who = set(g.get("participants") or [])
    return not gold_who or len(gold_who & who) >= max(1, (len(gold_who) + 1) // 2)


def _same_figure(g: dict, p: tuple) -> bool:
    value, quantity, _ = p
    if abs(float(g["value"]) - value) > 1e-9:
        return False
    gq = str(g["quantity"]).casefold()
    return gq == quantity or any(gq in s and quantity in s for s in COMPATIBLE_QUANTITIES)


def _same_role(g: dict, p: tuple) -> bool:
    holder, org, label = p
    if g.get("holder") != holder or (g.get("organization") and g["organization"] != org):
        return False
    return fuzz.token_set_ratio(str(g["role"]).casefold(), label.casefold()) >= 60


def score_article(store, gold: dict) -> dict[str, Score]:
    article = str(rdf.article_iri(gold["article"]).value)
    gold_actors = sorted(set(gold.get("actors") or []) | {rdf.slug(str(n)) for n in gold.get("new_actors") or []})
    return {
        "actors": _match(gold_actors, predicted_actors(store, article), lambda g, p: g == p),
        "quotes": _match(gold.get("quotes") or [], predicted_quotes(store, article), _same_quote,
                         closer=lambda g, p: _KINDS.get(g.get("kind")) == p[2]),
        "events": _match(gold.get("events") or [], predicted_events(store, article), _same_event),
        "figures": _match(gold.get("figures") or [], predicted_figures(store, article), _same_figure),
        "roles": _match(gold.get("roles") or [], predicted_roles(store, article), _same_role),
    }


def load_gold(gold_dir: Path | str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.yaml"))]


def score(store, gold_dir: Path | str) -> tuple[dict[str, Score], dict[str, dict[str, Score]]]:
    """Totals per kind, and per article per kind."""
    totals = {k: Score() for k in KINDS}
    per_article: dict[str, dict[str, Score]] = {}
    for gold in load_gold(gold_dir):
        scores = score_article(store, gold)
        per_article[gold["article"]] = scores
        for kind, s in scores.items():
            totals[kind].add(s)
    return totals, per_article


def report(totals: dict[str, Score]) -> str:
    lines = [f"{'kind':<8} {'precision':>9} {'recall':>7} {'F1':>6}  (matched/predicted, matched/gold)"]
    for kind, s in totals.items():
        lines.append(f"{kind:<8} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}  ({s.tp_pred}/{s.pred}, {s.tp_gold}/{s.gold})")
    return "\n".join(lines)
