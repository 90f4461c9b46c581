"""`kg ingest`: add new articles to a built store without a rebuild.

Each ingest is one store write (kg.store: a copy of the current version, changed, then
published with one rename), so a running `kg serve` sees the article whole or not at
all, and a failed or killed ingest leaves the store exactly as it was. Everything that
can fail on the input (unreadable file, bad date, text that is not UTF-8) is checked
before the store is touched.

Identity: an article's id comes from its file name (or its URL when given). The same
text again (same SHA-256) changes nothing; a different text under the same id is a
corrected version and replaces the old one's graphs, and only those.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from kg import events_merge, provenance, rdf, roles_merge
from kg.corpus import Article
from kg.model import Fact
from kg.pipeline import Extraction, extract_article
from kg.registry import Registry
from kg.backend import ArticleChange, Backend
from kg.store import StoreError
from kg.text import clean, normalise

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IngestError(ValueError):
    """The input cannot be ingested; the message says which file and what to fix."""


@dataclass(frozen=True)
class Submission:
    """One article to ingest, as the user described it."""

    path: Path
    published: str
    outlet: str
    title: str | None = None
    url: str | None = None


@dataclass
class IngestReport:
    article: str
    status: str  # added | replaced | unchanged
    file: str
    counts: dict[str, int] = field(default_factory=dict)
    message: str = ""

    def as_dict(self) -> dict:
        return {"article": self.article, "status": self.status, "file": self.file, **self.counts,
                **({"message": self.message} if self.message else {})}


def article_id(submission: Submission) -> str:
    """A stable id: the URL's last path segments, else the file name.

    >>> article_id(Submission(Path("news/2024-01-30 asean.txt"), "2024-01-30", "X"))
    '2024-01-30-asean'
    """
    if submission.url:
        tail = re.sub(r"^[a-z]+://", "", submission.url).rstrip("/")
        return rdf.slug(tail.split("/", 1)[-1] if "/" in tail else tail)[:80]
    return rdf.slug(submission.path.stem)[:80]


def read_article(submission: Submission) -> Article:
    """The article a submission describes; raises IngestError on bad input."""
    path = submission.path
    if not DATE.fullmatch(submission.published or ""):
        raise IngestError(f"--published {submission.published!r} is not a date YYYY-MM-DD")
    try:
        published = dt.date.fromisoformat(submission.published)
    except ValueError as exc:
        raise IngestError(f"--published {submission.published!r} is not a valid date: {exc}") from None
    if not submission.outlet or not submission.outlet.strip():
        raise IngestError("--outlet must name the outlet that published the article")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                          f"convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8") from None
    text = clean(normalise(decoded))
    if not text:
        raise IngestError(f"{path} holds no article text")
    return Article(
        id=article_id(submission), text=text, source_file=str(path), outlet=submission.outlet.strip(),
        published=published, title=submission.title, url=submission.url,
        title_basis="given at ingest" if submission.title else None,
        published_basis="given at ingest",
    )


SHA256 = rdf.schema("sha256")
DERIVED_FROM = NamedNode(rdf.PROV + "wasDerivedFrom")
LABEL = NamedNode(rdf.RDFS + "label")


def _existing(store: pyoxigraph.Store, article: Article) -> dict[str, str]:
    """Articles already in the store with this article's IRI or text: IRI -> SHA-256."""
    same_iri = store.quads_for_pattern(rdf.article_iri(article.id), SHA256, None)
    same_text = store.quads_for_pattern(None, SHA256, rdf.string(article.sha256))
    return {q.subject.value: q.object.value for q in [*same_iri, *same_text]}


def _article_graphs(store: pyoxigraph.Store, article_id: str) -> list[NamedNode]:
    """Every graph an article contributed: its record and its evidence graphs."""
    iri = rdf.article_iri(article_id)
    evidence = {q.graph_name for q in store.quads_for_pattern(None, DERIVED_FROM, iri) if q.subject == q.graph_name}
    return sorted(evidence, key=str) + [rdf.article_graph(article_id)]


def _counts(store: pyoxigraph.Store, ex: Extraction, facts: list[Fact], new_events: int, merged: int) -> dict[str, int]:
    def typed(cls: str) -> int:
        target = rdf.akg(cls)
        return len({s for f in facts for s, p, o in f.triples if p == rdf.A and o == target})

    new_actors = [i for i in ex.doc.new_actors
                   if next(store.quads_for_pattern(rdf.entity_iri(i), LABEL, None), None) is None]
    return {
        "mentions": sum(1 for f in facts if f.extractor == "mentions"),
        "new_actors": len(new_actors),
        "statements": typed("Statement"),
        "events_new": new_events,
        "events_merged": merged,
        "figures": typed("NumericClaim"),
        "roles": typed("RoleHolding"),
        "facts": len(facts),
    }


def prepare(article: Article, snapshot: pyoxigraph.Store, registry: Registry,
            run: provenance.Run) -> tuple[list[Quad], dict[str, int]]:
    """Extract ``article``, merge its events into those ``snapshot`` holds, and make its quads."""
    ex = extract_article(article, registry)
    facts, new_events, merged = events_merge.merge_into_store(
        ex.facts, snapshot, events_merge.registry_gazetteer(registry))
    facts = roles_merge.reconcile_with_store(facts, snapshot)
    quads = rdf.article_quads(article) + provenance.fact_quads(article, facts, run)
    return quads, _counts(snapshot, ex, facts, new_events, merged)


def ingest(submissions: list[Submission], store: Backend, registry: Registry,
           progress=None) -> list[IngestReport]:
    """Ingest every submission in one store write; all of them or, on any error, none.

    Raises IngestError for bad input (before anything is written), StoreError when
    there is no store to add to.
    """
    articles = [read_article(s) for s in submissions]
    seen: dict[str, Path] = {}
    for a, s in zip(articles, submissions):
        if a.id in seen:
            raise IngestError(f"{s.path} and {seen[a.id]} would both be article {a.id!r}; rename one or give --url")
        seen[a.id] = s.path
    if not store.exists():
        raise StoreError(f"no store at {store.path}; run 'kg build' first")
    snapshot = store.snapshot()
    run = provenance.Run.start("ingest")
    reports: list[IngestReport] = []
    plan: list[tuple[Article, list[Quad], list[NamedNode]]] = []
    for article, submission in zip(articles, submissions):
        start = time.perf_counter()
        iri = rdf.article_iri(article.id).value
        existing = _existing(snapshot, article)
        if article.sha256 in existing.values():
            same = next(a for a, sha in existing.items() if sha == article.sha256)
            reports.append(IngestReport(same, "unchanged", str(submission.path),
                                        message=f"the same text (SHA-256 {article.sha256[:12]}…) is already {same}; nothing changed"))
            continue
        quads, counts = prepare(article, snapshot, registry, run)
        old = _article_graphs(snapshot, article.id) if iri in existing else []
        plan.append((article, quads, old))
        counts["ms"] = round((time.perf_counter() - start) * 1000)
        reports.append(IngestReport(iri, "replaced" if old else "added", str(submission.path), counts))
        if progress:
            progress(article)
    if plan:  # one store write: a new version (embedded), or each article whole (remote; kg.backend)
        store.write_articles([ArticleChange(old, quads) for _, quads, old in plan], run.quads())
    return reports


def add_manifest(store: pyoxigraph.Store, manifest: Path, registry: Registry) -> None:
    """Ingest a manifest's articles, one after another, into an in-memory store (for scoring)."""
    import json

    run = provenance.Run.start("evaluate")
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        submission = Submission(manifest.parent / entry["file"], str(entry["published"]), entry["outlet"],
                                entry.get("title"), entry.get("url"))
        quads, _ = prepare(read_article(submission), store, registry, run)
        store.extend(quads)
