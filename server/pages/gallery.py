"""The saved-query gallery: tags, filtering and grouping of the catalogue, and what a query's form offers.

Kept apart from the views (server/pages/queries.py) so the rules are plain functions:
a query matches a text when every word is in its name, summary, description, tags,
parameter names or columns (any case); groups are the tags in alphabetical order, and a
query with several tags is in each of their groups.
"""
from __future__ import annotations

from urllib.parse import urlencode

from kg.catalogue import SavedQuery
from server.api import entity_index
from server.openapi import operation_id

__all__ = ["tags", "matching", "by_tag", "choices", "editor_url", "operation_id"]
UNTAGGED = "other"


def tags(queries: list[SavedQuery]) -> list[str]:
    """Every tag of the catalogue, sorted (queries without a tag are under "other")."""
    return sorted({t for q in queries for t in (q.tags or (UNTAGGED,))})


def _haystack(q: SavedQuery) -> str:
    return " ".join([q.name, q.summary, q.description, *q.tags, *q.params, *q.columns]).casefold()


def matching(queries: list[SavedQuery], tag: str | None, text: str) -> list[SavedQuery]:
    """The queries with ``tag`` (any when None) whose text holds every word of ``text``.

    >>> qs = [SavedQuery("meetings", "", summary="Meetings and participants", tags=("events",)),
    ...       SavedQuery("roles", "", summary="Roles", tags=("roles",))]
    >>> [q.name for q in matching(qs, None, "MEETINGS participants")], [q.name for q in matching(qs, "roles", "")]
    (['meetings'], ['roles'])
    """
    words = text.casefold().split()
    return [q for q in queries
            if (tag is None or tag in (q.tags or (UNTAGGED,))) and all(w in _haystack(q) for w in words)]


def by_tag(queries: list[SavedQuery], only: str | None = None) -> list[tuple[str, list[SavedQuery]]]:
    """``[(tag, queries)]``, tags sorted; with ``only``, that tag's group alone."""
    groups: dict[str, list[SavedQuery]] = {}
    for q in queries:
        for t in q.tags or (UNTAGGED,):
            if only is None or t == only:
                groups.setdefault(t, []).append(q)
    return sorted(groups.items())


def choices(query: SavedQuery) -> dict[str, list[str]]:
    """What the form's pickers offer, by parameter type: entity labels, article file names.

    Only the types the query's parameters use are looked up.
    """
    kinds = {p.type for p in query.params.values()}
    out: dict[str, list[str]] = {}
    if "entity" in kinds or "article" in kinds:
        index = entity_index()
        if "entity" in kinds:
            out["entity"] = sorted({c.label for c in index.rows if c.kind == "label"}, key=str.casefold)
        if "article" in kinds:
            out["article"] = sorted(k for k in index.articles if k.endswith(".txt") and "/" not in k)
    return out


def editor_url(text: str) -> str:
    """The SPARQL editor opened on ``text``.

    >>> editor_url("SELECT * {}")
    '/query?query=SELECT+%2A+%7B%7D'
    """
    return "/query?" + urlencode({"query": text})
