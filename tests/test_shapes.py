"""SHACL shapes and evidence strings: the sample and the built store conform, and each broken rule is caught."""
from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import RDF, XSD

from kg import validate
from kg.store import EmbeddedStore
from tests.conftest import ROOT
from tests.data import make_sample

SAMPLE = ROOT / "tests" / "data" / "sample.trig"
AKG, OA = validate.AKG, validate.OA
ID = "https://w3id.org/aseankg/id/"


@pytest.fixture
def sample() -> rdflib.Dataset:
    return validate.load_dataset(SAMPLE)


def test_sample_is_in_the_layout_the_pipeline_writes():
    written = set(pyoxigraph.parse(path=str(SAMPLE), format=pyoxigraph.RdfFormat.TRIG))
    assert written == set(make_sample.sample_quads()), "run: .venv/bin/python -m tests.data.make_sample"


def test_sample_conforms_and_every_emitted_class_is_checked(sample):
    report = validate.validate(sample)
    assert report.ok, report.summary()
    for shape in ("StatementShape", "NumericClaimShape", "RoleHoldingShape", "EventShape", "ParticipationShape",
                  "AgreementShape", "ProvisionShape", "ArticleShape", "EvidenceGraphShape", "AnnotationShape",
                  "TextQuoteSelectorShape", "TextPositionSelectorShape", "ActorShape", "ExtractionRunShape",
                  "RoleShape"):
        assert report.focus_nodes[shape] > 0, f"{shape} has no focus node in the sample: the test would pass vacuously"
    assert report.focus_nodes["ProvisionShape"] == 5


def test_built_store_conforms(built_store):
    report = validate.validate(validate.store_dataset(EmbeddedStore(built_store).snapshot()))
    assert report.ok, report.summary()
    assert report.focus_nodes["ArticleShape"] == 6


def _replace(ds: rdflib.Dataset, s, p, new_o=None, graph=None) -> None:
    """Drop every (s, p, *) quad; add (s, p, new_o) in the same graph (or ``graph``) when given."""
    for q in list(ds.quads((s, p, None, None))):
        ds.remove(q)
        if new_o is not None:
            ds.add((s, p, new_o, graph or q[3]))


def _first(ds: rdflib.Dataset, cls) -> rdflib.URIRef:
    return sorted(s for s, _, _, _ in ds.quads((None, RDF.type, cls, None)))[0]


def _date(value: str) -> rdflib.Literal:
    return rdflib.Literal(value, datatype=XSD.date)


def _no_speaker(ds):
    _replace(ds, _first(ds, AKG.DirectQuote), AKG.speaker)


def _no_text(ds):
    _replace(ds, _first(ds, AKG.DirectQuote), AKG.text)


def _no_date(ds):
    _replace(ds, _first(ds, AKG.DirectQuote), rdflib.URIRef(validate.rdf.DCT + "date"))


def _statement_outside_evidence(ds):
    st = _first(ds, AKG.DirectQuote)
    for s, p, o, g in list(ds.quads((st, None, None, None))):
        ds.remove((s, p, o, g))
        ds.add((s, p, o, rdflib.URIRef("https://w3id.org/aseankg/graph/elsewhere")))


def _figure_without_value(ds):
    _replace(ds, _first(ds, AKG.NumericClaim), AKG.value)


def _figure_without_as_of(ds):
    _replace(ds, _first(ds, AKG.NumericClaim), AKG.asOf)


def _figure_without_source(ds):
    _replace(ds, _first(ds, AKG.NumericClaim), AKG.reportedIn)


def _holding_end_before_start(ds):
    _replace(ds, rdflib.URIRef(ID + "holding/brunei-chair-2021"), AKG.end, _date("2020-12-31"))


def _holding_without_role(ds):
    _replace(ds, rdflib.URIRef(ID + "holding/brunei-chair-2021"), rdflib.URIRef(validate.rdf.ORG + "role"))


def _holding_without_organization(ds):
    _replace(ds, rdflib.URIRef(ID + "holding/brunei-chair-2021"), rdflib.URIRef(validate.rdf.ORG + "organization"))


def _event_without_participant(ds):
    meeting = _first(ds, AKG.Summit)
    _replace(ds, meeting, AKG.participant)
    _replace(ds, meeting, AKG.place)


def _holding_without_bounds(ds):
    holding = _first(ds, AKG.RoleHolding)
    _replace(ds, holding, AKG.start)
    _replace(ds, holding, AKG.end)


def _event_without_date(ds):
    _replace(ds, _first(ds, AKG.Meeting), validate.SCHEMA.startDate)


def _provisions_share_a_position(ds):
    _replace(ds, rdflib.URIRef(ID + "agreement/five-point-consensus/2"), AKG.position, rdflib.Literal(1))


def _evidence_graph_without_article(ds):
    _replace(ds, _first(ds, AKG.EvidenceGraph), validate.PROV.wasDerivedFrom)


def _selector_without_exact(ds):
    _replace(ds, _first(ds, OA.TextQuoteSelector), OA.exact)


def _selector_without_offsets(ds):
    _replace(ds, _first(ds, OA.TextPositionSelector), OA.end)


def _article_without_hash(ds):
    _replace(ds, _first(ds, validate.SCHEMA.NewsArticle), validate.SCHEMA.sha256)


def _role_without_label(ds):
    _replace(ds, rdflib.URIRef(ID + "role/chair"), validate.RDFS.label)


def _actor_without_label(ds):
    _replace(ds, rdflib.URIRef(ID + "entity/hun-sen"), validate.RDFS.label)


@pytest.mark.parametrize("breakage, message", [
    (_no_speaker, "a statement needs an akg:speaker"),
    (_no_text, "a statement needs its akg:text"),
    (_no_date, "a statement needs one dct:date"),
    (_statement_outside_evidence, "needs evidence"),
    (_figure_without_value, "a numeric claim needs one akg:value"),
    (_figure_without_as_of, "a numeric claim needs one akg:asOf"),
    (_figure_without_source, "a numeric claim needs its source"),
    (_holding_end_before_start, "not after its akg:end"),
    (_holding_without_role, "a role holding needs exactly one org:role"),
    (_holding_without_organization, "a role holding needs exactly one org:organization"),
    (_event_without_participant, "an event needs at least one akg:participant or an akg:place"),
    (_holding_without_bounds, "a role holding needs akg:start or akg:end"),
    (_event_without_date, "an event needs one schema:startDate"),
    (_provisions_share_a_position, "two provisions of one agreement share a position"),
    (_evidence_graph_without_article, "prov:wasDerivedFrom exactly one"),
    (_selector_without_exact, "a quote selector needs its oa:exact"),
    (_selector_without_offsets, "a position selector needs one oa:end"),
    (_article_without_hash, "an article needs the schema:sha256"),
    (_actor_without_label, "an actor needs an rdfs:label"),
    (_role_without_label, "a role needs an rdfs:label"),
])
def test_each_broken_rule_is_reported(sample, breakage, message):
    breakage(sample)
    report = validate.validate(sample)
    assert not report.ok
    assert any(message in v.message for v in report.violations), report.summary()


def test_an_evidence_string_off_by_one_is_reported(sample):
    pos = _first(sample, OA.TextPositionSelector)
    start = int(next(sample.quads((pos, OA.start, None, None)))[2])
    _replace(sample, pos, OA.start, rdflib.Literal(start + 1))
    errors = validate.validate(sample).evidence_errors
    assert any("is not the text at" in e for e in errors), errors
    assert any("oa:prefix is not the text before" in e for e in errors), errors


def test_a_quote_not_in_its_article_is_reported(sample):
    _replace(sample, _first(sample, AKG.DirectQuote), AKG.text, rdflib.Literal("words nobody printed"))
    assert any("is not in its article" in e for e in validate.validate(sample).evidence_errors)
