"""Helpers for the extraction tests: a document from any text, the corpus's documents, a scored build."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pyoxigraph

from kg import build, entities, events_merge, provenance, rdf, roles_merge
from kg.config import PROJECT_ROOT
from kg.corpus import Article, load_corpus
from kg.extract import mentions
from kg.model import Document
from kg.pipeline import extract_article
from kg.registry import load_registry
from kg.sentences import split_sentences

CORPUS = PROJECT_ROOT / "corpus"


@lru_cache(maxsize=1)
def registry():
    return load_registry(CORPUS / "actors.yaml")


def make_doc(text: str, published: dt.date, article_id: str = "test-article", outlet: str = "Test Wire") -> Document:
    """A document of ``text`` with its mentions found, as the later stages see it."""
    article = Article(id=article_id, text=text, source_file=f"{article_id}.txt", outlet=outlet, published=published)
    doc = Document(article, registry(), sentences=split_sentences(text))
    mentions.extract(doc)
    return doc


@lru_cache(maxsize=None)
def corpus_articles() -> dict[str, Article]:
    return {a.id: a for a in load_corpus(CORPUS)}


def corpus_doc(prefix: str) -> Document:
    """The corpus article whose id starts with ``prefix`` ('000', '004-0c568830f59e0698-2')."""
    ids = corpus_articles()
    article = ids.get(prefix) or next(a for i, a in sorted(ids.items()) if i.startswith(prefix + "-"))
    doc = Document(article, registry(), sentences=split_sentences(article.text))
    mentions.extract(doc)
    return doc


@lru_cache(maxsize=1)
def corpus_store() -> pyoxigraph.Store:
    """The corpus built in memory the way `kg build` does, with events and role holdings merged across articles."""
    exs = [extract_article(a, registry()) for a in load_corpus(CORPUS)]
    facts = events_merge.unify([ex.facts for ex in exs], events_merge.registry_gazetteer(registry()))
    facts = roles_merge.reconcile(facts)
    run = provenance.Run.start("test")
    quads = entities.registry_quads(registry()) + run.quads()
    for ex, fs in zip(exs, facts):
        quads += rdf.article_quads(ex.article) + provenance.fact_quads(ex.article, fs, run)
    store = pyoxigraph.Store()
    build.load_into(store, quads)
    return store


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    prefixes = "\n".join(f"PREFIX {k}: <{v}>" for k, v in rdf.PREFIXES.items())
    answer = store.query(prefixes + "\n" + query, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in answer]
