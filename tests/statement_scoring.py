"""Score found statements against the gold quotes of tests/gold/corpus (until kg/evaluate.py exists).

A gold quote is its ``text`` located in the article (it is unique there), its speaker
(an id, a list of ids for a joint statement, or 'anonymous:<as printed>') and its kind.
Each paragraph of a found statement's words is one prediction (the graph holds one
akg:text per paragraph). A prediction matches a gold quote when they overlap (at least half
of the gold words lie inside the paragraph's words or quotation marks), the kinds are equal
and the speakers are the same set (an anonymous label may be printed longer or shorter);
each side is matched at most once.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.extract.speech import Statement
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


def gold_quotes(article_id: str, text: str, gold_dir: Path = GOLD) -> list[GoldQuote]:
    data = yaml.safe_load((gold_dir / f"{article_id}.yaml").read_text(encoding="utf-8"))
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


def _same_speakers(gold: frozenset[str], found: frozenset[str]) -> bool:
    """Equal sets; an anonymous label may be printed longer or shorter ('a senior ASEAN diplomat
    who asked not to be named' against 'a senior ASEAN diplomat')."""
    if gold == found:
        return True
    anon = [(g[10:], f[10:]) for g in gold for f in found if g.startswith("anonymous:") and f.startswith("anonymous:")]
    return len(gold) == len(found) == 1 and any(g in f or f in g for g, f in anon)


def _overlap(g: Span, spans: tuple[Span, ...]) -> int:
    return sum(max(0, min(g.end, s.end) - max(g.start, s.start)) for s in spans)


def predictions(statements: list[Statement]) -> list[tuple[Statement, Span]]:
    """One prediction per paragraph of a statement's words, as the graph has one akg:text for each."""
    return [(s, span) for s in statements for span in (s.marked or s.parts)]


def score(article_id: str, text: str, statements: list[Statement], gold_dir: Path = GOLD) -> Score:
    gold = gold_quotes(article_id, text, gold_dir)
    found = predictions(statements)
    used: set[int] = set()
    missed: list[GoldQuote] = []
    for g in gold:
        best = next((i for i, (s, span) in enumerate(found) if i not in used and s.kind == g.kind
                     and _same_speakers(g.speakers, statement_speakers(s))
                     and 2 * _overlap(g.span, (span,)) >= g.span.end - g.span.start), None)
        if best is None:
            missed.append(g)
        else:
            used.add(best)
    spurious = [s for i, (s, _) in enumerate(found) if i not in used]
    return Score(article_id, len(gold), len(found), len(used), missed, spurious)
