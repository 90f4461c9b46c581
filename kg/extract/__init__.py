"""The extractors, in the order they run: each is a module with ``extract(doc) -> list[Fact]``.

Order matters: ``mentions`` fills ``doc.mentions`` and ``doc.new_actors``, which the later
stages use to find speakers, participants and sources. Adding an extractor is adding a
module here and to ``EXTRACTORS``.
"""
from kg import curated
from kg.extract import agreements, events, figures, mentions, reports, roles, statement_events, statements

EXTRACTORS = (mentions, statements, events, agreements, roles, figures, curated, statement_events, reports)
