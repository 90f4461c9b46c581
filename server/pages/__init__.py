"""The HTML pages: one blueprint per page family, rendered on the server from saved-query panels.

Families: home (/), search, entity, event, agreement, statement, figures, article,
evidence, quality, resource (any other IRI), linked data (/id/...), the saved-query
pages (queries), the SPARQL editor (query) and its share links (share), the timeline, map
and network (overviews), the API documentation (api_docs), and the versioned static assets. ``register``
attaches them all to the app; docs/pages.md describes each page and its queries.
"""
from __future__ import annotations

from flask import Flask, request

from server.pages import terms


def register(app: Flask) -> None:
    """Register every page blueprint, the template helpers and the HTML error page."""
    from server.pages import snippets
    from server.pages import (agreement, api_docs, article, assets, entity, event, evidence, figures, home, linked,
                              overviews, queries, query, quality, resource, search, share, statement)

    for module in (home, search, entity, event, agreement, statement, figures, article, evidence, quality,
                   resource, linked, queries, query, share, overviews, api_docs, assets):
        app.register_blueprint(module.bp)
    app.jinja_env.globals.update(page_url=terms.page_url, asset=assets.url, local_name=terms.local_name, P=terms.P,
                                 is_iri=terms.is_iri, quote_html=snippets.quote_html, quotes_html=snippets.quotes_html)
    app.jinja_env.filters.update(human_date=terms.human_date, number=terms.number, tenure=terms.tenure,
                                 page_url=terms.page_url, local_name=terms.local_name)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["current_path"] = lambda: request.path
