"""`kg build`: corpus, registry and ontology in, a new store version out."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph

from kg import entities, events_merge, provenance, rdf, roles_merge
from kg.config import PROJECT_ROOT
from kg.corpus import Article, load_corpus
from kg.pipeline import Extraction, extract_article
from kg.registry import load_registry
from kg.backend import Backend

ONTOLOGY_FILES = (PROJECT_ROOT / "ontology" / "kg.ttl",)
ONTOLOGY_GRAPH = pyoxigraph.NamedNode(rdf.GRAPH + "ontology")


def newest_input(corpus_dir: Path | str) -> dt.datetime:
    """When the newest file the build reads changed: corpus, ontology or pipeline code."""
    roots = [Path(corpus_dir), PROJECT_ROOT / "ontology", PROJECT_ROOT / "kg"]
    mtimes = [p.stat().st_mtime for root in roots if root.exists() for p in root.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts]
    return dt.datetime.fromtimestamp(max(mtimes, default=0), dt.timezone.utc)


def registry_path(corpus_dir: Path) -> Path:
    """The corpus's own actors.yaml, or the project's when a corpus folder has none."""
    own = corpus_dir / "actors.yaml"
    return own if own.exists() else PROJECT_ROOT / "corpus" / "actors.yaml"


@dataclass
class BuildReport:
    articles: int
    facts: int
    quads: int
    seconds: float
    version: str


def extract_corpus(
    corpus_dir: Path | str, progress: Callable[[Article], None] | None = None
) -> tuple[list[Extraction], list[pyoxigraph.Quad]]:
    """Read and extract every article; return the extractions and all quads to write."""
    corpus_dir = Path(corpus_dir)
    registry = load_registry(registry_path(corpus_dir))
    run = provenance.Run.start("build")
    extractions: list[Extraction] = []
    for article in load_corpus(corpus_dir):
        extractions.append(extract_article(article, registry))
        if progress:
            progress(article)
    # One node per event across articles, one set of bounds per role holding.
    merged = events_merge.unify([ex.facts for ex in extractions], events_merge.registry_gazetteer(registry))
    merged = roles_merge.reconcile(merged)
    for ex, facts in zip(extractions, merged):
        ex.facts = facts
    quads = entities.registry_quads(registry) + run.quads()
    for ex in extractions:
        quads += rdf.article_quads(ex.article)
        quads += provenance.fact_quads(ex.article, ex.facts, run)
    return extractions, quads


def load_into(target: pyoxigraph.Store, quads: list[pyoxigraph.Quad]) -> None:
    """The ontology into its graph, then the quads."""
    for path in ONTOLOGY_FILES:
        target.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    target.bulk_extend(quads)


def memory_store(corpus_dir: Path | str) -> pyoxigraph.Store:
    """The whole graph in an in-memory store, for scoring and tests (no disk, no version)."""
    _, quads = extract_corpus(corpus_dir)
    store = pyoxigraph.Store()
    load_into(store, quads)
    return store


def build(
    corpus_dir: Path | str,
    store: Backend,
    progress: Callable[[Article], None] | None = None,
) -> BuildReport:
    """Rebuild the whole graph into a new store version and publish it.

    Everything is read and extracted before the store is touched, so bad input fails
    fast. The embedded store keeps the previous version current until the new one is
    complete; a remote store is rewritten article by article, each whole (kg.backend).
    """
    start = time.perf_counter()
    extractions, quads = extract_corpus(corpus_dir, progress)
    total = store.write_build(quads, [(ONTOLOGY_GRAPH, path) for path in ONTOLOGY_FILES])
    return BuildReport(
        articles=len(extractions),
        facts=sum(len(ex.facts) for ex in extractions),
        quads=total,
        seconds=time.perf_counter() - start,
        version=store.version() or "",
    )
