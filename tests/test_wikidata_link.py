"""`kg link`: reconciliation against stand-ins of Wikidata's search API and query service.

The stand-ins hold the verified items of qids.json plus invented homonyms (tests/standins).
Each test reconciles in a copy of the corpus, so the project's accepted.yaml is never written.
"""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from kg import link
from kg.link import Context, Scored, decide
from kg.registry import load_registry
from kg.wikidata import ItemFacts, Position, SearchHit
from tests.conftest import ROOT, free_port, run_kg
from tests.standins.servers import QueryService, SearchAPI


@pytest.fixture(scope="module")
def standins(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("wikidata")
    query_service, search_api = QueryService(workdir), SearchAPI()
    yield query_service, search_api
    query_service.stop()
    search_api.stop()


@pytest.fixture
def corpus(tmp_path):
    """A copy of the corpus in which Win Myint's verified link is removed, to be found again."""
    copy = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", copy, ignore=shutil.ignore_patterns("accepted.yaml"))
    entries = yaml.safe_load((copy / "actors.yaml").read_text(encoding="utf-8"))
    next(e for e in entries if e["id"] == "win-myint").pop("wikidata")
    (copy / "actors.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def kg_link(*args, built_store, corpus, standins, cache, check=False, **env):
    query_service, search_api = standins
    settings = {"KG_CORPUS": str(corpus), "KG_WIKIDATA_API": search_api.url,
                "KG_WIKIDATA_SPARQL": query_service.url, "KG_WIKIDATA_CACHE": str(cache), **env}
    return run_kg("link", *args, store=built_store, check=check, **settings)


def accepted(corpus) -> list[dict]:
    path = corpus / "wikidata" / "accepted.yaml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []


# ---------------------------------------------------------------- ranking (pure)

WIN_MYINT = Context("Win Myint", ("Win Myint", "U Win Myint"), "Person", country="Q836", roles=("President",),
                    dates=(dt.date(2021, 6, 23),))


def test_the_articles_role_tells_two_people_of_one_name_apart():
    hits = [SearchHit("Q990000001", "Win Myint", "Burmese footballer", "Win Myint"),
            SearchHit("Q8023642", "Win Myint", "President of Myanmar", "Win Myint")]
    facts = {
        "Q990000001": ItemFacts("Q990000001", "Win Myint", classes=frozenset({"Q5"}), countries=frozenset({"Q836"}),
                                born=dt.date(1990, 3, 2)),
        "Q8023642": ItemFacts("Q8023642", "Win Myint", classes=frozenset({"Q5"}), countries=frozenset({"Q836"}),
                              born=dt.date(1951, 11, 8),
                              positions=(Position("Q887124", "President of Myanmar", dt.date(2018, 3, 30)),)),
    }
    ranked = link.rank(WIN_MYINT, hits, facts)
    assert [(s.qid, s.score) for s in ranked] == [("Q8023642", 1.0), ("Q990000001", 0.75)]
    assert decide(ranked).kind == "accept"
    assert "held 'President of Myanmar' (the articles: 'President')" in ranked[0].reasons


def test_a_contradiction_caps_the_score_whatever_the_name():
    dead = ItemFacts("Q1", "Win Myint", classes=frozenset({"Q5"}), countries=frozenset({"Q836"}), died=dt.date(1990, 1, 1))
    scored = link.score(WIN_MYINT, SearchHit("Q1", "Win Myint", "", "Win Myint"), dead)
    assert scored.vetoed and scored.score <= link.VETO_CAP
    assert scored.reasons[0] == "died 1990-01-01, before the articles (2021-06-23)"


def test_close_candidates_and_low_scores_write_nothing():
    a, b = Scored("Q1", "A", "", 0.95, ()), Scored("Q2", "A", "", 0.85, ())
    assert decide([a, b]).kind == "ambiguous"
    assert decide([Scored("Q1", "A", "", 0.79, ())]).kind == "low"
    assert decide([]).kind == "none"


# ---------------------------------------------------------------- kg link against the stand-ins

def test_kg_link_finds_the_verified_item_among_homonyms(built_store, corpus, standins, tmp_path):
    proc = kg_link("Win Myint", built_store=built_store, corpus=corpus, standins=standins, cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Win Myint (win-myint, Person): linked to Q8023642 'Win Myint'")
    [entry] = accepted(corpus)
    assert entry["entity"] == "win-myint" and entry["qid"] == "Q8023642" and entry["score"] == 1.0
    assert entry["accepted_by"] == "score" and entry["checked"] == dt.date.today().isoformat()
    assert load_registry(corpus / "actors.yaml").get("win-myint").wikidata.basis == "reconciled"


def test_the_town_is_linked_not_the_province_of_the_same_name(built_store, corpus, standins, tmp_path):
    proc = kg_link("Luang Prabang", built_store=built_store, corpus=corpus, standins=standins, cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    [entry] = accepted(corpus)
    assert (entry["entity"], entry["qid"], entry["label"]) == ("luang-prabang", "Q990000002", "Luang Prabang")
    assert "Q747881" not in proc.stdout  # the province was vetoed, and an accepted link shows only the match


def test_a_low_score_match_is_refused_and_shown(built_store, corpus, standins, tmp_path):
    proc = kg_link("Sean Turnell", built_store=built_store, corpus=corpus, standins=standins, cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert accepted(corpus) == []
    lines = proc.stdout.splitlines()
    assert lines[0] == "Sean Turnell (sean-turnell, Person): nothing written: the best candidate scores 0.40, below 0.80"
    assert lines[1].split()[:2] == ["Q990000003", "0.40"] and "country Q30, the articles say Q408" in lines[1]
    assert lines[2] == "  to choose one: kg link sean-turnell --accept QID"


def test_two_close_candidates_wait_for_a_person(corpus, standins, tmp_path):
    # Without a store the context is the registry's alone, so nothing tells the two apart.
    cache, built_store = tmp_path / "cache", tmp_path / "no-store"
    proc = kg_link("Thein Tun Oo", built_store=built_store, corpus=corpus, standins=standins, cache=cache)
    assert "nothing written: Q990000004 (1.00) and Q990000005 (1.00) are too close" in proc.stdout
    assert accepted(corpus) == []
    chosen = kg_link("Thein Tun Oo", "--accept", "Q990000005", built_store=built_store, corpus=corpus,
                     standins=standins, cache=cache)
    assert chosen.returncode == 0, chosen.stderr
    assert [(e["qid"], e["accepted_by"]) for e in accepted(corpus)] == [("Q990000005", "person")]
    wrong = kg_link("Sean Turnell", "--accept", "Q57788", built_store=built_store, corpus=corpus,
                    standins=standins, cache=cache)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == ("Error: Q57788 is not among the candidates Wikidata gave (Q990000003); "
                                    "nothing written")


def test_it_works_offline_from_its_cache_and_says_when_it_cannot(built_store, corpus, standins, tmp_path):
    cache = tmp_path / "cache"
    kg_link("Win Myint", "--dry-run", built_store=built_store, corpus=corpus, standins=standins, cache=cache, check=True)
    searches = standins[1].requests
    closed = f"http://127.0.0.1:{free_port()}"
    unreachable = {"KG_WIKIDATA_API": closed + "/w/api.php", "KG_WIKIDATA_SPARQL": closed + "/sparql"}
    offline = kg_link("Win Myint", "--offline", built_store=built_store, corpus=corpus, standins=standins, cache=cache)
    assert offline.returncode == 0 and "linked to Q8023642" in offline.stdout
    assert standins[1].requests == searches  # answered from the cache
    uncached = kg_link("Luang Prabang", "--offline", built_store=built_store, corpus=corpus, standins=standins, cache=cache)
    assert uncached.returncode == 1
    assert uncached.stderr.startswith("Error: no cached answer from http://127.0.0.1:")
    down = kg_link("Luang Prabang", built_store=built_store, corpus=corpus, standins=standins, cache=cache, **unreachable)
    assert down.returncode == 1
    assert down.stderr == f"Error: cannot reach {closed}/w/api.php: connection refused\n"
    assert [e["entity"] for e in accepted(corpus)] == ["win-myint"]  # never a guess


def test_missing_lists_the_entities_without_a_link(built_store, corpus, standins, tmp_path):
    proc = kg_link("--missing", "--list", built_store=built_store, corpus=corpus, standins=standins, cache=tmp_path)
    listed = proc.stdout.splitlines()
    registry = load_registry(corpus / "actors.yaml")
    assert len(listed) == sum(1 for e in registry if e.wikidata is None)
    assert "Win Myint (win-myint, Person)" in listed and "Luang Prabang (luang-prabang, City)" in listed
    assert not any(line.startswith("Hun Sen ") for line in listed)
