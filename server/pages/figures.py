"""The figures page: every numeric claim per quantity, side by side, with charts, tables and a disagreement marker.

Claims are never merged, averaged or ranked: each is shown with its value, modifier,
as-of date, source and the words that state it. Where different sources give different
values for the same quantity (and subject), the page says so and lists them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import request

from server.pages import charts, errors, panels, render
from server.pages.terms import FactRow, group_facts, human_date

bp = errors.blueprint("figures", __name__)
QUANTITIES = ("killed", "detained", "arrested", "displaced", "population")


@dataclass
class Claim:
    """One numeric claim and where it comes from."""

    fact: FactRow

    def __getattr__(self, name):
        return self.fact.get(name)

    @property
    def quotes(self):
        return self.fact.quotes

    @property
    def source(self) -> str:
        """Who states the figure: its named source, else the outlet that prints it."""
        if self.fact.get("statedByLabel"):
            return self.fact["statedByLabel"]
        return f"{self.fact.quotes[0].outlet} (own figure)"

    @property
    def text(self) -> str:
        return charts.claim_text(self.fact.get("modifier"), self.fact.get("value"))


@dataclass
class Quantity:
    """The claims about one quantity, and the groups whose sources disagree."""

    notation: str
    label: str
    claims: list[Claim] = field(default_factory=list)
    disagreements: list[list[Claim]] = field(default_factory=list)


def claims_of(panel) -> list[Claim]:
    return [Claim(f) for f in group_facts(panel.rows, ("claim",))]


def contested(claims: list[Claim]) -> list[list[Claim]]:
    """Groups of claims on one quantity and subject where sources give different values.

    The as-of dates stay in each claim: a difference may be time, not conflict, and the
    reader sees both.
    """
    groups: dict[tuple, list[Claim]] = {}
    for c in claims:
        groups.setdefault((c.quantity, c.about), []).append(c)
    out = []
    for group in groups.values():
        if len({c.value for c in group}) > 1 and len({c.source for c in group}) > 1:
            out.append(sorted(group, key=lambda c: (c.asOf or "", c.source)))
    return out


def by_quantity(claims: list[Claim]) -> list[Quantity]:
    quantities: dict[str, Quantity] = {}
    for c in claims:
        quantities.setdefault(c.quantity, Quantity(c.quantity, c.quantityLabel)).claims.append(c)
    for q in quantities.values():
        q.claims.sort(key=lambda c: (c.source, c.asOf or ""))
        q.disagreements = contested(q.claims)
    order = {name: i for i, name in enumerate(QUANTITIES)}
    return sorted(quantities.values(), key=lambda q: (order.get(q.notation, 99), q.notation))


def chart(q: Quantity) -> str:
    sources = list(dict.fromkeys(c.source for c in q.claims))
    bars = [charts.Bar(f"{c.source}, {human_date(c.asOf, c.precision) if c.asOf else 'no date'}",
                       float(c.value or 0), c.text + (f" ({c.aboutLabel})" if c.aboutLabel else ""),
                       sources.index(c.source)) for c in q.claims]
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return charts.bar_chart(f"chart-{q.notation}", f"{q.label.capitalize()}, by source", desc, bars)


@bp.route("/figures")
@render.cached
def figures_page():
    quantity = request.args.get("quantity") or None
    asof = request.args.get("asof") or None
    panel = panels.run("figure-claims", quantity=quantity, asof=asof)
    quantities = by_quantity(claims_of(panel))
    return render.html("figures.html", title="Figures", claims=panel, quantities=quantities,
                       charts={q.notation: chart(q) for q in quantities}, asof=asof, quantity=quantity,
                       description="Every count of people killed, detained or displaced, by source, side by side.")
