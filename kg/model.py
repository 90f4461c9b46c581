"""The records extraction passes between stages: spans, mentions, facts, and the document they share."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.corpus import Article

if TYPE_CHECKING:
    from kg.registry import Registry

Term = NamedNode | BlankNode | Literal
Triple = tuple[NamedNode, NamedNode, Term]


@dataclass(frozen=True, order=True)
class Span:
    """A range of code points of an article's canonical text, end exclusive."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}-{self.end}")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def covers(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Sentence:
    span: Span
    paragraph: int


@dataclass(frozen=True)
class Mention:
    """A place in the text that names or describes an entity."""

    span: Span
    entity: str  # registry id, or the id of a new actor made for an unknown name
    kind: str  # 'name', 'description' (descriptive reference), 'pronoun' or 'new'


@dataclass(frozen=True)
class Fact:
    """Triples that one span of one article supports; the unit of provenance."""

    triples: tuple[Triple, ...]
    span: Span
    extractor: str
    curated: bool = False


@dataclass(frozen=True)
class NewActor:
    """An actor the registry does not know, made from a name in the text; never dropped."""

    id: str
    label: str
    type: str
    description: str | None = None


@dataclass
class Document:
    """One article being extracted: the text, and what earlier stages found in it."""

    article: Article
    registry: "Registry"
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    new_actors: dict[str, NewActor] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)  # what earlier stages found, for stages that link them

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> dt.date:
        return self.article.published

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.span.start <= offset < s.span.end:
                return s
        return None

    def mentions_in(self, span: Span) -> list[Mention]:
        return [m for m in self.mentions if span.covers(m.span)]
