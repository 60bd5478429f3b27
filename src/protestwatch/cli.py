"""The command line: a thin click shell over the library."""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from .models import FORMS, REPORTED_STATUSES, STATUSES

if TYPE_CHECKING:
    from spacy.language import Language

    from .geo import Gazetteer
    from .models import Article, Place

DEFAULT_DB = "protestwatch.db"
FORMATS = ("csv", "geojson", "jsonl", "table")


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2021-09-21") from None


def _error_line(article: Article) -> str:
    """Return "error: WHERE: REASON" for a failed article, naming where it came from once."""
    where = article.origin or article.id
    reason = article.error or ""
    return f"error: {reason}" if reason.startswith(f"{where}:") else f"error: {where}: {reason}"


def _html_depth(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    from .ingest import check_html_depth

    try:
        return check_html_depth(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group()
@click.version_option(package_name="protestwatch")
def cli() -> None:
    """Turn news articles into a protest-event dataset."""


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format [default: table on a terminal, else jsonl].",
)
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    help="Store of articles and events: a SQLite file or a postgresql:// URL.",
)
@click.option("--no-store", is_flag=True, help="Do not record anything in the store.")
@click.option(
    "--published",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (e.g. text on standard input).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.option(
    "--urls",
    "url_lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A file of URLs to fetch, one per line (repeatable).",
)
@click.option("--fetch-links", is_flag=True, help="Fetch the page of a feed entry that carries only a summary.")
@click.option(
    "--fetch-delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option(
    "--fetch-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a server.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=20_000_000,
    show_default=True,
    help="Largest document (a file, a JSONL line, a WARC page).",
)
@click.option(
    "--max-file-bytes",
    type=click.IntRange(min=1),
    default=64_000_000_000,
    show_default=True,
    help="Most bytes one compressed file may decompress to (a guard against decompression bombs).",
)
@click.option(
    "--max-expansion",
    type=click.FloatRange(min=1),
    default=100.0,
    show_default=True,
    help="Most times its compressed size a file may expand to, checked past its first 100 MB (news: 3-10 times).",
)
@click.option(
    "--max-html-depth",
    type=int,
    default=255,
    show_default=True,
    callback=_html_depth,
    help="Deepest nesting of HTML elements; a deeper page is reported as failed (255 at most: libxml2's limit).",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Longest one article's extraction may take; a slower article is reported as failed (local engine).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes that extract (local) or LocalCluster workers (dask) [default: all cores].",
)
@click.option("--redo", is_flag=True, help="Extract articles again even when the store already has them.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only errors and the final summary.")
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where to extract."
)
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Dask scheduler to use [default: start a local cluster].")
@click.option(
    "--parts",
    type=click.Path(file_okay=False),
    help="Directory for the Dask engine's Parquet partitions, kept and reused on a re-run [default: a temporary one].",
)
@click.option(
    "--shard-mb",
    type=click.FloatRange(min=0.001),
    help="Dask: split plain JSONL and Parquet files larger than this into pieces of about this size [default: 64].",
)
def extract(
    inputs: tuple[str, ...],
    output_format: str | None,
    db: str,
    no_store: bool,
    published: date | None,
    output: str | None,
    force: bool,
    url_lists: tuple[str, ...],
    fetch_links: bool,
    fetch_delay: float,
    fetch_timeout: float,
    max_bytes: int,
    max_file_bytes: int,
    max_expansion: float,
    max_html_depth: int,
    max_seconds: float,
    workers: int | None,
    redo: bool,
    quiet: bool,
    engine: str,
    scheduler: str | None,
    parts: str | None,
    shard_mb: float | None,
) -> None:
    """Extract protest events from articles: files, directories, archives, feeds, URLs, - for stdin.

    Reads .txt, .html, .jsonl (also .gz / .zst), .warc(.gz), .parquet, .rss / .atom feeds and
    http(s) URLs. Articles the store already has are skipped, so an interrupted run goes on where it
    stopped when started again.

    \b
    Example:
        protestwatch extract examples/articles.jsonl
        protestwatch extract news/ --format jsonl > events.jsonl
        cat story.txt | protestwatch extract - --published 2021-09-21
        protestwatch extract crawl/*.warc.gz --workers 8 --db events.db -o events.jsonl
        protestwatch extract --urls links.urls https://news.example.org/feed.rss --fetch-links
        protestwatch extract dump/ --engine dask --scheduler tcp://10.0.0.5:8786 --parts /shared/parts
    """
    import os
    from collections.abc import Iterator, Sequence

    from .engine import DASK_SHARD_BYTES, DaskEngine, ProgressDisplay, ReadOptions, Tally, run_extraction, store_results
    from .export import EXPORTERS
    from .fetch import Fetcher, FetchPolicy
    from .ingest import ReadPosition, list_input_files, read_inputs
    from .models import ExtractionResult
    from .store import open_store

    if not inputs and not url_lists:
        raise click.UsageError("give at least one input (a file, a directory, a URL or -) or --urls FILE")
    if engine == "local" and (scheduler or parts or shard_mb):
        raise click.UsageError("--scheduler, --parts and --shard-mb belong to Dask: add --engine dask")
    if output and os.path.exists(output) and not force:
        raise click.ClickException(f"{output} exists; pass --force to overwrite it.")
    fetcher = Fetcher(FetchPolicy(timeout_s=fetch_timeout, host_delay_s=fetch_delay))
    position = ReadPosition()

    def read(names: Sequence[str], lists: Sequence[str] = ()) -> Iterator[Article]:
        return read_inputs(
            names, stdin=sys.stdin, published=published, max_bytes=max_bytes, max_file_bytes=max_file_bytes,
            max_expansion=max_expansion, max_html_depth=max_html_depth, url_lists=lists, fetcher=fetcher,
            fetch_links=fetch_links, position=position,
        )  # fmt: skip

    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    output_format = output_format or ("table" if stream.isatty() else "jsonl")
    store = None if no_store else open_store(db)
    tally = Tally()
    show_bar = not quiet and sys.stderr.isatty()
    # The ETA is by bytes of the input files: the number of articles in them is unknown until read.
    total_bytes = sum(p.stat().st_size for p in list_input_files(inputs) if p.is_file()) if show_bar else None
    dask_engine = (
        DaskEngine(
            scheduler=scheduler,
            workers=workers,
            parts=parts,
            shard_bytes=int(shard_mb * (1 << 20)) if shard_mb else DASK_SHARD_BYTES,
        )
        if engine == "dask"
        else None
    )
    bytes_done = (lambda: dask_engine.bytes_merged) if dask_engine is not None else position.bytes_read
    progress = ProgressDisplay(enabled=show_bar, total_bytes=total_bytes, bytes_done=bytes_done)

    not_english = 0  # extracted without error, but not in English: no events, not a failure

    def on_result(result: ExtractionResult) -> None:
        nonlocal not_english
        if result.article.error:
            progress.print(_error_line(result.article))
        elif result.article.language != "en":
            not_english += 1
        progress.update(tally)

    try:
        with progress:
            if dask_engine is not None:
                options = ReadOptions(
                    published=published, max_bytes=max_bytes, max_file_bytes=max_file_bytes,
                    max_expansion=max_expansion, max_html_depth=max_html_depth,
                )  # fmt: skip
                merged = dask_engine.run(inputs, options, read, url_lists=url_lists)
                results = store_results(merged, store=store, tally=tally, on_result=on_result)
            else:
                results = run_extraction(
                    read(inputs, url_lists), store=store, workers=workers, redo=redo, tally=tally, on_result=on_result,
                    max_seconds=max_seconds,
                )  # fmt: skip
            EXPORTERS[output_format](results, stream)
    finally:
        if store is not None:
            store.close()
        if output:
            stream.close()
    processed = tally.articles - tally.failed - not_english
    foreign = f", {not_english} not English (skipped)" if not_english else ""
    skipped = (
        f", {tally.skipped} already stored (skipped) [`protestwatch events --db {db}` lists them; --redo re-extracts]"
        if tally.skipped
        else ""
    )
    stored = "" if no_store else f"; {tally.stored} new articles stored in {db}"
    click.echo(
        f"{tally.articles + tally.skipped} articles: {processed} processed, {tally.failed} failed{foreign}{skipped}; "
        f"{tally.events} events{stored}",
        err=True,
    )
    if tally.failed:
        sys.exit(1)


# -- the store: merged events, review and backups (issue 6) ------------------------------------------------

EVENT_FORMATS = ("acled", "ccc", "csv", "geojson", "jsonl", "parquet", "table")
REVIEW_CHOICES = ("pending", "accepted", "rejected")
SORT_HELP = "date, confidence, size or sources; a leading - sorts descending, e.g. -size."


NumbersCallback = Callable[[click.Context, click.Parameter, "str | None"], "tuple[float, ...] | None"]


def _numbers(count: int, names: str) -> NumbersCallback:
    """Return a click callback that reads ``count`` comma-separated numbers (e.g. LAT,LON,KM)."""

    def parse(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[float, ...] | None:
        from .store import parse_numbers

        if value is None:
            return None
        try:
            return parse_numbers(value, count)
        except ValueError as error:
            raise click.BadParameter(f"{error}; write {names}") from None

    return parse


def _who() -> str:
    """Return who the change log names for a command-line edit: the login name."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _open_store(db: str) -> Any:
    from .errors import StoreError
    from .store import open_store

    try:
        return open_store(db)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def _store_errors() -> Generator[None, None, None]:
    """Turn the store's errors (a user's mistake or an unreachable database) into a clean exit with code 1."""
    from .errors import StoreError

    try:
        yield
    except (StoreError, ValueError) as error:
        raise click.ClickException(str(error)) from None


db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, help="The store: a SQLite file or a postgresql:// URL."
)
who_option = click.option("--who", default=_who, show_default="your login name", help="Who the change log names.")


@cli.group(invoke_without_command=True)
@click.option("--from", "date_from", callback=_parse_date, metavar="YYYY-MM-DD", help="Events on or after this day.")
@click.option("--to", "date_to", callback=_parse_date, metavar="YYYY-MM-DD", help="Events on or before this day.")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code of the country, e.g. BE.")
@click.option("--near", metavar="LAT,LON,KM", callback=_numbers(3, "LAT,LON,KM, e.g. 50.85,4.35,10"),
              help="Within KM kilometres of a point.")
@click.option("--bbox", metavar="W,S,E,N", callback=_numbers(4, "WEST,SOUTH,EAST,NORTH, e.g. 2.5,49.5,6.4,51.5"),
              help="Inside a bounding box (degrees).")
@click.option("--organizer", help="Words of an organizer's name or alias (any case; \"coun\" finds Council).")
@click.option("--form", type=click.Choice(FORMS), help="What people did.")
@click.option(
    "--status", type=click.Choice(STATUSES), multiple=True, help="Status (repeatable) [default: occurred, ongoing]."
)
@click.option("--all-statuses", is_flag=True, help="Also list planned, called and cancelled events.")
@click.option("--text", help="Words to find in the place, actors, claims or article titles.")
@click.option("--review", type=click.Choice(REVIEW_CHOICES), help="Only events in this review state.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Only events at least this confident.")
@click.option("--sort", default="date", show_default=True, help=SORT_HELP)
@click.option("--limit", type=click.IntRange(min=0), help="At most this many events [default: all].")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many events first (with --limit).")
@click.option("--format", "output_format", type=click.Choice(EVENT_FORMATS),
              help="Output format [default: table on a terminal, else jsonl].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@db_option
@click.pass_context
def events(
    ctx: click.Context,
    date_from: date | None,
    date_to: date | None,
    country: str | None,
    near: tuple[float, float, float] | None,
    bbox: tuple[float, float, float, float] | None,
    organizer: str | None,
    form: str | None,
    status: tuple[str, ...],
    all_statuses: bool,
    text: str | None,
    review: str | None,
    min_confidence: float | None,
    sort: str,
    limit: int | None,
    offset: int,
    output_format: str | None,
    output: str | None,
    force: bool,
    db: str,
) -> None:
    """List the merged events of the store, filtered, as a table or an export (ACLED/CCC CSV, GeoJSON, Parquet).

    By default only events that occurred or are ongoing; planned, called and cancelled ones stay in the store.
    The subcommands show one event, and review it: split, merge, undo, review, log.

    \b
    Example:
        protestwatch events --country BE --from 2021-09-01 --to 2021-09-30
        protestwatch events --near 50.85,4.35,25 --format geojson -o brussels.geojson
        protestwatch events --organizer ncri --format acled -o ncri.csv
        protestwatch events --all-statuses --format parquet -o events.parquet
    """
    if ctx.invoked_subcommand is not None:
        return
    import os

    from .export import BINARY_FORMATS, EVENT_EXPORTERS
    from .store import EventFilter

    if all_statuses and status:
        raise click.UsageError("--status and --all-statuses exclude each other; give one")
    if output and os.path.exists(output) and not force:
        raise click.ClickException(f"{output} exists; pass --force to overwrite it.")
    with _store_errors():
        event_filter = EventFilter.from_options(
            date_from=date_from, date_to=date_to, country=country, near=near, bbox=bbox, organizer=organizer,
            form=form, status=None if all_statuses else (status or REPORTED_STATUSES), text=text, review=review,
            min_confidence=min_confidence,
        )  # fmt: skip
    if output_format is None:
        output_format = "table" if output is None and sys.stdout.isatty() else "jsonl"
    if output_format in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise click.UsageError(f"--format {output_format} writes binary data; give -o FILE or redirect the output")
    store = _open_store(db)
    try:
        with _store_errors():
            if limit is None:
                selected = store.iter_events(event_filter, sort=sort)
            else:
                selected = iter(store.query_events(event_filter, limit=limit, offset=offset, sort=sort))
            if output_format in BINARY_FORMATS:
                with open(output, "wb") if output else nullcontext(sys.stdout.buffer) as binary:  # noqa: SIM115
                    written = EVENT_EXPORTERS[output_format](selected, binary)
            else:
                with open(output, "w", encoding="utf-8", newline="") if output else nullcontext(sys.stdout) as stream:  # noqa: SIM115
                    written = EVENT_EXPORTERS[output_format](selected, stream)
    finally:
        store.close()
    click.echo(f"{written} events" + (f" written to {output}" if output else ""), err=True)


@events.command("show")
@click.argument("event_id")
@db_option
def events_show(event_id: str, db: str) -> None:
    """Print one event as JSON: its fields, every report with its evidence, sources, links and suggestions.

    \b
    Example:
        protestwatch events show E3f1c0a9b2d4e5f60
    """
    import json

    store = _open_store(db)
    try:
        event = store.event(event_id)
    finally:
        store.close()
    if event is None:
        raise click.ClickException(f"No event {event_id!r} in {db}; `protestwatch events` lists the event ids.")
    click.echo(json.dumps(event, ensure_ascii=False, indent=2))


@events.command("split")
@click.argument("event_id")
@click.argument("mention_ids", nargs=-1, required=True)
@click.option("--reason", help="Why these reports are another event (for the change log).")
@who_option
@db_option
def events_split(event_id: str, mention_ids: tuple[str, ...], reason: str | None, who: str, db: str) -> None:
    """Move reports (mention ids, ARTICLE#n) of an event to a new event: undo a wrong merge.

    \b
    Example:
        protestwatch events split E3f1c0a9b2d4e5f60 'lesoir-0412#2' --reason "another rally, same day"
    """
    store = _open_store(db)
    try:
        with _store_errors():
            new_id = store.split_event(event_id, mention_ids, who=who, reason=reason)
    finally:
        store.close()
    click.echo(new_id)
    click.echo(f"Moved {', '.join(mention_ids)} from {event_id} to the new event {new_id}.", err=True)


@events.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@click.option("--reason", default="merged by hand", show_default=True, help="Why they are one event.")
@who_option
@db_option
def events_merge(event_ids: tuple[str, ...], reason: str, who: str, db: str) -> None:
    """Merge events that report one protest into the first one given.

    \b
    Example:
        protestwatch events merge E3f1c0a9b2d4e5f60 E9d8c7b6a5f4e3d21 --reason "same march, other count"
    """
    store = _open_store(db)
    try:
        with _store_errors():
            kept = store.merge_events(event_ids, who=who, reason=reason)
    finally:
        store.close()
    click.echo(kept)
    click.echo(f"Merged {len(set(event_ids))} events into {kept}.", err=True)


@events.command("undo")
@click.argument("event_id", required=False)
@who_option
@db_option
def events_undo(event_id: str | None, who: str, db: str) -> None:
    """Undo the latest merge (of one event, if given) by splitting its reports off again.

    \b
    Example:
        protestwatch events undo
        protestwatch events undo E3f1c0a9b2d4e5f60
    """
    store = _open_store(db)
    try:
        with _store_errors():
            new_ids = store.undo_last_merge(who=who, event_id=event_id)
    finally:
        store.close()
    for new_id in new_ids:
        click.echo(new_id)
    click.echo(f"Split off {len(new_ids)} event(s): {', '.join(new_ids)}.", err=True)


@events.command("review")
@click.argument("event_id")
@click.argument("state", type=click.Choice(REVIEW_CHOICES))
@click.option("--reason", help="A note for the change log.")
@who_option
@db_option
def events_review(event_id: str, state: str, reason: str | None, who: str, db: str) -> None:
    """Accept or reject an event (or put it back as pending).

    \b
    Example:
        protestwatch events review E3f1c0a9b2d4e5f60 accepted
    """
    store = _open_store(db)
    try:
        with _store_errors():
            store.review_event(event_id, state, who=who, reason=reason)
    finally:
        store.close()
    click.echo(f"{event_id}: {state}.", err=True)


@events.command("log")
@click.argument("event_id", required=False)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="The latest N changes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per change, with before and after.")
@db_option
def events_log(event_id: str | None, limit: int, as_json: bool, db: str) -> None:
    """Print the change log (merges, splits, corrections, reviews), oldest first, of all events or one.

    \b
    Example:
        protestwatch events log
        protestwatch events log E3f1c0a9b2d4e5f60 --json
    """
    import json

    store = _open_store(db)
    try:
        changes = store.changes(event_id, limit=limit)
    finally:
        store.close()
    for change in changes:
        if as_json:
            click.echo(json.dumps(change, ensure_ascii=False))
        else:
            fields = [f"#{change['id']}", change["at"], change["who"], change["action"], " ".join(change["event_ids"])]
            click.echo("\t".join([*fields, change["reason"] or ""]))


@cli.group()
def db() -> None:
    """Look after the store: its schema version and counts, backups and restores."""


@db.command("info")
@db_option
def db_info(db: str) -> None:
    """Print the backend, schema version and how many articles, reports and events the store holds.

    \b
    Example:
        protestwatch db info --db postgresql://localhost/events
    """
    from .store.schema import schema_version

    store = _open_store(db)
    try:
        click.echo(f"backend\t{store.backend}")
        click.echo(f"schema_version\t{schema_version(store._db)}")
        for name, value in store.counts().items():
            click.echo(f"{name}\t{value}")
    finally:
        store.close()


@db.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
def db_backup(path: str, db: str) -> None:
    """Copy the whole store to PATH: a .jsonl or .jsonl.gz dump, or a SQLite file; either restores anywhere.

    \b
    Example:
        protestwatch db backup backups/2021-09-21.db
        protestwatch db backup team.jsonl.gz --db postgresql://localhost/events
    """
    store = _open_store(db)
    try:
        with _store_errors():
            store.backup(path)
    finally:
        store.close()
    click.echo(f"Backed up {db} to {path}.", err=True)


@db.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
def db_restore(path: str, db: str) -> None:
    """Fill an empty store (--db, SQLite or PostgreSQL) from a backup made by `protestwatch db backup`.

    \b
    Example:
        protestwatch db restore backups/2021-09-21.db --db restored.db
        protestwatch db restore team.jsonl.gz --db postgresql://localhost/events
    """
    store = _open_store(db)
    try:
        with _store_errors():
            rows = store.restore(path)
    finally:
        store.close()
    click.echo(f"Restored {path} into {db}" + (f" ({rows} rows)." if rows else "."), err=True)


# -- the web app and its users (issue 7) -------------------------------------------------------------------


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The store: a SQLite file or a postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: all of them).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--private", is_flag=True, help="Reading needs a logged-in user too (default: anyone may read).")
@click.option(
    "--tiles",
    metavar="URL",
    help="Tile server template, e.g. https://tile.example.org/{z}/{x}/{y}.png [default: offline world outline].",
)
@click.option("--tiles-attribution", default="", help="The attribution text the tile server asks for.")
@click.option("--secure-cookies", is_flag=True, help="Mark the session cookie Secure (serve over HTTPS).")
@click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Let coders' URL ingest fetch private and loopback addresses too (default: public addresses only).",
)
def serve(
    db: str,
    host: str,
    port: int,
    private: bool,
    tiles: str | None,
    tiles_attribution: str,
    secure_cookies: bool,
    allow_private_urls: bool,
) -> None:
    """Serve the map of events, the review queue and the REST API (under /api/, schema at /api/docs).

    \b
    Example:
        protestwatch users add alice --role admin
        protestwatch serve --db protestwatch.db --port 8000
        protestwatch serve --db postgresql://localhost/events --private
    """
    import uvicorn

    from .errors import StoreError
    from .store import open_store
    from .web.app import WebConfig, create_app

    try:
        # Opened once here so that a wrong --db fails now, with the store's message, not on the first request.
        open_store(db).close()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if tiles and not tiles.startswith(("https://", "http://")):
        raise click.ClickException(f"--tiles {tiles!r} is not an http(s) URL template; write e.g. https://.../{{z}}/{{x}}/{{y}}.png")
    config = WebConfig(
        db=db, private=private, tiles=tiles, tiles_attribution=tiles_attribution, secure_cookies=secure_cookies,
        allow_private_urls=allow_private_urls,
    )  # fmt: skip
    reading = "private" if private else "public"
    click.echo(f"ProtestWatch on http://{host}:{port}/ over {db} ({reading} reading)", err=True)
    # Keep-alive beyond uvicorn's 5 s: a client reusing a connection the server is just closing gets a reset.
    uvicorn.run(create_app(config), host=host, port=port, log_level="info", timeout_keep_alive=30)


@cli.group()
def users() -> None:
    """Manage who may log in to the web app: viewers read, coders review and ingest, admins manage users.

    \b
    Example:
        protestwatch users add alice --role admin
        protestwatch users list
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "coder", "admin"]), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The store: a SQLite file or a postgresql:// URL.")
def users_add(name: str, role: str, password_stdin: bool, db: str) -> None:
    """Add a user with a role; the password is prompted for twice, or read with --password-stdin.

    \b
    Example:
        protestwatch users add alice --role admin
        printf '%s\\n' "$PASSWORD" | protestwatch users add robot --role coder --password-stdin
    """
    from .auth import check_user_name, hash_password
    from .errors import StoreError
    from .store import open_store

    try:
        check_user_name(name)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        password_hash = hash_password(password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    try:
        store = open_store(db)
        try:
            if store.get_user(name):
                raise click.ClickException(f"User {name!r} exists already in {db}; choose another name.")
            store.add_user(name, password_hash, role)
        finally:
            store.close()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Added {role} {name!r} to {db}.", err=True)


@users.command("list")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The store: a SQLite file or a postgresql:// URL.")
def users_list(db: str) -> None:
    """List the users and their roles, one per line (name, tab, role).

    \b
    Example:
        protestwatch users list --db protestwatch.db
    """
    from .errors import StoreError
    from .store import open_store

    try:
        store = open_store(db)
        try:
            for user in store.list_users():
                click.echo(f"{user['name']}\t{user['role']}")
        finally:
            store.close()
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("jsonl", "table")),
    help="Output format [default: table on a terminal, else jsonl].",
)
@click.option("--ner", is_flag=True, help="Also use spaCy's entity labels to drop names of people and organisations.")
def places(inputs: tuple[str, ...], output_format: str | None, ner: bool) -> None:
    """Print every place each article names, resolved to coordinates (.txt, .html, .jsonl, directories, -).

    \b
    Example:
        protestwatch places story.txt
        echo "Thousands marched in Pune (Maharashtra)." | protestwatch places - --format jsonl
    """
    import json

    from .geo import Gazetteer
    from .ingest import read_inputs

    output_format = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    gazetteer = Gazetteer.load()
    nlp = None
    if ner:
        from .nlp import load_nlp

        nlp = load_nlp()
    counts = {"articles": 0, "failed": 0, "places": 0}
    for article in read_inputs(inputs, stdin=sys.stdin):
        counts["articles"] += 1
        found = [] if article.error else _geoparse(gazetteer, nlp, article.text)
        if article.error:
            counts["failed"] += 1
            click.echo(_error_line(article), err=True)
        counts["places"] += len(found)
        records = [_place_record(place) for place in found]
        if output_format == "jsonl":
            click.echo(json.dumps({"article": article.to_dict(), "places": records}, ensure_ascii=False))
            continue
        for record in records:
            where = ", ".join(str(record[key]) for key in ("name", "admin1", "country") if record[key])
            click.echo(
                f"{article.id}\t{record['start']}-{record['end']}\t{record['text']}\t{where}\t"
                f"{record['lat']}, {record['lon']}\t{record['precision']}"
            )
    processed = counts["articles"] - counts["failed"]
    click.echo(
        f"{counts['articles']} articles: {processed} processed, {counts['failed']} failed; {counts['places']} places",
        err=True,
    )
    if counts["failed"]:
        sys.exit(1)


def _geoparse(gazetteer: Gazetteer, nlp: Language | None, text: str) -> list[Place]:
    """Return the places of one text, with spaCy's entities when a pipeline is given."""
    if nlp is None:
        return gazetteer.places(text)
    from .nlp import find_entities
    from .text import split_sentences

    return gazetteer.places(text, find_entities(nlp, split_sentences(text)))


def _place_record(place: Place) -> dict[str, Any]:
    """Return a place as the places command prints it: where it is written, then where it is."""
    record = place.to_dict()
    start, end = (place.span.start, place.span.end) if place.span else (None, None)
    return {"text": record.pop("text"), "start": start, "end": end, **record}


@cli.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--lowercase", is_flag=True, help="Run on lower-cased copies of the texts (the gold stays as it is).")
@click.option(
    "--misses",
    "misses_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write every miss (passage id, field, gold, predicted, excerpt) as JSONL to this file.",
)
@click.option("--force", is_flag=True, help="Overwrite --misses if it exists.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="Print the scores as a table or as one JSON object.",
)
def evaluate(gold: tuple[str, ...], lowercase: bool, misses_path: str | None, force: bool, output_format: str) -> None:
    """Score the extractor against gold passages: our JSONL format or an ACLED-style CSV.

    Prints detection precision/recall/F1, per-field accuracy of matched events (place within 25 km, country,
    date, size within a factor of 3, organizer, target, form, status), CASE-style argument scores, the
    coverage figures and a reliability table of confidence. The gold format is in CONTRIBUTING.md.

    \b
    Example:
        protestwatch evaluate tests/data/devset/dev.jsonl --misses misses.jsonl
        protestwatch evaluate acled_sample.csv --format json
    """
    import json
    import os

    from .errors import InputError
    from .evaluate import evaluate as score
    from .evaluate import iter_gold, write_misses
    from .pipeline import Extractor

    if misses_path and os.path.exists(misses_path) and not force:
        raise click.ClickException(f"{misses_path} exists; pass --force to overwrite it.")
    try:
        passages = list(iter_gold(gold))
    except InputError as error:
        raise click.ClickException(str(error)) from None
    report = score(passages, Extractor().extract, lowercase=lowercase)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(report.format_table())
    if misses_path:
        count = write_misses(report.misses, misses_path)
        click.echo(f"{count} misses written to {misses_path}", err=True)
