"""Share links of the SPARQL editor: query text, parameters, store version and answer size, in SQLite.

A share is content-addressed: its id is a hash of the query text and parameters, so
sharing the same query twice gives the same link, and the first record (the store
version it ran on and its row count then) is kept. The file sits next to the store
link (kg.config.shares_path), outside every store version, so builds and ingests
never lose a link. Each call opens its own connection: web threads never share one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

ID_LENGTH = 20
ID_PATTERN = re.compile(rf"[0-9a-f]{{{ID_LENGTH}}}")
_SCHEMA = """CREATE TABLE IF NOT EXISTS share (
  id TEXT PRIMARY KEY, query TEXT NOT NULL, params TEXT NOT NULL,
  version TEXT NOT NULL, count INTEGER NOT NULL, created TEXT NOT NULL)"""


@dataclass(frozen=True)
class Share:
    """One shared query, as it was when first shared."""

    id: str
    query: str
    params: dict[str, list[str]]
    version: str
    count: int
    created: str


def share_id(query: str, params: dict[str, list[str]]) -> str:
    """The content address of a query and its parameters.

    >>> share_id("ASK {}", {}) == share_id("ASK {}", {}) != share_id("ASK { }", {})
    True
    """
    canonical = json.dumps([query, {k: list(v) for k, v in sorted(params.items())}], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:ID_LENGTH]


class ShareStore:
    """The share links of one store, in the SQLite file at ``path``."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute(_SCHEMA)
        return conn

    def add(self, query: str, params: dict[str, list[str]], version: str, count: int) -> Share:
        """Record a share, or return the one already recorded for the same query and parameters."""
        ident = share_id(query, params)
        created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._connect() as conn:
            conn.execute("INSERT OR IGNORE INTO share VALUES (?, ?, ?, ?, ?, ?)",
                         (ident, query, json.dumps(params, sort_keys=True), version, count, created))
        conn.close()
        found = self.get(ident)
        if found is None:
            raise RuntimeError(f"share {ident} was written to {self.path} but cannot be read back")
        return found

    def get(self, ident: str) -> Share | None:
        """The share with id ``ident``, or None."""
        if not self.path.exists():
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT id, query, params, version, count, created FROM share WHERE id = ?",
                               (ident,)).fetchone()
        conn.close()
        if row is None:
            return None
        return Share(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5])
