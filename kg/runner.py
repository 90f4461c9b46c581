"""Run a saved query: resolve and bind its parameters, execute, and shape the answer.

Execution is a callable so the CLI can query the store directly while the server
sends the same query to a worker it can stop. Either way the answer comes back as
SPARQL JSON bytes (pyoxigraph's serialiser), from which rows are read.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pyoxigraph
from pyoxigraph import Variable

from kg import rdf
from kg.catalogue import ParameterError, SavedQuery, bind_params, bind_values, service_prologue
from kg.resolve import EntityIndex

Execute = Callable[[str, dict], bytes]
NUMERIC = {rdf.XSD + t for t in ("integer", "decimal", "int", "long", "double", "float", "nonNegativeInteger")}


@dataclass
class Answer:
    """A saved query's answer: the declared columns, rows of RDF terms (SPARQL JSON shape)."""

    columns: list[str]
    bindings: list[dict]

    def records(self) -> list[dict]:
        """Rows as plain objects keyed by column; numbers as numbers, absent values as None."""
        return [{c: _plain(b.get(c)) for c in self.columns} for b in self.bindings]

    def sparql_json(self) -> dict:
        return {"head": {"vars": self.columns}, "results": {"bindings": self.bindings}}


def _plain(term: dict | None):
    if term is None:
        return None
    if term.get("datatype") in NUMERIC:
        number = Decimal(term["value"])
        return int(number) if number == number.to_integral_value() and "." not in term["value"] else float(number)
    return term["value"]


def execute_locally(store: pyoxigraph.Store) -> Execute:
    """Run queries in this process on ``store`` (the CLI's way; no time limit)."""

    def run(text: str, substitutions: dict) -> bytes:
        answer = store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
        return answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON)

    return run


class FederatedQueryError(ParameterError):
    """A federated saved query cannot run here: no settings (the CLI), or the entity has no Wikidata item."""


def run_saved(saved: SavedQuery, params: dict[str, str], execute: Execute, index: EntityIndex,
              settings: dict | None = None) -> Answer:
    """Bind ``params`` (raising ParameterError on bad values), run, keep the declared columns.

    A federated query (``saved.service``) needs ``settings`` for its endpoint; without them
    (the CLI, whose queries have no time limit) it raises FederatedQueryError.
    """
    bindings: dict[Variable, object] = bind_params(saved, params, index.resolve)
    text = bind_values(saved.text, bindings)
    if saved.service:
        text = _federated_prologue(saved, bindings, index, settings) + text
    body = json.loads(execute(text, {}))
    bindings = [{c: b[c] for c in saved.columns if c in b} for b in body.get("results", {}).get("bindings", [])]
    return Answer(list(saved.columns), bindings)


def _federated_prologue(saved: SavedQuery, bindings: dict, index: EntityIndex, settings: dict | None) -> str:
    if settings is None:
        raise FederatedQueryError(
            f"{saved.name} calls a remote SPARQL service ({saved.service['endpoint'].upper()}), so it runs only "
            f"through the server, which applies KG_SERVICE_ALLOWLIST and KG_QUERY_TIMEOUT: "
            f"kg serve, then GET /api/queries/{saved.name}")
    entity = bindings[Variable(saved.service["item_of"])].value
    qid = next((c.qid for c in index.rows if c.iri == entity and c.qid), None)
    if qid is None:
        label = next((c.label for c in index.rows if c.iri == entity), entity)
        raise FederatedQueryError(f"{label} has no verified Wikidata item, so {saved.name} has nothing to ask "
                                  f"Wikidata; 'kg link --missing' lists such entities")
    return service_prologue(saved, settings, rdf.WD + qid)
