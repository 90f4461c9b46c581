"""Load and check the actor registry (corpus/actors.yaml): the entities the corpus names.

The registry is hand-written data; extraction links text to it, so a mistake in it
becomes a wrong fact in the graph. Loading therefore refuses a registry with a
duplicate id, an unknown type, a surface form claimed by two entities, or a Wikidata
QID that corpus/wikidata/qids.json does not list as verified for that entity.

Links that `kg link` accepted by reconciliation live in their own file,
corpus/wikidata/accepted.yaml (see ``load_accepted``), merged here: the hand-written
registry is never rewritten by a tool.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping

import yaml

from kg.rdf import ID

# libyaml's parser when PyYAML has it: the registry is read on every `kg ingest`, ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str):
    return yaml.load(text, Loader=_LOADER)


TYPES = (
    "Person",
    "IntergovernmentalOrganization",
    "GovernmentBody",
    "ArmedForces",
    "PoliticalParty",
    "NonGovernmentalOrganization",
    "MediaOrganization",
    "ResearchOrganization",
    "ArmedGroup",
    "State",
    "City",
    "Region",
    "Facility",
    "PopulationGroup",
    "Agreement",
)

# Names are proper nouns: matched case-sensitively. Descriptions are common-noun
# phrases that may open a sentence: matched case-insensitively.
CASE_SENSITIVE_KINDS = ("label", "alias", "demonym")
SURFACE_KINDS = ("label", "alias", "description", "demonym")

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
QID_PATTERN = re.compile(r"Q[1-9][0-9]*")
FIELDS = {
    "id", "label", "type", "aliases", "descriptions", "demonyms", "titles",
    "description", "country", "wikidata",
}
WIKIDATA_FIELDS = {"qid", "label", "evidence", "note"}
ACCEPTED_FIELDS = {"entity", "qid", "label", "description", "score", "checked", "accepted_by", "reasons"}


class RegistryError(ValueError):
    """The registry cannot be used; the message names the file and the entry to fix."""


@dataclass(frozen=True)
class WikidataLink:
    """A Wikidata item for an entity, with the evidence that ties them.

    ``basis`` is ``verified`` for a QID of qids.json (copied into actors.yaml), or
    ``reconciled`` for a match `kg link` accepted (accepted.yaml), which also records
    the item's ``description`` and the ``score`` and date (``checked``) of the check.
    """

    qid: str
    label: str | None
    evidence: tuple[Mapping[str, str], ...]
    note: str | None = None
    basis: str = "verified"
    source: str = "corpus/actors.yaml"
    description: str | None = None
    score: float | None = None
    checked: str | None = None
    accepted_by: str | None = None  # reconciled links: "score" or "person"

    @property
    def iri(self) -> str:
        return f"http://www.wikidata.org/entity/{self.qid}"


@dataclass(frozen=True)
class Entity:
    """One actor, place or agreement the articles name, with the words they use for it."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    description: str | None = None
    country: str | None = None
    wikidata: WikidataLink | None = None
    demonyms: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        """The entity's IRI.

        >>> Entity(id="hun-sen", label="Hun Sen", type="Person").iri
        'https://w3id.org/aseankg/id/entity/hun-sen'
        """
        return f"{ID}entity/{self.id}"

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """Yield (form, kind) for the label, aliases, descriptions and demonyms, in that order."""
        yield self.label, "label"
        for kind, forms in (("alias", self.aliases), ("description", self.descriptions), ("demonym", self.demonyms)):
            for form in forms:
                yield form, kind


@dataclass(frozen=True)
class Registry:
    """The entities of corpus/actors.yaml in file order, with lookups."""

    entities: tuple[Entity, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.entities}))

    @property
    def by_id(self) -> Mapping[str, Entity]:
        """Entities by id, read-only: ``registry.by_id["hun-sen"]``."""
        return self._by_id  # type: ignore[attr-defined]

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; raises KeyError naming the id when there is none."""
        try:
            return self.by_id[entity_id]
        except KeyError:
            raise KeyError(f"no entity {entity_id!r} in the registry") from None

    def surface_forms(self) -> list[tuple[str, str, str]]:
        """Every (form, entity_id, kind) triple; kind is one of SURFACE_KINDS.

        Forms of kinds in CASE_SENSITIVE_KINDS are names to match case-sensitively,
        'description' forms are matched case-insensitively. Titles are not included:
        'Foreign Minister' is printed before several people's names.
        """
        return [(form, e.id, kind) for e in self.entities for form, kind in e.surface_forms()]

    def by_qid(self, qid: str) -> Entity | None:
        return next((e for e in self.entities if e.wikidata and e.wikidata.qid == qid), None)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.by_id


def form_key(form: str) -> str:
    """The key under which two surface forms count as the same words.

    >>> form_key("Myanmar’s Military") == form_key("myanmar's military")
    True
    """
    return re.sub(r"\s+", " ", form.replace("’", "'").replace("‘", "'")).strip().casefold()


def default_qids_path(registry_path: Path) -> Path:
    """The project's copy of the verified QIDs, next to the registry in the corpus folder."""
    return Path(registry_path).parent / "wikidata" / "qids.json"


def default_accepted_path(registry_path: Path) -> Path:
    """The links `kg link` accepted, next to the registry in the corpus folder."""
    return Path(registry_path).parent / "wikidata" / "accepted.yaml"


def load_registry(path: Path | str, qids_path: Path | str | None = None,
                  accepted_path: Path | str | None = None, gazetteer: bool = True) -> Registry:
    """Read and validate the registry at ``path``, with the links of ``accepted_path`` merged in.

    ``qids_path`` defaults to ``wikidata/qids.json`` beside the registry. Every QID in the
    registry must be listed there as verified, with the same label, evidence and note.
    ``accepted_path`` defaults to ``wikidata/accepted.yaml`` beside it (missing is empty).
    With ``gazetteer``, the general places of ``gazetteer.yaml`` beside it are merged in
    (see merge_gazetteer).

    Raises:
        RegistryError: a file is unreadable or invalid; the message names the entry.
    """
    path = Path(path)
    qids_path = Path(qids_path) if qids_path else default_qids_path(path)
    accepted_path = Path(accepted_path) if accepted_path else default_accepted_path(path)
    try:
        raw = _load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: {exc}") from None
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of entities, found {type(raw).__name__}")
    verified = load_verified_qids(qids_path)
    entities = tuple(_entity(path, i, entry) for i, entry in enumerate(raw))
    validate(entities, verified, where=str(path))  # the hand-written file on its own first
    if gazetteer:
        entities = merge_gazetteer(entities, load_gazetteer(path.parent / "gazetteer.yaml"))
    entities = merge_accepted(entities, load_accepted(accepted_path), _shown(accepted_path))
    validate(entities, verified, where=str(path))
    return Registry(entities)


def load_gazetteer(path: Path) -> tuple[Entity, ...]:
    """The general places of gazetteer.yaml beside the registry; a missing file has none."""
    if not path.exists():
        return ()
    try:
        raw = _load_yaml(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: {exc}") from None
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of entities")
    entities = tuple(_entity(path, i, entry) for i, entry in enumerate(raw))
    if any(e.wikidata for e in entities):
        raise RegistryError(f"{path}: the gazetteer carries no QIDs; link through corpus/wikidata/")
    return entities


def merge_gazetteer(entities: tuple[Entity, ...], places: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """The registry plus the gazetteer: new places are added, known ones gain forms.

    The registry wins: a gazetteer form that another entity already claims is dropped,
    so general knowledge never overrides what was written for the corpus.
    """
    merged = {e.id: e for e in entities}
    claimed = {form_key(f): e.id for e in entities for f, _ in e.surface_forms()}
    for place in places:
        def free(forms: tuple[str, ...], owner: str = place.id) -> tuple[str, ...]:
            return tuple(f for f in forms if claimed.get(form_key(f), owner) == owner)

        base = merged.get(place.id)
        if base is None:
            if claimed.get(form_key(place.label), place.id) != place.id:
                continue  # the registry calls something else by this name
            base = replace(place, aliases=(), demonyms=())
        extra_aliases = tuple(a for a in free(place.aliases) if a not in base.aliases)
        extra_demonyms = tuple(d for d in free(place.demonyms) if d not in base.demonyms)
        merged[place.id] = replace(base, aliases=base.aliases + extra_aliases, demonyms=base.demonyms + extra_demonyms)
        for form, _ in merged[place.id].surface_forms():
            claimed.setdefault(form_key(form), place.id)
    return tuple(merged.values())


def _shown(path: Path) -> str:
    """A path as the graph records it: relative to the project when it is inside it."""
    from kg.config import PROJECT_ROOT

    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def load_accepted(path: Path | str) -> list[dict]:
    """The entries of an accepted-links file (a YAML list); a missing file has none.

    Each entry: ``entity`` (registry id), ``qid``, ``label`` and ``description`` (the
    item's, as Wikidata gave them), ``score``, ``checked`` (YYYY-MM-DD), ``accepted_by``
    (``score`` when `kg link` accepted it on its own, ``person`` for ``--accept``) and
    ``reasons`` (the checks that passed).
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        raw = _load_yaml(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: {exc}") from None
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise RegistryError(f"{path}: expected a list of links with entity, qid, label")
    return raw


def merge_accepted(entities: tuple[Entity, ...], accepted: list[dict], where: str) -> tuple[Entity, ...]:
    """Attach each accepted link to its entity; refuse one for an unknown or already linked entity."""
    by_id = {e.id: i for i, e in enumerate(entities)}
    merged = list(entities)
    for n, a in enumerate(accepted):
        name = f"{where} entry {n}"
        unknown = sorted(set(a) - ACCEPTED_FIELDS)
        if unknown or not isinstance(a.get("qid"), str) or not QID_PATTERN.fullmatch(a["qid"]):
            raise RegistryError(f"{name}: needs entity and a qid like 'Q57788'"
                                + (f"; unknown field {', '.join(unknown)}" if unknown else ""))
        if a.get("entity") not in by_id:
            raise RegistryError(f"{name}: no entity {a.get('entity')!r} in the registry")
        entity = merged[by_id[a["entity"]]]
        if entity.wikidata is not None:
            raise RegistryError(f"{name}: {entity.id!r} is already linked to {entity.wikidata.qid} "
                                f"({entity.wikidata.source}); remove one of the two")
        link = WikidataLink(
            qid=a["qid"], label=a.get("label"), note=None, basis="reconciled", source=where,
            description=a.get("description"), score=a.get("score"), checked=str(a.get("checked") or "") or None,
            accepted_by=a.get("accepted_by", "score"),
            evidence=(MappingProxyType({
                "source": f"Wikidata search and query service, checked {a.get('checked')}",
                "seen": f"{a['qid']} {a.get('label')!r}: {a.get('description') or ''}; score {a.get('score')}"
                        f" ({'; '.join(a.get('reasons') or [])}); accepted by {a.get('accepted_by', 'score')}",
            }),),
        )
        merged[by_id[a["entity"]]] = replace(entity, wikidata=link)
    return tuple(merged)


def load_verified_qids(qids_path: Path | str) -> dict[str, dict]:
    """The ``verified`` entries of a qids.json file, by QID."""
    qids_path = Path(qids_path)
    try:
        data = json.loads(qids_path.read_text(encoding="utf-8"))
        return {e["qid"]: e for e in data["verified"]}
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise RegistryError(f"{qids_path}: cannot read the verified QIDs: {exc}") from None


def _entity(path: Path, index: int, e: object) -> Entity:
    where = f"{path} entry {index}"
    if not isinstance(e, dict):
        raise RegistryError(f"{where}: expected a mapping with id, label and type")
    if isinstance(e.get("id"), str):
        where += f" (id {e['id']!r})"
    missing = [k for k in ("id", "label", "type") if not e.get(k)]
    if missing:
        raise RegistryError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(e) - FIELDS)
    if unknown:
        raise RegistryError(f"{where}: unknown field {', '.join(unknown)}; fields are {', '.join(sorted(FIELDS))}")
    if not isinstance(e["id"], str) or not ID_PATTERN.fullmatch(e["id"]):
        raise RegistryError(f"{where}: id must be a lowercase ascii slug like 'hun-sen'")
    if e["type"] not in TYPES:
        raise RegistryError(f"{where}: unknown type {e['type']!r}; use one of {', '.join(TYPES)}")
    return Entity(
        id=e["id"],
        label=_text(where, "label", e["label"]),
        type=e["type"],
        aliases=_forms(where, e, "aliases"),
        descriptions=_forms(where, e, "descriptions"),
        titles=_forms(where, e, "titles"),
        description=_text(where, "description", e["description"]) if e.get("description") else None,
        country=_text(where, "country", e["country"]) if e.get("country") else None,
        wikidata=_wikidata(where, e["wikidata"]) if e.get("wikidata") is not None else None,
        demonyms=_forms(where, e, "demonyms"),
    )


def _text(where: str, field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: {field} must be a non-empty string, found {value!r}")
    return value


def _forms(where: str, e: dict, field: str) -> tuple[str, ...]:
    value = e.get(field) or []
    if not isinstance(value, list):
        raise RegistryError(f"{where}: {field} must be a list of strings")
    forms = tuple(_text(where, field, v) for v in value)
    twice = sorted({f for f in forms if forms.count(f) > 1})
    if twice:
        raise RegistryError(f"{where}: {field} lists {twice[0]!r} twice")
    return forms


def _wikidata(where: str, w: object) -> WikidataLink:
    if not isinstance(w, dict) or not isinstance(w.get("qid"), str):
        raise RegistryError(f"{where}: wikidata must be a mapping with qid, label, evidence")
    unknown = sorted(set(w) - WIKIDATA_FIELDS)
    if unknown:
        raise RegistryError(f"{where}: unknown wikidata field {', '.join(unknown)}")
    if not QID_PATTERN.fullmatch(w["qid"]):
        raise RegistryError(f"{where}: {w['qid']!r} is not a QID like 'Q57788'")
    evidence = w.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(x, dict) for x in evidence):
        raise RegistryError(f"{where}: wikidata evidence must be a list of {{source, seen}}")
    return WikidataLink(
        qid=w["qid"],
        label=w.get("label"),
        evidence=tuple(MappingProxyType(dict(x)) for x in evidence),
        note=w.get("note"),
    )


def validate(entities: tuple[Entity, ...], verified: Mapping[str, dict], where: str = "registry") -> None:
    """Check the registry as a whole; raise RegistryError naming the first bad entry."""
    ids: dict[str, Entity] = {}
    for e in entities:
        if e.id in ids:
            raise RegistryError(f"{where}: id {e.id!r} is used twice")
        ids[e.id] = e
    owners: dict[str, tuple[str, str]] = {}
    qids: dict[str, str] = {}
    for e in entities:
        for form, kind in e.surface_forms():
            key = form_key(form)
            owner = owners.setdefault(key, (e.id, form))
            if owner[0] != e.id:
                raise RegistryError(
                    f"{where}: entity {e.id!r}: {kind} {form!r} is already a surface form of "
                    f"{owner[0]!r} ({owner[1]!r}); a form may belong to one entity only"
                )
        if e.country is not None:
            state = ids.get(e.country)
            if state is None or state.type != "State":
                raise RegistryError(f"{where}: entity {e.id!r}: country {e.country!r} is not the id of a State entry")
        if e.demonyms and e.type != "State":
            raise RegistryError(f"{where}: entity {e.id!r}: only a State has demonyms")
        if e.wikidata is not None:
            if e.wikidata.qid in qids:
                raise RegistryError(
                    f"{where}: entity {e.id!r}: {e.wikidata.qid} is already linked to {qids[e.wikidata.qid]!r}"
                )
            qids[e.wikidata.qid] = e.id
            if e.wikidata.basis == "verified":
                check_wikidata(e, verified, where)


def check_wikidata(e: Entity, verified: Mapping[str, dict], where: str = "registry") -> None:
    """Check that ``e``'s QID is a verified entry of qids.json for the same entity.

    Same entity means: one of ``e``'s names (label or alias, case-insensitive) is the
    entry's name, one of its parenthesised alternatives, its Wikidata label or one of
    its aliases_in_articles. Label, evidence and note must be the entry's, unchanged.
    """
    w = e.wikidata
    if w is None:
        return
    entry = verified.get(w.qid)
    name = f"{where}: entity {e.id!r}"
    if entry is None:
        raise RegistryError(
            f"{name}: {w.qid} is not listed as verified in qids.json; remove it or verify it there first"
        )
    entry_names = {form_key(n) for n in _entry_names(entry)}
    own_names = {form_key(n) for n in (e.label, *e.aliases)}
    if not entry_names & own_names:
        raise RegistryError(
            f"{name}: {w.qid} is verified for {entry['name']!r}, and none of {e.label!r}'s names match it"
        )
    if w.label != entry.get("wikidata_label"):
        raise RegistryError(
            f"{name}: wikidata label {w.label!r} differs from qids.json's {entry.get('wikidata_label')!r} for {w.qid}"
        )
    if [dict(x) for x in w.evidence] != entry.get("evidence"):
        raise RegistryError(f"{name}: evidence for {w.qid} is not the evidence qids.json lists; copy it unchanged")
    if w.note != entry.get("note"):
        raise RegistryError(f"{name}: note for {w.qid} is not qids.json's note; copy it unchanged")


def _entry_names(entry: dict) -> list[str]:
    """A qids.json entry's names: 'Kayah State (Karenni State)' gives both parts."""
    name = entry["name"]
    names = [name, *re.findall(r"\(([^)]*)\)", name), re.sub(r"\s*\([^)]*\)", "", name)]
    if entry.get("wikidata_label"):
        names.append(entry["wikidata_label"])
    names += entry.get("aliases_in_articles") or []
    return names
