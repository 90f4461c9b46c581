"""Score found statements against the gold quotes of tests/gold/corpus (until kg/evaluate.py exists).

A gold quote is its ``text`` located in the article (it is unique there), its speaker
(an id, a list of ids for a joint statement, or 'anonymous:<as printed>') and its kind.
A found statement matches a gold quote when their words overlap (at least half of the
gold words lie inside the statement's words or quotation marks), the kinds are equal
and the speakers are the same set; each side is matched at most once.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.extract.statements import Statement
from kg.model import Span

GOLD = Path(__file__).resolve().parent / "gold" / "corpus"


@dataclass(frozen=True)
class GoldQuote:
    span: Span
    speakers: frozenset[str]
    kind: str
    text: str


@dataclass
class Score:
    article: str
    gold: int
    found: int
    matched: int
    missed: list[GoldQuote]
    spurious: list[Statement]

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def speaker_key(ref: str) -> str:
    return "anonymous:" + ref.split(":", 1)[1].lower() if ref.startswith("anonymous:") else ref


def gold_quotes(article_id: str, text: str) -> list[GoldQuote]:
    data = yaml.safe_load((GOLD / f"{article_id}.yaml").read_text(encoding="utf-8"))
    out = []
    for q in data.get("quotes") or []:
        start = text.index(q["text"])
        refs = q["speaker"] if isinstance(q["speaker"], list) else [q["speaker"]]
        out.append(GoldQuote(Span(start, start + len(q["text"])), frozenset(speaker_key(r) for r in refs),
                             q["kind"], q["text"]))
    return out


def statement_speakers(s: Statement) -> frozenset[str]:
    if s.speaker.anonymous:
        return frozenset({"anonymous:" + s.speaker.anonymous.lower()})
    return frozenset(s.speaker.entities)


def _overlap(g: Span, spans: tuple[Span, ...]) -> int:
    return sum(max(0, min(g.end, s.end) - max(g.start, s.start)) for s in spans)


def score(article_id: str, text: str, statements: list[Statement]) -> Score:
    gold = gold_quotes(article_id, text)
    used: set[int] = set()
    missed: list[GoldQuote] = []
    for g in gold:
        best = None
        for i, s in enumerate(statements):
            spans = s.marked or s.parts
            if i in used or s.kind != g.kind or statement_speakers(s) != g.speakers:
                continue
            if 2 * _overlap(g.span, spans) >= g.span.end - g.span.start:
                best = i
                break
        if best is None:
            missed.append(g)
        else:
            used.add(best)
    spurious = [s for i, s in enumerate(statements) if i not in used]
    return Score(article_id, len(gold), len(statements), len(used), missed, spurious)
