"""Curl and Python snippets that send a SPARQL query to this server, for the editor and share pages.

Values are quoted for their language (``shlex.quote`` for the shell, ``repr`` for
Python), so any query text gives a snippet that runs as shown.
"""
from __future__ import annotations

import hashlib
import shlex


def text_hash(text: str) -> str:
    """A short name for a query text (download file names).

    >>> text_hash("ASK {}")
    '819ea91ed5f1'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def curl(base: str, text: str, graphs: dict[str, list[str]] | None = None) -> str:
    """A curl command asking /sparql for ``text`` as CSV.

    >>> print(curl("http://127.0.0.1:5000", "ASK { ?s ?p 'it''s' }"))
    curl -G http://127.0.0.1:5000/sparql -H 'Accept: text/csv' \\
      --data-urlencode 'query=ASK { ?s ?p '"'"'it'"'"''"'"'s'"'"' }'
    """
    lines = [f"curl -G {shlex.quote(base + '/sparql')} -H 'Accept: text/csv'"]
    for name, iris in (graphs or {}).items():
        lines += [f"--data-urlencode {shlex.quote(f'{name}={iri}')}" for iri in iris]
    lines.append(f"--data-urlencode {shlex.quote('query=' + text)}")
    return " \\\n  ".join(lines)


def python(base: str, text: str, graphs: dict[str, list[str]] | None = None) -> str:
    """A Python program (requests) printing the answer rows of ``text``.

    >>> "params={'query': 'ASK {}'}" in python("http://h", "ASK {}")
    True
    """
    params = {"query": text, **{k: v for k, v in (graphs or {}).items()}}
    return (
        "import requests\n\n"
        f"resp = requests.get({base + '/sparql'!r},\n"
        f"                    params={params!r},\n"
        "                    headers={'Accept': 'application/sparql-results+json'}, timeout=30)\n"
        "resp.raise_for_status()\n"
        "answer = resp.json()\n"
        "for row in answer.get('results', {}).get('bindings', []):\n"
        "    print({name: term['value'] for name, term in row.items()})\n"
    )


def snippets(base: str, text: str, graphs: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Both snippets, by language name."""
    return {"curl": curl(base, text, graphs), "Python": python(base, text, graphs)}
