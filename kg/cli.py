"""The `kg` command: arguments in, text out; the work is done by the kg modules."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import config


def _settings(**overrides) -> dict:
    try:
        return config.load({k: v for k, v in overrides.items() if v is not None})
    except config.ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _store(settings: dict):
    from kg.backend import open_backend
    from kg.store import StoreError

    try:
        return open_backend(settings)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Knowledge graph of ASEAN's diplomacy on the Myanmar crisis.

    Configuration comes from KG_* environment variables (see README).
    """


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus folder (default: KG_CORPUS).")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option("--if-stale", is_flag=True, help="Only build when the store is missing or older than its inputs.")
def build(corpus: str | None, silent: bool, if_stale: bool) -> None:
    """Rebuild the graph from the corpus into a new store version.

    The previous version keeps serving until the new one is complete.

    Example: KG_STORE=var/store kg build
    """
    from rich.progress import Progress

    from kg.build import build as run_build
    from kg.corpus import CorpusError
    from kg.provenance import EvidenceError
    from kg.registry import RegistryError
    from kg.store import StoreError

    from kg.build import newest_input

    settings = _settings(corpus=corpus)
    store = _store(settings)
    built = store.modified()
    if if_stale and built is not None and built >= newest_input(settings["corpus"]):
        click.echo(f"Store {store.path} (version {store.version()}) is up to date")
        return
    try:
        with Progress(transient=True, disable=silent) as bar:
            task = bar.add_task("Reading articles", total=None)
            report = run_build(settings["corpus"], store, progress=lambda a: bar.advance(task))
    except (CorpusError, StoreError, RegistryError, EvidenceError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"Built {report.articles} articles, {report.facts} facts, {report.quads} quads in {report.seconds:.2f} s "
        f"into {store.path} (version {report.version})"
    )


@main.command()
@click.option("--host", help="Address to listen on (default: KG_HOST, 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default: KG_PORT, 5000).")
@click.option("--workers", type=int, help="Worker processes (default: KG_WORKERS).")
@click.option("--threads", type=int, help="Requests each worker serves at once (default: KG_THREADS).")
def serve(host: str | None, port: int | None, workers: int | None, threads: int | None) -> None:
    """Serve the SPARQL endpoint, API and pages with a production WSGI server.

    Queries run in executor processes that are killed at KG_QUERY_TIMEOUT (docs/endpoint.md).

    Example: kg serve --port 8080
    """
    from server.wsgi import run

    settings = _settings(host=host, port=port, workers=workers, threads=threads)
    from kg.store import StoreError

    store = _store(settings)
    try:
        built = store.exists()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if not built:
        raise click.ClickException(f"no store at {store.path}; run 'kg build' first")
    run(settings)


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="A query parameter, repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def query(name: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Run a saved query by NAME, or list the catalogue when no NAME is given.

    Entity parameters take a label or alias ("Hun Sen"), a Wikidata QID or an IRI;
    dates take YYYY-MM-DD.

    Example: kg query meetings --param actor="Min Aung Hlaing" --format csv
    """
    from kg import catalogue, results
    from kg.resolve import EntityIndex
    from kg.runner import execute_locally, run_saved
    from kg.store import StoreError

    settings = _settings()
    try:
        queries = catalogue.load_catalogue(settings["queries"])
    except catalogue.QueryFileError as exc:
        raise click.ClickException(str(exc)) from None
    if name is None:
        width = max((len(n) for n in queries), default=0)
        for q in queries.values():
            takes = ", ".join(p.name + ("" if p.required else "?") for p in q.params.values())
            click.echo(f"{q.name.ljust(width)}  {q.summary}" + (f"  [{takes}]" if takes else ""))
        return
    try:
        saved = catalogue.get(queries, name)
    except catalogue.UnknownQuery as exc:
        raise click.ClickException(str(exc)) from None
    given: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes K=V, got {item!r}")
        given[key.strip()] = value
    try:
        snapshot = _store(settings).snapshot()
        answer = run_saved(saved, given, execute_locally(snapshot), EntityIndex.from_store(snapshot))
    except (StoreError, catalogue.ParameterError) as exc:
        raise click.ClickException(str(exc)) from None
    records = answer.records()
    sys.stdout.write(results.RENDERERS[fmt](answer.columns, records))
    if fmt == "json":
        sys.stdout.write("\n")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (one file).")
@click.option("--outlet", metavar="NAME", help="The outlet that published it (one file).")
@click.option("--title", metavar="T", help="Headline, if the text has none.")
@click.option("--url", metavar="URL", help="Where it was published; also fixes the article's id.")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON list of {file, published, outlet, title, url} for a folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--silent", is_flag=True, help="No progress bar.")
def ingest(source: Path, published, outlet, title, url, manifest, fmt: str, silent: bool) -> None:
    """Add new articles to the store without a rebuild.

    One file: kg ingest story.txt --published 2024-01-30 --outlet "The Diplomat"

    A folder: kg ingest articles/ --manifest manifest.json

    The same text twice changes nothing; a new text under the same file name (or URL)
    replaces the old version's facts. Nothing is written if any input is bad.
    """
    import json

    from rich.progress import Progress

    from kg.build import registry_path
    from kg.ingest import IngestError, Submission
    from kg.ingest import ingest as run_ingest
    from kg.registry import RegistryError, load_registry
    from kg.store import StoreError

    settings = _settings()
    submissions = _submissions(source, published, outlet, title, url, manifest)
    try:
        registry = load_registry(registry_path(Path(settings["corpus"])))
        if silent or fmt == "json" or len(submissions) < 2:
            reports = run_ingest(submissions, _store(settings), registry)
        else:
            with Progress(transient=True) as bar:
                task = bar.add_task("Ingesting", total=len(submissions))
                reports = run_ingest(submissions, _store(settings), registry, progress=lambda a: bar.advance(task))
    except (IngestError, StoreError, RegistryError) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        body = reports[0].as_dict() if manifest is None else {"articles": [r.as_dict() for r in reports]}
        click.echo(json.dumps(body, ensure_ascii=False))
        return
    _print_ingest(reports)


def _submissions(source: Path, published, outlet, title, url, manifest) -> list:
    import json

    from kg.ingest import Submission

    if manifest is None:
        if source.is_dir():
            raise click.UsageError("a folder needs --manifest FILE.json")
        missing = [name for name, value in (("--published", published), ("--outlet", outlet)) if not value]
        if missing:
            raise click.UsageError(f"missing {' and '.join(missing)} for {source}")
        return [Submission(source, published, outlet, title, url)]
    if not source.is_dir():
        raise click.UsageError(f"{source} is not a folder; --manifest goes with a folder")
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        return [Submission(source / e["file"], str(e["published"]), e["outlet"], e.get("title"), e.get("url"))
                for e in entries]
    except (ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"{manifest}: each entry needs file, published and outlet ({exc})") from None


def _print_ingest(reports) -> None:
    from rich.console import Console
    from rich.table import Table

    if len(reports) == 1 and reports[0].status == "unchanged":
        click.echo(f"Unchanged: {reports[0].message}")
        return
    columns = ["mentions", "new_actors", "statements", "events_new", "events_merged", "figures"]
    table = Table("article", "status", *columns)
    for r in reports:
        table.add_row(r.article.rsplit("/", 1)[-1], r.status, *[str(r.counts.get(c, "")) for c in columns])
    Console(color_system=None, width=160).print(table)


@main.command()
@click.option("--gold", type=click.Path(exists=True, file_okay=False), default=None,
              help="Gold folder (default: tests/gold/corpus).")
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus folder (default: KG_CORPUS).")
@click.option("--verbose", "-v", is_flag=True, help="List every miss and extra.")
def evaluate(gold: str | None, corpus: str | None, verbose: bool) -> None:
    """Score the extraction against a hand-written gold annotation (precision, recall, F1 per kind).

    A gold folder with a manifest.json (a development set of new articles) is scored
    after ingesting its articles on top of the corpus, in memory.

    Example: kg evaluate --gold tests/gold/dev --verbose
    """
    from kg.build import memory_store
    from kg.config import PROJECT_ROOT
    from kg.evaluate import report, score

    from kg.build import registry_path
    from kg.corpus import CorpusError
    from kg.ingest import IngestError, add_manifest
    from kg.registry import RegistryError, load_registry

    settings = _settings(corpus=corpus)
    gold_dir = Path(gold) if gold else PROJECT_ROOT / "tests" / "gold" / "corpus"
    manifest = gold_dir / "manifest.json"
    try:
        store = memory_store(settings["corpus"])
        if manifest.exists():  # a development set: its articles are ingested on top of the corpus
            add_manifest(store, manifest, load_registry(registry_path(Path(settings["corpus"]))))
    except (CorpusError, RegistryError, IngestError) as exc:
        raise click.ClickException(str(exc)) from None
    totals, per_article = score(store, gold_dir)
    click.echo(report(totals))
    if verbose:
        for article, kinds in per_article.items():
            for kind, s in kinds.items():
                for miss in s.misses:
                    click.echo(f"MISS  {article} {kind}: {miss}")
                for extra in s.extras:
                    click.echo(f"EXTRA {article} {kind}: {extra}")


@main.command()
@click.argument("names", nargs=-1)
@click.option("--missing", is_flag=True, help="Every registry entity without a Wikidata link.")
@click.option("--list", "list_only", is_flag=True, help="With --missing: only list them, look nothing up.")
@click.option("--accept", metavar="QID", help="Link NAME (one) to this candidate: a person's choice.")
@click.option("--offline", is_flag=True, help="Use cached answers only; never the network.")
@click.option("--refresh", is_flag=True, help="Ask Wikidata again even when an answer is cached.")
@click.option("--dry-run", is_flag=True, help="Show the decisions; write nothing.")
def link(names: tuple[str, ...], missing: bool, list_only: bool, accept: str | None, offline: bool,
         refresh: bool, dry_run: bool) -> None:
    """Reconcile entities with Wikidata; write accepted links to corpus/wikidata/accepted.yaml.

    NAME is a registry label, alias or id. Candidates come from Wikidata's entity search,
    are checked against its query service (type, country, positions, dates) and ranked
    with what the articles say. A match is written only when it scores at least 0.80 and
    is clearly ahead of the next; otherwise the candidates are shown for you to choose
    with --accept. Answers are cached (KG_WIKIDATA_CACHE), so a second run works offline.

    Example: kg link "Luang Prabang"; kg link --missing --list; kg link "Sean Turnell" --accept Q123
    """
    from kg import link as linking
    from kg import wikidata
    from kg.build import registry_path
    from kg.registry import RegistryError, default_accepted_path, load_registry

    settings = _settings()
    if accept and len(names) != 1:
        raise click.UsageError("--accept takes exactly one NAME")
    if not names and not missing:
        raise click.UsageError("give a NAME, or --missing")
    path = registry_path(Path(settings["corpus"]))
    try:
        registry = load_registry(path)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from None
    entities = [_registry_entity(registry, n) for n in names] or [e for e in registry if e.wikidata is None]
    if list_only:
        for e in entities:
            click.echo(f"{e.label} ({e.id}, {e.type})" + (f" linked to {e.wikidata.qid}" if e.wikidata else ""))
        return
    store = _store(settings)
    snapshot = store.snapshot() if store.exists() else None
    client = wikidata.Client(settings["wikidata_api"], settings["wikidata_sparql"], settings["wikidata_cache"],
                             offline=offline, refresh=refresh)
    accepted_path = default_accepted_path(path)
    for e in entities:
        if e.wikidata is not None:
            click.echo(f"{e.label} ({e.id}) is already linked to {e.wikidata.qid} ({e.wikidata.source})")
            continue
        ctx = linking.context_for(e, registry, snapshot)
        try:
            decision = linking.reconcile(ctx, client)
        except wikidata.WikidataError as exc:
            raise click.ClickException(str(exc)) from None
        chosen = _chosen(decision, accept)
        _report(e, decision, chosen)
        if chosen is not None and not dry_run:
            linking.write_accepted(accepted_path, linking.accepted_entry(ctx, chosen, "person" if accept else "score"))
            click.echo(f"  written to {accepted_path}; run 'kg build' to put it in the graph")


def _registry_entity(registry, name: str):
    from kg.registry import form_key

    hits = [e for e in registry if e.id == name or form_key(name) in {form_key(n) for n in (e.label, *e.aliases)}]
    if len(hits) != 1:
        near = "; ".join(f"{e.label} ({e.id})" for e in hits) or "none"
        raise click.ClickException(f"{name!r} names {len(hits)} registry entities ({near}); give a label, alias or id "
                                   f"from corpus/actors.yaml (kg link --missing --list shows the unlinked ones)")
    return hits[0]


def _chosen(decision, accept: str | None):
    if accept is None:
        return decision.best if decision.kind == "accept" else None
    chosen = next((c for c in decision.candidates if c.qid == accept), None)
    if chosen is None:
        known = ", ".join(c.qid for c in decision.candidates) or "none"
        raise click.ClickException(f"{accept} is not among the candidates Wikidata gave ({known}); nothing written")
    return chosen


def _report(e, decision, chosen) -> None:
    head = f"{e.label} ({e.id}, {e.type}): "
    if chosen is not None:
        click.echo(head + f"linked to {chosen.qid} {chosen.label!r} ({chosen.description}), score {chosen.score:.2f}")
        return
    click.echo(head + f"nothing written: {decision.message}")
    for c in decision.candidates:
        click.echo(f"  {c.qid:<12} {c.score:.2f}  {c.label} — {c.description}  [{'; '.join(c.reasons)}]")
    if decision.candidates:
        click.echo(f"  to choose one: kg link {e.id} --accept QID")


if __name__ == "__main__":
    main()
