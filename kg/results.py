"""Turn pyoxigraph query answers into rows and text for people (tables, JSON objects, CSV)."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode


def term_value(term) -> str | None:
    """The plain value of an RDF term, as a person reads it."""
    if term is None:
        return None
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return str(term)


def to_rows(answer) -> tuple[list[str], list[dict[str, str | None]]]:
    """Columns (in projection order) and rows of a SELECT answer; ASK gives one 'boolean' row."""
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return ["boolean"], [{"boolean": "true" if bool(answer) else "false"}]
    columns = [v.value for v in answer.variables]
    rows = [{c: term_value(sol[c]) for c in columns} for sol in answer]
    return columns, rows


def render_table(columns: list[str], rows: list[dict]) -> str:
    """A plain-text table, for the terminal."""
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*["" if row.get(c) is None else str(row.get(c)) for c in columns])
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return console.file.getvalue()


def render_json(columns: list[str], rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def render_csv(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: ("" if r.get(c) is None else r.get(c)) for c in columns} for r in rows)
    return buf.getvalue()


RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv}
