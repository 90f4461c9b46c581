"""Ask Wikidata: entity search (MediaWiki API) and item facts (query service), cached on disk.

Two public services, both configurable (KG_WIKIDATA_API, KG_WIKIDATA_SPARQL) so that
tests point them at local stand-ins:

* ``search(name)``: the ``wbsearchentities`` action of the MediaWiki API, which finds
  items by label or alias (https://www.wikidata.org/w/api.php?action=help&modules=wbsearchentities);
* ``facts(qids)``: one SPARQL query for what reconciliation checks: English label and
  description, which known classes the item is an instance of (through subclass-of),
  countries (of citizenship, or the country it is in), birth and death dates, and the
  positions held with their start and end qualifiers.

Every answer is cached on disk under KG_WIKIDATA_CACHE, keyed by the URL and the
request, so a name looked up once works offline afterwards; ``offline=True`` never
touches the network and ``refresh=True`` asks again. A network failure raises
``Unreachable`` with one line saying so: callers must not fall back to a guess.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import requests

from kg.config import PROJECT_ROOT

VOCABULARY = PROJECT_ROOT / "corpus" / "wikidata" / "vocabulary.json"
WD = "http://www.wikidata.org/entity/"
QID = re.compile(r"Q[1-9][0-9]*")
USER_AGENT = "aseankg/0.1 (ASEAN-Myanmar knowledge graph; `kg link` reconciliation)"


class WikidataError(RuntimeError):
    """Wikidata could not answer usefully; the message is one line for the user."""


class Unreachable(WikidataError):
    """The service could not be reached (no network, refused, timed out)."""


class NotCached(WikidataError):
    """Offline, and this request was never answered before."""


@dataclass(frozen=True)
class Vocabulary:
    """The classes and properties of corpus/wikidata/vocabulary.json, by English label."""

    classes: Mapping[str, str]  # label -> QID
    properties: Mapping[str, str]  # label -> PID

    @classmethod
    def load(cls, path: Path | str = VOCABULARY) -> "Vocabulary":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({c["label"]: c["qid"] for c in data["classes"]}, {p["label"]: p["pid"] for p in data["properties"]})

    def cls(self, label: str) -> str:
        return self.classes[label]

    def prop(self, label: str) -> str:
        return self.properties[label]

    def class_label(self, qid: str) -> str:
        return next((label for label, q in self.classes.items() if q == qid), qid)


@dataclass(frozen=True)
class SearchHit:
    """One ``wbsearchentities`` result."""

    qid: str
    label: str
    description: str
    matched: str  # the label or alias the search matched


@dataclass(frozen=True)
class Position:
    qid: str
    label: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class ItemFacts:
    """What the query service says about one item, as far as reconciliation checks it."""

    qid: str
    label: str | None = None
    description: str | None = None
    classes: frozenset[str] = frozenset()  # vocabulary classes reached by P31/P279*
    countries: frozenset[str] = frozenset()  # QIDs of P27 (citizenship) or P17 (country)
    born: dt.date | None = None
    died: dt.date | None = None
    positions: tuple[Position, ...] = field(default_factory=tuple)


class Cache:
    """JSON answers on disk, one file per request key; writes are atomic (rename)."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")

    def get(self, key: str) -> dict | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None

    def put(self, key: str, entry: dict) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, ensure_ascii=False)
        os.replace(tmp, self._path(key))


class Client:
    """Wikidata's entity search and query service, answered from the cache when it can.

    :param api_url: the MediaWiki API (``…/w/api.php``).
    :param sparql_url: the query service endpoint.
    :param cache_dir: where answers are kept.
    :param offline: never use the network; a request not in the cache raises NotCached.
    :param refresh: ask the network even when the cache has an answer.
    """

    def __init__(self, api_url: str, sparql_url: str, cache_dir: Path | str, *, offline: bool = False,
                 refresh: bool = False, timeout: float = 10.0, vocabulary: Vocabulary | None = None):
        self.api_url, self.sparql_url = api_url, sparql_url
        self.cache = Cache(cache_dir)
        self.offline, self.refresh, self.timeout = offline, refresh, timeout
        self.vocabulary = vocabulary or Vocabulary.load()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def search(self, name: str, limit: int = 7) -> list[SearchHit]:
        """Items whose English label or alias matches ``name``, best first (Wikidata's order)."""
        params = {"action": "wbsearchentities", "search": name, "language": "en", "uselang": "en",
                  "type": "item", "limit": str(limit), "format": "json"}
        body = self._fetch(self.api_url, params, method="GET")
        if "error" in body:
            raise WikidataError(f"{self.api_url} refused the search for {name!r}: {body['error'].get('info', body['error'])}")
        hits = []
        for h in body.get("search", []):
            if QID.fullmatch(str(h.get("id", ""))):
                match = h.get("match") or {}
                hits.append(SearchHit(h["id"], h.get("label", ""), h.get("description", ""), match.get("text", h.get("label", ""))))
        return hits

    def facts(self, qids: list[str]) -> dict[str, ItemFacts]:
        """Check ``qids`` against the query service; items it does not know are left out."""
        if not qids:
            return {}
        for q in qids:
            if not QID.fullmatch(q):  # they are written into the query text below
                raise ValueError(f"{q!r} is not a QID")
        body = self._fetch(self.sparql_url, {"query": facts_query(qids, self.vocabulary)}, method="POST")
        try:
            rows = body["results"]["bindings"]
        except (KeyError, TypeError):
            raise WikidataError(f"{self.sparql_url} did not answer with SPARQL JSON results") from None
        return read_facts(rows, self.vocabulary)

    def _fetch(self, url: str, params: dict, method: str) -> dict:
        key = json.dumps([url, method, sorted(params.items())], ensure_ascii=False)
        cached = None if self.refresh and not self.offline else self.cache.get(key)
        if cached is not None:
            return cached["body"]
        if self.offline:
            raise NotCached(f"no cached answer from {url} for this request; run without --offline when the network is reachable")
        body = self._http(url, params, method)
        self.cache.put(key, {"url": url, "params": params, "fetched": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "body": body})
        return body

    def _http(self, url: str, params: dict, method: str) -> dict:
        accept = "application/json" if method == "GET" else "application/sparql-results+json"
        try:
            if method == "GET":
                resp = self.session.get(url, params=params, timeout=self.timeout, headers={"Accept": accept})
            else:
                resp = self.session.post(url, data=params, timeout=self.timeout, headers={"Accept": accept})
        except requests.Timeout:
            raise Unreachable(f"cannot reach {url}: no answer within {self.timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise Unreachable(f"cannot reach {url}: {_reason(exc)}") from None
        if resp.status_code != 200:
            raise WikidataError(f"{url} answered HTTP {resp.status_code}: {resp.text[:120].strip()}")
        try:
            return resp.json()
        except ValueError:
            raise WikidataError(f"{url} did not answer with JSON") from None


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "Temporary failure in name resolution",
                  "Network is unreachable", "No route to host"):
        if known in text:
            return known.lower()
    return "connection failed"


def facts_query(qids: list[str], vocabulary: Vocabulary) -> str:
    """The SPARQL query ``Client.facts`` sends: one row per fact, its kind in ?kind.

    QIDs are written into the text (a remote service cannot take substitutions);
    callers check them against the QID pattern first.
    """
    p = vocabulary.prop
    items = " ".join(f"wd:{q}" for q in qids)
    classes = " ".join(f"wd:{q}" for q in vocabulary.classes.values())
    return f"""PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
SELECT ?item ?kind ?value ?valueLabel ?start ?end WHERE {{
  VALUES ?item {{ {items} }}
  {{ ?item rdfs:label ?value FILTER(LANG(?value) = "en") BIND("label" AS ?kind) }}
  UNION {{ ?item schema:description ?value FILTER(LANG(?value) = "en") BIND("description" AS ?kind) }}
  UNION {{ VALUES ?value {{ {classes} }} ?item wdt:{p('instance of')}/wdt:{p('subclass of')}* ?value BIND("class" AS ?kind) }}
  UNION {{ ?item wdt:{p('country of citizenship')}|wdt:{p('country')} ?value BIND("country" AS ?kind) }}
  UNION {{ ?item wdt:{p('date of birth')} ?value BIND("born" AS ?kind) }}
  UNION {{ ?item wdt:{p('date of death')} ?value BIND("died" AS ?kind) }}
  UNION {{
    ?item p:{p('position held')} ?statement . ?statement ps:{p('position held')} ?value .
    OPTIONAL {{ ?statement pq:{p('start time')} ?start }}
    OPTIONAL {{ ?statement pq:{p('end time')} ?end }}
    OPTIONAL {{ ?value rdfs:label ?valueLabel FILTER(LANG(?valueLabel) = "en") }}
    BIND("position" AS ?kind)
  }}
}}"""


def read_facts(rows: list[dict], vocabulary: Vocabulary) -> dict[str, ItemFacts]:
    """Fold the rows of ``facts_query`` into one ItemFacts per item."""
    acc: dict[str, dict] = {}
    for row in rows:
        item = _qid(row.get("item"))
        kind = row.get("kind", {}).get("value")
        value = row.get("value", {})
        if item is None or not value:
            continue
        a = acc.setdefault(item, {"classes": set(), "countries": set(), "positions": [], "born": [], "died": []})
        if kind in ("label", "description"):
            a.setdefault(kind, value["value"])
        elif kind == "class" and _qid(value):
            a["classes"].add(_qid(value))
        elif kind == "country" and _qid(value):
            a["countries"].add(_qid(value))
        elif kind in ("born", "died") and _date(value):
            a[kind].append(_date(value))
        elif kind == "position" and _qid(value):
            a["positions"].append(Position(_qid(value), row.get("valueLabel", {}).get("value", _qid(value)),
                                           _date(row.get("start")), _date(row.get("end"))))
    return {
        q: ItemFacts(q, a.get("label"), a.get("description"), frozenset(a["classes"]), frozenset(a["countries"]),
                     min(a["born"], default=None), min(a["died"], default=None),
                     tuple(sorted(set(a["positions"]), key=lambda p: (p.start or dt.date.min, p.label))))
        for q, a in acc.items()
    }


def _qid(term: dict | None) -> str | None:
    if not term or term.get("type") != "uri" or not term["value"].startswith(WD):
        return None
    local = term["value"][len(WD):]
    return local if QID.fullmatch(local) else None


def _date(term: dict | None) -> dt.date | None:
    """The day of an xsd:dateTime or xsd:date value ('1951-11-08T00:00:00Z'), None if unreadable."""
    if not term:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", term.get("value", ""))
    if not match:
        return None
    try:
        return dt.date(int(match[1]), max(1, int(match[2])), max(1, int(match[3])))
    except ValueError:
        return None
