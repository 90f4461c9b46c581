"""Draw the eleven ASEAN member states as one SVG, each shaded by a count, from bundled Natural Earth shapes.

The shapes (server/pages/data/asean.json, keyed by the graph's entity ids) were made once
by scripts/make_asean_map.py; nothing is fetched when a page is drawn. Fills are
presentation attributes, so the pages' Content-Security-Policy needs no inline style.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from server.pages.terms import number

MAP_DATA = Path(__file__).resolve().parent / "data" / "asean.json"
# Sequential blues, light to dark; zero is grey. Dark text stays readable on each with its halo.
SHADES = ("#e8ebee", "#d6e6f4", "#abcfe5", "#6aaed6", "#3787c0", "#105ba4")


@lru_cache(maxsize=1)
def map_data() -> dict:
    """The bundled shapes: ``{"width", "height", "states": {id: {"name", "d", "label", "small"}}, "source", ...}``."""
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


def draw(counts: dict[str, float], ident: str, title: str, what: str) -> str:
    """The map as an SVG string: one ``path.state`` per state with ``data-state`` and ``data-count``.

    Every state is drawn, with 0 when ``counts`` lacks it; the numbers are written on the
    map (beside a marker for states too small to hold them) and a legend gives each shade's range.
    """
    data = map_data()
    top = max(counts.values(), default=0)
    desc = "; ".join(f"{s['name']}: {number(counts.get(k, 0))}" for k, s in data["states"].items())
    out = [f'<svg class="chart map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {data["width"]:g} '
           f'{data["height"]:g}" width="{data["width"]:g}" height="{data["height"]:g}" role="img" '
           f'aria-labelledby="{ident}-t {ident}-d">',
           f'<title id="{ident}-t">{escape(title)}</title>', f'<desc id="{ident}-d">{escape(desc)}</desc>']
    labels = []
    for key, state in data["states"].items():
        n = counts.get(key, 0)
        shade = shade_of(n, top)
        out.append(f'<path class="state" data-state="{key}" data-count="{number(n)}" fill="{shade}" d="{state["d"]}">'
                   f'<title>{escape(state["name"])}: {number(n)} {escape(what)}</title></path>')
        x, y = state["label"]
        if state.get("small"):  # too small to hold a number: a marker, and the name beside it
            labels.append(f'<circle class="marker" cx="{x}" cy="{y}" r="5" fill="{shade}"/>'
                          f'<text class="count small" x="{x + 9}" y="{y - 9}">{escape(state["name"])} {number(n)}</text>')
        else:
            labels.append(f'<text class="count" x="{x}" y="{y + 6}" text-anchor="middle">{number(n)}</text>')
    return "\n".join(out + labels + _legend(top, data["height"], what) + ["</svg>"])


def shade_of(n: float, top: float) -> str:
    """Grey for none, else one of five blues by the share of the largest count.

    >>> shade_of(0, 8), shade_of(1, 8), shade_of(8, 8)
    ('#e8ebee', '#d6e6f4', '#105ba4')
    """
    if n <= 0 or top <= 0:
        return SHADES[0]
    steps = len(SHADES) - 1
    return SHADES[1 + min(steps - 1, math.ceil(steps * n / top) - 1)]


def _legend(top: float, height: float, what: str) -> list[str]:
    """Swatches with the counts each shade stands for, in the empty sea at the bottom left."""
    spans: dict[str, list[int]] = {SHADES[0]: [0, 0]}
    for n in range(1, int(top) + 1):
        spans.setdefault(shade_of(n, top), [n, n])[1] = n
    out, y = [f'<text class="legend" x="20" y="{height - 48 - 34 * len(spans):.0f}">{escape(what)}</text>'], height - 20
    for shade, (low, high) in reversed(spans.items()):
        text = str(low) if low == high else f"{low}–{high}"
        y -= 34
        out.append(f'<rect x="20" y="{y - 20:.0f}" width="34" height="24" fill="{shade}" stroke="#5b6670"/>'
                   f'<text class="legend" x="64" y="{y:.0f}">{text}</text>')
    return out
