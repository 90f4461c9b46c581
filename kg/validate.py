"""Check a graph against the contract: SHACL shapes, and every evidence string against its article.

Two checks, both over a dataset (named graphs kept):

* ``ontology/shapes.ttl`` with pyshacl, on the union of all graphs plus the ontology.
  Graph membership is lost in a union, so first one helper triple
  ``?s aks:inEvidenceGraph ?g`` is added per subject of a triple inside an
  ``akg:EvidenceGraph``; the shapes require it of statements and numeric claims
  ("a claim needs evidence"). The helper never reaches the store.
* In Python, what SHACL cannot say: each annotation's ``oa:exact`` is the article text
  at its ``oa:start``/``oa:end`` (and ``oa:prefix``/``oa:suffix`` are what surrounds it),
  and each statement's ``akg:text`` occurs verbatim in the article it comes from.

Run it on a built store::

    .venv/bin/python -m kg.validate var/store
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, RDFS, SH

from kg import rdf
from kg.config import PROJECT_ROOT

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = PROJECT_ROOT / "ontology" / "kg.ttl"
AKS = rdflib.Namespace("https://w3id.org/aseankg/shapes#")
AKG = rdflib.Namespace(rdf.AKG)
OA = rdflib.Namespace(rdf.OA)
SCHEMA = rdflib.Namespace(rdf.SCHEMA)
PROV = rdflib.Namespace(rdf.PROV)


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the node, the property path (if any), what is wrong."""

    focus: str
    path: str | None
    message: str
    shape: str
    value: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@dataclass
class Report:
    """What validation found; ``ok`` only when shapes conform and every evidence string matches."""

    violations: list[Violation] = field(default_factory=list)
    evidence_errors: list[str] = field(default_factory=list)
    focus_nodes: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.violations and not self.evidence_errors

    def summary(self) -> str:
        lines = [f"{sum(self.focus_nodes.values())} focus nodes: "
                 + ", ".join(f"{k} {v}" for k, v in sorted(self.focus_nodes.items()))]
        lines += [f"violation: {v}" for v in self.violations]
        lines += [f"evidence: {e}" for e in self.evidence_errors]
        lines.append("conforms" if self.ok else f"{len(self.violations) + len(self.evidence_errors)} problems")
        return "\n".join(lines)


def load_dataset(path: Path | str) -> rdflib.Dataset:
    """Read a TriG or N-Quads file into a dataset."""
    path = Path(path)
    ds = rdflib.Dataset()
    ds.parse(path, format="nquads" if path.suffix == ".nq" else "trig")
    return ds


def store_dataset(store: pyoxigraph.Store) -> rdflib.Dataset:
    """Copy every quad of a pyoxigraph store into an rdflib dataset (fine for a corpus-sized store)."""
    ds = rdflib.Dataset()
    ds.parse(data=store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


def union_graph(ds: rdflib.Dataset, ontology: Path = ONTOLOGY) -> rdflib.Graph:
    """Every triple of every graph, the ontology, and the aks:inEvidenceGraph helper triples."""
    union = rdflib.Graph()
    evidence_graphs = {s for s, _, _, _ in ds.quads((None, RDF.type, AKG.EvidenceGraph, None))}
    for s, p, o, g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
        graph_name = getattr(g, "identifier", g)
        if graph_name in evidence_graphs and s != graph_name:
            union.add((s, AKS.inEvidenceGraph, graph_name))
    for g in evidence_graphs:  # typed where the helper's sh:class can see it
        union.add((g, RDF.type, AKG.EvidenceGraph))
    union.parse(ontology, format="turtle")
    return union


def focus_node_counts(union: rdflib.Graph, shapes: rdflib.Graph) -> Counter:
    """How many nodes each shape with an sh:targetClass applies to (subclass instances included)."""
    counts: Counter = Counter()
    for shape, cls in shapes.subject_objects(SH.targetClass):
        classes = set(union.transitive_subjects(RDFS.subClassOf, cls))
        nodes = {x for c in classes for x in union.subjects(RDF.type, c)}
        counts[str(shape).split("#")[-1]] += len(nodes)
    return counts


def shacl_violations(union: rdflib.Graph, shapes: rdflib.Graph) -> list[Violation]:
    """Run pyshacl (SHACL-AF on, for the SPARQL constraints; no inference: the union has the ontology)."""
    conforms, results, _ = shacl_validate(union, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        def one(p):
            v = results.value(r, p)
            return None if v is None else str(v)
        out.append(Violation(one(SH.focusNode), one(SH.resultPath), one(SH.resultMessage) or "",
                             one(SH.sourceShape), one(SH.value)))
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def evidence_text_errors(union: rdflib.Graph) -> list[str]:
    """Selectors whose strings are not the article text at their offsets; quotes not in their article."""
    texts = {a: str(t) for a, t in union.subject_objects(SCHEMA.text)}
    errors = []
    for target, article in union.subject_objects(OA.hasSource):
        text = texts.get(article)
        if text is None:
            errors.append(f"{target}: source {article} has no schema:text")
            continue
        selectors = list(union.objects(target, OA.hasSelector))
        quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in union]
        positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in union]
        for pos in positions:
            start, end = union.value(pos, OA.start), union.value(pos, OA.end)
            if start is None or end is None:
                continue  # a shape violation already
            start, end = int(start), int(end)
            for q in quotes:
                errors += _quote_errors(q, union, text, start, end)
    errors += _statement_text_errors(union, texts)
    return sorted(errors)


def _quote_errors(q, union: rdflib.Graph, text: str, start: int, end: int) -> list[str]:
    exact, prefix, suffix = (union.value(q, p) for p in (OA.exact, OA.prefix, OA.suffix))
    errors = []
    if exact is not None and text[start:end] != str(exact):
        errors.append(f"{q}: oa:exact {str(exact)[:60]!r} is not the text at {start}-{end} "
                      f"({text[start:end][:60]!r})")
    if prefix is not None and not text[:start].endswith(str(prefix)):
        errors.append(f"{q}: oa:prefix is not the text before offset {start}")
    if suffix is not None and not text[end:].startswith(str(suffix)):
        errors.append(f"{q}: oa:suffix is not the text after offset {end}")
    return errors


def _statement_text_errors(union: rdflib.Graph, texts: dict) -> list[str]:
    errors = []
    for st, words in union.subject_objects(AKG.text):
        articles = {a for g in union.objects(st, AKS.inEvidenceGraph) for a in union.objects(g, PROV.wasDerivedFrom)}
        articles |= set(union.objects(st, AKG.reportedIn))
        if articles and not any(str(words) in texts.get(a, "") for a in articles):
            errors.append(f"{st}: akg:text {str(words)[:60]!r} is not in its article")
    return errors


def validate(ds: rdflib.Dataset, shapes_path: Path = SHAPES, ontology: Path = ONTOLOGY) -> Report:
    """Validate a dataset: SHACL shapes on the union, and the evidence strings against the articles."""
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    union = union_graph(ds, ontology)
    return Report(shacl_violations(union, shapes), evidence_text_errors(union), focus_node_counts(union, shapes))


def validate_store(store_path: Path | str) -> Report:
    """Validate the current version of the store at ``store_path`` (see kg.store)."""
    from kg.store import EmbeddedStore

    return validate(store_dataset(EmbeddedStore(store_path).snapshot()))


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/store")
    report = validate(load_dataset(target)) if target.is_file() else validate_store(target)
    print(report.summary())
    sys.exit(0 if report.ok else 1)
