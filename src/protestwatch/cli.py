"""The command line: a thin click shell over the library."""

from __future__ import annotations

import sys
from datetime import date

import click

DEFAULT_DB = "protestwatch.db"
FORMATS = ("csv", "geojson", "jsonl", "table")


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2021-09-21") from None


@click.group()
@click.version_option(package_name="protestwatch")
def cli() -> None:
    """Turn news articles into a protest-event dataset."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format [default: table on a terminal, else jsonl].",
)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite file that records articles and events.")
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
def extract(
    inputs: tuple[str, ...],
    output_format: str | None,
    db: str,
    no_store: bool,
    published: date | None,
    output: str | None,
    force: bool,
) -> None:
    """Extract protest events from articles (.txt, .html, .jsonl, directories, - for stdin).

    \b
    Example:
        protestwatch extract examples/articles.jsonl
        protestwatch extract news/ --format jsonl > events.jsonl
        cat story.txt | protestwatch extract - --published 2021-09-21
    """
    import os

    from .export import EXPORTERS
    from .ingest import read_inputs
    from .pipeline import Extractor
    from .store import Store

    if output and os.path.exists(output) and not force:
        raise click.ClickException(f"{output} exists; pass --force to overwrite it.")
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    output_format = output_format or ("table" if stream.isatty() else "jsonl")
    extractor = Extractor()
    summary = {"articles": 0, "failed": 0, "events": 0, "stored": 0}
    store = None if no_store else Store(db)

    def results():  # type: ignore[no-untyped-def]
        for article in read_inputs(inputs, stdin=sys.stdin, published=published):
            result = extractor.extract(article)
            summary["articles"] += 1
            summary["events"] += len(result.events)
            if result.article.error:
                summary["failed"] += 1
                click.echo(f"error: {result.article.origin or result.article.id}: {result.article.error}", err=True)
            if store is not None and store.add(result, replace=True):
                summary["stored"] += 1
            yield result

    try:
        EXPORTERS[output_format](results(), stream)
    finally:
        if store is not None:
            store.close()
        if output:
            stream.close()
    processed = summary["articles"] - summary["failed"]
    stored = "" if no_store else f"; {summary['stored']} new articles stored in {db}"
    click.echo(
        f"{summary['articles']} articles: {processed} processed, {summary['failed']} failed; "
        f"{summary['events']} events{stored}",
        err=True,
    )
    if summary["failed"]:
        sys.exit(1)
