"""A Wikidata-shaped fixture from qids.json's facts, plus invented homonyms.

Every item of qids.json's ``verified`` list appears with its English label, aliases,
description and type; its country is the registry's (actors.yaml) for the entity linked
to it. People get P569 (date of birth) and P39 (position held) statements in Wikidata's
shape: ``wd:Q p:P39 ?st . ?st ps:P39 wd:Qpos ; pq:P580 ?start ; pq:P582 ?end``. Positions
whose QID qids.json did not see are left out: the fixture writes no QID from memory.

The homonyms are invented, with QIDs in a range (Q990000001…) chosen to look fictional.
They exist only in this fixture: a second Win Myint, the town of Luang Prabang beside the
province, an American Sean Turnell, and two people called Thein Tun Oo.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import yaml

from kg.config import PROJECT_ROOT
from kg.wikidata import Vocabulary

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P, PS, PQ = "http://www.wikidata.org/prop/", "http://www.wikidata.org/prop/statement/", "http://www.wikidata.org/prop/qualifier/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
DESCRIPTION = ox.NamedNode("http://schema.org/description")
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")

CITIES = {"Jakarta", "Moscow", "Naypyidaw", "Phnom Penh", "Bangkok"}
COUNTRY_BY_WORD = {"Cambodia": "Q424", "Myanmar": "Q836", "Burmese": "Q836", "Russia": "Q159",
                   "Australia": "Q408", "Brunei": "Q921", "Laos": "Q819"}

# (qid, label, description, class label, country QID, birth date, aliases)
HOMONYMS = [
    ("Q990000001", "Win Myint", "Burmese footballer", "human", "Q836", "1990-03-02", ()),
    ("Q990000002", "Luang Prabang", "town in northern Laos", "town", "Q819", None, ("Louangphabang",)),
    ("Q990000003", "Sean Turnell", "American baseball player", "human", "Q30", "1980-05-17", ()),
    ("Q990000004", "Thein Tun Oo", "Burmese politician", "human", "Q836", "1950-01-10", ()),
    ("Q990000005", "Thein Tun Oo", "Burmese army officer", "human", "Q836", "1956-07-21", ()),
]
SUBCLASSES = [("town", "human settlement"), ("city", "human settlement"), ("sovereign state", "country"),
              ("first-level administrative country subdivision", "administrative territorial entity")]


def _wd(qid: str) -> ox.NamedNode:
    return ox.NamedNode(WD + qid)


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _when(day: str) -> ox.Literal:
    return ox.Literal(f"{day}T00:00:00Z", datatype=XSD_DATETIME)


def registry_countries() -> dict[str, str]:
    """QID of each linked registry entity -> QID of its registry country."""
    entries = yaml.safe_load((PROJECT_ROOT / "corpus" / "actors.yaml").read_text(encoding="utf-8"))
    qid_of = {e["id"]: e["wikidata"]["qid"] for e in entries if e.get("wikidata")}
    return {qid_of[e["id"]]: qid_of[e["country"]] for e in entries
            if e["id"] in qid_of and e.get("country") in qid_of}


def triples() -> list[ox.Triple]:
    vocab = Vocabulary.load()
    wdt = {label: ox.NamedNode(WDT + pid) for label, pid in vocab.properties.items()}
    out: list[ox.Triple] = []
    for label, qid in vocab.classes.items():
        out.append(ox.Triple(_wd(qid), RDFS_LABEL, _en(label)))
    for sub, sup in SUBCLASSES:
        out.append(ox.Triple(_wd(vocab.cls(sub)), wdt["subclass of"], _wd(vocab.cls(sup))))
    countries = registry_countries()
    labelled: set[str] = set()
    verified = json.loads((PROJECT_ROOT / "corpus" / "wikidata" / "qids.json").read_text(encoding="utf-8"))["verified"]
    for v in verified:
        item = _wd(v["qid"])
        out += [ox.Triple(item, RDFS_LABEL, _en(v["wikidata_label"] or v["name"].split(" (")[0])),
                ox.Triple(item, DESCRIPTION, _en(v["description"]))]
        out += [ox.Triple(item, ALT_LABEL, _en(a)) for a in v.get("aliases_in_articles") or [] if "(" not in a]
        kind = {"person": ["human"], "state": ["sovereign state"], "organization": ["organization"]}.get(v["type"])
        if kind is None:
            kind = ["city"] if v["name"] in CITIES else ["first-level administrative country subdivision"]
        out += [ox.Triple(item, wdt["instance of"], _wd(vocab.cls(k))) for k in kind]
        country = countries.get(v["qid"]) or next((q for w, q in COUNTRY_BY_WORD.items() if w in v["description"]), None)
        if country and v["type"] != "state":
            prop = "country of citizenship" if v["type"] == "person" else "country"
            out.append(ox.Triple(item, wdt[prop], _wd(country)))
        out += _facts(item, v.get("facts") or {}, vocab, labelled)
    if "Luang Prabang Province" in {v["name"] for v in verified}:
        province = next(v["qid"] for v in verified if v["name"] == "Luang Prabang Province")
        out.append(ox.Triple(_wd(province), ALT_LABEL, _en("Luang Prabang")))
    for qid, label, description, cls, country, born, aliases in HOMONYMS:
        item = _wd(qid)
        out += [ox.Triple(item, RDFS_LABEL, _en(label)), ox.Triple(item, DESCRIPTION, _en(description)),
                ox.Triple(item, wdt["instance of"], _wd(vocab.cls(cls))),
                ox.Triple(item, wdt["country of citizenship" if cls == "human" else "country"], _wd(country))]
        out += [ox.Triple(item, ALT_LABEL, _en(a)) for a in aliases]
        if born:
            out.append(ox.Triple(item, wdt["date of birth"], _when(born)))
    return out


def _facts(item: ox.NamedNode, facts: dict, vocab: Vocabulary, labelled: set | None = None) -> list[ox.Triple]:
    pid = vocab.prop
    labelled = set() if labelled is None else labelled
    out = []
    if facts.get("birth_date"):
        out.append(ox.Triple(item, ox.NamedNode(WDT + pid("date of birth")), _when(facts["birth_date"])))
    for n, pos in enumerate(facts.get("positions") or []):
        if not pos.get("qid"):
            continue
        st = ox.NamedNode(f"http://www.wikidata.org/entity/statement/{item.value.rsplit('/', 1)[1]}-P39-{n}")
        out += [ox.Triple(item, ox.NamedNode(P + pid("position held")), st),
                ox.Triple(st, ox.NamedNode(PS + pid("position held")), _wd(pos["qid"])),
                ox.Triple(item, ox.NamedNode(WDT + pid("position held")), _wd(pos["qid"]))]
        if pos["qid"] not in labelled:  # an item has one English label
            labelled.add(pos["qid"])
            out.append(ox.Triple(_wd(pos["qid"]), RDFS_LABEL, _en(pos["label"].split(" (")[0])))
        for key, prop in (("start", "start time"), ("end", "end time")):
            if pos.get(key):
                out.append(ox.Triple(st, ox.NamedNode(PQ + pid(prop)), _when(pos[key])))
    return out


def write(path: Path) -> Path:
    """Write the fixture as N-Triples to ``path``."""
    path.write_bytes(ox.serialize(triples(), format=ox.RdfFormat.N_TRIPLES))
    return path


def search_index() -> list[dict]:
    """Items as the search API sees them: qid, label, description, aliases (fixture order)."""
    items: dict[str, dict] = {}
    for t in triples():
        qid = t.subject.value.rsplit("/", 1)[1]
        if not t.subject.value.startswith(WD) or "statement" in t.subject.value:
            continue
        item = items.setdefault(qid, {"qid": qid, "label": None, "description": "", "aliases": []})
        if t.predicate == RDFS_LABEL:
            item["label"] = t.object.value
        elif t.predicate == DESCRIPTION:
            item["description"] = t.object.value
        elif t.predicate == ALT_LABEL:
            item["aliases"].append(t.object.value)
    homonyms = [q for q, *_ in HOMONYMS]
    ordered = [items[q] for q in homonyms] + [i for q, i in items.items() if q not in homonyms]
    return [i for i in ordered if i["label"]]
