"""Saved-query parameters are bound as a VALUES block of RDF terms: a hostile value stays one term."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.catalogue import ParameterError, SavedQuery, bind_params, bind_values, load_query
from kg.runner import execute_locally, run_saved
from kg.resolve import EntityIndex

EX = "http://example.org/"
HOSTILE = [
    'x" } UNION { ?s ?p ?o } #',
    "x' } } SELECT * { ?s ?p ?o } #",
    'line\nbreak \\" }\r\n VALUES ?name { "y" }',
    "x\u0000\u2028 ✓ }",
]


@pytest.fixture()
def query(tmp_path) -> SavedQuery:
    path = tmp_path / "named.rq"
    path.write_text(
        "#+ summary: Things with this exact name {or not}\n"
        "#+ columns: [thing, name]\n"
        "#+ params:\n"
        "#+   name: {type: string, description: the name}\n"
        "#+   thing: {type: entity, description: a thing, required: false}\n"
        "# a brace in a comment: {\n"
        "SELECT ?thing ?name WHERE {\n"
        f"  ?thing <{EX}name> ?name . FILTER(COALESCE(?thing, <{EX}none>) != <{EX}x>)\n"
        "}\n",
        encoding="utf-8",
    )
    return load_query(path)


def _store(names: list[str]) -> ox.Store:
    store = ox.Store()
    for i, name in enumerate(names):
        store.add(ox.Quad(ox.NamedNode(f"{EX}t{i}"), ox.NamedNode(f"{EX}name"), ox.Literal(name)))
    store.add(ox.Quad(ox.NamedNode(f"{EX}other"), ox.NamedNode(f"{EX}name"), ox.Literal("y")))
    return store


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_literal_is_one_term_that_matches_only_itself(query, value):
    store = _store(HOSTILE)
    index = EntityIndex([])
    answer = run_saved(query, {"name": value}, execute_locally(store), index)
    assert answer.records() == [{"thing": f"{EX}t{HOSTILE.index(value)}", "name": value}]


def test_a_hostile_iri_is_refused_before_it_reaches_the_text(query):
    index = EntityIndex([])
    with pytest.raises(ParameterError):
        bind_params(query, {"name": "y", "thing": f"{EX}t0> ?p ?o }} #"}, index.resolve)
    with pytest.raises(ValueError):
        bind_values(query.text, {ox.Variable("thing"): ox.NamedNode(f"{EX}t0> ?p ?o }} #")})


def test_values_open_the_where_group_not_a_brace_in_a_comment(query):
    text = bind_values(query.text, {ox.Variable("name"): ox.Literal("y")})
    assert text.index('VALUES ?name { "y" }') > text.index("SELECT ?thing ?name WHERE {")
    rows = list(_store([]).query(text))
    assert [(r["thing"].value, r["name"].value) for r in rows] == [(f"{EX}other", "y")]
