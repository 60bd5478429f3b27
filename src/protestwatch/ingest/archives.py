"""Read web archives and tables record by record: WARC responses and Parquet rows -> Iterator[Article]."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..models import Article
from .documents import MAX_HTML_DEPTH, RECORD_FIELDS, build, failed, parse_date, parse_record
from .streams import DEFAULT_MAX_EXPANSION, EXPANSION_FLOOR_BYTES

HTML_CONTENT_TYPE = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)\b", re.IGNORECASE)
# Parquet rows are converted to Python objects this many at a time, inside one row group.
PARQUET_BATCH_ROWS = 256


def read_warc(
    handle: BinaryIO,
    stem: str,
    origin: str,
    published: date | None,
    max_bytes: int,
    *,
    max_html_depth: int = MAX_HTML_DEPTH,
) -> Iterator[Article]:
    """Yield one Article per HTML response of a WARC stream, record by record.

    Requests, metadata, redirects, errors and non-HTML responses are skipped: they are not articles.
    The target URI becomes ``url`` and the WARC-Date the fallback publication date (the page's own
    metadata and a date in the URL win). Ids are ``stem:n``, n counting every record of the file.
    A payload over ``max_bytes`` (after content decoding) becomes an Article with ``error``.
    """
    from trafilatura.utils import decode_file

    for number, record in enumerate(_warc_records(handle, origin), start=1):
        if record.rec_type is None:  # how warcio reads a header cut short: no WARC-Type, no length
            where = f"{origin}:{number}"
            yield failed(f"{stem}:{number}", where, f"{where}: WARC record header cut short or corrupt; re-download it")
            continue
        if record.rec_type != "response" or record.http_headers is None:
            continue
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not status.startswith("2") or not HTML_CONTENT_TYPE.match(content_type):
            continue
        where, article_id = f"{origin}:{number}", f"{stem}:{number}"
        # content_stream() undoes chunking and gzip/brotli content encoding: read no more than the cap.
        payload = record.content_stream().read(max_bytes + 1)
        if len(payload) > max_bytes:
            yield failed(article_id, where, f"{where}: page larger than max_bytes={max_bytes}; raise the limit")
            continue
        missing = getattr(record.raw_stream, "limit", 0)  # bytes the record header promised and the file lacks
        if missing > 0:
            yield failed(article_id, where, f"{where}: record cut short ({missing} bytes missing); re-download it")
            continue
        crawled = record.rec_headers.get_header("WARC-Date")
        given = {"url": record.rec_headers.get_header("WARC-Target-URI"), "fallback_date": parse_date(crawled)}
        yield build(article_id, where, decode_file(payload), "html", published, given, max_html_depth=max_html_depth)


def _warc_records(handle: BinaryIO, origin: str) -> Iterator[Any]:
    """Yield the records of a WARC stream; warcio's own errors on a record header cut short become InputError."""
    from warcio.archiveiterator import ArchiveIterator

    records = iter(ArchiveIterator(handle))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (AttributeError, IndexError, TypeError, ValueError) as exc:  # warcio assumes whole headers
            raise InputError(f"{origin}: WARC record header cut short or corrupt ({exc}); re-download it") from None
        yield record


def read_parquet(
    path: Path,
    stem: str,
    origin: str,
    published: date | None,
    max_bytes: int,
    max_file_bytes: int,
    *,
    max_expansion: float = DEFAULT_MAX_EXPANSION,
    expansion_floor: int = EXPANSION_FLOOR_BYTES,
    max_html_depth: int = MAX_HTML_DEPTH,
    piece: tuple[int, int, int] | None = None,
) -> Iterator[Article]:
    """Yield one Article per row of a Parquet file, one row group in memory at a time.

    Columns read: id, text or html, url, title, published (a string, date or timestamp), source;
    others are ignored. Ids default to ``stem:row``. A file whose row groups hold more than
    ``max_file_bytes`` uncompressed, or more than ``expansion_floor`` bytes and over ``max_expansion``
    times the file's size, is refused before anything is read (by the sizes its metadata states).
    ``piece`` is ``(first_group, end_group, first_row)``: only those row groups (see row_group_pieces);
    a refused file is then reported by the piece that starts at group 0 only.
    """
    import pyarrow.parquet as parquet

    file = parquet.ParquetFile(path)
    metadata = file.metadata
    first_group, end_group, first_row = piece or (0, metadata.num_row_groups, 1)
    names = set(file.schema_arrow.names)
    uncompressed = sum(metadata.row_group(group).total_byte_size for group in range(metadata.num_row_groups))
    stored = path.stat().st_size
    error = None
    if not names & {"text", "html"}:
        error = f"{origin}: no 'text' or 'html' column (has {sorted(names)}); add one"
    elif uncompressed > max_file_bytes:
        error = f"{origin}: holds {uncompressed} bytes uncompressed, more than max_file_bytes={max_file_bytes}"
        error += "; split it or raise --max-file-bytes"
    elif uncompressed > expansion_floor and uncompressed > max_expansion * stored:
        error = f"{origin}: holds {uncompressed} bytes uncompressed in {stored}, over max_expansion={max_expansion:g}"
        error += " times (news compresses 3-10 times); check it or raise --max-expansion"
    if error is not None:
        if first_group == 0:
            yield failed(stem, origin, error)
        return
    columns = [name for name in RECORD_FIELDS if name in names]
    row = first_row - 1
    for group in range(first_group, end_group):
        for batch in file.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group], columns=columns):
            for record in batch.to_pylist():
                row += 1
                where, fallback_id = f"{origin}:{row}", f"{stem}:{row}"
                yield parse_record(
                    _with_iso_date(record), where, fallback_id, published, max_bytes, max_html_depth=max_html_depth
                )


def row_group_pieces(path: Path, piece_bytes: int) -> Iterator[tuple[int, int, int]]:
    """Yield ``(first_group, end_group, first_row)`` for runs of whole row groups of about ``piece_bytes``
    stored bytes that cover a Parquet file (from its metadata alone: nothing else is read)."""
    import pyarrow.parquet as parquet

    metadata = parquet.ParquetFile(path).metadata
    first_group, first_row, size, rows = 0, 1, 0, 0
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        size += sum(row_group.column(column).total_compressed_size for column in range(row_group.num_columns))
        rows += row_group.num_rows
        if size >= piece_bytes or group == metadata.num_row_groups - 1:
            yield first_group, group + 1, first_row
            first_group, first_row, size, rows = group + 1, first_row + rows, 0, 0


def _with_iso_date(record: dict[str, Any]) -> dict[str, Any]:
    value = record.get("published")
    if isinstance(value, (date, datetime)):
        record["published"] = value.isoformat()
    return record
