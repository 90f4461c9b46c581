"""Refuse requests that would make the server fetch a URL: SERVICE off the allowlist, and LOAD.

pyoxigraph makes real HTTP calls for ``SERVICE <url>`` in queries and for ``LOAD <url>``
in updates (``FROM``/``FROM NAMED`` only pick graphs of the store, they never fetch).
So before a text reaches the store:

* a cheap test first: a text in which the letters ``service`` (or ``load``) do not
  occur in any letter case cannot contain the keyword: oxigraph matches keywords in
  ASCII letters of any case and does not decode ``\\u`` escapes outside IRIs and
  strings. Nearly every request stops here.
* otherwise the text is parsed with rdflib's SPARQL 1.1 grammar, prefixed names and
  relative IRIs are resolved as the query says, and every SERVICE endpoint must be an
  IRI on the allowlist (exact string match): a variable endpoint is refused, and so
  is every LOAD. A text rdflib cannot parse is refused too (fail closed), with its
  error position.

A SERVICE call that is allowed is still bounded: it runs inside the query's executor
process, which is killed at the query time limit (see server.executor).
"""
from __future__ import annotations

import functools

from server.problems import Problem


def check_query(text: str, allowlist: tuple[str, ...]) -> bool:
    """Raise Problem unless every SERVICE of a query is allowed; return whether it has one.

    >>> check_query("SELECT * { ?s ?p ?o }", ())
    False
    >>> check_query("SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }", ())
    Traceback (most recent call last):
    ...
    server.problems.Problem: 403 Forbidden: SERVICE <http://evil.example/> is not allowed; ...
    """
    if "service" not in text.lower():
        return False
    endpoints = _service_endpoints(_parse(text, update=False))
    _check_endpoints(endpoints, allowlist)
    return bool(endpoints)


def check_update(text: str, allowlist: tuple[str, ...]) -> None:
    """Raise Problem if an update has LOAD or a SERVICE that is not allowed."""
    lowered = text.lower()
    if "service" not in lowered and "load" not in lowered:
        return
    tree = _parse(text, update=True)
    if _find(tree, "Load"):
        raise Problem(403, "LOAD is not allowed: it would make the server fetch a URL; "
                           "send the data itself with INSERT DATA")
    _check_endpoints(_service_endpoints(tree), allowlist)


def _check_endpoints(endpoints: list, allowlist: tuple[str, ...]) -> None:
    from rdflib import URIRef

    allowed = ", ".join(f"<{a}>" for a in allowlist) or "none"
    for endpoint in endpoints:
        if not isinstance(endpoint, URIRef):
            raise Problem(403, f"SERVICE {endpoint.n3()} is not allowed: the endpoint must be an IRI "
                               f"on the allowlist ({allowed}), not a variable")
        if str(endpoint) not in allowlist:
            raise Problem(403, f"SERVICE <{endpoint}> is not allowed; allowed endpoints: {allowed} "
                               f"(the server's KG_SERVICE_ALLOWLIST)")


def _service_endpoints(tree) -> list:
    return [node["term"] for node in _find(tree, "ServiceGraphPattern")]


def _find(tree, name: str) -> list:
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list = []

    def visit(node):
        if isinstance(node, CompValue) and node.name == name:
            found.append(node)

    traverse(tree, visitPre=visit)
    return found


def _parse(text: str, update: bool):
    """Parse with rdflib and resolve prefixed names and relative IRIs; Problem 400 if it fails."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translatePName, translatePrologue, traverse

    try:
        if update:
            parsed = parser.parseUpdate(text)
            pairs = list(zip(parsed.prologue, parsed.request))
        else:
            parsed = parser.parseQuery(text)
            pairs = [(parsed[0], parsed[1])]
        resolved, prologue = [], None
        for declarations, body in pairs:
            prologue = translatePrologue(declarations, None, None, prologue)
            resolved.append(traverse(body, visitPost=functools.partial(translatePName, prologue=prologue)))
    except ParseException as exc:
        raise Problem(
            400, f"cannot check the SERVICE and LOAD clauses of this request: it does not parse as "
                 f"SPARQL 1.1 at {exc.lineno}:{exc.col}", line=exc.lineno, column=exc.col,
        ) from None
    except Exception as exc:  # rdflib raises plain exceptions for bad prefixes and IRIs
        raise Problem(400, f"cannot check the SERVICE and LOAD clauses of this request: {exc}") from None
    return resolved


def warm_up() -> None:
    """Import and exercise rdflib's parser now, so the first checked request is not slow."""
    check_query("SELECT * { SERVICE <urn:x> { } }", ("urn:x",))
