"""Roles over time and agreements: offices as the text states them, reconciled across articles."""
from __future__ import annotations

import datetime as dt

from kg.extract import agreements, roles
from tests.extraction import corpus_doc, corpus_store, make_doc, select

D = dt.date


def holdings(doc) -> dict[tuple[str, str, str], roles.Holding]:
    """One holding per (holder, role, organisation): the one that dates it, if any."""
    out: dict[tuple[str, str, str], roles.Holding] = {}
    for h in roles.find_holdings(doc):
        key = (h.holder, h.role, h.organization)
        if key not in out or (out[key].start is None and h.start is not None):
            out[key] = h
    return out


def test_titles_before_names_with_their_state_or_body():
    found = holdings(corpus_doc("000"))
    assert ("prak-sokhonn", "foreign minister", "cambodia") in found
    assert ("marise-payne", "foreign minister", "australia") in found  # 'Australian Foreign Minister'
    assert ("min-aung-hlaing", "military chief", "tatmadaw") in found
    found = holdings(corpus_doc("003"))
    assert found[("emerlynne-gil", "Deputy Regional Director for Research", "amnesty-international")].as_of.iso() == "2022-01-06"


def test_descriptions_and_appositions_that_name_an_office():
    found = holdings(corpus_doc("004"))
    assert ("thein-tun-oo", "executive director", "thayninga-institute") in found
    assert ("zin-mar-aung", "foreign minister", "national-unity-government") in found
    assert found[("aung-san-suu-kyi", "state counselor", "myanmar")].as_of.iso() == "2021-01"  # 'At the time ... then'
    found = holdings(corpus_doc("004-0c568830f59e0698-2"))
    assert ("nuth-savana", "spokesperson", "general-directorate-of-prisons") in found
    assert ("kem-sokha", "leader", "cambodia-national-rescue-party") in found  # 'its leader'


def test_the_asean_chair_by_year():
    assert holdings(corpus_doc("001"))[("laos", "chair", "asean")].start.iso() == "2024"  # 'the ASEAN Chair for 2024'
    brunei = holdings(corpus_doc("002"))[("brunei", "chair", "asean")]  # 'the previous chair Brunei' in January 2022
    assert (brunei.start.iso(), brunei.end.iso(), brunei.former) == ("2021", "2021", True)
    assert holdings(corpus_doc("000"))[("cambodia", "chair", "asean")].start.iso() == "2022"  # 'currently led by Cambodia'
    chairs = [h for h in roles.find_holdings(corpus_doc("003")) if h.role == "chair"]
    assert {h.start.iso() for h in chairs} == {"2022", "2012"}


def test_appointments_date_the_start_and_are_events():
    envoy = holdings(corpus_doc("002"))[("prak-sokhonn", "special envoy", "asean")]
    assert (envoy.start.iso(), envoy.appointed_by, envoy.appointment) == ("2021-12", "hun-sen", True)
    minister = holdings(corpus_doc("001"))[("sok-chenda-sophea", "foreign minister", "cambodia")]
    assert minister.start.iso() == "2023-08"  # 'the chief of the Cambodian diplomacy'
    triples = roles.appointment_triples(corpus_doc("001"), minister)
    assert any(p.value.endswith("Appointment") for _, _, p in triples)


def test_invented_offices_in_other_words():
    doc = make_doc("Thailand’s Foreign Minister Don Pramudwinai met Prak Sokhonn. Indonesia, the ASEAN chair for 2023, "
                   "hosted the summit. Sok Chenda Sophea was appointed as foreign minister in August 2023.", D(2023, 9, 1))
    found = holdings(doc)
    assert ("don-pramudwinai", "foreign minister", "thailand") in found
    assert found[("indonesia", "chair", "asean")].start.iso() == "2023"
    assert found[("sok-chenda-sophea", "foreign minister", "cambodia")].start.iso() == "2023-08"
    assert not [h for h in roles.find_holdings(make_doc("She is the wife of jailed opposition activist Kem Sokha.", D(2021, 6, 1)))
                if h.role == "wife"]


def test_who_held_an_office_on_a_day_across_articles():
    def holder(role: str, org: str, day: str) -> set[str]:
        rows = select(corpus_store(), f"""
            SELECT DISTINCT ?who WHERE {{
              ?h a akg:RoleHolding ; org:member ?who ; org:role/rdfs:label "{role}" ;
                 org:organization <https://w3id.org/aseankg/id/entity/{org}> ; akg:start ?start .
              OPTIONAL {{ ?h akg:end ?end }}
              FILTER(?start <= "{day}"^^xsd:date && (!BOUND(?end) || ?end >= "{day}"^^xsd:date)) }}""")
        return {r["who"].rsplit("/", 1)[-1] for r in rows}
    assert holder("foreign minister", "cambodia", "2022-01-07") == {"prak-sokhonn"}
    assert holder("foreign minister", "cambodia", "2024-01-29") == {"sok-chenda-sophea"}  # Prak Sokhonn's term ended
    assert holder("chair", "asean", "2021-06-01") == {"brunei"}
    assert holder("chair", "asean", "2022-06-01") == {"cambodia"}


def test_each_holding_has_one_start():
    rows = select(corpus_store(), "SELECT ?h (COUNT(DISTINCT ?s) AS ?n) WHERE { ?h akg:start ?s } GROUP BY ?h")
    assert rows and all(r["n"] == "1" for r in rows)


# ------------------------------------------------------------------ agreements

def test_the_listed_points_of_a_five_point_consensus_are_its_provisions_in_order():
    doc = corpus_doc("003")
    labels = {}
    for fact in agreements.provision_facts(doc):
        for s, p, o in fact.triples:
            if p.value.endswith("label"):
                labels[int(s.value.rsplit("/", 1)[-1])] = o.value
    assert labels == {1: "immediate end to violence", 2: "dialogue among all parties", 3: "aid access",
                      4: "appointment of a special envoy from the bloc", 5: "visit by an ASEAN delegation"}


def test_a_partial_list_is_not_numbered_by_rules():
    doc = make_doc("Last April, ASEAN leaders agreed on a five-point roadmap, including an end to violence and dialogue.", D(2022, 1, 8))
    assert agreements.provision_facts(doc) == []
    doc = make_doc("The five-point consensus calls for an end to violence, talks, an envoy, aid and a visit.", D(2022, 1, 8))
    assert len(agreements.provision_facts(doc)) == 5


def test_the_ceasefire_extended_at_the_meeting_is_its_outcome():
    rows = select(corpus_store(), """
        SELECT DISTINCT ?c ?until ?party ?meeting WHERE {
          ?c a akg:Ceasefire ; akg:validUntil ?until ; akg:party ?party . ?meeting akg:outcome ?c }""")
    assert [(r["until"], r["party"].rsplit("/", 1)[-1], r["meeting"].rsplit("/", 1)[-1]) for r in rows] == [
        ("2022-12-31", "min-aung-hlaing", "meeting-2022-01-07-hun-sen-min-aung-hlaing")]


def test_adoption_and_parties():
    rows = select(corpus_store(), """
        SELECT DISTINCT ?party WHERE { <https://w3id.org/aseankg/id/entity/five-point-consensus> akg:party ?party }""")
    assert {r["party"].rsplit("/", 1)[-1] for r in rows} == {"asean", "min-aung-hlaing"}


def test_an_ousted_leader_in_apposition_held_the_office_until_then():
    doc = make_doc("Envoys asked to meet Aung San Suu Kyi, the deposed civilian leader, on Tuesday.", D(2022, 3, 2))
    h = holdings(doc)[("aung-san-suu-kyi", "civilian leader", "myanmar")]
    assert h.former


def test_a_formal_title_with_its_body_and_a_rank_before_the_name():
    doc = make_doc("The Commander-in-Chief of Defence Services of Myanmar Senior General Min Aung Hlaing met "
                   "the Minister of Defence of the Russian Federation General of the Army Sergei Shoigu.", D(2022, 3, 2))
    found = holdings(doc)
    assert ("min-aung-hlaing", "Commander-in-Chief of Defence Services", "tatmadaw") in found
    assert ("sergei-shoigu", "defense minister", "russia") in found


def test_every_title_of_a_list_in_apposition():
    doc = make_doc("The delegation was led by Prak Sokhonn, Deputy Prime Minister, Minister for Foreign Affairs "
                   "and International Cooperation and Special Envoy of the ASEAN Chair on Myanmar, and U Win Myint.", D(2022, 3, 2))
    found = holdings(doc)
    assert {("prak-sokhonn", "deputy prime minister", "cambodia"), ("prak-sokhonn", "foreign minister", "cambodia"),
            ("prak-sokhonn", "special envoy", "asean")} <= set(found)


def test_a_successor_holds_the_office_from_then_and_the_predecessor_until_then():
    doc = make_doc("Hun Sen ruled for decades. His son Sok Vireak, who succeeded him as prime minister last August, "
                   "spoke on Monday. Prak Sokhonn was named as ASEAN's special envoy, succeeding Erywan Yusof.", D(2024, 2, 1))
    found = holdings(doc)
    assert found[("hun-sen", "prime minister", "cambodia")].end.iso() == "2023-08"
    assert found[("hun-sen", "prime minister", "cambodia")].former
    assert ("erywan-yusof", "special envoy", "asean") in found


def test_a_state_office_of_an_unregistered_person_is_of_the_one_state_in_the_sentence():
    doc = make_doc("Thailand, which hosted the talks, spent a year on what Foreign Minister Somchai Rattanakorn "
                   "called quiet diplomacy.", D(2024, 2, 1))
    assert ("somchai-rattanakorn", "foreign minister", "thailand") in holdings(doc)


def test_a_state_office_in_a_government_release_is_of_the_issuing_state():
    doc = make_doc("The Minister was accompanied by H.E. Chea Sophal, Deputy Prime Minister, and senior officials.",
                   D(2022, 1, 8), outlet="Ministry of Foreign Affairs and International Cooperation (Cambodia)")
    assert ("chea-sophal", "deputy prime minister", "cambodia") in holdings(doc)


def test_a_title_then_a_description_then_the_name():
    doc = make_doc("ASEAN welcomed the appointment of a new special envoy, the veteran Thai diplomat Somsak Wongsuwan.", D(2024, 2, 1))
    assert ("somsak-wongsuwan", "special envoy", "asean") in holdings(doc)


def test_a_ministry_official_of_the_states_ministry_in_the_registry():
    doc = make_doc("Cambodia sent a senior foreign ministry official, Sok Chanthou, to the retreat.", D(2024, 2, 1))
    assert ("sok-chanthou", "senior foreign ministry official", "cambodia-foreign-ministry") in holdings(doc)
