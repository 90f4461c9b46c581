"""The quality page: evidence integrity, entities without a Wikidata link, single-source facts, conflicting figures.

Integrity is checked here, on every request for a new store version: each annotation's
TextPositionSelector is applied to its article's canonical text and must give the
TextQuoteSelector's exact words, with its prefix and suffix around them.
"""
from __future__ import annotations

from dataclasses import dataclass


from server.pages import errors, figures, panels, render
from server.pages.terms import group_facts

bp = errors.blueprint("quality", __name__)


@dataclass(frozen=True)
class Mismatch:
    evidence: str
    article: str
    start: int
    end: int
    problem: str


def check_spans(rows: list[dict], texts: dict[str, str]) -> list[Mismatch]:
    """Every selector whose words, prefix or suffix differ from its article's text at its offsets.

    >>> rows = [{"evidence": "e1", "article": "a", "start": 0, "end": 3, "exact": "Hun", "prefix": "", "suffix": " S"},
    ...         {"evidence": "e2", "article": "a", "start": 4, "end": 7, "exact": "Sam", "prefix": "n ", "suffix": ""}]
    >>> [m.evidence for m in check_spans(rows, {"a": "Hun Sen"})]
    ['e2']
    """
    bad = []
    for r in rows:
        text = texts.get(r["article"])
        start, end = int(r["start"]), int(r["end"])
        prefix, suffix = r.get("prefix") or "", r.get("suffix") or ""
        if text is None:
            problem = "the article's text is not in the store"
        elif text[start:end] != r["exact"]:
            problem = f"the text at {start}–{end} is “{text[start:end]}”, the quote says “{r['exact']}”"
        elif text[max(0, start - len(prefix)):start] != prefix or text[end:end + len(suffix)] != suffix:
            problem = "the prefix or suffix does not surround the quote"
        else:
            continue
        bad.append(Mismatch(r["evidence"], r["article"], start, end, problem))
    return bad


def by_kind(facts: list) -> list[tuple[str, list]]:
    """Single-source facts grouped by kind, largest group first."""
    groups: dict[str, list] = {}
    for f in facts:
        groups.setdefault(f["kind"], []).append(f)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


@bp.route("/quality")
@render.cached
def quality():
    p = panels.run_all({"selectors": ("evidence-selectors", {}), "articles": ("articles", {}),
                        "unlinked": ("unlinked-entities", {}), "single": ("single-source-facts", {}),
                        "claims": ("figure-claims", {})})
    selectors, claims = p["selectors"], p["claims"]
    texts_panels = panels.run_all({a["article"]: ("article-text", {"article": a["article"]}) for a in p["articles"].rows})
    texts = {a: t.rows[0]["text"] for a, t in texts_panels.items() if t.rows}
    return render.html(
        "quality.html", title="Quality", p=p, mismatches=check_spans(selectors.rows, texts),
        spans=len(selectors.rows), single=by_kind(group_facts(
            sorted(p["single"].rows, key=lambda r: (r["kind"], str(r["label"]), r["thing"], r["start"])), ("thing",))),
        contested=figures.contested(figures.claims_of(claims)),
    )
