"""The saved-query catalogue: ``queries/*.rq`` files with a grlc-style ``#+`` YAML header.

A file's stem is its name everywhere: ``queries/meetings.rq`` is ``kg query meetings``
and ``/api/queries/meetings``. The header declares the parameters::

    #+ params:
    #+   actor: {type: entity, description: Who took part, required: false}
    #+   from: {type: date, description: Earliest date, default: "2021-01-01"}

Parameter conventions (one place, as in grlc's ``get_parameters``):

- every parameter is a variable of the same name in the SELECT clause; values are
  checked and made RDF terms (pyoxigraph ``NamedNode``/``Literal``), then bound by
  ``bind_values`` as a ``VALUES`` block opening the WHERE group, each value written as
  its N-Triples form (escaped by pyoxigraph), so a value is always one term and can
  never change the query's shape;
- an optional parameter left out stays unbound (no VALUES row); write its filter as
  ``FILTER(COALESCE(?actor, ?participant) = ?participant)``, which holds for every row
  when ``?actor`` is unbound;
- a parameter is visible to the WHERE group's own patterns and filters, to its
  OPTIONALs and to FILTER (NOT) EXISTS, as a VALUES binding is; a sub-SELECT sees it
  only by joining on it (project it there), so use parameters in the outer group;
- types: ``entity`` (an IRI, a Wikidata QID or a label/alias; see kg.resolve), ``article``
  (an article's IRI, its URL or its source file name), ``date``
  (YYYY-MM-DD, an xsd:date), ``string``, ``integer``, ``enum`` (one of ``values``; bound
  as the IRI ``iri_prefix`` + value when ``iri_prefix`` is given, else as a string);
- parameter variables are not result columns: ``columns`` lists what a caller gets;
- in a query with a required parameter, write each OPTIONAL of the WHERE group as
  ``LATERAL { OPTIONAL { ... } }``: Oxigraph evaluates a plain OPTIONAL as a hash join,
  reading its pattern over the whole store (1.4 s for a ten-row evidence card at
  20,000 articles), while LATERAL (SEP-0006, which Oxigraph supports) evaluates it once
  per row with the row's values bound (3 ms). A listing without parameters keeps plain
  OPTIONALs: there one hash join is cheaper than a lookup per row.

A federated query (one that calls a remote SPARQL service) declares it in the header::

    #+ service: {endpoint: wikidata_sparql, item_of: actor}

and writes ``SERVICE wdqs: { wditem: wdt:P569 ?born }``, with two prefixes it does not
declare: when the query runs, the server declares ``wdqs:`` as the IRI in the setting
``endpoint`` names (server configuration: KG_WIKIDATA_SPARQL) and ``wditem:`` as the
Wikidata item (owl:sameAs in the graph) of the entity parameter ``item_of``; see
``service_prologue``. Why a prefix: Oxigraph sends a SERVICE pattern as written,
without the outer query's bindings, so the item must be a constant in
the text for the remote query to be selective. Both IRIs are checked by pyoxigraph as
IRIs and neither is text the user typed (the item is found in the store from the entity
the user named). The endpoint is then checked against KG_SERVICE_ALLOWLIST like any
SERVICE, and the query runs under the time limit (server.api).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph
import yaml
from pyoxigraph import Literal, NamedNode, Variable

from kg import rdf, sparql_lexer

PARAM_TYPES = ("entity", "article", "date", "string", "integer", "enum")
SERVICE_PREFIX, ITEM_PREFIX = "wdqs", "wditem"
_PLACEHOLDERS = {SERVICE_PREFIX: "urn:aseankg:service", ITEM_PREFIX: "urn:aseankg:item"}


class QueryFileError(ValueError):
    """A saved query file is malformed; the message names the file."""


class UnknownQuery(LookupError):
    """No saved query has that name."""


class ParameterError(ValueError):
    """A parameter value cannot be used; the message says which and why, and lists candidates."""

    def __init__(self, message: str, candidates: list[dict] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = ""
    required: bool = True
    default: str | None = None
    values: tuple[str, ...] = ()
    iri_prefix: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: dict[str, Param] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    example: dict = field(default_factory=dict)
    path: Path | None = None
    service: dict[str, str] | None = None  # {endpoint: setting name, item_of: entity parameter}


def parse_header(text: str, where: str = "<query>") -> dict:
    """Read the ``#+`` YAML header at the top of a saved query.

    Invalid YAML raises QueryFileError, never an empty header.

    >>> parse_header("#+ summary: Meetings of an actor\\nSELECT * {}")["summary"]
    'Meetings of an actor'
    """
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip() and not line.startswith("#"):
            break
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise QueryFileError(f"{where}: the #+ header is not valid YAML: {exc}") from None
    if not isinstance(header, dict):
        raise QueryFileError(f"{where}: the #+ header must be a mapping of keys such as 'summary:'")
    return header


def _param(where: str, name: str, spec) -> Param:
    if not isinstance(spec, dict):
        raise QueryFileError(f"{where}: parameter {name!r} must be a mapping with at least 'type'")
    kind = spec.get("type")
    if kind not in PARAM_TYPES:
        raise QueryFileError(f"{where}: parameter {name!r} has type {kind!r}; use one of {', '.join(PARAM_TYPES)}")
    if kind == "enum" and not spec.get("values"):
        raise QueryFileError(f"{where}: enum parameter {name!r} needs 'values'")
    default = spec.get("default")
    return Param(
        name=name,
        type=kind,
        description=str(spec.get("description", "")).strip(),
        required=bool(spec.get("required", default is None)),
        default=None if default is None else str(default),
        values=tuple(str(v) for v in spec.get("values") or ()),
        iri_prefix=spec.get("iri_prefix"),
    )


def _projection(text: str, where: str, federated: bool = False) -> tuple[str, ...]:
    """The SELECT clause's variables, read from a real parse (an empty store answers at once)."""
    try:
        answer = pyoxigraph.Store().query(text, prefixes=_PLACEHOLDERS if federated else None)
    except SyntaxError as exc:
        raise QueryFileError(f"{where}: the query does not parse: {exc}") from None
    if isinstance(answer, pyoxigraph.QuerySolutions):
        return tuple(v.value for v in answer.variables)
    return ()


def load_query(path: Path) -> SavedQuery:
    """Read one saved query; raises QueryFileError naming the file for any defect."""
    text = path.read_text(encoding="utf-8")
    where = str(path)
    header = parse_header(text, where)
    params = {name: _param(where, name, spec) for name, spec in (header.get("params") or {}).items()}
    service = _service(where, header.get("service"), params)
    projected = _projection(text, where, federated=service is not None)
    missing = [p for p in params if projected and p not in projected]
    if missing:
        raise QueryFileError(f"{where}: parameter(s) {', '.join(missing)} must be variables of the SELECT clause")
    columns = tuple(header.get("columns") or [v for v in projected if v not in params])
    return SavedQuery(
        name=path.stem,
        text=text,
        summary=str(header.get("summary", "")).strip(),
        description=str(header.get("description", "")).strip(),
        tags=tuple(header.get("tags") or ()),
        params=params,
        columns=columns,
        example={k: str(v) for k, v in (header.get("example") or {}).items()},
        path=path,
        service=service,
    )


def _service(where: str, spec, params: dict[str, Param]) -> dict[str, str] | None:
    if spec is None:
        return None
    from kg import config

    if not isinstance(spec, dict) or set(spec) != {"endpoint", "item_of"}:
        raise QueryFileError(f"{where}: service must be a mapping {{endpoint: SETTING, item_of: PARAMETER}}")
    if spec["endpoint"] not in {s.name for s in config.SETTINGS}:
        raise QueryFileError(f"{where}: service endpoint {spec['endpoint']!r} is not a setting of kg/config.py")
    if getattr(params.get(spec["item_of"]), "type", None) != "entity":
        raise QueryFileError(f"{where}: service item_of {spec['item_of']!r} must name an entity parameter")
    return {"endpoint": str(spec["endpoint"]), "item_of": str(spec["item_of"])}


def service_prologue(saved: SavedQuery, settings: dict, item: str) -> str:
    """The PREFIX lines a federated query runs with: ``wdqs:`` its endpoint, ``wditem:`` the item.

    >>> q = SavedQuery("q", "SELECT * {}", service={"endpoint": "wikidata_sparql", "item_of": "actor"})
    >>> print(service_prologue(q, {"wikidata_sparql": "http://127.0.0.1:7878/query"}, "http://www.wikidata.org/entity/Q1"), end="")
    PREFIX wdqs: <http://127.0.0.1:7878/query>
    PREFIX wditem: <http://www.wikidata.org/entity/Q1>

    Raises ValueError if either is not an IRI.
    """
    endpoint = NamedNode(settings[saved.service["endpoint"]])
    return f"PREFIX {SERVICE_PREFIX}: {endpoint}\nPREFIX {ITEM_PREFIX}: {NamedNode(item)}\n"


def load_catalogue(directory: Path | str) -> dict[str, SavedQuery]:
    """Every saved query in ``directory``, by name, sorted by name."""
    return {p.stem: load_query(p) for p in sorted(Path(directory).glob("*.rq"))}


def get(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    try:
        return catalogue[name]
    except KeyError:
        known = ", ".join(catalogue) or "none"
        raise UnknownQuery(f"no saved query named {name!r}; known: {known}") from None


EntityResolver = Callable[[str], NamedNode]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def bind_params(saved: SavedQuery, given: dict[str, str], resolve_entity: EntityResolver) -> dict[Variable, object]:
    """Turn raw parameter strings into RDF terms, for ``bind_values``.

    Raises ParameterError for an unknown parameter, a missing required one, or a value
    of the wrong type; entity lookups raise it too, with the candidates.
    """
    unknown = [k for k in given if k not in saved.params]
    if unknown:
        takes = ", ".join(saved.params) or "no parameters"
        raise ParameterError(f"Unknown parameter {unknown[0]!r}; {saved.name} takes {takes}")
    bindings: dict[Variable, object] = {}
    for name, param in saved.params.items():
        raw = given.get(name)
        if raw is None or raw == "":
            raw = param.default
        if raw is None:
            if param.required:
                raise ParameterError(f"Missing parameter {name!r} ({param.type}): {param.description}")
            continue
        bindings[Variable(name)] = _term(saved, param, raw, resolve_entity)
    return bindings


def bind_values(text: str, bindings: dict[Variable, object]) -> str:
    r"""Return ``text`` with ``bindings`` as a VALUES block opening its WHERE group.

    Why not pyoxigraph's ``substitutions``: Oxigraph applies them after planning, so a
    bound parameter is planned as if unbound (a lookup of one entity became a scan of
    every fact, 20 to 480 times slower); a VALUES constant is planned as a constant.
    It is also the only way to bind values for a remote SPARQL engine. The trade-off:
    the value is written into the text. It is safe because every value is a pyoxigraph
    term already checked (an IRI pyoxigraph accepted, a literal it escapes) and is
    written by pyoxigraph's own N-Triples serialisation, in which no value can close
    the term, the block or the group; the group is found by tokens (kg.sparql_lexer),
    so braces in comments, strings or IRIs are never taken for it. A sub-select that
    projects a parameter gets the same block: Oxigraph does not push an outer VALUES into a
    sub-select, which would otherwise be evaluated for every value. Without bindings the
    text is returned unchanged.

    >>> print(bind_values("SELECT ?e ?a WHERE { { SELECT ?e ?a WHERE { ?e <p> ?a } } }", {Variable("a"): NamedNode("urn:x")}))
    SELECT ?e ?a WHERE {
      VALUES ?a { <urn:x> } { SELECT ?e ?a WHERE {
      VALUES ?a { <urn:x> } ?e <p> ?a } } }

    >>> print(bind_values("#+ summary: {s}\nSELECT ?a WHERE { ?a ?p '{' }", {Variable("a"): Literal('x" } #')}))
    #+ summary: {s}
    SELECT ?a WHERE {
      VALUES ?a { "x\" } #" } ?a ?p '{' }
    """
    if not bindings:
        return text
    outer = _where_brace(text)
    inserts: dict[int, str] = {outer: ""}
    for brace, projected in _subselect_braces(text, outer):
        inserts[brace] = ""
        for var, term in bindings.items():
            if projected is None or var.value in projected:  # a sub-select that passes the parameter on
                inserts[brace] += f"\n  VALUES ?{var.value} {{ {_nt(term)} }}"
    inserts[outer] = "".join(f"\n  VALUES ?{var.value} {{ {_nt(term)} }}" for var, term in bindings.items())
    for brace in sorted(inserts, reverse=True):
        text = text[:brace] + inserts[brace] + text[brace:]
    return text


def _nt(term) -> str:
    if not isinstance(term, (NamedNode, Literal)):
        raise TypeError(f"a parameter is bound to an IRI or a literal, not {type(term).__name__}")
    return str(term)


@functools.lru_cache(maxsize=256)
def _where_brace(text: str) -> int:
    """The offset just after the ``{`` that opens the WHERE group of a query's text."""
    toks = list(sparql_lexer.tokens(text))
    where = next((i for i, t in enumerate(toks) if t.keyword == "WHERE"), 0)
    brace = next((t for t in toks[where:] if t.kind == "punct" and t.text == "{"), None)
    if brace is None:
        raise ValueError("the query has no WHERE group to bind parameters in")
    return brace.end


@functools.lru_cache(maxsize=256)
def _subselect_braces(text: str, outer: int) -> tuple[tuple[int, frozenset[str] | None], ...]:
    """For each sub-select after the outer WHERE brace: the offset after its group's ``{`` and
    the variables it projects (None for ``SELECT *``)."""
    toks = list(sparql_lexer.tokens(text))
    found = []
    for i, t in enumerate(toks):
        if t.start < outer or t.keyword != "SELECT":
            continue
        projected: set[str] | None = set()
        depth, after_as = 0, False
        for u in toks[i + 1:]:
            if u.kind == "punct" and u.text == "{" or u.keyword == "WHERE":
                brace = next(b for b in toks if b.start >= u.start and b.kind == "punct" and b.text == "{")
                found.append((brace.end, None if projected is None else frozenset(projected)))
                break
            if u.kind == "punct" and u.text in "()":
                depth += 1 if u.text == "(" else -1
            elif u.kind == "punct" and u.text == "*" and depth == 0 and projected is not None and not projected:
                projected = None
            elif u.kind == "var" and projected is not None and (depth == 0 or after_as):
                projected.add(u.text[1:])
            after_as = u.keyword == "AS"
    return tuple(found)


def _term(saved: SavedQuery, param: Param, raw: str, resolve_entity: EntityResolver):
    if param.type == "entity":
        return resolve_entity(raw)
    if param.type == "article":
        resolve_article = getattr(resolve_entity, "__self__", None)
        if resolve_article is None or not hasattr(resolve_article, "resolve_article"):
            raise ParameterError(f"Parameter {param.name!r} needs an article index to be resolved")
        return resolve_article.resolve_article(raw)
    if param.type == "date":
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError
            return rdf.date_literal(dt.date.fromisoformat(raw))
        except ValueError:
            raise ParameterError(f"Parameter {param.name!r} must be a date YYYY-MM-DD, not {raw!r}") from None
    if param.type == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ParameterError(f"Parameter {param.name!r} must be an integer, not {raw!r}")
        return rdf.integer(int(raw))
    if param.type == "enum":
        if raw not in param.values:
            raise ParameterError(f"Parameter {param.name!r} must be one of {', '.join(param.values)}, not {raw!r}")
        return NamedNode(param.iri_prefix + raw) if param.iri_prefix else Literal(raw)
    return Literal(raw)
