"""The HTML of a fact's quotes, built in Python: pages repeat it hundreds of times, and a Jinja macro call costs more.

Everything interpolated is escaped (markupsafe); the output is the same markup the
templates used to produce: a <details> whose summary counts the quotes and whose list
gives each quote with its article, outlet, date and exact span.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from server.pages.terms import Quote, human_date


def quote_html(q: Quote, compact: bool = False) -> Markup:
    """One quote as <li class="quote">, with the article, outlet, date and character span it comes from.

    >>> q = Quote("e", "Hun Sen", 0, 7, "https://w3id.org/aseankg/id/article/a1", "T <b>", "AP", "2022-01-08")
    >>> "T &lt;b&gt;" in quote_html(q) and 'data-start="0"' in quote_html(q)
    True
    """
    when = f'<time datetime="{escape(q.published)}">{escape(human_date(q.published))}</time>'
    if compact:
        source = f'<a href="{escape(q.anchor)}">{escape(q.outlet)}, {when}</a>'
    else:
        source = f'<a href="{escape(q.anchor)}">{escape(q.title)}</a>, {escape(q.outlet)}, {when}'
    return Markup(
        f'<li class="quote" data-article="{escape(q.article_key)}" data-start="{q.start}" data-end="{q.end}">\n'
        f'<blockquote>“<span class="exact">{escape(q.quote)}</span>”</blockquote>\n'
        f'<cite>{source}, <a href="{escape(q.card)}">characters {q.start}–{q.end}</a></cite>\n</li>'
    )


def quotes_html(fact, open: bool = False, compact: bool = False) -> Markup:
    """A fact's quotes in a <details> (closed unless ``open``), counted in its summary."""
    n, m = len(fact.quotes), len(fact.articles)
    summary = f"{n} quote{'' if n == 1 else 's'}" + (f" from {m} articles" if m > 1 else "")
    items = "\n".join(quote_html(q, compact) for q in fact.quotes)
    return Markup(f'<details class="ev"{" open" if open else ""}>\n<summary>{summary}</summary>\n'
                  f'<ul class="quotes">\n{items}\n</ul>\n</details>')
