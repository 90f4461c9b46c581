"""The saved-query catalogue: ``queries/*.rq`` files with a grlc-style ``#+`` YAML header.

A file's stem is its name everywhere: ``queries/meetings.rq`` is ``kg query meetings``
and ``/api/queries/meetings``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


class QueryFileError(ValueError):
    """A saved query file is malformed; the message names the file."""


class UnknownQuery(LookupError):
    """No saved query has that name."""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: dict = field(default_factory=dict)
    example: dict = field(default_factory=dict)
    path: Path | None = None


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


def load_query(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    header = parse_header(text, str(path))
    return SavedQuery(
        name=path.stem,
        text=text,
        summary=str(header.get("summary", "")).strip(),
        description=str(header.get("description", "")).strip(),
        tags=tuple(header.get("tags") or ()),
        params=dict(header.get("params") or {}),
        example=dict(header.get("example") or {}),
        path=path,
    )


def load_catalogue(directory: Path | str) -> dict[str, SavedQuery]:
    """Every saved query in ``directory``, by name, sorted by name."""
    return {p.stem: load_query(p) for p in sorted(Path(directory).glob("*.rq"))}


def get(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    try:
        return catalogue[name]
    except KeyError:
        known = ", ".join(catalogue) or "none"
        raise UnknownQuery(f"no saved query named {name!r}; known: {known}") from None
