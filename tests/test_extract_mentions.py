"""The mentions stage: registry names, descriptions, new actors and short names."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.corpus import Article
from kg.extract.mentions import find_mentions
from kg.model import Document
from kg.registry import load_registry
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "corpus" / "actors.yaml")


def mentions(registry, text: str) -> tuple[list[tuple[str, str, str]], Document]:
    doc = Document(Article(id="t", text=text, source_file="t.txt", outlet="Test", published=dt.date(2024, 1, 30)), registry)
    return [(m.span.of(text), m.entity, m.kind) for m in find_mentions(doc)], doc


def test_names_aliases_and_descriptions_link_to_one_actor(registry):
    found, _ = mentions(registry, "Asean’s chair met the junta chief in Naypyitaw. The regional bloc said Hun Sen’s trip helped.")
    assert ("Asean", "asean", "name") in found
    assert ("the junta chief", "min-aung-hlaing", "description") in found
    assert ("Naypyitaw", "naypyidaw", "name") in found
    assert ("regional bloc", "asean", "description") in found
    assert ("Hun Sen", "hun-sen", "name") in found


def test_unknown_titled_people_become_new_actors_never_dropped(registry):
    text = ("Thai Foreign Minister Maris Sangiampongsa met Min Aung Hlaing. "
            "“We want peace,” said Kyaw Zin Win, a spokesman for the Karen National Union. "
            "Analyst Htwe Htwe Thein told reporters the visit mattered. Sangiampongsa later left.")
    found, doc = mentions(registry, text)
    assert {a.label: a.type for a in doc.new_actors.values()} == {
        "Maris Sangiampongsa": "Person", "Kyaw Zin Win": "Person", "Htwe Htwe Thein": "Person",
        "Karen National Union": "Organization",
    }
    # the surname alone, after the full name, is the same person
    assert ("Sangiampongsa", "maris-sangiampongsa", "name") in found


def test_a_place_inside_an_organisation_name_is_part_of_the_name(registry):
    found, doc = mentions(registry, "The Myanmar Institute for Peace said the talks were useful.")
    assert [a.label for a in doc.new_actors.values()] == ["Myanmar Institute for Peace"]
    assert not any(entity == "myanmar" for _, entity, _ in found)


def test_a_name_inside_a_description_is_its_own_mention(registry):
    found, _ = mentions(registry, "Tek Sok Lorn, the wife of jailed opposition activist Prov Chantheun, spoke.")
    assert ("Prov Chantheun", "prov-chantheun", "name") in found


def test_descriptive_words_are_not_taken_as_surnames(registry):
    found, _ = mentions(registry, "Russia’s Defense Minister Sergei Shoigu met the Russian minister’s guests. "
                                  "Defense ministers usually attend; the minister said so.")
    assert not any(text.lower() == "minister" for text, _, _ in found)
