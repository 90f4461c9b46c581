"""The ontology's class tree (queries/classes.rq), to name a thing by its most specific types."""
from __future__ import annotations


def most_specific(rows: list[dict]):
    """A function from a list of class IRIs to the labels of those no other one in the list specialises.

    >>> pick = most_specific([{"class": "M", "label": "meeting", "superclass": "E"},
    ...                       {"class": "E", "label": "event", "superclass": None}])
    >>> pick(["E", "M", "http://semanticweb.cs.vu.nl/2009/11/sem/Event"])
    ['meeting']
    """
    labels = {r["class"]: r["label"] for r in rows}
    parents: dict[str, set[str]] = {}
    for r in rows:
        if r["superclass"]:
            parents.setdefault(r["class"], set()).add(r["superclass"])

    def ancestors(c: str, seen: set[str]) -> set[str]:
        for sup in parents.get(c, ()):
            if sup not in seen:
                seen.add(sup)
                ancestors(sup, seen)
        return seen

    def pick(types: list[str]) -> list[str]:
        ours = [t for t in dict.fromkeys(types) if t in labels]
        general = set().union(*(ancestors(t, set()) for t in ours)) if ours else set()
        return [labels[t] for t in ours if t not in general]

    return pick
