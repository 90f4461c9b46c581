"""Every setting of the service: name, default and help, read from KG_* environment variables.

Nothing else in the project reads ``os.environ``. ``docs/config.md`` and the README
table are checked against ``SETTINGS`` by a test, so a new setting is documented
by adding it here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return "KG_" + self.name.upper()


def _words(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"use one of {', '.join(choices)}")
        return value
    return parse


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "var/store", "Store directory (a link to the current immutable store version)."),
    Setting("corpus", str(PROJECT_ROOT / "corpus"), "Corpus directory: articles.json and the article files."),
    Setting("queries", str(PROJECT_ROOT / "queries"), "Directory of saved queries (*.rq)."),
    Setting("host", "127.0.0.1", "Address `kg serve` listens on."),
    Setting("port", 5000, "Port `kg serve` listens on.", int),
    Setting("workers", 1, "Number of HTTP worker processes of `kg serve`.", int),
    Setting(
        "threads", 4,
        "Requests each worker process serves at once; each has its own query executor process.", int,
    ),
    Setting("update_token", "", "Bearer token for /update; empty means updates are off."),
    Setting("query_timeout", 5.0, "Seconds a query may run before it is stopped.", float),
    Setting(
        "update_timeout", 30.0,
        "Seconds an update may run (it copies the store version first) before it is stopped.", float,
    ),
    Setting("max_results", 100_000, "Most rows (or triples) a query answer may hold.", int),
    Setting("max_request_bytes", 1_000_000, "Largest request body or query string accepted.", int),
    Setting(
        "service_allowlist",
        ("https://query.wikidata.org/sparql",),
        "Space-separated endpoint IRIs that SERVICE may call.",
        _words,
    ),
    Setting(
        "cors_origins",
        ("*",),
        "Space-separated origins whose browser pages may read the endpoint (CORS); `*` for any, empty for none.",
        _words,
    ),
    Setting(
        "backend", "embedded",
        "Where the graph lives: `embedded` (the pyoxigraph store at KG_STORE) or `sparql` (a remote SPARQL "
        "engine at KG_SPARQL_QUERY_URL; docs/remote.md).", _one_of("embedded", "sparql"),
    ),
    Setting("sparql_engine", "oxigraph", "The remote engine, for its differences: `oxigraph`, `virtuoso` or `fuseki`.",
            _one_of("oxigraph", "virtuoso", "fuseki")),
    Setting("sparql_query_url", "", "The remote engine's SPARQL 1.1 Query endpoint (never exposed to clients)."),
    Setting("sparql_update_url", "", "The remote engine's SPARQL 1.1 Update endpoint (`kg build`, `kg ingest`, /update)."),
    Setting("gsp_url", "", "The remote engine's Graph Store HTTP Protocol endpoint (graph by graph writes)."),
    Setting("sparql_user", "", "User name for the remote engine's write endpoints; empty for none."),
    Setting("sparql_password", "", "Password of KG_SPARQL_USER."),
    Setting("sparql_auth", "basic", "HTTP authentication scheme for KG_SPARQL_USER: `basic` or `digest`.",
            _one_of("basic", "digest")),
    Setting("sparql_max_rows", 0, "Rows the remote engine returns at most, if it caps answers (0: its known "
                                  "default, 10000 for Virtuoso); answers that reach it are refused.", int),
    Setting("wikidata_sparql", "https://query.wikidata.org/sparql", "Wikidata query service URL."),
    Setting("wikidata_api", "https://www.wikidata.org/w/api.php", "Wikidata MediaWiki API URL."),
    Setting(
        "wikidata_cache", "var/wikidata-cache",
        "Directory where `kg link` keeps Wikidata's answers, so that it works offline afterwards.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class ConfigError(ValueError):
    """A KG_* variable holds a value that cannot be used."""


def load(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return every setting: defaults, then the environment, then ``overrides``.

    >>> load({"port": 8080}, environ={})["port"]
    8080
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = env.get(s.env)
        if raw is None:
            values[s.name] = s.default
            continue
        try:
            values[s.name] = s.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{s.env}={raw!r} is not valid: {exc}") from None
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ConfigError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}")
        values[name] = value
    return values


def store_path(overrides: dict[str, Any] | None = None) -> Path:
    """The configured store path, resolved against the current directory."""
    return Path(load(overrides)["store"]).absolute()


def shares_path(store: str | Path) -> Path:
    """The SQLite file of the editor's share links, next to the store link (``var/store.shares.sqlite``).

    A sibling of the link, not inside a version, so that `kg build` and `kg ingest`,
    which publish new versions, keep every share link.

    >>> shares_path("var/store").name
    'store.shares.sqlite'
    """
    path = Path(store).absolute()
    return path.parent / (path.name + ".shares.sqlite")
