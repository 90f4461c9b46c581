"""The hand-written gold annotations (corpus and dev set) are well formed and true to the texts.

Every evidence string must be a verbatim substring of the canonical article text and
every id must be in the registry, or the gold could not score an extractor fairly.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from kg import rdf
from kg import text as textmod
from kg.corpus import load_corpus
from kg.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "corpus"
ARTICLES = {a.id: a for a in load_corpus(ROOT / "corpus")}
REGISTRY = load_registry(ROOT / "corpus" / "actors.yaml", gazetteer=False)  # the gold was written against actors.yaml alone

EVENT_TYPES = {
    "Meeting", "Visit", "Summit", "Retreat", "Conference", "Coup", "Sentencing", "Verdict",
    "Protest", "Election", "Appointment", "Lecture", "PressConference",
}
QUOTE_KINDS = {"direct", "reported"}
MODIFIERS = {"about", "at least", "more than", "over", "exactly"}
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
SECTIONS = {"article", "actors", "new_actors", "quotes", "events", "figures", "roles"}
FIELDS = {
    "quotes": {"text", "speaker", "kind", "date", "via", "note"},
    "events": {"type", "date", "end", "participants", "place", "agreements", "evidence", "planned", "note"},
    "figures": {"value", "modifier", "quantity", "stated_by", "by", "place", "as_of", "evidence", "note"},
    "roles": {"holder", "role", "organization", "start", "end", "as_of", "former", "evidence", "note"},
}


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def date_text(value: object) -> str:
    """YAML reads 2022-01-07 as a date and 2021 as an int; compare them as text."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def is_actor(ref: str) -> bool:
    return ref in REGISTRY or (ref.startswith("anonymous:") and len(ref) > len("anonymous:"))


def test_there_is_one_gold_file_per_article():
    assert sorted(p.stem for p in gold_files()) == sorted(ARTICLES)


@pytest.fixture(params=gold_files(), ids=lambda p: p.stem)
def gold(request):
    data = load(request.param)
    assert data["article"] == request.param.stem
    return data


def test_sections_and_fields_are_known(gold):
    assert set(gold) <= SECTIONS and {"article", "actors", "quotes", "events", "figures", "roles"} <= set(gold)
    for section, allowed in FIELDS.items():
        for item in gold.get(section) or []:
            assert set(item) <= allowed, (section, item)


def test_actors_are_registry_ids_listed_once(gold):
    actors = gold["actors"]
    assert [a for a in actors if a not in REGISTRY] == []
    assert len(actors) == len(set(actors))
    assert gold.get("new_actors") == []


def test_every_evidence_string_is_verbatim_in_the_article(gold):
    text = ARTICLES[gold["article"]].text
    missing = [
        (section, item.get("evidence") or item.get("text"))
        for section in FIELDS
        for item in gold.get(section) or []
        if (item.get("evidence") or item.get("text")) not in text
    ]
    assert missing == []


def test_quote_texts_are_unique_in_the_article(gold):
    text = ARTICLES[gold["article"]].text
    assert [q["text"] for q in gold["quotes"] if text.count(q["text"]) != 1] == []


def test_quotes_name_a_speaker_and_kind(gold):
    for q in gold["quotes"]:
        speakers = q["speaker"] if isinstance(q["speaker"], list) else [q["speaker"]]
        assert speakers and all(is_actor(s) for s in speakers), q
        assert q["kind"] in QUOTE_KINDS, q
        assert "via" not in q or is_actor(q["via"]), q
        assert "date" not in q or DATE.fullmatch(date_text(q["date"])), q


def test_events_are_typed_dated_and_linked(gold):
    for e in gold["events"]:
        assert e["type"] in EVENT_TYPES, e
        for key in ("date", "end"):
            assert key not in e or DATE.fullmatch(date_text(e[key])), e
        assert all(p in REGISTRY for p in e["participants"]), e
        assert "place" not in e or REGISTRY.get(e["place"]).type in {"State", "City", "Region", "Facility"}, e
        assert all(REGISTRY.get(a).type == "Agreement" for a in e.get("agreements", [])), e


def test_figures_are_numbers_with_a_source_in_the_registry(gold):
    for f in gold["figures"]:
        assert isinstance(f["value"], int) and f["value"] > 0, f
        assert f["modifier"] in MODIFIERS, f
        assert "stated_by" not in f or is_actor(f["stated_by"]), f
        assert "by" not in f or f["by"] in REGISTRY, f
        assert DATE.fullmatch(date_text(f["as_of"])), f


def test_roles_link_holders_and_organizations(gold):
    for r in gold["roles"]:
        assert r["holder"] in REGISTRY and r["role"], r
        assert "organization" not in r or r["organization"] in REGISTRY, r
        for key in ("start", "end", "as_of"):
            assert key not in r or DATE.fullmatch(date_text(r[key])), r


def test_every_id_used_is_listed_among_the_actors(gold):
    """An entity the annotation uses must be one the article names."""
    used = set()
    for q in gold["quotes"]:
        used |= set(q["speaker"] if isinstance(q["speaker"], list) else [q["speaker"]]) | {q.get("via")}
    for e in gold["events"]:
        used |= set(e["participants"]) | {e.get("place")} | set(e.get("agreements", []))
    for f in gold["figures"]:
        used |= {f.get("stated_by"), f.get("by"), f.get("place")}
    for r in gold["roles"]:
        used |= {r["holder"], r.get("organization")}
    used = {u for u in used if u and not u.startswith("anonymous:")}
    assert used - set(gold["actors"]) == set()


def facts(article_id: str) -> dict:
    return load(GOLD / f"{article_id}.yaml")


def events_of(article_id: str, type_: str) -> list[dict]:
    return [e for e in facts(article_id)["events"] if e["type"] == type_]


@pytest.mark.parametrize("article_id", ["000-1602361f5c090e7e", "002-ce469ea1af2cc5a4", "003-cccb31c926be307a"])
def test_hun_sen_meets_min_aung_hlaing_on_7_january_2022(article_id):
    assert any(
        {"hun-sen", "min-aung-hlaing"} <= set(e["participants"]) and date_text(e["date"]) == "2022-01-07"
        for e in events_of(article_id, "Meeting")
    )


def test_the_five_point_consensus_is_adopted_in_jakarta_in_april_2021():
    summit = [e for e in events_of("004-0c568830f59e0698", "Summit") if "five-point-consensus" in e.get("agreements", [])]
    assert [(date_text(e["date"]), e["place"]) for e in summit] == [("2021-04", "jakarta")]


def test_the_luang_prabang_retreat_is_on_29_january_2024():
    (retreat,) = events_of("001-5e6a1da8cc247dba", "Retreat")
    assert (date_text(retreat["date"]), retreat["place"]) == ("2024-01-29", "luang-prabang")


def test_min_aung_hlaing_meets_shoigu_in_moscow_and_before_the_coup():
    meetings = {
        (date_text(e["date"]), e.get("place"))
        for e in events_of("004-0c568830f59e0698", "Meeting")
        if {"min-aung-hlaing", "sergei-shoigu"} <= set(e["participants"])
    }
    assert meetings == {("2021-06-22", "moscow"), ("2021-01-22", "myanmar")}


@pytest.mark.parametrize(
    "article_id, value, modifier, quantity, stated_by",
    [
        ("000-1602361f5c090e7e", 1443, "about", "killed", "aapp"),
        ("003-cccb31c926be307a", 1400, "more than", "killed", "amnesty-international"),
        ("003-cccb31c926be307a", 10000, "more than", "arrested or detained", "amnesty-international"),
        ("003-cccb31c926be307a", 30, "more than", "killed", "emerlynne-gil"),
        ("004-0c568830f59e0698", 877, "at least", "killed", None),
        ("004-0c568830f59e0698", 5000, "more than", "arrested", None),
        ("001-5e6a1da8cc247dba", 2500000, "over", "displaced", "united-nations"),
    ],
)
def test_known_figures(article_id, value, modifier, quantity, stated_by):
    found = [
        (f["value"], f["modifier"], f["quantity"], f.get("stated_by"))
        for f in facts(article_id)["figures"]
    ]
    assert (value, modifier, quantity, stated_by) in found


# -- the development set (tests/gold/dev): invented articles, scored apart from the corpus --------
#
# tests/gold/dev/manifest.json lists the articles in the shape `kg ingest DIR --manifest FILE`
# reads; each article has a gold file in the corpus gold's format. Unlike the corpus gold, it
# names entities the registry does not know: `new_actors` holds their labels as printed, and
# the annotation refers to them by the slug of that label (kg.rdf.slug).

DEV = ROOT / "tests" / "gold" / "dev"
DEV_MANIFEST = json.loads((DEV / "manifest.json").read_text(encoding="utf-8"))
MANIFEST_KEYS = {"file", "id", "published", "outlet", "title", "url"}
# 'nearly' (also for 'almost') is a hedge the corpus does not print; 'some' is read as 'about'.
DEV_MODIFIERS = MODIFIERS | {"nearly"}
PLACE_TYPES = {"State", "City", "Region", "Facility"}


def dev_text(entry: dict) -> str:
    """The canonical text of a dev article, as kg.corpus makes it from a file."""
    return textmod.clean(textmod.normalise((DEV / entry["file"]).read_text(encoding="utf-8")))


DEV_TEXTS = {e["id"]: dev_text(e) for e in DEV_MANIFEST}


def dev_gold_files() -> list[Path]:
    return sorted(DEV.glob("*.yaml"))


def new_actor_ids(gold: dict) -> set[str]:
    return {rdf.slug(label) for label in gold.get("new_actors") or []}


def speakers_of(quote: dict) -> list[str]:
    return quote["speaker"] if isinstance(quote["speaker"], list) else [quote["speaker"]]


def test_dev_manifest_entries_have_files_and_metadata():
    ids = [e["id"] for e in DEV_MANIFEST]
    assert len(ids) == len(set(ids)) and len(ids) >= 8
    for e in DEV_MANIFEST:
        assert set(e) == MANIFEST_KEYS, e
        assert (DEV / e["file"]).is_file(), e["file"]
        assert Path(e["file"]).stem == e["id"], e
        assert dt.date.fromisoformat(e["published"]).isoformat() == e["published"], e
        assert e["outlet"] and e["title"], e
        # kg ingest takes an article's id from its URL's path, else from its file name.
        assert e["url"] in (None, f"https://example.org/{e['id']}"), e
    assert not set(ids) & set(ARTICLES), "a dev article id is also a corpus id"


def test_dev_articles_are_stored_as_their_canonical_text():
    """Offsets in the files are offsets in the graph: cleaning changes nothing."""
    for e in DEV_MANIFEST:
        raw = (DEV / e["file"]).read_text(encoding="utf-8")
        assert DEV_TEXTS[e["id"]] == raw.strip(), e["file"]
        assert 250 <= len(raw.split()) <= 1000, (e["file"], len(raw.split()))


def test_there_is_one_dev_gold_file_per_manifest_entry():
    assert sorted(p.stem for p in dev_gold_files()) == sorted(DEV_TEXTS)


@pytest.fixture(params=dev_gold_files(), ids=lambda p: p.stem)
def dev_gold(request):
    data = load(request.param)
    assert data["article"] == request.param.stem
    return data


def test_dev_sections_and_fields_are_known(dev_gold):
    assert set(dev_gold) <= SECTIONS and SECTIONS <= set(dev_gold)
    for section, allowed in FIELDS.items():
        for item in dev_gold.get(section) or []:
            assert set(item) <= allowed, (section, item)


def test_dev_known_actors_are_registry_ids_and_new_actors_are_not(dev_gold):
    text = DEV_TEXTS[dev_gold["article"]]
    actors, new = dev_gold["actors"], dev_gold["new_actors"] or []
    assert [a for a in actors if a not in REGISTRY] == []
    assert len(actors) == len(set(actors))
    assert len(new) == len(new_actor_ids(dev_gold))
    assert [n for n in new if n not in text] == [], "a new actor's label is not printed in the article"
    assert [n for n in new if rdf.slug(n) in REGISTRY] == []


def test_every_dev_evidence_string_is_verbatim_in_the_article(dev_gold):
    text = DEV_TEXTS[dev_gold["article"]]
    missing = [
        (section, item.get("evidence") or item.get("text"))
        for section in FIELDS
        for item in dev_gold.get(section) or []
        if (item.get("evidence") or item.get("text") or "\0") not in text
    ]
    assert missing == []


def test_dev_quote_texts_are_unique_in_the_article(dev_gold):
    text = DEV_TEXTS[dev_gold["article"]]
    assert [q["text"] for q in dev_gold["quotes"] if text.count(q["text"]) != 1] == []


def test_dev_references_are_registry_ids_new_actors_or_printed_anonymous_sources(dev_gold):
    text = DEV_TEXTS[dev_gold["article"]].casefold()
    known = set(REGISTRY.by_id) | new_actor_ids(dev_gold)

    def ok(ref: str) -> bool:
        if ref.startswith("anonymous:"):
            return len(ref) > len("anonymous:") and ref[len("anonymous:"):].casefold() in text
        return ref in known

    for q in dev_gold["quotes"]:
        assert all(ok(s) for s in speakers_of(q)), q
        assert q["kind"] in QUOTE_KINDS, q
        assert "via" not in q or ok(q["via"]), q
        assert "date" not in q or DATE.fullmatch(date_text(q["date"])), q
    for e in dev_gold["events"]:
        assert e["type"] in EVENT_TYPES, e
        assert all(p in known for p in e["participants"]), e
        assert "place" not in e or e["place"] in known, e
        assert e.get("place") not in REGISTRY or REGISTRY.get(e["place"]).type in PLACE_TYPES, e
        assert all(REGISTRY.get(a).type == "Agreement" for a in e.get("agreements", [])), e
        for key in ("date", "end"):
            assert key not in e or DATE.fullmatch(date_text(e[key])), e
    for f in dev_gold["figures"]:
        assert isinstance(f["value"], int) and f["value"] > 0, f
        assert f["modifier"] in DEV_MODIFIERS, f
        assert all(ok(f[k]) for k in ("stated_by", "by", "place") if k in f), f
        assert DATE.fullmatch(date_text(f["as_of"])), f
    for r in dev_gold["roles"]:
        assert r["holder"] in known and r["role"], r
        assert "organization" not in r or r["organization"] in known, r
        for key in ("start", "end", "as_of"):
            assert key not in r or DATE.fullmatch(date_text(r[key])), r


def test_every_id_used_in_the_dev_gold_is_listed(dev_gold):
    """An entity the annotation uses must be one the article names, known or new."""
    used = set()
    for q in dev_gold["quotes"]:
        used |= set(speakers_of(q)) | {q.get("via")}
    for e in dev_gold["events"]:
        used |= set(e["participants"]) | {e.get("place")} | set(e.get("agreements", []))
    for f in dev_gold["figures"]:
        used |= {f.get("stated_by"), f.get("by"), f.get("place")}
    for r in dev_gold["roles"]:
        used |= {r["holder"], r.get("organization")}
    used = {u for u in used if u and not u.startswith("anonymous:")}
    assert used - set(dev_gold["actors"]) - new_actor_ids(dev_gold) == set()


def dev_events(type_: str, participants: set[str], date: str, place: str | None = None) -> set[str]:
    """The dev articles whose gold holds an event of this type, people, date (prefix) and place."""
    found = set()
    for path in dev_gold_files():
        gold = load(path)
        for e in gold["events"]:
            if (
                e["type"] == type_
                and participants <= set(e["participants"])
                and date_text(e.get("date", "")).startswith(date)
                and (place is None or e.get("place") == place)
            ):
                found.add(gold["article"])
    return found


def test_dev_set_reports_the_corpus_events_that_merging_must_find():
    """The known events recur across the dev set, so merging with the corpus can be scored."""
    assert dev_events("Meeting", {"hun-sen", "min-aung-hlaing"}, "2022-01-07", "naypyidaw") == {
        "dev01-wire", "dev02-press-release", "dev07-figures"}
    assert dev_events("Meeting", {"hun-sen", "min-aung-hlaing"}, "2022-01") == {
        "dev01-wire", "dev02-press-release", "dev04-op-ed", "dev07-figures"}
    five_point = {
        a for a in dev_events("Summit", {"asean"}, "2021-04", "jakarta")
        if any("five-point-consensus" in e.get("agreements", []) for e in load(DEV / f"{a}.yaml")["events"])
    }
    assert five_point == {
        "dev01-wire", "dev02-press-release", "dev03-translated", "dev04-op-ed", "dev05-pull-quotes",
        "dev07-figures", "dev08-anonymous", "dev09-interview"}
    assert dev_events("Summit", {"asean"}, "2021-04-24", "jakarta") == {
        "dev02-press-release", "dev07-figures", "dev08-anonymous", "dev09-interview"}
    assert dev_events("Retreat", {"asean-foreign-ministers-meeting"}, "2024-01-29", "luang-prabang") == {
        "dev04-op-ed", "dev05-pull-quotes", "dev07-figures"}
    assert dev_events("Meeting", {"min-aung-hlaing", "sergei-shoigu"}, "2021-06-22", "moscow") == {
        "dev03-translated", "dev09-interview"}
    assert dev_events("Coup", set(), "2021-02-01") == {
        "dev01-wire", "dev03-translated", "dev04-op-ed", "dev07-figures", "dev08-anonymous",
        "dev09-interview"}


def test_dev_set_exercises_new_actors_and_shared_surnames():
    new = {rdf.slug(n) for p in dev_gold_files() for n in load(p)["new_actors"] or []}
    assert {"hun-manet", "jessica-lee", "lee-hsien-loong", "thinzar-hlaing", "retno-marsudi"} <= new
    assert {"luang-prabang-province", "svay-rieng", "svay-rieng-province", "moscow-region"} <= new


def test_dev_readme_describes_every_article():
    readme = (DEV / "README.md").read_text(encoding="utf-8")
    assert [i for i in DEV_TEXTS if f"`{i}`" not in readme] == []
