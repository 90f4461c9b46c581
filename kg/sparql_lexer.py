"""Split SPARQL text into tokens, so keywords are never confused with strings, IRIs or comments.

The endpoint needs three facts about a request's text without a full parse: does a
query carry its own dataset (``FROM``), is a text sent as a query really an update,
and where do an update's ``WHERE`` clauses start (to add ``USING`` for the
protocol's ``using-graph-uri``). Tokens follow the terminals of the SPARQL 1.1
grammar (https://www.w3.org/TR/sparql11-query/#sparqlGrammar). This is not a
security check: SERVICE and LOAD are checked by a real parser (server.sparql_guard).

>>> [t.text for t in tokens("SELECT * FROM <g> { ?s a 'FROM' } # FROM")]
['SELECT', '*', 'FROM', '<g>', '{', '?s', 'a', "'FROM'", '}']
>>> keywords("ASK FROM NAMED <a> { ?from ex:FROM 1 }")
['ASK', 'FROM', 'NAMED']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*'
              | "(?:[^"\\\n\r]|\\.)*")
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<word>(?:[\w:%-]|\\[^\s])(?:(?:[\w.:%-]|\\[^\s])*(?:[\w:%-]|\\[^\s]))?)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, iri, string, var, word, punct
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word if this token can be a keyword (a bare word, no colon)."""
        if self.kind == "word" and ":" not in self.text and self.text[0].isalpha():
            return self.text.upper()
        return None


def tokens(text: str, comments: bool = False) -> Iterator[Token]:
    """Yield the tokens of ``text``; whitespace always, comments unless asked, are dropped."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws" or (kind == "comment" and not comments):
            continue
        yield Token(kind, m.group(), m.start(), m.end())


def keywords(text: str) -> list[str]:
    """The bare words of ``text`` in order, upper-cased (keywords and the ``a`` shorthand)."""
    return [k for t in tokens(text) if (k := t.keyword) is not None and k != "A"]


def has_dataset_clause(query: str) -> bool:
    """Whether a query names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> has_dataset_clause("SELECT * WHERE { ?s <http://ex/from> 'FROM' }")
    False
    >>> has_dataset_clause("select * from <http://g> { ?s ?p ?o }")
    True
    """
    if "from" not in query.lower():
        return False
    return "FROM" in keywords(query)


def first_operation(text: str) -> str | None:
    """The first keyword after the prologue (PREFIX and BASE declarations).

    >>> first_operation("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b 1 }")
    'INSERT'
    """
    skip = 0
    for t in tokens(text):
        if skip:
            skip -= 1
            continue
        if t.keyword == "PREFIX":
            skip = 2
        elif t.keyword == "BASE":
            skip = 1
        else:
            return t.keyword
    return None


class DatasetConflict(ValueError):
    """An update names its own dataset (USING or WITH) and the request names one too."""


def add_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Give every ``WHERE`` of an update the dataset of the protocol's using-graph-uri parameters.

    Each ``DELETE/INSERT ... WHERE`` gets ``USING <g>`` / ``USING NAMED <g>`` clauses
    before its ``WHERE``; the ``DELETE WHERE { P }`` shorthand, which cannot carry
    them, becomes the equivalent ``DELETE { P } USING ... WHERE { P }``. The IRIs must
    already be checked (they are pasted between angle brackets).

    :raises DatasetConflict: if the update has USING or WITH of its own, which the
        SPARQL 1.1 Protocol says is an error together with the parameters.

    >>> add_using("DELETE WHERE { ?s ?p ?o }", ["http://g"], [])
    'DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }'
    >>> add_using("INSERT { ?s a 1 } WHERE { ?s ?p ?o }", [], ["http://n"])
    'INSERT { ?s a 1 } USING NAMED <http://n> WHERE { ?s ?p ?o }'
    """
    using = " ".join([f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs])
    toks = list(tokens(update))
    if any(t.keyword in ("USING", "WITH") for t in toks):
        raise DatasetConflict("the update has USING or WITH; it must not be combined with "
                              "using-graph-uri or using-named-graph-uri")
    out, pos, depth, previous = [], 0, 0, None
    for i, t in enumerate(toks):
        if t.text == "{":
            previous = None
            depth += 1
        elif t.text == "}":
            depth -= 1
        elif depth == 0:
            if t.keyword == "WHERE":
                if previous == "DELETE":  # the DELETE WHERE { P } shorthand
                    group = _group_text(update, toks, i + 1)
                    out.append(update[pos:t.start] + f"{group} {using} WHERE")
                else:
                    out.append(update[pos:t.start] + f"{using} WHERE")
                pos = t.end
            previous = t.keyword
    out.append(update[pos:])
    return "".join(out)


def _group_text(text: str, toks: list[Token], first: int) -> str:
    """The source text of the ``{ ... }`` group starting at token ``first``."""
    depth = 0
    for t in toks[first:]:
        depth += t.text == "{"
        depth -= t.text == "}"
        if depth == 0:
            return text[toks[first].start:t.end]
    return text[toks[first].start:]
