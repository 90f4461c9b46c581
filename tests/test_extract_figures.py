"""Figures: counts with their modifier, quantity, as-of date and source, from the corpus and from invented text."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kg.extract import figures
from tests.extraction import corpus_doc, corpus_store, make_doc, select

D = dt.date


def claims(doc) -> dict[Decimal, figures.Figure]:
    return {f.value: f for f in figures.find_figures(doc)}


def test_about_1443_killed_according_to_the_political_prisoners_association():
    (f,) = figures.find_figures(corpus_doc("000"))
    assert (f.value, f.modifier, f.quantity, f.as_of.iso()) == (1443, "about", "killed", "2022-01-08")
    assert f.stated_by.entity == "aapp"


def test_amnesty_s_own_figures_and_those_in_gils_quotation():
    found = claims(corpus_doc("003"))
    assert (found[1400].modifier, found[1400].quantity, found[1400].stated_by.entity) == ("more-than", "killed", "amnesty-international")
    assert (found[10000].quantity, found[10000].modifier) == ("detained", "more-than")  # 'arrested or detained'
    thirty = found[30]
    assert (thirty.as_of.iso(), thirty.about.entity, thirty.stated_by.entity) == ("2021-12", "kayah-state", "emerlynne-gil")
    assert found[2].quantity == "killed"  # 'including two staff members': part of the thirty
    assert (found[55_000_000].quantity, found[55_000_000].about.entity) == ("population", "myanmar")


def test_a_news_outlets_own_figures_have_no_source_but_the_article():
    found = claims(corpus_doc("004"))
    assert (found[877].modifier, found[877].quantity, found[877].stated_by) == ("at-least", "killed", None)
    assert (found[5000].modifier, found[5000].quantity) == ("more-than", "arrested")


def test_over_two_and_a_half_million_displaced_according_to_the_un():
    (f,) = figures.find_figures(corpus_doc("001"))
    assert (f.value, f.modifier, f.quantity, f.stated_by.entity) == (2_500_000, "more-than", "displaced", "united-nations")


def test_numbers_that_count_no_people_are_not_figures():
    doc = make_doc("The 10-nation bloc held a three-day meeting; the 24-hour trip cost 2,000 dollars. "
                   "COVID-19 spread in 2021.", D(2022, 1, 8))
    assert figures.find_figures(doc) == []


def test_invented_figures_in_other_words():
    doc = make_doc("Some 1.2 million people have fled their homes, according to the United Nations. "
                   "Nearly 3,000 protesters were arrested last month, Amnesty International said. "
                   "Up to 40 villagers were killed in Kayah State.", D(2022, 3, 10))
    found = claims(doc)
    assert (found[1_200_000].modifier, found[1_200_000].quantity, found[1_200_000].stated_by.entity) == ("about", "displaced", "united-nations")
    arrested = found[3000]
    assert (arrested.modifier, arrested.quantity, arrested.as_of.iso(), arrested.stated_by.entity) == ("about", "arrested", "2022-02", "amnesty-international")
    assert (found[40].modifier, found[40].quantity, found[40].about.entity) == ("up-to", "killed", "kayah-state")


def test_claims_stand_side_by_side_in_the_graph():
    rows = select(corpus_store(), """
        SELECT DISTINCT ?f ?value ?label ?source ?article WHERE {
          ?f a akg:NumericClaim ; akg:quantity akc:killed ; akg:value ?value ; rdfs:label ?label ; akg:reportedIn ?article .
          OPTIONAL { ?f akg:statedBy ?source } }""")
    by_value = {float(r["value"]): r for r in rows}
    assert {1443.0, 1400.0, 877.0, 30.0} <= set(by_value)
    assert by_value[1443.0]["label"] == "about 1,443 killed" and len({r["f"] for r in rows}) == len(rows)
    assert "source" not in by_value[877.0]


def test_a_number_after_the_window_of_sixty_characters_still_finds_its_verb():
    doc = make_doc("Some 40,000 people, nearly half of the district’s inhabitants before the fighting, "
                   "have been driven from their homes.", D(2023, 5, 2))
    assert (claims(doc)[40_000].quantity, claims(doc)[40_000].modifier) == ("displaced", "about")


def test_aid_needs_refugees_and_crowds_are_counted_nouns():
    doc = make_doc("The agency says 3.1 million people still need humanitarian aid. "
                   "The number of refugees and asylum-seekers in camps along the border stood at 90,000. "
                   "About 12,000 fans watched the match.", D(2023, 5, 2))
    found = claims(doc)
    assert found[3_100_000].quantity == "in-need"
    assert (found[90_000].quantity, found[12_000].quantity) == ("refugees", "spectators")


def test_a_number_pointing_back_to_an_earlier_figure_counts_the_same():
    doc = make_doc("About 700 people were displaced in the district, more than 500 of them children, "
                   "compared with 200 a year earlier. In March the tally of the dead stood at 120. "
                   "By June it had passed 300.", D(2023, 7, 1))
    found = claims(doc)
    assert (found[500].quantity, found[500].modifier, found[200].quantity) == ("displaced", "more-than", "displaced")
    assert (found[300].quantity, found[300].modifier) == ("killed", "more-than")
