"""Read a protocol request's parameters and body strictly: size limits, UTF-8 only, repeated names kept.

Werkzeug would quietly replace undecodable bytes and read any size; the SPARQL
Protocol wants a 400 for a malformed request, and the endpoint wants 413/414 before
reading more than ``KG_MAX_REQUEST_BYTES``.
"""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Request

from server.problems import Problem


class Params:
    """A request's parameters by name, each with every value given, in order."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self._values: dict[str, list[str]] = {}
        for name, value in pairs:
            self._values.setdefault(name, []).append(value)

    def all(self, name: str) -> list[str]:
        return self._values.get(name, [])

    def one(self, name: str) -> str | None:
        """The single value of ``name``, None if absent; Problem 400 if given more than once."""
        values = self.all(name)
        if len(values) > 1:
            raise Problem(400, f"the '{name}' parameter is given {len(values)} times; give it once")
        return values[0] if values else None

    def names(self) -> set[str]:
        return set(self._values)

    def extend(self, other: "Params") -> "Params":
        for name in other.names():
            self._values.setdefault(name, []).extend(other.all(name))
        return self


def url_params(request: Request, limit: int) -> Params:
    """The URL's query-string parameters; 414 if the query string is over ``limit`` bytes."""
    raw = request.query_string
    if len(raw) > limit:
        raise Problem(414, f"the query string has {len(raw)} bytes, more than the {limit} this server "
                           f"accepts (KG_MAX_REQUEST_BYTES); send the query by POST")
    return _decode(raw, "the URL's query string")


def body(request: Request, limit: int) -> bytes:
    """The request body; 413 if it is (or declares to be) over ``limit`` bytes."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise Problem(413, f"the request body has {declared} bytes, more than the {limit} this server "
                           f"accepts (KG_MAX_REQUEST_BYTES)")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, f"the request body is more than the {limit} bytes this server accepts "
                           f"(KG_MAX_REQUEST_BYTES)")
    return data


def form_params(request: Request, limit: int) -> Params:
    """The parameters of an application/x-www-form-urlencoded body."""
    return _decode(body(request, limit), "the form body")


def text_body(request: Request, limit: int) -> str:
    """A body that is SPARQL text (application/sparql-query or -update), which must be UTF-8."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise Problem(415, f"charset {charset!r} is not supported; send the SPARQL text as UTF-8")
    try:
        return body(request, limit).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, f"the request body is not UTF-8 (byte {exc.start})") from None


def _decode(raw: bytes, where: str) -> Params:
    """Split ``a=1&b=2`` and percent-decode each part to UTF-8, strictly.

    >>> _decode(b"query=SELECT+%2A&x=%C3%A9&flag", "test").all("x")
    ['é']
    """
    pairs = []
    try:
        for part in raw.split(b"&"):
            if part:
                name, _, value = part.partition(b"=")
                pairs.append((_unquote(name), _unquote(value)))
    except UnicodeDecodeError:
        raise Problem(400, f"{where} is not UTF-8 once percent-decoded") from None
    return Params(pairs)


def _unquote(part: bytes) -> str:
    return unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
