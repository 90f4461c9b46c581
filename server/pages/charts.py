"""Server-side SVG charts: numbers drawn as bars, with a title and description; the page shows the same numbers in a table."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from server.pages.terms import number

WIDTH, LABEL_W, BAR_W, ROW_H, TOP = 760, 290, 250, 26, 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    group: int = 0  # alternate groups (sources) are drawn in a second colour


def bar_chart(ident: str, title: str, description: str, bars: list[Bar]) -> str:
    """An accessible horizontal bar chart as an SVG string (safe to embed: every text is escaped).

    >>> svg = bar_chart("c1", "Killed", "Two claims", [Bar("AAPP", 1443, "about 1,443"), Bar("RFA", 877, "at least 877", 1)])
    >>> svg.count('class="bar') , 'role="img"' in svg, "about 1,443" in svg
    (2, True, True)
    """
    top = max((b.value for b in bars), default=0) or 1
    height = TOP * 2 + ROW_H * len(bars)
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d">',
           f'<title id="{ident}-t">{escape(title)}</title>', f'<desc id="{ident}-d">{escape(description)}</desc>',
           f'<line class="axis" x1="{LABEL_W}" y1="{TOP}" x2="{LABEL_W}" y2="{height - TOP}"/>']
    for i, bar in enumerate(bars):
        y = TOP + i * ROW_H
        w = max(1.0, BAR_W * bar.value / top)
        cls = "bar other" if bar.group % 2 else "bar"
        out += [f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end">{escape(_clip(bar.label))}</text>',
                f'<rect class="{cls}" x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}"/>',
                f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 17}">{escape(bar.text)}</text>']
    out.append("</svg>")
    return "\n".join(out)


def _clip(text: str, most: int = 44) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def claim_text(modifier: str | None, value) -> str:
    """The value as the source hedged it.

    >>> claim_text("more than", 1400), claim_text(None, 877)
    ('more than 1,400', '877')
    """
    return f"{modifier} {number(value)}" if modifier and modifier != "exactly" else number(value)
