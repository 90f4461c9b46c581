"""Read the corpus folder (articles.json + article files) into Article records."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from kg import text as textmod


class CorpusError(ValueError):
    """The corpus metadata or a file it names cannot be used; the message names the file."""


@dataclass(frozen=True)
class Article:
    """One news story with its canonical text; ``id`` is stable across corrections."""

    id: str
    text: str
    source_file: str
    outlet: str
    published: dt.date
    title: str | None = None
    story: int = 1
    outlet_note: str | None = None
    byline: str | None = None
    dateline: str | None = None
    title_basis: str | None = None
    published_basis: str | None = None
    language: str = "en"
    url: str | None = None
    notes: str | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def sha256(self) -> str:
        return textmod.sha256_hex(self.text)


REQUIRED = ("id", "file", "outlet", "published")


def load_corpus(corpus_dir: Path | str) -> list[Article]:
    """Read every article listed in ``corpus_dir/articles.json``, in file order.

    Raises CorpusError naming the entry when metadata is missing or a file is unreadable.
    """
    corpus_dir = Path(corpus_dir)
    meta_path = corpus_dir / "articles.json"
    try:
        entries = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{meta_path}: {exc}") from None
    articles = [_article(corpus_dir, meta_path, i, e) for i, e in enumerate(entries)]
    seen: set[str] = set()
    for a in articles:
        if a.id in seen:
            raise CorpusError(f"{meta_path}: article id {a.id!r} is used twice")
        seen.add(a.id)
    return articles


def _article(corpus_dir: Path, meta_path: Path, index: int, e: dict) -> Article:
    where = f"{meta_path} entry {index}"
    missing = [k for k in REQUIRED if not e.get(k)]
    if missing:
        raise CorpusError(f"{where}: missing {', '.join(missing)}")
    path = corpus_dir / e["file"]
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{where}: cannot read {path}: {exc}") from None
    stories = textmod.split_stories(textmod.normalise(raw))
    story = int(e.get("story", 1))
    if not 1 <= story <= len(stories):
        raise CorpusError(f"{where}: story {story} asked, {path} holds {len(stories)}")
    try:
        published = dt.date.fromisoformat(e["published"])
    except ValueError:
        raise CorpusError(f"{where}: published {e['published']!r} is not YYYY-MM-DD") from None
    body = textmod.clean(stories[story - 1], e.get("page_tags", ()))
    if not body:
        raise CorpusError(f"{where}: no article text left in {path} after cleaning")
    known = {f for f in Article.__dataclass_fields__} | {"file", "page_tags"}
    return Article(
        id=e["id"],
        text=body,
        source_file=e["file"],
        outlet=e["outlet"],
        published=published,
        title=e.get("title"),
        story=story,
        outlet_note=e.get("outlet_note"),
        byline=e.get("byline"),
        dateline=e.get("dateline"),
        title_basis=e.get("title_basis"),
        published_basis=e.get("published_basis"),
        language=e.get("language") or "en",
        url=e.get("url"),
        notes=e.get("notes"),
        extra={k: v for k, v in e.items() if k not in known},
    )
