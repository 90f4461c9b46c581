"""The statements stage: who said what, when, to whom, in quotation marks or reported.

Cases come from the corpus and from invented copy in other styles (wire, press release,
translated text with other quotation marks, pull quotes, quotes over several paragraphs),
to show that the rules follow the conventions of print rather than one article.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from kg import rdf
from kg import text as textmod
from kg.corpus import Article, load_corpus
from kg.extract import mentions
from kg.extract.quotes import find_quotations
from kg.extract.statement_facts import facts
from kg.extract.statements import find_statements
from kg.model import Document
from kg.registry import load_registry
from kg.sentences import split_sentences
from tests.conftest import ROOT
from tests.statement_scoring import score

PUBLISHED = dt.date(2024, 3, 6)  # a Wednesday


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "corpus" / "actors.yaml")


@pytest.fixture(scope="module")
def corpus(registry):
    docs = {}
    for article in load_corpus(ROOT / "corpus"):
        docs[article.id] = _doc(registry, article)
    return docs


def _doc(registry, article: Article) -> Document:
    doc = Document(article, registry, sentences=split_sentences(article.text))
    mentions.extract(doc)
    return doc


def document(registry, text: str, published: dt.date = PUBLISHED) -> Document:
    return _doc(registry, Article(id="t", text=text, source_file="t.txt", outlet="Test", published=published))


def said(registry, text: str, published: dt.date = PUBLISHED) -> list[tuple[str, str, str]]:
    """(kind, speaker, words) for each statement: speaker ids joined by '+', or the anonymous label."""
    doc = document(registry, text, published)
    return [(s.kind, s.speaker.anonymous or "+".join(s.speaker.entities), " | ".join(p.of(text) for p in s.parts))
            for s in find_statements(doc)]


def value(term) -> str:
    return term.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def triples_of(doc: Document) -> list[tuple[str, str, str, str]]:
    """(subject, predicate, object, evidence text) for every statement triple, local names only."""
    return [(value(s), value(p), value(o), f.span.of(doc.text))
            for f in facts(doc, find_statements(doc)) for s, p, o in f.triples]


# ---------------------------------------------------------------- the corpus against the gold


def test_quote_attribution_f1_on_the_corpus_is_at_least_095(corpus):
    scores = [score(article_id, doc.text, find_statements(doc)) for article_id, doc in corpus.items()]
    gold, found, matched = (sum(getattr(s, k) for s in scores) for k in ("gold", "found", "matched"))
    precision, recall = matched / found, matched / gold
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert all(s.f1 >= 0.9 for s in scores), {s.article: round(s.f1, 3) for s in scores}


def test_quote_attribution_generalises_to_the_development_set(registry):
    """Invented wire, press-release, translated, op-ed, sports, figures, anonymous-source and Q&A
    copy (tests/gold/dev), which the rules were checked on but not fitted to one sentence of."""
    dev = ROOT / "tests" / "gold" / "dev"
    scores = []
    for entry in json.loads((dev / "manifest.json").read_text(encoding="utf-8")):
        text = textmod.clean(textmod.normalise((dev / entry["file"]).read_text(encoding="utf-8")))
        article = Article(id=entry["id"], text=text, source_file=entry["file"], outlet=entry["outlet"],
                          published=dt.date.fromisoformat(entry["published"]))
        scores.append(score(entry["id"], text, find_statements(_doc(registry, article)), dev))
    gold, found, matched = (sum(getattr(s, k) for s in scores) for k in ("gold", "found", "matched"))
    precision, recall = matched / found, matched / gold
    assert 2 * precision * recall / (precision + recall) >= 0.75, {s.article: round(s.f1, 2) for s in scores}


def test_a_pull_quote_repeated_with_its_attribution_line_is_one_statement(corpus):
    doc = corpus["003-cccb31c926be307a"]
    cancel = [s for s in find_statements(doc) if "he should cancel this trip" in s.parts[0].of(doc.text)]
    assert len(cancel) == 1
    assert cancel[0].speaker.entities == ("emerlynne-gil",)
    # the unquoted repeat and its attribution line are evidence for the same statement
    assert any("Emerlynne Gil, Amnesty International's Deputy Regional Director for Research" in m.of(doc.text)
               for m in cancel[0].more)


def test_a_series_of_quoted_paragraphs_after_an_introduction_keeps_its_speaker(corpus):
    doc = corpus["003-cccb31c926be307a"]
    direct = [s for s in find_statements(doc) if s.kind == "direct"]
    assert len(direct) == 5 and {s.speaker.entities for s in direct} == {("emerlynne-gil",)}


def test_machine_translated_quotes_without_marks_are_direct_speech(corpus):
    doc = corpus["000-1602361f5c090e7e"]
    by_words = {s.parts[0].of(doc.text)[:30]: s for s in find_statements(doc)}
    opposes = by_words["If there is anyone who opposes"]
    assert (opposes.kind, opposes.speaker.entities) == ("direct", ("prak-sokhonn",))
    # an opening mark never closed: the quotation runs to the end of its paragraph
    assert by_words["in implementing the peace effo"].kind == "direct"


def test_a_joint_statement_speaks_for_both_parties_of_the_talks_on_its_day(corpus):
    doc = corpus["000-1602361f5c090e7e"]
    rows = triples_of(doc)
    joint = {s for s, p, o, _ in rows if (p, o) == ("type", "JointStatement")}
    assert len(joint) == 1
    (iri,) = joint
    assert {o for s, p, o, _ in rows if s == iri and p == "speaker"} == {"hun-sen", "min-aung-hlaing"}
    assert {(p, o) for s, p, o, _ in rows if s == iri and p in ("date", "datePrecision")} == {
        ("date", "2022-01-07"), ("datePrecision", "day")}  # 'Friday’s joint statement', published on Saturday


def test_a_channel_that_passes_words_on_is_not_their_speaker(corpus):
    doc = corpus["001-5e6a1da8cc247dba"]
    stressed = next(s for s in find_statements(doc) if "the importance of strengthening" in s.parts[0].of(doc.text))
    assert stressed.speaker.entities == ("sok-chenda-sophea",)  # '…, said the Ministry of Foreign Affairs …'
    assert "said the Ministry" not in stressed.parts[0].of(doc.text)


def test_pronouns_and_definite_descriptions_find_the_last_speaker(corpus):
    def speaker(doc: Document, words: str) -> tuple[str, ...]:
        return next(s.speaker.entities for s in find_statements(doc) if s.parts[0].of(doc.text).startswith(words))

    doc = corpus["004-0c568830f59e0698"]
    assert speaker(doc, "Military cooperation with Russia") == ("thein-tun-oo",)  # '“…,” he said.'
    assert speaker(doc, "Myanmar and Russia are also") == ("thein-tun-oo",)  # the next quoted paragraph
    assert speaker(doc, "the military under his control") == ("min-aung-hlaing",)
    assert speaker(doc, "degraded") == ("min-aung-hlaing",)  # 'what he called a “degraded” democracy'
    doc = corpus["001-5e6a1da8cc247dba"]
    assert speaker(doc, "We reaffirmed ASEAN unity") == ("asean-foreign-ministers-meeting",)  # 'the ministers said'
    assert speaker(doc, "all parties to exercise") == ("asean-foreign-ministers-meeting",)  # 'They called on …'


def test_names_in_quotation_marks_are_not_statements(corpus):
    doc = corpus["004-0c568830f59e0698-2"]
    assert not any(s.parts[0].of(doc.text) == "Friday wives" for s in find_statements(doc))
    # the subhead 'We cannot be silent' repeats the quote below it: one statement
    assert sum("We cannot be silent" in s.parts[0].of(doc.text) for s in find_statements(doc)) == 1


def test_the_women_said_names_the_wives_the_next_paragraphs_introduce(corpus):
    doc = corpus["004-0c568830f59e0698-2"]
    fearing = next(s for s in find_statements(doc) if "are fearing" in s.parts[0].of(doc.text))
    assert fearing.speaker.entities == ("tek-sok-lorn", "nguon-phalla")


# ---------------------------------------------------------------- the graph a user sees


def test_a_quote_fact_holds_the_quote_and_its_attribution_with_date_hearer_and_medium(corpus):
    doc = corpus["004-0c568830f59e0698-2"]
    rows = triples_of(doc)
    thin = next(s for s, p, o, _ in rows if p == "text" and o.startswith("Her husband was thin"))
    mine = {(p, o) for s, p, o, _ in rows if s == thin}
    assert {("type", "Statement"), ("type", "ReportedSpeech"), ("speaker", "tek-sok-lorn"),
            ("date", "2021-06-23"), ("datePrecision", "day"), ("addressee", "radio-free-asia"),
            ("medium", "interview"), ("reportedIn", "004-0c568830f59e0698-2")} <= mine
    evidence = {e for s, p, o, e in rows if s == thin and p == "speaker"}
    assert evidence == {"Her husband was thin, pale, and exhausted, and looked sadly at her through hollow eyes, "
                        "Tek Sok Lorn told RFA on Wednesday"}
    assert thin == "004-0c568830f59e0698-2-642"  # statement/<article>-<offset where the words start>


def test_an_undated_statement_is_dated_not_later_than_publication(corpus):
    doc = corpus["003-cccb31c926be307a"]
    rows = triples_of(doc)
    nightmare = next(s for s, p, o, _ in rows if p == "text" and o.startswith("The nightmare"))
    assert {(p, o) for s, p, o, _ in rows if s == nightmare and p.startswith("date")} == {
        ("date", "2022-01-06"), ("dateLatest", "2022-01-06"), ("datePrecision", "publication")}


def test_anonymous_sources_are_one_node_per_article_and_wording(corpus):
    doc = corpus["004-0c568830f59e0698"]
    rows = triples_of(doc)
    anonymous = {s for s, p, o, _ in rows if (p, o) == ("type", "AnonymousSource")}
    assert anonymous == {"anonymous-004-0c568830f59e0698-observers", "anonymous-004-0c568830f59e0698-analysts",
                         "anonymous-004-0c568830f59e0698-other-analysts"}
    # labelled as printed at each place: 'Observers say …' and '… observers questioned …'
    assert {o for s, p, o, _ in rows if p == "label"} == {"Observers", "observers", "analysts", "other analysts"}


def test_every_fact_span_contains_its_quote_and_stays_in_the_article(corpus):
    for doc in corpus.values():
        for fact in facts(doc, find_statements(doc)):
            evidence = fact.span.of(doc.text)
            for s, p, o in fact.triples:
                if p == rdf.akg("text"):
                    assert o.value in evidence


def test_stance_follows_the_verb_then_the_words(corpus):
    doc = corpus["001-5e6a1da8cc247dba"]
    rows = triples_of(doc)
    stance = {o2: o for s, p, o, _ in rows if p == "stance" for s2, p2, o2, _ in rows if s2 == s and p2 == "text"}
    assert stance[next(t for t in stance if t.startswith("welcomed the initiatives"))] == "supports"
    assert stance[next(t for t in stance if t.startswith("all parties to exercise"))] == "calls-for"
    assert stance[next(t for t in stance if t.startswith("Sending a representative"))] == "criticises"


# ---------------------------------------------------------------- other styles of copy


def test_wire_copy_with_straight_quotes_dateline_and_she_added(registry):
    text = ('JAKARTA, Indonesia (AP) — Indonesian Foreign Minister Retno Marsudi said Tuesday that the bloc would '
            "not invite the junta's leaders to the summit.\n\n"
            '"We will not compromise on the five-point consensus," Marsudi told reporters in Jakarta. '
            '"The violence must stop."\n\n'
            "She added that talks with all parties would continue. Two diplomats familiar with the discussions "
            "said Thailand had pushed for a softer line.")
    assert said(registry, text) == [
        ("reported", "retno-marsudi", "the bloc would not invite the junta's leaders to the summit"),
        ("direct", "retno-marsudi", "We will not compromise on the five-point consensus,"),
        ("direct", "retno-marsudi", "The violence must stop."),
        ("reported", "retno-marsudi", "talks with all parties would continue"),
        ("reported", "Two diplomats familiar with the discussions", "Thailand had pushed for a softer line"),
    ]
    rows = triples_of(document(registry, text))
    first = next(s for s, p, o, _ in rows if p == "text" and o.startswith("the bloc"))
    assert ("date", "2024-03-05") in {(p, o) for s, p, o, _ in rows if s == first}  # 'said Tuesday'


def test_press_release_with_attribution_line_under_a_pull_quote(registry):
    text = ("For immediate release\n\n"
            "“We welcome the release of the detainees, but it is long overdue,” said Jane Doe, Executive Director "
            "of the Asia Rights Network. “The authorities must now drop all charges against them.”\n\n"
            "The group called on the government to allow independent monitors into the prisons.\n\n"
            "“Every day of delay puts lives at risk.”\n\n"
            "Jane Doe, Executive Director, Asia Rights Network")
    assert said(registry, text) == [
        ("direct", "jane-doe", "We welcome the release of the detainees, but it is long overdue,"),
        ("direct", "jane-doe", "The authorities must now drop all charges against them."),
        ("reported", "asia-rights-network", "the government to allow independent monitors into the prisons"),
        ("direct", "jane-doe", "Every day of delay puts lives at risk."),
    ]


def test_translated_copy_with_guillemets_and_low_quotes(registry):
    text = ("The spokesman of the ministry declared: «We are ready for dialogue with all sides». "
            "According to the statement of the ministry, the talks will start in March.\n\n"
            "„This is a historic day“, said the minister, adding that the agreement would be signed soon.")
    assert said(registry, text) == [
        ("direct", "The spokesman of the ministry", "We are ready for dialogue with all sides"),
        ("reported", "the ministry", "the talks will start in March"),
        ("direct", "the minister", "This is a historic day"),
        ("reported", "the minister", "the agreement would be signed soon"),  # '…, adding that …' after a tag
    ]


def test_a_quote_over_two_paragraphs_is_one_statement_and_labels_are_not_quotes(registry):
    text = ("Kyaw Min, a lawyer for the detained activists, described the trial as a sham.\n\n"
            "“The judges had already decided. They did not listen to a single witness.\n\n"
            "“This is not justice. It is theatre,” he said.\n\n"
            "The court, known as the “special tribunal”, was set up last year. "
            "Officials call the process “fair and transparent.”")
    assert said(registry, text) == [
        ("reported", "kyaw-min", "described the trial as a sham"),
        ("direct", "kyaw-min", "The judges had already decided. They did not listen to a single witness. | "
                               "This is not justice. It is theatre,"),
        ("direct", "Officials", "fair and transparent."),
    ]
    rows = triples_of(document(registry, text))
    quote = next(s for s, p, o, _ in rows if p == "text" and o.startswith("The judges"))
    # each paragraph of the quotation is evidence for its own words; the second holds the speaker
    assert [(o, e) for s, p, o, e in rows if s == quote and p in ("text", "speaker")] == [
        ("The judges had already decided. They did not listen to a single witness.",
         "“The judges had already decided. They did not listen to a single witness."),
        ("This is not justice. It is theatre,", "“This is not justice. It is theatre,” he said"),
        ("kyaw-min", "“This is not justice. It is theatre,” he said"),
    ]


def test_apostrophes_are_not_quotation_marks(registry):
    text = ("The prisoners’ wives said Hun Sen’s government didn’t listen. "
            "‘We have to engage with everyone,’ Hun Sen told a press conference in Phnom Penh on Monday.")
    assert [q.text(text) for q in find_quotations(text)] == ["We have to engage with everyone,"]
    assert said(registry, text) == [
        ("reported", "The prisoners’ wives", "Hun Sen’s government didn’t listen"),
        ("direct", "hun-sen", "We have to engage with everyone,"),
    ]


def test_an_unnamed_official_with_a_participial_aside(registry):
    text = ("In an interview with Reuters on Friday, Thai Prime Minister Srettha Thavisin said Thailand was ready "
            "to mediate. A senior ASEAN official, speaking on condition of anonymity, said the proposal had little "
            "support.\n\nObservers noted that Bangkok has long-standing ties with the military.")
    assert said(registry, text) == [
        ("reported", "srettha-thavisin", "Thailand was ready to mediate"),
        ("reported", "A senior ASEAN official", "the proposal had little support"),
        ("reported", "Observers", "Bangkok has long-standing ties with the military"),
    ]
    rows = triples_of(document(registry, text))
    mediate = next(s for s, p, o, _ in rows if p == "text" and o.startswith("Thailand was ready"))
    assert {("medium", "interview"), ("date", "2024-03-01")} <= {(p, o) for s, p, o, _ in rows if s == mediate}


def test_a_q_and_a_gives_each_answer_to_the_interviewee(registry):
    text = ("Q&A: what next for the bloc\n\nInterview by Tom Reyes\n\n"
            "Daw Khin Ma Ma is a historian at Yangon University. She spoke to us by phone.\n\n"
            "Q: Will the plan survive?\n\nA: Only on paper. Nobody in Naypyitaw reads it.\n\n"
            "Q: And the envoy?\n\nA: He has no door to knock on. I spoke to a monk from Sagaing last week. "
            "He told me the soldiers had burned his village.")
    found = said(registry, text)
    assert ("direct", "khin-ma-ma", "Only on paper. Nobody in Naypyitaw reads it.") in found
    assert found[-1] == ("reported", "a monk from Sagaing", "the soldiers had burned his village")


def test_a_colon_hands_the_quotation_to_the_subject_and_the_next_sentence_can_name_the_speaker(registry):
    text = ("One senior diplomat put it bluntly last week: “Nobody wants to be the minister who killed the plan.”\n\n"
            "“Anyone who sits down with the generals legitimises them.”\n\n"
            "That was the reaction of Thinzar Hlaing, a spokeswoman for the network, who spoke from hiding.")
    assert said(registry, text) == [
        ("direct", "One senior diplomat", "Nobody wants to be the minister who killed the plan."),
        ("direct", "thinzar-hlaing", "Anyone who sits down with the generals legitimises them."),
    ]


def test_titles_without_names_and_both_sides(registry):
    text = ("Samdech Techo Hun Sen held a bilateral meeting with Senior General Min Aung Hlaing on Friday.\n\n"
            "Samdech Techo Prime Minister underlined that the Five-Point Consensus remains the basis of ASEAN's help. "
            "Both sides agreed to further strengthen cooperation in trade.")
    assert said(registry, text) == [
        ("reported", "hun-sen", "the Five-Point Consensus remains the basis of ASEAN's help"),
        ("reported", "hun-sen+min-aung-hlaing", "to further strengthen cooperation in trade"),
    ]


def test_a_pronoun_inside_reported_words_is_their_speaker_and_narrative_moves_the_topic_on(registry):
    text = ("The National Unity Government said in a statement that it welcomed the consensus. "
            "In Myanmar, the reaction was mixed.\n\n"
            "Min Aung Hlaing’s trip follows a visit he made to Jakarta. There he agreed to stop the violence.")
    assert said(registry, text) == [
        ("reported", "national-unity-government", "it welcomed the consensus"),
        ("reported", "min-aung-hlaing", "to stop the violence"),
    ]


def test_a_phrase_quoted_in_a_second_that_clause_is_the_reporters_wording(registry):
    text = ('Spokesman Zaw Min Tun said that the two men had talked about trade, and that Hun Sen had '
            'described "a country at peace" to the press.')
    assert said(registry, text) == [
        ("reported", "zaw-min-tun", 'the two men had talked about trade, and that Hun Sen had described '
                                    '"a country at peace" to the press'),
        ("direct", "zaw-min-tun", "a country at peace"),
    ]


def test_words_between_two_quoted_phrases_make_the_reported_words_a_statement(registry):
    text = ("Prak Sokhonn told reporters on Monday that the envoy would listen “carefully” to every party "
            "and that the plan remained the bloc’s “anchor”.")
    assert [s[:2] for s in said(registry, text)] == [
        ("reported", "prak-sokhonn"), ("direct", "prak-sokhonn"), ("direct", "prak-sokhonn")]
    assert said(registry, text)[0][2].startswith("the envoy would listen")


def test_a_group_described_by_a_relative_clause_speaks_and_is_the_group_after(registry):
    text = ("The Assistance Association for Political Prisoners (AAPP), a group of former detainees that counts "
            "arrests every day, said on Monday that 300 people had been detained by the junta. "
            "The group says each arrest it lists is checked twice.")
    assert said(registry, text) == [
        ("reported", "aapp", "300 people had been detained by the junta"),
        ("reported", "aapp", "each arrest it lists is checked twice"),
    ]


def test_the_unnamed_speaker_of_a_q_and_a_headline_is_the_interviewee(registry):
    text = ("Q&A: “The plan is only paper,” says Yangon analyst\n\nInterview by Tom Reyes\n\n"
            "Daw Khin Ma Ma is a historian at Yangon University. She spoke to us by phone.\n\n"
            "Q: Will the plan survive?\n\nA: Only on paper. Nobody in Naypyitaw reads it.\n\n"
            "Q: And the envoy?\n\nA: He has no door to knock on.")
    assert said(registry, text)[0] == ("direct", "khin-ma-ma", "The plan is only paper,")


def test_a_dash_tag_after_a_quotation_that_never_closes_names_its_speaker(registry):
    text = ("«Cambodia is our old friend and we are ready to help further — said Min Aung Hlaing at the start "
            "of the talks.")
    assert said(registry, text) == [
        ("direct", "min-aung-hlaing", "Cambodia is our old friend and we are ready to help further")]


def test_at_least_after_the_verb_opens_the_words_not_an_adverbial(registry):
    text = "A UN official in Yangon, who spoke on condition of anonymity, said at least 75,000 people had fled the fighting."
    assert said(registry, text) == [("reported", "A UN official in Yangon", "at least 75,000 people had fled the fighting")]


def test_both_sides_are_the_people_of_a_meeting_sentence_cut_after_a_title_abbreviation(registry):
    text = ("On Monday, Hun Sen held a meeting with H.E. Senior General Min Aung Hlaing in Naypyitaw.\n\n"
            "Both sides agreed to expand cooperation in trade and tourism.")
    assert said(registry, text) == [
        ("reported", "hun-sen+min-aung-hlaing", "to expand cooperation in trade and tourism")]


def test_a_pronoun_inside_the_words_of_an_unknown_reporter_does_not_reach_back(registry):
    text = ("Amnesty International said in a statement that the talks had failed the people of Myanmar.\n\n"
            "Myanmar's state broadcaster ZTV reported on Sunday that Min Aung Hlaing had briefed the leaders "
            'on what it called the "true picture" in the country.')
    assert said(registry, text) == [("reported", "amnesty-international", "the talks had failed the people of Myanmar")]
