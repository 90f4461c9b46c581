"""Local stand-ins for Wikidata's public services, for tests without the internet.

* ``fixture``: a small Wikidata-shaped graph written from corpus/wikidata/qids.json's
  ``facts`` (labels, P31 types, P27/P17 countries, P569, P39 statements with P580/P582
  qualifiers in the p:/ps:/pq: shape), plus a few invented homonyms;
* ``servers``: the query service (a real ``oxigraph serve-read-only`` on a free loopback
  port, loaded with the fixture), the entity-search API (``wbsearchentities`` in
  MediaWiki's JSON shape, from the same fixture), and a silent server that accepts
  connections and never answers.
"""
