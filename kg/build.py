"""`kg build`: corpus and ontology in, a new store version out."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph

from kg import rdf
from kg.config import PROJECT_ROOT
from kg.corpus import Article, load_corpus
from kg.store import EmbeddedStore

ONTOLOGY_FILES = (PROJECT_ROOT / "ontology" / "kg.ttl",)
ONTOLOGY_GRAPH = pyoxigraph.NamedNode(rdf.GRAPH + "ontology")


def newest_input(corpus_dir: Path | str) -> dt.datetime:
    """When the newest file the build reads changed: corpus, ontology or pipeline code."""
    roots = [Path(corpus_dir), PROJECT_ROOT / "ontology", PROJECT_ROOT / "kg"]
    mtimes = [p.stat().st_mtime for root in roots if root.exists() for p in root.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts]
    return dt.datetime.fromtimestamp(max(mtimes, default=0), dt.timezone.utc)


@dataclass
class BuildReport:
    articles: int
    quads: int
    seconds: float
    version: str


def build(
    corpus_dir: Path | str,
    store: EmbeddedStore,
    progress: Callable[[Article], None] | None = None,
) -> BuildReport:
    """Rebuild the whole graph into a new store version and publish it.

    The corpus is read and every quad made before the store is touched, so bad
    input fails fast; the previous version stays current until the new one is complete.
    """
    start = time.perf_counter()
    articles = load_corpus(corpus_dir)
    quads: list[pyoxigraph.Quad] = []
    for article in articles:
        quads.extend(rdf.article_quads(article))
        if progress:
            progress(article)
    with store.writer(fresh=True) as target:
        for path in ONTOLOGY_FILES:
            if path.exists():
                target.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
        target.bulk_extend(quads)
        total = len(target)
    return BuildReport(len(articles), total, time.perf_counter() - start, store.version() or "")
